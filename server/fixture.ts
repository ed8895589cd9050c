/**
 * The package's entry point: the mock as a test fixture. `startMockGraph` builds the app, listens
 * on a free port and hands back where it is, the CA to trust over HTTPS, and in-process access to
 * what the control API offers (tokens, the request journal, ground-truth summaries, reset).
 *
 *   const mock = await startMockGraph({ scenario: 'large' });
 *   await exporter.run({ baseUrl: mock.betaUrl });        // the code under test
 *   assert.equal(exporter.rows, (await mock.summary({ fromDateTime, toDateTime })).rows);
 *   await mock.close();
 */
import { isIPv6 } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { ApiVersion, LogFunctionName } from '../openapi/contract.js';
import { DEFAULT_SCENARIO_NAME } from '../scenarios/catalog.js';
import { FaultState } from '../scenarios/faults.js';
import type { LogSummaries } from '../scenarios/log-functions.js';
import { ServedScenarios } from '../scenarios/registry.js';
import type { Scenario } from '../scenarios/scenario.js';
import type { ScenarioFile } from '../scenarios/scenario-file.js';
import { buildApp, startupRegistry } from './app.js';
import { issueToken, type TokenOptions } from './auth/tokens.js';
import { SCENARIO_PARAMETER } from './graph/tenant-selection.js';
import { listenOnEveryAddress } from './listen.js';
import { openConnections } from './open-connections.js';
import type { AppOptions, TlsOptions } from './options.js';
import { type JournalEntry, RequestJournal } from './request-journal.js';
import {
  parseSummaryQuery,
  type RangeSummary,
  summarizeRange,
} from './routes/control/summary-query.js';
import { defaultCertificateDirectory } from './tls/paths.js';

export type {
  DirectRoutingSummary,
  DirectRoutingUserSummary,
} from '../scenarios/direct-routing-summary.js';
export type { LogSummaries } from '../scenarios/log-functions.js';
export type {
  BlockedUserSummary,
  BlockedUsersSummary,
  DialoutSummary,
  SmsSummary,
  SmsUserSummary,
} from '../scenarios/log-summaries.js';
export type { ScenarioOrigin, ScenarioRegistry } from '../scenarios/registry.js';
export type { Scenario } from '../scenarios/scenario.js';
export { type ScenarioFile, ScenarioFileError } from '../scenarios/scenario-file.js';
export type { CallSummary, Money, MoneyByCurrency, UserSummary } from '../scenarios/summary.js';
export { buildApp } from './app.js';
export type { TokenOptions } from './auth/tokens.js';
export type { ServerLimits } from './http-server.js';
export type { AppOptions, AuthMode, CorsOrigins, TlsOptions } from './options.js';
export type { JournalEntry, JournalHeaders } from './request-journal.js';
export type { RangeSummary } from './routes/control/summary-query.js';
export { loadScenarios, type ScenarioInput } from './scenario-files.js';
export type { ApiVersion, LogFunctionName };

/** buildApp's options, plus where to listen and how to speak HTTPS. */
export interface MockGraphOptions extends Omit<AppOptions, 'tls'> {
  /** Hostname or IP address to listen on. Default `localhost`: both 127.0.0.1 and ::1. */
  readonly host?: string;
  /** Default 0: a free port, which `port` and `url` then name. */
  readonly port?: number;
  /**
   * Serve HTTPS. `true` or `{}`: a certificate for localhost, 127.0.0.1 and ::1 from the local CA
   * that `graph-callrecords-mock --tls` uses too, kept in `$XDG_DATA_HOME/graph-callrecords-mock/tls`
   * (or `~/.local/share/graph-callrecords-mock/tls`), created on first use and reused after, so
   * there is one CA per user to trust; `{ dir }`: the local CA kept in `dir` instead (a temporary
   * directory gives a throwaway CA); `{ cert, key }`: your own certificate and key, PEM.
   * Default: plain HTTP.
   */
  readonly tls?: boolean | { readonly dir?: string } | TlsOptions;
}

