import { describe, expect, it } from 'vitest';
import { characterPairs, likeness, textLikeness } from '../../src/nlu/similarity.ts';

describe('text likeness', () => {
  it('counts character pairs, leaving out spaces, punctuation and symbols', () => {
    expect([...characterPairs('路灯，坏了！')]).toEqual(['路灯', '灯坏', '坏了']);
    expect(characterPairs('。！ ').size).toBe(0);
  });

  it('is 1 for the same text, 0 for texts that share no pair, and symmetric', () => {
    expect(textLikeness('垃圾没人清运', '垃圾没人清运')).toBe(1);
    expect(textLikeness('路灯坏了', '低保申请')).toBe(0);
    expect(textLikeness('垃圾桶满了', '垃圾堆着没人收')).toBeCloseTo(textLikeness('垃圾堆着没人收', '垃圾桶满了'));
  });

  it('says how many pairs two texts share', () => {
    expect(likeness(characterPairs('低保一个月多少钱'), characterPairs('低保一个月能拿多少'))).toEqual({ dice: 10 / 15, shared: 5 });
    expect(likeness(new Set(), characterPairs('低保'))).toEqual({ dice: 0, shared: 0 });
  });
});
