import { createHmac, timingSafeEqual } from 'node:crypto';

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

/**
 * The `X-Signature` value CONTRACT.md fixes for both directions between the bot and 12345:
 * `sha256=` and the hex HMAC-SHA256 of the raw body. Sign the exact bytes that are sent, never a
 * re-serialisation, or the hotline computes a different digest.
 */
export function signBody(rawBody: string | Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/**
 * Whether `header` is a valid signature of `rawBody`: false for a missing, malformed or wrong
 * header. The comparison is timing-safe so an attacker cannot find the digest byte by byte.
 */
export function verifySignature(rawBody: string | Buffer, header: string | string[] | undefined | null, secret: string): boolean {
  if (typeof header !== 'string' || !secret) return false;
  const match = SIGNATURE.exec(header.trim());
  if (!match) return false;
  const given = Buffer.from(match[1]!.toLowerCase(), 'hex');
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}
