// `tsx bench/profile-summary.ts <file.cpuprofile>...`: where a V8 CPU profile's time went, by
// function and by package (self time), to read the profiles BENCH_CPU_PROF writes. PROFILE_TOTAL
// (comma-separated function names, each optionally name@part-of-its-file) adds each one's total time, callees included.
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const area = (url: string) => {
  if (!url) return '(native / idle / gc)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  if (url.startsWith('node:')) return 'node internals';
  return url.replace(/^file:\/\/\/work\/main\//, '').split('/')[0]!;
};

for (const file of process.argv.slice(2)) {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const sum = (key: (n: Node) => string) => {
    const m = new Map<string, number>();
    for (const [id, us] of self) {
      const k = key(byId.get(id)!);
      m.set(k, (m.get(k) ?? 0) + us);
    }
    return [...m].sort((a, b) => b[1] - a[1]);
  };
  const pct = (us: number) => `${((us / total) * 100).toFixed(1)}%`;
  process.stdout.write(`\n${file}: ${(total / 1e6).toFixed(1)} s sampled\n`);
  for (const [k, us] of sum((n) => (n.callFrame.functionName === '(idle)' ? '(idle)' : area(n.callFrame.url))).slice(0, 12)) process.stdout.write(`  ${pct(us).padStart(6)}  ${k}\n`);
  // Total time under the first frame of each named function (callees included, not counted twice).
  const names = (process.env.PROFILE_TOTAL ?? '').split(',').filter(Boolean);
  if (names.length) {
    const parent = new Map<number, number>();
    for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    for (const name of names) {
      // name or name@part-of-its-file, e.g. init@vm-shared
      const [fn, inUrl = ''] = name.split('@') as [string, string?];
      let us = 0;
      for (const [id, t] of self) {
        for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
          const frame = byId.get(at)!.callFrame;
          if (frame.functionName === fn && frame.url.includes(inUrl)) {
            us += t;
            break;
          }
        }
      }
      process.stdout.write(`  ${pct(us).padStart(6)}  total under ${name} (${(us / 1e6).toFixed(1)} s)\n`);
    }
  }
  process.stdout.write('  top functions (self):\n');
  for (const [k, us] of sum((n) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/\/work\/main\//, '')}:${n.callFrame.lineNumber + 1}`).slice(0, 20)) process.stdout.write(`  ${pct(us).padStart(6)}  ${k}\n`);
}
