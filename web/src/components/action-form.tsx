import { useMemo, useState } from 'react';
import { post } from '../api/client';
import type { CaseView } from '../api/types';
import { ACTIONS, type ActionName, type FieldSpec } from '../actions';
import { useDirectory } from '../directory';
import { useI18n } from '../i18n';
import { useApiForm } from '../use-api-form';
import { Field, FormMessage, type Option } from './field';

interface Props {
  action: ActionName;
  c: CaseView;
  onDone(updated: CaseView): void;
  /** Values to start from, e.g. a dispatcher's suggestion. */
  initial?: Record<string, string>;
}

/**
 * One action on a case as a form. It keeps what was typed when the API says no (409: the case
 * moved on; 503: the engine is away) and shows why, next to the field when the API names one.
 */
export function ActionForm({ action, c, onDone, initial }: Props) {
  const spec = ACTIONS[action];
  const { t, tx, timeZone, date } = useI18n();
  const names = useDirectory();
  const form = useApiForm(useMemo(() => ({ ...Object.fromEntries(spec.fields.map((f) => [f.name, ''])), ...initial }), [spec, initial]));
  const [done, setDone] = useState<string | null>(null);
  const idPrefix = `${action}-${c.id}`;

  const options = (f: FieldSpec): Option[] => {
    const src = f.options;
    if (!src) return [];
    if (src === 'departments') return names.dir.departments.map((d) => ({ value: d.id, label: names.department(d.id) }));
    if (src === 'categories') return names.dir.categories.map((x) => ({ value: x.id, label: `${x.parentId ? '— ' : ''}${names.category(x.id)}` }));
    if (src === 'openVisits') return c.visits.filter((v) => !v.completedAt).map((v) => ({ value: v.id, label: `${date(v.scheduledFor)} · ${v.cadres.join(', ')}` }));
    return src.values.map((v) => ({ value: v, label: tx(src.prefix, v) }));
  };

  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    setDone(null);
    const updated = await form.submit((key) => post<CaseView>(spec.path(c.id, form.values), spec.body(form.values, timeZone), key));
    if (updated) {
      form.reset();
      setDone(t('form.done', { status: tx('status', updated.status) }));
      onDone(updated);
    }
  };

  return (
    // noValidate: the API's rules are the ones that count, and its messages land next to the fields.
    <form className="action-form" onSubmit={onSubmit} noValidate aria-label={t(`action.${action}`)}>
      {action === 'accept' ? <p className="muted">{t('action.acceptHint')}</p> : null}
      {spec.fields.map((f) => (
        <Field key={f.name} form={form} name={f.name} idPrefix={idPrefix} label={t(f.label)} kind={f.kind} required={f.required} options={options(f)} />
      ))}
      <FormMessage form={form} done={done} />
      <button type="submit" disabled={form.busy}>
        {form.busy ? t('form.submitting') : t(`action.${action}`)}
      </button>
    </form>
  );
}
