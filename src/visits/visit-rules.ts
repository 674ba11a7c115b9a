import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseYaml } from '../yaml.ts';
import { z } from 'zod';
import { AppError, ErrorCodes } from '../errors.ts';
import type { EligibilityReason, EligibilityVerdict, HalfDay } from './types.ts';

const text = z.string().trim().min(1);
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time such as 18:00');
const reason = z.enum(['年迈', '残疾', '重症', '孤寡', '烈属']);
const quality = z.enum(['优', '良', '合格']);

/** `knowledge/visit-rules.yaml`: who qualifies, when visits can be booked, reminders, follow-up, pay. */
export const VisitRulesSchema = z.strictObject({
  eligibility: z.strictObject({
    min_age: z.number().int().min(50).max(100),
    without_age: z.array(reason).default([]),
  }),
  booking: z.strictObject({
    window_days: z.number().int().min(1).max(60),
    half_days: z.strictObject({
      am: z.strictObject({ label: text, ends: clock }),
      pm: z.strictObject({ label: text, ends: clock }),
    }),
    makeup_day_tiers: z.array(z.enum(['示范型', '标准型', '简易型'])).default([]),
  }),
  reminder: z.strictObject({ day_before_at: clock }),
  follow_up: z.strictObject({ days_after_unsatisfied: z.number().int().min(1).max(30) }),
  departments: z.record(text, z.array(text).min(1)).default({}),
  pay: z.strictObject({
    per_case_yuan: z.strictObject({ 优: z.number().min(0), 良: z.number().min(0), 合格: z.number().min(0) }),
    monthly_cap_yuan: z.number().min(0),
    grade_of_rating: z.strictObject({ 满意: quality, 基本满意: quality, 不满意: quality }),
    unrated_grade: quality,
  }),
});

/** The validated visit rules. */
export type VisitRules = z.infer<typeof VisitRulesSchema>;

/**
 * Loads `visit-rules.yaml` from the knowledge folder. A bad edit stops the start with the file,
 * the field and the problem, like the rest of the knowledge base, so it never goes live.
 */
export async function loadVisitRules(knowledgeDir: string): Promise<VisitRules> {
  const file = path.join(knowledgeDir, 'visit-rules.yaml');
  let raw: unknown;
  try {
    raw = parseYaml(await readFile(file, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file is missing' : (error as Error).message.split('\n')[0]!;
    throw new AppError(ErrorCodes.KNOWLEDGE_INVALID, `${file}: (file): ${reason}`);
  }
  return parseVisitRules(raw, file);
}

/** Validates rules already read (tests build them in code); `source` names them in errors. */
export function parseVisitRules(raw: unknown, source = 'visit-rules.yaml'): VisitRules {
  const result = VisitRulesSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new AppError(ErrorCodes.KNOWLEDGE_INVALID, `${source}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return result.data;
}

/** Minutes after midnight of a half-day's end ("12:00" → 720): until then it can be booked. */
export function halfDayEndMinutes(rules: VisitRules, half: HalfDay): number {
  return clockMinutes(rules.booking.half_days[half].ends);
}

/** "18:00" → 1080. */
export function clockMinutes(value: string): number {
  const [hours, minutes] = value.split(':').map(Number);
  return hours! * 60 + minutes!;
}

/**
 * Whether the resident qualifies for a home visit (seed 003 §29), with the reason in a short
 * sentence she understands. A refusal always says why, so the conversation can offer the regular
 * route instead of refusing silently. An age at or above the minimum counts as 年迈 even when she
 * did not name it.
 */
export function eligibility(rules: VisitRules, reasons: readonly EligibilityReason[], age: number | undefined): EligibilityVerdict {
  const minAge = rules.eligibility.min_age;
  const withoutAge = reasons.find((r) => rules.eligibility.without_age.includes(r));
  if (withoutAge) return { eligible: true, why: `${withoutAge}${withoutAge === '烈属' ? '家庭' : ''}可以请代办员上门代办。` };
  if (age !== undefined && age >= minAge) return { eligible: true, why: `${age}岁，可以请代办员上门代办。` };
  if (age !== undefined) return { eligible: false, why: `按本镇的安排，只因年纪大而上门的，是${minAge}岁以上的老人；${age}岁还不在内。` };
  if (reasons.includes('年迈')) return { eligible: false, why: `年迈上门要${minAge}岁以上，请告诉我老人家多大年纪。` };
  return {
    eligible: false,
    why: `上门代办是给${minAge}岁以上老人和残疾、重症、孤寡、烈属家庭的。`,
  };
}

/**
 * Whether an agent trained for `keywords` (agents.yaml `departments`, e.g. "人社") handles items
 * of `department` ("磐安县人力资源和社会保障局"): the department names the keyword or one of the
 * words the rules list for it.
 */
export function departmentMatches(rules: VisitRules, keywords: readonly string[], department: string): boolean {
  return keywords.some((keyword) => [keyword, ...(rules.departments[keyword] ?? [])].some((word) => department.includes(word)));
}
