import chineseDays from 'chinese-days';
import type { Village } from '../knowledge/schema.ts';
import { shanghaiToday as shanghaiDate } from '../nlu/dates.ts';
import type { DateProblem, HalfDay, Slot } from './types.ts';
import { clockMinutes, halfDayEndMinutes, type VisitRules } from './visit-rules.ts';

/** Asia/Shanghai has had no daylight saving since 1991: a fixed offset is exact. */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

/** The calendar day (YYYY-MM-DD) in Asia/Shanghai at `now` (one definition, in `nlu/dates.ts`). */
export { shanghaiDate };

/** Minutes after midnight in Asia/Shanghai at `now`. */
export function shanghaiMinutes(now: Date): number {
  const wall = new Date(now.getTime() + SHANGHAI_OFFSET_MS);
  return wall.getUTCHours() * 60 + wall.getUTCMinutes();
}

/** The instant of a wall-clock time ("18:00") on a day in Asia/Shanghai. */
export function shanghaiInstant(date: string, time: string): Date {
  return new Date(utcMidnight(date) + clockMinutes(time) * 60_000 - SHANGHAI_OFFSET_MS);
}

/** The day `days` after `date` (negative: before). */
export function addDays(date: string, days: number): string {
  return new Date(utcMidnight(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 1 = Monday … 7 = Sunday, as `open_days` in villages.yaml counts. */
export function weekday(date: string): number {
  const day = new Date(utcMidnight(date)).getUTCDay();
  return day === 0 ? 7 : day;
}

/**
 * Whether offices work that day by the State Council's holiday plan (chinese-days ships it, so
 * this works offline): weekdays that are not holidays, plus 调休 make-up working days.
 */
export function isWorkingDay(date: string): boolean {
  return chineseDays.isWorkday(localNoon(date));
}

/** A weekend day that is a working day by 调休 (make-up day after a long holiday). */
export function isMakeUpWorkday(date: string): boolean {
  return weekday(date) >= 6 && isWorkingDay(date);
}

/**
 * Whether a village's station sits that day, and so whether its agents go out: a working day
 * that is one of its `open_days`; on a make-up working day only the tiers the rules name
 * (demonstration stations sit every working day, seed 002).
 */
export function stationOpen(village: Village, date: string, rules: VisitRules): boolean {
  if (!isWorkingDay(date)) return false;
  if (isMakeUpWorkday(date)) return rules.booking.makeup_day_tiers.includes(village.tier);
  return village.open_days.includes(weekday(date));
}

/**
 * Whether a half-day can be booked at all, before looking at agents: not gone (a morning of today
 * is gone at 12:00, an afternoon at 17:00), within the booking window, and a working day.
 * Returns the problem, or null when it is fine.
 */
export function checkSlot(slot: Slot, now: Date, rules: VisitRules): DateProblem | null {
  const today = shanghaiDate(now);
  if (slot.date < today) return 'past';
  if (slot.date === today && shanghaiMinutes(now) >= halfDayEndMinutes(rules, slot.half)) return 'today_passed';
  if (slot.date > addDays(today, rules.booking.window_days)) return 'too_far';
  if (!isWorkingDay(slot.date)) return 'holiday';
  return null;
}

/** The half-days in order from `from` (inclusive) to `lastDate` (inclusive). */
export function* halfDaysFrom(from: Slot, lastDate: string): Generator<Slot> {
  const halves: HalfDay[] = ['am', 'pm'];
  for (let date = from.date; date <= lastDate; date = addDays(date, 1)) {
    for (const half of halves) {
      if (date === from.date && half === 'am' && from.half === 'pm') continue;
      yield { date, half };
    }
  }
}

/** "10月12日（周一）上午": how residents and agents read a slot. */
export function formatSlot(slot: Slot, rules: VisitRules): string {
  const [, month, day] = slot.date.split('-').map(Number);
  return `${month}月${day}日（周${WEEKDAYS[new Date(utcMidnight(slot.date)).getUTCDay()]}）${rules.booking.half_days[slot.half].label}`;
}

/** Orders slots by time: morning before afternoon of the same day. */
export function compareSlots(a: Slot, b: Slot): number {
  return a.date === b.date ? (a.half === b.half ? 0 : a.half === 'am' ? -1 : 1) : a.date < b.date ? -1 : 1;
}

function utcMidnight(date: string): number {
  const [year, month, day] = date.split('-').map(Number);
  return Date.UTC(year!, month! - 1, day!);
}

/**
 * chinese-days reads a Date with local-time getters (and a 'YYYY-MM-DD' string as UTC midnight,
 * which is the previous day west of Greenwich), so hand it local noon of the day meant.
 */
function localNoon(date: string): Date {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(year!, month! - 1, day!, 12);
}
