import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../worker/config';
import type { LabelledCase } from './evaluate';

export const LABELLED_DIR = path.join(PROJECT_ROOT, 'test', 'classification');

/** The labelled sets' file names, in a fixed order. */
export const labelledFiles = (): string[] => readdirSync(LABELLED_DIR).filter((f) => /^cases-.*\.json$/.test(f)).sort();

export function readLabelledCases(files: readonly string[] = labelledFiles()): LabelledCase[] {
  return files.flatMap((f) => JSON.parse(readFileSync(path.join(LABELLED_DIR, f), 'utf8')) as LabelledCase[]);
}
