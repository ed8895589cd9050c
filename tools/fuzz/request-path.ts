/**
 * Requests for fuzzing the mock's request path, shared by the bounded runs in the tests
 * (test/fuzz/request-path.test.ts, test/e2e/fuzz-request-path.test.ts) and the long one in
 * `npm run fuzz` (main.ts). It lives under tools/, which tools/tsconfig.json compiles to dist/ on
 * demand and the package build leaves out: the runner must run from dist without a TypeScript
 * loader, and built code must not import unbuilt test code.
 *
 * A request is built from a grammar of the URLs real clients send (both versions, the five log
 * functions under their short and namespace-qualified names, key segments, long and short
 * parameter names in either order, every date form Graph's SDKs write) and
 * of the paths around the API, then mutated character by character (insertions, deletions,
 * percent-encoding, broken escapes, control and non-ASCII characters, 8 KB runs): see api-url.ts,
 * date-literals.ts and mutations.ts. Headers come from grammars of their own (headers.ts): bearer
 * tokens, client-request-id, the x-mock-* headers, Accept and Host.
 *
 * Two limits keep runs fast and deterministic. The tenant a request selects is one of eight
 * (scenario, seed) pairs, so the universe cache (eight entries) never rebuilds a tenant; and no
 * request sleeps: latency faults stay at or under 5 ms, and the `slow` scenario is only chosen
 * together with an `x-mock-fault` that switches its delay off.
 */
import fc from 'fast-check';
import { LOG_FUNCTIONS } from '../../openapi/contract.js';
import { apiPath, queryPair } from './api-url.js';
import { sometimes } from './choices.js';
import { windowLiterals } from './date-literals.js';
import { type HeaderOptions, headerChoice, wireHeaderValue } from './headers.js';
import { applyMutations, mutations } from './mutations.js';

export type RequestOptions = HeaderOptions;

