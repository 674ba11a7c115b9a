import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Recipient } from '../../src/notify/notification-outbox.ts';
import { startWechatHarness, type Sent, type WechatHarness } from './wechat-harness.ts';

const MIN_GAP = 60;
const JITTER = 40;
const CHAT_GAP = 150;
// Timers fire on the millisecond at best; the clock of two sends is read at slightly different points.
const SLACK = 3;

let wx: WechatHarness;
beforeAll(async () => {
  // A fixed cycle of "random" numbers, so that the jitter is visible and the test repeatable.
  let i = 0;
  const cycle = [0, 0.9, 0.3, 0.6];
  wx = await startWechatHarness(
    { WECHAT_MIN_GAP_MS: String(MIN_GAP), WECHAT_JITTER_MS: String(JITTER), OUTBOUND_CHAT_GAP_MS: String(CHAT_GAP), OUTBOUND_MAX_PER_SECOND: '50' },
    { random: () => cycle[i++ % cycle.length]! },
  );
});
afterAll(async () => {
  await wx.close();
});

const gaps = (sends: Sent[]) => sends.slice(1).map((s, i) => s.at - sends[i]!.at);

describe('WeChat outbound pacing', () => {
  it('spaces all sends by the minimum gap plus jitter, keeps each chat in order, and loses or repeats nothing', async () => {
    const residents = ['pace-a', 'pace-b', 'pace-c'].map((id, n) => wx.person(id, `居民${n}`));
    const to = (id: string): Recipient => ({ channel: 'wechat', chat: id, user: id });
    const start = wx.sent.length;
    // Notifications for three chats and two residents writing at the same moment, all at once.
    const work: Promise<unknown>[] = [];
    for (let n = 1; n <= 4; n++) for (const r of residents) work.push(wx.channel.send(to(r.id), [{ text: `${r.id} 第${n}条` }]));
    work.push(wx.say(residents[0]!, '你好'), wx.say(residents[1]!, '低保要带什么材料'));
    await Promise.all(work);
    const sends = wx.sent.slice(start);

    // Nothing lost, nothing twice: 12 notifications and one answer to each message (each short enough
    // for one WeChat message; a full guide may take two, see message-chunks.ts).
    expect(sends).toHaveLength(14);
    for (const r of residents) {
      const numbered = sends.filter((s) => s.chat === r.id && s.text.startsWith(r.id)).map((s) => s.text);
      expect(numbered).toEqual([1, 2, 3, 4].map((n) => `${r.id} 第${n}条`));
    }

    // The whole account: never two sends closer than the minimum gap; the jitter shows.
    const all = gaps(sends);
    expect(Math.min(...all)).toBeGreaterThanOrEqual(MIN_GAP - SLACK);
    expect(Math.max(...all)).toBeGreaterThanOrEqual(MIN_GAP + JITTER * 0.8);
    // One chat: never closer than its own gap.
    for (const r of residents) expect(Math.min(...gaps(sends.filter((s) => s.chat === r.id)))).toBeGreaterThanOrEqual(CHAT_GAP - SLACK);
  });

  it('refuses to send while logged out, so the notification stays queued, and sends it once after the login', async () => {
    const resident = wx.person('pace-d', '居民d');
    const to: Recipient = { channel: 'wechat', chat: resident.id, user: resident.id };
    await wx.puppet.logout();
    await wx.waitForState('offline');
    await expect(wx.channel.send(to, [{ text: '明天上午代办员上门' }])).rejects.toThrow(/not logged in/);
    wx.mocker.login(wx.self);
    await wx.waitForState('online');
    await wx.channel.send(to, [{ text: '明天上午代办员上门' }]);
    expect(wx.sent.filter((s) => s.chat === resident.id).map((s) => s.text)).toEqual(['明天上午代办员上门']);
  });
});
