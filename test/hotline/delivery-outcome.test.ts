import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from '../../src/hotline/backoff.ts';
import { describeError, outcomeOfError, outcomeOfResponse, ticketNoOf } from '../../src/hotline/delivery-outcome.ts';

const now = new Date('2026-05-01T08:00:00Z');
const noHeaders = new Headers();

describe('what an answer from the hotline means', () => {
  it('takes any 2xx as delivered, with the ticket number when the answer is JSON that has one', () => {
    expect(outcomeOfResponse(200, noHeaders, '{"ticketNo":"12345-000001"}', now)).toEqual({ kind: 'delivered', statusCode: 200, ticketNo: '12345-000001' });
    expect(outcomeOfResponse(202, noHeaders, '', now)).toEqual({ kind: 'delivered', statusCode: 202, ticketNo: null });
    expect(outcomeOfResponse(200, noHeaders, '<html><body>OK</body></html>', now)).toMatchObject({ kind: 'delivered', ticketNo: null });
    expect(outcomeOfResponse(201, noHeaders, '{"ticketNo":', now)).toMatchObject({ kind: 'delivered', ticketNo: null });
    expect(ticketNoOf('{"ticketNo":20260501001}')).toBe('20260501001');
    expect(ticketNoOf('{"ticketNo":""}')).toBeNull();
    expect(ticketNoOf('["ticketNo"]')).toBeNull();
  });

  it('retries 5xx, 408 and 429, and honours Retry-After on a 429', () => {
    expect(outcomeOfResponse(500, noHeaders, '', now)).toMatchObject({ kind: 'retry', statusCode: 500, retryAfterMs: null });
    expect(outcomeOfResponse(502, noHeaders, '<html><h1>Bad Gateway</h1></html>', now)).toMatchObject({ kind: 'retry', error: 'HTTP 502: <html><h1>Bad Gateway</h1></html>' });
    expect(outcomeOfResponse(408, noHeaders, '', now)).toMatchObject({ kind: 'retry', statusCode: 408 });
    expect(outcomeOfResponse(429, new Headers({ 'retry-after': '120' }), '', now)).toMatchObject({ kind: 'retry', retryAfterMs: 120_000 });
  });

  it('makes any other answer a dead letter', () => {
    for (const status of [400, 401, 403, 404, 409, 413, 422, 302]) {
      expect(outcomeOfResponse(status, noHeaders, '{"error":"x"}', now).kind).toBe('dead');
    }
  });

  it('retries requests that got no answer, saying why', () => {
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(outcomeOfError(timeout)).toEqual({ kind: 'retry', statusCode: null, error: 'timed out (TimeoutError)', retryAfterMs: null });
    const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    expect(describeError(refused)).toBe('TypeError: fetch failed: ECONNREFUSED connect ECONNREFUSED');
  });
});

describe('the retry delay', () => {
  it('is full jitter under an exponentially growing, capped ceiling', () => {
    const options = { baseMs: 100, maxMs: 1000 };
    expect(backoffDelay(1, options, () => 0.999)).toBe(99);
    expect(backoffDelay(3, options, () => 0.999)).toBe(399);
    expect(backoffDelay(10, options, () => 0.999)).toBe(999);
    expect(backoffDelay(1000, options, () => 0.5)).toBe(500);
    expect(backoffDelay(5, options, () => 0)).toBe(0);
  });

  it('reads Retry-After as seconds or as a date, within bounds', () => {
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter('Fri, 01 May 2026 08:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Fri, 01 May 2026 07:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('999999', now)).toBe(3_600_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
