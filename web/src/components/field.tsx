import type { ReactNode } from 'react';
import { useI18n } from '../i18n';
import type { ApiForm } from '../use-api-form';

export interface Option {
  value: string;
  label: string;
}

interface FieldProps {
  form: ApiForm;
  /** The name the API uses for the value, so its field errors land here. */
  name: string;
  /** Unique on the page: forms for several cases may be shown at once. */
  idPrefix: string;
  label: string;
  kind?: 'text' | 'textarea' | 'select' | 'datetime' | 'number' | 'tel';
  required?: boolean;
  options?: readonly Option[];
  hint?: ReactNode;
}

/** A labelled input whose error (from the API) is shown next to it and announced with it. */
export function Field({ form, name, idPrefix, label, kind = 'text', required, options = [], hint }: FieldProps) {
  const { t } = useI18n();
  const id = `${idPrefix}-${name}`;
  const error = form.errors[name];
  const described = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name,
    value: form.values[name] ?? '',
    'aria-invalid': error ? true : undefined,
    'aria-describedby': described,
    'aria-required': required || undefined,
  };
  const onChange = (e: { target: { value: string } }) => form.set(name, e.target.value);
  let input: ReactNode;
  if (kind === 'textarea') input = <textarea {...common} rows={3} onChange={onChange} />;
  else if (kind === 'select')
    input = (
      <select {...common} onChange={onChange}>
        <option value="">{t('form.choose')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  else input = <input {...common} type={kind === 'datetime' ? 'datetime-local' : kind} onChange={onChange} />;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label} <span className="muted">({required ? t('form.required') : t('form.optional')})</span>
      </label>
      {input}
      {hint ? (
        <small id={`${id}-hint`} className="muted">
          {hint}
        </small>
      ) : null}
      {error ? (
        <span id={`${id}-error`} className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}

/** The form's own message (409, 503, network…), announced to screen readers. */
export function FormMessage({ form, done }: { form: ApiForm; done?: string | null }) {
  if (form.message) return <p className="form-message error" role="alert">{form.message}</p>;
  if (done) return <p className="form-message ok" role="status">{done}</p>;
  return null;
}
