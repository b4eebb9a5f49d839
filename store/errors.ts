/** The stream moved on since the writer read it: someone else appended first. */
export class ConcurrencyError extends Error {
  constructor(
    readonly caseId: string,
    readonly expectedVersion: number,
    readonly actualVersion: number,
  ) {
    super(`case ${caseId} is at version ${actualVersion}, not the expected ${expectedVersion}; reload the case and decide again`);
    this.name = 'ConcurrencyError';
  }
}

/** Some of a batch's event ids are stored and some are not: a batch was split or altered. */
export class InconsistentAppendError extends Error {
  constructor(caseId: string, stored: number, total: number) {
    super(`case ${caseId}: ${stored} of ${total} events of this batch are already stored; a batch must be appended whole`);
    this.name = 'InconsistentAppendError';
  }
}
