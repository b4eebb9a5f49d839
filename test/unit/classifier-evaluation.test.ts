import { describe, expect, it } from 'vitest';
import { labelledSetOf, refusedRun, splitOf } from '../classification/evaluate';

describe('eval:classify on a development set', () => {
  it('scores a development set only on its tune split and never lists its mistakes', () => {
    expect(refusedRun({ files: ['dev-b-zh.json'], split: 'tune', mistakes: false })).toBeNull();
    expect(refusedRun({ files: ['dev-b-zh.json'], split: 'tune', mistakes: true })).toMatch(/refuses --mistakes/);
    expect(refusedRun({ files: ['dev-b-zh.json'], split: 'holdout', mistakes: false })).toMatch(/needs --split tune/);
    expect(refusedRun({ files: ['dev-b-zh.json'], mistakes: false })).toMatch(/needs --split tune/);
  });

  it('leaves the labelled set\'s own runs as they were', () => {
    expect(refusedRun({ split: 'tune', mistakes: true })).toBeNull();
    expect(refusedRun({ mistakes: false })).toBeNull();
  });

  it('holds out about a third of a set, chosen by the id alone (so renaming the files keeps it)', () => {
    const ids = Array.from({ length: 300 }, (_, i) => `en-b${i}`);
    const held = ids.filter((id) => splitOf(id) === 'holdout').length;
    expect(held).toBeGreaterThan(70);
    expect(held).toBeLessThan(130);
  });

  it('names the labelled set a case comes from, for the figures per set', () => {
    expect(labelledSetOf('zh-b017')).toBe('zh-b');
    expect(labelledSetOf('en-042')).toBe('en-a');
    expect(labelledSetOf('en-e150')).toBe('en-e');
    expect(labelledSetOf('ops-case-4f546cb9-31d5-138c')).toBe('ops');
  });
});
