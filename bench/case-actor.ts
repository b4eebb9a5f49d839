import type { Stack } from './stack';
import { apiClient } from './api-client';

export const LOOP_STEPS = ['submit', 'accept', 'contact', 'scheduleVisit', 'completeVisit', 'resolve', 'feedback'] as const;
export type LoopStep = (typeof LOOP_STEPS)[number];

export const BENCH_REPORT = {
  title: 'Broken sewer in Xihu community',
  description: '西湖社区3栋旁下水道堵塞，污水外溢，雨污混流，居民出行困难。',
  location: { jurisdictionId: 'xihu', address: 'Building 3, Xihu Community' },
  reporter: { name: 'Zhang San', phone: '13800000000', anonymous: false },
};

/** A street committee, a department and a resident carrying one case from report to close through the API. */
export function caseActor(stack: Stack) {
  const post = apiClient(stack.apiUrl);
  const { street, housing } = stack.tokens;
  return async function carry(): Promise<{ id: string; stepMs: Record<LoopStep, number> }> {
    const stepMs = {} as Record<LoopStep, number>;
    const timed = async <T>(step: LoopStep, fn: () => Promise<T>): Promise<T> => {
      const t = performance.now();
      const result = await fn();
      stepMs[step] = performance.now() - t;
      return result;
    };
    const c = await timed('submit', () => post('/v1/cases', street, BENCH_REPORT));
    await timed('accept', () => post(`/v1/cases/${c.id}/accept`, housing));
    await timed('contact', () => post(`/v1/cases/${c.id}/contact`, housing, { note: 'called the resident' }));
    const v = await timed('scheduleVisit', () => post(`/v1/cases/${c.id}/visits`, housing, { scheduledFor: '2026-12-01T09:00:00+08:00', cadres: ['Liu Wei'] }));
    await timed('completeVisit', () => post(`/v1/cases/${c.id}/visits/${v.visitId}/complete`, housing, { findings: 'collapsed pipe section' }));
    await timed('resolve', () => post(`/v1/cases/${c.id}/resolve`, housing, { summary: 'pipe replaced', outcome: 'resolved' }));
    const closed = await timed('feedback', () => post(`/v1/cases/${c.id}/feedback`, street, { rating: 'satisfied' }));
    if (closed.status !== 'closed') throw new Error(`case ${c.id} ended ${closed.status}, not closed`);
    return { id: c.id, stepMs };
  };
}