/** A window of getPstnCalls: date-time literals as Graph takes them, or Dates. */
export interface CallRange {
  readonly fromDateTime: string | Date;
  readonly toDateTime: string | Date;
}

/**
 * What `summary` totals: a window of a log function (getPstnCalls unless named), and a tenant
 * other than the server's default if named.
 */
export interface SummaryQuery<F extends LogFunctionName = LogFunctionName> extends CallRange {
  readonly function?: F;
  readonly scenario?: string;
  readonly seed?: number;
}

/** What `useScenario` takes: a scenario file as an object — whole, or `extends` another — its name optional. */
export type ScenarioDefinition = ScenarioFile extends infer File
  ? File extends unknown
    ? Omit<File, 'name'> & { readonly name?: string }
    : never
  : never;

/** A scenario `useScenario` serves on the running mock: its name, and URLs that select it. */
export interface MockScenario {
  /** As given, or made up: `test-1`, `test-2`, …, never one this mock has made up before. */
  readonly name: string;
  /** The seed its rows come from: the mock's `seed` option, else the scenario's own. */
  readonly seed: number;
  /** The scenario as this call defined it, `extends` applied, as `GET /_mock/scenarios/{name}` shows it. */
  readonly scenario: Scenario;
  /** `mock.pstnCallsUrl(range)` with `?x-mock-scenario=<name>`: the same client, this tenant. */
  pstnCallsUrl(range: CallRange & { readonly version?: ApiVersion }): string;
  /** `mock.logUrl(fn, range)` with `?x-mock-scenario=<name>`; nextLinks carry it on. */
  logUrl(fn: LogFunctionName, range: CallRange & { readonly version?: ApiVersion }): string;
  /** `mock.summary(query)` of this tenant. */
  summary<F extends LogFunctionName = 'getPstnCalls'>(
    query: Omit<SummaryQuery<F>, 'scenario'>,
  ): Promise<RangeSummary<LogSummaries[F]>>;
  /** Stops serving it, as `DELETE /_mock/scenarios/{name}`; harmless if it is gone already. */
  remove(): void;
}

/** A running mock. Every member works whether or not the control API is served, but `requests`. */
export interface MockGraph {
  /** The origin, e.g. `http://localhost:43121` or `https://localhost:43121`. */
  readonly url: string;
  /** `url` + `/beta`: a Graph client's base URL for the beta API. */
  readonly betaUrl: string;
  /** `url` + `/v1.0`. */
  readonly v1Url: string;
  readonly port: number;
  /** The scenario served when a request names none, and its seed. */
  readonly scenario: string;
  readonly seed: number;
  /**
   * With the local CA: the path of its certificate, for NODE_EXTRA_CA_CERTS in a child process.
   * Undefined over HTTP or with your own certificate.
   */
  readonly caPath?: string;
  /** With the local CA: its certificate (PEM), for an in-process client's `ca` option. */
  readonly ca?: string;
  /** The fastify instance, listening: `app.inject()` skips the network. */
  readonly app: FastifyInstance;
  /**
   * The absolute URL of getPstnCalls over `range` (beta unless `version` says `v1.0`); a Date is
   * written as its ISO string, a string as given.
   */
  pstnCallsUrl(range: CallRange & { readonly version?: ApiVersion }): string;
  /**
   * The absolute URL of any log function over `range`, e.g.
   * `mock.logUrl('getDirectRoutingCalls', { fromDateTime, toDateTime, version: 'v1.0' })`;
   * beta unless `version` says `v1.0` (where only getPstnCalls and getDirectRoutingCalls exist).
   */
  logUrl(fn: LogFunctionName, range: CallRange & { readonly version?: ApiVersion }): string;
  /**
   * A JWT that `auth: 'strict'` accepts — signed with this mock's `tokenSecret` — or, with the
   * options, one it refuses on purpose (`expired`, `roles: []`, `delegated`, …).
   */
  token(options?: TokenOptions): Promise<string>;
  /**
   * The request journal, oldest first, as `GET /_mock/requests` answers it. Throws when the mock
   * runs with `control: false`, which keeps no journal.
   */
  requests(): readonly JournalEntry[];
  /**
   * The ground truth of a window, as `GET /_mock/summary` answers it: rows, pages, charges,
   * counts by call type and by user. Rejects with the summary endpoint's message on a bad window.
   */
  summary<F extends LogFunctionName = 'getPstnCalls'>(
    query: SummaryQuery<F>,
  ): Promise<RangeSummary<LogSummaries[F]>>;
  /**
   * Serves `scenario` on this mock, as `PUT /_mock/scenarios/{name}` does, for a tenant per test:
   * the handle's URLs select it, so the client under test needs no header. A name already
   * defined this way is replaced; a built-in's or a loaded file's is refused. Throws a
   * ScenarioFileError, a sentence a problem, for a bad scenario.
   *
   * @example
   * const acme = mock.useScenario({ extends: 'default', tenant: { userCount: 12 } }); // test-1
   * const rows = await myExporter.run({ url: acme.pstnCallsUrl(june) }); // the code under test
   * assert.equal(rows.length, (await acme.summary(june)).rows);
   * acme.remove();
   */
  useScenario(scenario: ScenarioDefinition): MockScenario;
  /** As `POST /_mock/reset`: clears the journal and every fault counter. */
  reset(): void;
  /**
   * Stops listening and ends every connection, a request in flight included, so it never waits
   * on a slow page or a client. Calling it again is harmless.
   */
  close(): Promise<void>;
}

