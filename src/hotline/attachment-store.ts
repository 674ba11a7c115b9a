import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Attachment } from '../message.ts';
import type { TicketAttachment } from './ticket-types.ts';

/** The largest photo kept with a complaint; phones take 3–8 MB photos. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

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

/** Why a file was not kept, in words a resident understands. */
export type AttachmentProblem = 'too_large' | 'not_an_image' | 'no_data';

/** Keeps complaint photos under `DATA_DIR/attachments`, named by a fresh id. */
export class AttachmentStore {
  constructor(private readonly dir: string) {}

  /** Stores one photo; returns its record, or the problem. */
  async save(attachment: Attachment): Promise<TicketAttachment | AttachmentProblem> {
    const data = attachment.data;
    if (!data || data.byteLength === 0) return 'no_data';
    if (data.byteLength > MAX_ATTACHMENT_BYTES) return 'too_large';
    // The bytes say what a file is, not the type it claims: a text or a program named image/jpeg is refused.
    const mimeType = imageTypeOf(data);
    const extension = mimeType ? EXTENSIONS[mimeType] : undefined;
    if (attachment.kind !== 'image' || !mimeType || !extension) return 'not_an_image';
    const id = randomUUID();
    // Photos of a resident's report: owner-only, as the database is.
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFile(path.join(this.dir, `${id}.${extension}`), data, { mode: 0o600 });
    return { id, mimeType, size: data.byteLength };
  }
}
