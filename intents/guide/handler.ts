import { actionValue, encodeDirective } from '../../src/engine/directive.ts';
import type { HandlerResult, IntentContext, IntentHandler } from '../../src/engine/intent.ts';
import { whereToReachPeople } from '../../src/knowledge/contacts.ts';
import { matchFaq } from '../../src/knowledge/faq-match.ts';
import { draftNotice, GROUP_MORE_HINT, renderConcise, renderFull, renderSection } from '../../src/knowledge/render.ts';
import type { Item } from '../../src/knowledge/schema.ts';
import { detectSection, SECTION_LABELS, type Section } from '../../src/knowledge/sections.ts';
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

/**
 * The answer from one item: its FAQ entry, a section, the concise guide (group) or the full one
 * (private). An item the county has not confirmed yet ends with one short line saying so.
 */
function answer(context: IntentContext, item: Item, section: Section | 'full' | undefined, asked?: string): HandlerResult {
  const group = context.message.chatType === 'group';
  const notice = draftNotice(item);
  const from = (replies: Reply[]): HandlerResult => ({
    replies: notice ? replies.map((reply) => ({ ...reply, text: `${reply.text}\n${notice}` })) : replies,
    itemId: item.id,
    patch: { lastItemId: item.id },
  });
  if (section === 'full') return from([{ text: renderFull(item) }]);
  // A question the item's FAQ answers gets that answer first, short, with the rest a tap away.
  const faq = asked === undefined ? undefined : matchFaq(item, asked);
  if (faq) return from([{ text: `【${item.name}】\n问：${faq.q}\n答：${faq.a}\n${group ? GROUP_MORE_HINT : FULL_GUIDE_HINT}`, buttons: moreButtons(item) }]);
  if (section) {
    const text = renderSection(item, section);
    return from([{ text: group ? `${text}\n${GROUP_MORE_HINT}` : text, buttons: moreButtons(item, section) }]);
  }
  return from(group ? [{ text: renderConcise(item), buttons: moreButtons(item) }] : [{ text: renderFull(item) }]);
}

async function dontKnow(context: IntentContext): Promise<HandlerResult> {
  const { retrieval } = context.understanding;
  const best = retrieval.hits[0];
  await context.services.unanswered.add({
    question: maskPersonalNumbers(context.text).slice(0, 500),
    channel: context.message.channel,
    chatType: context.message.chatType,
    bestItem: best?.item.id ?? null,
    bestScore: best ? Math.round(best.score * 100) / 100 : null,
  });
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

  if (directive?.kind === 'item') {
    const item = snapshot.itemsById.get(directive.itemId);
    if (item) return answer(context, item, directive.section);
  }
  if (directive?.kind === 'section') {
    const item = session.lastItemId ? snapshot.itemsById.get(session.lastItemId) : undefined;
    if (item) return answer(context, item, directive.section);
  }

  const section = detectSection(context.text);
  const { retrieval } = understanding;
  if (retrieval.confidence === 'sure') return answer(context, retrieval.choices[0]!.item, section, context.text);
  if (retrieval.confidence === 'ambiguous') {
    const buttons = retrieval.choices.map((choice) => ({
      label: choice.item.name,
      value: encodeDirective(section ? { kind: 'item', itemId: choice.item.id, section } : { kind: 'item', itemId: choice.item.id }),
    }));
    return { replies: [{ text: '您问的是下面哪一项？回复序号就行：', buttons }] };
  }
  return dontKnow(context);
};
