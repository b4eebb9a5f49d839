// `npm run bench:uploads`: upload throughput (issue 17). First what the checks and re-encoding cost
// alone, per kind of file, in this process; then photos uploaded through the API in the production
// shape of `npm run bench` (a Temporal dev server, a fresh PostgreSQL database, `npm run worker` and
// `npm run api` as processes of their own), once on each attachment store: the database (the
// default) and an S3-compatible server (s3rver, in this process, on loopback). Each upload is read,
// typed from its bytes, re-encoded with a thumbnail, stored, and recorded on its case by the
// addAttachment Update. BENCH_UPLOADS (per concurrency level, default 24), BENCH_UPLOAD_LEVELS
// (default 1,4,8), BENCH_UPLOAD_STORES (default database,s3). Writes the "uploads" section of BENCHMARKS.md.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import sharp from 'sharp';
import { inspectUpload } from '../attachments/inspect';
import { DEFAULT_ATTACHMENT_LIMITS } from '../attachments/settings';
import { percentile } from '../domain/case-metrics';
import { logger } from '../worker/logger';
import { apiClient } from './api-client';
import { writeBenchmarkSection } from './benchmarks-file';
import { BENCH_REPORT } from './case-actor';
import { startStack } from './stack';

const PER_LEVEL = Number(process.env.BENCH_UPLOADS ?? 24);
const LEVELS = (process.env.BENCH_UPLOAD_LEVELS ?? '1,4,8').split(',').map(Number);
const STORES = (process.env.BENCH_UPLOAD_STORES ?? 'database,s3').split(',') as ('database' | 's3')[];
const PER_CASE = 25;
const log = logger.child({ bench: 'uploads' });

const out: string[] = [];
const say = (line = '') => {
  out.push(line);
  process.stdout.write(line + '\n');
};
const ms = (values: number[], p: number) => Math.round(percentile([...values].sort((a, b) => a - b), p) ?? 0);
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/** A phone photo's worth of detail: noise, slightly blurred, so that it compresses as a real one does. */
const photo = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).blur(1.2).jpeg({ quality: 88 }).toBuffer();
const screenshot = () =>
  sharp({ create: { width: 1170, height: 2532, channels: 3, background: '#f4f4f4' } })
    .composite([{ input: Buffer.from(`<svg width="1170" height="2532">${Array.from({ length: 40 }, (_, i) => `<rect x="60" y="${60 + i * 60}" width="${400 + ((i * 137) % 600)}" height="30" fill="#333"/>`).join('')}</svg>`) }])
    .png()
    .toBuffer();
