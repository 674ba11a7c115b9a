import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

let bot: TestServer;
beforeAll(async () => {
  bot = await startTestServer();
});
afterAll(async () => {
  await bot.close();
});

describe('a restart in the middle of a conversation', () => {
  it('continues a follow-up about the item asked before the restart', async () => {
    expect((await bot.say('异地就医怎么备案', { userId: 'r1' })).itemId).toBe('yidi-jiuyi-beian');
    await bot.restart();
    const followUp = await bot.say('要带什么材料', { userId: 'r1' });
    expect(followUp.itemId).toBe('yidi-jiuyi-beian');
    expect(followUp.replies[0]!.text).toContain('【异地就医备案】需要带的材料');
  });

  it('keeps an offered numbered choice across the restart', async () => {
    const choice = await bot.say('残疾人补贴', { userId: 'r2' });
    const labels = choice.replies[0]!.buttons!.map((b) => b.label);
    await bot.restart();
    const picked = await bot.say(String(labels.indexOf('困难残疾人生活补贴申请') + 1), { userId: 'r2' });
    expect(picked.itemId).toBe('canji-shenghuo-butie');
  });
});
