import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../worker/config';

/** Every installed package, with the Node versions its `engines` field accepts. */
function installedEngines(dir: string, found: { name: string; node: string }[] = []) {
  for (const entry of readdirSync(dir)) {
    if (entry.startsWith('.')) continue;
    const at = path.join(dir, entry);
    if (entry.startsWith('@')) {
      installedEngines(at, found);
      continue;
    }
    const manifest = path.join(at, 'package.json');
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string; engines?: { node?: string } };
      if (pkg.engines?.node) found.push({ name: `${pkg.name}@${pkg.version}`, node: pkg.engines.node });
    }
    if (existsSync(path.join(at, 'node_modules'))) installedEngines(path.join(at, 'node_modules'), found);
  }
  return found;
}

describe('supported Node versions', () => {
  it('every installed package accepts Node 20.19, the oldest release the project supports', () => {
    const refusing = installedEngines(path.join(PROJECT_ROOT, 'node_modules')).filter((p) => !semver.satisfies('20.19.0', p.node));
    expect(refusing).toEqual([]);
  });
});