function pdf(pages: number): Buffer {
  // A scanned-document-sized PDF: a valid header and trailer around incompressible bytes.
  const body = Buffer.alloc(pages * 200_000, 0).map((_, i) => (i * 2654435761) >>> 24);
  return Buffer.concat([Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1'), body, Buffer.from('\ntrailer\n<< >>\n%%EOF\n')]);
}

const loadAtStart = os.loadavg().map((l) => l.toFixed(1)).join(', ');
const files = {
  '12 MP phone photo (4032 × 3024 JPEG)': { bytes: await photo(4032, 3024), type: 'image/jpeg', name: 'IMG_0001.jpg' },
  '2 MP photo (1600 × 1200 JPEG)': { bytes: await photo(1600, 1200), type: 'image/jpeg', name: 'IMG_0002.jpg' },
  'phone screenshot (1170 × 2532 PNG)': { bytes: await screenshot(), type: 'image/png', name: 'screenshot.png' },
  'scanned notice (PDF)': { bytes: pdf(5), type: 'application/pdf', name: 'notice.pdf' },
};

say('## Upload throughput (`npm run bench:uploads`)');
say();
say(`${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, sharp ${sharp.versions.sharp} (libvips ${sharp.versions.vips}); load average at the start ${loadAtStart} (other work on the machine shows here).`);
say();
say('**The checks and re-encoding alone** (`inspectUpload`: type from the bytes, header check, sharp re-encode upright without metadata, WebP thumbnail), one at a time in one process, 8 runs each after a warm-up:');
say();
say('| file | bytes in | bytes kept | p50 | p99 | MB/s in |');
say('| --- | --- | --- | --- | --- | --- |');
for (const [what, f] of Object.entries(files)) {
  const upload = { bytes: f.bytes, filename: f.name, declaredType: f.type };
  const kept = await inspectUpload(upload, DEFAULT_ATTACHMENT_LIMITS);
  const times: number[] = [];
  for (let i = 0; i < 8; i++) {
    const t = performance.now();
    await inspectUpload(upload, DEFAULT_ATTACHMENT_LIMITS);
    times.push(performance.now() - t);
  }
  const p50 = ms(times, 50);
  say(`| ${what} | ${mb(f.bytes.length)} MB | ${mb(kept.bytes.length)} MB${kept.thumbnail ? ` + ${(kept.thumbnail.bytes.length / 1024).toFixed(1)} kB thumbnail` : ''} | ${p50} ms | ${ms(times, 99)} ms | ${(f.bytes.length / 1024 / 1024 / (p50 / 1000)).toFixed(1)} |`);
}
say();

const upload = files['12 MP phone photo (4032 × 3024 JPEG)'];
say(`**Through the API**, the production shape (worker and API as processes, a fresh PostgreSQL database, a Temporal dev server): 12 MP photos (${mb(upload.bytes.length)} MB each) posted as multipart/form-data by street committees, at most ${PER_CASE} per case, ${PER_LEVEL} per level of concurrency; each answer 201 after the bytes are stored and the \`attachment_added\` event is appended.`);
say();
say('| store | concurrent uploads | uploads/s | MB/s in | p50 | p99 | failed |');
say('| --- | --- | --- | --- | --- | --- | --- |');

for (const store of STORES) {
  let s3: { server: S3rver; dir: string } | undefined;
  if (store === 's3') {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-s3-'));
    const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: 'bench-attachments' }] });
    const { port } = await server.run();
    s3 = { server, dir };
    Object.assign(process.env, {
      ATTACHMENTS_STORE: 's3',
      ATTACHMENTS_S3_ENDPOINT: `http://127.0.0.1:${port}`,
      ATTACHMENTS_S3_BUCKET: 'bench-attachments',
      ATTACHMENTS_S3_ACCESS_KEY_ID: 'S3RVER',
      ATTACHMENTS_S3_SECRET_ACCESS_KEY: 'S3RVER',
    });
  } else {
    process.env.ATTACHMENTS_STORE = 'database';
  }
  const stack = await startStack(log);
  try {
    const post = apiClient(stack.apiUrl);
    for (const concurrency of LEVELS) {
      const cases: string[] = [];
      for (let i = 0; i < Math.ceil(PER_LEVEL / PER_CASE); i++) cases.push((await post('/v1/cases', stack.tokens.street, BENCH_REPORT)).id);
      const latencies: number[] = [];
      let failed = 0;
      let next = 0;
      const started = performance.now();
      const one = async (i: number) => {
        const form = new FormData();
        form.append('file', new Blob([upload.bytes], { type: upload.type }), upload.name);
        const t = performance.now();
        const response = await fetch(`${stack.apiUrl}/v1/cases/${cases[Math.floor(i / PER_CASE)]}/attachments`, { method: 'POST', headers: { authorization: `Bearer ${stack.tokens.street}` }, body: form });
        await response.arrayBuffer();
        latencies.push(performance.now() - t);
        if (response.status !== 201) {
          failed++;
          log.warn({ status: response.status }, 'an upload failed');
        }
      };
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          for (let i = next++; i < PER_LEVEL; i = next++) await one(i);
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      say(`| ${store === 's3' ? 'S3-compatible (s3rver)' : 'database (bytea)'} | ${concurrency} | ${(PER_LEVEL / seconds).toFixed(1)} | ${((PER_LEVEL * upload.bytes.length) / 1024 / 1024 / seconds).toFixed(1)} | ${ms(latencies, 50)} ms | ${ms(latencies, 99)} ms | ${failed} |`);
    }
  } finally {
    await stack.stop();
    if (s3) {
      await s3.server.close();
      await rm(s3.dir, { recursive: true, force: true });
    }
  }
}
say();
say(`Load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(', ')}.`);
const file = writeBenchmarkSection('uploads', out);
log.info({ file }, 'written');
process.exit(0);
