import { Button, Card } from 'antd';
import { useRef, useState } from 'react';
import { get } from '../api/client';
import type { CaseView } from '../api/types';
import { caseNumber, caseTitle } from '../case-label';
import { CaseActions } from '../components/case-actions';
import { CaseList } from '../components/case-list';
import { useI18n } from '../i18n';
import { useLiveData } from '../live';

/** A department's open assignments, nearest deadline first, with the work on each one at hand: a table on a desk, cards on a phone. */
export function Inbox() {
  const { t } = useI18n();
  const tasks = useLiveData((signal) => get<{ items: CaseView[] }>('/v1/tasks', signal), []);
  const [selected, setSelected] = useState<string | null>(null);
  const workRef = useRef<HTMLDivElement>(null);
  const items = tasks.data?.items ?? [];
  // The case worked on stays in view after it leaves the list (resolved: no longer an open assignment), with what was done.
  const [held, setHeld] = useState<CaseView | null>(null);
  const current = items.find((c) => c.id === selected) ?? (held?.id === selected ? held : undefined);
  const now = tasks.at ?? Date.now();
  const work = (id: string) => {
    setSelected(id);
    requestAnimationFrame(() => workRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' }));
  };
  return (
    <div className="inbox">
      <h1>{t('inbox.title')}</h1>
      <p className="muted">{t('inbox.intro')}</p>
      {tasks.data ? (
        <CaseList
          cases={items}
          now={now}
          label={t('inbox.title')}
          columns={['number', 'title', 'where', 'status', 'urgency', 'next']}
          selected={selected}
          empty={t('inbox.empty')}
          extra={(c) => (
            <Button type={c.id === selected ? 'primary' : 'default'} onClick={() => work(c.id)} aria-pressed={c.id === selected} block>
              {t('inbox.work')}
            </Button>
          )}
        />
      ) : (
        <p>{t('app.loading')}</p>
      )}
      <div ref={workRef}>
        {current ? (
          <Card size="small" className="panel-card working" aria-label={t('inbox.working', { id: caseNumber(current) })} title={t('inbox.working', { id: caseNumber(current) })}>
            <p className="working-title">
              <strong>{caseTitle(current)}</strong>
            </p>
            <p className="description">{current.description}</p>
            <CaseActions
              key={current.id}
              c={current}
              role="department"
              onDone={(updated) => {
                setHeld(updated);
                tasks.replace((d) => ({ items: d.items.map((x) => (x.id === updated.id ? updated : x)) }));
                tasks.refresh();
              }}
              onStale={tasks.refresh}
            />
          </Card>
        ) : null}
      </div>
    </div>
  );
}
