// Only the Chinese parsers: the whole of chrono-node (every locale) takes three times as long to load at start-up.
import { hans } from 'chrono-node/zh';

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const HALF_YEAR_MS = 183 * 24 * 60 * 60 * 1000;
const AM = /上午|早上|早晨|上半天/;
const PM = /下午|午后|下半天/;
const HALF_DAY_WORDS = /上午|下午|早上|早晨|中午|午后|晚上|上半天|下半天/g;
// Not a house number — a number right after the place it is in: "3组12号", "老街15号", "河边7号",
// "桥头3号", "岭口8号", "祠堂边2号" — nor "12号楼". Single characters only where no date word ends
// with them ("安排12号", "这边15号", "那头8号" stay dates).
const DAY_OF_MONTH =
  /(?<![月\d组栋幢街路巷弄村楼坑塘湾宅院桥岭畈店场堂]|(?<![这那哪])边|(?<![这那哪里外上前后])头|(?<![这那哪])口)(下个?月)?(\d{1,2})\s*[号日](?![\d楼室院])/g;

/** A date a resident named, as a calendar day in Asia/Shanghai, with the half-day if said. */
export interface SpokenDate {
  text: string;
  /** YYYY-MM-DD in Asia/Shanghai. */
  date: string;
  halfDay?: 'am' | 'pm';
  /** Where in the text it was said. */
  index: number;
}

/** Dialect words for days and half-days, as the plain ones (same length, so positions hold where it matters). */
const DIALECT_DAYS: [RegExp, string][] = [
  [/大后日/g, '大后天'],
  [/明朝/g, '明天'],
  [/今朝/g, '今天'],
  [/后日/g, '后天'],
  [/上昼/g, '上午'],
  [/下昼/g, '下午'],
  [/上半日/g, '上半天'],
  [/下半日/g, '下半天'],
];

function plainDayWords(text: string): string {
  return DIALECT_DAYS.reduce((t, [pattern, plain]) => t.replace(pattern, plain), text);
}

/** A day taken back where it is said ("明天不行", "后日弗来事"), denied ("不是3号") or only recalled ("原来约的是12月8号"). */
const REFUSED_AFTER = /^[^，,。.!！?？;；]{0,4}(?:不行|弗行|不方便|没空|有事|不在|弗来事|来不了|不可以|不要|没时间|弗得空)/;
const RECALLED_BEFORE = /(?:原来|本来|之前|原先|以前)[^，,。]{0,6}$/;
/** A day denied right before it is said ("是1组13号，不是3号", "不要明天"): it is no day she names. */
const DENIED_BEFORE = /(?:不是|不要|别)$/;
/** A question whether a day suits ("明天下午行不行", "8号可不可以"): it offers the day, it refuses nothing. */
const ASKS_WHETHER = /行不行|可以不可以|可不可以|方便不方便|好不好|成不成|来不来得了|在不在|有空没空|有没有空/g;

/**
 * The day she settles on among those a message names: the last one not refused or only recalled
 * ("礼拜三礼拜四都行，就礼拜四吧", "3号改到5号", "明天不行，后天吧"); none when every one is.
 */
