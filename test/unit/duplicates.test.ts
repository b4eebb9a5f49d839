import { describe, expect, it } from 'vitest';
import { distanceM, normaliseAddress, samePlace } from '../../domain/duplicates';
import { department, supervisor } from '../support/actors';
import { CaseHarness } from './fixtures';

describe('same place', () => {
  it('compares addresses without case, spaces or punctuation', () => {
    expect(normaliseAddress(' Building 3, Xihu Community ')).toBe('building3xihucommunity');
    expect(normaliseAddress('西湖社区 3栋，2单元')).toBe('西湖社区3栋2单元');
    expect(samePlace({ jurisdictionId: 'xihu', address: '西湖社区3栋' }, { jurisdictionId: 'xihu', address: '西湖社区 3 栋' }, 100)).toEqual({ sameAddress: true, distanceM: null });
  });

  it('measures great-circle distance and links within the limit only', () => {
    expect(distanceM({ lat: 0, lon: 0 }, { lat: 0, lon: 1 })).toBeCloseTo(111_195, -1);
    const a = { jurisdictionId: 'xihu', lat: 29.64, lon: 111.75 };
    // 0.0003° north is 33.4 m, 0.0002° east at 29.64° N is 19.3 m: 38.6 m.
    expect(samePlace(a, { jurisdictionId: 'xihu', lat: 29.6403, lon: 111.7502 }, 100)).toEqual({ sameAddress: false, distanceM: 39 });
    expect(samePlace(a, { jurisdictionId: 'xihu', lat: 29.645, lon: 111.75 }, 100)).toBeUndefined();
    expect(samePlace({ jurisdictionId: 'xihu' }, { jurisdictionId: 'xihu' }, 100)).toBeUndefined();
  });
});

describe('deciding on duplicates', () => {
  const linked = () => {
    const c = new CaseHarness();
    c.run({ type: 'classified', result: { categoryId: 'drainage.sewer', confidence: 0.9, evidence: [], suggestions: [] } });
    c.run({ type: 'duplicateFound', duplicateOf: 'case-original', sameAddress: true, distanceM: null });
    return c;
  };

  it('links a classified new case and waits for a dispatcher', () => {
    expect(linked().state).toMatchObject({ status: 'awaiting_dispatch', duplicateOf: 'case-original', departmentId: null });
  });

  it('a supervisor unlinks it, once, back to routing; nobody else may', () => {
    const c = linked();
    expect(() => c.run({ type: 'unlinkDuplicate', actor: department('lixian-housing'), input: { reason: 'r' } })).toThrow(/only supervisor/);
    c.run({ type: 'unlinkDuplicate', actor: supervisor, input: { reason: 'another pipe' } });
    expect(c.state).toMatchObject({ status: 'reported', duplicateOf: null, duplicateUnlinked: true });
    expect(() => c.run({ type: 'unlinkDuplicate', actor: supervisor, input: { reason: 'r' } })).toThrow(/cannot unlinkDuplicate a case that is reported/);
  });

  it('closing a linked duplicate records the outcome duplicate', () => {
    const c = linked();
    c.run({ type: 'close', actor: supervisor, input: { reason: 'same as the earlier report' } });
    expect(c.state).toMatchObject({ status: 'closed', outcome: 'duplicate' });
  });
});
