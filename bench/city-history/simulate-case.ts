import type { CaseCommand } from '../../domain/command';
import { decide } from '../../domain/decide';
import { allowanceMs, nextWakeAt } from '../../domain/deadlines';
import { CaseRuleError } from '../../domain/errors';
import { evolve } from '../../domain/evolve';
import { initialState } from '../../domain/initial-state';
import type { Actor } from '../../schema/actor';
import type { Classification } from '../../schema/automation';
import type { CaseState } from '../../schema/case-state';
import type { CaseReport } from '../../schema/commands';
import type { CaseEvent } from '../../schema/events';
import { countsWorkingTime, type Step, type Urgency } from '../../schema/policy';
import { actionText, cadres, phone, reportText, reporterName, type Language } from './case-texts';
import type { CityModel } from './city-model';
import { chance, choose, int, pick, uniform, uuid4, type Rng } from './random';

export interface SimulatedCase {
  caseId: string;
  events: CaseEvent[];
  /** The fold of `events`: what the append activity leaves in the read model. */
  state: CaseState;
  /** Planned actions the decider refused when they came due (the API's 409): rare, and counted so they stay rare. */
  refused: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How one case's people behave, drawn once when it is reported. */
interface Persona {
  lang: Language;
  /** The category the problem really is; the classifier gets it wrong now and then. */
  category: string;
  /** The resident never rates the work: the feedback window closes the case. */
  silent: boolean;
  /** Side actions at fixed times: withdrawal, a supervisor's escalation, reassignment… */
  interrupts: { at: number; kind: 'withdraw' | 'escalate' | 'package' | 'reassign' | 'close' }[];
}

/**
 * A planned action: at this instant, this command. Built when it is due, since some inputs
 * (the id of the visit to record) exist only by then.
 */
interface Planned {
  at: number;
  command: () => CaseCommand;
}

/**
 * One case's history, produced by the real decider: the same commands the workflow issues, in
 * the same order, at simulated instants. `tick` is issued whenever the case's single timer
 * (nextWakeAt) comes due before the next human action, exactly as the workflow's timer fires,
 * so warnings, missed deadlines, escalations and feedback-window closes are the decider's own.
 * Actions after `now` have not happened yet: the case is left open where it stands.
 */
export function simulateCase(model: CityModel, rng: Rng, index: number, reportedAt: number, now: number): SimulatedCase {
  return new CaseRun(model, rng, index, now).run(reportedAt);
}

class CaseRun {
  private state: CaseState;
  private readonly events: CaseEvent[] = [];
  private t = 0;
  private persona!: Persona;
  private urgency: Urgency = 'normal';
  private plan: Planned[] = [];
  /** What the plan was made for: replanned whenever the case is assigned, accepted or resolved anew. */
  private planKey = '';
  private readonly caseId: string;
  /** Events of the types that start a new plan, counted as they are appended. */
  private readonly seen = { case_assigned: 0, assignment_accepted: 0, case_resolved: 0 };
  private lastDepartment: string | null = null;
  /** Words of the category in the report's text, cited by the simulated classifier. */
  private evidence: string[] = [];
  private refused = 0;
  constructor(
    private readonly model: CityModel,
    private readonly rng: Rng,
    private readonly index: number,
    private readonly now: number,
  ) {
    this.caseId = `case-${uuid4(rng)}`;
    this.state = initialState(this.caseId);
  }

  run(reportedAt: number): SimulatedCase {
    this.report(reportedAt);
    while (!this.closed()) {
      const next = this.nextAction();
      if (!next || next.at > this.now) {
        this.advanceTo(this.now);
        break;
      }
      // The timer fires first if it is due first: a missed deadline, or the feedback window closing the case.
      this.advanceTo(next.at);
      if (this.closed()) break;
      this.act(next);
    }
    return { caseId: this.caseId, events: this.events, state: this.state, refused: this.refused };
  }

  private closed(): boolean {
    return this.state.status === 'closed';
  }

  // ── the engine's side ──────────────────────────────────────────────────────────────────

