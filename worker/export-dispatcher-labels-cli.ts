// `npm run export:labels -- --out cases-ops.json [--since 2026-11-01]`: the texts whose category a
// dispatcher decided, in the labelled cases' format. Put the file in test/classification/ (after
// reading it: a dispatcher's hurried choice can be wrong), then `npm run train:classify` and
// `npm run eval:classify`: a third of it is held out by the same hash of the id as every set.
import { writeFileSync } from 'node:fs';
import { rootCategory } from '../domain/categories';
import { dispatcherLabels } from '../store/dispatcher-labels';
import { loadConfig } from './config';
import { logger } from './logger';
import { openStore } from './open-store';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const out = option('out');
const since = option('since') ? new Date(option('since')!) : undefined;
if (!out || (since && Number.isNaN(since.getTime()))) {
  process.stderr.write('usage: npm run export:labels -- --out <file.json> [--since <ISO date>]\n');
  process.exit(2);
}
const config = loadConfig();
const store = await openStore(config, logger);
const labels = await dispatcherLabels(store.db, since);
await store.close();
writeFileSync(out, `${JSON.stringify(labels.map(({ id, text, categoryId }) => ({ id, text, categoryId })), null, 1)}\n`);
const root = (id: string | null) => (id === null ? null : rootCategory(config.directory, id));
const agreed = labels.filter((l) => root(l.classifierCategoryId) === root(l.categoryId)).length;
logger.info({ out, labels: labels.length, classifierFirstChoiceRight: agreed, since: since?.toISOString() }, 'texts whose category a dispatcher decided, written in the labelled cases\' format');
