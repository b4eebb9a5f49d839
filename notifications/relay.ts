import type { Kysely } from 'kysely';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '../schema/database';
import type { Directory } from '../schema/directory';
import { claimDeliveries, deferDelivery, deliverInApp, expandOutbox, recordFailure, recordSent, type DeliveryRow } from '../store/notifications';
import { ChannelError, type ChannelAdapter, type Outgoing } from './channels';
import { robotUrlFor, type NotifyConfig } from './config';
import { emailChannel } from './email';
import { inAppChannel } from './in-app';
import { nextAttemptAt, type Available, type Channel } from './plan';
import { quietUntil } from './quiet-hours';
import { robotChannel } from './robot';
import { webhookChannel } from './webhook';

export interface RelayLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface RelayOptions {
  db: Kysely<Database>;
  directory: Directory;
  config: NotifyConfig;
  /** The channels to deliver on; by default those the configuration names (in-app always). */
  channels?: ChannelAdapter[];
  logger?: RelayLogger;
  now?: () => number;
  /** Tests: runs after a channel (not in-app, which records in the same transaction) acknowledged a delivery and before the relay records it (a crash there). */
  afterAcknowledged?: (d: DeliveryRow) => Promise<void>;
  /** Told of each delivery's outcome (bench, metrics). */
  onOutcome?: (d: DeliveryRow, outcome: 'sent' | 'retry' | 'dead' | 'deferred' | 'lost', error?: string) => void;
  /** false: no loop; the caller runs rounds with runOnce (tests). */
  loop?: boolean;
}

export interface Relay {
  /** Stops taking work, lets the deliveries in flight finish and be recorded, closes the channels. */
  stop(): Promise<void>;
  /** One round: expand the outbox, claim and deliver what is due. For tests and scripts. */
  runOnce(): Promise<{ expanded: number; claimed: number }>;
}

/** The channels the configuration names: in-app always, e-mail, the signed webhook and group robots when set. */
export function channelsFromConfig(db: Kysely<Database>, config: NotifyConfig): ChannelAdapter[] {
  const out: ChannelAdapter[] = [inAppChannel(db)];
  if (config.smtpUrl) out.push(emailChannel({ smtpUrl: config.smtpUrl, from: config.emailFrom, timeoutMs: config.sendTimeoutMs }));
  if (config.webhook) out.push(webhookChannel(config.webhook));
  if (Object.keys(config.robots).length > 0) out.push(robotChannel(config));
  return out;
}

const silent: RelayLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

function toOutgoing(d: DeliveryRow): Outgoing {
  return {
    id: d.id,
    channel: d.channel as Channel,
    kind: d.kind,
    caseId: d.case_id,
    outboxId: d.outbox_id,
    recipient: d.recipient,
    userId: d.user_id,
    org: d.org,
    audienceRole: d.audience_role,
    address: d.address,
    subject: d.subject,
    body: d.body,
    data: d.data ?? {},
    emergency: d.emergency,
    attempt: d.attempts,
    createdAt: d.created_at,
  };
}

/**
 * The notification relay: a loop in the worker process that drains the outbox (README
 * "Notifications" says why not a workflow). Each round expands new outbox rows into deliveries,
 * claims the due ones under a lease, sends each on its channel and records it sent only after the
 * channel acknowledged it; a failure is tried again with exponential backoff, and after
 * `maxAttempts` (or a refusal no retry can cure) the delivery is dead-lettered for an operator.
 * It never touches a case: a channel that fails delays only its own deliveries.
 */
