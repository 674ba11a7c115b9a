import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { type FakeChatModel, startFakeChatModel } from '../helpers/fake-chat-model.ts';
import { fixedClock, startTestServer, type TestServer, textOf } from '../helpers/test-server.ts';

let model: FakeChatModel;
let bot: TestServer;

beforeAll(async () => {
  model = await startFakeChatModel();
  bot = await startTestServer(
    { CHAT_MODEL_URL: model.url, CHAT_MODEL: 'qwen-county', CHAT_MODEL_API_KEY: 'county-key', CHAT_MODEL_TIMEOUT_MS: '800' },
    undefined,
    fixedClock('2026-11-25T02:00:00Z'),
  );
});
afterAll(async () => {
  await bot.close();
  await model.close();
});

async function classify(text: string) {
  const response = await bot.server.app.inject({ method: 'POST', url: '/api/v1/hotline/classify', payload: { text } });
  expect(response.statusCode).toBe(200);
  return response.json() as { type: string; category: string; subcategory: string };
}

const BUS = '建议在岭口村增开一班去县城的公交车，早上7点那班太挤了';

describe('complaints classified by an optional chat model, with the rules as fallback', () => {
  it('asks the model with the kinds and the category tree, and answers with what it said', async () => {
    model.reply({ content: '{"type":"建议","category":"交通运输","subcategory":"客货运输"}' });
    expect(await classify(BUS)).toEqual({ type: '建议', category: '交通运输', subcategory: '客货运输' });
    const sent = model.requests.at(-1)!;
    expect(sent.model).toBe('qwen-county');
    expect(sent.authorization).toBe('Bearer county-key');
    expect(sent.messages.at(-1)).toEqual({ role: 'user', content: BUS });
    const prompt = sent.messages[0]!.content;
    for (const part of ['咨询', '举报', '城乡建设', '科技与信息产业', '出租车管理']) expect(prompt).toContain(part);
  });

  it('falls back to the offline classifier when the model answers nonsense, names a category that does not exist, fails or hangs', async () => {
    const lamp = '我们岭口村3组的路灯坏了一个多月没人修';
    // What the server answers without a chat model: the trained models, the keywords where they are unsure.
    const offline = await startTestServer();
    const rules = (await offline.server.app.inject({ method: 'POST', url: '/api/v1/hotline/classify', payload: { text: lamp } })).json();
    await offline.close();
    expect(rules).toMatchObject({ type: '投诉', category: '城乡建设' });
    for (const reply of [
      { content: '这个问题属于路灯维修。' },
      { content: '{"type":"投诉","category":"路灯管理","subcategory":"路灯"}' },
      { content: '{"type":"抱怨","category":"城乡建设","subcategory":"其他"}' },
      { status: 500 },
      { hangMs: 5000 },
    ]) {
      model.reply(reply);
      const started = Date.now();
      expect(await classify(lamp), JSON.stringify(reply)).toEqual(rules);
      expect(Date.now() - started).toBeLessThan(4000);
    }
  });

  it('keeps a valid category when the model misspells only the level 2', async () => {
    model.reply({ content: '```json\n{"type":"举报","category":"环境保护","subcategory":"水污染"}\n```' });
    expect(await classify('隔壁养猪场污水直接排到河里')).toEqual({ type: '举报', category: '环境保护', subcategory: '其他' });
  });

  it('files a complaint from the web chat with the model’s classification', async () => {
    model.reply({ content: '{"type":"建议","category":"交通运输","subcategory":"客货运输"}' });
    const user = { userId: 'model-bus' };
    textOf(await bot.say(`${BUS}。我是岭口村的，村口车站`, user));
    let reply = textOf(await bot.say('今年', user));
    if (reply.includes('匿名')) reply = textOf(await bot.say('匿名', user));
    expect(reply).toContain('请核对');
    const filed = textOf(await bot.say('确认', user));
    expect(filed).toContain('类别：交通运输/客货运输（建议）');
    const id = /T\d{6}/.exec(filed)![0];
    const ticket = await bot.server.db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(ticket).toMatchObject({ category: '交通运输', subcategory: '客货运输', type: '建议' });
  });

  it('refuses a model URL without a model name at start-up, naming the variable', () => {
    expect(() => parseConfig({ CHAT_MODEL_URL: 'http://127.0.0.1:11434/v1' })).toThrow(/^CHAT_MODEL: is required/);
    expect(() => parseConfig({ CHAT_MODEL_URL: 'ftp://x', CHAT_MODEL: 'm' })).toThrow(/^CHAT_MODEL_URL: must start with/);
  });
});
