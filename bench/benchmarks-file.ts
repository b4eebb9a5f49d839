import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../worker/config';

/**
 * Replaces one generated section of BENCHMARKS.md (between `<!-- name -->` and `<!-- /name -->`),
 * or appends it, leaving the other sections and the hand-written text alone.
 */
export function writeBenchmarkSection(name: string, lines: readonly string[]): string {
  const file = path.join(PROJECT_ROOT, 'BENCHMARKS.md');
  const open = `<!-- ${name} -->`;
  const close = `<!-- /${name} -->`;
  const section = [open, ...lines, close].join('\n');
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(open);
  const end = current.indexOf(close);
  writeFileSync(file, start >= 0 && end > start ? current.slice(0, start) + section + current.slice(end + close.length) : `${current.trimEnd()}\n\n${section}\n`);
  return file;
}
