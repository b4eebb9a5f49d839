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

/**
 * PostgreSQL refused the data itself (SQLSTATE class 22: e.g. 22P02 invalid JSON text, 22P05 an
 * untranslatable character, 22021 a byte sequence invalid in the encoding). Retrying the same
 * write can never succeed, unlike a lost connection or a conflict.
 */
export function isDataError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code)) return true;
  }
  return false;
}
