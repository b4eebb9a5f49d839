import { accessSync, constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The only CLI release that `go install` can build (later tags carry a `replace` directive). */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';

/** Outside the project, so clean clones and CI on the same machine reuse the first build. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TEMPORAL_CACHE_DIR) return path.resolve(env.TEMPORAL_CACHE_DIR);
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'grassroots-case-engine', 'temporal');
}

export const goBuiltCliPath = (env: NodeJS.ProcessEnv = process.env) => path.join(cacheDir(env), `cli-${TEMPORAL_CLI_VERSION}`, 'temporal');
export const sdkDownloadDir = (env: NodeJS.ProcessEnv = process.env) => path.join(cacheDir(env), 'sdk-download');

export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Looks a command up on PATH, as a shell would. */
export function onPath(command: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, command);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}
