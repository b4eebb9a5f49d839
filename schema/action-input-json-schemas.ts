import { z } from 'zod';
import { ACTION_NAMES, type ActionName } from './action-names';
import { ActionInputs } from './commands';

/**
 * Each action's input as JSON Schema, what the workflow checks updates against. The workflow
 * cannot use zod itself: every workflow instance evaluates its modules again, and zod with our
 * schemas costs about 20 ms of the single workflow thread each time (BENCHMARKS.md, profile).
 * The committed copy, workflows/action-input-schemas.json, is written by
 * `npm run gen:action-schemas` and held equal to this by a unit test.
 */
export function actionInputJsonSchemas(): Record<ActionName, object> {
  return Object.fromEntries(
    ACTION_NAMES.map((name) => {
      // The draft is named once, by the validator, not in every schema.
      const schema: Record<string, unknown> = z.toJSONSchema(ActionInputs[name], { io: 'input', unrepresentable: 'throw' });
      delete schema.$schema;
      return [name, schema];
    }),
  ) as Record<ActionName, object>;
}
