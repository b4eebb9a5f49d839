import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatcherLabels } from '../../store/dispatcher-labels';
import { department, sewerReport, street, supervisor } from '../support/actors';
import { startTestEngine, type TestEngine } from '../support/test-engine';

describe('labelled texts from dispatchers\' decisions', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine({ policy: { maxReturns: 1 } });
  });
  afterAll(() => engine?.close());

  it('exports each case a dispatcher categorised, with the text the classifier read and its first choice', async () => {
    const before = new Date();
    const routed = await engine.service.submit(sewerReport, street);
    expect(routed.status).toBe('assigned');

    const unclear = await engine.service.submit({ title: 'Please come', description: 'Someone should look at what is going on behind the market', location: { jurisdictionId: 'liyang' } }, street);
    expect(unclear.status).toBe('awaiting_dispatch');
    await engine.service.act(unclear.caseId, 'dispatch', supervisor, { categoryId: 'market.food', departmentId: 'lixian-urban-management' });

    // Returned past the limit, then dispatched with the category the classifier had chosen.
    const bounced = await engine.service.submit(sewerReport, street);
    await engine.service.act(bounced.caseId, 'return', department('lixian-housing'), { reason: 'not ours' });
    await engine.service.act(bounced.caseId, 'return', department('changde-municipal-works'), { reason: 'not ours either' });
    await engine.service.act(bounced.caseId, 'dispatch', supervisor, { categoryId: 'drainage.sewer', departmentId: 'lixian-urban-management' });

    const labels = (await dispatcherLabels(engine.db, before)).filter((l) => [routed.caseId, unclear.caseId, bounced.caseId].includes(l.id.slice(4)));
    expect(labels.map((l) => l.id).sort()).toEqual([`ops-${unclear.caseId}`, `ops-${bounced.caseId}`].sort());
    const byId = new Map(labels.map((l) => [l.id, l]));
    expect(byId.get(`ops-${unclear.caseId}`)).toMatchObject({
      text: 'Please come\nSomeone should look at what is going on behind the market',
      categoryId: 'market.food',
      classifierCategoryId: unclear.suggestions[0]?.categoryId ?? null,
    });
    expect(byId.get(`ops-${bounced.caseId}`)).toMatchObject({ text: `${sewerReport.title}\n${sewerReport.description}`, categoryId: 'drainage.sewer', classifierCategoryId: bounced.categoryId });

    // Reading again gives the same; a later `since` leaves them out.
    expect((await dispatcherLabels(engine.db, before)).filter((l) => byId.has(l.id))).toEqual(labels);
    expect(await dispatcherLabels(engine.db, new Date(Date.now() + 60_000))).toEqual([]);
  });
});
