import type { Kysely } from 'kysely';
import type { Database } from '../schema/database';

/**
 * Where the bytes of attachments live. Two real backends: the database (the default, embedded:
 * PGlite under CASE_DATA_DIR with `npm start`, the same PostgreSQL as the events in production)
 * and any S3-compatible object store (attachments/s3-store.ts). What a file is, who added it and
 * its digest are in the event log; a store holds only bytes, by key.
 */
export interface BlobStore {
  readonly kind: 'database' | 's3';
  /** Writes the object, replacing one under the same key (a retried upload writes the same bytes). */
  put(key: string, object: StoredObject): Promise<void>;
  /** The bytes, or undefined when nothing is stored under the key. */
  get(key: string): Promise<Buffer | undefined>;
  /** Removes the object; no error when there is none. */
  delete(key: string): Promise<void>;
  /** Every key with when it was written, page by page (for the sweep of orphaned bytes). */
  list(): AsyncIterable<{ key: string; writtenAt: Date }>;
  close(): Promise<void>;
}

export interface StoredObject {
  caseId: string;
  bytes: Buffer;
  contentType: string;
  sha256: string;
}

/** Keys under the case, so that a store can be listed or emptied case by case. */
export const blobKeys = (caseId: string, attachmentId: string) => ({ file: `${caseId}/${attachmentId}`, thumbnail: `${caseId}/${attachmentId}/thumbnail` });

/** The embedded store: a bytea table (migration 0014), in the same database as the cases. */
export function createDatabaseBlobStore(db: Kysely<Database>): BlobStore {
  return {
    kind: 'database',
    async put(key, o) {
      const row = { key, case_id: o.caseId, content_type: o.contentType, size: o.bytes.length, sha256: o.sha256, bytes: o.bytes };
      await db
        .insertInto('attachment_blobs')
        .values(row)
        .onConflict((oc) => oc.column('key').doUpdateSet({ content_type: row.content_type, size: row.size, sha256: row.sha256, bytes: row.bytes }))
        .execute();
    },
    async get(key) {
      const row = await db.selectFrom('attachment_blobs').select('bytes').where('key', '=', key).executeTakeFirst();
      return row ? Buffer.from(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength) : undefined;
    },
    async delete(key) {
      await db.deleteFrom('attachment_blobs').where('key', '=', key).execute();
    },
    async *list() {
      let after = '';
      for (;;) {
        const rows = await db.selectFrom('attachment_blobs').select(['key', 'created_at']).where('key', '>', after).orderBy('key').limit(1000).execute();
        for (const r of rows) yield { key: r.key, writtenAt: new Date(r.created_at) };
        if (rows.length < 1000) return;
        after = rows.at(-1)!.key;
      }
    },
    async close() {},
  };
}
