import { Button, Form } from 'antd';
import { useEffect, useMemo } from 'react';
import { ApiError, post } from '../api/client';
import type { CaseView } from '../api/types';
import { ACTIONS, type FieldSpec, type FormAction } from '../actions';
import { useDirectory } from '../directory';
import { useI18n } from '../i18n';
import { isoToZoned } from '../i18n/format';
import type { MessageKey } from '../i18n/en';
import { useApiForm } from '../use-api-form';
import { Field, FormMessage, type Option } from './field';

interface Props {
  action: FormAction;
  c: CaseView;
  onDone(updated: CaseView): void;
  /** Values to start from, e.g. a dispatcher's suggestion. */
  initial?: Record<string, string>;
  /** Changes when another action on the case succeeded: this form's old messages are stale then. */
  epoch?: number;
  primary?: boolean;
  /** The API refused the action for the case's state (409): the case has moved on; reload it. */
  onStale?(): void;
}

/**
 * One action on a case as a form. It keeps what was typed when the API says no (409: the case
 * moved on; 503: the engine is away) and says why in the user's language, next to the field when
 * the API names one.
 */
export function ActionForm({ action, c, onDone, initial, epoch = 0, primary, onStale }: Props) {
  const spec = ACTIONS[action];
  const { t, tx, timeZone, date } = useI18n();
  const names = useDirectory();
  const form = useApiForm(useMemo(() => ({ ...Object.fromEntries(spec.fields.map((f) => [f.name, ''])), ...initial }), [spec, initial]));
  const idPrefix = `${action}-${c.id}`;
  const { clearMessages } = form;
  useEffect(() => {
    if (epoch > 0) clearMessages();
  }, [epoch, clearMessages]);

  const options = (f: FieldSpec): Option[] => {
    const src = f.options;
    if (!src) return [];
    if (src === 'departments') return names.dir.departments.map((d) => ({ value: d.id, label: names.department(d.id) }));
    if (src === 'categories') return names.dir.categories.map((x) => ({ value: x.id, label: `${x.parentId ? `${names.category(x.parentId)} / ` : ''}${names.category(x.id)}` }));
    if (src === 'openVisits') return c.visits.filter((v) => !v.completedAt).map((v) => ({ value: v.id, label: `${date(v.scheduledFor)} · ${v.cadres.join(t('list.separator'))}` }));
    return src.values.map((v) => ({ value: v, label: tx(src.prefix, v) }));
  };

  const onSubmit = async () => {
    const updated = await form.submit((key) => post<CaseView>(spec.path(c.id, form.values), spec.body(form.values, timeZone), key), {
      check: () => {
        const missing: Record<string, MessageKey> = {};
        // Only what cannot be wrong on the server either; the API's own rules are checked there.
        for (const f of spec.fields) if (f.required && f.kind === 'select' && !form.values[f.name]) missing[f.name] = 'invalid.required';
        return { ...missing, ...(spec.check?.(form.values, timeZone, Date.now()) ?? {}) };
      },
      action: { action: t(`action.${action}`), status: (s) => tx('status', s), actionName: (a) => tx('action', a) },
      onError: (error) => {
        if (error instanceof ApiError && error.status === 409) onStale?.();
      },
    });
    if (updated) {
      form.reset();
      onDone(updated);
    }
  };

  return (
    // noValidate: the API's rules are the ones that count, and its messages land next to the fields.
    <Form className="action-form" layout="vertical" component="form" onFinish={() => void onSubmit()} noValidate aria-label={t(`action.${action}`)} data-action={action}>
      <p className="muted action-hint">{t(`hint.${action}`)}</p>
      {spec.fields.map((f) => (
        <Field
          key={f.name}
          form={form}
          name={f.name}
          idPrefix={idPrefix}
          label={t(f.label)}
          kind={f.kind}
          required={f.required}
          options={options(f)}
          min={f.kind === 'datetime' ? isoToZoned(Date.now(), timeZone) : undefined}
        />
      ))}
      <FormMessage form={form} />
      <Button htmlType="submit" type={primary ? 'primary' : 'default'} danger={action === 'close' || action === 'withdraw'} disabled={form.busy} className="submit" block>
        {form.busy ? t('form.submitting') : t(`action.${action}`)}
      </Button>
    </Form>
  );
}
