import type { Role } from './api/types';

/** Who is signed in: the token as pasted, and the claims read from it (the API checks the signature). */
export interface Session {
  token: string;
  sub: string;
  role: Role;
  org: string;
  /** Signed in with a password: the person's name, and what keeps the session going. */
  name?: string;
  refreshToken?: string;
  expiresAt?: string;
}

const KEY = 'gce.token';
const REFRESH_KEY = 'gce.refresh';
const ROLES: readonly Role[] = ['street', 'department', 'supervisor', 'admin'];

/** Reads a JWT's claims without verifying it: only to pick pages; every request is checked by the API. */
export function parseToken(token: string): Session | null {
  const payload = token.trim().split('.')[1];
  if (!payload) return null;
  try {
    const bytes = Uint8Array.from(atob(payload.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    const json = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    const { sub, role, org } = json;
    if (typeof sub !== 'string' || typeof org !== 'string' || !ROLES.includes(role as Role)) return null;
    return { token: token.trim(), sub, role: role as Role, org };
  } catch {
    return null;
  }
}

export function loadSession(): Session | null {
  const token = localStorage.getItem(KEY);
  const session = token ? parseToken(token) : null;
  if (!session) return null;
  try {
    const extra = JSON.parse(localStorage.getItem(REFRESH_KEY) ?? 'null') as Pick<Session, 'name' | 'refreshToken' | 'expiresAt'> | null;
    return extra ? { ...session, ...extra } : session;
  } catch {
    return session;
  }
}

export function saveSession(session: Session | null): void {
  if (session) localStorage.setItem(KEY, session.token);
  else localStorage.removeItem(KEY);
  if (session?.refreshToken) localStorage.setItem(REFRESH_KEY, JSON.stringify({ name: session.name, refreshToken: session.refreshToken, expiresAt: session.expiresAt }));
  else localStorage.removeItem(REFRESH_KEY);
}

/** What POST /v1/session and /v1/session/refresh answer. */
export interface SignedIn {
  token: string;
  expiresAt: string;
  refreshToken: string;
  user: { id: string; username: string; name: string; role: string; org: string };
}

/** A session from a password sign-in's answer (null if the token is not one the console reads). */
export function sessionOf(answer: SignedIn): Session | null {
  const claims = parseToken(answer.token);
  return claims ? { ...claims, name: answer.user.name, refreshToken: answer.refreshToken, expiresAt: answer.expiresAt } : null;
}

/** The page a role starts on. */
export function homeOf(role: Role): string {
  return role === 'department' ? '#/inbox' : role === 'street' ? '#/desk' : '#/dashboard';
}

/**
 * `#token=…` (the links npm start prints) signs in and leaves the token out of the history. Run
 * before the first render, so a page opened by such a link is signed in once it has loaded.
 */
export function signInFromLink(): void {
  const m = /^#token=([^&]+)/.exec(location.hash);
  if (!m) return;
  const session = parseToken(decodeURIComponent(m[1]!));
  if (!session) return;
  saveSession(session);
  history.replaceState(null, '', `${location.pathname}${homeOf(session.role)}`);
}
