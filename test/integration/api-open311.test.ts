import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../api/app';
import { startTestApi, TEST_JWT_SECRET, type TestApi } from '../support/test-api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api?.close());

const xml = (body: string) => new XMLParser({ isArray: (name) => ['service', 'request', 'error', 'endpoint', 'format'].includes(name) }).parse(body);
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const sewerRequest = (apiKey: string, extra: Record<string, string> = {}) =>
  form({
    api_key: apiKey,
    service_code: 'drainage.sewer',
    description: '西湖社区3栋旁下水道堵塞，污水外溢到路上',
    address_string: 'Building 3, Xihu Community',
    lat: '29.03',
    long: '111.69',
    jurisdiction_id: 'xihu',
    first_name: 'San',
    last_name: 'Zhang',
    ...extra,
  });

describe('Open311 GeoReport v2 at /open311/v2', () => {
  it('describes itself in discovery, in JSON and XML', async () => {
    const json = await api.get('/open311/v2/discovery.json');
    expect(json.status).toBe(200);
    expect(json.json.endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', url: 'http://localhost:80/open311/v2', formats: ['text/xml', 'application/json'] });
    const x = await api.get('/open311/v2/discovery.xml');
    expect(x.headers['content-type']).toMatch(/^text\/xml/);
    expect(xml(x.body).discovery.endpoints.endpoint[0].formats.format).toEqual(['text/xml', 'application/json']);
  });

  it('lists every category as a service, grouped by its top-level category', async () => {
    const json = await api.get('/open311/v2/services.json');
    expect(json.json).toHaveLength(api.engine.directory.categories.length);
    expect(json.json.find((s: { service_code: string }) => s.service_code === 'drainage.sewer')).toEqual({
      service_code: 'drainage.sewer',
      service_name: 'Blocked or broken sewer',
      description: 'Blocked or broken sewer (下水道堵塞破损)',
      metadata: true,
      type: 'realtime',
      keywords: '',
      group: 'Drainage and sewers',
    });
    expect(xml((await api.get('/open311/v2/services.xml')).body).services.service).toHaveLength(api.engine.directory.categories.length);
    const definition = (await api.get('/open311/v2/services/drainage.sewer.json')).json;
    expect(definition.service_code).toBe('drainage.sewer');
    expect(definition.attributes.map((a: { code: string }) => a.code)).toEqual(['OVERFLOWING', 'SMELL']);
    expect((await api.get('/open311/v2/services/noise.json')).json).toEqual({ service_code: 'noise', attributes: [] });
  });

  it('answers errors as the specification\'s list of {code, description}, in the format asked', async () => {
    const missing = await api.get('/open311/v2/services/no-such.json');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual([{ code: 404, description: 'service_code: no service no-such; services.json lists them' }]);
    const x = await api.get('/open311/v2/services/no-such.xml');
    expect(xml(x.body).errors.error[0]).toEqual({ code: 404, description: 'service_code: no service no-such; services.json lists them' });
    const format = await api.get('/open311/v2/services.txt');
    expect(format.status).toBe(400);
    expect(format.json[0].description).toMatch(/^format: /);
  });

  it('creates a case from a form-encoded request with api_key, once per Idempotency-Key, and reads it back', async () => {
    const before = await api.counts();
    const post = () => api.post('/open311/v2/requests.json', { headers: { ...FORM, 'idempotency-key': 'open311-sewer-1' }, body: sewerRequest(api.tokens.street) });
    const created = await post();
    expect(created.status).toBe(201);
    const id = created.json[0].service_request_id as string;
    expect(created.json).toEqual([{ service_request_id: id, service_notice: null, account_id: null }]);
    const again = await post();
    expect(again.json).toEqual(created.json);
    expect((await api.counts()).cases).toBe(before.cases + 1);

    const read = await api.get(`/open311/v2/requests/${id}.json`, { query: { api_key: api.tokens.street } });
    expect(read.json).toHaveLength(1);
    expect(read.json[0]).toMatchObject({
      service_request_id: id,
      status: 'open',
      service_code: 'drainage.sewer',
      service_name: 'Blocked or broken sewer',
      description: '西湖社区3栋旁下水道堵塞，污水外溢到路上',
      agency_responsible: api.engine.directory.departments.find((d) => d.id === 'lixian-housing')!.name,
      address: 'Building 3, Xihu Community',
      lat: 29.03,
      long: 111.69,
    });
    expect(read.json[0].status_notes).toBe('assigned');
    const v1 = await api.get(`/v1/cases/${id}`, { as: 'street' });
    expect(v1.json).toMatchObject({ title: 'Blocked or broken sewer', channel: 'online', reporter: { name: 'San Zhang', anonymous: false } });

    // The resolution deadline is known once the department accepts (its clock starts then).
    expect(read.json[0].expected_datetime).toBeNull();
    const accepted = await api.post(`/v1/cases/${id}/accept`, { as: 'housing' });
    const resolveBy = (accepted.json.deadlines as { step: string; dueAt: string }[]).find((d) => d.step === 'resolve')!.dueAt;
    const after = await api.get(`/open311/v2/requests/${id}.json`, { query: { api_key: api.tokens.street } });
    expect(after.json[0]).toMatchObject({ expected_datetime: resolveBy, status_notes: 'accepted' });

    const token = await api.get(`/open311/v2/tokens/${id}.xml`, { query: { api_key: api.tokens.street } });
    expect(xml(token.body).service_requests.request).toEqual([{ service_request_id: id, token: id }]);
  });

  it('lists requests in the caller\'s scope, filtered by status, service and date', async () => {
    const created = await api.post('/open311/v2/requests.json', { headers: FORM, body: sewerRequest(api.tokens.street, { description: '西湖社区5栋下水道冒污水' }) });
    const id = created.json[0].service_request_id as string;
    const ids = async (query: Record<string, string>, key = api.tokens.street) =>
      ((await api.get('/open311/v2/requests.json', { query: { api_key: key, ...query } })).json as { service_request_id: string }[]).map((r) => r.service_request_id);
    expect(await ids({})).toContain(id);
    expect(await ids({ status: 'open', service_code: 'drainage' })).toContain(id);
    expect(await ids({ status: 'closed' })).not.toContain(id);
    expect(await ids({ service_code: 'noise' })).not.toContain(id);
    expect(await ids({ end_date: '2020-01-01T00:00:00Z' })).toEqual([]);
    expect(await ids({ service_request_id: `${id},case-unknown` })).toEqual([id]);
    expect(await ids({}, api.tokens.otherStreet)).not.toContain(id);
    const x = await api.get('/open311/v2/requests.xml', { query: { api_key: api.tokens.street, service_request_id: id } });
    expect(xml(x.body).service_requests.request[0]).toMatchObject({ service_request_id: id, status: 'open' });
  });

  it('refuses bad requests with every wrong field named, and stores nothing', async () => {
    const before = await api.counts();
    const invalid = await api.post('/open311/v2/requests.json', { headers: FORM, body: form({ api_key: api.tokens.street, lat: 'north', media_url: 'not a url' }) });
    expect(invalid.status).toBe(400);
    const described = (invalid.json as { code: number; description: string }[]).map((e) => e.description.split(':')[0]);
    expect(described).toEqual(expect.arrayContaining(['service_code', 'lat', 'media_url']));
    expect(invalid.json.every((e: { code: number }) => e.code === 400)).toBe(true);

    const noLocation = await api.post('/open311/v2/requests.json', { headers: FORM, body: form({ api_key: api.tokens.street, service_code: 'noise' }) });
    expect(noLocation.json).toEqual([{ code: 400, description: 'lat: a location is required: lat and long, address_string or address_id' }]);
    const unknownService = await api.post('/open311/v2/requests.json', { headers: FORM, body: sewerRequest(api.tokens.street, { service_code: 'teleportation' }) });
    expect(unknownService.status).toBe(404);
    expect(unknownService.json[0].description).toBe('service_code: no service teleportation; services.json lists them');
    const unknownJurisdiction = await api.post('/open311/v2/requests.json', { headers: FORM, body: sewerRequest(api.tokens.street, { jurisdiction_id: 'atlantis' }) });
    expect(unknownJurisdiction.json).toEqual([{ code: 404, description: 'jurisdiction_id: no jurisdiction atlantis' }]);
    const latOnly = await api.post('/open311/v2/requests.json', { headers: FORM, body: form({ api_key: api.tokens.street, service_code: 'noise', lat: '29.03', address_string: 'Building 3' }) });
    expect(latOnly.json).toEqual([{ code: 400, description: 'long: is required with lat: a location is both' }]);

    expect((await api.post('/open311/v2/requests.json', { headers: FORM, body: sewerRequest('not-a-token') })).status).toBe(403);
    expect((await api.post('/open311/v2/requests.json', { headers: FORM, body: sewerRequest(api.tokens.housing) })).status).toBe(403);
    const outside = await api.post('/open311/v2/requests.json', { headers: FORM, body: sewerRequest(api.tokens.otherStreet) });
    expect(outside.status).toBe(403);
    expect((await api.get('/open311/v2/requests.json')).status).toBe(403);
    expect(await api.counts()).toEqual(before);
  });

  it('limits requests per api_key, answering 429 in its own error format with Retry-After', async () => {
    const limited = await buildApi({ service: api.engine.service, db: api.engine.db, client: api.engine.client, directory: api.engine.directory, jwtSecret: TEST_JWT_SECRET, logger: false, rateLimit: { max: 2, timeWindowMs: 60_000 } });
    try {
      const list = (key: string) => limited.inject({ method: 'GET', url: '/open311/v2/requests.json', query: { api_key: key, status: 'closed' } });
      for (let i = 0; i < 2; i++) expect((await list(api.tokens.street)).statusCode).toBe(200);
      const refused = await list(api.tokens.street);
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.json()).toEqual([{ code: 429, description: expect.stringMatching(/^more than 2 requests for this token; retry in /) }]);
      expect((await list(api.tokens.supervisor)).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
