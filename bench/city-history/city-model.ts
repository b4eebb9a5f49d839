import { escalationLadder } from '../../domain/jurisdictions';
import { route } from '../../domain/routing';
import type { Route } from '../../schema/automation';
import type { Directory, Jurisdiction } from '../../schema/directory';
import type { LadderRung } from '../../schema/ladder';
import type { CasePolicy } from '../../schema/policy';
import { createRng, uniform, Weighted } from './random';

/**
 * What the simulation draws from, computed once per run from the directory and policy: where
 * reports come from, how often each category occurs, and memoised routing and ladders (the
 * same answers the route activity and the case service would give, without recomputing them
 * ten million times).
 */
export interface CityModel {
  directory: Directory;
  policy: CasePolicy;
  /** Communities (and grids) weighted by how many reports they send. */
  places: Weighted<Jurisdiction>;
  /** Categories with a skewed distribution: rubbish and parking far ahead of bribery. */
  categories: Weighted<string>;
  children: Map<string, string[]>;
  streetOf(jurisdictionId: string): Jurisdiction;
  districtOf(jurisdictionId: string): Jurisdiction;
  coordinates(jurisdictionId: string): [number, number];
  ladder(jurisdictionId: string): LadderRung[];
  route(categoryId: string, jurisdictionId: string, exclude: readonly string[]): Route;
  /** Departments with more work than staff: slower, and late more often. */
  busy: ReadonlySet<string>;
  departmentIds: string[];
}

/**
 * Sub-categories from most to least reported, as a city hotline sees them; weights fall off as
 * a Zipf law over this order. Top-level categories get a small share (texts too vague for a
 * sub-category).
 */
const CATEGORY_RANK = [
  'sanitation.garbage', 'parking.illegal', 'noise.square-dancing', 'roads.lights', 'drainage.sewer', 'property.service',
  'noise.construction', 'water.outage', 'roads.damage', 'property.lifts', 'employment.wages', 'neighbourhood.pets',
  'power.outage', 'drainage.flooding', 'parking.spaces', 'neighbourhood.dispute', 'sanitation.cleaning', 'property.fees',
  'noise.commercial', 'roads.obstruction', 'water.pipe', 'neighbourhood.encroachment', 'housing.renovation', 'market.food',
  'medical.insurance', 'education.enrolment', 'social-assistance.subsistence', 'elderly.allowances', 'water.quality',
  'property.repairs', 'drainage.manhole', 'parking.traffic', 'power.lines', 'market.prices', 'medical.service',
  'employment.social-insurance', 'water.billing', 'power.billing', 'sanitation.toilets', 'conduct.attitude',
  'conduct.inaction', 'housing.safety', 'market.products', 'elderly.services', 'education.fees', 'business.licensing',
  'urban-village.compensation', 'employment.jobs', 'medical.public-health', 'education.safety', 'housing.affordable',
  'social-assistance.hardship', 'social-assistance.disability', 'childcare.places', 'urban-village.demolition',
  'business.environment', 'childcare.safety', 'conduct.corruption',
];

/** Urban districts send more per community than rural counties. */
const DISTRICT_WEIGHT: Record<string, number> = { wuling: 3, dingcheng: 2, 'changde-etdz': 1.8, jinshi: 1.4, lixian: 1.2, liuyehu: 1 };
const BUSY = ['wuling-urban-management', 'dingcheng-urban-management', 'changde-municipal-works', 'changde-housing', 'changde-letters-visits'];

export function buildCityModel(directory: Directory, policy: CasePolicy): CityModel {
  const rng = createRng(20260102, 11);
  const byId = new Map(directory.jurisdictions.map((j) => [j.id, j]));
  const up = (id: string, level: Jurisdiction['level']): Jurisdiction => {
    for (let j = byId.get(id); j; j = j.parentId ? byId.get(j.parentId) : undefined) if (j.level === level) return j;
    throw new Error(`${id} has no ${level} above it`);
  };

  const placeList = directory.jurisdictions.filter((j) => j.level === 'community' || j.level === 'grid');
  // Heavy-tailed community sizes: a few large estates report many times more than a village.
  const placeWeights = placeList.map((j) => (DISTRICT_WEIGHT[up(j.id, 'district').id] ?? 0.8) * Math.exp(uniform(rng, -1, 1.2)));
  const coords = new Map(placeList.map((j) => [j.id, [uniform(rng, 28.9, 29.7), uniform(rng, 111.2, 112.3)] as [number, number]]));

  const known = new Set(directory.categories.map((c) => c.id));
  const ranked = CATEGORY_RANK.filter((id) => known.has(id));
  const roots = directory.categories.filter((c) => c.parentId === null).map((c) => c.id);
  const categoryIds = [...ranked, ...roots];
  const categoryWeights = [...ranked.map((_, r) => 1 / (r + 3) ** 1.1), ...roots.map((id) => (id === 'other' ? 0.04 : 0.006))];

  const children = new Map<string, string[]>();
  for (const c of directory.categories) if (c.parentId) children.set(c.parentId, [...(children.get(c.parentId) ?? []), c.id]);

  const ladders = new Map<string, LadderRung[]>();
  const routes = new Map<string, Route>();
  const routingScope = new Map<string, string>();
  const ruleJurisdictions = new Set(directory.routingRules.map((r) => r.jurisdictionId));
  return {
    directory,
    policy,
    places: new Weighted(placeList, placeWeights),
    categories: new Weighted(categoryIds, categoryWeights),
    children,
    streetOf: (id) => up(id, 'street'),
    districtOf: (id) => up(id, 'district'),
    coordinates: (id) => coords.get(id) ?? [29.03, 111.69],
    ladder(id) {
      let l = ladders.get(id);
      if (!l) ladders.set(id, (l = escalationLadder(directory, id, policy.escalationLevels)));
      return l;
    },
    route(categoryId, jurisdictionId, exclude) {
      // Places whose ladders meet the same rule jurisdictions route alike: one answer for all of them.
      let scope = routingScope.get(jurisdictionId);
      if (scope === undefined) {
        scope = escalationLadder(directory, jurisdictionId, 99).map((r) => r.jurisdictionId).filter((id) => ruleJurisdictions.has(id)).join('/');
        routingScope.set(jurisdictionId, scope);
      }
      const key = `${categoryId}|${scope}|${exclude.join(',')}`;
      let r = routes.get(key);
      if (!r) routes.set(key, (r = route(directory, categoryId, jurisdictionId, exclude)));
      return r;
    },
    busy: new Set(BUSY.filter((id) => directory.departments.some((d) => d.id === id))),
    departmentIds: directory.departments.map((d) => d.id),
  };
}
