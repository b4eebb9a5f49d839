import { createHmac, timingSafeEqual } from 'node:crypto';
import { postJson, type ChannelAdapter, type Outgoing } from './channels';

export const SIGNATURE_HEADER = 'x-grassroots-signature';
export const TIMESTAMP_HEADER = 'x-grassroots-timestamp';
export const DELIVERY_HEADER = 'x-grassroots-delivery';
/** How far a receiver accepts a timestamp from its own clock, either way. */
export const DEFAULT_TOLERANCE_S = 300;

/** `v1=` and the hex HMAC-SHA256, keyed by the shared secret, of `<timestamp>.<body>`. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export type Verification = { ok: true; timestamp: number } | { ok: false; reason: 'malformed' | 'stale' | 'mismatch' };

/**
 * What a receiver does with a signed webhook: a timestamp that is not whole seconds or a
 * signature that is not `v1=<64 hex>` is malformed; one outside the replay window is stale; then
 * the HMAC over the raw body, compared in constant time. Several signatures may be sent,
 * comma-separated (while a secret is rotated); one match is enough.
 */
export function verifyWebhook(opts: { secret: string; body: string; timestamp: string | undefined; signature: string | undefined; nowS?: number; toleranceS?: number }): Verification {
  const { secret, body, timestamp, signature } = opts;
  if (!timestamp || !/^\d{1,12}$/.test(timestamp) || !signature) return { ok: false, reason: 'malformed' };
  const given = signature.split(/, ?/);
  if (given.length === 0 || given.length > 4 || !given.every((s) => /^v1=[0-9a-f]{64}$/.test(s))) return { ok: false, reason: 'malformed' };
  const ts = Number(timestamp);
  const now = opts.nowS ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - ts) > (opts.toleranceS ?? DEFAULT_TOLERANCE_S)) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(signWebhook(secret, ts, body));
  const match = given.some((s) => {
    const b = Buffer.from(s);
    return b.length === expected.length && timingSafeEqual(b, expected);
  });
  return match ? { ok: true, timestamp: ts } : { ok: false, reason: 'mismatch' };
}

/** The JSON a signed webhook carries: enough for an SMS gateway or a messaging bridge to address the person. */
export function webhookBody(m: Outgoing): string {
  const d = m.data as { caseNumber?: string | null; name?: string; email?: string | null; phone?: string | null };
  return JSON.stringify({
    id: m.id,
    kind: m.kind,
    caseId: m.caseId,
    caseNumber: d.caseNumber ?? null,
    emergency: m.emergency,
    to: { userId: m.userId, name: d.name ?? null, phone: d.phone ?? m.address, email: d.email ?? null, org: m.org },
    subject: m.subject,
    text: m.body,
    createdAt: m.createdAt.toISOString(),
    attempt: m.attempt,
  });
}

/**
 * A signed webhook (a city's SMS gateway, a messaging bridge): POST JSON with the delivery id as
 * `Idempotency-Key` and `X-Grassroots-Delivery`, so a receiver drops a copy sent again after a
 * crash between its 2xx and the relay's record; signed over timestamp and body. A 2xx is the
 * acknowledgement; 5xx, 408, 429 and no answer are tried again, other 4xx go to dead-letter.
 */
export function webhookChannel(opts: { url: string; secret: string; now?: () => number }): ChannelAdapter {
  const now = opts.now ?? Date.now;
  return {
    channel: 'webhook',
    async send(m: Outgoing, signal: AbortSignal) {
      const body = webhookBody(m);
      const timestamp = Math.floor(now() / 1000);
      await postJson(
        opts.url,
        body,
        {
          'idempotency-key': m.id,
          [DELIVERY_HEADER]: m.id,
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signWebhook(opts.secret, timestamp, body),
          'user-agent': 'grassroots-case-engine-notify/1',
        },
        signal,
      );
    },
  };
}
