import { describe, expect, it } from 'vitest';
import { settledDate } from '../../src/nlu/dates.ts';

describe('the week after next', () => {
  it('reads 下下周一 / 下下个礼拜一 as the Monday of the week after next, never next Monday', () => {
    const now = new Date('2026-12-04T02:00:00Z'); // Friday
    expect(settledDate('下周一', now)?.date).toBe('2026-12-07');
    expect(settledDate('下下周一', now)?.date).toBe('2026-12-14');
    expect(settledDate('改到下下个礼拜一上午', now)?.date).toBe('2026-12-14');
  });
});
