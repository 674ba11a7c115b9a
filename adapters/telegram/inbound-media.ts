import type { Message } from 'grammy/types';

/** A picture worth fetching: a photo, or an image sent uncompressed as a file. */
export interface PictureRef {
  fileId: string;
  /** As Telegram reports it; may be missing. */
  size?: number;
  mimeType: string;
}

/** What a message carries besides words, as far as the engine cares. */
export type InboundMedia = { kind: 'none' } | { kind: 'picture'; picture: PictureRef } | { kind: 'unsupported' };

/** Images the complaint store keeps (it refuses others anyway). */
const PICTURE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

/** Kinds of content the engine cannot read: voice, stickers, places, files, games and the like. */
const UNSUPPORTED = [
  'voice',
  'audio',
  'video',
  'video_note',
  'animation',
  'sticker',
  'location',
  'venue',
  'contact',
  'poll',
  'dice',
  'game',
  'story',
  'document',
  'paid_media',
] as const;

/**
 * Sorts out what a message carries: the largest photo size that fits `maxBytes` (Telegram
 * sends several sizes of each photo), an image sent as a file, or something the engine cannot
 * read and the resident should be told so.
 */
export function readInboundMedia(message: Message, maxBytes: number): InboundMedia {
  if (message.photo?.length) {
    const sizes = [...message.photo].sort((a, b) => a.width * a.height - b.width * b.height);
    const largest = sizes.filter((size) => (size.file_size ?? 0) <= maxBytes).at(-1) ?? sizes[0]!;
    return { kind: 'picture', picture: { fileId: largest.file_id, mimeType: 'image/jpeg', ...(largest.file_size ? { size: largest.file_size } : {}) } };
  }
  const document = message.document;
  if (document?.mime_type && PICTURE_TYPES.has(document.mime_type)) {
    return { kind: 'picture', picture: { fileId: document.file_id, mimeType: document.mime_type, ...(document.file_size ? { size: document.file_size } : {}) } };
  }
  if (UNSUPPORTED.some((key) => key in message)) return { kind: 'unsupported' };
  return { kind: 'none' };
}
