// Receivers the notification tests start: a real SMTP server (smtp-server), a webhook receiver
// that checks signatures as a city's gateway would, and a WeCom/DingTalk group-robot stand-in.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhook } from '../../notifications/webhook';

export interface ReceivedMail {
  messageId: string;
  deliveryId: string;
  caseId: string;
  kind: string;
  to: string[];
  subject: string;
  receivedAt: number;
}

/** Header fields of a raw message (unfolded, lower-case names; the first of each). */
function headersOf(raw: string): Record<string, string> {
  const head = raw.split(/\r?\n\r?\n/, 1)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const out: Record<string, string> = {};
  for (const line of head.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i).trim().toLowerCase()] ??= line.slice(i + 1).trim();
  }
  return out;
}

/** RFC 2047 encoded words (as nodemailer writes a non-ASCII subject) back to text. */
function decodeSubject(s: string): string {
  const q = (text: string) => {
    const bytes: number[] = [];
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      if (ch === '=' && /^[0-9A-F]{2}$/i.test(text.slice(i + 1, i + 3))) {
        bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
        i += 2;
      } else bytes.push(ch === '_' ? 0x20 : ch.charCodeAt(0));
    }
    return Buffer.from(bytes).toString('utf8');
  };
  return s.replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_m, enc: string, text: string) => (enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : q(text)));
}

/**
 * A real SMTP server on a free port. A message counts as received when its data has arrived,
 * before the 250 goes back, as a real server commits it: so a sender killed while waiting for
 * the 250 has its message received and sends it again (the duplicate a Message-ID lets one drop).
 * `hold` keeps the 250 back for the messages it returns true for, until `release`.
 */
export async function startSmtpReceiver() {
  const mails: ReceivedMail[] = [];
  const held: (() => void)[] = [];
  const state = { hold: (_m: ReceivedMail) => false, refuse: (_m: ReceivedMail): string | undefined => undefined };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const h = headersOf(raw);
        const mail: ReceivedMail = {
          messageId: h['message-id'] ?? '',
          deliveryId: h['x-grassroots-delivery'] ?? '',
          caseId: h['x-grassroots-case'] ?? '',
          kind: h['x-grassroots-kind'] ?? '',
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: decodeSubject(h.subject ?? ''),
          receivedAt: Date.now(),
        };
        const refusal = state.refuse(mail);
        if (refusal) return callback(Object.assign(new Error(refusal), { responseCode: 451 }));
        mails.push(mail);
        if (state.hold(mail)) held.push(() => callback());
        else callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = ((server as unknown as { server: Server }).server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    state,
    /** Sends the 250s held back. */
    release() {
      for (const f of held.splice(0)) f();
    },
    get heldCount() {
      return held.length;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export interface ReceivedHook {
  deliveryId: string;
  idempotencyKey: string;
  body: { id: string; kind: string; caseId: string; to: { userId: string | null; phone: string | null }; text: string; subject: string };
  receivedAt: number;
}

/**
 * A signed-webhook receiver as a gateway would write it: it verifies the HMAC over timestamp and
 * body within the replay window and refuses anything else with 401 (a malformed signature with
 * 400), records the accepted ones, and answers 2xx, or 503 while `down`.
 */
export async function startWebhookReceiver(secret: string) {
  const accepted: ReceivedHook[] = [];
  const refused: { status: number; reason: string }[] = [];
  const state = { down: false };
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      if (state.down) {
        res.writeHead(503).end('down for maintenance');
        return;
      }
      const v = verifyWebhook({ secret, body, timestamp: req.headers[TIMESTAMP_HEADER] as string | undefined, signature: req.headers[SIGNATURE_HEADER] as string | undefined });
      if (!v.ok) {
        const status = v.reason === 'malformed' ? 400 : 401;
        refused.push({ status, reason: v.reason });
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: v.reason }));
        return;
      }
      accepted.push({ deliveryId: req.headers[DELIVERY_HEADER] as string, idempotencyKey: req.headers['idempotency-key'] as string, body: JSON.parse(body) as ReceivedHook['body'], receivedAt: Date.now() });
      res.writeHead(202, { 'content-type': 'application/json' }).end('{"accepted":true}');
    })();
  });
  const url = `${await listen(server)}/hooks/notify`;
  return { url, accepted, refused, state, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export interface RobotPost {
  format: 'wecom' | 'dingtalk';
  content: string;
  mobiles: string[];
  receivedAt: number;
}

/**
 * A group-robot stand-in that checks the WeCom (`?key=`) or DingTalk (`?access_token=`) text
 * format and answers as they do: HTTP 200 with errcode 0, or an errcode when the body is wrong.
 */
export async function startRobotReceiver() {
  const posts: RobotPost[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url!, 'http://robot');
      const format = url.searchParams.has('access_token') ? 'dingtalk' : url.searchParams.has('key') ? 'wecom' : undefined;
      let msg: { msgtype?: string; text?: { content?: string; mentioned_mobile_list?: string[] }; at?: { atMobiles?: string[] } };
      try {
        msg = JSON.parse(await readBody(req)) as typeof msg;
      } catch {
        msg = {};
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      if (!format || msg.msgtype !== 'text' || typeof msg.text?.content !== 'string') {
        res.end(JSON.stringify({ errcode: 40008, errmsg: 'invalid message type' }));
        return;
      }
      posts.push({ format, content: msg.text.content, mobiles: (format === 'wecom' ? msg.text.mentioned_mobile_list : msg.at?.atMobiles) ?? [], receivedAt: Date.now() });
      res.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
    })();
  });
  const base = await listen(server);
  return {
    wecomUrl: `${base}/cgi-bin/webhook/send?key=test-robot-key`,
    dingtalkUrl: `${base}/robot/send?access_token=test-robot-token`,
    posts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
