import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../api/app';
import { createDatabaseBlobStore, type BlobStore } from '../../attachments/blob-store';
import { sha256Of } from '../../attachments/inspect';
import { createS3BlobStore } from '../../attachments/s3-store';
import { sweepOrphanedBytes } from '../../attachments/sweep';
import { DEFAULT_ATTACHMENT_LIMITS, type AttachmentLimits } from '../../attachments/settings';
import { sewerReport } from '../support/actors';
import { multipart, pdfDocument, phonePhoto, pngBomb, pngImage, zipArchive, type Part } from '../support/attachment-files';
import { startS3Server } from '../support/s3-server';
import { startTestApi, TEST_JWT_SECRET, type Person, type TestApi } from '../support/test-api';

// Small limits, so that the refusals are quick to provoke: 1 MB files, 4 megapixels, 6 files a case.
const LIMITS: AttachmentLimits = { ...DEFAULT_ATTACHMENT_LIMITS, maxBytes: 1_000_000, maxPixels: 4_000_000, maxPerCase: 6 };

let api: TestApi;
let s3: Awaited<ReturnType<typeof startS3Server>>;
const apps: Partial<Record<'database' | 's3', FastifyInstance>> = {};
const stores: Partial<Record<'database' | 's3', BlobStore>> = {};

interface Backend {
  name: 'database' | 's3';
  app: () => FastifyInstance;
  /** Every key the backend holds. */
  keys: () => Promise<string[]>;
  /** Changes stored bytes behind the API's back. */
  tamper: (key: string, bytes: Buffer) => Promise<void>;
}

const BACKENDS: Backend[] = [
  {
    name: 'database',
    app: () => apps.database!,
    keys: async () => (await api.engine.db.selectFrom('attachment_blobs').select('key').orderBy('key').execute()).map((r) => r.key),
    tamper: async (key, bytes) => void (await api.engine.db.updateTable('attachment_blobs').set({ bytes }).where('key', '=', key).execute()),
  },
  { name: 's3', app: () => apps.s3!, keys: () => s3.keys(), tamper: (key, bytes) => s3.overwrite(key, bytes) },
];

/** The API over the test engine with the given store (the app closes it). */
const apiWith = (store: BlobStore) =>
  buildApi({
    service: api.engine.service,
    db: api.engine.db,
    client: api.engine.client,
    directory: api.engine.directory,
    jwtSecret: TEST_JWT_SECRET,
    logger: false,
    consoleDir: false,
    attachments: { store, limits: LIMITS },
  });

beforeAll(async () => {
  s3 = await startS3Server();
  api = await startTestApi();
  apps.database = await apiWith((stores.database = createDatabaseBlobStore(api.engine.db)));
  apps.s3 = await apiWith((stores.s3 = createS3BlobStore(s3.settings)));
}, 120_000);

afterAll(async () => {
  await apps.database?.close();
  await apps.s3?.close();
  await api?.close();
  await s3?.close();
});

async function call(app: FastifyInstance, method: 'GET' | 'POST', url: string, c: { as?: Person; headers?: Record<string, string>; body?: Buffer | object; query?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...c.headers };
  if (c.as) headers.authorization = `Bearer ${api.tokens[c.as]}`;
  const res = await app.inject({ method, url, headers, query: c.query, ...(c.body === undefined ? {} : { payload: c.body as Buffer }) });
  let json: any;
  try {
    json = res.json();
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: res.headers, raw: res.rawPayload, json, body: res.body };
}

const upload = (app: FastifyInstance, caseId: string, as: Person, parts: Part[], headers: Record<string, string> = {}) => {
  const form = multipart(parts);
  return call(app, 'POST', `/v1/cases/${caseId}/attachments`, { as, headers: { ...form.headers, ...headers }, body: form.body });
};
const file = (value: Buffer, filename: string, contentType?: string): Part => ({ name: 'file', value, filename, ...(contentType ? { contentType } : {}) });

