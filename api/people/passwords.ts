import { hash, verify } from '@node-rs/argon2';

/** argon2id in @node-rs/argon2's `Algorithm` enum (a const enum, which isolated modules cannot read). */
const ARGON2ID = 2;

/**
 * argon2id (OWASP's first choice for passwords) through @node-rs/argon2: a prebuilt native
 * binding with no build step, and its defaults (19 MiB, 2 passes) are OWASP's minimum.
 */
export const hashPassword = (password: string) => hash(password, { algorithm: ARGON2ID });

// Verified against when the user is unknown, so that an unknown name costs what a wrong password does.
let decoy: Promise<string> | undefined;

/** Whether the password is the user's; a missing hash (unknown user, single sign-on only) costs the same and fails. */
export async function passwordMatches(passwordHash: string | null | undefined, password: string): Promise<boolean> {
  if (!passwordHash) {
    decoy ??= hashPassword('decoy password that no one has');
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}

/** What a new password must be: long enough to resist guessing, and not the username. */
export function passwordProblem(password: string, username: string): string | null {
  if (password.length < 10) return 'must be at least 10 characters';
  if (password.toLowerCase().includes(username.toLowerCase())) return 'must not contain the username';
  return null;
}
