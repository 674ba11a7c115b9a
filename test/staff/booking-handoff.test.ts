import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeDirective } from '../../src/engine/directive.ts';
import { fixedClock, startTestServer, textOf, type TestServer, type WebAnswer } from '../helpers/test-server.ts';

// Wednesday 2026-11-25, 10:00 in Shanghai.
const clock = fixedClock('2026-11-25T02:00:00Z');
let bot: TestServer;

beforeAll(async () => {
  bot = await startTestServer({}, undefined, clock);
});
afterAll(async () => {
  await bot.close();
});

/** Takes every place of a half-day from every agent, as if others had just booked it. */
async function fill(date: string, half: string): Promise<void> {
  for (const agent of await bot.server.visits.roster.list()) {
    await bot.server.db
      .insertInto('visit_slots')
      .values({ agent_id: agent.id, date, half, booked: 99 })
      .onConflict((c) => c.columns(['agent_id', 'date', 'half']).doUpdateSet({ booked: 99 }))
      .execute();
  }
}

function firstOffer(answer: WebAnswer): { date: string; half: string } {
  const value = answer.replies.flatMap((r) => r.buttons ?? [])[0]?.value;
  const directive = value ? decodeDirective(value) : undefined;
  if (!directive || directive.kind !== 'slot') throw new Error(`no slot offered: ${textOf(answer)}`);
  return { date: directive.date, half: directive.half };
}

describe('a booking that keeps finding its half-day full', () => {
  it('goes to a person on the third full half-day instead of a fourth list', async () => {
    const userId = 'full-3';
    await fill('2026-11-26', 'am');
    await bot.say('我叫钱玉梅，电话13800007777，岭口村3组，想约明天上午代办员上门办高龄津贴，我86岁', { userId });
    let answer = await bot.say('确认', { userId });
    expect(textOf(answer)).toContain('约满');
    for (let i = 0; i < 2; i++) {
      const offered = firstOffer(answer);
      await fill(offered.date, offered.half);
      answer = await bot.say('1', { userId });
    }
    expect(textOf(answer)).toContain('转给');
    expect(textOf(answer)).toContain('岭口村山城管事之家');
    const handoffs = (await bot.admin('GET', '/api/v1/admin/handoffs')).body.handoffs as { lastText: string; village: string }[];
    expect(handoffs).toHaveLength(1);
    expect(handoffs[0]).toMatchObject({ village: '岭口村' });
    expect(handoffs[0]!.lastText).toContain('连着三次选的时间都约满了');
  });
});
