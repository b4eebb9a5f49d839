// Pages follow cases by Server-Sent Events instead of polling: each caller hears of the cases in
// its scope, and of no others.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sewerReport } from '../support/actors';
import { eventually } from '../support/test-engine';
import { startTestApi, type Person, type TestApi } from '../support/test-api';

let api: TestApi;
let base: string;
const streams: AbortController[] = [];

beforeAll(async () => {
  api = await startTestApi();
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
}, 120_000);
afterAll(async () => {
  for (const s of streams) s.abort();
  await api?.close();
});

/** Opens the stream as a browser's EventSource would (the token in the query) and collects what arrives. */
async function listen(as: Person): Promise<{ text: () => string; status: number; contentType: string | null }> {
  const controller = new AbortController();
  streams.push(controller);
  const res = await fetch(`${base}/v1/events/stream?access_token=${api.tokens[as]}`, { signal: controller.signal });
  let received = '';
  void (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body!) received += decoder.decode(chunk as Uint8Array, { stream: true });
    } catch {
      // aborted at the end of the test
    }
  })();
  return { text: () => received, status: res.status, contentType: res.headers.get('content-type') };
}

describe('the case stream', () => {
  it('needs a token', async () => {
    expect((await fetch(`${base}/v1/events/stream`)).status).toBe(401);
  });

  it('tells each caller of changes to cases in its scope, pushed without a request from the page', async () => {
    const street = await listen('street');
    const housing = await listen('housing');
    const elsewhere = await listen('otherStreet');
    expect(street.status).toBe(200);
    expect(street.contentType).toContain('text/event-stream');
    await eventually(async () => street.text().includes(': connected'));

    const c = (await api.post('/v1/cases', { as: 'street', body: sewerReport })).json;
    await eventually(async () => street.text().includes(`"caseId":"${c.id}"`));
    await eventually(async () => housing.text().includes(`"caseId":"${c.id}"`));
    expect(street.text()).toMatch(new RegExp(`event: case\\nid: ${c.id}:\\d+\\ndata: \\{"caseId":"${c.id}","number":"${c.number}","status":"assigned"`));
    // Fanned out in the same pass: had the other street been told, it would be there already.
    expect(elsewhere.text()).not.toContain(c.id);

    await api.post(`/v1/cases/${c.id}/accept`, { as: 'housing' });
    await eventually(async () => housing.text().includes('"status":"accepted"'));
  });
});
