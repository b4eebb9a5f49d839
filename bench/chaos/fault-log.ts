/** What went down, when, and when it was back: the faults injected and the crashes nobody asked for. */
export interface FaultRecord {
  /** e.g. "worker SIGKILL", "PostgreSQL restart", "api died by itself". */
  what: string;
  /** Injected by the schedule; false for a process that died on its own. */
  injected: boolean;
  /** Epoch ms when the component went down (the signal, or the exit noticed). */
  downAt: number;
  /** Epoch ms when it answered again; undefined while still down. */
  backAt?: number;
  /** For a crash: what the process wrote last. */
  detail?: string;
}

export class FaultLog {
  readonly records: FaultRecord[] = [];

  constructor(private readonly graceMs: number) {}

  open(what: string, injected: boolean, detail?: string): FaultRecord {
    const record: FaultRecord = { what, injected, downAt: Date.now(), ...(detail ? { detail } : {}) };
    this.records.push(record);
    return record;
  }

  close(record: FaultRecord): void {
    record.backAt ??= Date.now();
  }

  /** The fault being injected or recovered from right now, for progress lines. */
  current(): string | undefined {
    return [...this.records].reverse().find((r) => r.backAt === undefined)?.what;
  }

  /**
   * Whether a request in flight from `sentAt` to `answeredAt` overlapped a fault window: from a
   * component going down to `grace` after it answered again (a window still open runs to now).
   */
  inWindow(sentAt: number, answeredAt: number): boolean {
    return this.records.some((r) => sentAt <= (r.backAt ?? Infinity) + this.graceMs && answeredAt >= r.downAt);
  }
}
