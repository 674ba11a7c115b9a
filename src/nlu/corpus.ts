import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseYaml } from '../yaml.ts';
import { z } from 'zod';
import { EMERGENCY_KINDS, NOT_AN_EMERGENCY } from './emergency-kinds.ts';
import { INTENT_NAMES } from './intent-declaration.ts';

/** A writer of the corpus: an id, the persona given, the brief version when not the first, and whether the writer is held out of training. */
const Writer = z.object({ id: z.string().regex(/^[A-Z]\d{2}$/), heldout: z.boolean(), brief: z.string().optional(), persona: z.string() }).strict();
const Writers = z.object({ emergency: z.array(Writer), resident: z.array(Writer) }).strict();
export type CorpusWriter = z.infer<typeof Writer>;

/** One row of the emergency corpus: a message, whether an emergency is happening now, and its kind or why not. */
export const EmergencyRow = z
  .object({
    writer: z.string(),
    text: z.string().min(1),
    emergency: z.boolean(),
    kind: z.enum(EMERGENCY_KINDS).optional(),
    negative: z.enum(NOT_AN_EMERGENCY).optional(),
    intent: z.enum(INTENT_NAMES).optional(),
    item: z.string().nullable().optional(),
  })
  .strict()
  .refine((row) => (row.emergency ? row.kind !== undefined : row.negative !== undefined && row.intent !== undefined), {
    message: 'an emergency has a kind; a hard negative has a negative kind and an intent',
  });
export type EmergencyRow = z.infer<typeof EmergencyRow>;

/** What a guide question asks about (the resident corpus's `ask` label). */
export const ASKS = ['general', 'materials', 'conditions', 'steps', 'place', 'hours', 'phone', 'time', 'fees', 'amount', 'online', 'proxy', 'other'] as const;
/** What a form answer does (the resident corpus's `act` label). */
export const FORM_ACTS = ['answer', 'affirm', 'deny', 'change', 'abandon', 'dont_know', 'question'] as const;
/** The forms a form answer can be given in, and the slots they ask. */
export const FORM_CONTEXTS = ['visit', 'complaint', 'reschedule', 'rating'] as const;

/**
 * One row of the resident corpus: a message and what it means. Top-level messages carry an
 * intent (and for guide questions the item and what is asked; for reports the type and
 * categories); follow-ups carry the item answered before; form answers the form, the slot asked
 * and what the answer does. `slots` are the values a form would read, copied from the text.
 */
export const ResidentRow = z
  .object({
    writer: z.string(),
    text: z.string().min(1),
    intent: z.enum([...INTENT_NAMES, 'form']),
    item: z.string().nullable().optional(),
    ask: z.enum(ASKS).optional(),
    type: z.enum(['咨询', '求助', '投诉', '举报', '建议']).optional(),
    /** Null for a report that does not yet say what it is about ("我要投诉"). */
    category: z.string().nullable().optional(),
    subcategory: z.string().nullable().optional(),
    slots: z.record(z.string(), z.unknown()).optional(),
    context: z.union([z.object({ last_item: z.string() }).strict(), z.object({ form: z.enum(FORM_CONTEXTS), asking: z.string() }).strict()]).optional(),
    act: z.enum(FORM_ACTS).optional(),
    asked: z.string().optional(),
  })
  .strict()
  .refine((row) => (row.intent === 'form') === (row.act !== undefined && row.context !== undefined && 'form' in row.context), {
    message: 'a form answer has its form context and its act, and only a form answer has them',
  })
  .refine((row) => row.intent !== 'complaint' || (row.type !== undefined && row.category !== undefined), { message: 'a report has a type and a category (null when it does not say what about)' });
export type ResidentRow = z.infer<typeof ResidentRow>;

/** The corpus folder's writers (knowledge/nlu/writers.yaml). */
export function loadWriters(dir: string): z.infer<typeof Writers> {
  return Writers.parse(parseYaml(readFileSync(path.join(dir, 'writers.yaml'), 'utf8')));
}

/**
 * Reads every `<writer>.jsonl` of a corpus folder, checking each row against its schema; a bad row
 * stops with the file, the line and the problem. Rows carry the writer of their file.
 */
export function loadCorpus<T extends { writer: string }>(dir: string, schema: z.ZodType<T>): T[] {
  const rows: T[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    const writer = file.replace(/\.jsonl$/, '');
    readFileSync(path.join(dir, file), 'utf8')
      .split('\n')
      .forEach((line, index) => {
        if (line.trim() === '') return;
        const parsed = schema.safeParse(JSON.parse(line));
        if (!parsed.success) throw new Error(`${file}:${index + 1}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
        if (parsed.data.writer !== writer) throw new Error(`${file}:${index + 1}: writer ${parsed.data.writer} in the file of ${writer}`);
        rows.push(parsed.data);
      });
  }
  return rows;
}

/** The rows of writers held out of training, and the rest. */
export function splitByWriter<T extends { writer: string }>(rows: readonly T[], writers: readonly CorpusWriter[]): { train: T[]; heldout: T[] } {
  const heldout = new Set(writers.filter((w) => w.heldout).map((w) => w.id));
  return { train: rows.filter((r) => !heldout.has(r.writer)), heldout: rows.filter((r) => heldout.has(r.writer)) };
}
