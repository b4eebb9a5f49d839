import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import defaultDirectory from '../config/demo-city.json';
import defaultPolicy from '../config/default-policy.json';
import { Directory } from '../schema/directory';
import { CasePolicy } from '../schema/policy';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface EngineConfig {
  temporalAddress: string | undefined;
  namespace: string;
  taskQueue: string;
  databaseUrl: string | undefined;
  dataDir: string;
  policy: CasePolicy;
  directory: Directory;
  /** The learned half of the classifier; absent: the dictionary alone. */
  classifierModelFile: string | undefined;
}

/** The model trained for the demo city's taxonomy (npm run train:classify). */
export const DEMO_CLASSIFIER_MODEL_FILE = path.join(PROJECT_ROOT, 'config', 'demo-city-classifier.json');

/**
 * CASE_CLASSIFIER_MODEL_FILE names a model, or "none". Without it the demo city's model goes with
 * the demo city's directory; a replaced directory runs on its dictionary alone, since a model
 * knows only the categories it was trained on.
 */
function classifierModelFile(env: NodeJS.ProcessEnv): string | undefined {
  const file = env.CASE_CLASSIFIER_MODEL_FILE;
  if (file === 'none') return undefined;
  if (file) return path.resolve(file);
  return env.CASE_DIRECTORY_FILE ? undefined : DEMO_CLASSIFIER_MODEL_FILE;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): EngineConfig {
  const config: EngineConfig = {
    temporalAddress: env.TEMPORAL_ADDRESS || undefined,
    namespace: env.TEMPORAL_NAMESPACE || 'default',
    taskQueue: env.TEMPORAL_TASK_QUEUE || 'cases',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.CASE_DATA_DIR || path.join(PROJECT_ROOT, '.data')),
    policy: loadJson(CasePolicy, env.CASE_POLICY_FILE, defaultPolicy, 'CASE_POLICY_FILE'),
    directory: loadJson(Directory, env.CASE_DIRECTORY_FILE, defaultDirectory, 'CASE_DIRECTORY_FILE'),
    classifierModelFile: classifierModelFile(env),
  };
  const { policy, directory } = config;
  if ((policy.calendar === 'working' || policy.emergencyCalendar === 'working') && !directory.calendar) {
    throw new Error('the deadline policy counts working time, but the directory has no "calendar" (working hours, weekends, holidays, make-up days); add one to CASE_DIRECTORY_FILE or set "calendar": "24x7" in CASE_POLICY_FILE');
  }
  return config;
}

/** Reads and validates a JSON file; a bad file stops start-up with every wrong field named. */
export function loadJson<S extends z.ZodType>(schema: S, file: string | undefined, fallback: unknown, variable: string): z.infer<S> {
  let raw: unknown = fallback;
  if (file) {
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new Error(`${variable}=${file} could not be read as JSON: ${(error as Error).message}. Fix the file or unset ${variable}.`);
    }
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
    throw new Error(`${file ? `${variable}=${file}` : `built-in ${variable} default`} is not valid:\n${fields}`);
  }
  return parsed.data;
}
