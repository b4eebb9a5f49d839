import type { Kysely } from 'kysely';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '../../schema/database';
import { notificationHead, notificationsAfter, type FeedPosition, type NotificationRow, type Reader } from '../../store/notifications';
import type { Principal } from '../auth';
import { readerOf, toNotificationView } from '../routes/notifications';

type Listener = (rows: NotificationRow[]) => void;

/** Whether a notification is for this reader: their own, or their organisation's shared one. */
export const isFor = (who: Reader, n: Pick<NotificationRow, 'user_id' | 'org' | 'role'>) =>
  n.user_id === null ? n.org === who.org && n.role === who.role : n.user_id === who.userId;

// One reader of the notifications table per database (per API process), polling only while a page listens.
const feeds = new WeakMap<Kysely<Database>, { listeners: Set<Listener>; running: Promise<void> | null }>();

/**
 * Hears the notifications written from now on (by the relay, in whichever worker), in
 * commit-safe order as the case feed reads the log; returns how to stop hearing. Polling rather
 * than LISTEN, as the case feed does: no dedicated connection to lose in a database restart.
 */
export function subscribeNotifications(db: Kysely<Database>, listener: Listener, opts: { pollMs?: number; onError?: (error: unknown) => void } = {}): () => void {
  let feed = feeds.get(db);
  if (!feed) feeds.set(db, (feed = { listeners: new Set(), running: null }));
  const f = feed;
  f.listeners.add(listener);
  f.running ??= (async () => {
    let position: FeedPosition | null = null;
    while (f.listeners.size > 0) {
      try {
        position ??= await notificationHead(db);
        const batch = await notificationsAfter(db, position);
        position = batch.position;
        if (batch.rows.length > 0) for (const l of f.listeners) l(batch.rows);
      } catch (error) {
        opts.onError?.(error);
      }
      await sleep(opts.pollMs ?? 500);
    }
    f.running = null;
  })();
  return () => f.listeners.delete(listener);
}

/**
 * The event stream's part (GET /v1/events/stream): `event: notification` with the notification
 * as GET /v1/notifications shows it, for each one addressed to the signed-in person.
 */
export function streamNotifications(db: Kysely<Database>, who: Principal, write: (chunk: string) => void, onError?: (error: unknown) => void): () => void {
  const reader = readerOf(who);
  return subscribeNotifications(
    db,
    (rows) => {
      for (const n of rows) if (isFor(reader, n)) write(`event: notification\nid: ${n.id}\ndata: ${JSON.stringify(toNotificationView(n))}\n\n`);
    },
    onError ? { onError } : {},
  );
}
