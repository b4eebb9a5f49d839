import type { Actor } from '../../schema/actor';

export const street: Actor = { sub: 'wang.street', role: 'street', org: 'liyang' };
export const supervisor: Actor = { sub: 'li.supervisor', role: 'supervisor', org: 'lixian' };
export const department = (org: string): Actor => ({ sub: `${org}.staff`, role: 'department', org });

/** A report that the keyword classifier routes to the county housing-security centre. */
export const sewerReport = {
  title: 'Broken sewer in Xihu community',
  description: '西湖社区3栋旁下水道堵塞，污水外溢，雨污混流，居民出行困难。',
  location: { jurisdictionId: 'xihu', address: 'Building 3, Xihu Community' },
  reporter: { name: 'Zhang San', phone: '13800000000', anonymous: false },
  channel: 'street_committee' as const,
  urgency: 'normal' as const,
};

/** The events of a case carried through the whole loop and rated satisfied, in order. */
export const HAPPY_PATH_EVENTS = [
  'case_reported',
  'case_classified',
  'case_assigned',
  'assignment_accepted',
  'resident_contacted',
  'visit_scheduled',
  'visit_completed',
  'case_resolved',
  'feedback_received',
  'case_closed',
] as const;
