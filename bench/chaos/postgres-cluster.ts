import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import pg from 'pg';
import { sleep, waitUntil } from './wait';

const run = promisify(execFile);

/**
 * The local Debian PostgreSQL cluster (postgresql-common's pg_ctlcluster), restarted and
 * crashed as an operator or the kernel would. Needs root (or the cluster's owner).
 */
export class PostgresCluster {
  private constructor(
    private readonly version: string,
    private readonly name: string,
    private readonly dataDir: string,
    /** A URL of the server's maintenance database, to tell when it accepts connections. */
    private readonly adminUrl: string,
  ) {}

  static async find(cluster: { version: string; name: string }, adminUrl: string): Promise<PostgresCluster> {
    let out: string;
    try {
      out = (await run('pg_lsclusters', ['--no-header'])).stdout;
    } catch (error) {
      throw new Error(`pg_lsclusters failed (${(error as Error).message}): the chaos run controls a Debian PostgreSQL cluster with pg_ctlcluster; install postgresql-common or run where it is`);
    }
    const row = out.split('\n').map((l) => l.trim().split(/\s+/)).find((f) => f[0] === cluster.version && f[1] === cluster.name);
    if (!row?.[5]) throw new Error(`no PostgreSQL cluster ${cluster.version}/${cluster.name} in pg_lsclusters; name the one DATABASE_URL points at with --pg-cluster <version>/<name>:\n${out}`);
    const port = new URL(adminUrl).port || '5432';
    if (row[2] !== port) throw new Error(`cluster ${cluster.version}/${cluster.name} listens on port ${row[2]}, but DATABASE_URL points at port ${port}; pass --pg-cluster for the cluster on ${port}`);
    return new PostgresCluster(cluster.version, cluster.name, row[5], adminUrl);
  }

  get label(): string {
    return `${this.version}/${this.name}`;
  }

  /** `pg_ctlcluster <v> <name> restart`: a clean restart (fast shutdown: sessions are cut). */
  async restart(): Promise<void> {
    await this.ctl('restart');
    await this.untilAccepting();
  }

  /** SIGKILL of the postmaster, `downMs` of nothing, then `pg_ctlcluster start`: crash recovery. */
  async killPostmaster(downMs: number): Promise<void> {
    const pid = this.postmasterPid();
    if (pid === undefined) throw new Error(`PostgreSQL ${this.label} has no postmaster.pid in ${this.dataDir}: it is not running; start it with pg_ctlcluster ${this.version} ${this.name} start`);
    process.kill(pid, 'SIGKILL');
    while (alive(pid)) await sleep(50);
    await sleep(downMs);
    // The backends notice their postmaster's death and exit on their own; until the last one has,
    // the old shared memory is in use and start refuses. Try again for a while.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.ctl('start');
        break;
      } catch (error) {
        if (attempt >= 30) throw error;
        await sleep(1000);
      }
    }
    await this.untilAccepting();
  }

  /** Starts the cluster if it is down (after a failed run, so the machine's other users get it back). */
  async ensureRunning(): Promise<void> {
    if (await this.accepting()) return;
    await this.ctl('start').catch(() => undefined);
    await this.untilAccepting();
  }

  private postmasterPid(): number | undefined {
    try {
      return Number(readFileSync(`${this.dataDir}/postmaster.pid`, 'utf8').split('\n')[0]);
    } catch {
      return undefined;
    }
  }

  private async ctl(action: 'start' | 'restart'): Promise<void> {
    try {
      await run('pg_ctlcluster', [this.version, this.name, action], { timeout: 120_000 });
    } catch (error) {
      const e = error as Error & { stderr?: string };
      throw new Error(`pg_ctlcluster ${this.version} ${this.name} ${action} failed: ${e.stderr?.trim() || e.message}. Run it by hand as root to see why (its log: /var/log/postgresql/postgresql-${this.version}-${this.name}.log)`, { cause: error });
    }
  }

  private async accepting(): Promise<boolean> {
    const client = new pg.Client({ connectionString: this.adminUrl, connectionTimeoutMillis: 2000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  private untilAccepting(): Promise<void> {
    return waitUntil(`PostgreSQL ${this.label}`, () => this.accepting(), 120, () => `see /var/log/postgresql/postgresql-${this.version}-${this.name}.log; start it with pg_ctlcluster ${this.version} ${this.name} start`);
  }
}

/** Running, and not a zombie waiting for its parent to reap it (the postmaster's parent is init). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
