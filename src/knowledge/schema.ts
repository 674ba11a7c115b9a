import { EMERGENCY_KINDS } from '../nlu/emergency-kinds.ts';
import { z } from 'zod';

const text = z.string().trim().min(1);

/** Where an item can be handled. */
export const HandlingLevel = z.enum(['village', 'town', 'county', 'online']);

/** The six case kinds of seed 004. */
export const CaseKind = z.enum(['即办件', '承诺件', '补办件', '联办件', '退回件', '代理件']);

/**
 * One material a resident brings (or does not need to, when `exempt`). An exempt material must say
 * how the office gets it and when the resident must bring it after all (`note`, e.g.
 * "工作人员系统查询；查不到的需带原件"): that condition is what saves or costs a trip, so it is shown.
 */
export const MaterialSchema = z
  .strictObject({
    name: text,
    form: z.enum(['原件', '复印件', '原件和复印件', '电子版']),
    copies: z.number().int().min(0).max(20),
    source: text,
    exempt: z.boolean(),
    note: text.optional(),
    /** Needed only in this case ("仅限不能跨省通办的跨省迁移"); such a material is not one of the main ones of a short answer. */
    only_if: text.optional(),
  })
  .refine((m) => !m.exempt || m.note !== undefined, {
    path: ['note'],
    message: 'an exempt material needs a note saying how the office gets it and when the resident must bring it anyway (e.g. "工作人员系统查询；查不到的需带原件")',
  });

/**
 * A material described once in `knowledge/materials.yaml` (户口簿, 居民身份证, the payout account),
 * referred to by id so that every item describes it the same way. `detail` adds what is particular
 * to the item (whose card, what it is used for), after the common note; `only_if` as for a material.
 */
export const MaterialRefSchema = z.strictObject({
  ref: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be the kebab-case id of an entry of materials.yaml'),
  detail: text.optional(),
  only_if: text.optional(),
});

/** `materials.yaml`: the canonical description of each common material, by id. */
export const CanonicalMaterialsSchema = z.record(z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case ascii'), MaterialSchema);

/**
 * Who has to come in person: the resident herself (本人到场), or relatives may do it (可由家属代办),
 * or the village agent may (代办员可代办). `待确认` when the guide's sources do not say, so the bot
 * says "ask first" instead of guessing a rule. `note` says who exactly (近亲属, 监护人…) and on what basis.
 */
export const ATTENDANCE = ['本人到场', '可由家属代办', '代办员可代办', '待确认'] as const;
export const AttendanceSchema = z.strictObject({ who: z.enum(ATTENDANCE), note: text.optional() });

/**
 * Time limits. `promised` is the office's promise (承诺时限). `legal` is shown as 法定 and needs
 * `legal_basis`, the document (and article) it comes from. `usual` is a common duration that no
 * named rule sets, shown as 一般.
 */
export const TimeLimitSchema = z
  .strictObject({ promised: text, legal: text.optional(), legal_basis: text.optional(), usual: text.optional() })
  .refine((t) => t.legal === undefined || t.legal_basis !== undefined, {
    path: ['legal_basis'],
    message: 'a 法定 time limit needs legal_basis naming the document (and article) it comes from; without one, put it under usual (一般)',
  })
  .refine((t) => t.legal_basis === undefined || t.legal !== undefined, { path: ['legal'], message: 'legal_basis is given but legal is missing' });

/** Dates the items carried before anyone reviewed them: never to be shown as a review. */
export const PLACEHOLDER_REVIEW_DATES: readonly string[] = ['2026-11-01'];

const isoDate = z.union([z.date().transform((d) => d.toISOString().slice(0, 10)), z.iso.date()]);

/** What one finding of a content review changed in the item, by the review's finding number. */
export const CorrectionSchema = z.strictObject({ review: text, finding: z.number().int().min(1), change: text });

/** One service item (办事指南) as written in a YAML file of `knowledge/items/`. */
export const ItemFileSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case ascii'),
    name: text,
    aliases: z.array(text).default([]),
    department: text,
    handled_at: z.array(HandlingLevel).min(1),
    proxy: z.boolean(),
    attendance: AttendanceSchema,
    summary: text,
    conditions: z.array(text).min(1),
    materials: z.array(z.union([MaterialRefSchema, MaterialSchema])).min(1),
    steps: z.array(text).min(1),
    time_limit: TimeLimitSchema,
    case_kind: CaseKind,
    fees: text,
    place: text,
    hours: text,
    phones: z.strictObject({ consult: z.coerce.string().pipe(text), complaint: z.coerce.string().pipe(text) }),
    online: z.strictObject({ available: z.boolean(), url: z.url().optional(), note: text.optional() }),
    tolerance: z.strictObject({ allowed: z.boolean(), note: text.optional() }),
    faq: z.array(z.strictObject({ q: text, a: text })).default([]),
    related: z.array(text).default([]),
    bundle: z.array(text).default([]),
    source: text,
    /** draft: not yet confirmed by the county department (the bot says so); confirmed: signed off. */
    status: z.enum(['draft', 'confirmed']),
    /** The date of the last real review of the content; absent when nobody has reviewed it. */
    reviewed: isoDate.optional(),
    /** Who reviewed it: a department or a role. */
    reviewed_by: text.optional(),
    /** What a content review found and what was changed for it. */
    corrections: z.array(CorrectionSchema).default([]),
    sample_contacts: z.boolean().default(false),
  })
  .refine((i) => i.reviewed === undefined || !PLACEHOLDER_REVIEW_DATES.includes(i.reviewed), {
    path: ['reviewed'],
    message: 'is a placeholder date, not a review; remove it (the item is then a draft) or give the real date of a review',
  })
  .refine((i) => (i.reviewed === undefined) === (i.reviewed_by === undefined), {
    path: ['reviewed_by'],
    message: 'reviewed and reviewed_by go together: the date of a real review and the department or role that made it',
  })
  .refine((i) => i.status === 'draft' || i.reviewed !== undefined, {
    path: ['status'],
    message: 'a confirmed item needs reviewed and reviewed_by (the county department that confirmed it)',
  })
  .refine((i) => i.proxy === (i.attendance.who === '代办员可代办'), {
    path: ['attendance', 'who'],
    message: 'must be 代办员可代办 exactly when proxy is true (the village agent may do it), and proxy must be false otherwise',
  });

