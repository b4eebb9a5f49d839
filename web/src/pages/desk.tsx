import { useMemo, useState } from 'react';
import { get, post } from '../api/client';
import type { CaseView } from '../api/types';
import { ActionForm } from '../components/action-form';
import { Field, FormMessage } from '../components/field';
import { useDirectory } from '../directory';
import { useI18n } from '../i18n';
import { caseHref } from '../router';
import type { Session } from '../session';
import { useApiForm } from '../use-api-form';
import { usePoll } from '../use-poll';

const URGENCIES = ['normal', 'urgent', 'emergency'] as const;
const CHANNELS = ['street_committee', 'hotline', 'visit', 'online', 'grid'] as const;

/** The report as the API takes it; blank optional fields are left out. Fields are named by their API path, so its errors land on them. */
function reportOf(v: Record<string, string>) {
  const opt = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);
  const anonymous = v.anonymous === 'yes';
  return {
    title: opt(v.title),
    description: v.description ?? '',
    location: { jurisdictionId: v['location.jurisdictionId'] ?? '', address: opt(v['location.address']) },
    urgency: v.urgency || 'normal',
    channel: v.channel || 'street_committee',
    reporter: anonymous ? { anonymous: true } : { name: opt(v['reporter.name']), phone: opt(v['reporter.phone']), anonymous: false },
  };
}

/** Street committee staff: take a resident's problem in a minute, follow the street's cases, relay feedback. */
export function Desk({ session }: { session: Session }) {
  const { t, tx, date } = useI18n();
  const names = useDirectory();
  const places = useMemo(() => names.within(session.org), [names, session.org]);
  const form = useApiForm({ title: '', description: '', 'location.jurisdictionId': places[0]?.id ?? '', 'location.address': '', urgency: 'normal', channel: 'street_committee', 'reporter.name': '', 'reporter.phone': '', anonymous: 'no' });
  const [done, setDone] = useState<string | null>(null);
  const cases = usePoll((signal) => get<{ items: CaseView[] }>('/v1/cases?limit=30', signal), []);

  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    setDone(null);
    const created = await form.submit((key) => post<CaseView>('/v1/cases', reportOf(form.values), key));
    if (created) {
      form.reset();
      setDone(t('desk.submitted', { id: created.id, status: tx('status', created.status) }));
      cases.refresh();
    }
  };

  return (
    <div className="columns">
      <form className="panel" onSubmit={onSubmit} noValidate aria-labelledby="desk-submit">
        <h1 id="desk-submit">{t('desk.submit')}</h1>
        <Field form={form} idPrefix="report" name="description" label={t('field.description')} kind="textarea" required />
        <Field form={form} idPrefix="report" name="title" label={t('field.title')} />
        <Field form={form} idPrefix="report" name="location.jurisdictionId" label={t('field.jurisdictionId')} kind="select" required options={places.map((j) => ({ value: j.id, label: names.jurisdiction(j.id) }))} />
        <Field form={form} idPrefix="report" name="location.address" label={t('field.address')} />
        <Field form={form} idPrefix="report" name="urgency" label={t('field.urgency')} kind="select" required options={URGENCIES.map((u) => ({ value: u, label: tx('urgency', u) }))} />
        <Field form={form} idPrefix="report" name="channel" label={t('field.channel')} kind="select" required options={CHANNELS.map((c) => ({ value: c, label: tx('channel', c) }))} />
        <Field form={form} idPrefix="report" name="reporter.name" label={t('field.reporterName')} />
        <Field form={form} idPrefix="report" name="reporter.phone" label={t('field.reporterPhone')} kind="tel" />
        <div className="field checkbox">
          <input id="report-anonymous" type="checkbox" checked={form.values.anonymous === 'yes'} onChange={(e) => form.set('anonymous', e.target.checked ? 'yes' : 'no')} />
          <label htmlFor="report-anonymous">{t('field.anonymous')}</label>
        </div>
        <FormMessage form={form} done={done} />
        <button type="submit" disabled={form.busy}>
          {form.busy ? t('form.submitting') : t('desk.submitButton')}
        </button>
      </form>
      <section className="panel">
        <h2>{t('desk.ours')}</h2>
        {cases.data?.items.length === 0 ? <p>{t('desk.empty')}</p> : null}
        <ul className="case-list">
          {(cases.data?.items ?? []).map((c) => (
            <li key={c.id} data-case={c.id}>
              <a href={caseHref(c.id)}>{c.title ?? c.description.slice(0, 40)}</a> <span className={`badge status-${c.status}`}>{tx('status', c.status)}</span>
              <div className="muted">
                {names.jurisdiction(c.location.jurisdictionId)} · {date(c.createdAt)} · {names.department(c.departmentId)}
              </div>
              {c.status === 'resolved' ? (
                <details open>
                  <summary>{t('desk.awaitingFeedback')}</summary>
                  {c.resolution ? <p>{c.resolution.summary}</p> : null}
                  <ActionForm action="feedback" c={c} onDone={cases.refresh} />
                </details>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
