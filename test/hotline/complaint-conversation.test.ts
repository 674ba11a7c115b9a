import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signBody } from '../../src/hotline/signature.ts';
import { fixedClock, startTestServer, type TestServer, textOf, WEB_KEY_HEADER } from '../helpers/test-server.ts';

const SECRET = 'test-hotline-secret';
// Wednesday 2026-11-25, 10:00 in Shanghai.
const clock = fixedClock('2026-11-25T02:00:00Z');
let bot: TestServer;

beforeAll(async () => {
  // A hotline URL nobody answers: tickets stay in the outbox (the forwarder is not started here).
  bot = await startTestServer({ HOTLINE_SECRET: SECRET }, undefined, clock);
});
afterAll(async () => {
  await bot.close();
});

async function event(body: object, secret = SECRET) {
  const raw = JSON.stringify(body);
  return bot.server.app.inject({
    method: 'POST',
    url: '/api/v1/hotline/events',
    headers: { 'content-type': 'application/json', 'x-signature': signBody(raw, secret) },
    payload: raw,
  });
}

async function file(userId: string, message: string): Promise<string> {
  const summary = textOf(await bot.say(message, { userId }));
  expect(summary).toContain('请核对');
  const filed = textOf(await bot.say('确认', { userId }));
  const id = /T\d{6}/.exec(filed)?.[0];
  if (!id) throw new Error(`not filed: ${filed}`);
  return id;
}

