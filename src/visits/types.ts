import type { ChannelName } from '../message.ts';
import type { Scope } from '../staff/scope.ts';

/** Morning or afternoon: agents' capacity is counted per half-day. */
export const HALF_DAYS = ['am', 'pm'] as const;
export type HalfDay = (typeof HALF_DAYS)[number];

/** A half-day on a calendar date (YYYY-MM-DD, Asia/Shanghai). */
export interface Slot {
  date: string;
  half: HalfDay;
}

/** Why a resident may have the agent come to her (seed 003 §29: 孤寡、残疾、重症、烈属、年迈). */
export const ELIGIBILITY_REASONS = ['年迈', '残疾', '重症', '孤寡', '烈属'] as const;
export type EligibilityReason = (typeof ELIGIBILITY_REASONS)[number];

/** Where to reach the resident (or whoever booked for her) with confirmations and reminders. */
export interface ContactAddress {
  channel: ChannelName;
  /** The private chat with the booker (never a group). */
  chat: string;
  user: string;
}

/** What a completed booking form carries. */
export interface VisitRequest {
  itemId: string;
  residentName: string;
  phone: string;
  village: string;
  address: string;
  reasons: EligibilityReason[];
  age?: number;
  /** Who the booker is to the resident ("儿子"), when booking for someone else. */
  relation?: string;
  slot: Slot;
  contact: ContactAddress;
}

export type VisitStatus = 'booked' | 'cancelled' | 'done' | 'not_done';

