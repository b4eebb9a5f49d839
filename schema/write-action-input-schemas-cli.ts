// `npm run gen:action-schemas`: writes the actions' JSON Schemas the workflow validates updates with.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { actionInputJsonSchemas } from './action-input-json-schemas';

export const ACTION_INPUT_SCHEMAS_PATH = path.join(import.meta.dirname, '..', 'workflows', 'action-input-schemas.json');

writeFileSync(ACTION_INPUT_SCHEMAS_PATH, `${JSON.stringify(actionInputJsonSchemas(), null, 2)}\n`);
process.stdout.write(`wrote ${ACTION_INPUT_SCHEMAS_PATH}\n`);
