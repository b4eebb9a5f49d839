import { describe, expect, it } from 'vitest';
import { dingtalkSignedUrl, robotFormat, robotMessage } from '../../notifications/robot';
import { messageId } from '../../notifications/email';
import { loadNotifyConfig } from '../../notifications/config';
import { signWebhook, verifyWebhook } from '../../notifications/webhook';

const secret = 'a-shared-secret-of-the-gateway';
const body = JSON.stringify({ id: 'd-1', text: '新派单' });

describe('signed webhook', () => {
  const now = 1_790_000_000;
  const signature = signWebhook(secret, now, body);

  it('verifies what it signed, within the replay window', () => {
    expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verifyWebhook({ secret, body, timestamp: String(now), signature, nowS: now + 299 })).toEqual({ ok: true, timestamp: now });
    expect(verifyWebhook({ secret, body, timestamp: String(now), signature: `v1=${'0'.repeat(64)}, ${signature}`, nowS: now })).toMatchObject({ ok: true });
  });

  it('refuses a malformed signature or timestamp, a stale one, another body, another secret', () => {
    for (const bad of ['', 'v1=', 'v1=xyz', signature.slice(0, -1), signature.toUpperCase(), `sha256=${signature.slice(3)}`, `${signature}\n`]) {
      expect(verifyWebhook({ secret, body, timestamp: String(now), signature: bad, nowS: now })).toMatchObject({ ok: false });
    }
    expect(verifyWebhook({ secret, body, timestamp: 'soon', signature, nowS: now })).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyWebhook({ secret, body, timestamp: String(now), signature, nowS: now + 301 })).toEqual({ ok: false, reason: 'stale' });
    expect(verifyWebhook({ secret, body: body + ' ', timestamp: String(now), signature, nowS: now })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyWebhook({ secret: 'another-secret-entirely', body, timestamp: String(now), signature, nowS: now })).toEqual({ ok: false, reason: 'mismatch' });
    // The timestamp is signed: moving it invalidates the signature.
    expect(verifyWebhook({ secret, body, timestamp: String(now + 1), signature, nowS: now })).toEqual({ ok: false, reason: 'mismatch' });
  });
});

describe('group robots', () => {
  it('tells WeCom from DingTalk by their URLs', () => {
    expect(robotFormat('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc')).toBe('wecom');
    expect(robotFormat('https://oapi.dingtalk.com/robot/send?access_token=abc')).toBe('dingtalk');
    expect(robotFormat('http://127.0.0.1:9999/robot/send?access_token=abc')).toBe('dingtalk');
  });
  it('writes each format, with mentions by mobile', () => {
    expect(robotMessage('wecom', 'hello', ['13800000001'])).toEqual({ msgtype: 'text', text: { content: 'hello', mentioned_mobile_list: ['13800000001'] } });
    expect(robotMessage('dingtalk', 'hello', ['13800000001'])).toEqual({ msgtype: 'text', text: { content: 'hello\n@13800000001' }, at: { atMobiles: ['13800000001'], isAtAll: false } });
    const long = robotMessage('wecom', '长'.repeat(2000), []) as { text: { content: string } };
    expect(Buffer.byteLength(long.text.content)).toBeLessThanOrEqual(1800);
  });
  it("signs DingTalk's URL as its documentation says", () => {
    const u = new URL(dingtalkSignedUrl('https://oapi.dingtalk.com/robot/send?access_token=abc', 'SECabc', 1_700_000_000_000));
    expect(u.searchParams.get('timestamp')).toBe('1700000000000');
    expect(u.searchParams.get('access_token')).toBe('abc');
    expect(u.searchParams.get('sign')).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });
});

describe('configuration', () => {
  it('reads NOTIFY_* and refuses what cannot work', () => {
    const c = loadNotifyConfig({ NOTIFY_SMTP_URL: 'smtp://127.0.0.1:2525', NOTIFY_WEBHOOK_URL: 'http://127.0.0.1:1/hook', NOTIFY_WEBHOOK_SECRET: secret, NOTIFY_ROBOT_URLS: '{"lixian-housing":"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"}', NOTIFY_MAX_ATTEMPTS: '3' });
    expect(c).toMatchObject({ smtpUrl: 'smtp://127.0.0.1:2525', webhook: { url: 'http://127.0.0.1:1/hook', secret }, maxAttempts: 3 });
    expect(c.robots).toEqual({ 'lixian-housing': 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' });
    expect(() => loadNotifyConfig({ NOTIFY_WEBHOOK_URL: 'http://127.0.0.1:1/hook', NOTIFY_WEBHOOK_SECRET: 'short' })).toThrow(/NOTIFY_WEBHOOK_SECRET/);
    expect(() => loadNotifyConfig({ NOTIFY_MAX_ATTEMPTS: '0' })).toThrow(/NOTIFY_MAX_ATTEMPTS/);
    expect(() => loadNotifyConfig({ NOTIFY_LEASE_MS: '1000', NOTIFY_SEND_TIMEOUT_MS: '5000' })).toThrow(/NOTIFY_LEASE_MS/);
    expect(() => loadNotifyConfig({ NOTIFY_ROBOT_URLS: '{"x": "ftp://nope"}' })).toThrow(/NOTIFY_ROBOT_URLS.x/);
  });
  it('gives e-mails a Message-ID stable per delivery, in the sender\'s domain', () => {
    expect(messageId('d-abc', 'Cases <notify@cases.example.gov>')).toBe('<d-abc@cases.example.gov>');
  });
});
