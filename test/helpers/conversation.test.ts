import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversation } from './conversation.ts';
import { fixedClock, startTestServer, type TestServer } from './test-server.ts';

const clock = fixedClock('2026-11-25T02:00:00Z');

describe('conversation(): a transcript written in code', () => {
  let bot: TestServer;
  beforeAll(async () => {
    bot = await startTestServer({}, undefined, clock);
  });
  afterAll(async () => {
    await bot.close();
  });

  it('plays a guide question and its follow-up, checking the item answered from', async () => {
    await conversation(bot, { clock, name: 'guide follow-up' })
      .user('低保怎么申请啊')
      .bot({ says: ['【最低生活保障申请】', '谁来办'], intent: 'guide', item: 'dibao' })
      .user('要带啥子材料')
      .bot({ says: ['【最低生活保障申请】需要带的材料'], item: 'dibao' });
  });

  it('plays a booking begun in the group through the web channel: the phone never shows there', async () => {
    await conversation(bot, { clock, mode: 'web', name: 'group booking' })
      .user('我电话13800007777，想约代办员上门办高龄津贴', { in: 'group' })
      .bot({ says: ['私聊'], not: ['13800007777'], private: { says: ['好的，帮您预约村代办员上门帮办代办'] } })
      .user('自己')
      .bot({ says: ['多大年纪'], intent: 'visit' })
      .run();
  });

  it('fails, naming the turn, the check and what the bot said, when the answer is wrong', async () => {
    const wrong = conversation(bot, { clock, name: 'wrong on purpose' })
      .user('你好')
      .bot({ says: ['低保已经批下来了'], intent: 'guide' });
    const failure = await wrong.run().then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(failure).toContain('wrong on purpose: turn 1 "你好"');
    expect(failure).toContain('should say "低保已经批下来了"');
    expect(failure).toContain('intent should be guide, was help');
    expect(failure).toContain('bot said: 您好，我是玉山镇办事小助手');
  });

  it('rejects a .bot() that answers no message', () => {
    expect(() => conversation(bot).bot({ says: ['x'] })).toThrow('.bot() must follow a .user()');
  });
});
