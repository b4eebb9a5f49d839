import { createHash } from 'node:crypto';
import type { Directory } from '../schema/directory';
import type { UserPreferences } from '../schema/database';
import { renderMessage, renderResidentMessage, type CaseSummary } from './messages';
import { parseQuietHours, quietUntil, type QuietHours } from './quiet-hours';

export const CHANNELS = ['in_app', 'email', 'webhook', 'robot'] as const;
export type Channel = (typeof CHANNELS)[number];

/** The channels that wait out a person's quiet hours: those that ring or buzz. In-app is silent, a group robot is nobody's. */
export const QUIET_CHANNELS: ReadonlySet<Channel> = new Set(['email', 'webhook']);

export interface OutboxEntry {
  id: string;
  case_id: string;
  event_id: string;
  kind: string;
  recipient_kind: string;
  recipient_id: string;
  payload: unknown;
}

export interface Person {
  id: string;
  name: string;
  role: string;
  org: string;
  email: string | null;
  phone: string | null;
  disabled: boolean;
  preferences: UserPreferences | null;
}

/** Which channels this deployment can deliver on. */
export interface Available {
  email: boolean;
  webhook: boolean;
  /** Whether an organisation has a group robot. */
  robot: (org: string) => boolean;
}

export interface PlannedDelivery {
  id: string;
  outbox_id: string;
  case_id: string;
  event_id: string;
  kind: string;
  recipient: string;
  user_id: string | null;
  org: string;
  audience_role: string;
  channel: Channel;
  address: string | null;
  subject: string;
  body: string;
  data: Record<string, unknown>;
  emergency: boolean;
  quiet_hours: QuietHours | null;
  next_attempt_at: Date;
}

/** Stable per outbox row, recipient and channel: the e-mail's Message-ID and the webhook's idempotency key. */
export function deliveryId(outboxId: string, recipient: string, channel: string): string {
  return `d-${createHash('sha256').update(`${outboxId}\n${recipient}\n${channel}`).digest('hex').slice(0, 32)}`;
}

/** The role an outbox recipient kind is read by. */
export const audienceRole = (recipientKind: string): 'department' | 'supervisor' => (recipientKind === 'department' ? 'department' : 'supervisor');

/**
 * Who of an organisation hears a notification: a department's duty staff (all its enabled people
 * when none is on duty), a jurisdiction's supervisors. `people` may hold anyone; only the
 * organisation's enabled people of the right role are taken.
 */
export function recipientsOf(entry: Pick<OutboxEntry, 'recipient_kind' | 'recipient_id'>, people: readonly Person[]): Person[] {
  const role = audienceRole(entry.recipient_kind);
  const members = people.filter((p) => p.role === role && p.org === entry.recipient_id && !p.disabled);
  if (role !== 'department') return members;
  const onDuty = members.filter((p) => p.preferences?.duty === true);
  return onDuty.length > 0 ? onDuty : members;
}

/** A person's channels: what they chose (in-app always), by default in-app and e-mail; only those this deployment has and they have an address for. */
export function channelsOf(p: Person, available: Available): Channel[] {
  const chosen = new Set<string>(p.preferences?.channels ?? ['in_app', 'email']);
  const out: Channel[] = ['in_app'];
  if (chosen.has('email') && p.email && available.email) out.push('email');
  if (chosen.has('webhook') && available.webhook) out.push('webhook');
  return out;
}

export interface PlanInput {
  entry: OutboxEntry;
  /** The case's row, for its number, title and urgency. */
  case: CaseSummary;
  people: readonly Person[];
  available: Available;
  directory: Directory;
  now: number;
  consoleUrl?: string;
  /** For a row addressed to the resident: how to reach them, read from the case when it is expanded. */
  resident?: Resident;
  /** When residents are not texted unless it is an emergency (the relay's configuration). */
  residentQuietHours?: { start: string; end: string } | null;
}

/** The reporter as the relay may use them: a phone to text, and the code to follow the case by. */
export interface Resident {
  phone: string | null;
  trackingCode: string | null;
}


/**
 * The deliveries one outbox row becomes: per recipient and channel; one in-app notification for
 * the organisation when it has nobody to address yet; one group-robot message for the
 * organisation's group, mentioning the recipients who asked for it. Deliveries on channels that
 * ring wait out the recipient's quiet hours, except for emergencies.
 */
