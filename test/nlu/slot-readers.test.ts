import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, startTestServer, type TestServer } from '../helpers/test-server.ts';

// Wednesday 2026-11-25, 10:00 in Shanghai.
const clock = fixedClock('2026-11-25T02:00:00Z');
let bot: TestServer;

beforeAll(async () => {
  bot = await startTestServer({}, undefined, clock);
});
afterAll(async () => {
  await bot.close();
});

describe('form answers that are a choice, read by the trained readers and the patterns', () => {
  it('takes "不匿名，我留个手机号" as leaving a contact, and keeps the phone', async () => {
    const [asked, , summary] = await bot.talk('s-contact', '岭口村3组村口的路灯坏了一个多月了，晚上黑漆漆的，我要投诉', '不匿名，我留个手机号 13800002222', '陈大伯');
    expect(asked).toContain('匿名');
    expect(summary).toContain('请核对');
    expect(summary).toContain('留姓名和电话');
    expect(summary).not.toContain('联系方式：匿名');
  });

  it('takes "不要上午，下午来" as the afternoon', async () => {
    const answers = await bot.talk('s-half', '我要预约代办员上门', '高龄津贴', '自己', '85', '王秀英', '13800003333', '孔畈村', '2组3号', '明天', '不要上午，下午来');
    const summary = answers.at(-1)!;
    expect(summary).toContain('请核对');
    expect(summary).toContain('上午/下午：下午');
  });
});

describe('the anonymity pattern', () => {
  it('reads a denied 匿名 as leaving a contact, and 匿名 as anonymous', async () => {
    const { COMPLAINT_SLOTS } = await import('../../intents/complaint/slots.ts');
    const anonymous = COMPLAINT_SLOTS.find((s) => s.name === 'anonymous')!;
    const context = { knowledge: bot.server.knowledge.current, said: () => ({}) };
    for (const denied of ['不想匿名', '不用匿名，写我名字', '用不着匿名', '弗要匿名']) expect(anonymous.parse(denied, {}, context)).toEqual({ ok: true, value: false });
    for (const wanted of ['匿名', '我要匿名反映', '不想留名字']) expect(anonymous.parse(wanted, {}, context)).toEqual({ ok: true, value: true });
  });
});
