import type { FastifyRequest } from 'fastify';
import { HttpProblem } from '../api/problem';
import type { Upload } from './inspect';
import type { AttachmentLimits } from './settings';

export interface UploadForm {
  fields: Record<string, string>;
  file: Upload | undefined;
}

/** Busboy's limits for an upload: one file of at most maxBytes, a few short fields. */
export const multipartLimits = (limits: AttachmentLimits, files = 1) => ({ fileSize: limits.maxBytes, files, fields: 20, fieldSize: 4000, parts: 24, headerPairs: 100 });

/** A failure of @fastify/multipart or busboy as the problem to answer with. */
export function multipartProblem(error: unknown, limits: AttachmentLimits, fileField: string): HttpProblem | undefined {
  const code = (error as { code?: string }).code;
  const tooMany = (what: string) => new HttpProblem(413, 'too-many-parts', `${what}: send one file, in the field ${fileField}`, { errors: [{ path: fileField, in: 'body', message: 'one file per request', code: 'too_many_files' }] });
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return new HttpProblem(413, 'file-too-large', `${fileField}: the file is larger than the limit of ${limits.maxBytes} bytes`, {
        errors: [{ path: fileField, in: 'body', message: `at most ${limits.maxBytes} bytes`, code: 'too_big', params: { maximum: limits.maxBytes } }],
      });
    case 'FST_FILES_LIMIT':
      return tooMany('more than one file');
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return tooMany('too many parts');
    case 'FST_PROTO_VIOLATION':
      return new HttpProblem(400, 'malformed-multipart', 'a form field may not be called __proto__ or constructor');
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new HttpProblem(415, 'unsupported-media-type', `send multipart/form-data with the file in the field ${fileField}`);
    case 'FST_MP_PREMATURE_CLOSE':
      return new HttpProblem(400, 'malformed-multipart', 'the request ended before the form did');
  }
  // Busboy's own errors: a form that is not well formed.
  if (error instanceof Error && !(error instanceof HttpProblem) && !('statusCode' in error) && /^(Multipart: Boundary not found|Boundary required|Unexpected end of multipart data|.* terminated early due to unexpected end of multipart data)$/.test(error.message)) {
    return new HttpProblem(400, 'malformed-multipart', `the multipart/form-data body cannot be read: ${error.message}`);
  }
  return undefined;
}

/**
 * Reads a multipart/form-data upload: its text fields, and the one file in `fileField` into
 * memory (at most `limits.maxBytes`). A file in any other field, a field sent twice, more than
 * one file, or a body that is not multipart is refused before anything is kept.
 */
export async function readUploadForm(request: FastifyRequest, limits: AttachmentLimits, fileField = 'file'): Promise<UploadForm> {
  if (!request.isMultipart()) throw multipartProblem({ code: 'FST_INVALID_MULTIPART_CONTENT_TYPE' }, limits, fileField)!;
  const fields: Record<string, string> = {};
  let file: Upload | undefined;
  try {
    // preservePath: the name as sent, so that a name with a path in it is refused rather than cut silently.
    for await (const part of request.parts({ limits: multipartLimits(limits), preservePath: true })) {
      if (Object.hasOwn(fields, part.fieldname) || (part.fieldname === fileField && file)) {
        if (part.type === 'file') part.file.resume();
        throw new HttpProblem(400, 'validation', `${part.fieldname}: sent more than once`, { errors: [{ path: part.fieldname, in: 'body', message: 'sent more than once', code: 'duplicate' }] });
      }
      if (part.type === 'file') {
        if (part.fieldname !== fileField) {
          part.file.resume();
          throw new HttpProblem(400, 'validation', `${part.fieldname}: a file goes in the field ${fileField}`, { errors: [{ path: part.fieldname, in: 'body', message: `a file goes in the field ${fileField}`, code: 'unexpected_file' }] });
        }
        file = { bytes: await part.toBuffer(), filename: part.filename, declaredType: part.mimetype };
      } else if (part.fieldname === fileField) {
        throw new HttpProblem(400, 'validation', `${fileField}: send the file as a file part (with a filename), not as text`, {
          errors: [{ path: fileField, in: 'body', message: 'a file part with a filename', code: 'invalid_type' }],
        });
      } else {
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (error) {
    throw multipartProblem(error, limits, fileField) ?? error;
  }
  return { fields, file };
}
