import type { KnowledgeBase } from '../knowledge/loader.ts';
import { isWorkingDay, shanghaiDate, shanghaiMinutes } from '../visits/calendar.ts';

/** "8:30-12:00，13:30-17:00" → minute ranges of the day. */
export function hourRanges(hours: string): [number, number][] {
  return [...hours.matchAll(/(\d{1,2})[:：](\d{2})\s*[-–—~至到]\s*(\d{1,2})[:：](\d{2})/g)].map((m) => [Number(m[1]) * 60 + Number(m[2]), Number(m[3]) * 60 + Number(m[4])]);
}

/**
 * Whether the town service centre (which answers the handoff inbox) is open now: a working day
 * by the state calendar (holidays and 调休, chinese-days) within the hours of `villages.yaml`.
 */
export function centreOpen(base: KnowledgeBase, now: Date): boolean {
  if (!isWorkingDay(shanghaiDate(now))) return false;
  const minute = shanghaiMinutes(now);
  return hourRanges(base.centre.hours).some(([from, to]) => minute >= from && minute < to);
}

/** Who answers a handoff, in words for the resident: her village's station first, the town centre always. */
export function whoAnswers(base: KnowledgeBase, villageName: string | null | undefined): string {
  const village = base.villages.find((v) => v.name === villageName);
  return village ? `${village.station}的代办员或${base.centre.name}的工作人员` : `${base.centre.name}的工作人员`;
}
