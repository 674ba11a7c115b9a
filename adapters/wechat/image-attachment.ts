import type { Message } from 'wechaty';
import type { Attachment } from '../../src/message.ts';

/**
 * The largest photo the adapter downloads: twice what a complaint keeps (10 MB), so that the
 * engine can still say "照片太大" for a big one, while a huge file never fills the memory.
 */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

const SIGNATURES: [string, (b: Uint8Array) => boolean][] = [
  ['image/jpeg', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ['image/png', (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47],
  ['image/gif', (b) => b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46],
  ['image/webp', (b) => b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50],
];

/** The image type from the first bytes: puppets often say application/octet-stream. */
export function sniffImageType(data: Uint8Array): string | undefined {
  return SIGNATURES.find(([, test]) => test(data))?.[0];
}

/**
 * Downloads the photo of an image message as an attachment for the engine (a complaint's
 * evidence). Returns undefined when it is too large or cannot be fetched: the message then goes
 * on as text alone, which is better than a crash or silence.
 */
export async function imageAttachment(message: Message, maxBytes = MAX_IMAGE_BYTES): Promise<Attachment | undefined> {
  const box = await message.toFileBox();
  if (box.size > maxBytes) return undefined;
  const buffer = await box.toBuffer();
  if (buffer.byteLength > maxBytes || buffer.byteLength === 0) return undefined;
  const data = new Uint8Array(buffer);
  const mimeType = sniffImageType(data) ?? box.mediaType;
  return { kind: 'image', data, mimeType, ...(box.name ? { name: box.name } : {}) };
}