async function newCase(address: string): Promise<string> {
  const created = await api.post('/v1/cases', { as: 'street', body: { ...sewerReport, location: { ...sewerReport.location, address } } });
  expect(created.status, created.body).toBe(201);
  expect(created.json.departmentId).toBe('lixian-housing');
  return created.json.id as string;
}

/** What a refused upload must leave as it was: the store, the case's events and its attachments. */
async function snapshot(backend: Backend, caseId: string) {
  const events = await api.engine.service.events(caseId);
  const state = await api.engine.service.get(caseId);
  return { keys: await backend.keys(), events: events.length, attachments: state?.attachments?.length ?? 0 };
}

describe.each(BACKENDS)('attachments on the $name store', (backend) => {
  let caseId: string;
  let photoId: string;

  it('takes a phone photo at report: re-encoded upright without EXIF or GPS, a thumbnail, recorded as attachment_added', async () => {
    caseId = await newCase(`Building 7 (${backend.name})`);
    const photo = await phonePhoto();
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    const res = await upload(backend.app(), caseId, 'street', [file(photo, '下水道.jpg', 'image/jpeg')]);
    expect(res.status, res.body).toBe(201);
    photoId = res.json.id;
    expect(res.json).toMatchObject({ name: '下水道.jpg', contentType: 'image/jpeg', stage: 'report', width: 900, height: 1200, url: `/v1/cases/${caseId}/attachments/${photoId}` });
    expect(res.json.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(res.json.thumbnail).toMatchObject({ contentType: 'image/webp', url: `/v1/cases/${caseId}/attachments/${photoId}?thumbnail=1` });
    expect(Math.max(res.json.thumbnail.width, res.json.thumbnail.height)).toBe(320);

    const download = await call(backend.app(), 'GET', res.json.url, { as: 'street' });
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('image/jpeg');
    expect(sha256Of(download.raw)).toBe(res.json.sha256);
    expect(download.raw.length).toBe(res.json.size);
    const stored = await sharp(download.raw).metadata();
    expect(stored.exif).toBeUndefined();
    expect(stored.orientation ?? 1).toBe(1);
    expect([stored.width, stored.height]).toEqual([900, 1200]);
    for (const trace of ['Exif', 'GrassrootsPhone']) expect(download.raw.toString('latin1')).not.toContain(trace);
    expect(download.headers['content-disposition']).toBe(`inline; filename="___.jpg"; filename*=UTF-8''${encodeURIComponent('下水道.jpg')}`);
    expect(download.headers['content-security-policy']).toContain('sandbox');

    const thumb = await call(backend.app(), 'GET', res.json.thumbnail.url, { as: 'street' });
    expect(thumb.status).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    expect((await sharp(thumb.raw).metadata()).format).toBe('webp');

    const events = await api.engine.service.events(caseId);
    const added = events.find((e) => e.event.type === 'attachment_added')!;
    expect(added.event.data).toMatchObject({ id: photoId, sha256: res.json.sha256, originalSha256: sha256Of(photo), stage: 'report' });
    expect(added.event.actor).toMatchObject({ role: 'street', org: 'liyang' });
    expect(await backend.keys()).toEqual(expect.arrayContaining([`${caseId}/${photoId}`, `${caseId}/${photoId}/thumbnail`]));
  });

  it('lists the files on the case and in the case view; downloads with access_token and If-None-Match', async () => {
    const list = await call(backend.app(), 'GET', `/v1/cases/${caseId}/attachments`, { as: 'supervisor' });
    expect(list.status).toBe(200);
    expect(list.json.items.map((a: { id: string }) => a.id)).toEqual([photoId]);
    expect(list.json.items[0].addedBy).toEqual({ role: 'street', org: 'liyang' });
    const view = await call(backend.app(), 'GET', `/v1/cases/${caseId}`, { as: 'housing' });
    expect(view.json.attachments).toEqual([expect.objectContaining({ id: photoId, kind: 'photo', url: `/v1/cases/${caseId}/attachments/${photoId}` })]);

    const url = `/v1/cases/${caseId}/attachments/${photoId}`;
    const byQuery = await call(backend.app(), 'GET', url, { query: { access_token: api.tokens.housing } });
    expect(byQuery.status).toBe(200);
    const again = await call(backend.app(), 'GET', url, { as: 'street', headers: { 'if-none-match': byQuery.headers.etag as string } });
    expect(again.status).toBe(304);
    expect((await call(backend.app(), 'GET', url)).status).toBe(401);
  });

  it('answers 404 out of scope: another street, another department, an unknown file', async () => {
    const url = `/v1/cases/${caseId}/attachments`;
    for (const as of ['otherStreet', 'otherSupervisor', 'otherDepartment'] as const) {
      expect((await call(backend.app(), 'GET', url, { as })).status, as).toBe(404);
      expect((await call(backend.app(), 'GET', `${url}/${photoId}`, { as })).status, as).toBe(404);
      expect((await call(backend.app(), 'GET', `${url}/${photoId}`, { query: { access_token: api.tokens[as], thumbnail: '1' } })).status, as).toBe(404);
    }
    expect((await call(backend.app(), 'GET', `${url}/att-nope`, { as: 'street' })).status).toBe(404);
  });

  it('refuses to serve bytes that are not what the event log recorded (tampered evidence)', async () => {
    const res = await upload(backend.app(), caseId, 'supervisor', [file(await pngImage(64, 64), 'evidence.png', 'image/png')]);
    expect(res.status).toBe(201);
    await backend.tamper(`${caseId}/${res.json.id}`, await pngImage(64, 65));
    const read = await call(backend.app(), 'GET', res.json.url, { as: 'supervisor' });
    expect(read.status).toBe(500);
    expect(read.json.type).toMatch(/attachment-corrupt$/);
    expect((await call(backend.app(), 'GET', res.json.thumbnail.url, { as: 'supervisor' })).status).toBe(200);
  });

  it('takes the department\'s visit photos and resolution PDF once it has accepted, by the stage rules', async () => {
    const before = await upload(backend.app(), caseId, 'housing', [file(await pngImage(), 'before.png', 'image/png')]);
    expect(before.status).toBe(409);
    expect(before.json).toMatchObject({ code: 'invalid_state', caseStatus: 'assigned' });
    expect((await api.post(`/v1/cases/${caseId}/accept`, { as: 'housing' })).status).toBe(200);
    const view = await api.get(`/v1/cases/${caseId}`, { as: 'housing' });
    expect(view.json.allowedActions).toContain('addAttachment');

    const noVisit = await upload(backend.app(), caseId, 'housing', [file(await pngImage(), 'before.png', 'image/png'), { name: 'stage', value: 'visit' }]);
    expect(noVisit.status).toBe(400);
    const visit = await api.post(`/v1/cases/${caseId}/visits`, { as: 'housing', body: { scheduledFor: '2031-05-06T09:30:00+08:00', cadres: ['Liu Wei'] } });
    const visitId = visit.json.visitId as string;
    const onSite = await upload(backend.app(), caseId, 'housing', [{ name: 'visitId', value: visitId }, file(await pngImage(800, 600), 'before.png', 'image/png')]);
    expect(onSite.status, onSite.body).toBe(201);
    expect(onSite.json).toMatchObject({ stage: 'visit', visitId, contentType: 'image/png', width: 800, height: 600 });

    const asReport = await upload(backend.app(), caseId, 'housing', [{ name: 'stage', value: 'report' }, file(await pngImage(), 'x.png', 'image/png')]);
    expect(asReport.status).toBe(403);
    const streetResolution = await upload(backend.app(), caseId, 'street', [{ name: 'stage', value: 'resolution' }, file(await pngImage(), 'x.png', 'image/png')]);
    expect(streetResolution.status).toBe(403);
    expect(streetResolution.json.allowedActions).toContain('addAttachment');

    const pdf = pdfDocument();
    const notice = await upload(backend.app(), caseId, 'housing', [file(pdf, 'notice.pdf', 'application/pdf'), { name: 'stage', value: 'resolution' }]);
    expect(notice.status, notice.body).toBe(201);
    expect(notice.json).toMatchObject({ contentType: 'application/pdf', stage: 'resolution', size: pdf.length, sha256: sha256Of(pdf) });
    expect(notice.json.thumbnail).toBeUndefined();
    const got = await call(backend.app(), 'GET', notice.json.url, { as: 'housing' });
    expect(got.raw.equals(pdf)).toBe(true);
    expect(got.headers['content-disposition']).toMatch(/^attachment; filename="notice.pdf"/);
    expect((await call(backend.app(), 'GET', notice.json.url, { as: 'housing', query: { thumbnail: '1' } })).status).toBe(404);
  });

  it('records a retried upload once (Idempotency-Key), and refuses the key with another file', async () => {
    const photo = await pngImage(320, 200);
    const headers = { 'idempotency-key': `retry-${backend.name}` };
    const first = await upload(backend.app(), caseId, 'street', [file(photo, 'again.png', 'image/png')], headers);
    expect(first.status, first.body).toBe(201);
    const before = await snapshot(backend, caseId);
    const second = await upload(backend.app(), caseId, 'street', [file(photo, 'again.png', 'image/png')], headers);
    expect(second.status).toBe(201);
    expect(second.json).toEqual(first.json);
    expect(await snapshot(backend, caseId)).toEqual(before);
    const other = await upload(backend.app(), caseId, 'street', [file(await pngImage(321, 200), 'again.png', 'image/png')], headers);
    expect(other.status).toBe(422);
  });

  it('sweeps bytes no case records (a process that died mid-upload), past the grace period only', async () => {
    const store = stores[backend.name]!;
    const orphan = `${caseId}/att-orphan`;
    await store.put(orphan, { caseId, bytes: await pngImage(8, 8), contentType: 'image/png', sha256: 'x' });
    const recorded = (await backend.keys()).filter((k) => k !== orphan);
    const kept = await sweepOrphanedBytes(api.engine.db, store);
    expect(kept.removed).toEqual([]);
    const swept = await sweepOrphanedBytes(api.engine.db, store, { now: new Date(Date.now() + 2 * 3_600_000) });
    expect(swept.removed).toEqual([orphan]);
    expect(await backend.keys()).toEqual(recorded);
    expect((await call(backend.app(), 'GET', `/v1/cases/${caseId}/attachments/${photoId}`, { as: 'street' })).status).toBe(200);
  });

  describe('refuses bad files with 4xx and stores nothing', () => {
    const cases: [string, () => Promise<{ as?: Person; parts: Part[] }>, number, RegExp?][] = [
      ['a PDF that says it is a JPEG', async () => ({ parts: [file(pdfDocument(), 'photo.pdf', 'image/jpeg')] }), 415, /declared image\/jpeg but its bytes are application\/pdf/],
      ['a PDF named .jpg', async () => ({ parts: [file(pdfDocument(), 'photo.jpg', 'application/octet-stream')] }), 415, /named \.jpg but its bytes are application\/pdf/],
      ['a PNG sent as image/jpeg', async () => ({ parts: [file(await pngImage(), 'photo.jpg', 'image/jpeg')] }), 415],
      ['a web page sent as an image', async () => ({ parts: [file(Buffer.from('<html><script>alert(1)</script></html>'), 'photo.png', 'image/png')] }), 415],
      ['a zip archive disguised as a photo', async () => ({ parts: [file(zipArchive(), 'photo.jpg', 'image/jpeg')] }), 415, /application\/zip/],
      ['a decompression bomb (a PNG of 9 megapixels in 9 kB)', async () => ({ parts: [file(pngBomb(3000), 'bomb.png', 'image/png')] }), 413, /pixel/],
      ['a file over the size limit', async () => ({ parts: [file(Buffer.concat([await pngImage(), Buffer.alloc(LIMITS.maxBytes)]), 'big.png', 'image/png')] }), 413],
      ['two files in one request', async () => ({ parts: [file(await pngImage(), 'a.png', 'image/png'), file(await pngImage(), 'b.png', 'image/png')] }), 413],
      ['a file in another field', async () => ({ parts: [{ name: 'photo', value: await pngImage(), filename: 'a.png', contentType: 'image/png' }] }), 400],
      ['no file at all', async () => ({ parts: [{ name: 'stage', value: 'report' }] }), 400],
      ['a file name with a path', async () => ({ parts: [file(await pngImage(), '../../etc/passwd.png', 'image/png')] }), 400, /without a path/],
      ['a file name with a Windows path', async () => ({ parts: [file(await pngImage(), 'C:\\Users\\wang\\photo.png', 'image/png')] }), 400],
      ['an empty file', async () => ({ parts: [file(Buffer.alloc(0), 'empty.png', 'image/png')] }), 400],
      ['a truncated JPEG', async () => ({ parts: [file((await phonePhoto()).subarray(0, 4000), 'cut.jpg', 'image/jpeg')] }), 400, /cannot be decoded/],
      ['an unknown stage', async () => ({ parts: [{ name: 'stage', value: 'after' }, file(await pngImage(), 'a.png', 'image/png')] }), 400],
      ['an upload to another jurisdiction\'s case', async () => ({ as: 'otherStreet', parts: [file(await pngImage(), 'a.png', 'image/png')] }), 404],
      ['an upload by a department the case is not assigned to', async () => ({ as: 'otherDepartment', parts: [file(await pngImage(), 'a.png', 'image/png')] }), 404],
    ];
    it.each(cases)('%s', async (_, make, status, detail) => {
      const { as = 'street', parts } = await make();
      const before = await snapshot(backend, caseId);
      const res = await upload(backend.app(), caseId, as, parts);
      expect(res.status, res.body).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      if (detail) expect(res.json.detail).toMatch(detail);
      expect(await snapshot(backend, caseId)).toEqual(before);
    });

    it('a JSON body, and a file on a case that holds the most files it may', async () => {
      const before = await snapshot(backend, caseId);
      const json = await call(backend.app(), 'POST', `/v1/cases/${caseId}/attachments`, { as: 'street', body: { file: 'aGVsbG8=' } });
      expect(json.status).toBe(415);
      const full = await newCase(`Building 8 (${backend.name})`);
      for (let i = 0; i < LIMITS.maxPerCase - 1; i++) expect((await upload(backend.app(), full, 'street', [file(await pngImage(10 + i, 10), `${i}.png`, 'image/png')])).status).toBe(201);
      const last = [file(await pngImage(99, 10), 'last.png', 'image/png')];
      const lastOne = await upload(backend.app(), full, 'street', last, { 'idempotency-key': `last-${backend.name}` });
      expect(lastOne.status).toBe(201);
      // A retry of the upload that filled the case still gets its first answer.
      const retried = await upload(backend.app(), full, 'street', last, { 'idempotency-key': `last-${backend.name}` });
      expect(retried.status).toBe(201);
      expect(retried.json).toEqual(lastOne.json);
      const beforeFull = await snapshot(backend, full);
      const over = await upload(backend.app(), full, 'street', [file(await pngImage(), 'one-more.png', 'image/png')]);
      expect(over.status).toBe(409);
      expect(over.json.code).toBe('too_many_attachments');
      expect(await snapshot(backend, full)).toEqual(beforeFull);
      expect(await snapshot(backend, caseId)).toEqual({ ...before, keys: expect.arrayContaining(before.keys) });
    });
  });
});
