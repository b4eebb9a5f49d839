import { CasePolicy } from '../../schema/policy';
import defaultPolicy from '../../config/default-policy.json';
import { buildCityDirectory } from './city-directory';
import { buildCityModel, type CityModel } from './city-model';
import { createRng } from './random';
import { simulateCase, type SimulatedCase } from './simulate-case';

export interface HistoryOptions {
  seed: number;
  cases: number;
  /** How far back the first report lies. */
  months: number;
  /** The end of the history: later actions have not happened yet, so recent cases are open. */
  now: number;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const BIN = 15 * MINUTE;
/** Reports per local hour of day (Asia/Shanghai): office hours and evenings, few at night. */
const HOURLY = [0.15, 0.08, 0.05, 0.05, 0.06, 0.12, 0.35, 0.8, 1.4, 1.8, 1.9, 1.7, 1.2, 1.1, 1.6, 1.8, 1.7, 1.5, 1.2, 1.1, 1.0, 0.8, 0.5, 0.3];
const CHINA_OFFSET = 8 * 60 * MINUTE;

/**
 * When each case was reported: case i sits at quantile (i + ½)/n of the city's reporting
 * intensity over the period (daily rhythm, quieter weekends, a slowly rising trend). Monotone in
 * i, so the log is written roughly in time order, as a real one is.
 */
export function reportTimes(opts: HistoryOptions): (index: number) => number {
  const end = opts.now - MINUTE;
  const start = end - Math.round(opts.months * 30.4375 * DAY);
  const bins = Math.ceil((end - start) / BIN);
  const cumulative = new Float64Array(bins);
  let total = 0;
  for (let b = 0; b < bins; b++) {
    const local = new Date(start + b * BIN + CHINA_OFFSET);
    const weekend = local.getUTCDay() === 0 || local.getUTCDay() === 6 ? 0.6 : 1;
    cumulative[b] = total += HOURLY[local.getUTCHours()]! * weekend * (1 + (0.2 * b) / bins);
  }
  return (index) => {
    const x = ((index + 0.5) / opts.cases) * total;
    let lo = 0;
    let hi = bins - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    const before = lo === 0 ? 0 : cumulative[lo - 1]!;
    const within = (x - before) / (cumulative[lo]! - before);
    return Math.min(end, Math.round(start + (lo + within) * BIN));
  };
}

/** The scaled city with the built-in policy: what every run, the CLI's and the tests', simulates. */
export function defaultCityModel(): CityModel {
  return buildCityModel(buildCityDirectory(), CasePolicy.parse(defaultPolicy));
}

/** Cases [from, to) of the history. Each case's stream depends only on (seed, index). */
export function* historyCases(model: CityModel, opts: HistoryOptions, from = 0, to = opts.cases): Generator<SimulatedCase> {
  const at = reportTimes(opts);
  for (let i = from; i < to; i++) yield simulateCase(model, createRng(opts.seed, i), i, at(i), opts.now);
}
