import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from './config';

/**
 * The workflow bundle, built in a child process. Bundling in the worker itself leaves webpack's
 * peak (about a gigabyte of RSS here) in the worker for its whole life. CASE_WORKFLOW_BUNDLE
 * names one built ahead (the image's dist/workflows.js, infra/build-dist.ts): then nothing is
 * bundled and no tsx is needed.
 */
export function buildWorkflowBundle(env: NodeJS.ProcessEnv = process.env): { codePath: string } {
  if (env.CASE_WORKFLOW_BUNDLE) {
    if (!existsSync(env.CASE_WORKFLOW_BUNDLE)) throw new Error(`CASE_WORKFLOW_BUNDLE=${env.CASE_WORKFLOW_BUNDLE} does not exist; build it (node --import tsx infra/build-dist.ts) or unset it`);
    return { codePath: env.CASE_WORKFLOW_BUNDLE };
  }
  const codePath = path.join(mkdtempSync(path.join(os.tmpdir(), 'case-workflows-')), 'workflows.js');
  execFileSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'worker', 'bundle-workflows-cli.ts'), codePath], { stdio: 'inherit' });
  return { codePath };
}
