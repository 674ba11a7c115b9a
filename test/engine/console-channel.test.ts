import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConsole } from '../../adapters/console/console-channel.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

let bot: TestServer;
beforeAll(async () => {
  bot = await startTestServer();
});
afterAll(async () => {
  await bot.close();
});

describe('the console channel', () => {
  it('answers typed lines and shows buttons as numbered text', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (chunk) => (printed += chunk));
    const done = runConsole({ input, output, handle: (m) => bot.server.engine.handle(m), group: true });
    input.write('低保怎么申请\n');
    input.write('/quit\n');
    await done;
    expect(printed).toContain('【最低生活保障申请】');
    expect(printed).toMatch(/\n1\. 材料/);
  });
});
