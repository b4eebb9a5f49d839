import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { actionInputJsonSchemas } from '../../schema/action-input-json-schemas';
import { ACTION_NAMES } from '../../schema/action-names';
import { ActionInputs } from '../../schema/commands';
import { actionInputIssues } from '../../workflows/validate-action-input';
import { directory } from './fixtures';

const valid = {
  dispatch: { categoryId: 'drainage', departmentId: 'lixian-housing' },
  accept: {},
  return: { reason: 'not ours' },
  contact: { note: 'called the resident' },
  scheduleVisit: { scheduledFor: '2026-11-22T09:00:00+08:00', cadres: ['Li Ming'] },
  completeVisit: { visitId: 'v1', findings: 'pipe blocked' },
  resolve: { summary: 'cleared', outcome: 'resolved' },
  feedback: { rating: 'basically_satisfied', comment: 'slow but done' },
  pause: { reason: 'resident away' },
  resume: {},
  escalate: { reason: 'no answer for a week' },
  reassign: { departmentId: 'lixian-water' },
  extend: { step: 'accept', by: 'PT4H', reason: 'flood duty' },
  package: { leader: 'Deputy County Head Wang Jun' },
  close: { reason: 'done' },
  withdraw: { reason: 'solved between neighbours' },
  unlinkDuplicate: { reason: 'a different building' },
  adoptCalendar: { calendar: directory.calendar, reason: 'the 2027 notice' },
  addAttachment: { id: 'att-1', name: 'sewer.jpg', contentType: 'image/jpeg', size: 52_000, sha256: 'a'.repeat(64), originalSha256: 'b'.repeat(64), stage: 'visit', visitId: 'v1' },
} satisfies Record<(typeof ACTION_NAMES)[number], unknown>;

describe("the workflow's check of action inputs (JSON Schema, no zod)", () => {
  it('is the committed copy of what the zod schemas say (run npm run gen:action-schemas after changing them)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../workflows/action-input-schemas.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(actionInputJsonSchemas());
  });

  it.each(ACTION_NAMES)('accepts a valid %s, as zod does', (name) => {
    expect(ActionInputs[name].safeParse(valid[name]).success).toBe(true);
    expect(actionInputIssues(name, valid[name])).toEqual([]);
  });

  it('names the field that is missing, empty, too long or not one of the allowed values', () => {
    expect(actionInputIssues('return', {})).toEqual([expect.objectContaining({ path: '', message: expect.stringContaining('reason') })]);
    expect(actionInputIssues('contact', { note: '' })).toEqual([expect.objectContaining({ path: 'note' })]);
    expect(actionInputIssues('pause', { reason: 'x'.repeat(1001) })).toEqual([expect.objectContaining({ path: 'reason' })]);
    expect(actionInputIssues('feedback', { rating: 'great' })).toEqual([expect.objectContaining({ path: 'rating' })]);
    expect(actionInputIssues('scheduleVisit', { scheduledFor: 'tomorrow', cadres: ['Li'] }).map((i) => i.path)).toContain('scheduledFor');
    expect(actionInputIssues('accept', 'not an object')).not.toEqual([]);
    expect(actionInputIssues('accept', undefined)).not.toEqual([]);
  });

  it('asks an extension for exactly one of until and by, like the zod refinement', () => {
    const base = { step: 'accept', reason: 'flood duty' };
    for (const input of [base, { ...base, by: 'PT4H', until: '2026-11-22T09:00:00+08:00' }]) {
      expect(ActionInputs.extend.safeParse(input).success).toBe(false);
      expect(actionInputIssues('extend', input)).not.toEqual([]);
    }
    expect(actionInputIssues('extend', { ...base, until: '2026-11-22T09:00:00+08:00' })).toEqual([]);
  });
});
