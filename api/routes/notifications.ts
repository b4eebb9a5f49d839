import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { identifier } from '../../schema/text';
import { caseDeliveries, deadLetters, deliveryWithCase, listNotifications, markRead, retryDelivery, unreadCount, type DeliveryRow, type NotificationRow, type Reader } from '../../store/notifications';
import type { ApiContext } from '../app';
import type { Principal } from '../auth';
import { caseInScope } from '../case-access';
import { HttpProblem, Problem } from '../problem';
import { jurisdictionsWithin } from '../scope';
import { isWithin } from '../../domain/jurisdictions';

const security = [{ bearerAuth: [] }];
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 503: Problem };

export const NotificationView = z
  .object({
    id: z.string(),
    kind: z.string().describe('the event it is about: case_assigned, deadline_warning, case_escalated, dispatch_requested, leader_assigned, duplicate_linked'),
    caseId: z.string().nullable(),
    caseNumber: z.string().nullable(),
    subject: z.string(),
    body: z.string(),
    createdAt: z.string(),
    read: z.boolean(),
    readAt: z.string().nullable(),
    shared: z.boolean().describe('addressed to your whole organisation (it has no one on record to address yet): read by one, read for all'),
  })
  .meta({ id: 'Notification' });

export const DeliveryView = z
  .object({
    id: z.string().describe('stable per notification, recipient and channel: the e-mail\'s Message-ID, the webhook\'s Idempotency-Key'),
    caseId: z.string(),
    caseNumber: z.string().nullable().optional(),
    kind: z.string(),
    recipient: z.object({ type: z.enum(['user', 'org', 'group', 'resident']), id: z.string(), name: z.string().nullable() }),
    org: z.string(),
    channel: z.enum(['in_app', 'email', 'webhook', 'robot']),
    address: z.string().nullable(),
    status: z.enum(['pending', 'sent', 'dead']),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    nextAttemptAt: z.string().nullable().describe('pending: when it is tried (again); later than now while the recipient\'s quiet hours last'),
    sentAt: z.string().nullable(),
    deadAt: z.string().nullable(),
  })
  .meta({ id: 'Delivery' });

/** The person reading: a staff account by its id, a token of the old kind by its subject. */
export function readerOf(p: Principal): Reader {
  return { userId: (p as { uid?: string }).uid ?? p.sub, org: p.org, role: p.role };
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function toNotificationView(n: NotificationRow): z.infer<typeof NotificationView> {
  const data = (n.data ?? {}) as { caseNumber?: string | null };
  return {
    id: n.id,
    kind: n.kind,
    caseId: n.case_id,
    caseNumber: data.caseNumber ?? null,
    subject: n.subject,
    body: n.body,
    createdAt: iso(n.created_at)!,
    read: n.read_at !== null,
    readAt: iso(n.read_at),
    shared: n.user_id === null,
  };
}

export function toDeliveryView(d: DeliveryRow & { case_number?: string | null }): z.infer<typeof DeliveryView> {
  const [type, ...rest] = d.recipient.split(':');
  const name = (d.data as { name?: string } | null)?.name ?? null;
  return {
    id: d.id,
    caseId: d.case_id,
    ...(d.case_number !== undefined ? { caseNumber: d.case_number } : {}),
    kind: d.kind,
    recipient: { type: (type === 'user' || type === 'org' || type === 'resident' ? type : 'group') as 'user' | 'org' | 'group' | 'resident', id: type === 'user' ? d.user_id! : rest.at(-1)!, name },
    org: d.org,
    channel: d.channel as 'in_app',
    // A resident's phone is theirs: supervisors see that they were told, not their number.
    address: d.channel === 'robot' || type === 'resident' ? null : d.address,
    status: d.status,
    attempts: d.attempts,
    lastError: d.last_error,
    createdAt: iso(d.created_at)!,
    nextAttemptAt: d.status === 'pending' ? iso(d.next_attempt_at) : null,
    sentAt: iso(d.sent_at),
    deadAt: iso(d.dead_at),
  };
}

const encodeCursor = (at: Date, id: string) => Buffer.from(JSON.stringify([new Date(at).toISOString(), id])).toString('base64url');
function decodeCursor(cursor: string): { at: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    const date = new Date(String(at));
    if (typeof id === 'string' && !Number.isNaN(date.getTime())) return { at: date, id };
  } catch {
    // answered below
  }
  throw new HttpProblem(400, 'validation', 'cursor: not a cursor this API gave', { errors: [{ path: 'cursor', in: 'querystring', message: 'not a cursor this API gave', code: 'invalid_format' }] });
}

/**
 * Notifications (CONTRACT.md "People"): the signed-in person's in-app notifications, the
 * operators' dead-letter view and retry, and the deliveries of a case for its supervisors.
 */
