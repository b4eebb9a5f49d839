import { describe, expect, it } from 'vitest';
import { en } from '../../web/src/i18n/en';
import { spanParts, zonedToIso, isoToZoned } from '../../web/src/i18n/format';
import { zh } from '../../web/src/i18n/zh';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the console\'s dictionaries', () => {
  it('have the same keys in Chinese and English, none empty', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const dict of [en, zh]) for (const [key, text] of Object.entries(dict)) expect(text.trim(), key).not.toBe('');
  });

  it('fill in the same values in both languages', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect(placeholders(zh[key]), key).toEqual(placeholders(en[key]));
  });

  it('translate every status, event type, step and rating the API names', () => {
    const statuses = ['reported', 'awaiting_dispatch', 'assigned', 'accepted', 'visit_scheduled', 'resolved', 'closed'];
    const events = ['case_reported', 'case_classified', 'dispatch_requested', 'case_assigned', 'assignment_returned', 'assignment_accepted', 'resident_contacted', 'visit_scheduled', 'visit_completed', 'case_resolved', 'feedback_received', 'case_reopened', 'deadline_warning', 'deadline_missed', 'case_escalated', 'deadline_extended', 'clock_paused', 'clock_resumed', 'leader_assigned', 'case_withdrawn', 'case_closed'];
    const keys = [...statuses.map((s) => `status.${s}`), ...events.map((e) => `event.${e}`)];
    for (const key of keys) expect(en, key).toHaveProperty([key]);
  });
});

describe('the console\'s times', () => {
  it('read a wall time typed in the city as an instant of the city\'s zone, and back', () => {
    expect(zonedToIso('2026-05-06T09:30', 'Asia/Shanghai')).toBe('2026-05-06T01:30:00.000Z');
    expect(isoToZoned(Date.parse('2026-05-06T01:30:00Z'), 'Asia/Shanghai')).toBe('2026-05-06T09:30');
    expect(zonedToIso('not a time', 'Asia/Shanghai')).toBeNull();
  });

  it('say a span in its two largest units', () => {
    expect(spanParts(26 * 3_600_000 + 5 * 60_000)).toEqual([[1, 'days'], [2, 'hours']]);
    expect(spanParts(-90 * 60_000)).toEqual([[1, 'hours'], [30, 'minutes']]);
    expect(spanParts(10_000)).toEqual([[0, 'minutes']]);
  });
});
