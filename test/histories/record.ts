// `npm run record:histories`: runs a few cases on a real Temporal server and an in-memory
// PGlite, and writes their workflow histories here. The replay test replays them against the
// current workflow code, so a change that would break running cases fails CI. Re-record only
// when a change is deliberately incompatible (and then guard it with patched()).
import { Client, Connection } from '@temporalio/client';
import { historyToFile } from './history-file';
import { NativeConnection } from '@temporalio/worker';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCaseService } from '../../api/case-service';
import { migrateToLatest } from '../../schema/migrate';
import { Directory } from '../../schema/directory';
import { CasePolicy } from '../../schema/policy';
import { openDatabase } from '../../store/database';
import { loadConfig } from '../../worker/config';
import { createCaseWorker } from '../../worker/create-worker';
import { logger } from '../../worker/logger';
import { obtainTemporal } from '../../worker/temporal/obtain';
import { department, sewerReport, street, supervisor } from '../support/actors';
import { fastPolicy } from '../support/policies';

const here = path.dirname(fileURLToPath(import.meta.url));
const config = loadConfig({});
const server = await obtainTemporal({ namespace: 'default' }, logger);
const database = await openDatabase({ pgliteDir: null });
await migrateToLatest(database.db);
const connection = await NativeConnection.connect({ address: server.address });
const client = new Client({ connection: await Connection.connect({ address: server.address }) });
const taskQueue = 'record-histories';
const worker = await createCaseWorker({ connection, namespace: 'default', taskQueue, db: database.db, directory: config.directory });
const fast = CasePolicy.parse({ ...config.policy, ...fastPolicy });
const service = createCaseService({ client, db: database.db, taskQueue, policy: config.policy, directory: config.directory });
const fastService = createCaseService({ client, db: database.db, taskQueue, policy: fast, directory: config.directory });
const housing = department('lixian-housing');
// A calendar that works every hour of every day: wall time, but through the working-time code.
const allHours = { version: 'record-all-hours', timeZone: 'Asia/Shanghai', workingHours: [{ start: '00:00', end: '24:00' }], weekendDays: [], holidays: [], makeupWorkdays: [] };
const ladderDirectory = Directory.parse({ ...config.directory, calendar: allHours });
const ladderService = createCaseService({
  client,
  db: database.db,
  taskQueue,
  policy: CasePolicy.parse({ ...fast, calendar: 'working', leaderAtLevel: 3 }),
  directory: ladderDirectory,
});

const scenarios: Record<string, () => Promise<string>> = {
  'happy-path': async () => {
    const c = await service.submit(sewerReport, street);
    await service.act(c.caseId, 'accept', housing, {});
    await service.act(c.caseId, 'contact', housing, { note: 'called' });
    const v = await service.act(c.caseId, 'scheduleVisit', housing, { scheduledFor: '2026-11-23T09:00:00+08:00', cadres: ['Liu Wei'] });
    await service.act(c.caseId, 'completeVisit', housing, { visitId: v.visits[0]!.id, findings: 'pipe collapsed' });
    await service.act(c.caseId, 'resolve', housing, { summary: 'replaced', outcome: 'resolved' });
    await service.act(c.caseId, 'feedback', street, { rating: 'satisfied' });
    return c.caseId;
  },
  // After the due-time search attribute (patch 'deadline-attribute-due-time').
  'happy-path-due-attribute': async () => scenarios['happy-path']!(),
  'return-reopen-supervise': async () => {
    const c = await service.submit(sewerReport, street);
    await service.act(c.caseId, 'return', housing, { reason: 'municipal pipe' });
    const municipal = department('changde-municipal-works');
    await service.act(c.caseId, 'accept', municipal, {});
    await service.act(c.caseId, 'pause', municipal, { reason: 'resident away' });
    await service.act(c.caseId, 'resume', municipal, {});
    await service.act(c.caseId, 'contact', municipal, { note: 'called' });
    await service.act(c.caseId, 'resolve', municipal, { summary: 'fixed', outcome: 'resolved' });
    await service.act(c.caseId, 'feedback', street, { rating: 'unsatisfied' });
    await service.act(c.caseId, 'extend', supervisor, { step: 'accept', by: 'PT1H', reason: 'holiday' });
    await service.act(c.caseId, 'package', supervisor, { leader: 'Deputy head Zhou' });
    await service.act(c.caseId, 'close', supervisor, { reason: 'explained in person' });
    return c.caseId;
  },
  'deadlines-escalate': async () => {
    const c = await fastService.submit(sewerReport, street);
    await new Promise((r) => setTimeout(r, 2500));
    await fastService.act(c.caseId, 'accept', housing, {});
    await fastService.act(c.caseId, 'contact', housing, { note: 'called' });
    await fastService.act(c.caseId, 'resolve', housing, { summary: 'fixed', outcome: 'resolved' });
    await client.workflow.getHandle(c.caseId).result();
    return c.caseId;
  },
  'local-activities-duplicate': async () => {
    const original = await service.submit({ ...sewerReport, location: { jurisdictionId: 'xihu', address: 'Building 12, Xihu Community' } }, street);
    const c = await service.submit({ ...sewerReport, location: { jurisdictionId: 'xihu', address: 'building 12 xihu community' } }, street);
    if (c.duplicateOf !== original.caseId) throw new Error(`expected a duplicate of ${original.caseId}, got ${c.status}`);
    await service.act(c.caseId, 'unlinkDuplicate', supervisor, { reason: 'another pipe' });
    await service.act(c.caseId, 'accept', housing, {});
    await service.act(c.caseId, 'close', supervisor, { reason: 'handled with the first report' });
    await service.act(original.caseId, 'close', supervisor, { reason: 'recording done' });
    return c.caseId;
  },
  'ladder-working-time': async () => {
    const c = await ladderService.submit(sewerReport, street);
    // accept is due in 2 s; then a level every further 2 s: level 5 at 10 s, the leader at level 3.
    await new Promise((r) => setTimeout(r, 10_500));
    const admin = { sub: 'ops', role: 'admin' as const, org: 'changde' };
    await ladderService.act(c.caseId, 'adoptCalendar', admin, { calendar: { ...allHours, version: 'record-all-hours-2' }, reason: 'corrected' });
    await ladderService.act(c.caseId, 'close', supervisor, { reason: 'handled by the county leader in person' });
    await client.workflow.getHandle(c.caseId).result();
    return c.caseId;
  },
  // After batched writes and intake triage (patch 'batched-writes'): a new case's lookups in one
  // local activity, each step's events and notifications in one append.
  'batched-writes-happy-path': async () => scenarios['happy-path']!(),
  'batched-writes-duplicate': async () => scenarios['local-activities-duplicate']!(),
  'batched-writes-escalate': async () => scenarios['deadlines-escalate']!(),
};

// `npm run record:histories -- <name> ...` records only those, leaving the others as they were.
const only = process.argv.slice(2);
await worker.runUntil(async () => {
  for (const [name, run] of Object.entries(scenarios).filter(([n]) => only.length === 0 || only.includes(n))) {
    const caseId = await run();
    const history = await client.workflow.getHandle(caseId).fetchHistory();
    writeFileSync(path.join(here, `${name}.json`), historyToFile(history) + '\n');
    logger.info({ name, events: history.events?.length }, 'recorded history');
  }
});
await client.connection.close();
await connection.close();
await database.close();
await server.stop();