/** A request as the fuzzer sends it. `path` is the request-target, possibly not valid URL text. */
export interface FuzzRequest {
  readonly method: string;
  readonly path: string;
  /**
   * Lower-case names; values as Node delivers them from the wire: latin1 characters without
   * controls other than tab, trimmed (see wireHeaderValue).
   */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** The (scenario, seed) pairs a request may select: as many as the universe cache holds. */
export const TENANTS = [
  { scenario: 'default', seed: 1 },
  { scenario: 'empty', seed: 2 },
  { scenario: 'international', seed: 11 },
  { scenario: 'contact-center', seed: 13 },
  { scenario: 'throttled', seed: 1 },
  { scenario: 'flaky', seed: 1 },
  { scenario: 'slow', seed: 1 },
  { scenario: 'large', seed: 7 },
] as const;

type Tenant = (typeof TENANTS)[number];

interface TenantChoice {
  readonly tenant: Tenant;
  readonly scenarioWhere: 'none' | 'header' | 'query' | 'both';
  readonly seedWhere: 'none' | 'header' | 'query' | 'both';
  readonly seedText: string;
  readonly junkScenario: string | null;
  readonly junkSeed: string | null;
}

const JUNK_SCENARIOS = ['Default', 'unknown', 'LARGE', 'default ', 'de%66ault', '', 'slow2', '$'];
const JUNK_SEEDS = [
  '-1',
  '4294967296',
  '12345678901',
  '1e3',
  '0x1',
  '1.0',
  'abc',
  '',
  '１',
  '+1',
  '9'.repeat(400),
];

const tenantChoice: fc.Arbitrary<TenantChoice> = fc.record({
  tenant: fc.oneof(
    { weight: 30, arbitrary: fc.constantFrom(...TENANTS.slice(0, 7)) },
    { weight: 1, arbitrary: fc.constant(TENANTS[7]) },
  ),
  scenarioWhere: fc.constantFrom('none', 'none', 'none', 'header', 'header', 'query', 'both'),
  seedWhere: fc.constantFrom('none', 'none', 'none', 'none', 'header', 'query', 'both'),
  // parseSeed trims and accepts leading zeros: these all name the tenant's own seed.
  seedText: fc.constantFrom('', ' ', '0'),
  junkScenario: sometimes(fc.constantFrom(...JUNK_SCENARIOS), 15),
  junkSeed: sometimes(fc.constantFrom(...JUNK_SEEDS), 15),
});

/** The headers and query pairs that express a tenant choice. */
function expressTenant(choice: TenantChoice): { headers: Record<string, string>; query: string[] } {
  const headers: Record<string, string> = {};
  const query: string[] = [];
  const { tenant } = choice;
  // `slow` sleeps 200–800 ms a page: only ever chosen by header, with its delay switched off.
  const scenarioWhere =
    tenant.scenario === 'slow' && choice.scenarioWhere !== 'none' ? 'header' : choice.scenarioWhere;
  // Without a scenario the server's default answers, whose seed is 1.
  const seedWhere = scenarioWhere === 'none' && tenant.seed !== 1 ? 'none' : choice.seedWhere;
  const scenario = choice.junkScenario ?? tenant.scenario;
  const seed = choice.junkSeed ?? `${choice.seedText}${tenant.seed}`;
  if (scenarioWhere === 'header' || scenarioWhere === 'both') headers['x-mock-scenario'] = scenario;
  if (scenarioWhere === 'query' || scenarioWhere === 'both') {
    query.push(`x-mock-scenario=${encodeURIComponent(scenario)}`);
  }
  if (seedWhere === 'header' || seedWhere === 'both') headers['x-mock-seed'] = seed;
  if (seedWhere === 'query' || seedWhere === 'both') {
    query.push(`x-mock-seed=${encodeURIComponent(seed)}`);
  }
  return { headers, query };
}

const TENANT_SEGMENTS = [
  'common',
  'contoso.onmicrosoft.com',
  '72f988bf-86f1-41af-91ab-2d7cd011db47',
  'x',
  '%ZZ',
  '%C3%A9',
  'a'.repeat(300),
];

const summaryPath: fc.Arbitrary<{ path: string; query: string[] }> = fc
  .record({
    window: windowLiterals,
    // The summary walks every day of its window; `large` would make cold days slow.
    tenant: fc.option(fc.constantFrom(...TENANTS.slice(0, 7)), { freq: 2 }),
    extra: sometimes(
      fc.constantFrom('seed=abc', 'scenario=nope', 'x=1', 'fromDateTime=2024-06-01'),
      4,
    ),
    names: fc.constantFrom(['fromDateTime', 'toDateTime'], ['from', 'to'], ['fromDateTime', '']),
    // Which log to total: getPstnCalls when none is named; names are matched exactly.
    fn: fc.option(fc.constantFrom(...LOG_FUNCTIONS, 'getsmslog', 'getPstnCall', ''), { freq: 3 }),
  })
  .map(({ window, tenant, extra, names, fn }) => {
    const query = [
      ...(fn === null ? [] : [`function=${fn}`]),
      `${names[0]}=${encodeURIComponent(window[0])}`,
      ...(names[1] === '' ? [] : [`${names[1]}=${encodeURIComponent(window[1])}`]),
      ...(tenant === null ? [] : [`scenario=${tenant.scenario}`, `seed=${tenant.seed}`]),
      ...(extra === null ? [] : [extra]),
    ];
    return { path: '/_mock/summary', query };
  });

/** Paths around the API: the mock's own, Entra's stand-in, and near misses of the API's. */
const otherPath: fc.Arbitrary<{ path: string; query: string[] }> = fc.record({
  path: fc.oneof(
    fc.constantFrom(
      '/',
      '/beta',
      '/v1.0',
      '/v1.0/foo',
      '/beta/communications',
      '/beta/communications/callRecords',
      '/beta/communications/callRecords/',
      '/beta/communications/callRecords/2f1a34bc-0000-0000-0000-000000000000',
      '/beta/$metadata',
      '/healthz',
      '/HEALTHZ',
      '/healthz/',
      '/openapi.json',
      '/favicon.ico',
      '/_mock',
      '/_mock/scenarios',
      '/_mock/requests',
      '/_mock/reset',
      '/_mock/nothing',
      '/%2e%2e/healthz',
      '/.well-known/openid-configuration',
    ),
    fc
      .tuple(
        fc.constantFrom(...TENANT_SEGMENTS),
        fc.constantFrom(
          '/oauth2/v2.0/token',
          '/discovery/v2.0/keys',
          '/v2.0/.well-known/openid-configuration',
          '/oauth2/token',
        ),
      )
      .map(([tenant, rest]) => `/${tenant}${rest}`),
  ),
  query: fc.array(queryPair, { maxLength: 2 }),
});

const method = fc.oneof(
  { weight: 40, arbitrary: fc.constant('GET') },
  { weight: 3, arbitrary: fc.constant('HEAD') },
  { weight: 2, arbitrary: fc.constant('POST') },
  { weight: 1, arbitrary: fc.constantFrom('DELETE', 'OPTIONS', 'PATCH', 'PUT') },
);

const body = sometimes(
  fc.record({
    type: fc.constantFrom(
      'application/json',
      'application/x-www-form-urlencoded',
      'text/plain',
      'application/json; charset=utf-16',
      'multipart/form-data; boundary=x',
      'application/octet-stream',
      '',
    ),
    text: fc.constantFrom(
      '{}',
      '{',
      '[]',
      'null',
      '{"__proto__":{"x":1}}',
      'grant_type=client_credentials&client_id=x',
      'x'.repeat(5000),
      '',
    ),
  }),
  3,
);

/** Every request the fuzzer sends: mostly the API, some of everything around it. */
export function requestArbitrary(options: RequestOptions): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      method,
      target: fc.oneof(
        { weight: 12, arbitrary: apiPath },
        { weight: 1, arbitrary: summaryPath },
        { weight: 2, arbitrary: otherPath },
      ),
      queryForm: fc.constantFrom('pairs', 'pairs', 'pairs', 'bare', 'doubled'),
      tenant: tenantChoice,
      headers: headerChoice(options),
      mutations,
      body,
    })
    .map(({ method, target, queryForm, tenant, headers, mutations, body }) => {
      const selection = expressTenant(tenant);
      const pairs = [...target.query, ...selection.query];
      const query =
        pairs.length > 0
          ? `?${pairs.join(queryForm === 'doubled' ? '&&' : '&')}`
          : queryForm === 'bare'
            ? '?'
            : '';
      const sent: Record<string, string> = { ...selection.headers };
      if (headers.authorization !== null) sent.authorization = headers.authorization;
      if (headers.clientRequestId !== null) sent['client-request-id'] = headers.clientRequestId;
      if (headers.fault !== null) sent['x-mock-fault'] = headers.fault;
      if (headers.auth !== null) sent['x-mock-auth'] = headers.auth;
      if (headers.accept !== null) sent.accept = headers.accept;
      if (headers.host !== null) sent.host = headers.host;
      for (const [name, value] of headers.unknown) sent[name] = value;
      if (sent['x-mock-scenario'] === 'slow') {
        // Its 200–800 ms per page would dominate the run; `none` drops the scenario's faults.
        sent['x-mock-fault'] = 'none';
      }
      const withBody = body !== null && method !== 'GET' && method !== 'HEAD';
      if (withBody && body.type !== '') sent['content-type'] = body.type;
      const wire = Object.fromEntries(
        Object.entries(sent).map(([name, value]) => [name, wireHeaderValue(value)]),
      );
      return {
        method,
        path: applyMutations(`${target.path}${query}`, mutations),
        headers: wire,
        ...(withBody ? { body: body.text } : {}),
      };
    });
}
