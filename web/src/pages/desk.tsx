import { Button, Card, Checkbox, Form } from 'antd';
import { useMemo, useState } from 'react';
import { get, post } from '../api/client';
import type { CaseView } from '../api/types';
import { caseNumber, caseTitle } from '../case-label';
import { ActionForm } from '../components/action-form';
import { CaseList } from '../components/case-list';
import { Field, FormMessage } from '../components/field';
import { useDirectory } from '../directory';
import { useI18n } from '../i18n';
import { useLiveData } from '../live';
import { caseHref } from '../router';
import type { Session } from '../session';
import { useApiForm } from '../use-api-form';

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
  const { t, tx } = useI18n();
  const names = useDirectory();
  const places = useMemo(() => names.within(session.org), [names, session.org]);
  const form = useApiForm({ title: '', description: '', 'location.jurisdictionId': places[0]?.id ?? '', 'location.address': '', urgency: 'normal', channel: 'street_committee', 'reporter.name': '', 'reporter.phone': '', anonymous: 'no' });
  const [created, setCreated] = useState<CaseView | null>(null);
  const cases = useLiveData((signal) => get<{ items: CaseView[] }>('/v1/cases?limit=30', signal), []);
  const awaiting = (cases.data?.items ?? []).filter((c) => c.allowedActions.includes('feedback'));
  const now = cases.at ?? Date.now();

  const onSubmit = async () => {
    setCreated(null);
    const answer = await form.submit((key) => post<CaseView>('/v1/cases', reportOf(form.values), key));
    if (answer) {
      form.reset();
      setCreated(answer);
      cases.refresh();
    }
  };

  return (
    <div className="desk">
      <Card size="small" className="panel-card desk-form" title={<h1 id="desk-submit">{t('desk.submit')}</h1>}>
        <Form layout="vertical" component="form" onFinish={() => void onSubmit()} noValidate aria-labelledby="desk-submit">
          <Field form={form} idPrefix="report" name="description" label={t('field.description')} kind="textarea" required />
          <Field form={form} idPrefix="report" name="title" label={t('field.title')} />
          <Field form={form} idPrefix="report" name="location.jurisdictionId" label={t('field.jurisdictionId')} kind="select" required options={places.map((j) => ({ value: j.id, label: names.jurisdiction(j.id) }))} />
          <Field form={form} idPrefix="report" name="location.address" label={t('field.address')} />
          <div className="field-pair">
            <Field form={form} idPrefix="report" name="urgency" label={t('field.urgency')} kind="select" required options={URGENCIES.map((u) => ({ value: u, label: tx('urgency', u) }))} />
            <Field form={form} idPrefix="report" name="channel" label={t('field.channel')} kind="select" required options={CHANNELS.map((c) => ({ value: c, label: tx('channel', c) }))} />
          </div>
          <div className="field-pair">
            <Field form={form} idPrefix="report" name="reporter.name" label={t('field.reporterName')} />
            <Field form={form} idPrefix="report" name="reporter.phone" label={t('field.reporterPhone')} kind="tel" />
          </div>
          <Form.Item className="field">
            <Checkbox id="report-anonymous" checked={form.values.anonymous === 'yes'} onChange={(e) => form.set('anonymous', e.target.checked ? 'yes' : 'no')}>
              {t('field.anonymous')}
            </Checkbox>
          </Form.Item>
          <FormMessage
            form={form}
            done={created ? t('desk.submitted', { number: caseNumber(created), status: tx('status', created.status) }) : null}
          />
          {created ? (
            <p className="submitted-link">
              <a href={caseHref(created.id)} data-created={created.id}>
                {t('desk.openCase', { number: caseNumber(created) })}
              </a>
            </p>
          ) : null}
          <Button type="primary" htmlType="submit" size="large" disabled={form.busy} block className="submit">
            {form.busy ? t('form.submitting') : t('desk.submitButton')}
          </Button>
        </Form>
      </Card>
      <div className="desk-side">
        {awaiting.length > 0 ? (
          <Card size="small" className="panel-card" title={<h2>{t('desk.awaitingFeedback')}</h2>}>
            <ul className="feedback-list">
              {awaiting.map((c) => (
                <li key={c.id} data-case={c.id}>
                  <a href={caseHref(c.id)}>
                    {caseNumber(c)} · {caseTitle(c)}
                  </a>
                  {c.resolution ? <p className="muted">{c.resolution.summary}</p> : null}
                  <ActionForm action="feedback" c={c} onDone={cases.refresh} primary />
                </li>
              ))}
            </ul>
          </Card>
        ) : null}
        <Card size="small" className="panel-card" title={<h2>{t('desk.ours')}</h2>} extra={<a href="#/cases">{t('desk.all')}</a>}>
          {cases.data ? <CaseList cases={cases.data.items} now={now} label={t('desk.ours')} cards empty={t('desk.empty')} /> : <p>{t('app.loading')}</p>}
        </Card>
      </div>
    </div>
  );
}
