// A complaint about a department's own conduct is never given to that department: the routing
// sends it to the body the directory says supervises it, and the decider refuses a person who tries.
import { describe, expect, it } from 'vitest';
import { route } from '../../domain/routing';
import { CaseRuleError } from '../../domain/errors';
import { supervisor } from '../support/actors';
import { CaseHarness, directory } from './fixtures';

describe('routing a complaint about a department', () => {
  it('goes to the body that supervises the department the rules would have chosen', () => {
    expect(route(directory, 'drainage.sewer', 'xihu').departmentId).toBe('lixian-housing');
    expect(route(directory, 'drainage.sewer', 'xihu', [], 'lixian-housing')).toMatchObject({ departmentId: 'lixian-letters-visits', rule: 'supervision-of:lixian-housing' });
  });

  it('keeps the rules\' choice when the complaint is about another department, but never asks the accused to assist', () => {
    const plain = route(directory, 'drainage.sewer', 'xihu');
    const about = route(directory, 'drainage.sewer', 'xihu', [], 'changde-municipal-works');
    expect(about.departmentId).toBe(plain.departmentId);
    expect(plain.assistingDepartmentIds).toContain('changde-municipal-works');
    expect(about.assistingDepartmentIds).not.toContain('changde-municipal-works');
  });

  it('goes to a dispatcher when the supervising body returned the case or there is none', () => {
    expect(route(directory, 'drainage.sewer', 'xihu', ['lixian-letters-visits'], 'lixian-housing').departmentId).toBeNull();
    // A complaint about the letters-and-visits bureau itself goes up to the city's.
    expect(route(directory, 'conduct', 'xihu', [], 'lixian-letters-visits').departmentId).toBe('changde-letters-visits');
  });
});

describe('deciding on a complaint about a department', () => {
  const complaint = () => new CaseHarness(undefined, undefined, { report: { complaintAbout: 'lixian-housing' } as never });

  it('sends a route to the accused department to a dispatcher instead', () => {
    const c = complaint();
    c.run({ type: 'classified', result: { categoryId: 'drainage.sewer', confidence: 0.9, evidence: [], suggestions: [] } });
    const events = c.run({ type: 'routed', result: { departmentId: 'lixian-housing', assistingDepartmentIds: [], rule: 'r' } });
    expect(events.map((e) => e.type)).toEqual(['dispatch_requested']);
  });

  it('refuses to dispatch or reassign it to the accused department', () => {
    const c = complaint();
    c.run({ type: 'classified', result: { categoryId: 'drainage.sewer', confidence: 0.1, evidence: [], suggestions: [] } });
    expect(c.state.status).toBe('awaiting_dispatch');
    expect(() => c.run({ type: 'dispatch', actor: supervisor, input: { categoryId: 'drainage.sewer', departmentId: 'lixian-housing' } })).toThrow(CaseRuleError);
    c.run({ type: 'dispatch', actor: supervisor, input: { categoryId: 'drainage.sewer', departmentId: 'lixian-letters-visits' } });
    expect(() => c.run({ type: 'reassign', actor: supervisor, input: { departmentId: 'lixian-housing' } })).toThrow(/complaint is about that department/);
  });
});
