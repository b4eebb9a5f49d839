// Text PostgreSQL cannot store (a lone UTF-16 surrogate, NUL) once wedged a case for ever: the
// append was retried without end and every later action waited behind it. Now it is refused at
// the API, refused by the workflow's own validators, and a write the database refuses anyway
// fails the action and leaves the case as it was.
import { ApplicationFailure } from '@temporalio/activity';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNSTORABLE_DATA } from '../../schema/failure-types';
import { ActionRejectedError } from '../../api/case-service';
import type { AppendRequest } from '../../store/append-events';
import { caseUpdates, workflowIdOf } from '../../workflows/definitions';
import { sewerReport, street, supervisor } from '../support/actors';
import { startTestApi, type TestApi } from '../support/test-api';

const HOSTILE = { 'a lone surrogate': 'broken \ud800 text', 'a NUL': 'nul \u0000 here' } as const;
/** Events whose data holds this marker are refused by a trigger, as PostgreSQL refuses bad text. */
const REFUSED_MARK = 'REFUSE-ME';

let api: TestApi;
/** While true, a refused write is retried as the builds before the fix did: the case wedges. */
let oldBuild = false;
let retriedRefusals = 0;

beforeAll(async () => {
  api = await startTestApi({
    activities: (real) => ({
      ...real,
      async appendEvents(req: AppendRequest) {
        try {
          return await real.appendEvents(req);
        } catch (error) {
          if (oldBuild && error instanceof ApplicationFailure && error.type === UNSTORABLE_DATA) {
            retriedRefusals++;
            throw ApplicationFailure.retryable(error.message, 'OldBuildRetriesEverything');
          }
          throw error;
        }
      },
    }),
  });
  await sql
    .raw(
      `create function refuse_marked() returns trigger language plpgsql as $$
       begin
         if new.data::text like '%${REFUSED_MARK}%' then raise exception 'refused by the test' using errcode = '22023'; end if;
         return new;
       end $$;
       create trigger refuse_marked before insert on case_events for each row execute function refuse_marked();`,
    )
    .execute(api.engine.db);
}, 120_000);
afterAll(() => api?.close());

async function newCase(): Promise<string> {
  const res = await api.post('/v1/cases', { as: 'street', body: sewerReport });
  expect(res.status).toBe(201);
  return res.json.id as string;
}

describe('text the database cannot store', () => {
  for (const [what, bad] of Object.entries(HOSTILE)) {
    it(`is refused at once with 400 invalid_characters in a submission's description (${what})`, async () => {
      const before = await api.counts();
      const res = await api.post('/v1/cases', { as: 'street', body: { ...sewerReport, description: bad } });
      expect(res.status).toBe(400);
      expect(res.json.errors).toContainEqual(expect.objectContaining({ path: 'description', in: 'body', code: 'invalid_characters' }));
      expect(await api.counts()).toEqual(before);
    });

    it(`is refused in an escalation's reason and the case keeps working (${what})`, async () => {
      const id = await newCase();
      const before = await api.counts();
      const res = await api.post(`/v1/cases/${id}/escalate`, { as: 'supervisor', body: { reason: bad } });
      expect(res.status).toBe(400);
      expect(res.json.errors).toContainEqual(expect.objectContaining({ path: 'reason', code: 'invalid_characters' }));
      expect(await api.counts()).toEqual(before);
      const ok = await api.post(`/v1/cases/${id}/escalate`, { as: 'supervisor', body: { reason: 'no answer from the department' } });
      expect(ok.status).toBe(200);
      expect(ok.json.escalationLevel).toBe(1);
    });
  }

  it('is refused in query strings and path ids, not passed to SQL', async () => {
    const q = await api.get('/v1/cases', { as: 'supervisor', query: { q: 'a\u0000b' } });
    expect(q.status).toBe(400);
    expect(q.json.errors).toContainEqual(expect.objectContaining({ path: 'q', in: 'querystring', code: 'invalid_characters' }));
    const form = await api.post('/open311/v2/requests.json', {
      as: 'street',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `service_code=drainage.sewer&jurisdiction_id=xihu&address_string=X&description=${encodeURIComponent('a\u0000b')}`,
    });
    expect(form.status).toBe(400);
  });

  it('is refused by the workflow\'s own validator when a client bypasses the API', async () => {
    const id = await newCase();
    const handle = api.engine.client.workflow.getHandle(workflowIdOf(id));
    const update = handle.executeUpdate(caseUpdates.escalate, { args: [{ actor: supervisor, input: { reason: HOSTILE['a lone surrogate'] } }] });
    await expect(update).rejects.toThrow(WorkflowUpdateFailedError);
    await expect(update).rejects.toMatchObject({ cause: { type: 'InvalidInput' } });
    const after = await api.engine.service.act(id, 'escalate', supervisor, { reason: 'valid now' });
    expect(after.escalationLevel).toBe(1);
  });

  it('is refused before a workflow starts when a submission bypasses the API', async () => {
    const before = await api.counts();
    await expect(api.engine.service.submit({ ...sewerReport, description: HOSTILE['a NUL'] }, street)).rejects.toBeInstanceOf(ActionRejectedError);
    expect(await api.counts()).toEqual(before);
  });
});

describe('a write the database refuses for its data', () => {
  it('fails the action with invalid input, records nothing and leaves the case working', async () => {
    const id = await newCase();
    const before = await api.counts();
    const stateBefore = await api.engine.client.workflow.getHandle(workflowIdOf(id)).query<{ version: number; escalationLevel: number }>('state');
    const refused = api.engine.service.act(id, 'escalate', supervisor, { reason: `please ${REFUSED_MARK}` });
    await expect(refused).rejects.toBeInstanceOf(ActionRejectedError);
    await expect(refused).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await api.counts()).toEqual(before);
    const stateAfter = await api.engine.client.workflow.getHandle(workflowIdOf(id)).query<{ version: number; escalationLevel: number }>('state');
    expect({ version: stateAfter.version, level: stateAfter.escalationLevel }).toEqual({ version: stateBefore.version, level: stateBefore.escalationLevel });
    const ok = await api.post(`/v1/cases/${id}/escalate`, { as: 'supervisor', body: { reason: 'a reason the database takes' } });
    expect(ok.status).toBe(200);
    expect(ok.json.escalationLevel).toBe(stateBefore.escalationLevel + 1);
  });

  it('answers 400 through the API, not 500 or a hang', async () => {
    const id = await newCase();
    const res = await api.post(`/v1/cases/${id}/escalate`, { as: 'supervisor', body: { reason: `again ${REFUSED_MARK}` } });
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('invalid_input');
  });

  it('frees a case an older build wedged, once the fixed worker takes the write over', async () => {
    const id = await newCase();
    oldBuild = true;
    const wedged = api.engine.service.act(id, 'escalate', supervisor, { reason: `wedge ${REFUSED_MARK}` }).then(
      () => 'accepted',
      (error: unknown) => error,
    );
    // As before the fix: the same refused write again and again, and the action never answers.
    while (retriedRefusals < 3) await new Promise((r) => setTimeout(r, 100));
    oldBuild = false;
    const outcome = await wedged;
    expect(outcome).toBeInstanceOf(ActionRejectedError);
    expect(outcome).toMatchObject({ code: 'invalid_input' });
    const ok = await api.engine.service.act(id, 'escalate', supervisor, { reason: 'after the repair' });
    expect(ok.escalationLevel).toBe(1);
    const types = (await api.engine.service.events(id)).map((e) => e.event.type);
    expect(types.filter((t) => t === 'case_escalated')).toHaveLength(1);
  }, 60_000);
});
