import { hash, verify } from '@node-rs/argon2';

/** argon2id with the library's defaults (19 MiB, t=2); see docs/decisions.md. */
export function hashPassword(plain: string): Promise<string> {
  return hash(plain);
}

export async function verifyPassword(passwordHash: string, plain: string): Promise<boolean> {
  try {
    return await verify(passwordHash, plain);
  } catch {
    return false;
  }
}

/** Verifying against this keeps the time of a login for an unknown user close to a known one. */
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hash('not-a-real-password-just-for-timing');
  return dummyHash;
}

export const PASSWORD_RULE = 'at least 10 characters';
export function passwordProblem(plain: string): string | null {
  if (plain.length < 10) return `must be ${PASSWORD_RULE}`;
  if (plain.length > 200) return 'must be at most 200 characters';
  return null;
}
