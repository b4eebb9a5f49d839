import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import sharp, { type Metadata } from 'sharp';
import { HttpProblem } from '../api/problem';
import { ATTACHMENT_TYPES, type AttachmentType } from '../schema/attachments';
import { STORABLE_TEXT } from '../schema/text';
import type { AttachmentLimits } from './settings';

/** A file as it came in a multipart part. */
export interface Upload {
  bytes: Buffer;
  /** The part's filename; the browser's name of the file. */
  filename: string | undefined;
  /** The part's Content-Type: what the client says the file is. */
  declaredType: string | undefined;
}

export interface Rendition {
  bytes: Buffer;
  contentType: AttachmentType;
  sha256: string;
  width: number;
  height: number;
}

/** A file fit to keep: its type from its bytes, images re-encoded without metadata, with a thumbnail. */
export interface InspectedFile {
  name: string;
  contentType: AttachmentType;
  bytes: Buffer;
  sha256: string;
  originalSha256: string;
  width?: number;
  height?: number;
  thumbnail?: Rendition;
}

export const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const IMAGE_TYPES: readonly AttachmentType[] = ['image/jpeg', 'image/png', 'image/webp'];
const NAMES: Record<AttachmentType, string> = { 'image/jpeg': 'JPEG', 'image/png': 'PNG', 'image/webp': 'WebP', 'application/pdf': 'PDF' };
const ACCEPTED = ATTACHMENT_TYPES.map((t) => NAMES[t]).join(', ');
/** What a client may call each type (the part's Content-Type); anything else declared is a lie. */
const ALIASES: Record<string, AttachmentType> = { 'image/jpg': 'image/jpeg', 'image/pjpeg': 'image/jpeg', 'application/x-pdf': 'application/pdf', 'image/x-png': 'image/png' };
/** Extensions a file name may end with for each type; another known extension is a lie too. */
const EXTENSIONS: Record<string, AttachmentType | 'other'> = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', jpe: 'image/jpeg', jfif: 'image/jpeg',
  png: 'image/png', webp: 'image/webp', pdf: 'application/pdf',
  gif: 'other', heic: 'other', heif: 'other', avif: 'other', bmp: 'other', tif: 'other', tiff: 'other', svg: 'other',
  zip: 'other', gz: 'other', rar: 'other', '7z': 'other', exe: 'other', html: 'other', htm: 'other', js: 'other', txt: 'other', doc: 'other', docx: 'other',
};
/** Types a declared Content-Type says nothing about. */
const UNDECLARED = new Set(['', 'application/octet-stream', 'binary/octet-stream']);

const refuseField = (status: number, slug: string, message: string, path: string) =>
  new HttpProblem(status, slug, `${path}: ${message}`, { errors: [{ path, in: 'body', message, code: slug.replaceAll('-', '_') }] });

/**
 * The name a file is kept and offered for download under. A name with a path in it (`/`, `\`, or
 * `..` as a part) is refused rather than cut, since the client meant something else by it; so is
 * one with control characters. No name: `attachment` with the type's extension.
 */
export function checkFileName(raw: string | undefined, contentType: AttachmentType, field = 'file'): string {
  const fallback = `attachment.${contentType === 'application/pdf' ? 'pdf' : contentType.split('/')[1]}`;
  if (raw === undefined) return fallback;
  const name = raw.normalize('NFC').trim();
  if (name === '') return fallback;
  if (!STORABLE_TEXT.test(name)) throw refuseField(400, 'invalid-characters', 'the file name contains a character that cannot be stored (NUL or a lone UTF-16 surrogate)', `${field}.name`);
  if (/[/\\]/.test(name) || name === '.' || name === '..') throw refuseField(400, 'invalid-file-name', 'a file name without a path: no / or \\ and not . or ..', `${field}.name`);
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u.test(name)) throw refuseField(400, 'invalid-file-name', 'a file name without control or direction-changing characters', `${field}.name`);
  if ([...name].length > 200) throw refuseField(400, 'invalid-file-name', 'a file name of at most 200 characters', `${field}.name`);
  return name;
}

/**
 * Checks a file and makes what is kept of it. The type is the one its bytes say (file-type), never
 * the one declared, and a declared type or a file name extension that says otherwise is refused
 * (415): a PDF called photo.jpg, a zip sent as image/jpeg. Images are decoded by sharp only after
 * their header's size is checked against `maxPixels` (413), turned upright, re-encoded in their
 * own format without EXIF, XMP or IPTC (so without GPS), scaled down past `maxDimension`, and
 * given a WebP thumbnail. PDFs are kept as they are.
 */
