import { execFileSync } from 'node:child_process';
import { PROJECT_ROOT } from '../../worker/config';

/** The commit the worker and API ran from, and whether tracked files differed from it (another hand's edit in progress shows here; BENCHMARKS.md, which runs write, does not count). */
export function codeVersion(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: PROJECT_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const changed = git('status', '--porcelain', '--untracked-files=no').split('\n').filter((l) => l && !l.endsWith(' BENCHMARKS.md')).length;
    return `commit ${git('rev-parse', '--short', 'HEAD')}${changed ? ` with ${changed} tracked files changed in the work tree` : ''}`;
  } catch {
    return 'code outside git';
  }
}
