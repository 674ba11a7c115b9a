import { FormRunner, type FormState, type Slots } from '../../src/engine/form.ts';
import type { IntentContext, IntentHandler } from '../../src/engine/intent.ts';
import type { TicketAttachment } from '../../src/hotline/ticket-types.ts';
import type { Reply } from '../../src/message.ts';
import { isAddendum } from '../../src/nlu/addendum.ts';
import { maskPersonalNumbers } from '../../src/nlu/entities.ts';
import { COMPLAINT_PROMPTS as P } from './declaration.ts';
import { COMPLAINT_SLOTS, isUrgent, type ComplaintFormContext } from './slots.ts';

const form = new FormRunner<ComplaintFormContext>(COMPLAINT_SLOTS, P.summaryTitle);

function formContext(context: IntentContext): ComplaintFormContext {
  return { knowledge: context.services.knowledge.current };
}

/** Keeps the message's photos; returns what to tell the resident about them. */
async function takePhotos(context: IntentContext, slots: Slots): Promise<string[]> {
  const notes: string[] = [];
  const kept = (slots.photos as string[] | undefined) ?? [];
  let added = 0;
  for (const attachment of context.message.attachments) {
    const saved = await context.services.hotline.attachments.save(attachment);
    if (saved === 'too_large') notes.push(P.photoTooLarge);
    else if (saved === 'not_an_image' || saved === 'no_data') notes.push(P.photoNotImage);
    else {
      kept.push(JSON.stringify(saved));
      added++;
    }
  }
  if (kept.length) slots.photos = kept;
  if (added) notes.unshift(P.photoSaved(kept.length));
  return [...new Set(notes)];
}

function photosOf(slots: Slots): TicketAttachment[] {
  return ((slots.photos as string[] | undefined) ?? []).map((p) => JSON.parse(p) as TicketAttachment);
}

/** Adds notes about photos in front of the form's next message. */
function withNotes(notes: string[], replies: Reply[]): Reply[] {
  return notes.length ? [{ text: notes.join('\n'), private: true }, ...replies] : replies;
}

async function file(context: IntentContext, state: FormState): Promise<Reply[]> {
  const { hotline } = context.services;
  const s = state.slots;
  // Contact details go in their own fields (or nowhere, when anonymous), not in the report text.
  const content = maskPersonalNumbers(String(s.content));
  const classified = await hotline.classifier.classify(content);
  const result = await hotline.tickets.file(
    {
      type: s.consult === 'yes' ? '咨询' : classified.type,
      category: classified.category,
      subcategory: classified.subcategory,
      content,
      village: String(s.village),
      location: String(s.location),
      since: s.since === undefined ? null : String(s.since),
      urgent: s.urgent === 'yes',
      contact: s.anonymous === 'no' ? { name: String(s.name), phone: String(s.phone) } : null,
      attachments: photosOf(s),
      reporter: { channel: context.message.channel, chat: context.message.chat, user: context.message.user },
    },
    context.now,
  );
  delete context.session.form;
  hotline.wake();
  if (result.duplicateOf) return [{ text: P.joined(result.duplicateOf.id), private: true }];
  const next = hotline.forwarding ? P.forwarding : P.waitingLocally;
  return [{ text: `${P.filed(result.ticket.id)}类别：${classified.category}/${classified.subcategory}（${result.ticket.type}）。\n${next}`, private: true }];
}

/** How long after filing such a message still belongs to the report. */
const ADDENDUM_HOURS = 2;

/** Adds an addendum to the resident's report filed in the last hours, if there is one. */
async function addToRecentTicket(context: IntentContext): Promise<Reply[] | undefined> {
  if (!isAddendum(context.text)) return undefined;
  const { tickets } = context.services.hotline;
  const { channel, chat, user } = context.message;
  const since = context.now.getTime() - ADDENDUM_HOURS * 3_600_000;
  const recent = (await tickets.listForContact({ channel, user })).find((t) => t.reporter.user === user && Date.parse(t.createdAt) >= since);
  if (!recent) return undefined;
  const added = await tickets.addDetail(recent.id, { channel, chat, user }, maskPersonalNumbers(context.text.trim()).slice(0, 1000), context.now);
  if (!added) return undefined;
  context.services.hotline.wake();
  return [{ text: P.detailAdded(recent.id), private: true }];
}

/**
 * The report conversation for 12345: a form over what happened, where, since when and a contact
 * (or anonymous), taking whatever the first message says and any photos sent along; moved to
 * the private chat when begun in a group; classified and filed durably once confirmed.
 * Emergencies never reach it: the router sends them to the emergency intent first.
 */
export const handleComplaint: IntentHandler = async (context) => {
  const fc = formContext(context);
  const { session, directive } = context;

  if (!session.form || session.form.intent !== 'complaint') {
    const added = await addToRecentTicket(context);
    if (added) return added;
    const consult = directive?.kind === 'action' && directive.action === 'consult';
    const question = consult ? session.lastQuestion : undefined;
    const preset: Slots = {
      ...(session.village ? { village: session.village } : {}),
      ...(consult ? { consult: 'yes', ...(question ? { content: question } : {}) } : {}),
    };
    const text = consult ? (question ?? '') : context.text;
    const started = form.start('complaint', text, fc, context.now, preset);
    if (isUrgent(text)) started.form.slots.urgent = 'yes';
    const notes = await takePhotos(context, started.form.slots);
    const step = form.prompt(started.form, fc, started.problem);
    const replies = withNotes(notes, [{ text: consult ? P.consultIntro : P.intro }, ...(step.kind === 'done' || step.kind === 'abandoned' ? [] : step.replies)]);
    if (context.message.chatType === 'group') {
      await context.continuePrivately(started.form, replies);
      return [{ text: P.groupHandoff, privateHandoff: true }];
    }
    session.form = started.form;
    return replies;
  }

  const state = session.form;
  const notes = await takePhotos(context, state.slots);
  if (context.text.trim() === '' || /^[\s\p{P}\p{S}\p{Extended_Pictographic}\u200d\ufe0f]+$/u.test(context.text)) {
    // A photo alone (or an emoji) answers no question: keep it and ask again.
    const again = form.prompt(state, fc);
    return withNotes(notes, again.kind === 'done' || again.kind === 'abandoned' ? [] : again.replies);
  }
  const step = form.step(state, context.text, fc);
  if (step.kind === 'abandoned') {
    delete session.form;
    return [{ text: P.abandoned }];
  }
  if (step.kind === 'done') return withNotes(notes, await file(context, state));
  return withNotes(notes, step.replies);
};