describe('complaints for 12345 through the web channel', () => {
  it('takes a report in one message, classifies it and files it durably with its outbox entry', async () => {
    const user = { userId: 'c-one' };
    const summary = textOf(await bot.say('我们岭口村3组的路灯坏了一个多月没人修，我叫陈大伯，电话13800001111', user));
    for (const part of ['路灯坏了', '岭口村', '3组', '一个多月', '陈大伯', '13800001111']) expect(summary).toContain(part);
    const filed = textOf(await bot.say('确认', user));
    expect(filed).toMatch(/已记下，编号T\d{6}/);
    expect(filed).toContain('城乡建设');
    expect(filed).toContain('12345热线的对接还没开通');
    const id = /T\d{6}/.exec(filed)![0];
    const outbox = await bot.server.db.selectFrom('hotline_outbox').selectAll().where('ticket_id', '=', id).execute();
    expect(outbox).toHaveLength(1);
    expect(JSON.parse(outbox[0]!.body)).toMatchObject({ id, category: '城乡建设', village: '岭口村', contact: { name: '陈大伯', phone: '13800001111' }, channel: 'web' });
    const staff = await bot.admin('GET', '/api/v1/admin/complaints');
    expect(staff.body.complaints.find((c: { id: string }) => c.id === id)).toMatchObject({ status: 'queued', category: '城乡建设', village: '岭口村', hotlineStatus: null });
  });

  it('asks for what is missing, and files anonymously when the resident says so', async () => {
    const user = { userId: 'c-anon' };
    expect(textOf(await bot.say('我要举报', user))).toContain('是什么问题');
    expect(textOf(await bot.say('隔壁养猪场污水直接排到河里，臭得不行', user))).toContain('哪个村');
    // The place (养猪场) was in the report already: not asked again.
    expect(textOf(await bot.say('玉峰村', user))).toContain('什么时候开始');
    expect(textOf(await bot.say('上个月', user))).toContain('匿名');
    const summary = textOf(await bot.say('匿名', user));
    expect(summary).toContain('联系方式：匿名');
    const filed = textOf(await bot.say('确认', user));
    const id = /T\d{6}/.exec(filed)![0];
    const outbox = await bot.server.db.selectFrom('hotline_outbox').selectAll().where('ticket_id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.parse(outbox.body)).toMatchObject({ contact: null, category: '环境保护' });
  });

  it('answers an emergency with 119/120/110 at once and files no ticket', async () => {
    const before = (await bot.admin('GET', '/api/v1/admin/complaints')).body.complaints.length;
    const answer = await bot.say('村口着火了，烧起来了', { userId: 'c-fire' });
    expect(answer.intent).toBe('emergency');
    expect(textOf(answer)).toContain('119');
    expect((await bot.admin('GET', '/api/v1/admin/complaints')).body.complaints.length).toBe(before);
  });

  it('raises no alarm for a past injury or a feared fire, but what happens now stays an emergency', async () => {
    const past = await bot.say('我父亲3月5日在工地干活时受伤，工地拒绝支付医疗费', { userId: 'c-past' });
    expect(past.intent).not.toBe('emergency');
    expect(textOf(past)).not.toContain('120');
    const feared = await bot.say('林宅村小路上乱停车，如果着火了消防车根本进不来', { userId: 'c-feared' });
    expect(feared.intent).not.toBe('emergency');
    expect(textOf(feared)).not.toContain('119');
    for (const now of ['3号楼着火了', '上个月就打过一次，现在他又在打人了', '有人受伤了，在流血']) {
      const answer = await bot.say(now, { userId: 'c-now' });
      expect(answer.intent, now).toBe('emergency');
    }
  });

  it('takes a problem told about a service as a report, and a question about the service as a guide question', async () => {
    const problem = await bot.say('我们村的自来水发黄，喝了拉肚子', { userId: 'c-water' });
    expect(problem.intent).toBe('complaint');
    expect(textOf(problem)).toContain('哪个村');
    const question = await bot.say('自来水怎么报装', { userId: 'c-water-guide' });
    expect(question.intent).toBe('guide');
    expect(textOf(question)).toContain('【用水报装】');
  });

  it('moves a report begun in a group to the private chat; the group sees a neutral note', async () => {
    const group = { userId: 'c-group', chatId: 'yufeng-group', chatType: 'group' as const };
    const inGroup = textOf(await bot.say('我要投诉，村里垃圾好几天没人清运，电话13800002222', group));
    expect(inGroup).toContain('私聊');
    expect(inGroup).not.toContain('13800002222');
    const inbox = (await bot.inbox('c-group')).map((m) => m.text).join('\n');
    expect(inbox).toContain('哪个村');
  });

  it('keeps photos with the report and refuses one that is too large', async () => {
    const user = 'c-photo';
    // A JPEG's first bytes, then filler: the store reads what a file is from its bytes.
    const jpeg = (bytes: number) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(bytes - 4, 7)]);
    const photo = (bytes: number) => ({ kind: 'image', mimeType: 'image/jpeg', data: jpeg(bytes).toString('base64') });
    const post = (payload: object) => bot.server.app.inject({ method: 'POST', url: '/api/v1/messages', headers: WEB_KEY_HEADER, payload: { userId: user, ...payload } });
    const first = await post({ text: '林宅村5组桥头的护栏断了，很危险', attachments: [photo(5 * 1024 * 1024)] });
    expect(first.statusCode).toBe(200);
    expect(first.json().replies.map((r: { text: string }) => r.text).join('\n')).toContain('收到1张照片');
    const disguised = await post({ text: '', attachments: [{ kind: 'image', mimeType: 'image/jpeg', data: Buffer.from('#!/bin/sh\nrm -rf /\n').toString('base64') }] });
    expect(disguised.json().replies.map((r: { text: string }) => r.text).join('\n')).toContain('只能收照片');
    const big = await post({ text: '', attachments: [photo(11 * 1024 * 1024)] });
    expect(big.statusCode).toBe(200);
    expect(big.json().replies.map((r: { text: string }) => r.text).join('\n')).toContain('照片太大');
    await bot.say('今天', { userId: user });
    await bot.say('匿名', { userId: user });
    const filed = textOf(await bot.say('确认', { userId: user }));
    const id = /T\d{6}/.exec(filed)![0];
    const ticket = await bot.server.db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.parse(ticket.attachments)).toHaveLength(1);
    expect(ticket.urgent).toBe(1);
  });

  it('joins a similar report of the same village to the open ticket and forwards it as an update', async () => {
    const first = await file('c-dup-1', '中湖村2组的路灯坏了好几天了，晚上黑漆漆的，匿名');
    const second = textOf(await bot.say('中湖村2组路灯坏了好几天，晚上走路看不见，匿名', { userId: 'c-dup-2' }));
    expect(second).toContain('请核对');
    const joined = textOf(await bot.say('确认', { userId: 'c-dup-2' }));
    expect(joined).toContain(`已经有人反映过了（编号${first}）`);
    const entries = await bot.server.db.selectFrom('hotline_outbox').select('id').where('ticket_id', '=', first).orderBy('id').execute();
    expect(entries.map((e) => e.id)).toEqual([first, `${first}-u1`]);
    expect(textOf(await bot.say('我的投诉', { userId: 'c-dup-2' }))).toContain(first);
  });

  it('verifies event signatures, relays every change to all reporters, and ignores a replay', async () => {
    const id = await file('c-events', '方塘村水库边的围栏上周被人拆了，小孩去玩很危险，匿名');
    const unsigned = await bot.server.app.inject({ method: 'POST', url: '/api/v1/hotline/events', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ id, status: 'accepted' }) });
    expect(unsigned.statusCode).toBe(401);
    expect((await event({ id, status: 'accepted' }, 'wrong-secret')).statusCode).toBe(401);
    expect((await bot.admin('GET', '/api/v1/admin/complaints')).body.complaints.find((c: { id: string }) => c.id === id).status).toBe('queued');
    expect((await event({ id: 'T999999', status: 'accepted' })).statusCode).toBe(404);
    expect((await event({ id, status: 'accepted', ticketNo: 'RX-2026-001' })).statusCode).toBe(200);
    expect((await event({ id, status: 'accepted', ticketNo: 'RX-2026-001' })).json().replayed).toBe(true);
    expect((await event({ id, status: 'dispatched', message: '已派给县水利局' })).statusCode).toBe(200);
    const relayed = (await bot.inbox('c-events')).map((m) => m.text);
    expect(relayed).toHaveLength(2);
    expect(relayed[0]).toContain('12345热线已受理');
    expect(relayed[1]).toContain('已派给县水利局');
    expect(textOf(await bot.say(id, { userId: 'c-events' }))).toContain('已派给有关部门办理');
  });

  it('asks for a rating when closed; 不满意 reopens it for re-handling within 7 days and lists it when overdue', async () => {
    const id = await file('c-rate', '元里村村委会门口的下水道堵了三天了，污水漫到路上，匿名');
    expect((await event({ id, status: 'closed', message: '已疏通' })).statusCode).toBe(200);
    const request = (await bot.inbox('c-rate')).find((m) => m.buttons?.length)!;
    expect(request.text).toContain('请评价');
    const unhappy = request.buttons!.find((b) => b.label === '不满意')!;
    expect(textOf(await bot.say(unhappy.value, { userId: 'c-rate' }))).toContain('很抱歉');
    expect(textOf(await bot.say('根本没疏通，还是堵的', { userId: 'c-rate' }))).toContain('7天内');
    const staff = (await bot.admin('GET', '/api/v1/admin/complaints')).body.complaints.find((c: { id: string }) => c.id === id);
    expect(staff).toMatchObject({ status: 'reopened', followUpBy: '2026-12-02', rating: { grade: '不满意', comment: '根本没疏通，还是堵的' } });
    const rehandle = await bot.server.db.selectFrom('hotline_outbox').selectAll().where('id', '=', `${id}-r1`).executeTakeFirstOrThrow();
    expect(JSON.parse(rehandle.body)).toMatchObject({ kind: 'rehandle', ticketId: id, deadline: '2026-12-02' });
    expect((await bot.admin('GET', '/api/v1/admin/complaints?overdue=true')).body.complaints).toEqual([]);
    clock.set('2026-12-03T02:00:00Z');
    expect((await bot.admin('GET', '/api/v1/admin/complaints?overdue=true')).body.complaints.map((c: { id: string }) => c.id)).toEqual([id]);
    clock.set('2026-11-25T02:00:00Z');
  });

  it('offers to send a question the knowledge base cannot answer to 12345 as a consultation', async () => {
    const user = { userId: 'c-consult' };
    const unknown = await bot.say('村里的沼气池补助怎么申请', user);
    const button = unknown.replies.at(-1)!.buttons!.find((b) => b.label.includes('12345'))!;
    const started = textOf(await bot.say(button.value, user));
    expect(started).toContain('作为咨询');
    expect(started).toContain('哪个村');
    await bot.say('孔畈村', user);
    await bot.say('自家', user);
    await bot.say('不清楚', user);
    const summary = textOf(await bot.say('匿名', user));
    expect(summary).toContain('沼气池补助');
    expect(textOf(await bot.say('确认', user))).toContain('（咨询）');
  });

  it('classifies text for integrators', async () => {
    const response = await bot.server.app.inject({ method: 'POST', url: '/api/v1/hotline/classify', payload: { text: '老板拖欠工资三个月了' } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ category: '劳动和社会保障' });
    expect(['咨询', '求助', '投诉', '举报', '建议']).toContain(response.json().type);
  });
});
