import { describe, expect, it } from 'vitest';
import { attachmentRuleBreak, attachmentStage } from '../../domain/attachments';
import { CaseRuleError } from '../../domain/errors';
import type { AttachmentInput } from '../../schema/attachments';
import { department, street, supervisor } from '../support/actors';
import { CaseHarness } from './fixtures';

const housing = department('lixian-housing');
const file = (over: Partial<AttachmentInput> = {}): AttachmentInput => ({
  id: `att-${Math.random().toString(36).slice(2)}`,
  name: 'photo.jpg',
  contentType: 'image/jpeg',
  size: 1000,
  sha256: 'a'.repeat(64),
  originalSha256: 'b'.repeat(64),
  ...over,
});
const refusal = (run: () => unknown) => {
  try {
    run();
    return 'accepted';
  } catch (error) {
    if (error instanceof CaseRuleError) return error.code;
    throw error;
  }
};

describe('which files go on a case, at which stage', () => {
  it('defaults the stage by who adds it', () => {
    expect(attachmentStage(street, {})).toBe('report');
    expect(attachmentStage(supervisor, {})).toBe('report');
    expect(attachmentStage(housing, {})).toBe('resolution');
    expect(attachmentStage(housing, { visitId: 'v1' })).toBe('visit');
    expect(attachmentStage(housing, { stage: 'visit', visitId: 'v1' })).toBe('visit');
  });

  it('takes the report\'s files from the street or a supervisor while the case is open, and records them', () => {
    const c = new CaseHarness();
    c.classifyAndRoute();
    const [event] = c.run({ type: 'addAttachment', actor: street, input: file({ id: 'att-1' }) });
    expect(event).toMatchObject({ type: 'attachment_added', data: { id: 'att-1', stage: 'report' }, actor: street });
    expect(c.state.attachments).toEqual([expect.objectContaining({ id: 'att-1', stage: 'report', addedBy: street, addedAt: c.now })]);
    expect(refusal(() => c.run({ type: 'addAttachment', actor: street, input: file({ id: 'att-1' }) }))).toBe('invalid_input');
    c.run({ type: 'close', actor: supervisor, input: { reason: 'done' } });
    expect(refusal(() => c.run({ type: 'addAttachment', actor: supervisor, input: file() }))).toBe('invalid_state');
  });

  it('takes a visit\'s and the resolution\'s files from the assigned department once it has accepted', () => {
    const c = new CaseHarness();
    c.classifyAndRoute();
    expect(refusal(() => c.run({ type: 'addAttachment', actor: housing, input: file() }))).toBe('invalid_state');
    expect(refusal(() => c.run({ type: 'addAttachment', actor: department('lixian-health'), input: file() }))).toBe('forbidden');
    c.run({ type: 'accept', actor: housing, input: {} });
    expect(refusal(() => c.run({ type: 'addAttachment', actor: housing, input: file({ stage: 'report' }) }))).toBe('forbidden');
    expect(refusal(() => c.run({ type: 'addAttachment', actor: street, input: file({ stage: 'resolution' }) }))).toBe('forbidden');
    expect(refusal(() => c.run({ type: 'addAttachment', actor: housing, input: file({ stage: 'visit' }) }))).toBe('invalid_input');
    expect(refusal(() => c.run({ type: 'addAttachment', actor: housing, input: file({ visitId: 'no-such-visit' }) }))).toBe('invalid_input');
    expect(refusal(() => c.run({ type: 'addAttachment', actor: housing, input: file({ stage: 'resolution', visitId: 'v' }) }))).toBe('invalid_input');
    c.run({ type: 'scheduleVisit', actor: housing, input: { scheduledFor: '2026-11-24T09:00:00+08:00', cadres: ['Liu'] } });
    const visitId = c.state.visits[0]!.id;
    expect(c.run({ type: 'addAttachment', actor: housing, input: file({ visitId }) })[0]!.data).toMatchObject({ stage: 'visit', visitId });
    expect(c.run({ type: 'addAttachment', actor: housing, input: file() })[0]!.data).toMatchObject({ stage: 'resolution' });
    expect(attachmentRuleBreak(c.state, housing, { stage: 'visit', visitId })).toBeNull();
    expect(c.state.attachments!.map((a) => a.stage)).toEqual(['visit', 'resolution']);
  });
});
