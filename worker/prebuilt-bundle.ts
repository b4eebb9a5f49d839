import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from './config';

/**
 * The workflow bundle, built in a child process. Bundling in the worker itself leaves webpack's
 * peak (about a gigabyte of RSS here) in the worker for its whole life.
 */
export function buildWorkflowBundle(): { codePath: string } {
  const codePath = path.join(mkdtempSync(path.join(os.tmpdir(), 'case-workflows-')), 'workflows.js');
  execFileSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'worker', 'bundle-workflows-cli.ts'), codePath], { stdio: 'inherit' });
  return { codePath };
}