export async function inspectUpload(upload: Upload, limits: AttachmentLimits, field = 'file'): Promise<InspectedFile> {
  const { bytes } = upload;
  const refuse = (status: number, slug: string, message: string) => refuseField(status, slug, message, field);
  if (bytes.length === 0) throw refuse(400, 'empty-file', 'the file is empty');
  if (bytes.length > limits.maxBytes) throw refuse(413, 'file-too-large', `the file is larger than the limit of ${limits.maxBytes} bytes`);
  const detected = await fileTypeFromBuffer(bytes);
  if (!detected) throw refuse(415, 'unsupported-file-type', `the bytes are not a file of a type kept here (${ACCEPTED})`);
  if (detected.mime === 'image/heic' || detected.mime === 'image/heif' || detected.ext === 'heic') {
    throw refuse(415, 'unsupported-file-type', `HEIC photos cannot be decoded here (no HEVC decoder): send ${ACCEPTED} (on an iPhone: Settings → Camera → Formats → Most Compatible)`);
  }
  const type = (ATTACHMENT_TYPES as readonly string[]).includes(detected.mime) ? (detected.mime as AttachmentType) : undefined;
  if (!type) throw refuse(415, 'unsupported-file-type', `the bytes are ${detected.mime} (.${detected.ext}), not a type kept here (${ACCEPTED})`);
  const declared = (upload.declaredType ?? '').split(';')[0]!.trim().toLowerCase();
  if (!UNDECLARED.has(declared) && (ALIASES[declared] ?? declared) !== type) {
    throw refuse(415, 'file-type-mismatch', `the file is declared ${declared} but its bytes are ${type}`);
  }
  const extension = upload.filename?.trim().match(/\.([A-Za-z0-9]{1,5})$/)?.[1]?.toLowerCase();
  const byExtension = extension === undefined ? undefined : EXTENSIONS[extension];
  if (byExtension !== undefined && byExtension !== type) {
    throw refuse(415, 'file-type-mismatch', `the file is named .${extension} but its bytes are ${type}`);
  }
  const name = checkFileName(upload.filename, type, field);
  const originalSha256 = sha256Of(bytes);
  if (!IMAGE_TYPES.includes(type)) return { name, contentType: type, bytes, sha256: originalSha256, originalSha256 };
  return { name, originalSha256, ...(await reencode(bytes, type, limits, field)) };
}

async function reencode(bytes: Buffer, type: AttachmentType, limits: AttachmentLimits, field: string): Promise<Omit<InspectedFile, 'name' | 'originalSha256'>> {
  const refuse = (status: number, slug: string, message: string) => refuseField(status, slug, message, field);
  const open = () => sharp(bytes, { limitInputPixels: limits.maxPixels, failOn: 'error', sequentialRead: true });
  let header: Metadata;
  try {
    header = await open().metadata();
  } catch (error) {
    throw unreadable(error, field);
  }
  const pixels = (header.width ?? 0) * (header.height ?? 0);
  if (pixels > limits.maxPixels) {
    throw refuse(413, 'image-too-large', `the image is ${header.width} × ${header.height} pixels, more than the limit of ${limits.maxPixels}`);
  }
  try {
    // rotate() applies the EXIF orientation before the metadata goes; sharp writes none unless asked.
    const fit = (side: number) => ({ width: side, height: side, fit: 'inside' as const, withoutEnlargement: true });
    let pipeline = open().rotate().resize(fit(limits.maxDimension));
    // libjpeg-turbo, not mozjpeg: a fifth larger, four to five times faster (BENCHMARKS.md, uploads).
    pipeline = type === 'image/jpeg' ? pipeline.jpeg({ quality: 85 }) : type === 'image/png' ? pipeline.png() : pipeline.webp({ quality: 85 });
    const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
    // From the upload, not the re-encoded copy: a JPEG is then decoded at an eighth of its size.
    const thumb = await open().rotate().resize(fit(limits.thumbnailSize)).webp({ quality: 70 }).toBuffer({ resolveWithObject: true });
    return {
      contentType: type,
      bytes: data,
      sha256: sha256Of(data),
      width: info.width,
      height: info.height,
      thumbnail: { bytes: thumb.data, contentType: 'image/webp', sha256: sha256Of(thumb.data), width: thumb.info.width, height: thumb.info.height },
    };
  } catch (error) {
    throw unreadable(error, field);
  }
}

function unreadable(error: unknown, field: string): HttpProblem {
  const refuse = (status: number, slug: string, message: string) => refuseField(status, slug, message, field);
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message)) return refuse(413, 'image-too-large', `the image has more pixels than the limit: ${message}`);
  return refuse(400, 'unreadable-image', `the image cannot be decoded (${message.split('\n')[0]})`);
}
