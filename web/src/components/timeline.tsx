import type { CaseEvent } from '../api/types';
import { useDirectory } from '../directory';
import { useI18n } from '../i18n';

/** The words of an event worth showing beside its name: reasons, notes, departments, ratings. */
function details(e: CaseEvent, names: ReturnType<typeof useDirectory>, tx: (p: string, v: string) => string): string[] {
  const d = e.data;
  const out: string[] = [];
  const str = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : undefined);
  if (str('departmentId')) out.push(names.department(str('departmentId')));
  if (str('categoryId')) out.push(names.category(str('categoryId')));
  if (str('step')) out.push(tx('step', str('step')!));
  if (typeof d.level === 'number') out.push(`L${d.level}`);
  if (typeof d.fromLevel === 'number' && typeof d.toLevel === 'number') out.push(`L${d.fromLevel} → L${d.toLevel}`);
  // These two events' `reason` is a code, not a person's words: translate it.
  const coded = e.type === 'case_escalated' || e.type === 'dispatch_requested';
  if (coded && str('reason')) out.push(tx('reason', str('reason')!));
  if (str('rating')) out.push(tx('rating', str('rating')!));
  if (str('outcome')) out.push(tx('outcome', str('outcome')!));
  if (str('leader')) out.push(str('leader')!);
  if (Array.isArray(d.cadres)) out.push((d.cadres as string[]).join('、'));
  for (const k of ['reason', 'note', 'findings', 'summary', 'comment']) if (str(k) && !(coded && k === 'reason')) out.push(`“${str(k)}”`);
  return out;
}

/** The case's domain events: who did what, when. */
export function Timeline({ events }: { events: CaseEvent[] }) {
  const { t, tx, date } = useI18n();
  const names = useDirectory();
  return (
    <ol className="timeline">
      {events.map((e) => {
        const known = tx('event', e.type) !== e.type;
        // People by role and by the name of their department or place; their login only as a tooltip.
        const org = e.actor.role === 'department' ? names.department(e.actor.org) : names.jurisdiction(e.actor.org);
        const who = e.actor.role === 'system' ? t('role.system') : t('event.actor', { role: tx('role', e.actor.role), org });
        return (
          <li key={e.seq} data-type={e.type}>
            <time dateTime={e.at}>{date(e.at)}</time>
            <div className="what">
              <strong>{known ? tx('event', e.type) : t('event.other', { type: e.type })}</strong>
              <span className="muted" title={e.actor.sub}>
                {' '}
                {t('event.by', { who })}
              </span>
              {details(e, names, tx).map((s, i) => (
                <span key={i} className="detail">
                  {' '}
                  · {s}
                </span>
              ))}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
