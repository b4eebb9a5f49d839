import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Quiet, offline, headless: nothing but the page under test talks to the network. */
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface RunningChromium {
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Starts the system's Chromium on a fresh profile and connects Playwright to it over CDP. We
 * start the process ourselves (rather than chromium.launch) so that we hold its pid and always kill it.
 */
export async function startChromium(): Promise<RunningChromium> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'gce-chromium-'));
  // In its own process group: Chromium's renderer and utility processes outlive a killed browser
  // process and go on writing to the profile unless the whole group is killed.
  const child: ChildProcess = spawn(CHROMIUM_PATH, [...ARGS, `--user-data-dir=${profile}`, '--remote-debugging-port=0', 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = async () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // The group has already gone.
    }
    // The profile can be removed only once Chromium has stopped writing to it.
    if (child.pid) await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  };
  try {
    const wsUrl = await new Promise<string>((resolve, reject) => {
      let seen = '';
      const timer = setTimeout(() => reject(new Error(`Chromium did not open its DevTools port within 30 s:\n${seen}`)), 30_000);
      child.stderr!.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        const m = /DevTools listening on (ws:\/\/\S+)/.exec(seen);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`Chromium could not be started from ${CHROMIUM_PATH} (${error.message}): npm test installs it (tsx test/support/ensure-chromium.ts), or set CHROMIUM_PATH`));
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`Chromium exited (${code}) before it was ready:\n${seen}`));
      });
    });
    const browser = await chromium.connectOverCDP(wsUrl);
    return {
      browser,
      async close() {
        await browser.close().catch(() => {});
        await kill();
      },
    };
  } catch (error) {
    await kill();
    throw error;
  }
}
