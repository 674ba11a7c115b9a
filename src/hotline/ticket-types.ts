import type { ChannelName } from '../message.ts';

import type { AppealType } from './categories.ts';

export type { AppealType };

/**
 * Where a ticket is: queued (stored, not yet delivered to 12345), forwarded (delivered), then the
 * hotline's own states from its events; reopened after a 不满意 rating.
 */
export type TicketStatus = 'queued' | 'forwarded' | 'accepted' | 'dispatched' | 'replied' | 'closed' | 'rejected' | 'reopened';

/** The hotline's event states (CONTRACT.md). */
export const HOTLINE_STATUSES = ['accepted', 'dispatched', 'replied', 'closed', 'rejected'] as const;
export type HotlineStatus = (typeof HOTLINE_STATUSES)[number];

/** A photo stored with a ticket (the bytes live in DATA_DIR/attachments). */
export interface TicketAttachment {
  id: string;
  mimeType: string;
  size: number;
}

/** Whom to tell of a ticket's changes: a chat on a channel. */
export interface Reporter {
  channel: ChannelName;
  chat: string;
  user: string;
}

/** What the complaint conversation hands over once the resident confirmed. */
export interface TicketDraft {
  type: AppealType;
  category: string;
  subcategory: string;
  content: string;
  village: string;
  location: string;
  since: string | null;
  urgent: boolean;
  contact: { name: string; phone: string } | null;
  attachments: TicketAttachment[];
  reporter: Reporter;
}

/** A stored complaint or request: the draft as confirmed, and what became of it. */
export interface Ticket extends TicketDraft {
  id: string;
  status: TicketStatus;
  hotlineStatus: HotlineStatus | null;
  ticketNo: string | null;
  rating: { grade: string; comment: string } | null;
  followUpBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A ticket filed, or an earlier one the report was joined to. */
export type FileResult = { ticket: Ticket; duplicateOf: null } | { ticket: Ticket; duplicateOf: Ticket };

/** A status event from the hotline (CONTRACT.md). */
export interface HotlineEvent {
  id: string;
  ticketNo?: string;
  status: HotlineStatus;
  message?: string;
}

/** What became of an event. */
export type EventResult = { kind: 'applied'; ticket: Ticket } | { kind: 'replayed'; ticket: Ticket } | { kind: 'unknown' };
