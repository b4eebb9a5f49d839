import { useState } from 'react';
import type { CaseView, Role } from '../api/types';
import { nextAction, ROLE_ACTIONS, type ActionName } from '../actions';
import { useI18n } from '../i18n';
import { ActionForm } from './action-form';

/**
 * The actions a role may take on a case, as tabs of forms. Every action stays reachable: whether
 * it fits the case now is decided (and explained) by the engine.
 */
export function CaseActions({ c, role, onDone }: { c: CaseView; role: Role; onDone(updated: CaseView): void }) {
  const { t } = useI18n();
  const actions = ROLE_ACTIONS[role];
  const [chosen, setChosen] = useState<ActionName | undefined>(() => nextAction(c, role) ?? actions[0]);
  return (
    <section className="case-actions" aria-label={t('action.actions')}>
      <div className="tabs" role="group" aria-label={t('action.actions')}>
        {actions.map((a) => (
          <button key={a} type="button" className={a === chosen ? 'tab active' : 'tab'} aria-pressed={a === chosen} onClick={() => setChosen(a)}>
            {t(`action.${a}`)}
          </button>
        ))}
      </div>
      {/* Every form stays mounted (hidden when not chosen): switching tabs loses nothing typed. */}
      {actions.map((a) => (
        <div key={a} hidden={a !== chosen}>
          <ActionForm action={a} c={c} onDone={onDone} />
        </div>
      ))}
    </section>
  );
}
