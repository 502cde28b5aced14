/** Password hashes: argon2id (@node-rs/argon2, its binary inside the npm package; ~30–80 ms a hash). */
import { hash, verify } from '@node-rs/argon2';

/** `Algorithm.Argon2id`: the package declares its enum `const`, which isolated modules cannot inline. */
const ARGON2ID = 2;
const OPTIONS = { algorithm: ARGON2ID } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** A hash of nothing anyone knows: checked against when the login does not exist, so that a wrong login
 * costs the same time as a wrong password and the answer's timing does not tell them apart. */
let dummy: Promise<string> | null = null;

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  const against = passwordHash ?? (await (dummy ??= hashPassword(`no-such-user-${Math.random()}`)));
  const ok = await verify(against, password).catch(() => false);
  return ok && passwordHash !== null;
}
