import type { KnowledgeService } from '../knowledge/knowledge-service.ts';
import type { Section } from '../knowledge/sections.ts';
import type { InboundMessage, Reply } from '../message.ts';
import type { IntentDeclaration, IntentName } from '../nlu/intent-declaration.ts';
import type { NluResult } from '../nlu/nlu.ts';
import type { UnansweredRepository } from '../store/unanswered-repository.ts';
import type { AttachmentStore } from '../hotline/attachment-store.ts';
import type { AppealClassifier } from '../hotline/classifier.ts';
import type { TicketService } from '../hotline/ticket-service.ts';
import type { Recipient } from '../notify/notification-outbox.ts';
import type { VisitService } from '../visits/types.ts';
import type { FormState } from './form.ts';
import type { Session } from './session.ts';

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
}

/**
 * A choice the bot offered earlier, coming back (a button press, or its number typed):
 * structured, so the handler need not re-guess from text.
 */
export type Directive =
  | { kind: 'item'; itemId: string; section?: Section }
  | { kind: 'section'; section: Section | 'full' }
  | { kind: 'action'; intent: IntentName; action: string; args: string[] };

/** Everything a handler needs to answer one message. */
export interface IntentContext {
  message: InboundMessage;
  /** The text to act on: the message, or the value of the button it chose. */
  text: string;
  session: Session;
  nlu: NluResult;
  directive?: Directive;
  services: EngineServices;
  /** Set by a handler that answered from a knowledge item. */
  itemId: string | null;
  /** The time of the message, for every rule that depends on it. */
  now: Date;
  /**
   * Moves a conversation begun in a group into the user's private chat: stores the form in the
   * private session and sends its first question there.
   */
  continuePrivately(form: FormState, replies: Reply[]): Promise<void>;
}

/** Answers one message of its intent. */
export type IntentHandler = (context: IntentContext) => Promise<Reply[]> | Reply[];

/** An intent: its declaration (data) and its handler (code). */
export interface IntentDefinition {
  declaration: IntentDeclaration;
  handle: IntentHandler;
}

/** The registry: a plain map from intent name to definition. */
export type IntentRegistry = Record<IntentName, IntentDefinition>;