  private apply(command: CaseCommand, at: number): CaseEvent[] {
    // Whole milliseconds: the log stores instants as timestamptz, and read back they must fold to the same state.
    at = Math.max(Math.round(at), this.t);
    const produced = decide(this.state, command, { now: at, newId: () => uuid4(this.rng) });
    for (const e of produced) {
      this.events.push(e);
      this.state = evolve(this.state, e);
      if (e.type === 'case_assigned' || e.type === 'assignment_accepted' || e.type === 'case_resolved') this.seen[e.type]++;
      if (e.type === 'case_assigned') this.lastDepartment = e.data.departmentId;
    }
    this.t = at;
    return produced;
  }

  /** The workflow's timer: a tick at each wake-up due by `limit`, then its automatic steps. */
  private advanceTo(limit: number): void {
    while (this.state.status !== 'closed') {
      const wake = nextWakeAt(this.state);
      if (wake === undefined) return;
      // A wake-up already past (an extension that is soon due again) fires at once, as a 1 ms timer.
      const at = wake > this.t ? wake : this.t + 1;
      if (at > limit) return;
      if (this.apply({ type: 'tick' }, at).length === 0) throw new Error(`${this.caseId}: a tick at ${new Date(at).toISOString()} changed nothing`);
      this.automate();
    }
  }

  /** Classify a new case, route a classified one: what `automate()` in the workflow does. */
  private automate(): void {
    while (this.state.status === 'reported' && this.state.report) {
      const at = this.t + int(this.rng, 80, 900);
      if (this.state.categoryId === null) {
        this.apply({ type: 'classified', result: this.classification() }, at);
      } else {
        const jurisdictionId = this.state.report.location.jurisdictionId;
        // The duplicate check finds nothing: the generated city has no duplicate reports.
        this.apply({ type: 'routed', result: this.model.route(this.state.categoryId, jurisdictionId, this.state.returnedBy) }, at);
      }
    }
  }

  private classification(): Classification {
    const { rng, model, persona } = this;
    const threshold = model.policy.autoRouteConfidence;
    const confident = chance(rng, 0.92);
    // Now and then a confident classifier is wrong: the department it routes to hands it back.
    const categoryId = confident && chance(rng, 0.04) ? model.categories.draw(rng) : persona.category;
    const confidence = confident ? uniform(rng, threshold + 0.01, 0.99) : uniform(rng, 0.15, threshold - 0.01);
    const rounded = Math.round(confidence * 1000) / 1000;
    const second = model.categories.draw(rng);
    const suggestions = [{ categoryId, score: rounded }, ...(second === categoryId ? [] : [{ categoryId: second, score: Math.round(rounded * uniform(rng, 300, 800)) / 1000 }])];
    return { categoryId, confidence: rounded, evidence: this.evidence, suggestions };
  }

  // ── the people's side ──────────────────────────────────────────────────────────────────

  private report(at: number): void {
    const { rng, model } = this;
    const place = model.places.draw(rng);
    const street = model.streetOf(place.id);
    const lang: Language = chance(rng, 0.75) ? 'zh' : 'en';
    const category = model.categories.draw(rng);
    const text = reportText(rng, lang, category, model.children, place);
    this.evidence = text.evidence;
    this.urgency = choose(rng, { normal: 0.85, urgent: 0.12, emergency: 0.03 });
    const channel = choose(rng, { street_committee: 0.45, hotline: 0.3, online: 0.12, grid: 0.08, visit: 0.05 });
    const anonymous = chance(rng, 0.1);
    const [lat, lon] = model.coordinates(place.id);
    const located = chance(rng, 0.6);
    const report: CaseReport = {
      ...(text.title === undefined ? {} : { title: text.title }),
      description: text.description,
      location: {
        jurisdictionId: place.id,
        address: text.address,
        ...(located ? { lat: round6(lat + uniform(rng, -0.004, 0.004)), lon: round6(lon + uniform(rng, -0.004, 0.004)) } : {}),
      },
      reporter: anonymous ? { anonymous: true } : { name: reporterName(rng, lang), phone: phone(rng), anonymous: false },
      channel,
      urgency: this.urgency,
      attachments: [],
    };
    // Hotline and online reports are entered by the district's call centre, the rest by the street.
    const actor: Actor =
      channel === 'hotline' || channel === 'online'
        ? { sub: `hotline.operator${(this.index % 40) + 1}`, role: 'supervisor', org: model.districtOf(place.id).id }
        : { sub: `${street.id}.clerk${int(rng, 1, 3)}`, role: 'street', org: street.id };
    this.persona = this.drawPersona(lang, category, at);
    const policy = model.policy;
    const calendar = countsWorkingTime(policy, this.urgency) ? model.directory.calendar : undefined;
    this.apply({ type: 'report', actor, report, policy, ladder: model.ladder(place.id), ...(calendar ? { calendar } : {}) }, at);
    this.automate();
  }

