import * as chrono from 'chrono-node';

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const HALF_YEAR_MS = 183 * 24 * 60 * 60 * 1000;

/** A date a resident named, as a calendar day in Asia/Shanghai, with the half-day if said. */
export interface SpokenDate {
  text: string;
  /** YYYY-MM-DD in Asia/Shanghai. */
  date: string;
  halfDay?: 'am' | 'pm';
}

/** Today's calendar day in Asia/Shanghai. */
export function shanghaiToday(now: Date = new Date()): string {
  return new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * Finds dates in Chinese text ("明天上午", "下周一", "12月3号"), biased to the future and read in
 * Asia/Shanghai whatever the server's time zone. chrono computes relative days from the
 * reference's calendar day, so it is handed Shanghai wall-clock time as if it were UTC.
 */
export function parseDates(text: string, now: Date = new Date()): SpokenDate[] {
  const wallClock = new Date(now.getTime() + SHANGHAI_OFFSET_MS);
  const results = chrono.zh.hans.parse(text, { instant: wallClock, timezone: 0 }, { forwardDate: true });
  return results.map((result) => {
    let day = result.start.date();
    // "11月20日" said on 25 November means five days ago, not next year: a day without a year
    // that chrono moved more than half a year ahead is taken as this year's (past) day.
    if (!result.start.isCertain('year') && day.getTime() - wallClock.getTime() > HALF_YEAR_MS) {
      day = new Date(day);
      day.setUTCFullYear(day.getUTCFullYear() - 1);
    }
    const date = day.toISOString().slice(0, 10);
    const halfDay = /上午|早上|早晨|上半天/.test(result.text) ? 'am' : /下午|午后|下半天/.test(result.text) ? 'pm' : undefined;
    return halfDay ? { text: result.text, date, halfDay } : { text: result.text, date };
  });
}
