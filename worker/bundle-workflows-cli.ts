// Bundles the case workflow code into one file (argument: where to write it). Run as a child
// process by the worker, so that webpack's memory is returned to the system when it exits.
import { bundleWorkflowCode } from '@temporalio/worker';
import { writeFileSync } from 'node:fs';
import { WORKFLOWS_PATH } from './create-worker';

const out = process.argv[2];
if (!out) throw new Error('usage: bundle-workflows-cli <output file>');
const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: undefined });
writeFileSync(out, code);
