import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApi, type ApiOptions } from '../../api/app';
import { signToken, type TokenClaims } from '../../api/auth';
import { caseMetricsProjection } from '../../store/projections/case-metrics-projection';
import { projectUntilCaughtUp } from '../../store/projections/run-projector';
import { startTestEngine, type TestEngine, type TestEngineOptions } from './test-engine';

export const TEST_JWT_SECRET = 'test-secret-for-the-case-api-0123456789';

/** The people the API tests act as: one per role and scope in the demo city. */
export const PEOPLE = {
  street: { sub: 'wang.street', role: 'street', org: 'liyang' },
  otherStreet: { sub: 'zhao.street', role: 'street', org: 'furong' },
  supervisor: { sub: 'li.supervisor', role: 'supervisor', org: 'lixian' },
  otherSupervisor: { sub: 'chen.supervisor', role: 'supervisor', org: 'wuling' },
  housing: { sub: 'liu.housing', role: 'department', org: 'lixian-housing' },
  otherDepartment: { sub: 'sun.health', role: 'department', org: 'lixian-health' },
  admin: { sub: 'root.admin', role: 'admin', org: 'changde' },
} as const satisfies Record<string, TokenClaims>;
export type Person = keyof typeof PEOPLE;

export interface TestApiOptions extends TestEngineOptions {
  api?: Partial<Pick<ApiOptions, 'bodyLimit' | 'rateLimit' | 'projector' | 'exportMaxRows' | 'signInPolicy' | 'metricsToken' | 'oidc' | 'publicRateLimit'>>;
}

interface Call {
  as?: Person | null;
  body?: unknown;
  headers?: Record<string, string>;
  query?: Record<string, string | string[]>;
}

/** The real engine (Temporal, database, worker) behind the HTTP API, called through Fastify's injector. */
export async function startTestApi(opts: TestApiOptions = {}) {
  const engine: TestEngine = await startTestEngine(opts);
  const app: FastifyInstance = await buildApi({
    service: engine.service,
    db: engine.db,
    client: engine.client,
    directory: engine.directory,
    jwtSecret: TEST_JWT_SECRET,
    logger: false,
    ...opts.api,
  });
  const tokens = Object.fromEntries(
    await Promise.all(Object.entries(PEOPLE).map(async ([name, claims]) => [name, await signToken(TEST_JWT_SECRET, claims)])),
  ) as Record<Person, string>;

  const call = async (method: InjectOptions['method'], url: string, c: Call = {}) => {
    const headers: Record<string, string> = { ...c.headers };
    if (c.as) headers.authorization = `Bearer ${tokens[c.as]}`;
    const response = await app.inject({ method, url, query: c.query, headers, ...(c.body === undefined ? {} : typeof c.body === 'string' ? { payload: c.body } : { payload: c.body as object }) });
    let json: any;
    try {
      json = response.json();
    } catch {
      json = undefined;
    }
    return { status: response.statusCode, headers: response.headers, body: response.body, rawBody: response.rawPayload, json };
  };

  return {
    engine,
    app,
    tokens,
    call,
    get: (url: string, c?: Call) => call('GET', url, c),
    post: (url: string, c?: Call) => call('POST', url, c),
    /** Projects what the metrics projector has not yet (tests need not wait for its poll). */
    catchUp: () => projectUntilCaughtUp(engine.db, caseMetricsProjection(engine.directory)),
    /** The number of cases and events stored, to prove a request left nothing behind. */
    async counts() {
      const cases = await engine.db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const events = await engine.db.selectFrom('case_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return { cases: Number(cases.n), events: Number(events.n) };
    },
    async close() {
      await app.close();
      await engine.close();
    },
  };
}
export type TestApi = Awaited<ReturnType<typeof startTestApi>>;
