/** What a refused sign-in says, on the login page and in the expired-session dialog alike. */
import type { TFunction } from 'i18next';
import { ApiError } from '../api/http';

export function signInError(err: unknown, t: TFunction): string {
  if (err instanceof ApiError && (err.status === 429 || err.status === 423))
    return err.retryAfterSeconds
      ? t('lockedOut', { minutes: Math.max(1, Math.ceil(err.retryAfterSeconds / 60)) })
      : t('lockedOutSoon');
  if (err instanceof ApiError && (err.status === 401 || err.status === 400)) return t('loginFailed');
  return t('networkError');
}
