import type { Channel } from './plan';

/** One delivery as a channel sends it. */
export interface Outgoing {
  /** Stable across attempts: the e-mail's Message-ID, the webhook's idempotency key. */
  id: string;
  channel: Channel;
  kind: string;
  caseId: string;
  outboxId: string;
  recipient: string;
  userId: string | null;
  org: string;
  audienceRole: string;
  /** The e-mail address, phone number or organisation, by channel. */
  address: string | null;
  subject: string;
  body: string;
  data: Record<string, unknown>;
  emergency: boolean;
  /** 1 on the first try. */
  attempt: number;
  createdAt: Date;
}

/**
 * A way out of the building. `send` resolves once the other side has acknowledged the message
 * (SMTP 250, HTTP 2xx with the robot's errcode 0, a committed row) and throws otherwise; it must
 * not resolve on anything less, because the relay records the delivery as sent when it does.
 */
export interface ChannelAdapter {
  readonly channel: Channel;
  send(message: Outgoing, signal: AbortSignal): Promise<void>;
  close?(): Promise<void>;
}

/** A refusal; `permanent` ones (a malformed address, a 4xx that retrying cannot fix) go to dead-letter at once. */
export class ChannelError extends Error {
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}

/** An HTTP status a retry may cure: the receiver is away, busy or rate-limiting. */
export const retryableStatus = (status: number) => status >= 500 || status === 408 || status === 425 || status === 429;

/** Posts JSON and reads the answer, failing as a ChannelError with the status and the start of the body. */
export async function postJson(url: string, body: string, headers: Record<string, string>, signal: AbortSignal): Promise<{ status: number; text: string }> {
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body, signal, redirect: 'error' });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    throw new ChannelError(`${new URL(url).host}: ${signal.aborted ? 'no answer in time' : (cause ?? (error as Error).message)}`);
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) throw new ChannelError(`${new URL(url).host} answered ${response.status}: ${text.slice(0, 200)}`, !retryableStatus(response.status));
  return { status: response.status, text };
}
