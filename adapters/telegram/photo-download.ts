import type { Api } from 'grammy';
import type { Attachment } from '../../src/message.ts';
import type { PictureRef } from './inbound-media.ts';

/** Where and how a picture is fetched from the Bot API server. */
export interface DownloadOptions {
  /** The Bot API root (`TELEGRAM_API_ROOT` or Telegram's), without a trailing slash. */
  apiRoot: string;
  token: string;
  /** Larger files are not fetched (the complaint store would refuse them anyway). */
  maxBytes: number;
  timeoutMs: number;
}

/** Why a picture was not fetched. */
export class PictureNotFetched extends Error {
  override readonly name = 'PictureNotFetched';
}

async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new PictureNotFetched(`file is ${declared} bytes, more than ${maxBytes}`);
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body) {
    total += chunk.byteLength;
    if (total > maxBytes) throw new PictureNotFetched(`file is more than ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * Fetches a picture the resident sent (a complaint photo): `getFile` names the file, then it is
 * downloaded from the Bot API's file endpoint, never more than `maxBytes` and never longer than
 * `timeoutMs`. Throws when it cannot; the caller still hands the message's words to the engine.
 */
export async function downloadPicture(api: Api, picture: PictureRef, options: DownloadOptions): Promise<Attachment> {
  if (picture.size !== undefined && picture.size > options.maxBytes) {
    throw new PictureNotFetched(`file is ${picture.size} bytes, more than ${options.maxBytes}`);
  }
  const signal = AbortSignal.timeout(options.timeoutMs);
  // grammY types its signal with its own AbortSignal shim; the runtime takes Node's.
  const file = await api.getFile(picture.fileId, signal as Parameters<Api['getFile']>[1]);
  if (!file.file_path) throw new PictureNotFetched('Telegram gave no file path');
  if (file.file_size !== undefined && file.file_size > options.maxBytes) {
    throw new PictureNotFetched(`file is ${file.file_size} bytes, more than ${options.maxBytes}`);
  }
  const response = await fetch(`${options.apiRoot}/file/bot${options.token}/${file.file_path}`, { signal });
  if (!response.ok) throw new PictureNotFetched(`file download answered ${response.status}`);
  const data = await readCapped(response, options.maxBytes);
  const name = file.file_path.split('/').at(-1);
  return { kind: 'image', data, mimeType: picture.mimeType, ...(name ? { name } : {}) };
}