export function planDeliveries({ entry, case: c, people, available, directory, now, consoleUrl, resident, residentQuietHours }: PlanInput): PlannedDelivery[] {
  if (entry.recipient_kind === 'resident') return planResidentDelivery({ entry, case: c, available, directory, now, consoleUrl, resident, residentQuietHours: residentQuietHours ?? null });
  const payload = (entry.payload ?? {}) as Record<string, unknown>;
  const message = renderMessage(directory, entry.kind, payload, c, consoleUrl);
  const emergency = c.urgency === 'emergency';
  const role = audienceRole(entry.recipient_kind);
  const base = {
    outbox_id: entry.id,
    case_id: entry.case_id,
    event_id: entry.event_id,
    kind: entry.kind,
    org: entry.recipient_id,
    audience_role: role,
    subject: message.subject,
    body: message.body,
    emergency,
  };
  const make = (recipient: string, channel: Channel, extra: Partial<PlannedDelivery> = {}): PlannedDelivery => ({
    ...base,
    id: deliveryId(entry.id, recipient, channel),
    recipient,
    channel,
    user_id: null,
    address: null,
    data: { payload, caseNumber: c.number },
    quiet_hours: null,
    next_attempt_at: new Date(now),
    ...extra,
  });

  const people_ = recipientsOf(entry, people);
  const out: PlannedDelivery[] = [];
  if (people_.length === 0) out.push(make(`org:${role}:${entry.recipient_id}`, 'in_app'));
  for (const p of people_) {
    const recipient = `user:${p.id}`;
    const quiet = emergency ? undefined : parseQuietHours(p.preferences?.quietHours);
    for (const channel of channelsOf(p, available)) {
      const waits = quiet && QUIET_CHANNELS.has(channel) ? quiet : undefined;
      const until = waits ? quietUntil(now, waits, directory.city.timeZone) : undefined;
      out.push(
        make(recipient, channel, {
          user_id: p.id,
          address: channel === 'email' ? p.email : channel === 'webhook' ? p.phone : null,
          data: { payload, caseNumber: c.number, name: p.name, ...(channel === 'webhook' ? { email: p.email, phone: p.phone } : {}) },
          quiet_hours: waits ?? null,
          next_attempt_at: new Date(until ?? now),
        }),
      );
    }
  }
  if (available.robot(entry.recipient_id)) {
    const mentions = people_.filter((p) => p.phone && (p.preferences?.channels ?? []).includes('robot')).map((p) => p.phone!);
    out.push(make(`group:${entry.recipient_id}`, 'robot', { address: entry.recipient_id, data: { payload, caseNumber: c.number, mentions } }));
  }
  return out;
}

/**
 * A text to the resident through the SMS gateway (the signed webhook), when they left a phone
 * and did not ask to stay anonymous: one delivery, in Chinese, with the case number and the
 * tracking code to follow it by; none when there is no way to reach them.
 */
function planResidentDelivery({ entry, case: c, available, directory, now, consoleUrl, resident, residentQuietHours }: Omit<PlanInput, 'people'>): PlannedDelivery[] {
  if (!available.webhook || !resident?.phone) return [];
  const payload = (entry.payload ?? {}) as Record<string, unknown>;
  const message = renderResidentMessage(directory, entry.kind, payload, c, resident.trackingCode, consoleUrl);
  const emergency = c.urgency === 'emergency';
  const quiet = emergency || !residentQuietHours ? undefined : parseQuietHours(residentQuietHours);
  const until = quiet ? quietUntil(now, quiet, directory.city.timeZone) : undefined;
  const recipient = `resident:${entry.case_id}`;
  return [
    {
      id: deliveryId(entry.id, recipient, 'webhook'),
      outbox_id: entry.id,
      case_id: entry.case_id,
      event_id: entry.event_id,
      kind: entry.kind,
      recipient,
      user_id: null,
      org: entry.recipient_id,
      audience_role: 'resident',
      channel: 'webhook',
      address: resident.phone,
      subject: message.subject,
      body: message.body,
      data: { caseNumber: c.number, phone: resident.phone, trackingCode: resident.trackingCode },
      emergency,
      quiet_hours: quiet ?? null,
      next_attempt_at: new Date(until ?? now),
    },
  ];
}

/** Exponential backoff with jitter: attempt n waits about base·2^(n-1), at most `max`. */
export function backoffMs(attempts: number, baseMs: number, maxMs: number, random: number = Math.random()): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
  // ±20 %, so that deliveries failing together do not retry together.
  return Math.round(Math.min(maxMs, exp * (0.8 + 0.4 * random)));
}

/** When a failed delivery is tried again: after its backoff, and past its quiet hours if it waits them out. */
export function nextAttemptAt(now: number, attempts: number, opts: { backoffMs: number; backoffMaxMs: number; quiet: QuietHours | null; zone: string; random?: number }): number {
  const at = now + backoffMs(attempts, opts.backoffMs, opts.backoffMaxMs, opts.random);
  return quietUntil(at, opts.quiet, opts.zone) ?? at;
}
