import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signBody } from '../../src/hotline/signature.ts';
import { fixedClock, startTestServer, type TestServer, textOf } from '../helpers/test-server.ts';

const SECRET = 'edge-hotline-secret';
const clock = fixedClock('2026-11-25T02:00:00Z');
let bot: TestServer;

beforeAll(async () => {
  bot = await startTestServer({ HOTLINE_SECRET: SECRET }, undefined, clock);
});
afterAll(async () => {
  await bot.close();
});

async function event(body: object) {
  const raw = JSON.stringify(body);
  return bot.server.app.inject({
    method: 'POST',
    url: '/api/v1/hotline/events',
    headers: { 'content-type': 'application/json', 'x-signature': signBody(raw, SECRET) },
    payload: raw,
  });
}

describe('complaint edge cases', () => {
  it('keeps the report when a correction at the summary changes the phone', async () => {
    const user = { userId: 'x-correct' };
    await bot.say('岭口村3组的路灯坏了一个多月没人修，我叫陈大伯，电话13800001111', user);
    const summary = textOf(await bot.say('电话写错了，是13900002222', user));
    expect(summary).toContain('路灯坏了');
    expect(summary).toContain('13900002222');
  });

  it('lets a resident who gave a phone change her mind and stay anonymous', async () => {
    const user = { userId: 'x-anon' };
    expect(textOf(await bot.say('玉峰村4组村口的垃圾堆了好几天，13800003333', user))).toContain('怎么称呼');
    const summary = textOf(await bot.say('算了我还是匿名吧', user));
    expect(summary).toContain('联系方式：匿名');
    const id = /T\d{6}/.exec(textOf(await bot.say('确认', user)))![0];
    const ticket = await bot.server.db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(ticket.contact_phone).toBeNull();
    expect(ticket.content).not.toContain('13800003333');
  });

  it('does not show a co-reporter the first reporter’s words, nor join reports of different groups', async () => {
    await bot.say('林宅村2组路灯坏了好几天，我叫钱大妈，电话13800004444', { userId: 'x-first' });
    const first = /T\d{6}/.exec(textOf(await bot.say('确认', { userId: 'x-first' })))![0];
    await bot.say('林宅村2组的路灯坏了好几天了，匿名', { userId: 'x-second' });
    expect(textOf(await bot.say('确认', { userId: 'x-second' }))).toContain(first);
    const seen = textOf(await bot.say('我的投诉', { userId: 'x-second' }));
    expect(seen).toContain(first);
    expect(seen).not.toMatch(/1\d{10}|钱大妈/);
    await bot.say('林宅村5组的路灯坏了好几天，匿名', { userId: 'x-third' });
    expect(textOf(await bot.say('确认', { userId: 'x-third' }))).not.toContain(first);
  });

  it('joins the same problem told in other words ("3组"/"三组"), but never a different problem of the same place', async () => {
    await bot.say('珍溪村3组垃圾桶满了好几天没人清运，臭得要命，匿名', { userId: 'y-first' });
    const first = /T\d{6}/.exec(textOf(await bot.say('确认', { userId: 'y-first' })))![0];
    await bot.say('珍溪村三组那边垃圾堆着没人来收，都发臭了，一个礼拜了，匿名', { userId: 'y-second' });
    expect(textOf(await bot.say('确认', { userId: 'y-second' }))).toContain(`已经有人反映过了（编号${first}）`);
    // Same village, group, category and subcategory, same "好几天没人…": another problem all the same.
    await bot.say('珍溪村3组路灯坏了好几天没人修，匿名', { userId: 'y-third' });
    const third = textOf(await bot.say('确认', { userId: 'y-third' }));
    expect(third).not.toContain(first);
    expect(third).toMatch(/已记下，编号T\d{6}/);
  });

  it('never joins two different problems of one village because both begin "我要投诉"', async () => {
    await bot.say('我要投诉，吕家山村桥头的路灯坏了一个多月了，匿名', { userId: 'y-lamp' });
    const lamp = /T\d{6}/.exec(textOf(await bot.say('确认', { userId: 'y-lamp' })))![0];
    await bot.say('我要投诉，吕家山村2组的自来水管爆了好几天没人修，匿名', { userId: 'y-pipe' });
    const pipe = textOf(await bot.say('确认', { userId: 'y-pipe' }));
    expect(pipe).not.toContain(lamp);
    expect(pipe).toMatch(/已记下，编号T\d{6}/);
  });

  it('closes a reopened ticket again only by the re-handling round, never by an old event replayed, and never moves a closed one back', async () => {
    await bot.say('孔畈村6组的水渠堵了三天了，匿名', { userId: 'x-reopen' });
    const id = /T\d{6}/.exec(textOf(await bot.say('确认', { userId: 'x-reopen' })))![0];
    await event({ id, status: 'closed', message: '已疏通' });
    await event({ id, status: 'accepted' });
    const status = async () =>
      ((await bot.admin('GET', '/api/v1/admin/complaints')).body.complaints as { id: string; status: string }[]).find((c) => c.id === id)!.status;
    expect(await status()).toBe('closed');
    await bot.say(`#do:feedback:rate-ticket:${id}:不满意`, { userId: 'x-reopen' });
    expect(await status()).toBe('reopened');
    // The old "closed" replayed after the reopen is a replay (issue 13): the ticket stays reopened.
    expect((await event({ id, status: 'closed', message: '已疏通' })).json().replayed).toBe(true);
    expect(await status()).toBe('reopened');
    // The re-handling round closes it.
    expect((await event({ id: `${id}-r1`, status: 'closed', message: '已重新疏通' })).json().replayed).toBe(false);
    expect(await status()).toBe('closed');
  });

  it('leaves the comment question for a clear request of something else', async () => {
    await bot.say('月坑村1组的路灯坏了好几天，匿名', { userId: 'x-comment' });
    const id = /T\d{6}/.exec(textOf(await bot.say('确认', { userId: 'x-comment' })))![0];
    await event({ id, status: 'closed' });
    await bot.say(`#do:feedback:rate-ticket:${id}:满意`, { userId: 'x-comment' });
    const next = await bot.say('我的预约', { userId: 'x-comment' });
    expect(next.intent).toBe('status');
  });
});
