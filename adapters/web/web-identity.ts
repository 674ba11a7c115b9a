import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The signed, HTTP-only cookie that names a browser's resident (CONTRACT.md). */
export const WEB_COOKIE = 'cunban_web';

/** How long a browser keeps its identity after its last message (its bookings stay its own). */
export const WEB_COOKIE_MAX_AGE_SECONDS = 180 * 24 * 3600;

/** Who is talking on the web channel, and how the server knows. */
export type WebCaller =
  /** A server-side caller holding WEB_API_KEY: it names the resident with `userId`. */
  | { kind: 'key' }
  /** A browser: its resident is the one its signed cookie names (absent: none yet). */
  | { kind: 'cookie'; userId: string | undefined }
  /** A bearer key that is not WEB_API_KEY (or a server without one). */
  | { kind: 'refused'; message: string };

/**
 * The secret the web cookie is signed with: WEB_COOKIE_SECRET when set (the same on every
 * instance), otherwise a random key kept in `DATA_DIR/web-cookie.key` (owner-only), made once.
 */
export function webCookieSecret(configured: string | undefined, dataDir: string): string {
  if (configured) return configured;
  const file = path.join(dataDir, 'web-cookie.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Tells the web channel's callers apart: a key holder, a browser with (or without) its cookie, or a wrong key. */
export class WebIdentities {
  private readonly key: Buffer | undefined;

  constructor(apiKey: string | undefined) {
    this.key = apiKey ? digest(apiKey) : undefined;
  }

  caller(request: FastifyRequest): WebCaller {
    // Only a bearer credential is a claim to be a key holder: a proxy's Basic login in front of the page is not.
    const bearer = /^Bearer(?:\s+(.*))?$/i.exec(request.headers.authorization?.trim() ?? '');
    if (bearer) {
      if (!this.key) return { kind: 'refused', message: 'Authorization: this server has no WEB_API_KEY; a browser is known by its cookie and sends no bearer key' };
      const given = bearer[1]?.trim() ?? '';
      if (!given || !timingSafeEqual(digest(given), this.key)) return { kind: 'refused', message: 'Authorization: the bearer key is not this server\'s WEB_API_KEY' };
      return { kind: 'key' };
    }
    const raw = request.cookies[WEB_COOKIE];
    if (!raw) return { kind: 'cookie', userId: undefined };
    const unsigned = request.unsignCookie(raw);
    return { kind: 'cookie', userId: unsigned.valid && unsigned.value ? unsigned.value : undefined };
  }

  /** A browser's resident: the one its cookie names, or a new one; the cookie is (re)issued either way, so it lasts from the last use. */
  browserUser(userId: string | undefined, reply: FastifyReply): string {
    const user = userId ?? `web-${randomUUID()}`;
    reply.setCookie(WEB_COOKIE, user, {
      signed: true,
      httpOnly: true,
      // Lax, not Strict: a resident who follows a link to the chat page must keep her identity.
      sameSite: 'lax',
      secure: 'auto',
      path: '/',
      maxAge: WEB_COOKIE_MAX_AGE_SECONDS,
    });
    return user;
  }
}
