import { describe, expect, it } from 'vitest';
import { TicketService } from '../../src/hotline/ticket-service.ts';
import type { TicketDraft } from '../../src/hotline/ticket-types.ts';
import { useTempDatabase } from '../helpers/temp-database.ts';

const database = useTempDatabase();

const draft = (user: string): TicketDraft => ({
  type: '投诉',
  category: '城乡建设',
  subcategory: '村镇建设',
  content: '方塘村3组的路灯坏了一个多月了',
  village: '方塘村',
  location: '3组',
  since: '一个多月',
  urgent: false,
  contact: null,
  attachments: [],
  reporter: { channel: 'web', chat: user, user },
});

describe('a report filed twice', () => {
  it('is one ticket, not a co-reporter of herself, when she sends the same report again (确认 retried after a crash)', async () => {
    const tickets = new TicketService(database());
    const now = new Date('2026-11-25T02:00:00Z');
    const first = await tickets.file(draft('r-resend'), now);
    const again = await tickets.file(draft('r-resend'), new Date(now.getTime() + 60_000));
    expect(again.ticket.id).toBe(first.ticket.id);
    expect(again.duplicateOf).toBeNull();
    const reporters = await database().selectFrom('ticket_reporters').selectAll().where('ticket_id', '=', first.ticket.id).execute();
    expect(reporters).toHaveLength(1);
    // A neighbour telling the same thing is joined to it.
    const neighbour = await tickets.file(draft('r-neighbour'), new Date(now.getTime() + 120_000));
    expect(neighbour.duplicateOf?.id).toBe(first.ticket.id);
  });
});
