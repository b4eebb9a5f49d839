import type { UpdateDefinition } from '@temporalio/common';
import * as wf from '@temporalio/workflow';
import type { CaseActivities, OutboxRequest, Triage } from '../activities/create-activities';
import { UNSTORABLE_DATA } from '../schema/failure-types';
import type { CaseCommand, DecisionContext, SystemCommand } from '../domain/command';
import { allowedActions } from '../domain/action-table';
import { decide } from '../domain/decide';
import { isOverdue, nextDueAt, nextWakeAt } from '../domain/deadlines';
import { CaseRuleError } from '../domain/errors';
import { evolve } from '../domain/evolve';
import { initialState } from '../domain/initial-state';
import { NOTIFIABLE, NOTIFIABLE_BEFORE_ASSIGNMENTS } from '../domain/notifications';
import type { CaseState } from '../schema/case-state';
import type { CaseEvent } from '../schema/events';
import { durationMs } from '../schema/iso-duration';
import { ACTION_NAMES, type ActionName } from '../schema/action-names';
import { caseStateQuery, caseUpdates, intakeUpdate, type ActionRequest, type CaseWorkflowInput } from './definitions';
import * as sa from './search-attributes';
import { actionInputIssues } from './validate-action-input';

const activityOptions = {
  startToCloseTimeout: '30 seconds',
  // A database outage delays the case; it never loses or doubles an event (appends are idempotent).
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
} as const;
const remoteActivities = wf.proxyActivities<CaseActivities>(activityOptions);
// Short database writes and lookups: run in the worker itself, no task queue round trip each.
const localActivities = wf.proxyLocalActivities<CaseActivities>(activityOptions);

