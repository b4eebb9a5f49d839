import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadApiConfig } from '../../api/config';
import { PROJECT_ROOT } from '../../worker/config';

const SECRET = 'a'.repeat(40);

describe('API configuration', () => {
  it('production refuses to run without AUTH_JWT_SECRET and says how to make one', () => {
    expect(() => loadApiConfig({}, 'production')).toThrow(/AUTH_JWT_SECRET is not set.*openssl rand/);
  });

  it('refuses a secret too short for HS256', () => {
    expect(() => loadApiConfig({ AUTH_JWT_SECRET: 'short' }, 'production')).toThrow(/at least 32/);
  });

  it('local mode makes up a random secret and says it did', () => {
    const a = loadApiConfig({}, 'local');
    const b = loadApiConfig({}, 'local');
    expect(a.jwtSecretGenerated).toBe(true);
    expect(a.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(a.jwtSecret).not.toBe(b.jwtSecret);
    expect(loadApiConfig({ AUTH_JWT_SECRET: SECRET }, 'local')).toMatchObject({ jwtSecret: SECRET, jwtSecretGenerated: false });
  });

  it('reads the port, body limit and rate limit, naming a bad value', () => {
    const c = loadApiConfig({ AUTH_JWT_SECRET: SECRET, PORT: '8080', API_BODY_LIMIT: '1024', API_RATE_LIMIT: '10' }, 'production');
    expect(c).toMatchObject({ port: 8080, host: '0.0.0.0', bodyLimit: 1024, rateLimit: { max: 10, timeWindowMs: 60_000 } });
    expect(loadApiConfig({}, 'local').host).toBe('127.0.0.1');
    expect(() => loadApiConfig({ AUTH_JWT_SECRET: SECRET, PORT: 'eighty' }, 'production')).toThrow(/PORT=eighty/);
  });

  it('`npm run api` exits with status 2 and the reason when AUTH_JWT_SECRET is missing', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: 'postgresql://127.0.0.1:1/none' };
    delete env.AUTH_JWT_SECRET;
    const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'api/main.ts')], { env, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(2);
    expect(run.stdout + run.stderr).toMatch(/AUTH_JWT_SECRET is not set/);
  });
});
