import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT } from '../../worker/config';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gce-main-job-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/**
 * `npm start` as a user runs it (on the embedded database, with the demo city's classifier), but
 * on the tests' Temporal server: it comes up, runs the demo, prints where to look, and stops
 * cleanly on SIGTERM.
 */
describe('the main job (worker/start.ts)', () => {
  it('runs the demo cases through the closed loop and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'worker', 'start.ts')], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: '', TEMPORAL_ADDRESS: inject('temporalAddress'), TEMPORAL_TASK_QUEUE: `main-job-${port}`, CASE_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    const started = Date.now();
    while (!out.includes('Press Ctrl+C to stop') && child.exitCode === null && Date.now() - started < 150_000) await new Promise((r) => setTimeout(r, 250));
    expect(out).toContain(`Web console: http://127.0.0.1:${port}/console/`);
    const demo = out.split('Demo cases:')[1]!.split('\n').slice(1, 4);
    expect(demo[0]).toMatch(/closed\s+lixian-housing\s+outcome satisfied/);
    expect(demo[1]).toMatch(/accepted\s+lixian-urban-management/);
    expect(demo[2]).toMatch(/awaiting_dispatch \(awaiting a dispatcher\)/);
    expect((await fetch(`http://127.0.0.1:${port}/openapi.json`)).status).toBe(200);
    // The printed demo user signs in with the printed password.
    const [, username, password] = /^\s+(demo\.supervisor)\s+(\S+)\s+supervisor/m.exec(out) ?? [];
    const session = await fetch(`http://127.0.0.1:${port}/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    expect(session.status).toBe(200);
    expect(((await session.json()) as { user: { role: string } }).user.role).toBe('supervisor');

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).not.toMatch(/IllegalStateError|Unhandled/);
  }, 200_000);
});
