import type { CasePolicyInput } from '../../schema/policy';

const seconds = { dispatch: 'PT2S', accept: 'PT2S', contact: 'PT2S', visit: 'PT3S', resolve: 'PT4S', feedback: 'PT2S' };

/** Deadlines of seconds, so that tests and recorded histories see timers fire. */
export const fastPolicy: Partial<CasePolicyInput> = { warnAt: 0.5, deadlines: { normal: seconds, urgent: seconds, emergency: seconds } };
