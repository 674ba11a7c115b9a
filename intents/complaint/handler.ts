import type { Ticket } from '../../src/hotline/ticket-types.ts';
import { readingsFor } from '../../src/nlu/slot-readers.ts';
import { FormRunner, type FormState, type FormStep } from '../../src/engine/form.ts';
import type { HandlerResult, IntentContext, IntentHandler } from '../../src/engine/intent.ts';
import { MAX_PHOTOS_PER_MESSAGE } from '../../src/hotline/attachment-store.ts';
import type { TicketAttachment } from '../../src/hotline/ticket-types.ts';
import type { Reply } from '../../src/message.ts';
import { isAddendum, isSupplement } from '../../src/nlu/addendum.ts';
import { maskPersonalNumbers } from '../../src/personal-numbers.ts';
import { COMPLAINT_PROMPTS as P } from './declaration.ts';
import { COMPLAINT_FORM, COMPLAINT_SLOTS, isUrgent, reportWithoutContact, splitSecondMatter, type ComplaintFormContext, type ComplaintSlots } from './slots.ts';
import { encodeDirective } from '../../src/engine/directive.ts';

const report = new FormRunner(COMPLAINT_SLOTS, P.summaryTitle);
const ONLY_SYMBOLS = /^[\s\p{P}\p{S}\p{Extended_Pictographic}\u200d\ufe0f]+$/u;

function formContext(context: IntentContext): ComplaintFormContext {
  const u = context.understanding;
  return { knowledge: context.services.knowledge.current, said: readingsFor(u) };
}

/** Keeps the message's photos; returns them with what was kept before, and what to tell the resident. */
async function takePhotos(context: IntentContext, kept: readonly TicketAttachment[]): Promise<{ photos: TicketAttachment[]; notes: string[] }> {
  const notes: string[] = [];
  const photos = [...kept];
  let added = 0;
  const { channel, user, address } = context.message;
  const sender = { owner: `${channel}:${user}`, ...(address ? { address } : {}) };
  for (const attachment of context.message.attachments) {
    if (photos.length >= MAX_PHOTOS_PER_MESSAGE) {
      notes.push(P.photoTooMany(MAX_PHOTOS_PER_MESSAGE));
      break;
    }
    const saved = attachment.stored ?? (await context.services.hotline.attachments.save(attachment, sender, context.now));
    // The same uploaded photo named twice is one photo.
    if (typeof saved !== 'string' && photos.some((photo) => photo.id === saved.id)) continue;
    if (saved === 'too_large') notes.push(P.photoTooLarge);
    else if (saved === 'not_an_image' || saved === 'no_data') notes.push(P.photoNotImage);
    else if (saved === 'over_quota' || saved === 'address_over_quota') notes.push(P.photoOverQuota);
    else if (saved === 'store_full') notes.push(P.photoStoreFull);
    else {
      photos.push(saved);
      added++;
    }
  }
  if (added) notes.unshift(P.photoSaved(photos.length));
  return { photos, notes: [...new Set(notes)] };
}

/** The form with the message's photos in it. */
function withPhotos(form: FormState<ComplaintSlots>, photos: TicketAttachment[]): FormState<ComplaintSlots> {
  return photos.length ? { ...form, slots: { ...form.slots, photos } } : form;
}

/** Adds notes about photos in front of the form's next message. */
function withNotes(notes: string[], replies: Reply[]): Reply[] {
  return notes.length ? [{ text: notes.join('\n'), private: true }, ...replies] : replies;
}

function repliesOf(step: FormStep<ComplaintSlots>): Reply[] {
  return step.kind === 'ask' || step.kind === 'confirm' ? step.replies : [];
}

