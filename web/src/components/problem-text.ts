import { ApiError } from '../api/client';
import type { Translate } from '../i18n';

/**
 * What to tell a person about a failed call. A form never clears itself on failure, so every
 * message can promise that nothing was lost.
 */
export function problemText(error: unknown, t: Translate): string {
  if (!(error instanceof ApiError)) return t('error.other', { status: '?', detail: String((error as Error)?.message ?? error) });
  const detail = error.problem?.detail ?? '';
  switch (error.status) {
    case 0:
      return t('error.network');
    case 400:
      return error.problem?.errors?.length ? t('error.invalid') : t('error.other', { status: 400, detail });
    case 401:
      return t('error.unauthorized', { detail });
    case 403:
      return t('error.forbidden', { detail });
    case 409:
      return t('error.conflict', { detail });
    case 429:
      return t('error.rateLimited');
    case 503:
      return t('error.unavailable');
    default:
      return t('error.other', { status: error.status, detail });
  }
}