  private drawPersona(lang: Language, category: string, at: number): Persona {
    const { rng } = this;
    const interrupts: Persona['interrupts'] = [];
    const later = (lo: number, hi: number) => at + Math.round(uniform(rng, lo, hi));
    if (chance(rng, 0.012)) interrupts.push({ at: later(HOUR, 5 * DAY), kind: 'withdraw' });
    if (chance(rng, 0.008)) interrupts.push({ at: later(2 * HOUR, 6 * DAY), kind: 'escalate' });
    if (chance(rng, 0.003)) interrupts.push({ at: later(DAY, 8 * DAY), kind: 'package' });
    if (chance(rng, 0.01)) interrupts.push({ at: later(HOUR, 3 * DAY), kind: 'reassign' });
    if (chance(rng, 0.002)) interrupts.push({ at: later(HOUR, 4 * DAY), kind: 'close' });
    interrupts.sort((a, b) => a.at - b.at);
    return { lang, category, silent: chance(rng, 0.12), interrupts };
  }

  /** How long, in allowances of `step`, someone takes: mostly well inside, sometimes near or past it. */
  private factor(departmentId: string | null): number {
    const { rng } = this;
    const busy = departmentId !== null && this.model.busy.has(departmentId);
    // A small share of cases stall for weeks: the city's old open backlog.
    if (chance(rng, 0.0012)) return uniform(rng, 6, 40);
    if (chance(rng, busy ? 0.045 : 0.015)) {
      const kind = choose(rng, { once: 0.78, twice: 0.17, ladder: 0.05 });
      return kind === 'once' ? uniform(rng, 1.02, 1.95) : kind === 'twice' ? uniform(rng, 2.05, 3.9) : uniform(rng, 4.1, 6);
    }
    if (chance(rng, 0.03)) return uniform(rng, 0.76, 0.99);
    return (busy ? 1.15 : 1) * (0.02 + 0.68 * rng.next() ** 1.6);
  }

  private allowance(step: Step): number {
    return allowanceMs(this.model.policy, this.urgency, step);
  }

  private department(org: string): Actor {
    return { sub: `${org}.officer${int(this.rng, 1, 4)}`, role: 'department', org };
  }

  private supervisor(): Actor {
    const district = this.model.districtOf(this.state.report!.location.jurisdictionId);
    return { sub: `${district.id}.dispatcher${int(this.rng, 1, 2)}`, role: 'supervisor', org: district.id };
  }

  private streetCommittee(): Actor {
    const street = this.model.streetOf(this.state.report!.location.jurisdictionId);
    return { sub: `${street.id}.clerk${int(this.rng, 1, 3)}`, role: 'street', org: street.id };
  }

  /** The earliest of the plan's next step and the pending interrupts. */
  private nextAction(): Planned | null {
    const key = `${this.state.status}:${this.state.departmentId}:${this.seen.case_assigned}:${this.seen.assignment_accepted}:${this.seen.case_resolved}`;
    if (key !== this.planKey) {
      this.planKey = key;
      this.plan = this.makePlan();
    }
    const main = this.plan[0] ?? null;
    const interrupt = this.persona.interrupts[0];
    if (interrupt && (!main || interrupt.at <= main.at)) {
      this.persona.interrupts.shift();
      const command = this.interruptCommand(interrupt.kind);
      return command ? { at: Math.max(interrupt.at, this.t), command: () => command } : this.nextAction();
    }
    return main;
  }

