import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { BlobStore } from './blob-store';

export interface S3Settings {
  /** e.g. http://127.0.0.1:9000 (MinIO, Ceph, SeaweedFS, a cloud's S3); unset: AWS S3 itself. */
  endpoint?: string;
  bucket: string;
  region: string;
  /** Path-style URLs (endpoint/bucket/key), as most S3-compatible servers need. */
  forcePathStyle: boolean;
  /** Unset: the SDK's own chain (AWS_ACCESS_KEY_ID, instance roles, …). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Prepended to every key, to share a bucket. */
  prefix?: string;
}

/**
 * Attachments in an S3-compatible object store (@aws-sdk/client-s3). The SDK's default extra
 * checksums are asked only where the API requires them, which S3-compatible servers that predate
 * them (and the test's s3rver) also accept; integrity is checked by the API itself, against the
 * SHA-256 in the event log, on every download.
 */
export function createS3BlobStore(settings: S3Settings): BlobStore {
  const client = new S3Client({
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
  });
  const Bucket = settings.bucket;
  const keyOf = (key: string) => `${settings.prefix ?? ''}${key}`;
  return {
    kind: 's3',
    async put(key, o) {
      await client.send(
        new PutObjectCommand({ Bucket, Key: keyOf(key), Body: o.bytes, ContentType: o.contentType, ContentLength: o.bytes.length, Metadata: { sha256: o.sha256, 'case-id': o.caseId } }),
      );
    },
    async get(key) {
      try {
        const answer = await client.send(new GetObjectCommand({ Bucket, Key: keyOf(key) }));
        return answer.Body ? Buffer.from(await answer.Body.transformToByteArray()) : Buffer.alloc(0);
      } catch (error) {
        if (error instanceof NoSuchKey || (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404)) return undefined;
        throw error;
      }
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: keyOf(key) }));
    },
    async *list() {
      const prefix = settings.prefix ?? '';
      let ContinuationToken: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket, ...(prefix ? { Prefix: prefix } : {}), ...(ContinuationToken ? { ContinuationToken } : {}) }));
        for (const o of page.Contents ?? []) if (o.Key) yield { key: o.Key.slice(prefix.length), writtenAt: o.LastModified ?? new Date(0) };
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
    },
    async close() {
      client.destroy();
    },
  };
}
