import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/test-server.ts';

describe('request time-outs', () => {
  it('closes a connection whose request does not arrive within REQUEST_TIMEOUT_MS', async () => {
    const bot = await startTestServer({ REQUEST_TIMEOUT_MS: '1000' });
    try {
      await bot.server.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = bot.server.app.server.address() as { port: number };
      const started = Date.now();
      const answer = await new Promise<string>((resolve) => {
        const socket = connect(port, '127.0.0.1', () => socket.write('POST /api/v1/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"te'));
        let received = '';
        socket.on('data', (chunk) => (received += chunk.toString()));
        socket.on('close', () => resolve(received));
        socket.on('error', () => undefined);
      });
      expect(Date.now() - started).toBeLessThan(4000);
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      await bot.close();
    }
  });
});
