import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, startTestServer, textOf, type TestServer } from '../helpers/test-server.ts';

const shipped = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../knowledge');
const clock = fixedClock('2026-11-25T06:00:00Z');
let knowledge: string;
let bot: TestServer;

/** The shipped knowledge, with 岭口村's duty alerts switched on: the village head's chat and the agent. */
function knowledgeWithDutyAlerts(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cunban-duty-'));
  cpSync(shipped, dir, { recursive: true });
  const file = path.join(dir, 'villages.yaml');
  const villages = readFileSync(file, 'utf8').replace(
    '    duty:\n      alerts: false\n      contacts:\n        - agent: lingkou-a\n',
    '    duty:\n      alerts: true\n      contacts:\n        - { name: 村主任, channel: web, chat: duty-head, user: duty-head }\n        - agent: lingkou-a\n',
  );
  if (!villages.includes('alerts: true')) throw new Error('the duty block of 岭口村 in villages.yaml has changed; update this test');
  writeFileSync(file, villages);
  return dir;
}

beforeAll(async () => {
  knowledge = knowledgeWithDutyAlerts();
  bot = await startTestServer({ KNOWLEDGE_DIR: knowledge }, undefined, clock);
  const linked = await bot.admin('PUT', '/api/v1/admin/agents/lingkou-a/link', { channel: 'web', chat: 'agent-chen', user: 'agent-chen' });
  expect(linked.statusCode).toBe(200);
});
afterAll(async () => {
  await bot.close();
  rmSync(knowledge, { recursive: true, force: true });
});

describe("a village's duty contacts", () => {
  it('hear of a fire reported in their village once, with the place, the time and the words, numbers masked', async () => {
    const answer = await bot.say('岭口村3组老周家着火了，烟好大，我电话13800001234', { userId: 'dz-fire' });
    expect(textOf(answer)).toContain('119');
    const [alert, ...more] = await bot.inbox('duty-head');
    expect(more).toEqual([]);
    expect(alert!.text).toContain('岭口村');
    expect(alert!.text).toContain('着火');
    expect(alert!.text).toContain('11月25日');
    expect(alert!.text).toContain('老周家');
    expect(alert!.text).not.toContain('13800001234');
    expect((await bot.inbox('agent-chen')).map((m) => m.text)).toEqual([alert!.text]);

    // The same resident writing again about the same fire alerts no one a second time.
    expect(textOf(await bot.say('着火了！', { userId: 'dz-fire' }))).toContain('119');
    expect(await bot.inbox('duty-head')).toEqual([]);
  });

  it('are not told of what is no emergency, nor of an emergency in a village that takes no alerts', async () => {
    const question = await bot.say('岭口村去年我家着过一次火，现在房子还能申请危房改造吗', { userId: 'dz-question' });
    expect(textOf(question)).not.toContain('【紧急】');
    const elsewhere = await bot.say('玉峰村2组有人掉水塘里了', { userId: 'dz-elsewhere' });
    expect(textOf(elsewhere)).toContain('120');
    expect(await bot.inbox('duty-head')).toEqual([]);
    expect((await bot.inbox('agent-chen')).map((m) => m.text)).toEqual([]);
  });
});
