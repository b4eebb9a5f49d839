import type { CaseView } from '../api/types';
import { NextDeadline } from '../components/deadlines';
import { useDirectory } from '../directory';
import { useI18n } from '../i18n';
import { caseHref } from '../router';

/** A short list of cases for the dashboard, each linking to its page. */
export function CaseTable({ cases, now, label }: { cases: CaseView[]; now: number; label: string }) {
  const { t, tx } = useI18n();
  const names = useDirectory();
  if (cases.length === 0) return <p className="muted">{t('dashboard.none')}</p>;
  return (
    <table className="list" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">{t('inbox.case')}</th>
          <th scope="col">{t('case.level')}</th>
          <th scope="col">{t('case.department')}</th>
          <th scope="col">{t('case.status')}</th>
          <th scope="col">{t('inbox.next')}</th>
        </tr>
      </thead>
      <tbody>
        {cases.map((c) => (
          <tr key={c.id} data-case={c.id}>
            <td>
              <a href={caseHref(c.id)}>{c.title ?? c.description.slice(0, 40)}</a>
            </td>
            <td>{c.escalationLevel}</td>
            <td>{names.department(c.departmentId)}</td>
            <td>{tx('status', c.status)}</td>
            <td>
              <NextDeadline c={c} now={now} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
