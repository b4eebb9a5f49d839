import { XMLParser } from 'fast-xml-parser';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import demoCity from '../../config/demo-city.json';
import { multipart, pdfDocument, phonePhoto, pngBomb, type Part } from '../support/attachment-files';
import { startTestApi, type TestApi } from '../support/test-api';

/**
 * GeoReport v2 to the letter (http://wiki.open311.org/GeoReport_v2): each endpoint's answer, in
 * JSON and in XML, holds exactly the specification's fields with values of its types, and its
 * errors are the specification's ([{code, description}], 400, 403, 404). The one departure, kept
 * on purpose: reading requests needs an api_key too.
 */

/** The specification's fields, per resource. */
const SPEC = {
  discovery: ['changeset', 'contact', 'key_service', 'endpoints'],
  endpoint: ['specification', 'url', 'changeset', 'type', 'formats'],
  service: ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'],
  definition: ['service_code', 'attributes'],
  attribute: ['variable', 'code', 'datatype', 'required', 'datatype_description', 'order', 'description'],
  value: ['key', 'name'],
  created: ['service_request_id', 'service_notice', 'account_id'],
  request: [
    'service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible', 'service_notice',
    'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url',
  ],
  token: ['service_request_id', 'token'],
  error: ['code', 'description'],
} as const;
const DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'];
const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const sorted = (keys: readonly string[]) => [...keys].sort();
const keysOf = (o: object) => sorted(Object.keys(o));
const parser = new XMLParser({ isArray: (name) => ['service', 'request', 'error', 'endpoint', 'format', 'attribute', 'value'].includes(name), parseTagValue: false });
const xml = (body: string) => parser.parse(body);
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

// The demo city, with one required attribute and a datetime one, so that every datatype and rule is met.
const categories = demoCity.categories.map((c) =>
  c.id === 'roads.lights'
    ? { ...c, attributes: (c as { attributes?: object[] }).attributes!.map((a) => ((a as { code: string }).code === 'LAMPS_OUT' ? { ...a, required: true } : a)) }
    : c.id === 'noise'
      ? { ...c, attributes: [{ code: 'WHEN', description: 'When does it happen?', datatype: 'datetime' }, { code: 'DETAIL', description: 'Anything else', datatype: 'text', variable: true }] }
      : c,
);

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ directory: { categories } as never });
});
afterAll(() => api?.close());

const lights = (key: string, extra: Record<string, string> = {}) =>
  form({ api_key: key, service_code: 'roads.lights', jurisdiction_id: 'xihu', address_string: '西湖社区3栋门口', description: '路灯不亮', 'attribute[LAMPS_OUT]': '2', ...extra });

