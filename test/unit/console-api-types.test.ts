import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiTypesSource, SCHEMA_FILE } from '../../web/scripts/api-types';

describe('the console\'s API types', () => {
  it('are those of the API\'s /openapi.json as it is now (run `npm run gen:api-types` after changing the API)', async () => {
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    const fresh = await apiTypesSource();
    // A short diff rather than 200 kB of text when they differ.
    if (committed !== fresh) {
      const a = committed.split('\n');
      const b = fresh.split('\n');
      const at = a.findIndex((line, i) => line !== b[i]);
      expect({ line: at + 1, committed: a.slice(at, at + 5), generated: b.slice(at, at + 5) }, 'web/src/api/schema.d.ts is stale: run npm run gen:api-types').toBeNull();
    }
  }, 60_000);
});