export function settledDate(said: string, now: Date = new Date()): SpokenDate | undefined {
  const text = plainDayWords(said);
  const dates = parseDates(said, now);
  const standing = dates.filter(
    (d) => !REFUSED_AFTER.test(text.slice(d.index + d.text.length).replace(ASKS_WHETHER, '吗')) && !RECALLED_BEFORE.test(text.slice(0, d.index)) && !DENIED_BEFORE.test(text.slice(0, d.index)),
  );
  return standing.at(-1);
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
export function parseDates(said: string, now: Date = new Date()): SpokenDate[] {
  const text = plainDayWords(said);
  const wallClock = new Date(now.getTime() + SHANGHAI_OFFSET_MS);
  const halfDay = AM.test(text) ? 'am' : PM.test(text) ? 'pm' : undefined;
  // chrono reads a bare "上午" as this morning: the half-day is taken from the text, not a date.
  const withoutHalfDays = text.replace(HALF_DAY_WORDS, (words) => '，'.repeat(words.length));
  const spoken: SpokenDate[] = hans
    .parse(withoutHalfDays, { instant: wallClock, timezone: 0 }, { forwardDate: true })
    // A time alone names no day: "眼睛一点都看弗着" is no 1 o'clock tomorrow.
    .filter((result) => result.start.isCertain('day') || result.start.isCertain('weekday'))
    .map((result) => {
      let day = result.start.date();
      // "11月20日" said on 25 November means five days ago, not next year: a day without a year
      // that chrono moved more than half a year ahead is taken as this year's (past) day.
      if (!result.start.isCertain('year') && day.getTime() - wallClock.getTime() > HALF_YEAR_MS) {
        day = new Date(day);
        day.setUTCFullYear(day.getUTCFullYear() - 1);
      }
      // "下下周一" is the Monday of the week after next: chrono reads only "下周一" in it.
      if (result.index > 0 && withoutHalfDays[result.index - 1] === '下' && /^下(?:个)?(?:周|星期|礼拜)/.test(result.text)) {
        day = new Date(day.getTime() + 7 * 24 * 60 * 60 * 1000);
        return { text: `下${result.text.replace(/，+$/, '')}`, date: day.toISOString().slice(0, 10), index: result.index - 1 };
      }
      return { text: result.text.replace(/，+$/, ''), date: day.toISOString().slice(0, 10), index: result.index };
    });
  spoken.push(...daysOfMonth(withoutHalfDays, wallClock, spoken));
  return spoken.sort((a, b) => a.index - b.index).map((d) => (halfDay ? { ...d, halfDay } : d));
}

/**
 * "27号", "3日", "下个月3号": a day of the month without the month, which chrono does not read.
 * The next such day: this month's if it is still to come (or today), else next month's.
 */
function daysOfMonth(text: string, wallClock: Date, found: SpokenDate[]): SpokenDate[] {
  const days: SpokenDate[] = [];
  for (const match of text.matchAll(DAY_OF_MONTH)) {
    // Skipped where chrono read the same words ("12月8号"), not where the same words come again ("…还是8号吧").
    const [start, end] = [match.index, match.index + match[0].length];
    if (found.some((d) => d.index < end && start < d.index + d.text.length)) continue;
    const day = Number(match[2]);
    if (day < 1 || day > 31) continue;
    let year = wallClock.getUTCFullYear();
    let month = wallClock.getUTCMonth() + (match[1] ? 1 : 0);
    if (!match[1] && day < wallClock.getUTCDate()) month += 1;
    if (month > 11) {
      month -= 12;
      year += 1;
    }
    const date = new Date(Date.UTC(year, month, day));
    if (date.getUTCMonth() !== month) continue; // 31号 in a 30-day month
    days.push({ text: match[0], date: date.toISOString().slice(0, 10), index: match.index });
  }
  return days;
}

// "三天了", "一个多月", "两年前", "上礼拜", "去年", "好久了": when something began, as said.
const SINCE =
  /((?:\d+|[一两二三四五六七八九十几半]+)\s*(?:个多|多个|个)?\s*(?:天|星期|周|礼拜|个月|月|年)多?(?:了|前|以前|之前)?|今天|今早|昨天|昨晚|前天|前[两几些]天|这几天|这两天|前段时间|前阵子|上周|上个?星期|上个?礼拜|这周|这个?星期|这个?礼拜|上个月|这个月|本月|月初|月底|年初|年底|今年|去年|前年|过年|春节|最近|好久|很久|老早|早就|一直|一阵子|刚才|刚刚)/;

/**
 * When something began, as a resident says it ("上礼拜开始的" → "上礼拜", "三天了"), or
 * undefined when the text names no time.
 */
export function findSince(text: string): string | undefined {
  return SINCE.exec(text)?.[1];
}
