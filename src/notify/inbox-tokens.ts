import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Tokens that let a web chat read its own inbox and no one else's: an HMAC of the user id,
 * handed out with the replies to that user. The key is ADMIN_TOKEN when set (the same on every
 * instance) or a random key kept in DATA_DIR.
 */
export class InboxTokens {
  constructor(private readonly key: string) {}

  /** The key from the admin token, or from (or newly into) `DATA_DIR/web-inbox.key`. */
  static open(dataDir: string, adminToken: string | undefined): InboxTokens {
    if (adminToken) return new InboxTokens(`inbox:${adminToken}`);
    const file = path.join(dataDir, 'web-inbox.key');
    if (!existsSync(file)) {
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
    }
    return new InboxTokens(readFileSync(file, 'utf8').trim());
  }

  issue(userId: string): string {
    return createHmac('sha256', this.key).update(userId).digest('base64url');
  }

  verify(userId: string, token: string): boolean {
    const expected = Buffer.from(this.issue(userId));
    const given = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
