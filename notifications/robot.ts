import { createHmac } from 'node:crypto';
import { ChannelError, postJson, type ChannelAdapter, type Outgoing } from './channels';
import { robotUrlFor, type NotifyConfig } from './config';

export type RobotFormat = 'wecom' | 'dingtalk';

/** DingTalk's robot URLs carry `access_token`, WeCom's `key` (…/cgi-bin/webhook/send?key=…). */
export function robotFormat(url: string): RobotFormat {
  const u = new URL(url);
  return u.searchParams.has('access_token') || u.hostname.includes('dingtalk') ? 'dingtalk' : 'wecom';
}

/** A text message of either robot, mentioning people by mobile number. WeCom takes at most 2,048 bytes of content. */
export function robotMessage(format: RobotFormat, content: string, mobiles: readonly string[]): Record<string, unknown> {
  const text = truncateUtf8(content, 1800);
  if (format === 'wecom') return { msgtype: 'text', text: { content: text, ...(mobiles.length ? { mentioned_mobile_list: [...mobiles] } : {}) } };
  // DingTalk shows a mention only where "@<mobile>" is in the text.
  const at = mobiles.length ? `\n${mobiles.map((m) => `@${m}`).join(' ')}` : '';
  return { msgtype: 'text', text: { content: text + at }, at: { atMobiles: [...mobiles], isAtAll: false } };
}

/** DingTalk's optional signing ("加签"): timestamp and sign as query parameters. */
export function dingtalkSignedUrl(url: string, secret: string, nowMs: number): string {
  const sign = createHmac('sha256', secret).update(`${nowMs}\n${secret}`).digest('base64');
  const u = new URL(url);
  u.searchParams.set('timestamp', String(nowMs));
  u.searchParams.set('sign', sign);
  return u.toString();
}

function truncateUtf8(s: string, maxBytes: number): string {
  if (Buffer.byteLength(s) <= maxBytes) return s;
  let out = '';
  for (const ch of s) {
    if (Buffer.byteLength(out + ch) > maxBytes - 3) break;
    out += ch;
  }
  return `${out}…`;
}

// Errors that trying again cannot cure: a wrong or revoked robot, a security setting the message fails.
const PERMANENT_ERRCODES = new Set([93000, 93004, 300001, 310000, 400102]);

/**
 * The WeCom (企业微信) and DingTalk (钉钉) group-robot webhooks: one message per notification to
 * the organisation's group. Success is HTTP 200 with `errcode: 0`; the robots rate-limit (20 a
 * minute), answered with an errcode that is tried again later. Neither takes an idempotency key:
 * a crash between the robot's answer and the relay's record posts the message to the group twice.
 */
export function robotChannel(config: Pick<NotifyConfig, 'robots' | 'robotSecret'>, now: () => number = Date.now): ChannelAdapter {
  return {
    channel: 'robot',
    async send(m: Outgoing, signal: AbortSignal) {
      const url = robotUrlFor(config, m.address ?? m.org);
      if (!url) throw new ChannelError(`no group robot for ${m.org}`, true);
      const format = robotFormat(url);
      const mobiles = ((m.data as { mentions?: string[] }).mentions ?? []).filter((p) => typeof p === 'string');
      const target = format === 'dingtalk' && config.robotSecret ? dingtalkSignedUrl(url, config.robotSecret, now()) : url;
      const { text } = await postJson(target, JSON.stringify(robotMessage(format, `${m.subject}\n${m.body}`, mobiles)), {}, signal);
      let answer: { errcode?: number; errmsg?: string };
      try {
        answer = JSON.parse(text) as typeof answer;
      } catch {
        throw new ChannelError(`the ${format} robot answered something not JSON: ${text.slice(0, 100)}`);
      }
      if (answer.errcode !== 0) throw new ChannelError(`the ${format} robot answered errcode ${answer.errcode}: ${answer.errmsg ?? ''}`, PERMANENT_ERRCODES.has(Number(answer.errcode)));
    },
  };
}
