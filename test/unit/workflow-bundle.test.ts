import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';

describe('the workflow bundle', () => {
  // Every workflow instance evaluates the bundle's modules again; zod and our schemas cost
  // about 20 ms of the single workflow thread each time (BENCHMARKS.md, profile), so inputs
  // are checked there against JSON Schema instead.
  it('carries no zod', () => {
    const code = readFileSync(inject('workflowBundlePath'), 'utf8');
    expect(code).toContain('node_modules/@temporalio/workflow/');
    expect(code).not.toMatch(/node_modules\/zod\//);
  });
});
