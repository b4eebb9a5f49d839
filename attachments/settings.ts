import type { Kysely } from 'kysely';
import type { Database } from '../schema/database';
import { createDatabaseBlobStore, type BlobStore } from './blob-store';
import { createS3BlobStore } from './s3-store';

/** What an upload may be (ATTACHMENTS_* in the README's configuration table). */
export interface AttachmentLimits {
  /** Largest file in bytes, as uploaded. */
  maxBytes: number;
  /** Most files on one case. */
  maxPerCase: number;
  /** Largest image in pixels (width × height), read from its header before it is decoded: the decompression-bomb guard. */
  maxPixels: number;
  /** Longest side of a stored image; larger ones are scaled down when re-encoded. */
  maxDimension: number;
  /** Longest side of a thumbnail. */
  thumbnailSize: number;
}

export interface AttachmentOptions {
  store: BlobStore;
  limits: AttachmentLimits;
}

export const DEFAULT_ATTACHMENT_LIMITS: AttachmentLimits = {
  maxBytes: 20 * 1024 * 1024,
  maxPerCase: 30,
  // A 48-megapixel phone camera's photo (8064 × 6048) passes; a 50,000 × 50,000 "image" does not.
  maxPixels: 50_000_000,
  maxDimension: 4096,
  thumbnailSize: 320,
};

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name}=${raw} is not a positive whole number; fix it or unset it (default ${fallback})`);
  return n;
}

export function attachmentLimitsFrom(env: NodeJS.ProcessEnv): AttachmentLimits {
  const d = DEFAULT_ATTACHMENT_LIMITS;
  return {
    maxBytes: positiveInt(env, 'ATTACHMENTS_MAX_BYTES', d.maxBytes),
    maxPerCase: positiveInt(env, 'ATTACHMENTS_MAX_PER_CASE', d.maxPerCase),
    maxPixels: positiveInt(env, 'ATTACHMENTS_MAX_PIXELS', d.maxPixels),
    maxDimension: positiveInt(env, 'ATTACHMENTS_MAX_DIMENSION', d.maxDimension),
    thumbnailSize: positiveInt(env, 'ATTACHMENTS_THUMBNAIL_SIZE', d.thumbnailSize),
  };
}

/**
 * The store and limits from the environment: ATTACHMENTS_STORE `database` (default) or `s3`
 * (ATTACHMENTS_S3_BUCKET, ATTACHMENTS_S3_ENDPOINT, ATTACHMENTS_S3_REGION,
 * ATTACHMENTS_S3_ACCESS_KEY_ID and ATTACHMENTS_S3_SECRET_ACCESS_KEY, ATTACHMENTS_S3_FORCE_PATH_STYLE,
 * ATTACHMENTS_S3_PREFIX). A wrong setting stops start-up with what to fix.
 */
export function attachmentOptionsFrom(env: NodeJS.ProcessEnv, db: Kysely<Database>): AttachmentOptions {
  const limits = attachmentLimitsFrom(env);
  const kind = env.ATTACHMENTS_STORE || 'database';
  if (kind === 'database') return { store: createDatabaseBlobStore(db), limits };
  if (kind !== 's3') throw new Error(`ATTACHMENTS_STORE=${kind}: use database (the default) or s3`);
  const bucket = env.ATTACHMENTS_S3_BUCKET;
  if (!bucket) throw new Error('ATTACHMENTS_STORE=s3 needs ATTACHMENTS_S3_BUCKET (and ATTACHMENTS_S3_ENDPOINT for a server other than AWS S3)');
  const accessKeyId = env.ATTACHMENTS_S3_ACCESS_KEY_ID;
  const secretAccessKey = env.ATTACHMENTS_S3_SECRET_ACCESS_KEY;
  if (!accessKeyId !== !secretAccessKey) throw new Error('set both ATTACHMENTS_S3_ACCESS_KEY_ID and ATTACHMENTS_S3_SECRET_ACCESS_KEY, or neither (the SDK\'s own credential chain)');
  const store = createS3BlobStore({
    bucket,
    region: env.ATTACHMENTS_S3_REGION || 'us-east-1',
    forcePathStyle: env.ATTACHMENTS_S3_FORCE_PATH_STYLE !== 'false',
    ...(env.ATTACHMENTS_S3_ENDPOINT ? { endpoint: env.ATTACHMENTS_S3_ENDPOINT } : {}),
    ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
    ...(env.ATTACHMENTS_S3_PREFIX ? { prefix: env.ATTACHMENTS_S3_PREFIX } : {}),
  });
  return { store, limits };
}

// One per database handle: the /v1 routes and Open311 share it when the API was given none.
const fromEnvironment = new WeakMap<Kysely<Database>, AttachmentOptions>();

export function defaultAttachmentOptions(db: Kysely<Database>): AttachmentOptions {
  let options = fromEnvironment.get(db);
  if (!options) fromEnvironment.set(db, (options = attachmentOptionsFrom(process.env, db)));
  return options;
}
