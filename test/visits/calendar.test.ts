import { beforeAll, describe, expect, it } from 'vitest';
import {
  addDays,
  checkSlot,
  formatSlot,
  isMakeUpWorkday,
  isWorkingDay,
  shanghaiDate,
  shanghaiInstant,
  stationOpen,
  weekday,
} from '../../src/visits/calendar.ts';
import type { Village } from '../../src/knowledge/schema.ts';
import type { VisitRules } from '../../src/visits/visit-rules.ts';
import { at, loadFixtures } from './visit-test-db.ts';

let rules: VisitRules;
let villages: Village[];
const village = (name: string): Village => villages.find((v) => v.name === name)!;

beforeAll(async () => {
  const fixtures = await loadFixtures();
  rules = fixtures.rules;
  villages = fixtures.base.villages;
});

describe('the visit calendar', () => {
  it('reads dates in Asia/Shanghai whatever the instant', () => {
    expect(shanghaiDate(new Date('2026-10-11T16:30:00Z'))).toBe('2026-10-12');
    expect(shanghaiDate(new Date('2026-10-11T15:59:00Z'))).toBe('2026-10-11');
    expect(shanghaiInstant('2026-10-13', '18:00').toISOString()).toBe('2026-10-13T10:00:00.000Z');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(weekday('2026-10-12')).toBe(1);
    expect(weekday('2026-10-11')).toBe(7);
  });

  it('knows the National Day holiday and its make-up working days', () => {
    expect(isWorkingDay('2026-10-01')).toBe(false);
    expect(isWorkingDay('2026-10-05')).toBe(false);
    expect(isWorkingDay('2026-10-08')).toBe(true);
    // chinese-days lists Saturday 10 October 2026 and Sunday 20 September 2026 as 调休 working days.
    expect(isMakeUpWorkday('2026-10-10')).toBe(true);
    expect(isMakeUpWorkday('2026-09-20')).toBe(true);
    expect(isWorkingDay('2026-10-11')).toBe(false);
    expect(isMakeUpWorkday('2026-10-12')).toBe(false);
  });

  it('gives the same working days when the server runs in another time zone', () => {
    const saved = process.env.TZ;
    try {
      for (const zone of ['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC']) {
        process.env.TZ = zone;
        expect([isWorkingDay('2026-10-01'), isWorkingDay('2026-10-08'), isWorkingDay('2026-10-10'), isWorkingDay('2026-10-11')]).toEqual([false, true, true, false]);
        expect(shanghaiDate(at('2026-10-12 00:30'))).toBe('2026-10-12');
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('refuses a past day, a morning gone at noon and an afternoon gone at five', () => {
    const now = at('2026-10-12 12:00');
    expect(checkSlot({ date: '2026-10-09', half: 'pm' }, now, rules)).toBe('past');
    expect(checkSlot({ date: '2026-10-12', half: 'am' }, now, rules)).toBe('today_passed');
    expect(checkSlot({ date: '2026-10-12', half: 'am' }, at('2026-10-12 11:59'), rules)).toBeNull();
    expect(checkSlot({ date: '2026-10-12', half: 'pm' }, now, rules)).toBeNull();
    expect(checkSlot({ date: '2026-10-12', half: 'pm' }, at('2026-10-12 17:00'), rules)).toBe('today_passed');
  });

  it('refuses weekends and holidays but takes a make-up working day', () => {
    const now = at('2026-09-28 09:00');
    expect(checkSlot({ date: '2026-10-01', half: 'am' }, now, rules)).toBe('holiday');
    expect(checkSlot({ date: '2026-10-04', half: 'pm' }, now, rules)).toBe('holiday');
    expect(checkSlot({ date: '2026-10-10', half: 'am' }, now, rules)).toBeNull();
    expect(checkSlot({ date: '2026-10-08', half: 'am' }, now, rules)).toBeNull();
  });

  it('takes the next 14 days and no further', () => {
    const now = at('2026-10-12 09:00');
    expect(checkSlot({ date: '2026-10-26', half: 'pm' }, now, rules)).toBeNull();
    expect(checkSlot({ date: '2026-10-27', half: 'am' }, now, rules)).toBe('too_far');
  });

  it('opens a station only on its own days, and a make-up Saturday only for demonstration stations', () => {
    expect(stationOpen(village('中湖村'), '2026-10-14', rules)).toBe(true);
    expect(stationOpen(village('中湖村'), '2026-10-13', rules)).toBe(false);
    expect(stationOpen(village('岭口村'), '2026-10-13', rules)).toBe(true);
    expect(stationOpen(village('岭口村'), '2026-10-01', rules)).toBe(false);
    expect(stationOpen(village('岭口村'), '2026-10-10', rules)).toBe(true);
    expect(stationOpen(village('中湖村'), '2026-10-10', rules)).toBe(false);
    expect(stationOpen(village('岭口村'), '2026-10-11', rules)).toBe(false);
  });

  it('writes a slot the way residents say it', () => {
    expect(formatSlot({ date: '2026-10-12', half: 'am' }, rules)).toBe('10月12日（周一）上午');
    expect(formatSlot({ date: '2026-10-18', half: 'pm' }, rules)).toBe('10月18日（周日）下午');
  });
});