async function both(path: string, query: Record<string, string> = {}) {
  const json = await api.get(`/open311/v2/${path}.json`, { query });
  const x = await api.get(`/open311/v2/${path}.xml`, { query });
  expect(json.headers['content-type']).toMatch(/^application\/json/);
  expect(x.headers['content-type']).toMatch(/^text\/xml/);
  expect(x.body.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
  return { json, xml: x, parsed: xml(x.body) };
}

/** A list of errors in both formats, each of the spec's shape, all with `status` as code. */
async function expectErrors(path: string, query: Record<string, string>, status: number, description?: RegExp) {
  const { json, xml: x, parsed } = await both(path, query);
  for (const answer of [json, x]) expect(answer.status, `${path} ${JSON.stringify(query)}`).toBe(status);
  for (const e of json.json) {
    expect(keysOf(e)).toEqual(sorted(SPEC.error));
    expect(e.code).toBe(status);
  }
  expect(parsed.errors.error.map((e: object) => keysOf(e))).toEqual(json.json.map(() => sorted(SPEC.error)));
  expect(parsed.errors.error.map((e: { code: string }) => Number(e.code))).toEqual(json.json.map((e: { code: number }) => e.code));
  if (description) expect(json.json.map((e: { description: string }) => e.description).join(' | ')).toMatch(description);
}

describe('GeoReport v2 conformance, per endpoint, JSON and XML', () => {
  let id: string;

  it('discovery: changeset, contact, key_service, endpoints', async () => {
    const { json, parsed } = await both('discovery');
    expect(keysOf(json.json)).toEqual(sorted(SPEC.discovery));
    for (const e of json.json.endpoints) {
      expect(keysOf(e)).toEqual(sorted(SPEC.endpoint));
      expect(e.changeset).toMatch(W3C);
      expect(['production', 'test']).toContain(e.type);
      expect(e.formats).toEqual(['text/xml', 'application/json']);
    }
    expect(keysOf(parsed.discovery)).toEqual(sorted(SPEC.discovery));
    expect(keysOf(parsed.discovery.endpoints.endpoint[0])).toEqual(sorted(SPEC.endpoint));
    expect(parsed.discovery.endpoints.endpoint[0].formats.format).toEqual(['text/xml', 'application/json']);
  });

  it('services: every field of the list, metadata true where a service asks attributes; jurisdiction_id checked', async () => {
    const { json, parsed } = await both('services', { jurisdiction_id: 'xihu' });
    expect(json.json).toHaveLength(categories.length);
    for (const s of json.json) {
      expect(keysOf(s)).toEqual(sorted(SPEC.service));
      expect(typeof s.metadata).toBe('boolean');
      expect(['realtime', 'batch', 'blackbox']).toContain(s.type);
    }
    expect(json.json.filter((s: { metadata: boolean }) => s.metadata).map((s: { service_code: string }) => s.service_code).sort()).toEqual(['drainage.sewer', 'noise', 'roads.lights']);
    expect(parsed.services.service).toHaveLength(categories.length);
    for (const s of parsed.services.service) expect(keysOf(s)).toEqual(sorted(SPEC.service));
    expect(parsed.services.service.find((s: { service_code: string }) => s.service_code === 'roads.lights').metadata).toBe('true');
    await expectErrors('services', { jurisdiction_id: 'atlantis' }, 404, /jurisdiction_id: no jurisdiction atlantis/);
  });

  it('services/{code}: the definition with its attributes (variable, code, datatype, required, datatype_description, order, description, values)', async () => {
    for (const code of ['roads.lights', 'drainage.sewer', 'noise']) {
      const { json, parsed } = await both(`services/${code}`);
      expect(keysOf(json.json)).toEqual(sorted(SPEC.definition));
      expect(json.json.service_code).toBe(code);
      json.json.attributes.forEach((a: Record<string, unknown>, i: number) => {
        const list = a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist';
        expect(keysOf(a)).toEqual(sorted(list ? [...SPEC.attribute, 'values'] : SPEC.attribute));
        expect(DATATYPES).toContain(a.datatype);
        expect(typeof a.variable).toBe('boolean');
        expect(typeof a.required).toBe('boolean');
        expect(a.order).toBe(i + 1);
        if (list) for (const v of a.values as object[]) expect(keysOf(v)).toEqual(sorted(SPEC.value));
      });
      expect(keysOf(parsed.service_definition)).toEqual(sorted(SPEC.definition));
      const xmlAttributes = parsed.service_definition.attributes.attribute as Record<string, any>[];
      expect(xmlAttributes.map((a) => a.code)).toEqual(json.json.attributes.map((a: { code: string }) => a.code));
      for (const a of xmlAttributes.filter((x) => x.values)) for (const v of a.values.value) expect(keysOf(v)).toEqual(sorted(SPEC.value));
    }
    const lightsDefinition = (await api.get('/open311/v2/services/roads.lights.json')).json;
    expect(lightsDefinition.attributes[0]).toMatchObject({ code: 'LAMPS_OUT', datatype: 'number', required: true, variable: true });
    expect((await api.get('/open311/v2/services/drainage.sewer.json')).json.attributes[0].values).toEqual([
      { key: 'road', name: 'Onto the road' },
      { key: 'homes', name: 'Into homes' },
      { key: 'no', name: 'No' },
    ]);
    await expectErrors('services/teleportation', {}, 404, /service_code: no service teleportation/);
    await expectErrors('services/roads.lights', { jurisdiction_id: 'atlantis' }, 404);
  });

  it('POST requests (form-encoded): [{service_request_id, service_notice, account_id}]; email, device_id, account_id and the answers kept, out of the event log', async () => {
    const posted = await api.post('/open311/v2/requests.json', {
      headers: FORM,
      body: lights(api.tokens.street, { email: 'resident@example.org', device_id: 'phone-42', account_id: 'acct-7', 'attribute[POLE_NUMBER]': 'XH-0031' }),
    });
    expect(posted.status, posted.body).toBe(201);
    expect(posted.json).toHaveLength(1);
    expect(keysOf(posted.json[0])).toEqual(sorted(SPEC.created));
    expect(posted.json[0].account_id).toBe('acct-7');
    id = posted.json[0].service_request_id;
    const kept = await api.engine.db.selectFrom('open311_requests').selectAll().where('case_id', '=', id).executeTakeFirstOrThrow();
    expect(kept).toMatchObject({ email: 'resident@example.org', device_id: 'phone-42', account_id: 'acct-7', attributes: { LAMPS_OUT: '2', POLE_NUMBER: 'XH-0031' } });
    const log = JSON.stringify(await api.engine.service.events(id));
    for (const personal of ['resident@example.org', 'phone-42', 'acct-7']) expect(log).not.toContain(personal);
    // The department reads the answers under the description.
    expect((await api.get(`/v1/cases/${id}`, { as: 'street' })).json.description).toBe('路灯不亮\n\n有几盏路灯不亮？ 2\n灯杆上的编号（如能看清） XH-0031');

    const x = await api.post('/open311/v2/requests.xml', { headers: FORM, body: lights(api.tokens.street, { address_string: '西湖社区5栋' }) });
    expect(x.status).toBe(201);
    const created = xml(x.body).service_requests.request;
    expect(created).toHaveLength(1);
    expect(keysOf(created[0])).toEqual(sorted(SPEC.created));
  });

  it('POST requests: 403 for a missing or bad api_key, 404 for an unknown service or jurisdiction, 400 for the rest; nothing stored', async () => {
    const before = await api.counts();
    const kept = async () => (await api.engine.db.selectFrom('open311_requests').select('case_id').execute()).length;
    const keptBefore = await kept();
    const post = async (format: 'json' | 'xml', body: string) => {
      const res = await api.post(`/open311/v2/requests.${format}`, { headers: FORM, body });
      const list = format === 'json' ? res.json : xml(res.body).errors.error.map((e: { code: string; description: string }) => ({ ...e, code: Number(e.code) }));
      for (const e of list) expect(keysOf(e)).toEqual(sorted(SPEC.error));
      return { status: res.status, descriptions: list.map((e: { description: string }) => e.description) as string[], codes: list.map((e: { code: number }) => e.code) };
    };
    const cases: [string, string, number, RegExp][] = [
      ['no api_key', lights('').replace('api_key=&', ''), 403, /api_key is required/],
      ['a bad api_key', lights('not-a-token'), 403, /invalid api_key/],
      ['an unknown service', lights(api.tokens.street, { service_code: 'teleportation' }), 404, /^service_code: no service teleportation/],
      ['an unknown jurisdiction', lights(api.tokens.street, { jurisdiction_id: 'atlantis' }), 404, /^jurisdiction_id: no jurisdiction atlantis/],
      ['no service_code', form({ api_key: api.tokens.street, address_string: 'x' }), 400, /^service_code: is required/],
      ['lat without long', lights(api.tokens.street, { lat: '29.03' }), 400, /^long: is required with lat/],
      ['long without lat', lights(api.tokens.street, { long: '111.69' }), 400, /^lat: is required with long/],
      ['no location', form({ api_key: api.tokens.street, service_code: 'noise' }), 400, /^lat: a location is required/],
      ['a required attribute missing', lights(api.tokens.street).replace('&attribute%5BLAMPS_OUT%5D=2', ''), 400, /^attribute\[LAMPS_OUT\]: is required/],
      ['an attribute not a number', lights(api.tokens.street, { 'attribute[LAMPS_OUT]': 'many' }), 400, /^attribute\[LAMPS_OUT\]: a number/],
      ['an unknown attribute', lights(api.tokens.street, { 'attribute[COLOUR]': 'red' }), 400, /^attribute\[COLOUR\]: service roads.lights asks no attribute COLOUR/],
      ['a value not in the list', form({ api_key: api.tokens.street, service_code: 'drainage.sewer', address_string: 'x', 'attribute[OVERFLOWING]': 'sky' }), 400, /^attribute\[OVERFLOWING\]: sky is not one of road, homes, no/],
      ['a datetime without offset', form({ api_key: api.tokens.street, service_code: 'noise', address_string: 'x', 'attribute[WHEN]': '2026-11-21 22:00' }), 400, /^attribute\[WHEN\]: a date and time/],
      ['a malformed e-mail', lights(api.tokens.street, { email: 'not-an-address' }), 400, /^email: an e-mail address/],
      ['media as text, not a file', lights(api.tokens.street, { media: 'aGVsbG8=' }), 400, /^media: send the photo as a file part/],
      ['a department\'s key', lights(api.tokens.housing), 403, /is for street or supervisor/],
    ];
    for (const [what, body, status, description] of cases) {
      for (const format of ['json', 'xml'] as const) {
        const res = await post(format, body);
        expect(res.status, `${what} (${format})`).toBe(status);
        expect(res.codes.every((c: number) => c === status), what).toBe(true);
        expect(res.descriptions.join(' | '), what).toMatch(description);
      }
    }
    expect(await api.counts()).toEqual(before);
    expect(await kept()).toBe(keptBefore);
  });

  it('POST requests with a photo (multipart, media): the case holds it, re-encoded, as media_url; a bad one stores nothing', async () => {
    const photo = await phonePhoto(800, 600);
    const parts = (media: Part | undefined, extra: Record<string, string> = {}): Part[] => [
      ...Object.entries({ api_key: api.tokens.street, service_code: 'drainage.sewer', jurisdiction_id: 'xihu', lat: '29.031', long: '111.692', description: '下水道冒水', 'attribute[OVERFLOWING]': 'road', ...extra }).map(([name, value]) => ({ name, value })),
      { name: 'attribute[SMELL][]', value: 'smell' },
      { name: 'attribute[SMELL][]', value: 'rats' },
      ...(media ? [media] : []),
    ];
    const send = (p: Part[], key?: string) => {
      const m = multipart(p);
      return api.post('/open311/v2/requests.json', { headers: { ...m.headers, ...(key ? { 'idempotency-key': key } : {}) }, body: m.body });
    };
    const created = await send(parts({ name: 'media', value: photo, filename: 'IMG_0042.JPG', contentType: 'image/jpeg' }), 'fixmystreet-1');
    expect(created.status, created.body).toBe(201);
    const caseId = created.json[0].service_request_id as string;
    const again = await send(parts({ name: 'media', value: photo, filename: 'IMG_0042.JPG', contentType: 'image/jpeg' }), 'fixmystreet-1');
    expect(again.json).toEqual(created.json);
    const state = await api.engine.service.get(caseId);
    expect(state!.attachments).toHaveLength(1);
    expect(state!.attachments![0]).toMatchObject({ stage: 'report', name: 'IMG_0042.JPG', contentType: 'image/jpeg', addedBy: { role: 'street' } });
    expect((await api.engine.db.selectFrom('open311_requests').select('attributes').where('case_id', '=', caseId).executeTakeFirstOrThrow()).attributes).toEqual({ OVERFLOWING: 'road', SMELL: ['smell', 'rats'] });

    const read = await api.get(`/open311/v2/requests/${caseId}.json`, { query: { api_key: api.tokens.street } });
    const mediaUrl = read.json[0].media_url as string;
    expect(mediaUrl).toBe(`http://localhost:80/v1/cases/${caseId}/attachments/${state!.attachments![0]!.id}`);
    const image = await api.get(new URL(mediaUrl).pathname, { query: { access_token: api.tokens.street } });
    expect(image.status).toBe(200);
    expect((await sharp(image.rawBody).metadata()).exif).toBeUndefined();

    const before = await api.counts();
    const blobs = async () => (await api.engine.db.selectFrom('attachment_blobs').select('key').execute()).length;
    const storedBefore = await blobs();
    for (const [media, status] of [
      [{ name: 'media', value: pdfDocument(), filename: 'photo.jpg', contentType: 'image/jpeg' }, 415],
      [{ name: 'media', value: pngBomb(8000), filename: 'bomb.png', contentType: 'image/png' }, 413],
      [{ name: 'photo', value: photo, filename: 'a.jpg', contentType: 'image/jpeg' }, 400],
      [{ name: 'media', value: photo, filename: '../../a.jpg', contentType: 'image/jpeg' }, 400],
    ] as const) {
      const res = await send(parts(media));
      expect(res.status, res.body).toBe(status);
      expect(res.json[0].description).toMatch(/^(media|photo)(\.name)?: /);
    }
    const two = await send([...parts({ name: 'media', value: photo, filename: 'a.jpg', contentType: 'image/jpeg' }), { name: 'media', value: photo, filename: 'b.jpg', contentType: 'image/jpeg' }]);
    expect(two.status).toBe(413);
    expect(await api.counts()).toEqual(before);
    expect(await blobs()).toBe(storedBefore);
  });

  it('GET requests: every field of a request in both formats; jurisdiction_id, a service_code list, status and dates honoured', async () => {
    const { json, parsed } = await both('requests', { api_key: api.tokens.street });
    expect(json.status).toBe(200);
    expect(json.json.length).toBeGreaterThanOrEqual(3);
    for (const r of json.json) {
      expect(keysOf(r)).toEqual(sorted(SPEC.request));
      expect(['open', 'closed']).toContain(r.status);
      expect(r.requested_datetime).toMatch(W3C);
      expect(r.updated_datetime).toMatch(W3C);
      if (r.expected_datetime !== null) expect(r.expected_datetime).toMatch(W3C);
      if (r.lat !== null) expect(typeof r.lat).toBe('number');
    }
    for (const r of parsed.service_requests.request) expect(keysOf(r)).toEqual(sorted(SPEC.request));

    const ids = async (query: Record<string, string>) => ((await api.get('/open311/v2/requests.json', { query: { api_key: api.tokens.street, ...query } })).json as { service_request_id: string; service_code: string }[]);
    const codes = (list: { service_code: string }[]) => [...new Set(list.map((r) => r.service_code))].sort();
    expect(codes(await ids({ service_code: 'roads.lights,drainage.sewer' }))).toEqual(['drainage.sewer', 'roads.lights']);
    expect(codes(await ids({ service_code: 'drainage' }))).toEqual(['drainage.sewer']);
    expect((await ids({ jurisdiction_id: 'xihu' })).map((r) => r.service_request_id)).toContain(id);
    expect(await ids({ jurisdiction_id: 'furong' })).toEqual([]);
    expect((await ids({ service_request_id: id, jurisdiction_id: 'furong' })).length).toBe(0);
    expect((await ids({ start_date: new Date(Date.now() - 86_400_000).toISOString() })).map((r) => r.service_request_id)).toContain(id);
    expect(await ids({ end_date: '2020-01-01T00:00:00Z' })).toEqual([]);
    expect(await ids({ status: 'closed' })).toEqual([]);

    await expectErrors('requests', { api_key: api.tokens.street, start_date: '2026-01-01T00:00:00Z', end_date: '2026-04-02T00:00:00Z' }, 400, /end_date: at most 90 days after start_date/);
    await expectErrors('requests', { api_key: api.tokens.street, start_date: '2026-03-01T00:00:00Z', end_date: '2026-02-01T00:00:00Z' }, 400, /end_date: is before start_date/);
    await expectErrors('requests', { api_key: api.tokens.street, service_code: 'roads.lights,teleportation' }, 404, /service_code: no service teleportation/);
    await expectErrors('requests', { api_key: api.tokens.street, jurisdiction_id: 'atlantis' }, 404);
    await expectErrors('requests', { api_key: 'not-a-token' }, 403, /invalid api_key/);
    // The deliberate departure: residents' petitions are not public, so a read needs a key.
    await expectErrors('requests', {}, 403, /api_key is required/);
  });

  it('GET requests/{id} and tokens/{token}: the same fields; jurisdiction_id honoured; unknown is 404', async () => {
    const one = await both(`requests/${id}`, { api_key: api.tokens.street, jurisdiction_id: 'liyang' });
    expect(one.json.json).toHaveLength(1);
    expect(keysOf(one.json.json[0])).toEqual(sorted(SPEC.request));
    expect(one.json.json[0]).toMatchObject({ service_request_id: id, status: 'open', service_code: 'roads.lights', address: '西湖社区3栋门口', lat: null, long: null, media_url: null });
    expect(keysOf(one.parsed.service_requests.request[0])).toEqual(sorted(SPEC.request));
    await expectErrors(`requests/${id}`, { api_key: api.tokens.street, jurisdiction_id: 'furong' }, 404);
    await expectErrors('requests/case-unknown', { api_key: api.tokens.street }, 404);
    await expectErrors(`requests/${id}`, { api_key: api.tokens.otherStreet }, 404);
    await expectErrors(`requests/${id}`, {}, 403);

    const token = await both(`tokens/${id}`, { api_key: api.tokens.street });
    expect(token.json.json).toEqual([{ service_request_id: id, token: id }]);
    expect(keysOf(token.parsed.service_requests.request[0])).toEqual(sorted(SPEC.token));
    await expectErrors(`tokens/${id}`, { api_key: api.tokens.street, jurisdiction_id: 'atlantis' }, 404);
  });
});