/** One case, from report to close: the closed loop of DOMAIN.md as a durable workflow. */
export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseState> {
  // Cases started before local activities keep scheduling remote ones, as their histories say.
  const { appendEvents, classify, route, notify, findDuplicate, triage } = wf.patched('local-activities') ? localActivities : remoteActivities;
  // Since this patch a step's events are appended in one write with their notifications, and
  // intake asks its lookups in one triage: 2 local activities for a new case instead of 6, each
  // an activation of the single workflow thread (BENCHMARKS.md, profile). Older cases keep
  // appending and notifying per decision, as their histories say.
  const batched = wf.patched('batched-writes');
  let state = initialState(input.caseId);
  let busy = false;
  let intakeDone = false;
  // `before` is the case as last stored: what it returns to if the database refuses the batch.
  let pending: { before: CaseState; baseVersion: number; events: CaseEvent[]; notify: OutboxRequest['groups'] } | undefined;

  // Handlers await activities; one at a time keeps each decision on the state it was made on.
  // What a step decided is written before the next step starts, and before its caller hears.
  const exclusive = async <T>(fn: () => Promise<T>): Promise<T> => {
    await wf.condition(() => !busy);
    busy = true;
    try {
      return await fn();
    } finally {
      try {
        await flush();
      } finally {
        busy = false;
      }
    }
  };

  const decideNow = (command: CaseCommand) => {
    const ctx: DecisionContext = { now: Date.now(), newId: () => wf.uuid4() };
    try {
      return decide(state, command, ctx);
    } catch (error) {
      throw asFailure(error);
    }
  };

  const apply = async (command: CaseCommand): Promise<void> => {
    const events = decideNow(command);
    if (events.length === 0) return;
    if (batched) {
      pending ??= { before: state, baseVersion: state.version, events: [], notify: [] };
      state = events.reduce(evolve, state);
      pending.events.push(...events);
      const notifiable = events.filter((e) => NOTIFIABLE.has(e.type));
      if (notifiable.length > 0) pending.notify.push({ departmentId: state.departmentId, events: notifiable });
      return;
    }
    await appendEvents({ caseId: state.caseId, expectedVersion: state.version, events }).catch((error: unknown) => {
      throw refusedWrite(error, state);
    });
    state = events.reduce(evolve, state);
    // A new event type here would schedule a `notify` these histories never had.
    const notifiable = events.filter((e) => NOTIFIABLE_BEFORE_ASSIGNMENTS.has(e.type));
    if (notifiable.length > 0) {
      await notify({ caseId: state.caseId, jurisdictionId: input.report.location.jurisdictionId, departmentId: state.departmentId, events: notifiable });
    }
    publishSearchAttributes(state);
    wf.log.info('case changed', { caseId: state.caseId, status: state.status, events: events.map((e) => e.type) });
  };

  /** Writes what the current step decided: its events, the read model and the notifications, in one transaction. */
  const flush = async (): Promise<void> => {
    if (!pending) return;
    const { before, baseVersion, events, notify: groups } = pending;
    pending = undefined;
    const outbox = groups.length > 0 ? { jurisdictionId: input.report.location.jurisdictionId, groups } : undefined;
    try {
      await appendEvents({ caseId: state.caseId, expectedVersion: baseVersion, events, ...(outbox ? { notify: outbox } : {}) });
    } catch (error) {
      // Nothing of the batch was stored: the case goes on from where it was, the caller hears why.
      if (unstorable(error)) state = before;
      throw refusedWrite(error, state);
    }
    publishSearchAttributes(state);
    wf.log.info('case changed', { caseId: state.caseId, status: state.status, events: events.map((e) => e.type) });
  };

  /** The engine's own steps: classify a new case, route a classified one. */
  const automate = async (): Promise<void> => {
    let duplicateChecked = false;
    // Intake's triage answers for the category it classified; used once, for that category only.
    let triaged: Triage | undefined;
    while (state.status === 'reported') {
      const report = state.report!;
      const text = [report.title, report.description].filter(Boolean).join('\n');
      const duplicateCheck = () => ({ since: Date.now() - durationMs(state.policy!.duplicateWindow!), maxDistanceM: state.policy!.duplicateDistanceM });
      let command: SystemCommand;
      if (state.categoryId === null && batched) {
        triaged = await triage({
          caseId: state.caseId,
          text,
          location: report.location,
          ...(checksDuplicates(state) ? { duplicateCheck: duplicateCheck() } : {}),
          ...(report.complaintAbout ? { complaintAbout: report.complaintAbout } : {}),
        });
        command = { type: 'classified', result: triaged.classification };
      } else if (state.categoryId === null) {
        command = { type: 'classified', result: await classify({ text }) };
      } else if (!duplicateChecked && checksDuplicates(state) && wf.patched('duplicate-check')) {
        duplicateChecked = true;
        const found =
          triaged?.classification.categoryId === state.categoryId
            ? triaged.duplicate
            : await findDuplicate({ caseId: state.caseId, categoryId: state.categoryId, location: report.location, ...duplicateCheck() });
        if (!found) continue;
        command = { type: 'duplicateFound', ...found };
      } else {
        const prefetched = triaged?.classification.categoryId === state.categoryId && state.returnedBy.length === 0 ? triaged.route : null;
        triaged = undefined;
        const excludeDepartmentIds = state.returnedBy;
        const about = report.complaintAbout ? { complaintAbout: report.complaintAbout } : {};
        command = { type: 'routed', result: prefetched ?? (await route({ categoryId: state.categoryId, jurisdictionId: report.location.jurisdictionId, excludeDepartmentIds, ...about })) };
      }
      await apply(command);
    }
  };

  wf.setHandler(caseStateQuery, () => state);
  wf.setHandler(intakeUpdate, async () => {
    await wf.condition(() => intakeDone);
    return state;
  });
  for (const name of ACTION_NAMES) {
    const toCommand = (req: ActionRequest<ActionName>) => ({ type: name, actor: req.actor, input: req.input }) as CaseCommand;
    wf.setHandler(
      caseUpdates[name] as UpdateDefinition<CaseState, [ActionRequest<ActionName>]>,
      (req) =>
        exclusive(async () => {
          await apply(toCommand(req));
          await automate();
          return state;
        }),
      {
        // Rejects before anything is written to history. Must not consume workflow randomness:
        // validators are not run again on replay.
        validator: (req) => {
          const issues = actionInputIssues(name, req?.input);
          if (issues.length > 0) {
            throw wf.ApplicationFailure.create({
              type: 'InvalidInput',
              message: issues.map((i) => `${i.path || 'input'}: ${i.message}`).join('; '),
              nonRetryable: true,
              details: [{ status: state.status, issues }],
            });
          }
          try {
            decide(state, toCommand(req), { now: Date.now(), newId: () => 'validation' });
          } catch (error) {
            // What the caller may do instead, so a client can offer it rather than a dead end.
            throw asFailure(error, req?.actor ? allowedActions(state, req.actor) : []);
          }
        },
      },
    );
  }

  await exclusive(async () => {
    // Cases started before numbers existed have none in their input, and record none.
    await apply({ type: 'report', actor: input.actor, report: input.report, policy: input.policy, ladder: input.ladder, calendar: input.calendar, ...(input.number ? { number: input.number } : {}) });
    await automate();
  });
  intakeDone = true;

  while (state.status !== 'closed') {
    const seen = state.version;
    const wake = nextWakeAt(state);
    if (wake === undefined) {
      await wf.condition(() => state.version !== seen);
      continue;
    }
    const changed = await wf.condition(() => state.version !== seen, Math.max(1, wake - Date.now()));
    if (!changed) {
      await exclusive(async () => {
        await apply({ type: 'tick' });
        await automate();
      });
    }
  }
  await wf.condition(wf.allHandlersFinished);
  return state;
}

