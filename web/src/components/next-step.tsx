import { ArrowRightOutlined } from '@ant-design/icons';
import type { CaseView } from '../api/types';
import { nextStepKey } from '../actions';
import { nearestDeadline } from '../case-label';
import { useDirectory } from '../directory';
import { useI18n } from '../i18n';

/** What happens next on the case, and who does it by when: one sentence. */
export function NextStep({ c }: { c: CaseView }) {
  const { t, tx, date } = useI18n();
  const names = useDirectory();
  const next = nearestDeadline(c);
  const openVisit = c.visits.find((v) => !v.completedAt);
  const text = t(nextStepKey(c), {
    department: names.department(c.departmentId),
    due: next ? date(next.dueAt) : '—',
    when: openVisit ? date(openVisit.scheduledFor) : '—',
    outcome: c.outcome ? tx('outcome', c.outcome) : '—',
  });
  return (
    <p className="next-step" data-next={nextStepKey(c)}>
      <ArrowRightOutlined /> {text}
    </p>
  );
}