/** 六类件 (seed 004). */
export const CASE_KINDS = ['即办件', '承诺件', '补办件', '联办件', '退回件', '代理件'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

export const RATINGS = ['满意', '基本满意', '不满意'] as const;
export type Rating = (typeof RATINGS)[number];

/** A booked home visit. */
export interface Visit {
  /** Short and readable, for residents to quote: "V" + 6 digits, e.g. V000123. */
  id: string;
  status: VisitStatus;
  itemId: string;
  itemName: string;
  residentName: string;
  phone: string;
  village: string;
  address: string;
  reasons: EligibilityReason[];
  age: number | null;
  relation: string | null;
  slot: Slot;
  agentId: string;
  contact: ContactAddress;
  createdAt: string;
  outcome: { done: boolean; caseKind: CaseKind | null; note: string; recordedAt: string } | null;
  rating: { grade: Rating; comment: string; ratedAt: string } | null;
  /** Set when rated 不满意: the town must follow up by this date (7 days). */
  followUpBy: string | null;
}

/** A free half-day with the agent who would come. */
export interface SlotOffer {
  slot: Slot;
  agentId: string;
  agentName: string;
}

/** The answer to a booking attempt: booked, or not and what else is free. */
export type BookingResult =
  | { ok: true; visit: Visit; agentName: string }
  | { ok: false; reason: 'full' | 'no_agent'; alternatives: SlotOffer[] };

/** Why a date cannot be booked. */
export type DateProblem = 'past' | 'holiday' | 'too_far' | 'today_passed';

/** The verdict on eligibility, with the reason in words a resident understands. */
export interface EligibilityVerdict {
  eligible: boolean;
  /** Chinese, one sentence: why (not). */
  why: string;
}

/**
 * The booking service the visit conversation and the staff API use. Implementations keep
 * every rule (calendar, eligibility, 就近就熟 assignment, capacity) behind it.
 */
export interface VisitService {
  /** Whether the resident qualifies for a home visit (rules in knowledge/visit-rules.yaml). */
  eligibility(reasons: EligibilityReason[], age: number | undefined): EligibilityVerdict;
  /** Whether the slot is bookable at all (not past, a working day, within 14 days); null if fine. */
  checkSlot(slot: Slot, now: Date): DateProblem | null;
  /** Whether an agent can handle the item at home (items with proxy: true and a matching department). */
  canVisitFor(itemId: string): boolean;
  /** Books atomically by the 就近就熟 order; never over capacity, never double-booked. */
  book(request: VisitRequest, now: Date): Promise<BookingResult>;
  /** The next free half-days for this village and item, from `from` on. */
  freeSlots(village: string, itemId: string, from: Date, count: number): Promise<SlotOffer[]>;
  get(id: string): Promise<Visit | undefined>;
  /** The booker's visits, newest first. */
  listForContact(contact: Pick<ContactAddress, 'channel' | 'user'>): Promise<Visit[]>;
  cancel(id: string, now: Date): Promise<Visit>;
  /** Moves the visit, keeping the same agent where that agent is free, else by the usual order. */
  reschedule(id: string, slot: Slot, now: Date): Promise<BookingResult>;
  recordOutcome(id: string, outcome: { done: boolean; caseKind: CaseKind | null; note: string }, now: Date): Promise<Visit>;
  rate(id: string, grade: Rating, comment: string, now: Date): Promise<Visit>;
  /** The agent whose linked chat this is, if any (for the agent's chat commands). */
  agentForUser(channel: ChannelName, user: string): Promise<{ id: string; name: string } | undefined>;
  /** Adds the resident's comment to a rating already given. */
  comment(id: string, comment: string, now: Date): Promise<Visit>;
}

/** A village agent as the database holds it: seeded from knowledge/agents.yaml, then kept by staff. */
export interface AgentRecord {
  id: string;
  name: string;
  village: string;
  /** The A/B partner who takes over when this agent is away or full. */
  partner: string | null;
  /** Department keywords ("民政", "人社") whose items the agent handles. */
  departments: string[];
  halfDayCapacity: number;
  /** Order among the agents of one village (the roster's order): the first is asked first. */
  position: number;
  active: boolean;
  /** The agent's own chat with the bot, where bookings and reminders reach the agent. */
  link: ContactAddress | null;
}

/** What staff can narrow the visit list by; dates are YYYY-MM-DD of the visit. */
export interface VisitFilter {
  status?: VisitStatus;
  village?: string;
  agentId?: string;
  from?: string;
  to?: string;
  /** Only visits rated 不满意 that the town must follow up. */
  followUp?: boolean;
  limit?: number;
  /** One visit by its number (a staff page, an API call by id): found only within the scope. */
  id?: string;
  /** The caller's role scope (src/staff/scope.ts): the one filter every staff read goes through. */
  scope?: Scope;
}

/** One agent's bookings over a period, for the staff's agents page. */
export interface AgentLoad {
  agentId: string;
  name: string;
  village: string;
  halfDayCapacity: number;
  active: boolean;
  linked: boolean;
  /** Visits still to come (status booked) in the period. */
  booked: number;
  /** Visits done in the period. */
  done: number;
}

/** The answer to a staff reassignment. */
export type ReassignResult =
  | { ok: true; visit: Visit; agentName: string }
  | { ok: false; reason: 'not_booked' | 'unknown_agent' | 'on_leave' | 'full' };

/** Quality grade of a handled case (seed 002 §10). */
export type QualityGrade = '优' | '良' | '合格';

/** One agent's handled cases in a month: the basis of the per-case pay (seed 002 §10). */
export interface AgentMonthlyCount {
  agentId: string;
  name: string;
  village: string;
  /** YYYY-MM (by the visit's date). */
  month: string;
  /** Visits done. */
  handled: number;
  notDone: number;
  ratings: Record<Rating | '未评价', number>;
  grades: Record<QualityGrade, number>;
  /** Per-case pay by the rules in knowledge/visit-rules.yaml (seed 002: 1 元/件, at most 300 元/月). */
  payYuan: number;
}

/** What staff need beyond the resident's side: the list, the agents' load, reassignment, monthly counts. */
export interface VisitAdminService extends VisitService {
  listAll(filter?: VisitFilter): Promise<Visit[]>;
  /** Every agent with its booked and done visits between two dates (inclusive). */
  agentLoad(from: string, to: string): Promise<AgentLoad[]>;
  /** Gives the visit to another agent if that agent is not on leave and has a place that half-day. */
  reassign(id: string, agentId: string, now: Date): Promise<ReassignResult>;
  monthlyCounts(month: string): Promise<AgentMonthlyCount[]>;
}