export const notificationRoutes: FastifyPluginAsyncZod<ApiContext> = async (app, { db, directory }) => {
  app.get(
    '/notifications',
    {
      config: { roles: ['street', 'department', 'supervisor'] },
      schema: {
        tags: ['notifications'],
        summary: 'your notifications, newest first, with the number unread',
        security,
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(200).default(50),
          cursor: identifier(500).optional().describe('nextCursor of the previous page'),
          unread: z.enum(['true', 'false']).optional().describe('true: unread ones only'),
        }),
        response: { 200: z.object({ items: z.array(NotificationView), unread: z.number().int(), nextCursor: z.string().nullable() }), ...errors },
      },
    },
    async (request) => {
      const who = readerOf(request.principal);
      const { limit, cursor, unread } = request.query;
      const before = cursor ? decodeCursor(cursor) : undefined;
      const [rows, count] = await Promise.all([
        listNotifications(db, who, { limit: limit + 1, unreadOnly: unread === 'true', ...(before ? { before: { createdAt: before.at, id: before.id } } : {}) }),
        unreadCount(db, who),
      ]);
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return { items: page.map(toNotificationView), unread: count, nextCursor: rows.length > limit && last ? encodeCursor(last.created_at, last.id) : null };
    },
  );

  app.post(
    '/notifications/:id/read',
    {
      config: { roles: ['street', 'department', 'supervisor'] },
      schema: {
        tags: ['notifications'],
        summary: 'mark one of your notifications read (again: no change)',
        security,
        params: z.object({ id: identifier() }),
        response: { 200: NotificationView, ...errors },
      },
    },
    async (request) => {
      const row = await markRead(db, readerOf(request.principal), request.params.id, new Date());
      if (!row) throw new HttpProblem(404, 'notification-not-found', `no notification ${request.params.id} of yours`);
      return toNotificationView(row);
    },
  );

  const scopeOf = (p: Principal) => (p.role === 'admin' ? undefined : jurisdictionsWithin(directory, p.org));

  app.get(
    '/notifications/dead-letter',
    {
      config: { roles: ['supervisor'] },
      schema: {
        tags: ['notifications'],
        summary: 'deliveries that failed every attempt, newest first (supervisors: of cases in their jurisdiction)',
        security,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100), cursor: identifier(500).optional().describe('nextCursor of the previous page') }),
        response: { 200: z.object({ items: z.array(DeliveryView), nextCursor: z.string().nullable() }), ...errors },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      const before = cursor ? decodeCursor(cursor) : undefined;
      const scope = scopeOf(request.principal);
      const rows = await deadLetters(db, { limit: limit + 1, ...(scope ? { jurisdictionIds: scope } : {}), ...(before ? { before: { deadAt: before.at, id: before.id } } : {}) });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return { items: page.map(toDeliveryView), nextCursor: rows.length > limit && last?.dead_at ? encodeCursor(last.dead_at, last.id) : null };
    },
  );

  app.post(
    '/notifications/dead-letter/:id/retry',
    {
      config: { roles: ['supervisor'] },
      schema: {
        tags: ['notifications'],
        summary: 'send a dead-lettered delivery again: a fresh round of attempts from now',
        description: 'After the receiver was fixed. 409 when the delivery is not dead (already pending or sent).',
        security,
        params: z.object({ id: identifier() }),
        response: { 200: DeliveryView, 409: Problem, ...errors },
      },
    },
    async (request) => {
      const p = request.principal;
      const found = await deliveryWithCase(db, request.params.id);
      if (!found || (p.role !== 'admin' && !(found.jurisdiction_id && isWithin(directory, found.jurisdiction_id, p.org)))) {
        throw new HttpProblem(404, 'delivery-not-found', `no delivery ${request.params.id} that you may see`);
      }
      const row = await retryDelivery(db, found.id, new Date());
      if (!row) throw new HttpProblem(409, 'delivery-not-dead', `delivery ${found.id} is ${found.status}, not dead: nothing to retry`, { code: 'invalid_state' });
      request.log.info({ delivery: row.id, by: p.sub }, 'dead-lettered delivery sent again');
      return toDeliveryView(row);
    },
  );

  app.get(
    '/cases/:id/deliveries',
    {
      config: { roles: ['supervisor'] },
      schema: {
        tags: ['notifications'],
        summary: 'who was told what about the case, on which channel, and whether it arrived',
        security,
        params: z.object({ id: identifier() }),
        response: { 200: z.object({ items: z.array(DeliveryView) }), ...errors },
      },
    },
    async (request) => {
      const state = await caseInScope(db, directory, request.principal, request.params.id);
      return { items: (await caseDeliveries(db, state.caseId)).map(toDeliveryView) };
    },
  );
};
