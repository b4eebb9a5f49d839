import type { Logger } from '../../worker/logger';
import { obtainTemporal, type TemporalServer } from '../../worker/temporal/obtain';
import { pidsMatching } from '../process-sampler';
import { sleep } from './wait';

/**
 * The Temporal dev server, obtained as `npm start` obtains it, on a fixed port and a SQLite state
 * file (`--db-filename`), so that a server killed and started again keeps every workflow.
 */
export class TemporalOnStateFile {
  private servers: TemporalServer[] = [];

  private constructor(
    readonly address: string,
    private readonly port: number,
    private readonly dbFilename: string,
    private readonly log: Logger,
  ) {}

  static async start(port: number, dbFilename: string, log: Logger): Promise<TemporalOnStateFile> {
    if (process.env.TEMPORAL_ADDRESS) {
      throw new Error(`TEMPORAL_ADDRESS=${process.env.TEMPORAL_ADDRESS} is set, but the chaos run must start, kill and restart a Temporal server of its own; unset TEMPORAL_ADDRESS (TEMPORAL_CLI_PATH may name the CLI to use)`);
    }
    const t = new TemporalOnStateFile(`127.0.0.1:${port}`, port, dbFilename, log);
    await t.launch();
    return t;
  }

  /** How the CLI was obtained (worker/temporal/obtain.ts). */
  get source(): string {
    return this.servers[0]?.source ?? 'not started';
  }

  /** The `temporal server start-dev` process on this state file. */
  pids(): number[] {
    return pidsMatching((cmd) => cmd.includes('start-dev') && cmd.includes(this.dbFilename))();
  }

  /** SIGKILL of the server, `downMs` of nothing, then the same server started on the same state file. */
  async killAndRestart(downMs: number): Promise<void> {
    const pids = this.pids();
    if (pids.length === 0) throw new Error(`no Temporal dev server on ${this.dbFilename} is running to kill`);
    for (const pid of pids) process.kill(pid, 'SIGKILL');
    while (this.pids().length > 0) await sleep(50);
    await sleep(downMs);
    await this.launch();
  }

  async stop(): Promise<void> {
    // The servers killed earlier are gone; stopping their handles only closes the SDK's connections.
    for (const s of this.servers) await s.stop().catch(() => undefined);
  }

  private async launch(): Promise<void> {
    // The port was just freed by the kill; retry briefly should the kernel still hold it.
    for (let attempt = 1; ; attempt++) {
      try {
        this.servers.push(await obtainTemporal({ namespace: 'default', dbFilename: this.dbFilename, port: this.port }, this.log));
        return;
      } catch (error) {
        if (attempt >= 5) throw new Error(`the Temporal dev server did not start again on ${this.dbFilename}: ${(error as Error).message}`, { cause: error });
        await sleep(1000);
      }
    }
  }
}