/** A first routing of a new case, under a policy that asks for the check (older ones have none). */
function checksDuplicates(state: CaseState): boolean {
  // A complaint about a department stands on its own: linked to another case, it could land with the department it is about.
  return !!state.policy?.duplicateWindow && state.duplicateOf === null && !state.duplicateUnlinked && state.returnCount === 0 && !state.report?.complaintAbout;
}

/** The activity's refusal, found under the ActivityFailure that wraps it (a local activity's comes bare). */
function unstorable(error: unknown): wf.ApplicationFailure | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 3; e = (e as Error).cause, depth++) {
    if (e instanceof wf.ApplicationFailure && e.type === UNSTORABLE_DATA) return e;
  }
  return undefined;
}

/**
 * A write the database refused for its data fails the Update (or the intake) as invalid input,
 * as the API's own check would have; any other failure passes on unchanged.
 */
function refusedWrite(error: unknown, state: CaseState): unknown {
  const refusal = unstorable(error);
  if (!refusal) return error;
  return wf.ApplicationFailure.create({
    type: 'InvalidInput',
    message: `nothing was recorded: ${refusal.message}. Correct the text and send it again`,
    nonRetryable: true,
    details: [{ code: 'invalid_input', status: state.status }],
  });
}

function asFailure(error: unknown, allowed?: string[]): unknown {
  if (error instanceof CaseRuleError) {
    return wf.ApplicationFailure.create({
      type: 'CaseRuleError',
      message: error.message,
      nonRetryable: true,
      details: [{ code: error.code, status: error.status, ...(allowed ? { allowedActions: allowed } : {}) }],
    });
  }
  return error;
}

function publishSearchAttributes(state: CaseState): void {
  // Operators look for what is due, not for when the workflow wakes (a warning, a repeat
  // escalation). Histories recorded before the change replay with the wake-up time they published.
  const next = wf.patched('deadline-attribute-due-time') ? (nextDueAt(state) ?? undefined) : nextWakeAt(state);
  wf.upsertSearchAttributes([
    { key: sa.CaseStatusKey, value: state.status },
    { key: sa.CaseDepartmentKey, value: state.departmentId },
    { key: sa.CaseJurisdictionKey, value: state.report?.location.jurisdictionId ?? null },
    { key: sa.CaseCategoryKey, value: state.categoryId },
    { key: sa.CaseUrgencyKey, value: state.report?.urgency ?? null },
    { key: sa.CaseEscalationLevelKey, value: state.escalationLevel },
    { key: sa.CaseNextDeadlineKey, value: next === undefined ? null : new Date(next) },
    { key: sa.CaseOverdueKey, value: isOverdue(state) },
  ]);
}
