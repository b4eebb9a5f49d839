// Builds what the production image runs with plain `node` (no tsx at run time):
//   dist/worker.mjs, dist/api.mjs, dist/migrate.mjs — the entry points bundled by esbuild, every
//     package left external (node_modules stays as installed, native bridges included);
//   dist/workflows.js — the Temporal workflow bundle (webpack, by the SDK), which the worker
//     loads through CASE_WORKFLOW_BUNDLE instead of bundling at start.
// dist/ sits one level below the project root like worker/ and api/, so PROJECT_ROOT (and with it
// config/, web/dist/) resolves the same as under tsx. Run by the Dockerfile:
//   node --import tsx infra/build-dist.ts
import { bundleWorkflowCode } from '@temporalio/worker';
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist');
mkdirSync(out, { recursive: true });

const entries = { worker: 'worker/main.ts', api: 'api/main.ts', migrate: 'schema/migrate-cli.ts' };
await build({
  absWorkingDir: root,
  entryPoints: Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, path.join(root, file)])),
  outdir: out,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});

const { code } = await bundleWorkflowCode({ workflowsPath: path.join(root, 'workflows', 'index.ts'), logger: undefined });
writeFileSync(path.join(out, 'workflows.js'), code);
process.stdout.write(`built ${Object.keys(entries).map((n) => `dist/${n}.mjs`).join(', ')} and dist/workflows.js\n`);
