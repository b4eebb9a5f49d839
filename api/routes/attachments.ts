import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { blobKeys } from '../../attachments/blob-store';
import { inspectUpload, sha256Of, type InspectedFile } from '../../attachments/inspect';
import { readUploadForm } from '../../attachments/multipart';
import { defaultAttachmentOptions, type AttachmentOptions } from '../../attachments/settings';
import { AttachmentView, toAttachmentView } from '../../attachments/view';
import { allowedActions, ruleBreak } from '../../domain/action-table';
import { attachmentRuleBreak, attachmentStage } from '../../domain/attachments';
import type { Actor } from '../../schema/actor';
import { AttachmentStage, type AttachmentInput, type CaseAttachment } from '../../schema/attachments';
import type { CaseState } from '../../schema/case-state';
import { identifier } from '../../schema/text';
import type { ApiContext } from '../app';
import { caseInScope } from '../case-access';
import { ActionRejectedError, type CaseService } from '../case-service';
import { idempotent, IdempotencyKeyHeader } from '../idempotency';
import { HttpProblem, invalidFields, Problem } from '../problem';

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 413: Problem, 415: Problem, 422: Problem, 429: Problem, 503: Problem };
const tags = ['attachments'];
const security = [{ bearerAuth: [] }];
const Params = z.object({ id: identifier() });

/** The text fields of an upload; the file itself is the part `file` (OpenAPI only: the route reads the parts itself). */
const UploadFields = z.object({
  stage: AttachmentStage.optional().describe('report (street committee, supervisor), visit (with visitId) or resolution (the assigned department); default by role'),
  visitId: identifier().optional().describe('the visit the photo was taken at (before and after)'),
});
const UploadBody = UploadFields.extend({
  file: z.unknown().meta({ contentMediaType: 'application/octet-stream' }).describe('required: a JPEG, PNG, WebP or PDF, as a file part; the type is read from the bytes'),
});

/** The 201 of an upload: the contract's fields and where to fetch the file and its thumbnail. */
export const UploadResult = AttachmentView;

/** An action refused by the table of actions or the stage rules, answered as /v1 answers any refused action. */
function refused(s: CaseState, who: Actor, broken: { code: 'forbidden' | 'invalid_state' | 'invalid_input'; message: string }): ActionRejectedError {
  return new ActionRejectedError(broken.message, broken.code, s.status, allowedActions(s, who));
}

const attachmentIdOf = (sub: string, key: string | undefined, caseId: string) =>
  key ? `att-${createHash('sha256').update(`${sub}\n${key}\n${caseId}`).digest('base64url').slice(0, 22)}` : `att-${randomUUID()}`;
const updateIdOf = (sub: string, key: string) => `addAttachment-${createHash('sha256').update(`${sub}\n${key}`).digest('base64url')}`;

export interface AddAttachment {
  caseId: string;
  who: Actor;
  file: InspectedFile;
  stage: AttachmentInput['stage'];
  visitId: string | undefined;
  idempotencyKey: string | undefined;
}

/**
 * Stores a checked file's bytes (and thumbnail), then records it on the case (the `addAttachment`
 * Update: an `attachment_added` event). When the case refuses it, the bytes are removed again,
 * unless the case holds that attachment already (a retry of one that was recorded).
 */
export async function addAttachment(service: CaseService, options: AttachmentOptions, a: AddAttachment): Promise<CaseAttachment> {
  const id = attachmentIdOf(a.who.sub, a.idempotencyKey, a.caseId);
  const keys = blobKeys(a.caseId, id);
  const { file } = a;
  const input: AttachmentInput = {
    id,
    name: file.name,
    contentType: file.contentType,
    size: file.bytes.length,
    sha256: file.sha256,
    originalSha256: file.originalSha256,
    ...(a.stage ? { stage: a.stage } : {}),
    ...(a.visitId === undefined ? {} : { visitId: a.visitId }),
    ...(file.width === undefined ? {} : { width: file.width, height: file.height }),
    ...(file.thumbnail
      ? { thumbnail: { contentType: file.thumbnail.contentType, size: file.thumbnail.bytes.length, sha256: file.thumbnail.sha256, width: file.thumbnail.width, height: file.thumbnail.height } }
      : {}),
  };
  await options.store.put(keys.file, { caseId: a.caseId, bytes: file.bytes, contentType: file.contentType, sha256: file.sha256 });
  if (file.thumbnail) await options.store.put(keys.thumbnail, { caseId: a.caseId, bytes: file.thumbnail.bytes, contentType: file.thumbnail.contentType, sha256: file.thumbnail.sha256 });
  let after: CaseState;
  try {
    after = await service.act(a.caseId, 'addAttachment', a.who, input, a.idempotencyKey ? updateIdOf(a.who.sub, a.idempotencyKey) : undefined);
  } catch (error) {
    if (error instanceof ActionRejectedError) {
      const now = await service.get(a.caseId);
      if (!now?.attachments?.some((x) => x.id === id)) await Promise.all([options.store.delete(keys.file), options.store.delete(keys.thumbnail)]);
    }
    throw error;
  }
  return after.attachments!.find((x) => x.id === id)!;
}

