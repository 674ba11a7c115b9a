import { describe, expect, it } from 'vitest';
import { findAge } from '../../src/nlu/ages.ts';
import { halfDayFeatures, halfDayMentions } from '../../src/nlu/slot-cues.ts';

describe('an age, as villagers say it', () => {
  it('reads it after a person, after 满 or 今年, with 岁 or 了, and the real age over the nominal one', () => {
    expect(findAge('帮我爸预约上门办高龄津贴，他85，住珍溪村河边7号')).toBe(85);
    expect(findAge('我老嬷刚满60，渠残疾走弗了远路')).toBe(60);
    expect(findAge('我老爸83 走路要拄拐')).toBe(83);
    expect(findAge('我妈80多岁了')).toBe(80);
    expect(findAge('今年虚岁八十，实岁79', true)).toBe(79);
    expect(findAge('阿爷七十九，我刚刚讲过了', true)).toBe(79);
  });

  it('takes the last age of an answer that corrects itself, and a number that starts an answer', () => {
    expect(findAge('79 哦不对 过了年刚80', true)).toBe(80);
    expect(findAge('91 人糊涂了', true)).toBe(91);
    expect(findAge('91 人糊涂了')).toBeUndefined();
  });

  it('never reads a house number, a phone or a duration as an age', () => {
    expect(findAge('住3组12号 电话13857912345')).toBeUndefined();
    expect(findAge('我姐13857912345')).toBeUndefined();
    expect(findAge('等了30天了')).toBeUndefined();
  });
});

describe('a half-day, named or turned down', () => {
  it('tells a half-day turned down from one asked for', () => {
    expect(halfDayMentions('不要上午')).toEqual({ am: 'refused', pm: undefined });
    expect(halfDayMentions('上午不行，下午可以')).toEqual({ am: 'refused', pm: 'named' });
    expect(halfDayMentions('下昼来')).toEqual({ am: undefined, pm: 'named' });
    expect(halfDayFeatures('不要上午')).toEqual(['half:morning-refused']);
    expect(halfDayFeatures('随便')).toEqual(['half:neither-named']);
  });
});
