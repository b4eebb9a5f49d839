import { BENCH_REPORT, type LoopStep } from '../case-actor';
import type { Answer, Send } from './retrying-request';

export interface Tokens {
  street: string;
  housing: string;
}

export interface CaseOutcome {
  id?: string;
  closed: boolean;
  /** What went wrong on the way, each naming the step; empty for a clean loop. */
  problems: string[];
}

interface CaseView {
  id: string;
  status: string;
  visitId?: string;
  visits?: { id: string }[];
}

/**
 * A street committee, the housing department and the resident carrying one case from report to
 * close, as bench/case-actor.ts does, but through a client that retries every request with the
 * same Idempotency-Key until it has a definitive answer. A refused step (4xx) is a problem; after
 * a 409 the loop goes on (the first try may have done the step), after another 4xx it stops.
 */
export async function carryCase(send: Send, tokens: Tokens, keyPrefix: string): Promise<CaseOutcome> {
  const problems: string[] = [];
  const step = async (name: LoopStep, path: string, token: string, body: unknown): Promise<CaseView | undefined> => {
    const a: Answer<CaseView & { detail?: string }> = await send(name, 'POST', path, token, `${keyPrefix}-${name}`, body);
    if (a.status < 300) return a.body;
    problems.push(`${name} answered ${a.status}${a.tries > 1 ? ` on try ${a.tries}` : ''}: ${a.body?.detail ?? ''}`);
    return a.status === 409 ? a.body : undefined;
  };
  let id: string | undefined;
  try {
    const submitted = await step('submit', '/v1/cases', tokens.street, BENCH_REPORT);
    if (!submitted?.id) return { closed: false, problems };
    id = submitted.id;
    const c = `/v1/cases/${id}`;
    if (!(await step('accept', `${c}/accept`, tokens.housing, {}))) return { id, closed: false, problems };
    if (!(await step('contact', `${c}/contact`, tokens.housing, { note: 'called the resident' }))) return { id, closed: false, problems };
    const scheduled = await step('scheduleVisit', `${c}/visits`, tokens.housing, { scheduledFor: '2026-12-01T09:00:00+08:00', cadres: ['Liu Wei'] });
    if (!scheduled) return { id, closed: false, problems };
    let visitId = scheduled.visitId;
    if (!visitId) {
      // A retry of a step that had been done answers from the case as it now is, and may lack the new visit's id.
      problems.push('scheduleVisit answered without the visit id (a retry did not give the first answer); took it from the case');
      const read = await send<CaseView>('read', 'GET', c, tokens.housing);
      visitId = read.body.visits?.at(-1)?.id;
      if (!visitId) return { id, closed: false, problems: [...problems, 'the case has no visit after scheduleVisit'] };
    }
    if (!(await step('completeVisit', `${c}/visits/${visitId}/complete`, tokens.housing, { findings: 'collapsed pipe section' }))) return { id, closed: false, problems };
    if (!(await step('resolve', `${c}/resolve`, tokens.housing, { summary: 'pipe replaced', outcome: 'resolved' }))) return { id, closed: false, problems };
    const closed = await step('feedback', `${c}/feedback`, tokens.street, { rating: 'satisfied' });
    if (closed?.status !== 'closed') problems.push(`feedback left the case ${closed?.status ?? 'unanswered'}, not closed`);
    return { id, closed: closed?.status === 'closed', problems };
  } catch (error) {
    problems.push((error as Error).message);
    return { ...(id ? { id } : {}), closed: false, problems };
  }
}
