import type { KnowledgeBase } from '../knowledge/loader.ts';
import type { Database } from '../store/database.ts';
import { CASE_KINDS } from '../visits/types.ts';
import { villageVisible, withinScope, type Scope } from './scope.ts';

/** Seed 002 §9: cases handled ÷ resident population a year, by station tier. */
export const TIER_TARGETS: Record<string, number> = { 示范型: 0.6, 标准型: 0.5, 简易型: 0.4 };

/** One village's figures. */
export interface VillageFigures {
  village: string;
  tier: string;
  population: number | null;
  month: number;
  year: number;
  ratio: number | null;
  target: number;
  met: boolean | null;
}

/** The 统计 page's figures for a month (YYYY-MM): per village, satisfaction, visits by item and kind. */
export interface Statistics {
  month: string;
  villages: VillageFigures[];
  satisfaction: { visits: Rate; tickets: Rate };
  byItem: { item: string; count: number }[];
  byKind: { kind: string; count: number }[];
}

/** Rated 满意 or 基本满意 out of all rated. */
export interface Rate {
  rated: number;
  satisfied: number;
  percent: number | null;
}

function rate(grades: (string | null)[]): Rate {
  const rated = grades.filter((g) => g !== null);
  const satisfied = rated.filter((g) => g === '满意' || g === '基本满意').length;
  return { rated: rated.length, satisfied, percent: rated.length ? Math.round((satisfied / rated.length) * 1000) / 10 : null };
}

/**
 * The figures the 统计 page shows, within the caller's scope: visits done this month and this
 * year per village (the cases this system records), the year's ratio to the resident population
 * against the tier target, satisfaction of visits and tickets, and visits by item and case kind.
 */
export async function statistics(db: Database, base: KnowledgeBase, scope: Scope, month: string): Promise<Statistics> {
  const year = month.slice(0, 4);
  const [visits, tickets] = await Promise.all([
    withinScope(db.selectFrom('visits').select(['village', 'date', 'status', 'item_name', 'outcome_case_kind', 'rating_grade']), scope).where('date', '>=', `${year}-01-01`).where('date', '<=', `${year}-12-31`).execute(),
    withinScope(db.selectFrom('tickets').select(['village', 'created_at', 'rating_grade']), scope).where('created_at', '>=', `${year}-01-01`).execute(),
  ]);
  const done = visits.filter((v) => v.status === 'done');
  const ofMonth = done.filter((v) => v.date.startsWith(month));
  const villages = base.villages
    .filter((v) => villageVisible(scope, v.name))
    .map((v): VillageFigures => {
      const yearCount = done.filter((d) => d.village === v.name).length;
      const population = v.population ?? null;
      const ratio = population ? Math.round((yearCount / population) * 10_000) / 10_000 : null;
      const target = TIER_TARGETS[v.tier] ?? 0.5;
      return { village: v.name, tier: v.tier, population, month: ofMonth.filter((d) => d.village === v.name).length, year: yearCount, ratio, target, met: ratio === null ? null : ratio >= target };
    });
  const count = <K extends string>(values: (K | null)[]) => {
    const counts = new Map<string, number>();
    for (const value of values) if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
    return counts;
  };
  const items = count(ofMonth.map((v) => v.item_name));
  const kinds = count(ofMonth.map((v) => v.outcome_case_kind));
  return {
    month,
    villages,
    satisfaction: {
      visits: rate(ofMonth.map((v) => v.rating_grade)),
      tickets: rate(tickets.filter((t) => t.created_at.startsWith(month)).map((t) => t.rating_grade)),
    },
    byItem: [...items].map(([item, n]) => ({ item, count: n })).sort((a, b) => b.count - a.count),
    byKind: CASE_KINDS.map((kind) => ({ kind, count: kinds.get(kind) ?? 0 })),
  };
}
