import type { Logger } from '../../worker/logger';
import type { FaultLog } from './fault-log';
import { sleep } from './wait';

export interface Fault {
  name: string;
  /** Breaks the component and returns once it serves again: the fault's window. */
  inject(): Promise<void>;
}

/**
 * The faults one after another, round after round, each once the previous one has recovered and
 * `gapMs` has passed, until told to stop. `roundsDone` counts the whole rounds.
 */
export class FaultSchedule {
  roundsDone = 0;
  injected = 0;
  private stopped = false;

  constructor(
    private readonly faults: readonly Fault[],
    private readonly opts: { gapMs: number; log: Logger; faults: FaultLog; beforeEach: () => Promise<void> },
  ) {}

  stop(): void {
    this.stopped = true;
  }

  async run(): Promise<void> {
    await this.pause();
    for (let i = 0; !this.stopped; i++) {
      const fault = this.faults[i % this.faults.length]!;
      await this.opts.beforeEach();
      this.opts.log.info({ fault: fault.name, round: this.roundsDone + 1 }, `injecting: ${fault.name}`);
      const record = this.opts.faults.open(fault.name, true);
      await fault.inject();
      this.opts.faults.close(record);
      this.injected++;
      this.opts.log.info({ fault: fault.name, downMs: record.backAt! - record.downAt }, `recovered from: ${fault.name}`);
      if ((i + 1) % this.faults.length === 0) this.roundsDone++;
      await this.pause();
    }
  }

  private async pause(): Promise<void> {
    const until = Date.now() + this.opts.gapMs;
    while (!this.stopped && Date.now() < until) await sleep(250);
  }
}
