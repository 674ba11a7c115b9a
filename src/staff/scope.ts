import { sql } from 'kysely';

/** The staff roles of CONTRACT.md, from the village up the administrative tree. */
export const STAFF_ROLES = ['village', 'town', 'county'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/**
 * What one caller may see. `village`: one village's residents, visits, complaints and handoffs;
 * `town`: every village of the town this server serves (one town per deployment, villages.yaml);
 * `county` and ADMIN_TOKEN: everything.
 */
export type Scope = { role: 'county' } | { role: 'town' } | { role: 'village'; village: string; agentId: string | null };

/** Everything: the county and machines holding ADMIN_TOKEN. */
export const WHOLE_COUNTY: Scope = { role: 'county' };

/** The villages a scope is limited to, or null where it sees every village (and rows without one). */
export function scopeVillages(scope: Scope | undefined): string[] | null {
  return scope?.role === 'village' ? [scope.village] : null;
}

/**
 * THE role filter: every staff read of visits, tickets, handoffs and agents — pages and
 * `/api/v1/admin/*` alike — goes through it, on the row's village column. A row outside the scope
 * is simply not found (a village agent asking for another village's visit by id gets 404).
 */
export function withinScope<Q>(query: Q, scope: Scope | undefined, column = 'village'): Q {
  const villages = scopeVillages(scope);
  if (villages === null) return query;
  return (query as unknown as { where(ref: unknown, op: string, value: unknown): Q }).where(sql.ref(column), 'in', villages);
}

/** The same rule for what is already in memory (the roster, monthly counts): kept beside the query filter. */
export function villageVisible(scope: Scope | undefined, village: string | null): boolean {
  const villages = scopeVillages(scope);
  return villages === null || (village !== null && villages.includes(village));
}

/** Whether a role may do what only the town and the county do (reassign, leave, dead letters, the handoff inbox of the town). */
export function atLeastTown(scope: Scope): boolean {
  return scope.role !== 'village';
}

/** Role names as staff read them. */
export const ROLE_NAMES: Record<StaffRole, string> = { village: '村代办员', town: '镇便民服务中心', county: '县级管理员' };
