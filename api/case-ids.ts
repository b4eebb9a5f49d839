import { createHash, randomUUID } from 'node:crypto';

/**
 * A case id: random, or derived from the submission's Idempotency-Key (and who sent it), so
 * that a retried submission addresses the same case and creates nothing new.
 */
export function newCaseId(idempotency?: { key: string; scope: string }): string {
  if (!idempotency) return `case-${randomUUID()}`;
  const h = createHash('sha256').update(`${idempotency.scope}\n${idempotency.key}`).digest('hex');
  return `case-${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
