import type { Actor } from '../schema/actor';
import type { Classification, Route } from '../schema/automation';
import type { ActionInput, ActionName, CaseReport } from '../schema/commands';
import type { WorkingCalendar } from '../schema/calendar';
import type { LadderRung } from '../schema/ladder';
import type { CasePolicy } from '../schema/policy';

/** An action by a person, as named in CONTRACT.md. */
export type ActionCommand = { [A in ActionName]: { type: A; actor: Actor; input: ActionInput<A> } }[ActionName];

/** What the engine itself decides on: intake, the results of its activities, and time passing. */
export type SystemCommand =
  | { type: 'report'; actor: Actor; report: CaseReport; policy: CasePolicy; ladder?: LadderRung[]; calendar?: WorkingCalendar; number?: string }
  | { type: 'classified'; result: Classification }
  | { type: 'routed'; result: Route }
  | { type: 'duplicateFound'; duplicateOf: string; sameAddress: boolean; distanceM: number | null }
  | { type: 'tick' };

export type CaseCommand = ActionCommand | SystemCommand;

/** What a decision may use besides state and command; supplied deterministically by the workflow. */
export interface DecisionContext {
  now: number;
  newId: () => string;
}
