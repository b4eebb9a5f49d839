import {
  AlertOutlined,
  CarOutlined,
  CheckCircleOutlined,
  CheckOutlined,
  ClockCircleOutlined,
  ExclamationCircleOutlined,
  FileTextOutlined,
  FireOutlined,
  HistoryOutlined,
  LockOutlined,
  MinusCircleOutlined,
  PauseCircleOutlined,
  RiseOutlined,
  SendOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import { Tag } from 'antd';
import type { ReactNode } from 'react';
import type { CaseStatus, CaseView, Urgency } from '../api/types';
import { useI18n } from '../i18n';

/** Each status its colour and icon: the loop reads left to right, blue while in hand, green once resolved. */
export const STATUS_LOOK: Record<CaseStatus, { color: string; icon: ReactNode }> = {
  reported: { color: 'default', icon: <FileTextOutlined /> },
  awaiting_dispatch: { color: 'orange', icon: <UserSwitchOutlined /> },
  assigned: { color: 'blue', icon: <SendOutlined /> },
  accepted: { color: 'cyan', icon: <CheckOutlined /> },
  visit_scheduled: { color: 'geekblue', icon: <CarOutlined /> },
  resolved: { color: 'green', icon: <CheckCircleOutlined /> },
  closed: { color: 'default', icon: <LockOutlined /> },
};

const URGENCY_LOOK: Record<Urgency, { color: string; icon: ReactNode }> = {
  normal: { color: 'default', icon: <MinusCircleOutlined /> },
  urgent: { color: 'orange', icon: <ExclamationCircleOutlined /> },
  emergency: { color: 'red', icon: <FireOutlined /> },
};

export function StatusTag({ status }: { status: CaseStatus }) {
  const { tx } = useI18n();
  const look = STATUS_LOOK[status] ?? STATUS_LOOK.reported;
  return (
    <Tag className={`status-tag status-${status}`} color={look.color} icon={look.icon} variant="outlined">
      {tx('status', status)}
    </Tag>
  );
}

export function UrgencyTag({ urgency }: { urgency: Urgency }) {
  const { tx } = useI18n();
  const look = URGENCY_LOOK[urgency] ?? URGENCY_LOOK.normal;
  return (
    <Tag className={`urgency-tag urgency-${urgency}`} color={look.color} icon={look.icon} variant="outlined">
      {tx('urgency', urgency)}
    </Tag>
  );
}

/** Overdue, backlog, paused, escalated: what needs an eye, each only when it is so. */
export function CaseFlags({ c }: { c: CaseView }) {
  const { t } = useI18n();
  return (
    <>
      {c.paused ? (
        <Tag className="flag-paused" color="purple" icon={<PauseCircleOutlined />}>
          {t('time.paused')}
        </Tag>
      ) : null}
      {c.overdue ? (
        <Tag className="flag-overdue" color="red" icon={<AlertOutlined />}>
          {t('case.overdue')}
        </Tag>
      ) : null}
      {c.backlog ? (
        <Tag className="flag-backlog" color="magenta" icon={<HistoryOutlined />}>
          {t('case.backlog')}
        </Tag>
      ) : null}
      {c.escalationLevel > 0 ? (
        <Tag className="flag-level" color="volcano" icon={<RiseOutlined />}>
          {t('dashboard.level', { n: c.escalationLevel })}
        </Tag>
      ) : null}
    </>
  );
}

export function ClockTag() {
  return <ClockCircleOutlined />;
}
