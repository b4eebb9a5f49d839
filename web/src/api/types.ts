// The shapes the console reads from the API, named from the types generated out of the API's
// own /openapi.json (schema.d.ts, `npm run gen:api-types`): a change to the API's views shows
// up here as a type error, not as a console that silently reads a field that is gone.
import type { components, paths } from './schema';

type Schemas = components['schemas'];

export type CaseView = Schemas['Case'];
export type CaseStatus = CaseView['status'];
export type Urgency = CaseView['urgency'];
export type Channel = CaseView['channel'];
export type Rating = NonNullable<CaseView['feedback']>['rating'];
export type Step = CaseView['deadlines'][number]['step'];
/** The actions of the table of actions (domain/action-table.ts), as allowedActions names them. */
export type ActionName = CaseView['allowedActions'][number];
export type Role = Schemas['User']['role'];

export type CaseEvent = Schemas['CaseEvent'];
export type Actor = CaseEvent['actor'];

/** A page of GET /v1/cases: items, nextCursor, and the count of what the filters select. */
export type CasePage = paths['/v1/cases']['get']['responses'][200]['content']['application/json'];

export type DirectoryView = Schemas['Directory'];
export type Named = Pick<DirectoryView['categories'][number], 'id' | 'name' | 'nameZh'>;

export type MetricsSummary = Schemas['MetricsSummary'];
export type Summary = MetricsSummary['total'];
export type Ranking = Schemas['MetricsRanking'];
export type RankingItem = Ranking['items'][number];
export type RateName = keyof RankingItem['rates'];
export type Fraction = RankingItem['rates'][RateName];

export type DispatchOption = Schemas['DispatchOptions']['items'][number];

/** RFC 9457 problem details as the API sends them. */
export type Problem = Schemas['Problem'];
export type FieldError = NonNullable<Problem['errors']>[number];