const DEFAULT_HOST = 'localhost';

/**
 * Builds the mock and listens; rejects if the options are bad or the port cannot be had.
 *
 * @example
 * import { startMockGraph } from 'graph-callrecords-mock';
 *
 * const mock = await startMockGraph({ scenario: 'large' }); // a free localhost port
 * const range = { fromDateTime: '2024-06-01', toDateTime: '2024-07-01' };
 * const res = await fetch(mock.pstnCallsUrl(range), {
 *   headers: { authorization: `Bearer ${await mock.token()}` },
 * });
 * const page = await res.json(); // 1,000 rows and an @odata.nextLink to follow
 * const truth = await mock.summary(range); // what a full walk must add up to: truth.rows, …
 * await mock.close(); // ends every connection, a slow page in flight included
 *
 * @example
 * // Your own tenant: a scenario file's path, or the same as an object.
 * const acme = await startMockGraph({
 *   scenarios: [{ name: 'acme', extends: 'default', tenant: { userCount: 40, domain: 'acme.example' } }],
 *   scenario: 'acme',
 * });
 */
export async function startMockGraph(options: MockGraphOptions = {}): Promise<MockGraph> {
  const { host = DEFAULT_HOST, port = 0, tls: tlsOption, ...appOptions } = options;
  const certificates = tlsOption ? await certificatesFor(tlsOption) : undefined;
  const journal = new RequestJournal();
  const faults = new FaultState();
  const scenarios = new ServedScenarios(startupRegistry(appOptions.scenarios));
  // buildApp checks the scenario name, so scenarios.find below cannot miss.
  const app = buildApp(
    { ...appOptions, ...(certificates && { tls: certificates }) },
    { journal, faults, scenarios },
  );
  // A test is over when it closes the mock: a page still in flight (a slow scenario's, say) must
  // not hold close() open, so every connection ends with the mock.
  app.addHook('preClose', async () => {
    openConnections(app.server).cutAll();
  });
  try {
    // A name (localhost, the default) on every address it resolves to, as the CLI listens.
    await listenOnEveryAddress(app, host, port);
  } catch (error) {
    await app.close();
    throw error;
  }

  const defaultName = appOptions.scenario ?? DEFAULT_SCENARIO_NAME;
  const scenario = scenarios.find(defaultName)!;
  const boundPort = (app.server.address() as { port: number }).port;
  const url = `${certificates ? 'https' : 'http'}://${urlHost(host)}:${boundPort}`;
  let closed: Promise<void> | undefined;

  const logUrl = (
    fn: LogFunctionName,
    { fromDateTime, toDateTime, version = 'beta' }: CallRange & { readonly version?: ApiVersion },
  ) =>
    `${url}/${version}/communications/callRecords/${fn}(fromDateTime=${literal(fromDateTime)},toDateTime=${literal(toDateTime)})`;
  const summary = async <F extends LogFunctionName>({
    function: fn,
    fromDateTime,
    toDateTime,
    scenario: name,
    seed,
  }: SummaryQuery<F>) =>
    summarizeRange(
      parseSummaryQuery(
        {
          ...(fn !== undefined && { function: fn }),
          fromDateTime: literal(fromDateTime),
          toDateTime: literal(toDateTime),
          ...(name !== undefined && { scenario: name }),
          ...(seed !== undefined && { seed: String(seed) }),
        },
        // The default found now: a PUT may have replaced it.
        { scenario: scenarios.find(defaultName)!, seed: appOptions.seed, registry: scenarios },
      ),
    ) as RangeSummary<LogSummaries[F]>;
  let madeUpNames = 0;
  const useScenario = (definition: ScenarioDefinition): MockScenario => {
    let name = definition.name;
    while (name === undefined || (definition.name === undefined && scenarios.find(name))) {
      name = `test-${++madeUpNames}`;
    }
    const origin = scenarios.originOf(name);
    if (origin === 'loaded') throw loadedNameTaken(name);
    const defined = scenarios.define(name, { ...definition, name }, `useScenario(${name})`);
    const selecting = `?${SCENARIO_PARAMETER}=${name}`;
    return {
      name,
      seed: appOptions.seed ?? defined.scenario.seed,
      scenario: defined.scenario,
      pstnCallsUrl: (range) => logUrl('getPstnCalls', range) + selecting,
      logUrl: (fn, range) => logUrl(fn, range) + selecting,
      summary: (query) => summary({ ...query, scenario: name }),
      remove: () => {
        scenarios.remove(name);
      },
    };
  };
  return {
    url,
    betaUrl: `${url}/beta`,
    v1Url: `${url}/v1.0`,
    port: boundPort,
    scenario: scenario.name,
    seed: appOptions.seed ?? scenario.seed,
    ...(certificates?.caPath !== undefined && { caPath: certificates.caPath, ca: certificates.ca }),
    app,
    pstnCallsUrl: (range) => logUrl('getPstnCalls', range),
    logUrl,
    token: (tokenOptions = {}) =>
      issueToken({ secret: appOptions.tokenSecret, ...withoutUndefined(tokenOptions) }),
    requests: () => {
      if (appOptions.control === false) throw journalOff();
      return journal.entries();
    },
    summary,
    useScenario,
    reset: () => {
      journal.clear();
      faults.reset();
    },
    close: () => {
      closed ??= app.close().then(() => undefined);
      return closed;
    },
  };
}

