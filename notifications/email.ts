import nodemailer from 'nodemailer';
import { ChannelError, type ChannelAdapter, type Outgoing } from './channels';

/** The domain of a From address, for Message-IDs. */
export function mailDomain(from: string): string {
  const m = /@([^>\s]+)>?\s*$/.exec(from);
  return m ? m[1]! : 'localhost';
}

/** The Message-ID of a delivery: the same on every attempt, so a receiver can drop a second copy. */
export const messageId = (deliveryId: string, from: string) => `<${deliveryId}@${mailDomain(from)}>`;

/**
 * E-mail over SMTP with nodemailer (pooled connections). Resolves when the server accepted the
 * message for every recipient (250 after DATA). SMTP has no idempotency of its own: the
 * Message-ID, stable per delivery, is what lets a mailbox or a filter drop a copy sent again
 * after a crash between the server's 250 and the relay's record.
 */
export function emailChannel(opts: { smtpUrl: string; from: string; timeoutMs: number }): ChannelAdapter {
  const transport = nodemailer.createTransport(opts.smtpUrl, {
    pool: true,
    maxConnections: 4,
    connectionTimeout: opts.timeoutMs,
    greetingTimeout: opts.timeoutMs,
    socketTimeout: opts.timeoutMs,
  } as never);
  return {
    channel: 'email',
    async send(m: Outgoing, signal: AbortSignal) {
      if (!m.address) throw new ChannelError('no e-mail address', true);
      const sending = transport.sendMail({
        from: opts.from,
        to: m.address,
        subject: m.subject,
        text: m.body,
        messageId: messageId(m.id, opts.from),
        headers: {
          'X-Grassroots-Delivery': m.id,
          'X-Grassroots-Case': m.caseId,
          'X-Grassroots-Kind': m.kind,
          ...(m.emergency ? { Importance: 'high', 'X-Priority': '1' } : {}),
        },
      });
      let info: Awaited<typeof sending>;
      try {
        info = await abortable(sending, signal);
      } catch (error) {
        if (error instanceof ChannelError) throw error;
        const e = error as { responseCode?: number; code?: string; message?: string };
        // 5xx: the server refuses this message for good (unknown mailbox, policy); 4xx and lost connections may pass later.
        const permanent = (e.responseCode !== undefined && e.responseCode >= 500) || e.code === 'EENVELOPE';
        throw new ChannelError(`SMTP: ${e.responseCode ? `${e.responseCode} ` : ''}${e.code ? `${e.code} ` : ''}${(e.message ?? String(error)).slice(0, 200)}`, permanent);
      }
      if (info.rejected.length > 0) throw new ChannelError(`SMTP refused ${info.rejected.join(', ')}: ${info.response}`, true);
    },
    async close() {
      transport.close();
    },
  };
}

function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new ChannelError('no answer in time'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new ChannelError('SMTP: no answer in time'));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e as Error);
      },
    );
  });
}
