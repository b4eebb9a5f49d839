import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../worker/config';
import type { Logger } from '../../worker/logger';
import type { FaultLog, FaultRecord } from './fault-log';
import { sleep, waitUntil } from './wait';

export interface SupervisedOptions {
  name: string;
  /** The entry point `npm run <name>` runs, started as bench/stack.ts starts it (node --import tsx), so its pid is the process itself. */
  script: string;
  env: NodeJS.ProcessEnv;
  /** Whether the process with this pid is up and serving. */
  ready: (pid: number) => Promise<boolean>;
  /** How long a process stays down before it is started again, as systemd's RestartSec. */
  restartDelayMs: number;
  faults: FaultLog;
  log: Logger;
}

const TAIL_LINES = 12;

/**
 * A child process kept running as systemd's Restart=always would: restarted whenever it exits.
 * An exit it was not told to make (a crash) is recorded as a fault of its own, with the last
 * lines it wrote, and fails the run.
 */
export class SupervisedProcess {
  private child: ChildProcess | undefined;
  private expectedExit = false;
  private stopping = false;
  private tail: string[] = [];
  private recovering: Promise<void> | undefined;
  readonly crashes: FaultRecord[] = [];

  constructor(private readonly opts: SupervisedOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the process and waits until it serves. */
  async start(): Promise<void> {
    this.spawn();
    await this.untilReady();
  }

  /** SIGKILL, as the fault schedule does; the supervisor starts it again after the restart delay. */
  async kill(): Promise<void> {
    await this.settled();
    const child = this.child!;
    this.expectedExit = true;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    this.expectedExit = false;
    await sleep(this.opts.restartDelayMs);
    await this.start();
  }

  /** Waits for a restart after a crash to finish, so a fault is never injected on top of one. */
  async settled(): Promise<void> {
    while (this.recovering) await this.recovering;
  }

  /** SIGTERM at the end of the run, then SIGKILL if it has not gone within 10 s. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.recovering?.catch(() => undefined);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  private spawn(): void {
    const { name, script, env, log } = this.opts;
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, script)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.tail = [];
    const keep = (d: Buffer) => {
      this.tail.push(...d.toString().split('\n').filter(Boolean).map((l) => l.slice(0, 600)));
      this.tail.splice(0, Math.max(0, this.tail.length - TAIL_LINES));
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    child.on('exit', (code, signal) => {
      if (this.child !== child || this.expectedExit || this.stopping) return;
      const detail = `exit ${signal ? `by ${signal}` : `code ${code}`}; its last output: ${this.tail.join('\n') || '(none)'}`;
      const record = this.opts.faults.open(`${name} died by itself`, false, detail);
      this.crashes.push(record);
      log.error({ process: name, pid: child.pid, code, signal, tail: detail }, `${name} died by itself; the supervisor restarts it`);
      this.recovering = (async () => {
        await sleep(this.opts.restartDelayMs);
        this.spawn();
        await this.untilReady();
        this.opts.faults.close(record);
      })().finally(() => (this.recovering = undefined));
    });
    log.info({ process: name, pid: child.pid }, `${name} started`);
  }

  private async untilReady(): Promise<void> {
    const { name, ready } = this.opts;
    await waitUntil(`${name} (${this.opts.script})`, async () => {
      const child = this.child!;
      if (child.exitCode !== null || child.signalCode !== null) return false;
      return ready(child.pid!);
    }, 180, () => `its last output:\n${this.tail.join('\n')}`);
  }
}
