import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, WEB_KEY_HEADER, type TestServer } from '../helpers/test-server.ts';

let bot: TestServer;
beforeAll(async () => {
  bot = await startTestServer();
});
afterAll(async () => {
  await bot.close();
});

function post(payload: string | object, contentType = 'application/json') {
  return bot.server.app.inject({
    method: 'POST',
    url: '/api/v1/messages',
    headers: { ...WEB_KEY_HEADER, 'content-type': contentType },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
}

describe('bad input on the web channel', () => {
  it('answers an empty or whitespace-only message with a friendly prompt', async () => {
    for (const text of ['', '   \n\t ']) {
      const answer = await bot.say(text, { userId: 'b1' });
      expect(answer.replies[0]!.text).toContain('请直接说想办什么事');
    }
  });

  it('answers an emoji-only message kindly', async () => {
    const answer = await bot.say('😀👍🙏', { userId: 'b2' });
    expect(answer.replies[0]!.text).toContain('只看得懂文字');
  });

  it('asks to shorten a message over 4,000 characters, and keeps the conversation', async () => {
    await bot.say('高龄津贴怎么领', { userId: 'b3' });
    const long = await bot.say('低保'.repeat(2100), { userId: 'b3' });
    expect(long.replies[0]!.text).toContain('太长');
    const followUp = await bot.say('要带什么', { userId: 'b3' });
    expect(followUp.itemId).toBe('gaoling-jintie');
  });

  it('understands mixed scripts', async () => {
    const answer = await bot.say('请问ＤＢ就是低保 how to 申请？', { userId: 'b4' });
    expect(answer.itemId).toBe('dibao');
  });

  it('gives 400 with a stable code for malformed JSON', async () => {
    const response = await post('{"userId": "x", "text": ');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBeDefined();
  });

  it('gives 400 for wrong types and missing fields', async () => {
    expect((await post({ userId: 'x', text: 123 })).statusCode).toBe(400);
    expect((await post({ text: '低保' })).statusCode).toBe(400);
    expect((await post({ userId: 'x', text: '低保', chatType: 'channel' })).statusCode).toBe(400);
    expect((await post([1, 2, 3])).statusCode).toBe(400);
  });

  it('gives 415 for a body that is not JSON', async () => {
    expect((await post('userId=x&text=1', 'application/x-www-form-urlencoded')).statusCode).toBe(415);
  });

  it('answers a repeated message id once', async () => {
    const first = await post({ userId: 'b5', text: '低保怎么申请', messageId: 'm-1' });
    const again = await post({ userId: 'b5', text: '低保怎么申请', messageId: 'm-1' });
    expect(first.json().replies.length).toBe(1);
    expect(again.json().replies).toEqual([]);
  });

  it('survives a burst of concurrent messages from one person, in order, without losing the session', async () => {
    const answers = await Promise.all(['医保怎么交', '要带什么', '在哪办'].map((text) => bot.say(text, { userId: 'b6' })));
    expect(answers.map((a) => a.itemId)).toEqual(['jumin-yibao-canbao', 'jumin-yibao-canbao', 'jumin-yibao-canbao']);
  });
});
