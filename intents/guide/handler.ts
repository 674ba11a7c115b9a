import { actionValue, encodeDirective } from '../../src/engine/directive.ts';
import type { HandlerResult, IntentContext, IntentHandler } from '../../src/engine/intent.ts';
import { whereToReachPeople } from '../../src/knowledge/contacts.ts';
import { matchFaq } from '../../src/knowledge/faq-match.ts';
import { draftNotice, GROUP_MORE_HINT, renderConcise, renderFull, renderOverview, renderSection, sample } from '../../src/knowledge/render.ts';
import { askedParts, type AskedPart } from './asked-part.ts';
import type { Item } from '../../src/knowledge/schema.ts';
import { SECTION_LABELS, type Section } from '../../src/knowledge/sections.ts';
import type { Button, Reply } from '../../src/message.ts';
import { maskPersonalNumbers } from '../../src/personal-numbers.ts';

const MORE_SECTIONS: Section[] = ['materials', 'conditions', 'steps', 'place', 'phone'];
const FULL_GUIDE_HINT = '回复"全部"看完整指南。';

function moreButtons(item: Item, shown?: Section): Button[] {
  return MORE_SECTIONS.filter((s) => s !== shown).map((section) => ({
    label: SECTION_LABELS[section],
    value: encodeDirective({ kind: 'item', itemId: item.id, section }),
  }));
}

/** What a benefit pays, where the guide says nothing more precise (its FAQ is looked at first). */
function amountLine(item: Item): string {
  return `【${item.name}】能领多少：指南里没有写明具体数额，以县里当年公布的标准为准。想问清楚可以打咨询电话：${sample(item, item.phones.consult)}`;
}

/** The parts asked, each as its section says it, the item named once. */
function renderParts(item: Item, parts: readonly AskedPart[]): string {
  const head = `【${item.name}】`;
  return parts
    .slice(0, 3)
    .map((part, i) => {
      const text = part === 'amount' ? amountLine(item) : renderSection(item, part);
      return i === 0 ? text : text.replace(head, '');
    })
    .join('\n');
}

/** How one item answers: its whole guide, the parts asked (none: the overview), and the question as typed (for its FAQ). */
interface Asked {
  parts: readonly AskedPart[] | 'full';
  question?: string;
  /** The question follows up the item just answered: the overview again would answer nothing. */
  followingUp?: boolean;
}

/**
 * The answer from one item: its FAQ entry, the parts asked, the overview (private) or the concise
 * guide (group), or the whole guide when asked for it. A follow-up that asks for nothing the guide
 * has gets an honest "指南里没有写明" with the item's phone, never the same guide again. An item
 * the county has not confirmed yet ends with one short line saying so.
 */
async function answer(context: IntentContext, item: Item, asked: Asked): Promise<HandlerResult> {
  const group = context.message.chatType === 'group';
  const notice = draftNotice(item);
  const from = (replies: Reply[]): HandlerResult => ({
    replies: notice ? replies.map((reply) => ({ ...reply, text: `${reply.text}\n${notice}` })) : replies,
    itemId: item.id,
    patch: { lastItemId: item.id },
  });
  if (asked.parts === 'full') return from([{ text: renderFull(item) }]);
  const more = group ? GROUP_MORE_HINT : FULL_GUIDE_HINT;
  // A question the item's FAQ answers gets that answer first, short, with the rest a tap away.
  const faq = asked.question === undefined ? undefined : matchFaq(item, asked.question);
  if (faq) return from([{ text: `【${item.name}】\n问：${faq.q}\n答：${faq.a}\n${more}`, buttons: moreButtons(item) }]);
  if (asked.parts.length) {
    const text = renderParts(item, asked.parts);
    const shown = asked.parts.length === 1 && asked.parts[0] !== 'amount' ? (asked.parts[0] as Section) : undefined;
    return from([{ text: group ? `${text}\n${GROUP_MORE_HINT}` : text, buttons: moreButtons(item, shown) }]);
  }
  if (asked.followingUp) {
    // Kept for the staff's list of questions nobody answered: the guide may need this one.
    await recordUnanswered(context, item.id, null);
    return from([
      {
        text: `【${item.name}】您问的这个，指南里没有写明，不敢乱说。可以打咨询电话问：${sample(item, item.phones.consult)}\n${more}`,
        buttons: moreButtons(item),
      },
    ]);
  }
  return from(group ? [{ text: renderConcise(item), buttons: moreButtons(item) }] : [{ text: renderOverview(item), buttons: moreButtons(item) }]);
}

