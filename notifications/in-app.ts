import type { Kysely } from 'kysely';
import type { Database } from '../schema/database';
import { insertInApp } from '../store/notifications';
import type { ChannelAdapter, Outgoing } from './channels';

/**
 * The in-app channel: a row in `notifications` (GET /v1/notifications, pushed on the event
 * stream). Its id is the delivery's, so this channel is exactly once: a write after a crash finds
 * the row there.
 */
export function inAppChannel(db: Kysely<Database>): ChannelAdapter {
  return {
    channel: 'in_app',
    async send(m: Outgoing) {
      await insertInApp(db, { id: m.id, user_id: m.userId, org: m.org, audience_role: m.audienceRole, case_id: m.caseId, kind: m.kind, subject: m.subject, body: m.body, data: m.data });
    },
  };
}