export function startRelay(opts: RelayOptions): Relay {
  const { db, directory, config } = opts;
  const log = opts.logger ?? silent;
  const now = opts.now ?? Date.now;
  const channels = new Map<string, ChannelAdapter>((opts.channels ?? channelsFromConfig(db, config)).map((c) => [c.channel, c]));
  const available: Available = {
    email: channels.has('email'),
    webhook: channels.has('webhook'),
    robot: (org) => channels.has('robot') && robotUrlFor(config, org) !== undefined,
  };
  const controller = new AbortController();
  const zone = directory.city.timeZone;

  const deliver = async (d: DeliveryRow): Promise<void> => {
    const outcome = (o: Parameters<NonNullable<RelayOptions['onOutcome']>>[1], error?: string) => opts.onOutcome?.(d, o, error);
    // Taken while its quiet hours began (a relay was down, or a retry fell due): it waits them out.
    const quiet = d.emergency ? undefined : quietUntil(now(), d.quiet_hours, zone);
    if (quiet !== undefined) {
      await deferDelivery(db, d, quiet);
      outcome('deferred');
      return;
    }
    const adapter = channels.get(d.channel);
    let error: ChannelError | undefined;
    if (!adapter) error = new ChannelError(`the ${d.channel} channel is not configured in this relay`);
    else {
      const timeout = AbortSignal.timeout(config.sendTimeoutMs);
      try {
        await adapter.send(toOutgoing(d), timeout);
      } catch (e) {
        error = e instanceof ChannelError ? e : new ChannelError(`${d.channel}: ${(e as Error).message ?? String(e)}`);
      }
    }
    if (error) {
      const dead = error.permanent || d.attempts >= config.maxAttempts;
      const retryAt = dead ? null : nextAttemptAt(now(), d.attempts, { backoffMs: config.backoffMs, backoffMaxMs: config.backoffMaxMs, quiet: d.emergency ? null : d.quiet_hours, zone });
      const recorded = await recordFailure(db, d, error.message.slice(0, 1000), now(), retryAt);
      if (dead) log.warn({ delivery: d.id, channel: d.channel, caseId: d.case_id, attempts: d.attempts, error: error.message }, 'notification dead-lettered');
      outcome(recorded ? (dead ? 'dead' : 'retry') : 'lost', error.message);
      return;
    }
    await opts.afterAcknowledged?.(d);
    // Sent: a crash before this line sends it again after the lease (the receiver drops the copy by its id).
    const recorded = await recordSent(db, d, now());
    if (!recorded) log.warn({ delivery: d.id, channel: d.channel }, 'a delivery was sent after its lease ran out; another relay had taken it');
    outcome(recorded ? 'sent' : 'lost');
  };

  const inFlight = new Set<Promise<void>>();
  let slotFreed: (() => void) | undefined;
  const start = (d: DeliveryRow) => {
    const p: Promise<void> = deliver(d)
      .catch((error: unknown) => {
        // The database went away while recording: the lease runs out and the delivery is taken again.
        log.warn({ err: error, delivery: d.id }, 'could not record a delivery; it is tried again when its lease ends');
      })
      .finally(() => {
        inFlight.delete(p);
        slotFreed?.();
      });
    inFlight.add(p);
  };

  /** Expands new outbox rows, and claims as many due deliveries as there are free slots. */
  const fill = async () => {
    const expanded = await expandOutbox(db, { directory, available, now: now(), limit: config.batchSize, maxAgeMs: config.maxAgeMs, residentQuietHours: config.residentQuietHours, ...(config.consoleUrl ? { consoleUrl: config.consoleUrl } : {}) });
    if (expanded.skipped > 0) log.warn({ skipped: expanded.skipped, maxAgeMs: config.maxAgeMs }, 'outbox rows older than NOTIFY_MAX_AGE_MS were not delivered');
    const free = config.concurrency - inFlight.size;
    // At most `concurrency` deliveries are held at once, each bounded by the send timeout, well within its lease.
    const claimed = free > 0 ? await claimDeliveries(db, { now: now(), leaseMs: config.leaseMs, limit: free }) : [];
    // In-app deliveries are rows of this database: written with their record in one transaction.
    const inApp = claimed.filter((d) => d.channel === 'in_app' && channels.has('in_app'));
    if (inApp.length > 0) {
      const recorded = await deliverInApp(db, inApp, now());
      for (const d of inApp) opts.onOutcome?.(d, recorded.has(d.id) ? 'sent' : 'lost');
    }
    for (const d of claimed) if (!inApp.includes(d)) start(d);
    return { expanded: expanded.entries, claimed: claimed.length };
  };

  const runOnce = async () => {
    const r = await fill();
    await Promise.all([...inFlight]);
    return r;
  };

  const loop = (async () => {
    let failures = 0;
    while (opts.loop !== false && !controller.signal.aborted) {
      let busy = false;
      try {
        const r = await fill();
        busy = r.expanded > 0 || r.claimed > 0;
        failures = 0;
      } catch (error) {
        failures++;
        log.warn({ err: error }, 'the notification relay could not reach the database; trying again');
      }
      if (controller.signal.aborted) break;
      if (inFlight.size >= config.concurrency) {
        // Every slot is taken: go on when one frees.
        await new Promise<void>((resolve) => {
          slotFreed = resolve;
          controller.signal.addEventListener('abort', () => resolve(), { once: true });
        });
        slotFreed = undefined;
      } else if (!busy) {
        const wait = failures > 0 ? Math.min(10_000, config.pollMs * 2 ** failures) : config.pollMs;
        await sleep(wait, undefined, { signal: controller.signal }).catch(() => undefined);
      }
    }
  })();

  return {
    runOnce,
    async stop() {
      controller.abort();
      await loop;
      await Promise.all([...inFlight]);
      for (const c of channels.values()) await c.close?.();
    },
  };
}
