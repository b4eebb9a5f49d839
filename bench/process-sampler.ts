import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

export interface ProcessUsage {
  name: string;
  /** Peak and mean resident memory, MB. */
  rssPeakMb: number;
  rssMeanMb: number;
  /** CPU time over wall time: 1.0 is one core busy. */
  cpuShare: number;
}

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

/** Samples the RSS and CPU time of processes once a second, from /proc (Linux). */
export function startSampling(processes: Record<string, number>) {
  const rss: Record<string, number[]> = Object.fromEntries(Object.keys(processes).map((n) => [n, []]));
  const first = Object.fromEntries(Object.entries(processes).map(([n, pid]) => [n, sample(pid)?.cpuTicks ?? 0]));
  const started = Date.now();
  const tick = () => {
    for (const [name, pid] of Object.entries(processes)) {
      const s = sample(pid);
      if (s) rss[name]!.push(s.rssMb);
    }
  };
  tick();
  const timer = setInterval(tick, 1000);
  return {
    stop(): ProcessUsage[] {
      clearInterval(timer);
      tick();
      const seconds = (Date.now() - started) / 1000;
      return Object.entries(processes).map(([name, pid]) => {
        const values = rss[name]!;
        const cpu = ((sample(pid)?.cpuTicks ?? first[name]!) - first[name]!) / TICKS_PER_SECOND;
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
