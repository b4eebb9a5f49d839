import { randomBytes } from 'node:crypto';
import { DEFAULT_BODY_LIMIT } from './app';
import { DEFAULT_MAX_TOKEN_LIFETIME_S } from './auth';
import { oidcSettingsFrom, type OidcSettings } from './people/oidc';

export interface ApiConfig {
  port: number;
  host: string;
  jwtSecret: string;
  /** True when the secret was made up for this run (local mode only). */
  jwtSecretGenerated: boolean;
  bodyLimit: number;
  rateLimit: { max: number; timeWindowMs: number };
  exportMaxRows: number;
  maxTokenLifetimeS: number;
  metricsToken: string | undefined;
  oidc: OidcSettings | undefined;
  publicRateLimit: { max: number; timeWindowMs: number };
}

const MIN_SECRET_LENGTH = 32;

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name}=${raw} is not a positive whole number; fix it or unset it (default ${fallback})`);
  return n;
}

/**
 * The API's settings. `production` (npm run api) refuses to run without AUTH_JWT_SECRET, since
 * tokens signed with a made-up secret would stop working at the next restart; `local` (npm start)
 * makes one up and says so.
 */
export function loadApiConfig(env: NodeJS.ProcessEnv, mode: 'production' | 'local'): ApiConfig {
  let jwtSecret = env.AUTH_JWT_SECRET ?? '';
  let jwtSecretGenerated = false;
  if (!jwtSecret) {
    if (mode === 'production') {
      throw new Error(`AUTH_JWT_SECRET is not set: the API signs and checks HS256 tokens with it. Set it to a random string of at least ${MIN_SECRET_LENGTH} characters (e.g. openssl rand -base64 48).`);
    }
    jwtSecret = randomBytes(32).toString('base64url');
    jwtSecretGenerated = true;
  } else if (jwtSecret.length < MIN_SECRET_LENGTH) {
    throw new Error(`AUTH_JWT_SECRET is ${jwtSecret.length} characters long; HS256 needs at least ${MIN_SECRET_LENGTH} (e.g. openssl rand -base64 48).`);
  }
  return {
    port: positiveInt(env, 'PORT', 3000),
    host: env.HOST || (mode === 'production' ? '0.0.0.0' : '127.0.0.1'),
    jwtSecret,
    jwtSecretGenerated,
    bodyLimit: positiveInt(env, 'API_BODY_LIMIT', DEFAULT_BODY_LIMIT),
    rateLimit: { max: positiveInt(env, 'API_RATE_LIMIT', 600), timeWindowMs: positiveInt(env, 'API_RATE_WINDOW_MS', 60_000) },
    exportMaxRows: positiveInt(env, 'CASE_EXPORT_MAX_ROWS', 10_000),
    maxTokenLifetimeS: positiveInt(env, 'AUTH_MAX_TOKEN_LIFETIME_S', DEFAULT_MAX_TOKEN_LIFETIME_S),
    metricsToken: env.METRICS_TOKEN || undefined,
    oidc: oidcSettingsFrom(env),
    publicRateLimit: { max: positiveInt(env, 'PUBLIC_RATE_LIMIT', 30), timeWindowMs: 60_000 },
  };
}
