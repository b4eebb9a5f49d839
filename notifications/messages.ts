import type { Directory } from '../schema/directory';

/** What a message says about its case: never the reporter, only what staff see on the case list. */
export interface CaseSummary {
  id: string;
  number: string | null;
  title: string | null;
  urgency: string;
}

export interface Message {
  subject: string;
  body: string;
}

const STEPS_ZH: Record<string, string> = { dispatch: '分派', accept: '受理', contact: '联系群众', visit: '上门', resolve: '办结', feedback: '回访', checkIn: '报到' };
const URGENCY_ZH: Record<string, string> = { normal: '一般', urgent: '紧急', emergency: '特急' };

function cityTime(iso: unknown, zone: string): string {
  const ms = typeof iso === 'string' || typeof iso === 'number' ? new Date(iso).getTime() : NaN;
  if (!Number.isFinite(ms)) return '';
  return new Intl.DateTimeFormat('sv-SE', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(ms);
}

/**
 * A text to the resident, in Chinese (the one language every resident here reads) with the case
 * number and the tracking code: what happened and what to do, nothing the office wrote.
 */
export function renderResidentMessage(dir: Directory, kind: string, payload: Record<string, unknown>, c: CaseSummary, trackingCode: string | null, consoleUrl?: string): Message {
  const ref = c.number ?? c.id;
  const dept = dir.departments.find((d) => d.id === payload.departmentId);
  const follow = trackingCode ? `查询码 ${trackingCode}${consoleUrl ? `：${consoleUrl.replace(/\/?$/, '/')}#/track/${trackingCode}` : ''}` : '';
  let text: string;
  switch (kind) {
    case 'assignment_accepted':
      text = `您反映的问题（编号 ${ref}）已由${dept?.nameZh ?? '承办部门'}受理，工作人员将尽快与您联系。`;
      break;
    case 'visit_scheduled':
      text = `您反映的问题（编号 ${ref}）：工作人员将于 ${cityTime(payload.scheduledFor, dir.city.timeZone)} 前后上门查看。`;
      break;
    case 'case_resolved':
      text = `您反映的问题（编号 ${ref}）已办理完毕，请对办理结果作出评价${trackingCode ? '（凭查询码即可评价）' : ''}。`;
      break;
    default:
      text = `您反映的问题（编号 ${ref}）有了新进展。`;
  }
  return { subject: `[${ref}] 办理进展`, body: [text, follow].filter(Boolean).join('\n') };
}

/**
 * The text of a notification, in Chinese then English (a person's language is not known yet):
 * a subject that names the case by number and title, and a short body with what happened, what
 * is due, and a link to the case in the console when one is configured.
 */
export function renderMessage(dir: Directory, kind: string, payload: Record<string, unknown>, c: CaseSummary, consoleUrl?: string): Message {
  const ref = c.number ?? c.id;
  const title = c.title ? ` ${c.title}` : '';
  const zone = dir.city.timeZone;
  const dept = (id: unknown) => dir.departments.find((d) => d.id === id);
  const step = String(payload.step ?? '');
  const due = cityTime(payload.dueAt, zone);
  let zh: string;
  let en: string;
  switch (kind) {
    case 'case_assigned': {
      const d = dept(payload.departmentId);
      const assisting = payload.role === 'assisting';
      zh = assisting ? `新协办案件：${d?.nameZh ?? payload.departmentId}牵头，请配合办理。` : '新派单：请及时受理。';
      en = assisting ? `New case to assist with, led by ${d?.name ?? payload.departmentId}.` : 'New assignment: please accept it.';
      break;
    }
    case 'deadline_warning':
      zh = `即将超时：「${STEPS_ZH[step] ?? step}」应于 ${due} 前完成。`;
      en = `Deadline approaching: "${step}" is due at ${due}.`;
      break;
    case 'case_escalated':
      zh = `案件已升级至第 ${String(payload.toLevel)} 级${payload.reason === 'deadline_missed' ? `（「${STEPS_ZH[step] ?? step}」超时）` : ''}，请督办。`;
      en = `Case escalated to level ${String(payload.toLevel)}${payload.reason === 'deadline_missed' ? ` (missed "${step}")` : ''}: please supervise.`;
      break;
    case 'dispatch_requested':
      zh = '待人工分派：系统无法确定类别或承办部门。';
      en = 'Awaiting dispatch: the engine could not decide the category or department.';
      break;
    case 'leader_assigned':
      zh = `领导包案：${String(payload.leader)}。`;
      en = `Leader assigned ("package" responsibility): ${String(payload.leader)}.`;
      break;
    case 'duplicate_linked':
      zh = `疑似重复：与案件 ${String(payload.duplicateOf)} 同一问题，待分派员确认。`;
      en = `Possible duplicate of case ${String(payload.duplicateOf)}: a dispatcher decides.`;
      break;
    default:
      zh = `案件更新：${kind}`;
      en = `Case update: ${kind}`;
  }
  const urgent = c.urgency !== 'normal' ? `[${URGENCY_ZH[c.urgency] ?? c.urgency} ${c.urgency}] ` : '';
  const link = consoleUrl ? `${consoleUrl.replace(/\/?$/, '/')}#/case/${encodeURIComponent(c.id)}` : undefined;
  return {
    subject: `${urgent}[${ref}]${title} — ${en.split(':')[0]!.replace(/\.$/, '')}`,
    body: [`${zh}`, `${en}`, `案件 Case: ${ref}${title}`, ...(link ? [link] : [])].join('\n'),
  };
}