  private act(next: Planned): void {
    if (this.plan[0] === next) this.plan.shift();
    try {
      this.apply(next.command(), next.at);
    } catch (error) {
      // Actions are drawn ahead of time and may no longer fit when due (an escalation after the
      // case was resolved, a pause under a department that lost the case): refused and skipped,
      // as the API would answer 409.
      if (!(error instanceof CaseRuleError)) throw error;
      this.refused++;
      return;
    }
    this.automate();
  }

  /** What the people involved do next, given where the case stands. */
  private makePlan(): Planned[] {
    const s = this.state;
    const { rng, persona } = this;
    const clock = (step: Step) => s.steps[step]?.startedAt ?? this.t;
    switch (s.status) {
      case 'awaiting_dispatch': {
        const at = clock('dispatch') + this.factor(null) * this.allowance('dispatch');
        const categoryId = persona.category;
        // A dispatcher sends it where the rules would for its real category, never back to a department that had it.
        const exclude = [...s.returnedBy, ...(this.lastDepartment ? [this.lastDepartment] : [])];
        const departmentId = this.model.route(categoryId, s.report!.location.jurisdictionId, exclude).departmentId ?? pick(rng, this.model.departmentIds.filter((d) => !exclude.includes(d)));
        const command: CaseCommand = { type: 'dispatch', actor: this.supervisor(), input: { categoryId, departmentId } };
        return [{ at, command: () => command }];
      }
      case 'assigned': {
        const departmentId = s.departmentId!;
        const at = clock('accept') + this.factor(departmentId) * this.allowance('accept');
        // The wrong department (a misclassified case) nearly always hands it back.
        const wrong = s.categoryId !== persona.category && !persona.category.startsWith(`${s.categoryId}.`);
        const returns = wrong ? chance(rng, 0.8) : chance(rng, s.returnCount === 0 ? 0.045 : 0.03);
        const actor = this.department(departmentId);
        const command: CaseCommand = returns ? { type: 'return', actor, input: { reason: actionText.returnReason(rng, persona.lang) } } : { type: 'accept', actor, input: {} };
        return [{ at, command: () => command }];
      }
      case 'accepted':
        return this.handlingPlan();
      case 'resolved': {
        if (persona.silent) return [];
        const at = clock('feedback') + uniform(rng, 0.02, 0.9) * this.allowance('feedback');
        const rating = choose(rng, s.reopenCount === 0 ? { satisfied: 0.66, basically_satisfied: 0.24, unsatisfied: 0.1 } : { satisfied: 0.55, basically_satisfied: 0.4, unsatisfied: 0.05 });
        const comment = chance(rng, 0.4) ? { comment: actionText.comment(rng, persona.lang) } : {};
        const command: CaseCommand = { type: 'feedback', actor: this.streetCommittee(), input: { rating, ...comment } };
        return [{ at, command: () => command }];
      }
      default:
        // visit_scheduled continues the handling plan made on acceptance; reported is automatic.
        return this.plan;
    }
  }