async function file(context: IntentContext, form: FormState<ComplaintSlots>): Promise<Reply[]> {
  const { hotline } = context.services;
  const s = form.slots;
  // Contact details go in their own fields (or nowhere, when anonymous), not in the report text.
  const content = maskPersonalNumbers(s.content!);
  const classified = await hotline.classifier.classify(content);
  const result = await hotline.tickets.file(
    {
      type: s.consult ? '咨询' : classified.type,
      category: classified.category,
      subcategory: classified.subcategory,
      content,
      village: s.village!,
      location: s.location!,
      since: s.since ?? null,
      urgent: s.urgent === true,
      contact: s.anonymous === false ? { name: s.name!, phone: s.phone! } : null,
      attachments: s.photos ?? [],
      reporter: { channel: context.message.channel, chat: context.message.chat, user: context.message.user },
    },
    context.now,
  );
  hotline.wake();
  const second = secondMatterOffer(s.secondMatter);
  if (result.duplicateOf) return [{ text: P.joined(result.duplicateOf.id), private: true }, ...second];
  const next = hotline.forwarding ? P.forwarding : P.waitingLocally;
  return [{ text: `${P.filed(result.ticket.id)}类别：${classified.category}/${classified.subcategory}（${result.ticket.type}）。\n${next}`, private: true }, ...second];
}

/** The second problem she told along with the first, offered as a report of its own (its words wait in `pending`). */
function secondMatterOffer(second: string | undefined): Reply[] {
  if (!second) return [];
  return [
    {
      text: P.secondMatter(second.length > 30 ? `${second.slice(0, 30)}…` : second),
      buttons: [
        { label: '也反映这件事', value: encodeDirective({ kind: 'action', intent: 'complaint', action: 'as', args: [] }) },
        { label: '不用了', value: '不用了' },
      ],
      private: true,
    },
  ];
}

/** Keeps a second problem told in this message for after the first is filed. */
function noteSecondMatter(form: FormState<ComplaintSlots>, text: string): FormState<ComplaintSlots> {
  const { second } = splitSecondMatter(text);
  return second && !form.slots.secondMatter ? { ...form, slots: { ...form.slots, secondMatter: maskPersonalNumbers(reportWithoutContact(second)).slice(0, 2000) } } : form;
}

/** How long after filing a message that only seems to go on ("对了忘了说…") still belongs to the report. */
const ADDENDUM_HOURS = 2;
/** Reports that can still take a detail: not closed or rejected. */
const OPEN_TICKET = (t: Ticket) => t.status !== 'closed' && t.status !== 'rejected';

/** Two-character pieces of a text's Chinese, for telling which report a detail speaks of. */
function pairs(text: string): Set<string> {
  const han = [...text].filter((c) => /\p{Script=Han}/u.test(c));
  return new Set(han.slice(1).map((c, i) => `${han[i]}${c}`));
}

/**
 * Of her open reports, the one whose words the detail shares most ("养猪场又排了" goes to the pig
 * farm's, not to the unpaid wages filed after it); the latest when it shares words with none.
 */
function closestInWords(detail: string, open: readonly Ticket[]): Ticket | undefined {
  const said = pairs(detail);
  const shared = (t: Ticket) => [...pairs(`${t.content}${t.location}`)].filter((p) => said.has(p)).length;
  return open.reduce<Ticket | undefined>((best, t) => (best === undefined || shared(t) > shared(best) ? t : best), undefined);
}

/**
 * Adds a detail to one of the resident's reports, if the message adds to one: the report it names
 * ("T000001"), else, when she says outright it is an addition ("补充进去"), the open one it speaks
 * of, else one filed in the last hours.
 */
async function addToRecentTicket(context: IntentContext): Promise<Reply[] | undefined> {
  if (!isAddendum(context.text)) return undefined;
  const { tickets } = context.services.hotline;
  const { channel, chat, user } = context.message;
  const since = context.now.getTime() - ADDENDUM_HOURS * 3_600_000;
  const mine = (await tickets.listForContact({ channel, user })).filter((t) => t.reporter.user === user);
  const named = /T\d{6}/i.exec(context.text)?.[0].toUpperCase();
  const target = named
    ? mine.find((t) => t.id === named)
    : isSupplement(context.text)
      ? closestInWords(context.text, mine.filter(OPEN_TICKET))
      : mine.find((t) => Date.parse(t.createdAt) >= since);
  if (!target) return undefined;
  const added = await tickets.addDetail(target.id, { channel, chat, user }, maskPersonalNumbers(context.text.trim()).slice(0, 1000), context.now);
  if (!added) return undefined;
  context.services.hotline.wake();
  return [{ text: P.detailAdded(target.id), private: true }];
}

