/** `npm run chaos -- [options]`: what the run does, from the command line. */
export interface ChaosOptions {
  clients: number;
  /** At least this many cases; the load goes on until every fault has also run `rounds` times. */
  cases: number;
  scale: number;
  /** How many times each fault is injected at least. */
  rounds: number;
  /** Seconds between one fault's recovery and the next fault. */
  gapSeconds: number;
  /** Seconds a killed process stays down before its supervisor starts it again (systemd's RestartSec). */
  downSeconds: number;
  /** Seconds after a component is back during which a 5xx still counts as the fault's. */
  graceSeconds: number;
  /** A request without a definitive answer after this long is given up (a failure). */
  giveUpSeconds: number;
  /** The Debian cluster to restart and kill: version and name. */
  pgCluster: { version: string; name: string };
  /** Write the "Chaos" section of BENCHMARKS.md. */
  write: boolean;
}

const USAGE = `npm run chaos -- [--clients 32] [--cases 200] [--scale 1] [--rounds 2] [--gap 5] [--down 2] [--grace 10] [--give-up 300] [--pg-cluster 15/main] [--no-write]
  --clients   concurrent clients, each carrying cases round the whole loop
  --cases     at least this many cases (the load also lasts until every fault ran --rounds times)
  --scale     multiplies --cases: --scale 10 is ten times the quick run's load
  --rounds    each fault at least this many times (≥ 2)
  --gap       seconds between one fault's recovery and the next fault
  --down      seconds a killed process or server stays down before it is started again
  --grace     seconds after a component is back in which a 5xx still counts as inside its fault
  --give-up   seconds after which a request still without a definitive answer is a failure
  --pg-cluster  the Debian PostgreSQL cluster that DATABASE_URL points at (pg_lsclusters)
  --no-write  do not write the "Chaos" section of BENCHMARKS.md`;

export class UsageError extends Error {
  constructor(message: string) {
    super(`${message}\n${USAGE}`);
  }
}

export function parseOptions(argv: readonly string[]): ChaosOptions {
  const values = new Map<string, string>();
  let write = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--no-write') write = false;
    else if (arg === '--help' || arg === '-h') throw new UsageError('usage:');
    else if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      values.set(name, value);
    } else throw new UsageError(`unexpected argument ${arg}`);
  }
  const known = new Set(['clients', 'cases', 'scale', 'rounds', 'gap', 'down', 'grace', 'give-up', 'pg-cluster']);
  for (const name of values.keys()) if (!known.has(name)) throw new UsageError(`unknown option --${name}`);
  const number = (name: string, fallback: number, min: number): number => {
    const raw = values.get(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min) throw new UsageError(`--${name} must be a number ≥ ${min}, not ${raw}`);
    return n;
  };
  const scale = number('scale', 1, 0.01);
  const cluster = values.get('pg-cluster') ?? process.env.CHAOS_PG_CLUSTER ?? '15/main';
  const [version, name] = cluster.split(/[/ ]/);
  if (!version || !name) throw new UsageError(`--pg-cluster must look like 15/main (version/name as pg_lsclusters shows), not ${cluster}`);
  return {
    clients: Math.round(number('clients', 32, 1)),
    cases: Math.round(number('cases', 200, 1) * scale),
    scale,
    rounds: Math.round(number('rounds', 2, 2)),
    gapSeconds: number('gap', 5, 0),
    downSeconds: number('down', 2, 0),
    graceSeconds: number('grace', 10, 0),
    giveUpSeconds: number('give-up', 300, 10),
    pgCluster: { version, name },
    write,
  };
}