/** The checks that need no bytes: who and when (the table of actions), how many files the case has. */
export function checkMayAdd(s: CaseState, who: Actor, options: AttachmentOptions): void {
  const broken = ruleBreak(s, 'addAttachment', who);
  if (broken) throw refused(s, who, broken);
  const count = s.attachments?.length ?? 0;
  if (count >= options.limits.maxPerCase) {
    throw new HttpProblem(409, 'too-many-attachments', `the case has ${count} files, the most one case may hold (${options.limits.maxPerCase})`, {
      code: 'too_many_attachments',
      caseStatus: s.status,
      allowedActions: allowedActions(s, who).filter((x) => x !== 'addAttachment'),
    });
  }
}

/**
 * Files on a case (CONTRACT.md "Evidence and privacy"): upload (multipart/form-data), list,
 * download. Out of scope is 404, as for the case itself. The bytes are in the attachment store;
 * the record of each file is the case's `attachment_added` event.
 */
export const attachmentRoutes: FastifyPluginAsyncZod<ApiContext> = async (app, ctx) => {
  const { db, directory, service } = ctx;
  const options = ctx.attachments ?? defaultAttachmentOptions(db);
  // Here only: every other /v1 route still answers a multipart body with 415.
  await app.register(fastifyMultipart, { limits: { fileSize: options.limits.maxBytes, files: 1 } });
  if (ctx.attachments) app.addHook('onClose', () => options.store.close());

  app.post(
    '/cases/:id/attachments',
    {
      config: { roles: ['street', 'supervisor', 'department'] },
      // The form is read part by part in the handler; the body schema is for the OpenAPI document.
      validatorCompiler: (route) => (route.httpPart === 'body' ? () => ({ value: undefined }) : validatorCompiler(route as never)),
      schema: {
        tags,
        summary: 'add a photo or PDF (multipart/form-data: file, stage, visitId); images are re-encoded without EXIF and get a thumbnail',
        operationId: 'uploadAttachment',
        security,
        consumes: ['multipart/form-data'],
        params: Params,
        headers: z.object({ 'idempotency-key': IdempotencyKeyHeader.optional() }),
        body: UploadBody,
        response: { 201: UploadResult, ...errors },
      },
    },
    async (request, reply) => {
      const who = request.principal;
      const before = await caseInScope(db, directory, who, request.params.id);
      const key = request.headers['idempotency-key'];
      // Without a key, who and when are checked before a byte is read; with one, a retry of an
      // upload that succeeded must get its answer again whatever the case is now, so the form is
      // read first and the checks run inside the idempotent work.
      if (!key) checkMayAdd(before, who, options);
      const form = await readUploadForm(request, options.limits);
      const fields = UploadFields.safeParse(form.fields);
      if (!fields.success) throw invalidFields(fields.error.issues.map((i) => ({ path: i.path.join('.'), in: 'body', message: i.message })));
      const { stage, visitId } = fields.data;
      if (!form.file) throw invalidFields([{ path: 'file', in: 'body', message: 'is required: the photo or PDF, as a file part', code: 'required' }]);
      const upload = form.file;
      const work = async () => {
        if (key) checkMayAdd(before, who, options);
        const stageBreak = attachmentRuleBreak(before, who, { stage, visitId });
        if (stageBreak) throw refused(before, who, stageBreak);
        const file = await inspectUpload(upload, options.limits);
        const added = await addAttachment(service, options, { caseId: before.caseId, who, file, stage, visitId, idempotencyKey: key });
        return { statusCode: 201, body: toAttachmentView(before.caseId, added) };
      };
      const fingerprint = [`POST /v1/cases/${before.caseId}/attachments`, attachmentStage(who, { stage, visitId }), visitId ?? null, upload.filename ?? null, sha256Of(upload.bytes)];
      const result = key ? await idempotent(db, { scope: who.sub, key, fingerprint }, work) : await work();
      return reply.code(201).send(result.body as AttachmentView);
    },
  );

  app.get(
    '/cases/:id/attachments',
    {
      config: { roles: ['street', 'supervisor', 'department'] },
      schema: { tags, summary: 'the files on a case, oldest first', operationId: 'listAttachments', security, params: Params, response: { 200: z.object({ items: z.array(AttachmentView) }), ...errors } },
    },
    async (request) => {
      const state = await caseInScope(db, directory, request.principal, request.params.id);
      return { items: (state.attachments ?? []).map((a) => toAttachmentView(state.caseId, a)) };
    },
  );

  app.get(
    '/cases/:id/attachments/:aid',
    {
      // <img src> and download links send no Authorization header: the token may come as access_token.
      config: { roles: ['street', 'supervisor', 'department'], queryToken: true },
      schema: {
        tags,
        summary: 'the bytes of a file (thumbnail=1: its thumbnail), checked against the digest in the event log',
        operationId: 'getAttachment',
        security,
        params: Params.extend({ aid: identifier() }),
        querystring: z.object({
          thumbnail: z.enum(['0', '1', 'true', 'false']).optional().describe('1: the thumbnail (images only)'),
          access_token: identifier(4000).optional().describe('the token, for clients that cannot send the Authorization header'),
        }),
        response: { 304: z.null().describe('not modified (If-None-Match)'), ...errors },
      },
    },
    async (request, reply) => {
      const state = await caseInScope(db, directory, request.principal, request.params.id);
      const a = state.attachments?.find((x) => x.id === request.params.aid);
      if (!a) throw new HttpProblem(404, 'attachment-not-found', `no attachment ${request.params.aid} on case ${request.params.id}`);
      const thumbnail = request.query.thumbnail === '1' || request.query.thumbnail === 'true';
      if (thumbnail && !a.thumbnail) throw new HttpProblem(404, 'thumbnail-not-found', `attachment ${a.id} is a ${a.contentType}, which has no thumbnail`);
      const want = thumbnail ? { key: blobKeys(state.caseId, a.id).thumbnail, contentType: a.thumbnail!.contentType, sha256: a.thumbnail!.sha256 } : { key: blobKeys(state.caseId, a.id).file, contentType: a.contentType, sha256: a.sha256 };
      const etag = `"${want.sha256}"`;
      reply.header('etag', etag).header('cache-control', 'private, max-age=31536000, immutable');
      if (request.headers['if-none-match'] === etag) return reply.code(304).send(null);
      const bytes = await options.store.get(want.key);
      // The event log says what the bytes were: missing or different bytes are lost or tampered evidence.
      if (!bytes || sha256Of(bytes) !== want.sha256) {
        request.log.error({ caseId: state.caseId, attachmentId: a.id, key: want.key, found: !!bytes }, 'attachment bytes missing or not what the event log recorded');
        throw new HttpProblem(500, bytes ? 'attachment-corrupt' : 'attachment-missing', `the stored bytes of attachment ${a.id} ${bytes ? 'differ from' : 'are missing, unlike'} what the case's event log recorded; tell an administrator`);
      }
      const name = thumbnail ? `${a.name.replace(/\.[^.]*$/, '')}-thumbnail.webp` : a.name;
      const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
      return reply
        .header('content-type', want.contentType)
        .header('content-length', String(bytes.length))
        .header('content-disposition', `${want.contentType === 'application/pdf' ? 'attachment' : 'inline'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`)
        // Nothing in a stored file runs: no scripts, no plugins, not even in a PDF viewer's page.
        .header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox")
        .send(bytes as never);
    },
  );
};
