import { z } from 'zod';
import { Actor } from './actor';
import { identifier, text } from './text';

/**
 * Files on a case (CONTRACT.md "Evidence and privacy"): the resident's problem at report, a
 * department's before and after at a visit (by its id), and the proof of the fix at resolution.
 */
export const ATTACHMENT_STAGES = ['report', 'visit', 'resolution'] as const;
export const AttachmentStage = z.enum(ATTACHMENT_STAGES);
export type AttachmentStage = z.infer<typeof AttachmentStage>;

/** What is kept, by the type its bytes say (never by what the client declared). Images are re-encoded. */
export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export const AttachmentType = z.enum(ATTACHMENT_TYPES);
export type AttachmentType = z.infer<typeof AttachmentType>;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, { message: 'a SHA-256 digest in lower-case hex' });
const size = z.number().int().min(1).max(2 ** 40);
const pixels = z.number().int().min(1).max(1_000_000);

export const AttachmentThumbnail = z.object({ contentType: AttachmentType, size, sha256, width: pixels, height: pixels });
export type AttachmentThumbnail = z.infer<typeof AttachmentThumbnail>;

/**
 * The `addAttachment` action's input, as the API sends it once the bytes are stored: the file is
 * in the attachment store under the case and this id; the event log keeps what it is and its digest.
 */
export const AttachmentInput = z.object({
  id: identifier(),
  /** The file name as given, checked (no path separators), for downloads. */
  name: text(200),
  contentType: AttachmentType,
  /** Of the bytes stored (images re-encoded, without their metadata). */
  size,
  sha256,
  /** Of the bytes as uploaded. */
  originalSha256: sha256,
  /** Default: report for a street committee or a supervisor; visit (with visitId) or resolution for a department. */
  stage: AttachmentStage.optional(),
  visitId: identifier().optional(),
  width: pixels.optional(),
  height: pixels.optional(),
  thumbnail: AttachmentThumbnail.optional(),
});
export type AttachmentInput = z.infer<typeof AttachmentInput>;

/** The `attachment_added` event's data: the input with its stage settled. */
export const AttachmentAdded = AttachmentInput.extend({ stage: AttachmentStage });
export type AttachmentAdded = z.infer<typeof AttachmentAdded>;

/** An attachment as the case holds it. */
export const CaseAttachment = AttachmentAdded.extend({ addedAt: z.number(), addedBy: Actor });
export type CaseAttachment = z.infer<typeof CaseAttachment>;
