import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { durationMs } from '../../schema/iso-duration';
import demoCity from '../../config/demo-city.json';
import defaultPolicy from '../../config/default-policy.json';
import { loadConfig } from '../../worker/config';

describe('ISO 8601 durations', () => {
  it.each([
    ['PT2H', 7_200_000],
    ['P3D', 259_200_000],
    ['P1W', 604_800_000],
    ['PT1.5S', 1500],
    ['P1DT12H', 129_600_000],
  ])('%s is %i ms', (iso, ms) => expect(durationMs(iso)).toBe(ms));

  it.each(['P', 'PT', '2H', 'P1M2', 'P1Y'])('rejects %s', (iso) => expect(() => durationMs(iso)).toThrow(RangeError));
});

describe('configuration', () => {
  const write = (content: unknown) => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'gce-cfg-')), 'file.json');
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };

  it('loads the built-in demo city and policy by default', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ namespace: 'default', taskQueue: 'cases', policy: { version: 'builtin-1', maxReturns: 2 } });
    expect(config.directory.city.timeZone).toBe('Asia/Shanghai');
  });

  it('names the wrong field of a policy file', () => {
    const file = write({ calendar: '24x7', deadlines: { normal: { dispatch: '2 hours' } } });
    expect(() => loadConfig({ CASE_POLICY_FILE: file })).toThrow(/deadlines\.normal\.dispatch: an ISO 8601 duration/);
  });

  it('refuses a working-time policy when the directory has no calendar, and says what to do', () => {
    const policy = write({ ...defaultPolicy, calendar: 'working' });
    expect(loadConfig({ CASE_POLICY_FILE: policy }).directory.calendar?.version).toBe('cn-2026-2027.1');
    const withoutCalendar: Partial<typeof demoCity> = { ...demoCity };
    delete withoutCalendar.calendar;
    expect(() => loadConfig({ CASE_POLICY_FILE: policy, CASE_DIRECTORY_FILE: write(withoutCalendar) })).toThrow(/no "calendar".*"24x7"/);
  });

  it('says what to do with a file that is not JSON', () => {
    expect(() => loadConfig({ CASE_DIRECTORY_FILE: write('{oops') })).toThrow(/could not be read as JSON.*unset CASE_DIRECTORY_FILE/);
  });
});
