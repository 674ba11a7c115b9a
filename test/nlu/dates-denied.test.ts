import { describe, expect, it } from 'vitest';
import { settledDate } from '../../src/nlu/dates.ts';

describe('a day denied', () => {
  it('is no day she names: "地址错了，是1组13号，不是3号" names none, "不要明天，后天吧" names the day after', () => {
    const now = new Date('2026-12-04T02:00:00Z');
    expect(settledDate('地址错了，是1组13号，不是3号', now)).toBeUndefined();
    expect(settledDate('不要明天，后天吧', now)?.date).toBe('2026-12-06');
  });

  it('is never a time alone: "眼睛一点都看弗着" names no day, "明天下午三点" names tomorrow', () => {
    const now = new Date('2026-12-04T02:00:00Z');
    expect(settledDate('阿爷叫楼根土，七十九岁了，眼睛一点都看弗着', now)).toBeUndefined();
    expect(settledDate('明天下午三点', now)?.date).toBe('2026-12-05');
  });
});
