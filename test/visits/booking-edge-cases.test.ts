import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, startTestServer, type TestServer, textOf } from '../helpers/test-server.ts';

// Wednesday 2026-11-25, 10:00 in Shanghai.
const clock = fixedClock('2026-11-25T02:00:00Z');
let bot: TestServer;

beforeAll(async () => {
  bot = await startTestServer({}, undefined, clock);
});
afterAll(async () => {
  await bot.close();
});

describe('booking edge cases', () => {
  it('reads "周五上午" as Friday and never books today for a bare 上午', async () => {
    const user = { userId: 'e-friday' };
    const summary = textOf(await bot.say('我叫冯秀兰，电话13800001212，岭口村2组，想约周五上午代办员上门办高龄津贴，我83岁', user));
    expect(summary).toContain('11月27日（周五）');
    const corrected = textOf(await bot.say('改成下午', user));
    expect(corrected).toContain('11月27日（周五）');
    expect(corrected).toContain('下午');
  });

  it('asks for another time when the half-day passed between the summary and 确认', async () => {
    const user = { userId: 'e-late' };
    expect(textOf(await bot.say('我叫褚玉珍，电话13800001313，岭口村2组，想约今天上午代办员上门办高龄津贴，我88岁', user))).toContain('请核对');
    clock.set('2026-11-25T04:05:00Z'); // 12:05 in Shanghai: the morning is over
    try {
      const answer = textOf(await bot.say('确认', user));
      expect(answer).toContain('请换一个时间');
      expect(answer).toContain('哪天');
    } finally {
      clock.set('2026-11-25T02:00:00Z');
    }
  });

  it('does not take a denied circumstance as one', async () => {
    const user = { userId: 'e-denied' };
    await bot.say('我叫卫国强，电话13800001414，方塘村3组，想约明天上午代办员上门办高龄津贴，我66岁', user);
    const answer = textOf(await bot.say('没有残疾，也没有重病', user));
    expect(answer).toContain('还不在内');
  });

  it('books for the parent when the son says whose son he is', async () => {
    const user = { userId: 'e-son' };
    const asked = textOf(await bot.say('我是张桂兰的儿子，电话13800001515，岭口村3组，想约明天上午代办员上门帮她办高龄津贴，她82岁', user));
    expect(asked).toContain('帮家里人约');
    expect(asked).toContain('张桂兰');
    expect(asked).toContain('您是办事人的：儿子');
  });

  it('moves a reschedule asked for in a group to the private chat', async () => {
    const user = 'e-move';
    await bot.say('我叫孔桂香，电话13800001616，岭口村2组，想约明天上午代办员上门办高龄津贴，我84岁', { userId: user });
    await bot.say('确认', { userId: user });
    await bot.inbox(user);
    const inGroup = textOf(await bot.say('我要改时间', { userId: user, chatId: 'lingkou-group', chatType: 'group' }));
    expect(inGroup).toContain('私聊');
    expect((await bot.inbox(user)).map((m) => m.text).join('\n')).toContain('哪天');
    expect(textOf(await bot.say('后天下午', { userId: user }))).toContain('改好了');
  });
});
