import { actionValue } from '../engine/directive.ts';
import { exemptLine } from '../knowledge/render.ts';
import type { Item, Material } from '../knowledge/schema.ts';
import type { Reply } from '../message.ts';
import { addDays, formatSlot, shanghaiDate } from './calendar.ts';
import { RATINGS, type Slot, type Visit } from './types.ts';
import type { VisitRules } from './visit-rules.ts';

/** "居民身份证（原件1份）": one line of the checklist, with the guide's note when there is one. */
export function materialLine(material: Material): string {
  const amount =
    material.copies === 0 ? material.form : material.form === '原件和复印件' ? `原件和复印件各${material.copies}份` : `${material.form}${material.copies}份`;
  const onlyIf = material.only_if ? `（仅限：${material.only_if}）` : '';
  return `· ${material.name}（${amount}）${onlyIf}${material.note ? `：${material.note}` : ''}`;
}

/**
 * The materials checklist from the item's guide: what to have ready (not exempt), and what need
 * not be brought because the government looks it up itself (seed 001: 无证明), each with its
 * condition ("查不到的需带原件"), so that nobody is caught without it when the lookup fails.
 */
export function materialsChecklist(item: Item | undefined): string {
  if (!item) return '要准备的材料请以办事指南为准，代办员会提前跟您说。';
  const needed = item.materials.filter((m) => !m.exempt);
  const exempt = item.materials.filter((m) => m.exempt);
  const lines = needed.length > 0 ? ['请提前准备好：', ...needed.map(materialLine)] : ['这项不用准备材料。'];
  if (exempt.length > 0) lines.push('不用准备的：', ...exempt.map((m) => `· ${exemptLine(m)}`));
  return lines.join('\n');
}

function when(slot: Slot, rules: VisitRules, now: Date): string {
  const today = shanghaiDate(now);
  const day = slot.date === today ? '今天' : slot.date === addDays(today, 1) ? '明天' : '';
  return `${day}${formatSlot(slot, rules)}`;
}

function resident(visit: Visit): string {
  const who = [visit.age !== null ? `${visit.age}岁` : '', visit.reasons.join('、')].filter(Boolean).join('，');
  return `${visit.residentName}${who ? `（${who}）` : ''}，电话${visit.phone}`;
}

/** Tells the agent a visit was booked with it, with everything needed to go there. Personal data: private. */
export function agentBookingNotice(visit: Visit, item: Item | undefined, rules: VisitRules): Reply {
  const lines = [
    `新的上门代办预约 ${visit.id}`,
    `时间：${formatSlot(visit.slot, rules)}`,
    `办理：${visit.itemName}`,
    `居民：${resident(visit)}`,
    `地址：${visit.village}${visit.address}`,
  ];
  if (visit.relation) lines.push(`由${visit.relation}代为预约`);
  lines.push(materialsChecklist(item).replace('请提前准备好：', '需要的材料：'));
  return { text: lines.join('\n'), private: true };
}

/** Tells the agent a visit moved to another half-day. */
export function agentRescheduleNotice(visit: Visit, from: Slot, rules: VisitRules): Reply {
  return {
    text: `预约 ${visit.id} 改时间了：${formatSlot(from, rules)} → ${formatSlot(visit.slot, rules)}\n${visit.village}${visit.address} ${visit.residentName}，办理${visit.itemName}。`,
    private: true,
  };
}

/** Tells the agent a visit it had is off (cancelled, or given to someone else). */
export function agentReleasedNotice(visit: Visit, slot: Slot, why: 'cancelled' | 'reassigned', rules: VisitRules): Reply {
  const what = why === 'cancelled' ? '居民已取消' : '已改派给其他代办员';
  return {
    text: `预约 ${visit.id}（${formatSlot(slot, rules)}，${visit.village} ${visit.residentName}，${visit.itemName}）${what}，不用上门了。`,
    private: true,
  };
}

/** The day-before reminder to the resident (or whoever booked for her), with the checklist. */
export function residentReminder(visit: Visit, agentName: string, item: Item | undefined, rules: VisitRules, now: Date): Reply {
  const lines = [
    `温馨提醒：${when(visit.slot, rules, now)}，代办员${agentName}会上门帮${visit.relation ? visit.residentName : '您'}办理${visit.itemName}（预约号 ${visit.id}）。`,
    materialsChecklist(item),
    '时间有变可以回复"我的预约"改时间或取消。',
  ];
  return { text: lines.join('\n'), private: true };
}

/** The day-before reminder to the agent. */
export function agentReminder(visit: Visit, item: Item | undefined, rules: VisitRules, now: Date): Reply {
  const lines = [
    `上门提醒：${when(visit.slot, rules, now)} ${visit.id}`,
    `${visit.village}${visit.address}，${resident(visit)}`,
    `办理：${visit.itemName}`,
    materialsChecklist(item).replace('请提前准备好：', '请提醒居民准备：'),
  ];
  return { text: lines.join('\n'), private: true };
}

/** After a visit done: asks the resident how it went, with buttons the conversation maps back. */
export function ratingRequest(visit: Visit, agentName: string): Reply {
  return {
    text: `代办员${agentName}已经帮${visit.relation ? visit.residentName : '您'}办好了${visit.itemName}（预约号 ${visit.id}）。这次上门服务您满意吗？也可以说说意见。`,
    buttons: RATINGS.map((grade) => ({ label: grade, value: actionValue('feedback', 'rate', visit.id, grade) })),
    private: true,
  };
}
