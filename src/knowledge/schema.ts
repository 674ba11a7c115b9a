import { EMERGENCY_KINDS } from '../nlu/emergency-kinds.ts';
import { z } from 'zod';

const text = z.string().trim().min(1);

/** Where an item can be handled. */
export const HandlingLevel = z.enum(['village', 'town', 'county', 'online']);

/** The six case kinds of seed 004. */
export const CaseKind = z.enum(['即办件', '承诺件', '补办件', '联办件', '退回件', '代理件']);

/** One material a resident brings (or does not need to, when `exempt`). */
export const MaterialSchema = z.strictObject({
  name: text,
  form: z.enum(['原件', '复印件', '原件和复印件', '电子版']),
  copies: z.number().int().min(0).max(20),
  source: text,
  exempt: z.boolean(),
  note: text.optional(),
});

/** One service item (办事指南), one YAML file in `knowledge/items/`. */
export const ItemSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case ascii'),
  name: text,
  aliases: z.array(text).default([]),
  department: text,
  handled_at: z.array(HandlingLevel).min(1),
  proxy: z.boolean(),
  summary: text,
  conditions: z.array(text).min(1),
  materials: z.array(MaterialSchema).min(1),
  steps: z.array(text).min(1),
  time_limit: z.strictObject({ legal: text, promised: text }),
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
  reviewed: z.union([z.date().transform((d) => d.toISOString().slice(0, 10)), z.iso.date()]),
  sample_contacts: z.boolean().default(false),
});

/** A validated service item. */
export type Item = z.infer<typeof ItemSchema>;
/** A validated material. */
export type Material = z.infer<typeof MaterialSchema>;

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
