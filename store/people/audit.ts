import type { Kysely } from 'kysely';
import type { Database } from '../../schema/database';

export interface AuditEntry {
  actor: string;
  action: string;
  target?: string | null;
  ip?: string | null;
  detail?: Record<string, unknown>;
}

/** Sign-ins, failures and account changes, for an administrator to read back. */
export async function audit(db: Kysely<Database>, e: AuditEntry): Promise<void> {
  await db.insertInto('audit_log').values({ actor: e.actor, action: e.action, target: e.target ?? null, ip: e.ip ?? null, detail: JSON.stringify(e.detail ?? {}) }).execute();
}

export const recentAudit = (db: Kysely<Database>, limit: number) => db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit).execute();
