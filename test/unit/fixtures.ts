import demoCity from '../../config/demo-city.json';
import defaultPolicy from '../../config/default-policy.json';
import type { CaseCommand } from '../../domain/command';
import { decide } from '../../domain/decide';
import { evolve } from '../../domain/evolve';
import { initialState } from '../../domain/initial-state';
import type { CaseState } from '../../schema/case-state';
import { CaseReport } from '../../schema/commands';
import { Directory } from '../../schema/directory';
import type { CaseEvent } from '../../schema/events';
import type { LadderRung } from '../../schema/ladder';
import type { WorkingCalendar } from '../../schema/calendar';
import { CasePolicy, type CasePolicyInput } from '../../schema/policy';
import { sewerReport, street } from '../support/actors';

export const directory = Directory.parse(demoCity);
export const policyWith = (p: Partial<CasePolicyInput> = {}) => CasePolicy.parse({ ...defaultPolicy, ...p });

/** Runs commands through decide and evolve, as the workflow does, on a clock that the caller moves. */
export class CaseHarness {
  state: CaseState;
  events: CaseEvent[] = [];
  now = Date.parse('2026-11-23T01:00:00Z');
  private ids = 0;
  private readonly newId: () => string;
  constructor(
    policy = policyWith(),
    ladder?: LadderRung[],
    opts: { calendar?: WorkingCalendar; now?: number; caseId?: string; newId?: () => string; report?: Partial<typeof sewerReport> } = {},
  ) {
    this.state = initialState(opts.caseId ?? 'case-test');
    if (opts.now !== undefined) this.now = opts.now;
    this.newId = opts.newId ?? (() => `id-${++this.ids}`);
    this.run({ type: 'report', actor: street, report: CaseReport.parse({ ...sewerReport, ...opts.report }), policy, ladder, calendar: opts.calendar });
  }
  run(command: CaseCommand): CaseEvent[] {
    const events = decide(this.state, command, { now: this.now, newId: this.newId });
    this.events.push(...events);
    this.state = events.reduce(evolve, this.state);
    return events;
  }
  classifyAndRoute(departmentId = 'lixian-housing') {
    this.run({ type: 'classified', result: { categoryId: 'drainage.sewer', confidence: 0.9, evidence: ['下水道堵'], suggestions: [] } });
    return this.run({ type: 'routed', result: { departmentId, assistingDepartmentIds: [], rule: 'drainage@changde' } });
  }
  advance(ms: number) {
    this.now += ms;
    return this;
  }
}
