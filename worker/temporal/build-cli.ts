import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logger';
import { cacheDir, goBuiltCliPath, isExecutable, onPath, TEMPORAL_CLI_MODULE, TEMPORAL_CLI_VERSION } from './cli-cache';

export function findGo(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return onPath('go', env) ?? (isExecutable('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
}

/**
 * Builds the Temporal CLI from source with `go install` into the cache. The first build takes
 * minutes, so progress is logged every few seconds; later runs find the cached binary.
 */
export async function buildCliWithGo(log: Logger, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const target = goBuiltCliPath(env);
  await goInstallIntoCache(log, env, {
    what: 'the Temporal CLI',
    packages: [`${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION}`],
    binaries: { temporal: target },
  });
  return target;
}

/**
 * `go install` of one or more packages (of one module version) into the cache: each binary
 * built into a private GOBIN and renamed into place, so concurrent builds cannot tear it.
 * Progress (packages compiled, the last one) is logged every 10 s.
 */
export async function goInstallIntoCache(
  log: Logger,
  env: NodeJS.ProcessEnv,
  job: { what: string; packages: string[]; /** built name → where it goes */ binaries: Record<string, string> },
): Promise<void> {
  const go = findGo(env);
  if (!go) {
    throw new Error('no Temporal server could be obtained: set TEMPORAL_ADDRESS, put a `temporal` CLI on PATH (or set TEMPORAL_CLI_PATH), allow downloads from temporal.download, or install Go so the CLI can be built');
  }
  mkdirSync(cacheDir(env), { recursive: true });
  const gobin = mkdtempSync(path.join(cacheDir(env), 'build-'));
  const started = Date.now();
  log.info({ packages: job.packages, go, targets: Object.values(job.binaries) }, `building ${job.what} with go install (first time only; takes a few minutes)`);
  let packages = 0;
  let last = '';
  const ticker = setInterval(() => {
    log.info({ elapsedS: Math.round((Date.now() - started) / 1000), packagesCompiled: packages, last }, `still building ${job.what}`);
  }, 10_000);
  const tail: string[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(go, ['install', '-v', ...job.packages], {
        env: { ...env, GOBIN: gobin, GOFLAGS: env.GOFLAGS ?? '-mod=mod', CGO_ENABLED: env.CGO_ENABLED ?? '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const onLine = (chunk: Buffer) => {
        for (const line of chunk.toString().split('\n').filter(Boolean)) {
          if (!line.startsWith('go: ')) packages++;
          last = line;
          tail.push(line);
          if (tail.length > 20) tail.shift();
        }
      };
      child.stdout.on('data', onLine);
      child.stderr.on('data', onLine);
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`go install exited with ${code}:\n${tail.join('\n')}`))));
    });
    for (const [name, target] of Object.entries(job.binaries)) {
      mkdirSync(path.dirname(target), { recursive: true });
      renameSync(path.join(gobin, name), target);
    }
  } finally {
    clearInterval(ticker);
    rmSync(gobin, { recursive: true, force: true });
  }
  log.info({ elapsedS: Math.round((Date.now() - started) / 1000), packagesCompiled: packages, targets: Object.values(job.binaries) }, `built ${job.what}`);
}
