import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space } from 'antd';
import { ApiError, get } from '../api/client';
import type { CaseEvent, CaseView, Role } from '../api/types';
import { caseNumber, caseTitle } from '../case-label';
import { Attachments } from '../components/attachments';
import { CaseActions } from '../components/case-actions';
import { CaseFacts } from '../components/case-facts';
import { Deadlines } from '../components/deadlines';
import { CaseFlags, StatusTag, UrgencyTag } from '../components/tags';
import { Timeline } from '../components/timeline';
import { useDirectory } from '../directory';
import { useI18n } from '../i18n';
import { useLiveData } from '../live';

/** One case: what it is, what happens next and what one may do, its deadlines, visits, result and feedback, its timeline. */
export function CasePage({ id, role }: { id: string; role: Role }) {
  const { t, tx, date, lang } = useI18n();
  const names = useDirectory();
  const path = `/v1/cases/${encodeURIComponent(id)}`;
  const loaded = useLiveData(
    async (signal) => {
      const [c, events] = await Promise.all([get<CaseView>(path, signal), get<{ items: CaseEvent[] }>(`${path}/events`, signal)]);
      return { c, events: events.items };
    },
    [path],
    (change) => change.caseId === id,
  );
  const gone = loaded.error instanceof ApiError && (loaded.error.status === 404 || loaded.error.status === 403);
  if (gone && !loaded.data) return <p role="alert">{t('case.notFound', { id })}</p>;
  if (!loaded.data) return <p>{t('app.loading')}</p>;
  const { c, events } = loaded.data;
  const now = loaded.at ?? Date.now();
  return (
    <article className="case-page" data-case={c.id} data-status={c.status}>
      <div className="case-top no-print">
        <a href="#" onClick={(e) => (e.preventDefault(), history.back())}>
          <ArrowLeftOutlined /> {t('case.back')}
        </a>
        <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
          {t('case.print')}
        </Button>
      </div>
      <p className="print-only print-title">{t('case.printTitle', { city: names.dir.city[lang === 'zh' ? 'nameZh' : 'name'] })}</p>
      {gone ? <Alert type="info" showIcon className="form-message" title={t('case.outOfScope')} /> : null}
      <header className="case-head">
        <p className="case-number">
          {t('case.number')} <strong data-number>{caseNumber(c)}</strong>
        </p>
        <h1 className="case-title">{caseTitle(c)}</h1>
        <Space size={[4, 4]} wrap className="case-tags">
          <StatusTag status={c.status} />
          <UrgencyTag urgency={c.urgency} />
          <CaseFlags c={c} />
        </Space>
      </header>
      <div className="case-layout">
        <div className="case-main">
          <Card size="small" title={t('case.description')} className="panel-card">
            <p className="description">{c.description}</p>
            <CaseFacts c={c} />
            <Attachments c={c} />
          </Card>
          <Card size="small" title={t('case.deadlines')} className="panel-card">
            <Deadlines c={c} now={now} />
          </Card>
          <Card size="small" title={t('case.visits')} className="panel-card">
            {c.visits.length === 0 ? (
              <p className="muted">{t('case.noVisits')}</p>
            ) : (
              <ul className="visits">
                {c.visits.map((v) => (
                  <li key={v.id}>
                    {t('case.visitPlanned', { when: date(v.scheduledFor), cadres: v.cadres.join(t('list.separator')) })}: {v.findings ?? <span className="muted">{t('case.visitOpen')}</span>}
                  </li>
                ))}
              </ul>
            )}
            <h3>{t('case.resolution')}</h3>
            <p>{c.resolution ? `${tx('outcome', c.resolution.outcome)}: ${c.resolution.summary}` : <span className="muted">{t('case.none')}</span>}</p>
            <h3>{t('case.feedback')}</h3>
            <p>{c.feedback ? `${tx('rating', c.feedback.rating)}${c.feedback.comment ? `: ${c.feedback.comment}` : ''}` : <span className="muted">{t('case.none')}</span>}</p>
          </Card>
        </div>
        <aside className="case-side no-print">
          <Card size="small" title={t('action.actions')} className="panel-card actions-card">
            <CaseActions
              c={c}
              role={role}
              onDone={(updated) => {
                // The action's answer is the case as it now is: shown at once, the timeline reloaded.
                loaded.replace((d) => ({ ...d, c: updated }));
                loaded.refresh();
              }}
              onStale={loaded.refresh}
              stickyOnPhone
            />
          </Card>
        </aside>
      </div>
      <Card size="small" title={t('case.timeline')} className="panel-card timeline-card">
        <Timeline events={events} />
      </Card>
      <p className="print-only print-footer">{t('case.printedAt', { time: date(Date.now()) })}</p>
    </article>
  );
}
