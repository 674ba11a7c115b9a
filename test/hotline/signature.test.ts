import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signBody, verifySignature } from '../../src/hotline/signature.ts';

const secret = 'hotline-secret';
const body = '{"id":"T0001","content":"路灯坏了"}';

describe('the hotline signature', () => {
  it('is sha256= and the hex HMAC-SHA256 of the raw body', () => {
    const expected = createHmac('sha256', secret).update(body).digest('hex');
    expect(signBody(body, secret)).toBe(`sha256=${expected}`);
    expect(signBody(Buffer.from(body), secret)).toBe(`sha256=${expected}`);
  });

  it('verifies a signature it made, in either case of hex', () => {
    const header = signBody(body, secret);
    expect(verifySignature(body, header, secret)).toBe(true);
    expect(verifySignature(body, header.toUpperCase().replace('SHA256=', 'sha256='), secret)).toBe(true);
  });

  it('rejects another body, another secret, and a re-serialised body', () => {
    const header = signBody(body, secret);
    expect(verifySignature(body.replace('路灯', '水管'), header, secret)).toBe(false);
    expect(verifySignature(body, header, 'another-secret')).toBe(false);
    expect(verifySignature(JSON.stringify(JSON.parse(body), null, 2), header, secret)).toBe(false);
  });

  it('says no to missing and malformed headers instead of throwing', () => {
    const hex = signBody(body, secret).slice('sha256='.length);
    for (const header of [undefined, null, '', 'sha256=', hex, `sha1=${hex}`, `sha256=${hex.slice(2)}`, `sha256=${hex}00`, `sha256=${'z'.repeat(64)}`, ['a', 'b']]) {
      expect(verifySignature(body, header as string | undefined, secret)).toBe(false);
    }
    expect(verifySignature(body, signBody(body, ''), '')).toBe(false);
  });
});
