import type { Kysely, Transaction } from 'kysely';
import type { Tables } from './database.ts';

/**
 * The next value of a named counter, from a row updated in the caller's transaction: portable
 * between SQLite and PostgreSQL, and since the counter is a row (not a PostgreSQL sequence) a
 * transaction that rolls back gives its number back, so numbers have no gaps. The row lock
 * serializes callers only for the short rest of their transaction.
 */
export async function nextCounterValue(trx: Kysely<Tables> | Transaction<Tables>, name: string): Promise<number> {
  await trx.insertInto('counters').values({ name, value: 0 }).onConflict((c) => c.column('name').doNothing()).execute();
  const row = await trx
    .updateTable('counters')
    .set((eb) => ({ value: eb('value', '+', 1) }))
    .where('name', '=', name)
    .returning('value')
    .executeTakeFirstOrThrow();
  return row.value;
}
