import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resident, startTelegramHarness, texts, WEBHOOK_SECRET, type TelegramHarness } from './telegram-harness.ts';

let tg: TelegramHarness;

beforeAll(async () => {
  tg = await startTelegramHarness({ webhook: true });
});
afterAll(async () => {
  await tg.close();
});

/** Posts to the webhook the way an outsider (or Telegram) would. */
async function post(body: unknown, secret?: string): Promise<number> {
  const response = await fetch(`${tg.baseUrl}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret === undefined ? {} : { 'x-telegram-bot-api-secret-token': secret }) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  await tg.channel.idle();
  return response.status;
}

function update(id: number, text: string, from = 3101) {
  return {
    update_id: id,
    message: { message_id: 90_000 + id, date: 1, from: { id: from, is_bot: false, first_name: '冒充者' }, chat: { id: from, type: 'private' }, text },
  };
}

describe('the Telegram webhook (TELEGRAM_WEBHOOK_URL set)', () => {
  it('registers the webhook with Telegram, with its secret, instead of polling', () => {
    expect(tg.peer.webhook).toEqual({ url: `${tg.baseUrl}/telegram/webhook`, secret: WEBHOOK_SECRET });
    expect(tg.peer.calls.some((c) => c.method === 'getUpdates')).toBe(false);
    const registered = tg.peer.calls.find((c) => c.method === 'setWebhook')!;
    expect(registered.body.allowed_updates).toEqual(['message', 'callback_query']);
  });

  it('answers 401 to a call without the secret or with a wrong one, and handles nothing', async () => {
    const before = tg.peer.sent().length;
    expect(await post(update(1, '低保怎么申请'))).toBe(401);
    expect(await post(update(2, '低保怎么申请'), 'wrong-secret')).toBe(401);
    expect(await post(update(3, '低保怎么申请'), '')).toBe(401);
    expect(tg.peer.sent().length).toBe(before);
    const sessions = await tg.server.db.selectFrom('sessions').selectAll().execute();
    expect(sessions.some((s) => JSON.stringify(s).includes('3101'))).toBe(false);
  });

  it('handles updates Telegram delivers with the secret: a private guide question', async () => {
    const { user, dm } = resident(3102, '钱大妈');
    const sent = await tg.say(user, dm, '低保怎么申请');
    expect(tg.peer.webhookAnswers.at(-1)).toBe(200);
    expect(texts(sent)).toContain('【最低生活保障申请】');
  });

  it('confirms a booking through a callback query arriving by webhook', async () => {
    const { user, dm } = resident(3103, '郑奶奶');
    const summary = (await tg.say(user, dm, '我叫郑月娥，电话13800007777，岭口村2组，想约明天上午代办员上门办高龄津贴，我85岁')).at(-1)!;
    expect(summary.text).toContain('请核对');
    const booked = await tg.tap(user, dm, summary, '确认');
    expect(texts(booked)).toMatch(/预约成功！编号V\d{6}/);
    expect(tg.peer.calls.filter((c) => c.method === 'answerCallbackQuery')).toHaveLength(1);
  });

  it('ignores edited messages and survives malformed updates without a reply or a crash', async () => {
    const before = tg.peer.sent().length;
    const edited = { update_id: 20, edited_message: { ...update(0, '低保怎么申请', 3104).message, edit_date: 2 } };
    expect(await post(edited, WEBHOOK_SECRET)).toBe(200);
    expect(await post({ update_id: 21, message: {} }, WEBHOOK_SECRET)).toBe(200);
    expect(await post({ update_id: 22, message: { message_id: 5, chat: { id: 3104, type: 'private' }, from: { id: 3104 }, text: 12345 } }, WEBHOOK_SECRET)).toBe(200);
    expect(await post({ update_id: 23, callback_query: { id: 'x' } }, WEBHOOK_SECRET)).toBe(200);
    expect(await post({ update_id: 24, channel_post: { message_id: 1, chat: { id: -5, type: 'channel' }, text: 'hi' } }, WEBHOOK_SECRET)).toBe(200);
    expect(await post({ hello: 'world' }, WEBHOOK_SECRET)).toBe(400);
    expect(await post('not json', WEBHOOK_SECRET)).toBe(400);
    expect(tg.peer.sent().length).toBe(before);
    // Still answering afterwards.
    const { user, dm } = resident(3105, '冯叔');
    expect(texts(await tg.say(user, dm, '低保怎么申请'))).toContain('【最低生活保障申请】');
  });
});
