import { DownOutlined } from '@ant-design/icons';
import { Alert, Button, Dropdown, Grid } from 'antd';
import { useRef, useState } from 'react';
import type { CaseView, Role } from '../api/types';
import { nextAction, offeredActions, type OfferedAction } from '../actions';
import { useI18n } from '../i18n';
import { ActionForm } from './action-form';
import { AttachmentForm } from './attachment-form';
import { NextStep } from './next-step';

interface Props {
  c: CaseView;
  role: Role;
  onDone(updated: CaseView): void;
  /** The page keeps the buttons at the bottom of a phone's screen, under the thumb. */
  stickyOnPhone?: boolean;
  /** Reload the case (an action was refused because it moved on). */
  onStale?(): void;
}

/**
 * The actions the API allows the caller on the case now, and only those: the next step of the
 * loop as the primary button, the others beside it; a sentence of what happens next. Each form
 * stays mounted while its action is offered, so switching loses nothing typed.
 */
export function CaseActions({ c, role, onDone, stickyOnPhone, onStale }: Props) {
  const { t, tx } = useI18n();
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const offered = offeredActions(c);
  const primary = nextAction(c, role);
  // What the user picked; until then (and after each success) the next step of the loop.
  const [picked, setPicked] = useState<OfferedAction | undefined>(undefined);
  const chosen = picked ?? primary ?? offered[0];
  const [epoch, setEpoch] = useState(0);
  const [done, setDone] = useState<string | null>(null);
  const formsRef = useRef<HTMLDivElement>(null);
  // A form the user is on stays (with what was typed and why it was refused) even once the case
  // has moved on and no longer offers its action; the buttons offer only what is allowed now.
  const mounted = chosen && !offered.includes(chosen) ? [...offered, chosen] : offered;

  const choose = (a: OfferedAction) => {
    setPicked(a);
    setDone(null);
    // On a phone the form is below the fold: bring it up.
    if (phone) requestAnimationFrame(() => formsRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' }));
  };

  const succeeded = (a: OfferedAction, updated: CaseView) => {
    setEpoch((n) => n + 1);
    // The status only when it changed: "visit scheduled" again after recording the visit says nothing.
    setDone(updated.status === c.status ? t('form.doneSame', { action: t(`action.${a}`) }) : t('form.done', { action: t(`action.${a}`), status: tx('status', updated.status) }));
    setPicked(undefined);
    onDone(updated);
  };

  const others = offered.filter((a) => a !== primary);
  const bar = (
    <div className={`action-bar${stickyOnPhone && phone ? ' sticky' : ''}`} role="group" aria-label={t('action.actions')}>
      {primary ? (
        <Button type="primary" size={phone ? 'large' : 'middle'} aria-pressed={chosen === primary} onClick={() => choose(primary)} className="primary-action">
          {t(`action.${primary}`)}
        </Button>
      ) : null}
      {phone && others.length > 2 ? (
        <Dropdown
          trigger={['click']}
          menu={{ items: others.map((a) => ({ key: a, label: t(`action.${a}`), danger: a === 'close' || a === 'withdraw' })), onClick: ({ key }) => choose(key as OfferedAction) }}
        >
          <Button size="large">
            {t('action.more')} <DownOutlined />
          </Button>
        </Dropdown>
      ) : (
        others.map((a) => (
          <Button key={a} aria-pressed={chosen === a} onClick={() => choose(a)} size={phone ? 'large' : 'middle'} className={chosen === a ? 'chosen' : undefined}>
            {t(`action.${a}`)}
          </Button>
        ))
      )}
    </div>
  );

  return (
    <section className="case-actions" aria-label={t('action.actions')}>
      <NextStep c={c} />
      {done ? <Alert className="form-message ok" type="success" showIcon role="status" title={done} /> : null}
      {offered.length === 0 ? <p className="muted no-actions">{t(c.status === 'closed' ? 'action.noneClosed' : 'action.none')}</p> : bar}
      <div ref={formsRef} className="action-forms">
        {mounted.map((a) => (
          <div key={a} hidden={a !== chosen}>
            {a === 'addAttachment' ? (
              <AttachmentForm c={c} role={role} onDone={() => onStale?.()} />
            ) : (
              <ActionForm action={a} c={c} onDone={(u) => succeeded(a, u)} epoch={epoch} primary={a === primary} onStale={onStale} />
            )}
          </div>
        ))}
      </div>
    </section>
  );
}