/** A new report from the message that began it (or from the question the bot could not answer, as a 咨询). */
async function startReport(context: IntentContext, fc: ComplaintFormContext): Promise<HandlerResult> {
  const added = await addToRecentTicket(context);
  if (added) return { replies: added };
  const { session, directive } = context;
  const consult = directive?.kind === 'action' && directive.action === 'consult';
  const question = consult ? session.lastQuestion : undefined;
  const text = consult ? (question ?? '') : context.text;
  const preset: Partial<ComplaintSlots> = {
    ...(session.village ? { village: session.village } : {}),
    ...(consult ? { consult: true, ...(question ? { content: question } : {}) } : {}),
    ...(isUrgent(text) ? { urgent: true } : {}),
  };
  // A second problem told along ("还有个事，…") waits for its own report; the form reads the first.
  const started = report.start(COMPLAINT_FORM.create(context.now, preset), splitSecondMatter(text).first, fc);
  const { photos, notes } = await takePhotos(context, []);
  const step = report.prompt(noteSecondMatter(withPhotos(started.form, photos), text), fc, started.problem);
  const form = 'form' in step ? step.form : started.form;
  const intro = consult ? P.consultIntro : context.understanding.cues.question ? P.introAsked : P.intro;
  const replies = withNotes(notes, [{ text: intro }, ...repliesOf(step)]);
  if (context.message.chatType === 'group') {
    return { replies: [{ text: P.groupHandoff, privateHandoff: true }], events: [{ kind: 'continue_privately', form, replies }] };
  }
  return { replies, patch: { form } };
}

/** One message of an open report: its photos kept, its words read by the form. */
async function continueReport(context: IntentContext, fc: ComplaintFormContext, open: FormState<ComplaintSlots>): Promise<HandlerResult> {
  const { photos, notes } = await takePhotos(context, open.slots.photos ?? []);
  const form = withPhotos(open, photos);
  if (context.text.trim() === '' || ONLY_SYMBOLS.test(context.text)) {
    // A photo alone (or an emoji) answers no question: keep it and ask again.
    const again = report.prompt(form, fc);
    return { replies: withNotes(notes, repliesOf(again)), patch: { form: 'form' in again ? again.form : form } };
  }
  const step = report.step(noteSecondMatter(form, context.text), { text: splitSecondMatter(context.text).first, directive: context.directive }, fc);
  if (step.kind === 'abandoned') return { replies: [{ text: P.abandoned }], patch: { form: null } };
  if (step.kind === 'done') {
    const second = step.form.slots.secondMatter;
    return { replies: withNotes(notes, await file(context, step.form)), patch: { form: null, ...(second ? { pending: second } : {}) } };
  }
  return { replies: withNotes(notes, step.replies), patch: { form: step.form } };
}

/**
 * The report conversation for 12345: a form over what happened, where, since when and a contact
 * (or anonymous), taking whatever the first message says and any photos sent along; moved to
 * the private chat when begun in a group; classified and filed durably once confirmed.
 * Emergencies never reach it: the emergency step answers them first.
 */
export const handleComplaint: IntentHandler = async (context) => {
  const fc = formContext(context);
  const open = COMPLAINT_FORM.read(context.session.form);
  return open ? continueReport(context, fc, open) : startReport(context, fc);
};

/** The report form's question as it stands, to ask again after a question answered on the side. */
export function resumeComplaint(context: IntentContext): Reply[] {
  const open = COMPLAINT_FORM.read(context.session.form);
  return open ? repliesOf(report.prompt(open, formContext(context), '咱们接着刚才反映的事：')) : [];
}