  /**
   * From acceptance to resolution: contact, schedule and record a visit, resolve; sometimes a
   * pause with its resume, sometimes a supervisor's extension. Instants are drawn against each
   * step's own clock (all three start at acceptance), so lateness lands on the step it is for.
   */
  private handlingPlan(): Planned[] {
    const { rng, persona } = this;
    const s = this.state;
    const org = s.departmentId!;
    const start = s.steps.contact?.startedAt ?? this.t;
    const actor = this.department(org);
    const lang = persona.lang;
    const plan: Planned[] = [];
    const add = (at: number, command: CaseCommand | (() => CaseCommand)) => plan.push({ at, command: typeof command === 'function' ? command : () => command });
    const contactAt = start + this.factor(org) * this.allowance('contact');
    add(contactAt, { type: 'contact', actor, input: { note: actionText.note(rng, lang) } });
    // Offsets between actions scale with the step's allowance, so an emergency moves in minutes and a normal case in hours.
    const visitTime = this.allowance('visit');
    let last = contactAt;
    if (chance(rng, 0.82)) {
      const scheduleAt = contactAt + uniform(rng, 0.005, 0.05) * visitTime;
      const visitAt = Math.max(scheduleAt + uniform(rng, 0.02, 0.1) * visitTime, start + this.factor(org) * visitTime);
      add(scheduleAt, { type: 'scheduleVisit', actor, input: { scheduledFor: new Date(Math.round(visitAt)).toISOString(), cadres: cadres(rng) } });
      const findings = actionText.findings(rng, lang);
      // The visit id is minted by the decider when the visit is scheduled.
      last = visitAt + uniform(rng, 0.005, 0.03) * visitTime;
      add(last, () => ({ type: 'completeVisit', actor, input: { visitId: this.state.visits.at(-1)?.id ?? 'none', findings } }));
    }
    // A case that needs no visit is answered before the visit step would be due (its clock runs until resolution).
    const resolveStep = last === contactAt ? visitTime : this.allowance('resolve');
    const resolveAt = Math.max(last + uniform(rng, 0.005, 0.05) * resolveStep, start + this.factor(org) * resolveStep);
    add(resolveAt, { type: 'resolve', actor, input: { summary: actionText.summary(rng, lang), outcome: chance(rng, 0.86) ? 'resolved' : 'explained' } });

    if (s.pausedSince !== null) {
      // Still paused from before a reassignment: the new department starts the clock again.
      const resume: CaseCommand = { type: 'resume', actor, input: {} };
      plan.unshift({ at: start + uniform(rng, 0.01, 0.1) * this.allowance('contact'), command: () => resume });
    } else if (chance(rng, 0.03)) {
      // A pause holds every clock; what comes after it moves later by its length.
      const i = int(rng, 0, plan.length - 1);
      const pauseAt = (i === 0 ? start : plan[i - 1]!.at) + uniform(rng, 5 * MINUTE, HOUR);
      const length = uniform(rng, 2 * HOUR, 3 * DAY);
      for (const p of plan.slice(i)) p.at += length + HOUR;
      const pause: CaseCommand = { type: 'pause', actor, input: { reason: actionText.pauseReason(rng, lang) } };
      const resume: CaseCommand = { type: 'resume', actor, input: {} };
      plan.splice(i, 0, { at: pauseAt, command: () => pause }, { at: pauseAt + length, command: () => resume });
    }
    if (chance(rng, 0.03)) {
      // A supervisor grants more time on the resolve step, by part of its allowance.
      const byMs = Math.max(HOUR, Math.round((uniform(rng, 0.2, 1) * this.allowance('resolve')) / HOUR) * HOUR);
      const at = start + uniform(rng, 0.3, 0.8) * this.allowance('resolve');
      const i = plan.findIndex((p) => p.at > at);
      const extend: CaseCommand = { type: 'extend', actor: this.supervisor(), input: { step: 'resolve', by: `PT${byMs / HOUR}H`, reason: lang === 'zh' ? '需协调其他部门' : 'Needs another department' } };
      if (i > 0) plan.splice(i, 0, { at, command: () => extend });
    }
    return plan;
  }

  private interruptCommand(kind: Persona['interrupts'][number]['kind']): CaseCommand | null {
    const s = this.state;
    const { rng, persona } = this;
    const reason = persona.lang === 'zh' ? '群众多次来电，要求督办' : 'Repeated calls from residents';
    switch (kind) {
      case 'withdraw':
        return { type: 'withdraw', actor: this.streetCommittee(), input: { reason: persona.lang === 'zh' ? '居民已自行解决' : 'The resident sorted it out' } };
      case 'escalate':
        return s.escalationLevel < this.model.policy.escalationLevels ? { type: 'escalate', actor: this.supervisor(), input: { reason } } : null;
      case 'package': {
        const rung = s.ladder.find((r) => r.leader !== null);
        return rung ? { type: 'package', actor: this.supervisor(), input: { leader: rung.leader!, reason } } : null;
      }
      case 'close':
        return { type: 'close', actor: this.supervisor(), input: { reason: persona.lang === 'zh' ? '不属于政府职能范围' : 'Not a matter for the government' } };
      case 'reassign': {
        if (s.categoryId === null || s.departmentId === null) return null;
        const departmentId = this.model.route(s.categoryId, s.report!.location.jurisdictionId, [...s.returnedBy, s.departmentId]).departmentId ?? pick(rng, this.model.departmentIds.filter((d) => d !== s.departmentId));
        return { type: 'reassign', actor: this.supervisor(), input: { departmentId, reason } };
      }
    }
  }
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
