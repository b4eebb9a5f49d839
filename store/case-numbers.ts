import { sql, type Kysely } from 'kysely';
import { randomInt } from 'node:crypto';
import type { Database } from '../schema/database';

/** `2026-000123`: the year the case came in (in the city's time zone) and its place in the deployment's sequence. */
export const CASE_NUMBER = /^\d{4}-\d{6,}$/;

/** Crockford's base 32: no I, L, O or U to misread on a slip of paper or over the phone. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** `K7M2-QX9P-4TRB`: 60 random bits, far beyond guessing at the public lookup's rate limit. */
export const TRACKING_CODE = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

export function newTrackingCode(): string {
  const chars = Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8).join('')}`;
}

/** A code as a resident may type it: any case, spaces or no dashes, O for 0 and I or L for 1. */
export function normalTrackingCode(typed: string): string {
  const plain = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return plain.length === 12 ? `${plain.slice(0, 4)}-${plain.slice(4, 8)}-${plain.slice(8)}` : plain;
}

export interface CaseCodes {
  number: string;
  trackingCode: string;
}

/**
 * The number and tracking code of a case, made on its first submission and given again to every
 * retry of it. Two concurrent first submissions of one case both insert; the primary key keeps
 * one, and the other's sequence value is skipped, never reused.
 */
export async function caseCodesFor(db: Kysely<Database>, caseId: string, year: number): Promise<CaseCodes> {
  const existing = await codesOf(db, caseId);
  if (existing) return existing;
  await db
    .insertInto('case_numbers')
    .values({ case_id: caseId, number: sql<string>`${String(year)} || '-' || lpad(nextval('case_number_seq')::text, 6, '0')`, tracking_code: newTrackingCode() })
    .onConflict((oc) => oc.column('case_id').doNothing())
    .execute();
  return (await codesOf(db, caseId))!;
}

async function codesOf(db: Kysely<Database>, caseId: string): Promise<CaseCodes | undefined> {
  const row = await db.selectFrom('case_numbers').select(['number', 'tracking_code']).where('case_id', '=', caseId).executeTakeFirst();
  if (!row) return undefined;
  // Cases numbered before tracking codes existed get one when first asked.
  if (row.tracking_code === null) {
    await db.updateTable('case_numbers').set({ tracking_code: newTrackingCode() }).where('case_id', '=', caseId).where('tracking_code', 'is', null).execute();
    return codesOf(db, caseId);
  }
  return { number: row.number, trackingCode: row.tracking_code };
}

export const trackingCodeOf = async (db: Kysely<Database>, caseId: string) => (await codesOf(db, caseId))?.trackingCode;

export async function caseIdByTrackingCode(db: Kysely<Database>, code: string): Promise<string | undefined> {
  const row = await db.selectFrom('case_numbers').select('case_id').where('tracking_code', '=', code).executeTakeFirst();
  return row?.case_id;
}
