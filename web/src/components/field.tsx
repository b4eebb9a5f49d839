import { Alert, Form, Input, Select } from 'antd';
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
  /** For datetime: the earliest time offered (the picker greys out the past). */
  min?: string;
}

/** A labelled input whose error (worded from the API's code, or the console's own check) is shown next to it and announced with it. */
export function Field({ form, name, idPrefix, label, kind = 'text', required, options = [], hint, min }: FieldProps) {
  const { t } = useI18n();
  const id = `${idPrefix}-${name}`.replace(/[^\w-]/g, '-');
  const error = form.errors[name];
  const described = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
  const value = form.values[name] ?? '';
  const common = {
    id,
    name,
    status: error ? ('error' as const) : undefined,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': described,
    'aria-required': required || undefined,
  };
  const onChange = (e: { target: { value: string } }) => form.set(name, e.target.value);
  let input: ReactNode;
  if (kind === 'textarea') input = <Input.TextArea {...common} value={value} autoSize={{ minRows: 2, maxRows: 8 }} onChange={onChange} />;
  else if (kind === 'select')
    input = (
      <Select
        {...common}
        value={value || undefined}
        placeholder={t('form.choose')}
        options={options.map((o) => ({ value: o.value, label: o.label, title: o.label }))}
        onChange={(v: string | undefined) => form.set(name, v ?? '')}
        showSearch={options.length > 8 ? { optionFilterProp: 'label' } : undefined}
        allowClear={!required}
        popupMatchSelectWidth
        style={{ width: '100%' }}
      />
    );
  else input = <Input {...common} value={value} type={kind === 'datetime' ? 'datetime-local' : kind} min={min} inputMode={kind === 'number' ? 'decimal' : undefined} onChange={onChange} />;
  return (
    <Form.Item
      htmlFor={id}
      className="field"
      required={required}
      label={
        <>
          {label}
          {required ? null : <span className="muted optional"> ({t('form.optional')})</span>}
        </>
      }
      validateStatus={error ? 'error' : undefined}
      help={
        error ? (
          <span id={`${id}-error`} className="field-error" role="alert">
            {error}
          </span>
        ) : hint ? (
          <span id={`${id}-hint`} className="muted">
            {hint}
          </span>
        ) : undefined
      }
    >
      {input}
    </Form.Item>
  );
}

/** The form's own message (409, 503, network…), announced to screen readers. */
export function FormMessage({ form, done }: { form: ApiForm; done?: string | null }) {
  if (form.message) return <Alert className="form-message error" type="error" showIcon role="alert" title={form.message} />;
  if (done) return <Alert className="form-message ok" type="success" showIcon role="status" title={done} />;
  return null;
}
