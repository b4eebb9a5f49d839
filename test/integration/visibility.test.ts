import proto from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import defaultPolicy from '../../config/default-policy.json';
import * as sa from '../../workflows/search-attributes';
import { CASE_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { department, sewerReport, street } from '../support/actors';
import { eventually, startTestEngine, type TestEngine } from '../support/test-engine';

// A CommonJS module: its namespace is reached through the default export under ESM.
const { IndexedValueType } = proto.temporal.api.enums.v1;

/**
 * Custom search attribute slots per type in the dev server's SQLite visibility store, Temporal
 * server v1.29.1 (the server the pinned CLI v1.5.1 embeds, see its go.mod). The pre-allocated
 * columns are Bool01-03, Datetime01-03, Double01-03, Int01-03, Keyword01-10, Text01-03 and
 * KeywordList01-03 in go.temporal.io/server/schema/sqlite/v3/visibility/schema.sql, listed again
 * as `sqlDbCustomSearchAttributes` in common/searchattribute/defs.go. A name is mapped onto a free
 * column of its type by schema/sqlite/setup.go NewNamespaceConfig (`--search-attribute` at start)
 * or service/frontend/operator_handler.go addSearchAttributesSQL (AddSearchAttributes later);
 * both refuse with "cannot have more than N search attribute(s) of type T" once the slots are used.
 * The slots are per namespace and shared with any other custom attribute registered there.
 */
const SQLITE_SLOTS = { KEYWORD: 10, INT: 3, DATETIME: 3, BOOL: 3, DOUBLE: 3, TEXT: 3, KEYWORD_LIST: 3 } as const;

const housing = department('lixian-housing');
const qinghuaStreet = { sub: 'zhao.street', role: 'street' as const, org: 'furong' };
const HOUR = 3_600_000;

describe('Temporal visibility: typed search attributes find cases', () => {
  let engine: TestEngine;
  // Cases by role; filled by the first test, read by the query tests.
  const ids = { assigned: '', accepted: '', otherDepartment: '', overdue: '', closed: '' };
  let startedAt = 0;

  beforeAll(async () => {
    engine = await startTestEngine({
      policy: {
        // Urgent cases run on seconds, so one of them is overdue and escalated within the test;
        // normal ones keep the builtin hours and days. One escalation per missed deadline, no
        // repeats: the overdue case then settles at level 1 instead of climbing while we look.
        deadlines: { ...defaultPolicy.deadlines, urgent: { dispatch: 'PT2S', accept: 'PT2S', contact: 'PT2S', visit: 'PT3S', resolve: 'PT4S', feedback: 'PT2S' } },
        repeatEscalation: false,
      },
    });
  });
  afterAll(() => engine?.close());

  /** The ids of this test's cases (its own task queue: other test files share the server) matching `query`. */
  const find = async (query: string): Promise<string[]> => {
    const found: string[] = [];
    for await (const wf of engine.client.workflow.list({ query: `TaskQueue = '${engine.taskQueue}' AND (${query})` })) found.push(wf.workflowId);
    return found.sort();
  };
  /** Visibility is eventually consistent: polls up to 10 s for exactly `expected`, then fails showing what was found. */
  const expectFound = async (query: string, expected: string[]) => {
    const want = [...expected].sort();
    const until = Date.now() + 10_000;
    let found: string[] = [];
    for (;;) {
      found = await find(query);
      if (found.length === want.length && found.every((id, i) => id === want[i])) return;
      if (Date.now() > until) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const name = (id: string) => Object.entries(ids).find(([, v]) => v === id)?.[0] ?? id;
    expect(found.map(name), `cases found by ${query}`).toEqual(want.map(name));
  };

  it('registers every case attribute on the server with its type, within the SQLite slots of each type', async () => {
    const perType: Record<string, number> = {};
    for (const key of CASE_SEARCH_ATTRIBUTES) perType[key.type] = (perType[key.type] ?? 0) + 1;
    expect(perType).toEqual({ KEYWORD: 5, INT: 1, DATETIME: 1, BOOL: 1 });
    for (const [type, used] of Object.entries(perType)) {
      expect(used, `${type} attributes`).toBeLessThanOrEqual(SQLITE_SLOTS[type as keyof typeof SQLITE_SLOTS]);
    }

    const { customAttributes } = await engine.client.connection.operatorService.listSearchAttributes({ namespace: 'default' });
    const onServer = customAttributes ?? {};
    for (const key of CASE_SEARCH_ATTRIBUTES) {
      expect(onServer[key.name], key.name).toBe(IndexedValueType[`INDEXED_VALUE_TYPE_${key.type}`]);
    }
    // Whatever else the namespace holds shares the same slots.
    const live: Record<string, number> = {};
    for (const type of Object.values(onServer)) {
      const name = IndexedValueType[type].replace('INDEXED_VALUE_TYPE_', '');
      live[name] = (live[name] ?? 0) + 1;
    }
    for (const [type, used] of Object.entries(live)) {
      expect(used, `${type} attributes on the server`).toBeLessThanOrEqual(SQLITE_SLOTS[type as keyof typeof SQLITE_SLOTS]);
    }
  });

  it('publishes each case\'s state: status, department, jurisdiction, urgency, escalation, overdue, next deadline', async () => {
    const { service } = engine;
    startedAt = Date.now();
    const assigned = await service.submit(sewerReport, street);
    const accepted = await service.submit(sewerReport, street);
    await service.act(accepted.caseId, 'accept', housing, {});
    const other = await service.submit({ ...sewerReport, location: { jurisdictionId: 'qinghua' } }, qinghuaStreet);
    const overdue = await service.submit({ ...sewerReport, urgency: 'urgent' }, street);
    const closed = await service.submit(sewerReport, street);
    await service.act(closed.caseId, 'withdraw', street, { reason: 'Solved by the neighbours' });
    await engine.client.workflow.getHandle(closed.caseId).result();
    Object.assign(ids, { assigned: assigned.caseId, accepted: accepted.caseId, otherDepartment: other.caseId, overdue: overdue.caseId, closed: closed.caseId });

    expect([assigned, other, overdue].map((c) => c.status)).toEqual(['assigned', 'assigned', 'assigned']);
    expect(other.departmentId).toBe('changde-municipal-works');
    // The urgent case misses its two-second accept deadline and escalates once.
    await eventually(async () => {
      const row = await engine.db.selectFrom('cases').select(['overdue', 'escalation_level']).where('id', '=', overdue.caseId).executeTakeFirst();
      return row?.overdue === true && row.escalation_level === 1;
    }, 20_000);

    // What Temporal holds for the overdue case, attribute by attribute.
    await eventually(async () => (await engine.client.workflow.getHandle(overdue.caseId).describe()).typedSearchAttributes.get(sa.CaseOverdueKey) === true, 10_000);
    const described = (await engine.client.workflow.getHandle(overdue.caseId).describe()).typedSearchAttributes;
    expect({
      status: described.get(sa.CaseStatusKey),
      department: described.get(sa.CaseDepartmentKey),
      jurisdiction: described.get(sa.CaseJurisdictionKey),
      category: described.get(sa.CaseCategoryKey),
      urgency: described.get(sa.CaseUrgencyKey),
      escalationLevel: described.get(sa.CaseEscalationLevelKey),
      overdue: described.get(sa.CaseOverdueKey),
      // Its only clock (accept) is missed: nothing is due on time any more, so no value.
      nextDeadline: described.get(sa.CaseNextDeadlineKey),
    }).toEqual({
      status: 'assigned',
      department: 'lixian-housing',
      jurisdiction: 'xihu',
      category: 'drainage.sewer',
      urgency: 'urgent',
      escalationLevel: 1,
      overdue: true,
      nextDeadline: undefined,
    });
    // A normal assigned case: its deadline is the accept deadline, two hours on (not the warning at 1.5 h).
    const next = (await engine.client.workflow.getHandle(assigned.caseId).describe()).typedSearchAttributes.get(sa.CaseNextDeadlineKey);
    expect(next).toBeInstanceOf(Date);
    const row = await engine.db.selectFrom('cases').select('next_due_at').where('id', '=', assigned.caseId).executeTakeFirstOrThrow();
    expect(next).toEqual(row.next_due_at);
    expect(next!.getTime()).toBeGreaterThanOrEqual(startedAt + 2 * HOUR);
    expect(next!.getTime()).toBeLessThanOrEqual(Date.now() + 2 * HOUR);
  });

  it('finds cases by status', async () => {
    await expectFound(`CaseStatus = 'accepted'`, [ids.accepted]);
    await expectFound(`CaseStatus = 'assigned'`, [ids.assigned, ids.otherDepartment, ids.overdue]);
    await expectFound(`CaseStatus = 'closed'`, [ids.closed]);
  });

  it('finds cases by department and jurisdiction', async () => {
    await expectFound(`CaseDepartment = 'changde-municipal-works'`, [ids.otherDepartment]);
    // A withdrawn case keeps the department it was last assigned to.
    await expectFound(`CaseDepartment = 'lixian-housing'`, [ids.assigned, ids.accepted, ids.overdue, ids.closed]);
    await expectFound(`CaseDepartment = 'lixian-housing' AND ExecutionStatus = 'Running'`, [ids.assigned, ids.accepted, ids.overdue]);
    await expectFound(`CaseJurisdiction = 'qinghua'`, [ids.otherDepartment]);
    await expectFound(`CaseJurisdiction = 'xihu'`, [ids.assigned, ids.accepted, ids.overdue, ids.closed]);
  });

  it('finds cases by category and urgency', async () => {
    await expectFound(`CaseCategory = 'drainage.sewer'`, Object.values(ids));
    await expectFound(`CaseUrgency = 'urgent'`, [ids.overdue]);
    await expectFound(`CaseUrgency = 'normal'`, [ids.assigned, ids.accepted, ids.otherDepartment, ids.closed]);
  });

  it('finds overdue and escalated cases', async () => {
    await expectFound(`CaseEscalationLevel >= 1`, [ids.overdue]);
    await expectFound(`CaseEscalationLevel = 0`, [ids.assigned, ids.accepted, ids.otherDepartment, ids.closed]);
    await expectFound(`CaseOverdue = true`, [ids.overdue]);
    await expectFound(`CaseOverdue = false`, [ids.assigned, ids.accepted, ids.otherDepartment, ids.closed]);
  });

  it('finds cases by their next deadline', async () => {
    // Assigned normal cases are due to be accepted 2 h after assignment; the accepted one to
    // contact the resident 24 h on. Closed cases and cases whose only step is missed carry none.
    const threeHours = new Date(startedAt + 3 * HOUR).toISOString();
    await expectFound(`CaseNextDeadline < '${threeHours}'`, [ids.assigned, ids.otherDepartment]);
    await expectFound(`CaseNextDeadline > '${threeHours}'`, [ids.accepted]);
    await expectFound(`CaseNextDeadline IS NULL`, [ids.overdue, ids.closed]);
  });

  it('answers combined queries, as an operator would ask them', async () => {
    await expectFound(`CaseStatus = 'assigned' AND CaseOverdue = true`, [ids.overdue]);
    await expectFound(`CaseDepartment = 'lixian-housing' AND CaseStatus IN ('assigned', 'accepted') AND CaseOverdue = false`, [ids.assigned, ids.accepted]);
    await expectFound(`CaseJurisdiction = 'xihu' AND CaseUrgency = 'urgent' AND CaseEscalationLevel >= 1 AND ExecutionStatus = 'Running'`, [ids.overdue]);
    const threeHours = new Date(startedAt + 3 * HOUR).toISOString();
    await expectFound(`CaseStatus = 'assigned' AND CaseNextDeadline < '${threeHours}' AND CaseDepartment != 'lixian-housing'`, [ids.otherDepartment]);
    expect((await engine.client.workflow.count(`TaskQueue = '${engine.taskQueue}' AND CaseOverdue = true`)).count).toBe(1);
  });
});
