import type { CaseView } from '../api/types';
import { useDirectory } from '../directory';
import { useI18n } from '../i18n';

/** What a case is about and where it stands, as a definition list. */
export function CaseFacts({ c }: { c: CaseView }) {
  const { t, tx, date } = useI18n();
  const names = useDirectory();
  const rows: [string, string][] = [
    [t('case.status'), tx('status', c.status) + (c.outcome ? ` (${tx('outcome', c.outcome)})` : '')],
    [t('case.where'), [names.jurisdiction(c.location.jurisdictionId), c.location.address].filter(Boolean).join(' · ')],
    [t('case.channel'), tx('channel', c.channel)],
    [t('case.category'), names.category(c.categoryId)],
    [t('case.department'), names.department(c.departmentId)],
    [t('case.level'), String(c.escalationLevel)],
    [t('case.reported'), date(c.createdAt)],
  ];
  if (c.leader) rows.push([t('case.leader'), c.leader]);
  if (c.reporter) rows.push([t('case.reporter'), c.reporter.anonymous ? t('case.anonymous') : [c.reporter.name, c.reporter.phone].filter(Boolean).join(' · ')]);
  if (c.duplicateOf) rows.push([t('case.duplicateOf'), c.duplicateOf]);
  return (
    <dl className="facts">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
