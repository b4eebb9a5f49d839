import { useCallback, useRef, useState } from 'react';
import { fieldErrorsOf, problemText, type ActionContext } from './errors';
import { useI18n } from './i18n';
import type { MessageKey } from './i18n/en';

export type FormValues = Record<string, string>;

function newKey(): string {
  // randomUUID needs a secure context; a console opened over plain http on a LAN address has none.
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export interface SubmitOptions {
  /** Checks before sending: field → message key; any makes the form say why and send nothing. */
  check?: () => Record<string, MessageKey>;
  /** The action being taken, so a refusal can be worded as "you cannot X now; you may Y". */
  action?: ActionContext;
  /** Told of a failure after the form has said why (e.g. to reload a case that moved on). */
  onError?(error: unknown): void;
}

export interface ApiForm {
  values: FormValues;
  set(name: string, value: string): void;
  /** Messages for fields, worded from the API's problem `errors` (code and params). */
  errors: Record<string, string>;
  /** A message for the form as a whole: why it was not accepted. */
  message: string | null;
  busy: boolean;
  /** Sends; on failure keeps every value and says why. Resolves to the answer, or undefined. */
  submit<R>(send: (idempotencyKey: string) => Promise<R>, options?: SubmitOptions): Promise<R | undefined>;
  reset(): void;
  /** Forgets messages (another action succeeded: they are stale) and keeps what was typed. */
  clearMessages(): void;
}

/**
 * Form state for a call to the API. One Idempotency-Key per content: sending the same content
 * again after a 503 or a lost answer cannot act twice, and any edit makes a new key (so an edited
 * form is not refused as a reused key).
 */
export function useApiForm(initial: FormValues): ApiForm {
  const { t } = useI18n();
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const key = useRef(newKey());
  const initialRef = useRef(initial);

  const set = useCallback((name: string, value: string) => {
    key.current = newKey();
    setValues((v) => ({ ...v, [name]: value }));
    setErrors((e) => {
      if (!(name in e)) return e;
      const rest = { ...e };
      delete rest[name];
      return rest;
    });
  }, []);

  const reset = useCallback(() => {
    key.current = newKey();
    setValues(initialRef.current);
    setErrors({});
    setMessage(null);
  }, []);

  const clearMessages = useCallback(() => {
    setErrors({});
    setMessage(null);
  }, []);

  const submit = useCallback(
    async <R,>(send: (idempotencyKey: string) => Promise<R>, options: SubmitOptions = {}): Promise<R | undefined> => {
      setMessage(null);
      setErrors({});
      const found = options.check?.() ?? {};
      if (Object.keys(found).length > 0) {
        setErrors(Object.fromEntries(Object.entries(found).map(([f, k]) => [f, t(k)])));
        setMessage(t('error.invalid'));
        return undefined;
      }
      setBusy(true);
      try {
        return await send(key.current);
      } catch (error) {
        setMessage(problemText(error, t, options.action));
        setErrors(fieldErrorsOf(error, t));
        options.onError?.(error);
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [t],
  );

  return { values, set, errors, message, busy, submit, reset, clearMessages };
}
