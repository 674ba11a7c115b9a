import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Attachment } from '../message.ts';
import { sql } from 'kysely';
import { type Database, isPostgres } from '../store/database.ts';
import type { TicketAttachment } from './ticket-types.ts';

/** The largest photo kept with a complaint; phones take 3–8 MB photos. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** The most photos one message, and one report, may carry. */
export const MAX_PHOTOS_PER_MESSAGE = 4;

const EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/gif': 'gif', 'image/heic': 'heic' };

/** The image type a file's first bytes announce (JPEG, PNG, GIF, WebP, HEIC), if any. */
export function imageTypeOf(data: Uint8Array): string | undefined {
  const at = (offset: number, ...bytes: number[]) => bytes.every((b, i) => data[offset + i] === b);
  const ascii = (offset: number, text: string) => at(offset, ...[...text].map((c) => c.charCodeAt(0)));
  if (at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (ascii(0, 'GIF87a') || ascii(0, 'GIF89a')) return 'image/gif';
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'image/webp';
  if (ascii(4, 'ftyp') && ['heic', 'heix', 'mif1', 'msf1', 'hevc'].some((brand) => ascii(8, brand))) return 'image/heic';
  return undefined;
}

/**
 * Why a file was not kept, in words a resident understands: too large, not an image, empty, over
 * her daily quota or her address's, or the photo store full.
 */
export type AttachmentProblem = 'too_large' | 'not_an_image' | 'no_data' | 'over_quota' | 'address_over_quota' | 'store_full';

/** UPLOAD_DAILY_MB_PER_RESIDENT, UPLOAD_DAILY_MB_PER_ADDRESS and UPLOAD_TOTAL_MB, in bytes. */
export interface PhotoLimits {
  perResidentDaily: number;
  perAddressDaily: number;
  total: number;
}

/**
 * Who sends a photo: the resident (`channel:user`) and, for a browser on the web channel, the
 * network address it sent from — a browser can always be a new resident (a new cookie), so what
 * one address sends in a day is bounded too. A county gateway holding WEB_API_KEY names no address.
 */
export interface PhotoSender {
  owner: string;
  address?: string;
}

const sum = (row: { bytes: number | string | bigint | null } | undefined) => Number(row?.bytes ?? 0);

/**
 * Keeps complaint photos under `DATA_DIR/attachments`, named by a fresh id, with a row each in
 * `photos`: at most `perResidentDaily` bytes a resident, and `perAddressDaily` an address, in 24
 * hours, and `total` bytes in all. A photo's bytes are reserved (its row written) before one of
 * them is, in a transaction that holds out every other upload's, so photos sent at once cannot
 * together pass a limit each fits alone. A photo is kept once a filed report holds it
 * (`TicketService.file` marks it in the same transaction); one of a report never confirmed is
 * deleted with the abandoned form (`purgeUnkept`), and so is a file a crash left half written.
 */
export class AttachmentStore {
  constructor(
    private readonly dir: string,
    private readonly db: Database,
    private readonly limits: PhotoLimits,
    /** Told when a photo is refused because the store is full (an operator must make room or raise UPLOAD_TOTAL_MB). */
    private readonly onFull: () => void = () => {},
  ) {}

  /** Stores one photo; returns its record, or the problem. */
  async save(attachment: Attachment, sender: PhotoSender, now: Date): Promise<TicketAttachment | AttachmentProblem> {
    const data = attachment.data;
    if (!data || data.byteLength === 0) return 'no_data';
    if (data.byteLength > MAX_ATTACHMENT_BYTES) return 'too_large';
    // The bytes say what a file is, not the type it claims: a text or a program named image/jpeg is refused.
    const mimeType = imageTypeOf(data);
    const extension = mimeType ? EXTENSIONS[mimeType] : undefined;
    if (attachment.kind !== 'image' || !mimeType || !extension) return 'not_an_image';
    const reservation = await this.reserve(sender, data.byteLength, now, extension);
    if (typeof reservation === 'string') return reservation;
    const { id, file } = reservation;
    try {
      // Photos of a resident's report: owner-only, as the database is.
      await writeFile(path.join(this.dir, file), data, { mode: 0o600 });
    } catch (error) {
      await this.forget(id, file);
      throw error;
    }
    return { id, mimeType, size: data.byteLength };
  }

  /**
   * Stores one photo read from a stream (an upload's body) without holding it in memory: its
   * first bytes must be an image's, it may not pass 10 MB (the stream is cut off there), and the
   * quotas are those of `save`, with `declared` bytes (the Content-Length; 10 MB when unknown)
   * reserved while it streams. The photo waits, unkept, for the report that takes it.
   */
  async saveStream(body: Readable, sender: PhotoSender, now: Date, declared?: number): Promise<TicketAttachment | AttachmentProblem> {
    const reserved = declared && declared > 0 ? Math.min(declared, MAX_ATTACHMENT_BYTES) : MAX_ATTACHMENT_BYTES;
    const reservation = await this.reserve(sender, reserved, now);
    if (typeof reservation === 'string') {
      body.resume();
      return reservation;
    }
    const { id, file: partial } = reservation;
    let size = 0;
    let head = Buffer.alloc(0);
    let problem: AttachmentProblem | undefined;
    const checked = async function* (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        size += chunk.byteLength;
        if (size > MAX_ATTACHMENT_BYTES) {
          problem = 'too_large';
          throw new Error('too large');
        }
        if (head.byteLength < 16) {
          head = Buffer.concat([head, chunk]).subarray(0, 16);
          if (head.byteLength >= 12 && !imageTypeOf(head)) {
            problem = 'not_an_image';
            throw new Error('not an image');
          }
        }
        yield chunk;
      }
    };
    try {
      await pipeline(body, checked, createWriteStream(path.join(this.dir, partial), { mode: 0o600 }));
    } catch (error) {
      await this.forget(id, partial);
      if (problem) return problem;
      throw error;
    }
    const mimeType = imageTypeOf(head);
    const extension = mimeType ? EXTENSIONS[mimeType] : undefined;
    if (size === 0 || !mimeType || !extension) {
      await this.forget(id, partial);
      return size === 0 ? 'no_data' : 'not_an_image';
    }
    // The row names the photo before the file does: a crash between leaves a row the purge clears with both names.
    const file = `${id}.${extension}`;
    await this.db.updateTable('photos').set({ file, bytes: size }).where('id', '=', id).execute();
    await rename(path.join(this.dir, partial), path.join(this.dir, file));
    return { id, mimeType, size };
  }

  /** The record of a photo `owner` uploaded and no report holds yet; undefined for anyone else's. */
  async pending(id: string, owner: string): Promise<TicketAttachment | undefined> {
    const row = await this.db.selectFrom('photos').selectAll().where('id', '=', id).where('owner', '=', owner).where('kept', '=', 0).executeTakeFirst();
    if (!row) return undefined;
    const extension = row.file.slice(row.file.lastIndexOf('.') + 1);
    const mimeType = Object.entries(EXTENSIONS).find(([, e]) => e === extension)?.[0] ?? 'image/jpeg';
    return { id: row.id, mimeType, size: row.bytes };
  }

  /**
   * Reserves `bytes` for a new photo of `sender`: its row, unkept, naming a `.part` file until
   * the bytes are there (or the photo's own name, when they are at hand). The check of every limit and the row are one transaction, and on
   * PostgreSQL (several instances) one at a time by an advisory lock; SQLite runs one
   * transaction at a time anyway. Returns the photo's id, or the limit it would pass.
   */
  private async reserve(sender: PhotoSender, bytes: number, now: Date, extension = 'part'): Promise<{ id: string; file: string } | AttachmentProblem> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const id = randomUUID();
    const file = `${id}.${extension}`;
    const dayAgo = new Date(now.getTime() - 86_400_000).toISOString();
    const outcome = await this.db.transaction().execute(async (trx): Promise<{ id: string; file: string } | AttachmentProblem> => {
      if (isPostgres(this.db)) await sql`select pg_advisory_xact_lock(${PHOTO_LOCK})`.execute(trx);
      const bytesSince = (column: 'owner' | 'address', value: string) =>
        trx.selectFrom('photos').select(({ fn }) => fn.sum<number>('bytes').as('bytes')).where(column, '=', value).where('created_at', '>=', dayAgo).executeTakeFirst();
      if (sum(await bytesSince('owner', sender.owner)) + bytes > this.limits.perResidentDaily) return 'over_quota';
      if (sender.address && sum(await bytesSince('address', sender.address)) + bytes > this.limits.perAddressDaily) return 'address_over_quota';
      const all = await trx.selectFrom('photos').select(({ fn }) => fn.sum<number>('bytes').as('bytes')).executeTakeFirst();
      if (sum(all) + bytes > this.limits.total) return 'store_full';
      await trx
        .insertInto('photos')
        .values({ id, owner: sender.owner, address: sender.address ?? null, file, bytes, kept: 0, created_at: now.toISOString() })
        .execute();
      return { id, file };
    });
    if (outcome === 'store_full') this.onFull();
    return outcome;
  }

  /**
   * Gives back a photo no report holds: its row (only while still unkept: a report may take it
   * meanwhile), then its files under either name it may have (a crash can fall between them).
   * Returns whether it went.
   */
  private async forget(id: string, file: string): Promise<boolean> {
    const deleted = await this.db.deleteFrom('photos').where('id', '=', id).where('kept', '=', 0).executeTakeFirst();
    if (Number(deleted.numDeletedRows ?? 0) === 0) return false;
    for (const name of new Set([file, `${id}.part`])) await rm(path.join(this.dir, name), { force: true });
    return true;
  }

  /**
   * Deletes the photos no filed report holds, taken before `cutoff`, unless a live session's form
   * still holds them (its stored slots name the photo's id; for at most HELD_LONGEST_MS after it
   * was sent) — and the half-written files of uploads a crash cut off. Returns how many went.
   */
  async purgeUnkept(cutoff: Date): Promise<number> {
    const stale = await this.db.selectFrom('photos').select(['id', 'file', 'created_at']).where('kept', '=', 0).where('created_at', '<', cutoff.toISOString()).execute();
    const heldSince = new Date(cutoff.getTime() - HELD_LONGEST_MS).toISOString();
    let purged = 0;
    for (const photo of stale) {
      // The id as a form stores it (a JSON field), never as words a resident typed (those are escaped).
      const held = photo.created_at >= heldSince && (await this.db.selectFrom('sessions').select('key').where('data', 'like', `%"id":"${photo.id}"%`).executeTakeFirst());
      if (held) continue;
      if (await this.forget(photo.id, photo.file)) purged++;
    }
    await this.sweepOrphans(cutoff);
    return purged;
  }

  /** Half-written files older than `cutoff` that no row names (left by a crash before rows were written first). */
  private async sweepOrphans(cutoff: Date): Promise<void> {
    const partial = (await readdir(this.dir).catch(() => [] as string[])).filter((name) => name.endsWith('.part'));
    for (const name of partial) {
      const id = name.slice(0, -'.part'.length);
      const stats = await stat(path.join(this.dir, name)).catch(() => undefined);
      if (!stats || stats.mtime >= cutoff) continue;
      const row = await this.db.selectFrom('photos').select('id').where('id', '=', id).executeTakeFirst();
      if (!row) await rm(path.join(this.dir, name), { force: true });
    }
  }
}

/** How long a form in progress may hold its photos past the session time-to-live, at most. */
const HELD_LONGEST_MS = 14 * 86_400_000;

/** Every instance's photo reservations take this PostgreSQL advisory lock, one at a time. */
const PHOTO_LOCK = 0x70686f74;
