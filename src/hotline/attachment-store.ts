import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Attachment } from '../message.ts';
import type { TicketAttachment } from './ticket-types.ts';

/** The largest photo kept with a complaint; phones take 3–8 MB photos. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

const EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/gif': 'gif', 'image/heic': 'heic' };

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
    const mimeType = attachment.mimeType ?? 'application/octet-stream';
    const extension = EXTENSIONS[mimeType];
    if (attachment.kind !== 'image' || !extension) return 'not_an_image';
    const id = randomUUID();
    // Photos of a resident's report: owner-only, as the database is.
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFile(path.join(this.dir, `${id}.${extension}`), data, { mode: 0o600 });
    return { id, mimeType, size: data.byteLength };
  }
}
