import { Validator } from '@cfworker/json-schema';
import type { ActionName } from '../schema/action-names';
import schemas from './action-input-schemas.json';

export interface InputIssue {
  path: string;
  message: string;
}

// Built on first use: validators run only for new updates, never on replay.
const validators = new Map<ActionName, Validator>();

/**
 * The issues of an action's input against its JSON Schema, empty when it is valid. The API
 * has already parsed the input with zod; this guards the case against other clients (the
 * Temporal CLI, scripts) without evaluating zod in every workflow instance.
 */
export function actionInputIssues(name: ActionName, input: unknown): InputIssue[] {
  // The validator throws on undefined, which a client sends by leaving the input out.
  if (input === undefined) return [{ path: '', message: 'the action needs its input, an object' }];
  let validator = validators.get(name);
  if (!validator) {
    validator = new Validator(schemas[name] as never, '2020-12', false);
    validators.set(name, validator);
  }
  const { valid, errors } = validator.validate(input);
  if (valid) return [];
  // The innermost failures say what is wrong; the outer ones only that a property failed.
  const leaves = errors.filter((e) => !errors.some((o) => o !== e && o.keywordLocation.startsWith(`${e.keywordLocation}/`)));
  return leaves.map((e) => ({ path: e.instanceLocation.replace(/^#\/?/, '').replaceAll('/', '.'), message: e.error }));
}
