import { describe, expect, it } from 'vitest';
import { isAbandon } from '../../src/nlu/form-acts.ts';

describe('stopping a form, or settling on something else', () => {
  it('stops on 算了 alone or 还是算了吧, never on "算了算了，还是改回周三" (she settles on a day)', () => {
    expect(isAbandon('算了')).toBe(true);
    expect(isAbandon('还是算了吧')).toBe(true);
    expect(isAbandon('算了，那个投诉我不要了，撤回吧')).toBe(true);
    expect(isAbandon('算了算了，还是改回周三')).toBe(false);
  });
});
