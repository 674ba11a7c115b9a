import { StaffAccounts } from '../../src/staff/staff-accounts.ts';
import type { StaffRole } from '../../src/staff/scope.ts';
import type { TestServer } from '../helpers/test-server.ts';
import type { VisitRequest } from '../../src/visits/types.ts';

/** A browser-like client over `inject`: keeps cookies, reads the CSRF token from the last page. */
export interface StaffClient {
  cookies: Map<string, string>;
  csrf: string;
  get(url: string): Promise<{ statusCode: number; body: string; location?: string }>;
  post(url: string, form: Record<string, string>, withCsrf?: boolean): Promise<{ statusCode: number; body: string; location?: string }>;
  api(method: 'GET' | 'POST', url: string, payload?: unknown, csrf?: boolean): Promise<{ statusCode: number; body: any }>;
}

const CSRF = /name="_csrf" value="([^"]+)"/;

export function staffClient(bot: TestServer, ip = '10.0.0.1'): StaffClient {
  const client: StaffClient = {
    cookies: new Map(),
    csrf: '',
    async get(url) {
      const response = await bot.server.app.inject({ method: 'GET', url, headers: { cookie: cookieHeader(client) }, remoteAddress: ip });
      remember(client, response.cookies as { name: string; value: string }[]);
      const token = CSRF.exec(response.body)?.[1];
      if (token) client.csrf = token.replace(/&#(\d+);/g, (_m, c) => String.fromCharCode(Number(c)));
      return { statusCode: response.statusCode, body: response.body, ...(response.headers.location ? { location: String(response.headers.location) } : {}) };
    },
    async post(url, form, withCsrf = true) {
      const response = await bot.server.app.inject({
        method: 'POST',
        url,
        headers: { cookie: cookieHeader(client), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ ...(withCsrf ? { _csrf: client.csrf } : {}), ...form }).toString(),
        remoteAddress: ip,
      });
      remember(client, response.cookies as { name: string; value: string }[]);
      const token = CSRF.exec(response.body)?.[1];
      if (token) client.csrf = token;
      return { statusCode: response.statusCode, body: response.body, ...(response.headers.location ? { location: String(response.headers.location) } : {}) };
    },
    async api(method, url, payload, csrf = true) {
      const response = await bot.server.app.inject({
        method,
        url,
        headers: { cookie: cookieHeader(client), ...(csrf && method !== 'GET' ? { 'x-csrf-token': client.csrf } : {}) },
        ...(payload === undefined ? {} : { payload: payload as object }),
        remoteAddress: ip,
      });
      return { statusCode: response.statusCode, body: response.body ? response.json() : undefined };
    },
  };
  return client;
}

function cookieHeader(client: StaffClient): string {
  return [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}

function remember(client: StaffClient, cookies: { name: string; value: string; maxAge?: number; expires?: Date }[]): void {
  for (const cookie of cookies) {
    if (cookie.value === '' || (cookie.expires && cookie.expires.getTime() < Date.now())) client.cookies.delete(cookie.name);
    else client.cookies.set(cookie.name, cookie.value);
  }
}

/** Logs in through the login page; returns the client (signed in or not) and the last answer. */
export async function logIn(bot: TestServer, username: string, password: string, ip?: string) {
  const client = staffClient(bot, ip);
  await client.get('/staff/login');
  const answer = await client.post('/staff/login', { username, password });
  if (answer.statusCode === 303) await client.get('/staff/');
  return { client, answer };
}

export const PASSWORDS = { county: 'county-pass-0001', town: 'town-pass-00001', village: 'village-pass-001' } as const;

/** The demo accounts the staff tests use. */
export async function seedAccounts(bot: TestServer): Promise<void> {
  const accounts = new StaffAccounts(bot.server.db);
  const now = new Date();
  const add = (username: string, role: StaffRole, extra: { village?: string; agentId?: string; displayName: string }) =>
    accounts.add({ username, role, password: PASSWORDS[role], ...extra }, 'test', now);
  await add('county', 'county', { displayName: '县管理员' });
  await add('wangfang', 'town', { displayName: '王芳' });
  await add('chen', 'village', { village: '岭口村', agentId: 'lingkou-a', displayName: '陈秀英' });
  await add('wu', 'village', { village: '玉峰村', agentId: 'yufeng-a', displayName: '吴建华' });
}

/** Books a home visit directly through the service. */
export async function bookVisit(bot: TestServer, now: Date, details: Partial<VisitRequest> & { village: string; slot: VisitRequest['slot'] }): Promise<string> {
  const result = await bot.server.visits.book(
    {
      itemId: 'gaoling-jintie',
      residentName: '钱玉梅',
      phone: '13800007777',
      address: '3组18号',
      reasons: ['年迈'],
      age: 86,
      contact: { channel: 'web', chat: 'resident-x', user: 'resident-x' },
      ...details,
    },
    now,
  );
  if (!result.ok) throw new Error(`not booked: ${result.reason}`);
  return result.visit.id;
}

/** Stores a ticket as the complaint conversation would have (for the staff's lists). */
export async function insertTicket(bot: TestServer, id: string, village: string, extra: { status?: string; followUpBy?: string | null; createdAt?: string } = {}): Promise<void> {
  const at = extra.createdAt ?? '2026-11-10T02:00:00.000Z';
  await bot.server.db
    .insertInto('tickets')
    .values({
      id, status: extra.status ?? 'forwarded', hotline_status: null, ticket_no: null, type: '投诉', category: '城乡建设', subcategory: '市政设施',
      content: `${village}路灯坏了一个多月`, village, location: '村口', since_when: null, urgent: 0, contact_name: '李大妈', contact_phone: '13900001234',
      attachments: '[]', channel: 'web', chat: `c-${id}`, user_id: `c-${id}`, update_count: 0, reopen_count: 0, rating_grade: null, rating_comment: null,
      follow_up_by: extra.followUpBy ?? null, created_at: at, updated_at: at,
    })
    .execute();
}
