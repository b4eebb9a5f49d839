/** Where notifications go and how hard the relay tries (README "Notifications"). */
export interface NotifyConfig {
  /** `smtp://user:pass@host:port` or `smtps://…`; unset: no e-mail. */
  smtpUrl: string | undefined;
  /** The From of the e-mails, also the domain of their Message-IDs. */
  emailFrom: string;
  /** The signed webhook (SMS gateway, messaging): URL and HMAC secret; unset: none. */
  webhook: { url: string; secret: string } | undefined;
  /** Group robots (WeCom or DingTalk) per organisation id, `*` for every other one. */
  robots: Record<string, string>;
  /** DingTalk's optional signing secret ("加签"). */
  robotSecret: string | undefined;
  /** Console base URL for links in messages, e.g. https://cases.example.gov/console/. */
  consoleUrl: string | undefined;
  maxAttempts: number;
  backoffMs: number;
  backoffMaxMs: number;
  /** How long a claimed delivery is held before another relay may take it again (a crashed one's). */
  leaseMs: number;
  /** Longest a channel may take to acknowledge one message. */
  sendTimeoutMs: number;
  pollMs: number;
  batchSize: number;
  /** Outbox rows older than this when the relay first sees them are not delivered (a relay started on an old backlog). */
  maxAgeMs: number;
  concurrency: number;
  /** When residents are not texted (city time, `HH:MM-HH:MM`), except in emergencies; null: any time. */
  residentQuietHours: { start: string; end: string } | null;
}

export const DEFAULT_NOTIFY = {
  maxAttempts: 8,
  backoffMs: 5_000,
  backoffMaxMs: 3_600_000,
  leaseMs: 60_000,
  sendTimeoutMs: 15_000,
  pollMs: 250,
  batchSize: 50,
  maxAgeMs: 2 * 86_400_000,
  concurrency: 16,
} as const;

const positive = (env: NodeJS.ProcessEnv, name: string, fallback: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name}=${raw} is not a positive number`);
  return n;
};

/** Reads NOTIFY_* from the environment; a bad value stops start-up naming it. */
export function loadNotifyConfig(env: NodeJS.ProcessEnv = process.env): NotifyConfig {
  const webhookUrl = env.NOTIFY_WEBHOOK_URL || undefined;
  const webhookSecret = env.NOTIFY_WEBHOOK_SECRET || undefined;
  if (webhookUrl && (!webhookSecret || webhookSecret.length < 16)) throw new Error('NOTIFY_WEBHOOK_URL is set: NOTIFY_WEBHOOK_SECRET must be at least 16 characters (the receiver checks the signature with it)');
  const robots: Record<string, string> = {};
  if (env.NOTIFY_ROBOT_URL) robots['*'] = env.NOTIFY_ROBOT_URL;
  if (env.NOTIFY_ROBOT_URLS) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(env.NOTIFY_ROBOT_URLS);
    } catch {
      throw new Error('NOTIFY_ROBOT_URLS must be JSON: {"<department or jurisdiction id>": "<robot webhook URL>", "*": "<for the rest>"}');
    }
    for (const [org, url] of Object.entries(parsed as Record<string, unknown>)) {
      if (typeof url !== 'string' || !/^https?:\/\//.test(url)) throw new Error(`NOTIFY_ROBOT_URLS.${org} is not an http(s) URL`);
      robots[org] = url;
    }
  }
  for (const [name, value] of [['NOTIFY_SMTP_URL', env.NOTIFY_SMTP_URL], ['NOTIFY_WEBHOOK_URL', webhookUrl], ['NOTIFY_ROBOT_URL', env.NOTIFY_ROBOT_URL]] as const) {
    if (value && !URL.canParse(value)) throw new Error(`${name}=${value} is not a URL`);
  }
  const config: NotifyConfig = {
    smtpUrl: env.NOTIFY_SMTP_URL || undefined,
    emailFrom: env.NOTIFY_EMAIL_FROM || 'Grassroots Case Engine <notify@localhost>',
    webhook: webhookUrl && webhookSecret ? { url: webhookUrl, secret: webhookSecret } : undefined,
    robots,
    robotSecret: env.NOTIFY_ROBOT_SECRET || undefined,
    consoleUrl: env.NOTIFY_CONSOLE_URL || undefined,
    maxAttempts: Math.round(positive(env, 'NOTIFY_MAX_ATTEMPTS', DEFAULT_NOTIFY.maxAttempts)),
    backoffMs: positive(env, 'NOTIFY_BACKOFF_MS', DEFAULT_NOTIFY.backoffMs),
    backoffMaxMs: positive(env, 'NOTIFY_BACKOFF_MAX_MS', DEFAULT_NOTIFY.backoffMaxMs),
    leaseMs: positive(env, 'NOTIFY_LEASE_MS', DEFAULT_NOTIFY.leaseMs),
    sendTimeoutMs: positive(env, 'NOTIFY_SEND_TIMEOUT_MS', DEFAULT_NOTIFY.sendTimeoutMs),
    pollMs: positive(env, 'NOTIFY_POLL_MS', DEFAULT_NOTIFY.pollMs),
    batchSize: Math.round(positive(env, 'NOTIFY_BATCH_SIZE', DEFAULT_NOTIFY.batchSize)),
    maxAgeMs: positive(env, 'NOTIFY_MAX_AGE_MS', DEFAULT_NOTIFY.maxAgeMs),
    concurrency: Math.round(positive(env, 'NOTIFY_CONCURRENCY', DEFAULT_NOTIFY.concurrency)),
    residentQuietHours: residentQuietHours(env.NOTIFY_RESIDENT_QUIET_HOURS),
  };
  // A send still running when its lease ends would be taken and sent again by another relay.
  if (config.leaseMs <= config.sendTimeoutMs) throw new Error(`NOTIFY_LEASE_MS (${config.leaseMs}) must be longer than NOTIFY_SEND_TIMEOUT_MS (${config.sendTimeoutMs})`);
  return config;
}

function residentQuietHours(raw: string | undefined): NotifyConfig['residentQuietHours'] {
  if (raw === undefined || raw === '') return { start: '22:00', end: '07:00' };
  if (raw === 'off') return null;
  const m = /^(\d{2}:\d{2})-(\d{2}:\d{2})$/.exec(raw);
  if (!m) throw new Error(`NOTIFY_RESIDENT_QUIET_HOURS=${raw} is not HH:MM-HH:MM (e.g. 22:00-07:00) or off`);
  return { start: m[1]!, end: m[2]! };
}

/** The robot for an organisation: its own, else the catch-all. */
export function robotUrlFor(config: Pick<NotifyConfig, 'robots'>, org: string): string | undefined {
  return config.robots[org] ?? config.robots['*'];
}
