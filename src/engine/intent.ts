import type { AttachmentStore } from '../hotline/attachment-store.ts';
import type { AppealClassifier } from '../hotline/classifier.ts';
import type { TicketService } from '../hotline/ticket-service.ts';
import type { KnowledgeService } from '../knowledge/knowledge-service.ts';
import type { InboundMessage, Reply } from '../message.ts';
import type { IntentDeclaration, IntentName } from '../nlu/intent-declaration.ts';
import type { Understanding } from '../nlu/understanding.ts';
import type { DutyAlert, DutyAlerts } from '../notify/duty-alerts.ts';
import type { Recipient } from '../notify/notification-outbox.ts';
import type { HandoffDesk } from '../staff/handoffs.ts';
import type { UnansweredRepository } from '../store/unanswered-repository.ts';
import type { VisitService } from '../visits/types.ts';
import type { Directive } from './directive.ts';
import type { StoredForm } from './form.ts';
import type { Session, SessionPatch } from './session.ts';

/** What the complaint conversation needs: classification, tickets, photo storage. */
export interface HotlineServices {
  classifier: AppealClassifier;
  tickets: TicketService;
  attachments: AttachmentStore;
  /** Whether HOTLINE_URL is set: otherwise tickets wait in the local queue for staff. */
  forwarding: boolean;
  /** Tells the forwarder a ticket is waiting, so it goes out now rather than at the next tick. */
  wake(): void;
}

/** The services intent handlers may use. */
export interface EngineServices {
  knowledge: KnowledgeService;
  unanswered: UnansweredRepository;
  visits: VisitService;
  hotline: HotlineServices;
  /** Sends to a chat outside the current exchange (durably, through the notification outbox). */
  notify(to: Recipient, replies: Reply[]): Promise<void>;
  /** Tells a village's duty contacts of an emergency reported there, where the village takes such alerts. */
  dutyAlerts: DutyAlerts;
  /** Residents who asked for a person (src/staff/handoffs.ts): the handoff gate and the `human` intent read it. */
  handoffs: HandoffDesk;
}

/** Everything a handler may read to answer one message. Nothing in it is the handler's to change. */
export interface IntentContext {
  readonly message: InboundMessage;
  /** The text to act on: the message, or the value of the button it chose. */
  readonly text: string;
  /** The session as the router left it (a form it closed is gone). */
  readonly session: Readonly<Session>;
  /** What the message was understood as, once for the whole turn. */
  readonly understanding: Understanding;
  /** The choice or command this message stands for, when the router found one. */
  readonly directive?: Directive;
  readonly services: EngineServices;
  /** The time of the message, for every rule that depends on it. */
  readonly now: Date;
}

/**
 * A side effect that belongs to the conversation rather than to a service: the commit step
 * carries it out after saving the session. (Bookings and tickets are service calls: the handler
 * makes them and returns what came of them.)
 */
export type TurnEvent =
  /** A conversation begun in a group goes on in the user's private chat: its form is kept there and its first question sent. */
  | { kind: 'continue_privately'; form: StoredForm; replies: Reply[] }
  /** An emergency reported from a village whose duty contacts take alerts of its kind. */
  | DutyAlert
  /** The resident asked for a person: the conversation goes into the staff's handoff inbox. */
  | { kind: 'open_handoff'; conversation: Recipient; village: string | null; text: string };

/** What a handler answers with: the replies, the change to the session, the events. */
export interface HandlerResult {
  replies: Reply[];
  patch?: SessionPatch;
  events?: TurnEvent[];
  /** The knowledge item the replies answer from (CONTRACT.md `itemId`). */
  itemId?: string;
}

/** Answers one message of its intent. */
export type IntentHandler = (context: IntentContext) => Promise<HandlerResult> | HandlerResult;

/** An intent: its declaration (data) and its handler (code). */
export interface IntentDefinition {
  declaration: IntentDeclaration;
  handle: IntentHandler;
  /**
   * The question its open form stands at, to ask again after a question answered on the side
   * ("低保要带什么" while booking): the form resumes where it was.
   */
  resume?: (context: IntentContext, form: StoredForm) => Reply[];
}

/** The registry: a plain map from intent name to definition. */
export type IntentRegistry = Record<IntentName, IntentDefinition>;

/** Shorthand for a result of replies alone. */
export function say(...replies: Reply[]): HandlerResult {
  return { replies };
}
