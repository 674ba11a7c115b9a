import { describe, expect, it } from 'vitest';
import type { IntentContext } from '../../src/engine/intent.ts';
import type { EmergencyReading } from '../../src/nlu/emergency-detector.ts';
import { handleEmergency } from '../../intents/emergency/handler.ts';
import { smallTalkReply } from '../../intents/out-of-scope/handler.ts';

/** The emergency answer for a reading, outside any chat (no village: no duty alert). */
async function answer(emergency: EmergencyReading, text = '快来人') {
  const context = { text, understanding: { emergency, entities: [] }, session: {}, message: {}, now: new Date('2026-11-25T02:00:00Z') } as unknown as IntentContext;
  return (await handleEmergency(context)).replies[0]!.text;
}

describe('the numbers of an emergency answer', () => {
  it('adds the runner-up kind’s numbers that are not given yet, and never repeats one', async () => {
    const rescue = await answer({ now: true, probability: 0.9, kind: 'medical', kindProbability: 0.4, alsoKind: 'rescue' });
    expect(rescue).toContain('119');
    const drowning = await answer({ now: true, probability: 0.9, kind: 'medical', kindProbability: 0.4, alsoKind: 'drowning' });
    expect(drowning).toContain('110');
    const heart = await answer({ now: true, probability: 0.9, kind: 'carbon_monoxide', kindProbability: 0.4, alsoKind: 'heart' }, '我老伴突然倒在地上叫不醒了');
    expect(heart.match(/120/g)).toHaveLength(1);
    expect(heart).not.toContain('一氧化碳）中毒：马上');
    const electric = await answer({ now: true, probability: 0.9, kind: 'medical', kindProbability: 0.4, alsoKind: 'electric' });
    expect(electric).toContain('95598');
  });
});

describe('small talk', () => {
  it('thanks praise, but not praise denied', () => {
    expect(smallTalkReply('小助手真不错')).toContain('谢谢');
    for (const complaint of ['这个不好用', '不是很好', '一点也不方便']) expect(smallTalkReply(complaint)).toBeUndefined();
  });
});