/** A question the bot could not answer, for the staff's list (its personal numbers masked). */
async function recordUnanswered(context: IntentContext, bestItem: string | null, bestScore: number | null): Promise<void> {
  await context.services.unanswered.add({
    question: maskPersonalNumbers(context.text).slice(0, 500),
    channel: context.message.channel,
    chatType: context.message.chatType,
    bestItem,
    bestScore,
  });
}

async function dontKnow(context: IntentContext): Promise<HandlerResult> {
  const best = context.understanding.retrieval.hits[0];
  await recordUnanswered(context, best?.item.id ?? null, best ? Math.round(best.score * 100) / 100 : null);
  const base = context.services.knowledge.current.base;
  return {
    replies: [
      {
        text:
          '抱歉，这个问题我没找到有把握的答案，不敢乱说误了您的事。已记下来请工作人员补充。\n' +
          `您可以问问工作人员：\n${whereToReachPeople(base, context.session.village)}\n` +
          '也可以换个说法再问我，比如"低保要带什么材料"；或者把问题作为咨询转给12345热线：',
        buttons: [{ label: '转给12345热线', value: actionValue('complaint', 'consult') }],
      },
    ],
    patch: { lastQuestion: context.text.slice(0, 2000) },
  };
}

/**
 * Answers service-guide questions from the knowledge base: the item's concise guide in a group,
 * the full guide in private, one section when that is what was asked; a numbered choice when
 * two or three items fit; an honest "don't know" (logged for staff) when none does.
 */
export const handleGuide: IntentHandler = async (context) => {
  const { directive, understanding, services, session } = context;
  const snapshot = services.knowledge.current;
  // Typed words (not a button): what they ask, by the ask model and the cue words.
  const typed = understanding.choice === undefined && understanding.text !== '';
  const parts = typed ? askedParts(understanding.text, understanding.ask) : [];
  const question = typed ? understanding.text : undefined;

  if (directive?.kind === 'item') {
    const item = snapshot.itemsById.get(directive.itemId);
    const followingUp = typed && session.lastItemId === directive.itemId;
    // A button names its section; typed words may ask for more than one ("要带照片吗 要不要交钱").
    const asked = directive.section === 'full' ? 'full' : parts.length ? parts : directive.section ? [directive.section] : [];
    if (item) return answer(context, item, { parts: asked, question, followingUp });
  }
  if (directive?.kind === 'section') {
    const item = session.lastItemId ? snapshot.itemsById.get(session.lastItemId) : undefined;
    if (item) return answer(context, item, { parts: directive.section === 'full' ? 'full' : [directive.section] });
  }

  const { retrieval } = understanding;
  if (retrieval.confidence === 'sure') return answer(context, retrieval.choices[0]!.item, { parts, question });
  if (retrieval.confidence === 'ambiguous') {
    const section = parts.find((part): part is Section => part !== 'amount');
    const buttons = retrieval.choices.map((choice) => ({
      label: choice.item.name,
      value: encodeDirective(section ? { kind: 'item', itemId: choice.item.id, section } : { kind: 'item', itemId: choice.item.id }),
    }));
    return { replies: [{ text: '您问的是下面哪一项？回复序号就行：', buttons }] };
  }
  return dontKnow(context);
};
