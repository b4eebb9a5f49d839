import { ESLint } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../worker/config';

const lint = async (file: string, code: string) => {
  const eslint = new ESLint({ cwd: PROJECT_ROOT });
  const [result] = await eslint.lintText(code, { filePath: path.join(PROJECT_ROOT, file) });
  return result!.messages.map((m) => m.ruleId);
};

describe('the determinism lint rules', () => {
  it('forbid Node built-ins and I/O libraries in workflows', async () => {
    expect(await lint('workflows/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).toContain('no-restricted-imports');
    expect(await lint('workflows/x.ts', "import { Pool } from 'pg';\nexport const a = Pool;\n")).toContain('no-restricted-imports');
    expect(await lint('workflows/x.ts', 'export const a = process.env.X;\n')).toContain('no-restricted-globals');
  });

  it('forbid Temporal, clocks and randomness in the domain core', async () => {
    expect(await lint('domain/x.ts', "import * as wf from '@temporalio/workflow';\nexport const a = wf;\n")).toContain('no-restricted-imports');
    expect(await lint('domain/x.ts', 'export const a = Date.now() + Math.random();\n')).toEqual(['no-restricted-properties', 'no-restricted-properties']);
  });

  it('allow the same code outside them', async () => {
    expect(await lint('worker/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).toEqual([]);
  });
});