/** The certificate to serve and, for the local CA, the CA clients must trust. */
async function certificatesFor(
  tls: true | { readonly dir?: string } | TlsOptions,
): Promise<TlsOptions & { readonly caPath?: string; readonly ca?: string }> {
  if (tls !== true && 'cert' in tls) return { cert: tls.cert, key: tls.key };
  const dir = (tls !== true && tls.dir) || defaultCertificateDirectory(process.env);
  // Loaded only for HTTPS: node-forge is not needed otherwise.
  const { ensureLocalCertificates } = await import('./tls/local-certificates.js');
  return ensureLocalCertificates(dir);
}

/**
 * The host a client should name: a wildcard address is reached on the loopback of its family,
 * and an IPv6 address goes in brackets.
 */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return isIPv6(host) ? `[${host}]` : host;
}

function literal(value: string | Date): string {
  return typeof value === 'string' ? value : value.toISOString();
}

/** So that `token({ secret: undefined })` still signs with the mock's own secret. */
function withoutUndefined<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}

function journalOff(): Error {
  return new Error(
    'The request journal is off: this mock was started with control: false. ' +
      'Start it with control: true (the default) to read mock.requests().',
  );
}

function loadedNameTaken(name: string): Error {
  return new Error(
    `'${name}' is a scenario loaded at start-up; useScenario defines scenarios of a test's own. ` +
      `Give it another name, or { extends: '${name}', … } to start from it.`,
  );
}