/** A validated material, as the loader hands it out: a canonical one carries its `ref`. */
export type Material = z.infer<typeof MaterialSchema> & { ref?: string; detail?: string };

/** A validated service item, its material references resolved. */
export type Item = Omit<z.infer<typeof ItemFileSchema>, 'materials'> & { materials: Material[] };

/** `synonyms.yaml`: a colloquial word → the words the guides use for it. */
export const SynonymsSchema = z.record(text, z.array(text).min(1));

/** Who in a village is told of an emergency reported there: an agent of the roster (her linked chat), or a chat given outright. */
const DutyContactSchema = z.union([
  z.strictObject({ agent: z.string().regex(/^[a-z0-9-]+$/) }),
  z.strictObject({ name: text, channel: z.enum(['web', 'console', 'wechat', 'telegram']), chat: text, user: text.optional() }),
]);

/**
 * A village's duty contacts for emergencies (the agent, the village head): off unless `alerts` is
 * true; only the kinds listed (by default fire, flood and landslide, missing people and falls or
 * sudden illness) are sent.
 */
const DutySchema = z.strictObject({
  alerts: z.boolean().default(false),
  kinds: z.array(z.enum(EMERGENCY_KINDS)).default(['fire', 'disaster', 'missing_child', 'missing_elder', 'medical', 'rescue', 'drowning']),
  contacts: z.array(DutyContactSchema).min(1),
});

/** One village of `villages.yaml`. */
export const VillageSchema = z.strictObject({
  name: text,
  aliases: z.array(text).default([]),
  tier: z.enum(['示范型', '标准型', '简易型']),
  station: text,
  served_by: text,
  open_days: z.array(z.number().int().min(1).max(7)).min(1),
  hours: text,
  phone: z.coerce.string().pipe(text),
  duty: DutySchema.optional(),
  /** 常住人口: the denominator of seed 002's station target (cases ÷ population ≥ 0.6 / 0.5 / 0.4 by tier). */
  population: z.number().int().positive().optional(),
});

/** `villages.yaml`. */
export const VillagesFileSchema = z.strictObject({
  town: text,
  county: text,
  /** The town's service centre (一窗受理): where residents go when no village agent can help. */
  centre: z.strictObject({ name: text, place: text, phone: z.coerce.string().pipe(text), hours: text }),
  sample_contacts: z.boolean().default(false),
  villages: z.array(VillageSchema).min(1),
});

/** The town's service centre. */
export type Centre = z.infer<typeof VillagesFileSchema>['centre'];

/** A village with its station. */
export type Village = z.infer<typeof VillageSchema>;

/** One agent of the demo roster `agents.yaml`. */
export const AgentSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: text,
  village: text,
  partner: z.string().optional(),
  departments: z.array(text).min(1),
  half_day_capacity: z.number().int().min(1).max(20),
});

/** `agents.yaml`. */
export const AgentsFileSchema = z.strictObject({ agents: z.array(AgentSchema) });

/** A village agent (代办员). */
export type Agent = z.infer<typeof AgentSchema>;
