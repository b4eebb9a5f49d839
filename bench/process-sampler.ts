import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

export interface ProcessUsage {
  name: string;
  /** Peak and mean resident memory, MB (summed over a group's processes). */
  rssPeakMb: number;
  rssMeanMb: number;
  /** CPU time over wall time: 1.0 is one core busy. */
  cpuShare: number;
}

/** One process by id, or a group found anew at each sample (PostgreSQL's backends come and go). */
export type Watched = number | (() => number[]);

function sample(pid: number): { rssMb: number; cpuTicks: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuTicks = Number(fields[11]) + Number(fields[12]);
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    return { rssMb: rssKb / 1024, cpuTicks };
  } catch {
    return undefined;
  }
}

/** Processes whose command line passes `test` (Linux /proc), e.g. the backends of one database. */
export function pidsMatching(test: (cmdline: string) => boolean): () => number[] {
  return () => {
    const pids: number[] = [];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        if (test(readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' '))) pids.push(Number(entry));
      } catch {
        // The process ended between listing and reading.
      }
    }
    return pids;
  };
}

/** Samples the RSS and CPU time of processes once a second, from /proc (Linux). */
export function startSampling(processes: Record<string, Watched>) {
  const groups = Object.entries(processes).map(([name, w]) => ({ name, pids: typeof w === 'number' ? () => [w] : w }));
  const rss: Record<string, number[]> = Object.fromEntries(groups.map((g) => [g.name, []]));
  // CPU ticks per process: at first sight and last seen. A process first seen later counts from then.
  const ticks = new Map<string, Map<number, { first: number; last: number }>>(groups.map((g) => [g.name, new Map()]));
  const started = Date.now();
  const tick = () => {
    for (const g of groups) {
      let sum = 0;
      let seen = false;
      for (const pid of g.pids()) {
        const s = sample(pid);
        if (!s) continue;
        seen = true;
        sum += s.rssMb;
        const t = ticks.get(g.name)!;
        const known = t.get(pid);
        if (known) known.last = s.cpuTicks;
        else t.set(pid, { first: s.cpuTicks, last: s.cpuTicks });
      }
      if (seen) rss[g.name]!.push(sum);
    }
  };
  tick();
  const timer = setInterval(tick, 1000);
  return {
    stop(): ProcessUsage[] {
      clearInterval(timer);
      tick();
      const seconds = (Date.now() - started) / 1000;
      return groups.map(({ name }) => {
        const values = rss[name]!;
        const cpu = [...ticks.get(name)!.values()].reduce((s, t) => s + t.last - t.first, 0) / TICKS_PER_SECOND;
        return {
          name,
          rssPeakMb: Math.round(Math.max(0, ...values)),
          rssMeanMb: Math.round(values.reduce((a, b) => a + b, 0) / Math.max(1, values.length)),
          cpuShare: Math.round((cpu / seconds) * 100) / 100,
        };
      });
    },
  };
}
