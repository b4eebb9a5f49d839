import type { Kysely } from 'kysely';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '../../schema/database';
import { audit } from '../../store/people/audit';
import { recordFailedSignIn, recordSignIn, userByUsername } from '../../store/people/users';
import { HttpProblem } from '../problem';
import { passwordMatches } from './passwords';
import { startSession, type SignedIn } from './sessions';

export interface SignInPolicy {
  /** Failures in a row after which the account locks (default 5). */
  lockAfter: number;
  /** The first lock's length; each further failure doubles it (default 15 minutes). */
  lockMs: number;
  /** Added to each failure's answer per failure so far, up to 2 s: guessing slows down (default 250 ms). */
  slowDownMs: number;
}

export const DEFAULT_SIGN_IN_POLICY: SignInPolicy = { lockAfter: 5, lockMs: 15 * 60_000, slowDownMs: 250 };

// One answer for every failure: whether a name exists, or is locked, is not told to a guesser.
const WRONG = 'the username or password is wrong, or the account is locked for a while after repeated failures; try again later or ask an administrator';

/** Failures of names that are not accounts, so that guessing them slows down alike (kept in memory, bounded). */
const unknownFailures = new Map<string, number>();

export async function signIn(
  db: Kysely<Database>,
  jwtSecret: string,
  attempt: { username: string; password: string; ip: string },
  policy: SignInPolicy = DEFAULT_SIGN_IN_POLICY,
): Promise<SignedIn> {
  const now = new Date();
  const user = await userByUsername(db, attempt.username);
  const matches = await passwordMatches(user?.password_hash, attempt.password);
  const locked = user?.locked_until != null && user.locked_until > now;
  if (user && matches && !locked && !user.disabled) {
    await recordSignIn(db, user.id);
    await audit(db, { actor: user.username, action: 'sign_in', target: user.id, ip: attempt.ip });
    return startSession(db, jwtSecret, user);
  }
  let failures: number;
  if (user) {
    failures = (await recordFailedSignIn(db, user.id, now, policy.lockAfter, policy.lockMs))?.failed_sign_ins ?? 1;
  } else {
    failures = (unknownFailures.get(attempt.username) ?? 0) + 1;
    if (unknownFailures.size > 10_000) unknownFailures.clear();
    unknownFailures.set(attempt.username, failures);
  }
  await audit(db, { actor: attempt.username, action: 'sign_in_failed', target: user?.id ?? null, ip: attempt.ip, detail: { failures, locked, disabled: user?.disabled ?? false } });
  await sleep(Math.min(2_000, failures * policy.slowDownMs));
  throw new HttpProblem(401, 'sign-in-failed', WRONG);
}
