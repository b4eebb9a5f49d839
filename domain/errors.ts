import type { CaseStatus } from '../schema/case-state';

export type CaseRuleCode = 'invalid_state' | 'forbidden' | 'invalid_input';

/** A command that does not fit the case: nothing is recorded, and the caller is told why. */
export class CaseRuleError extends Error {
  constructor(
    readonly code: CaseRuleCode,
    message: string,
    readonly status: CaseStatus,
  ) {
    super(message);
    this.name = 'CaseRuleError';
  }
}
