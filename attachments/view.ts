import { z } from 'zod';
import { AttachmentStage, AttachmentType, type CaseAttachment } from '../schema/attachments';

const iso = z.iso.datetime({ offset: true });

/** An attachment as the API shows it (CONTRACT.md "Evidence and privacy"), with where to fetch it. */
export const AttachmentView = z
  .object({
    id: z.string(),
    name: z.string(),
    contentType: AttachmentType,
    size: z.number().int().describe('bytes, as stored (images re-encoded)'),
    sha256: z.string().describe('of the bytes a download gives, as recorded in the event log'),
    stage: AttachmentStage,
    visitId: z.string().optional(),
    width: z.number().int().optional(),
    height: z.number().int().optional(),
    url: z.string().describe('the bytes, in scope only (also with ?access_token= for an <img> or a link)'),
    thumbnail: z
      .object({ url: z.string(), contentType: AttachmentType, size: z.number().int(), width: z.number().int(), height: z.number().int() })
      .optional()
      .describe('images only'),
    addedAt: iso,
    addedBy: z.object({ role: z.string(), org: z.string() }),
  })
  .meta({ id: 'Attachment' });
export type AttachmentView = z.infer<typeof AttachmentView>;

export const attachmentPath = (caseId: string, attachmentId: string) => `/v1/cases/${encodeURIComponent(caseId)}/attachments/${encodeURIComponent(attachmentId)}`;

export function toAttachmentView(caseId: string, a: CaseAttachment): AttachmentView {
  const url = attachmentPath(caseId, a.id);
  return {
    id: a.id,
    name: a.name,
    contentType: a.contentType,
    size: a.size,
    sha256: a.sha256,
    stage: a.stage,
    ...(a.visitId === undefined ? {} : { visitId: a.visitId }),
    ...(a.width === undefined ? {} : { width: a.width, height: a.height }),
    url,
    ...(a.thumbnail
      ? { thumbnail: { url: `${url}?thumbnail=1`, contentType: a.thumbnail.contentType, size: a.thumbnail.size, width: a.thumbnail.width, height: a.thumbnail.height } }
      : {}),
    addedAt: new Date(a.addedAt).toISOString(),
    addedBy: { role: a.addedBy.role, org: a.addedBy.org },
  };
}

/**
 * The case view's `attachments`: the links a submission carried (`{url, kind}`), then the files
 * stored with the case, each also with `kind` (`photo` or `document`) and the fields above.
 */
export const CaseAttachmentItem = AttachmentView.partial()
  .extend({ url: z.string(), kind: z.string() })
  .meta({ id: 'CaseAttachmentItem' });
export type CaseAttachmentItem = z.infer<typeof CaseAttachmentItem>;

export function caseAttachmentItems(caseId: string, links: readonly { url: string; kind: string }[], files: readonly CaseAttachment[] | undefined): CaseAttachmentItem[] {
  return [...links, ...(files ?? []).map((a) => ({ ...toAttachmentView(caseId, a), kind: a.contentType === 'application/pdf' ? 'document' : 'photo' }))];
}
