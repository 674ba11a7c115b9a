import { randomBytes } from 'node:crypto';
import { argon2id, argon2Verify } from 'hash-wasm';

/**
 * argon2id with OWASP's minimum (19 MiB, 2 passes, 1 lane), through hash-wasm: WebAssembly, so
 * it installs the same on every platform and a clean `npm ci` needs no per-platform binary.
 */
const PARAMETERS = { parallelism: 1, iterations: 2, memorySize: 19_456, hashLength: 32 } as const;

/** The PHC string (`$argon2id$v=19$m=…`) of a password, with a fresh 16-byte salt. */
export async function hashPassword(password: string): Promise<string> {
  return argon2id({ password, salt: randomBytes(16), ...PARAMETERS, outputType: 'encoded' });
}

/** Whether the password matches the PHC string; a malformed string never matches. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  try {
    return await argon2Verify({ password, hash });
  } catch {
    return false;
  }
}

/** A hash of a password nobody has: verified against when the username is unknown, so both cost the same. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(24).toString('base64'));
  return decoy;
}

/** What a staff password must be: 10 to 200 characters. */
export function passwordProblem(password: string): string | null {
  if ([...password].length < 10) return '密码至少10位';
  if (password.length > 200) return '密码最多200位';
  return null;
}
