import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { AppError, ErrorCodes } from '../errors.ts';

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  ENOENT: 'it does not exist',
  EEXIST: 'a file of that name is in the way',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
  ECONNREFUSED: 'connection refused',
  ETIMEDOUT: 'the connection timed out',
  ENOTFOUND: 'no such host',
};

/** An OS error in a few words ("permission denied"), never a stack: for the one start-up line. */
export function reasonOf(error: unknown): string {
  const { code, message, errors } = error as { code?: string; message?: string; errors?: unknown[] };
  if (code && REASONS[code]) return REASONS[code];
  // A connection tried on several addresses (IPv4 and IPv6) fails with an AggregateError and no message of its own.
  if (!message && errors?.length) return reasonOf(errors[0]);
  return (message || String(error)).split('\n')[0]!;
}

/**
 * Makes sure `DATA_DIR` is a folder this process can write (creating it owner-only if need be),
 * or stops start-up with one line naming the variable and the absolute path.
 */
export function prepareDataDir(dir: string): string {
  const absolute = path.resolve(dir);
  const fail = (what: string, error: unknown) => new AppError(ErrorCodes.CONFIG_INVALID, `DATA_DIR: ${what} "${absolute}": ${reasonOf(error)}`);
  try {
    mkdirSync(absolute, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw fail('cannot create the folder', error);
  }
  try {
    if (!statSync(absolute).isDirectory()) throw Object.assign(new Error('it is a file, not a folder'), { code: 'NOTAFOLDER' });
    accessSync(absolute, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch (error) {
    throw fail('cannot use the folder', error);
  }
  return absolute;
}
