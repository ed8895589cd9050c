/**
 * The soak's traffic: an endless, seeded sequence of the requests a busy mock sees — pages of
 * every data scenario over windows inside 2024 (deep in the `large` tenant's 90 days, with
 * several `$top`s), both API versions and both function names, the control API's summary and
 * the health check — with a tenth that must fail in a known way. Each request carries the
 * status it must get, so any other answer is an error of the server's.
 */
import seedrandom from 'seedrandom';
import { BENCH_WINDOW } from '../../bench/window.js';
import { findScenario, largeScenario } from '../../scenarios/catalog.js';
import { daysFromCivil, type Instant, MINUTES_PER_DAY } from '../../scenarios/instant.js';
import type { CallWindow } from '../../scenarios/log-window.js';
import { countCalls, type Universe, universeFor } from '../../scenarios/universe.js';
import { formatDateTimeLiteral } from '../../server/graph/date-time-offset.js';

export interface PlannedRequest {
  /** What the request exercises; the report counts responses by it. */
  readonly kind: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly expectedStatus: number;
  /** A page of rows: its body is worth a sampled JSON check. */
  readonly isPage: boolean;
}

/** An integer in [0, n). */
type Draw = (n: number) => number;

interface Tenant {
  readonly universe: Universe;
  /** The request headers that pick it; none for the server's own default. */
  readonly headers: Record<string, string>;
  /** The query parameters that pick it on /_mock/summary. */
  readonly summaryQuery: string;
}

const TOKEN = 'Bearer soak';
const PAGE_SIZE = 1000;
/** `$top` as clients send it: mostly absent (1000), sometimes smaller pages. */
const TOPS = [1000, 1000, 1000, 1000, 1000, 1000, 1000, 500, 100, 1] as const;
const FIRST_DAY_OF_2024 = daysFromCivil(2024, 1, 1);
const DAYS_IN_2024 = 366;
const MAX_RANGE_DAYS = 90;
const JUNE = 'fromDateTime=2024-06-01,toDateTime=2024-07-01';

function tenant(scenarioName: string, seed?: number): Tenant {
  const scenario = findScenario(scenarioName)!;
  const headers: Record<string, string> = {};
  if (scenarioName !== 'default') headers['x-mock-scenario'] = scenarioName;
  if (seed !== undefined) headers['x-mock-seed'] = String(seed);
  return {
    universe: universeFor(scenario, seed ?? scenario.seed),
    headers,
    summaryQuery: `&scenario=${scenarioName}${seed === undefined ? '' : `&seed=${seed}`}`,
  };
}

function midnight(dayOf2024: number): Instant {
  return { minute: (FIRST_DAY_OF_2024 + dayOf2024) * MINUTES_PER_DAY, tick: 0 };
}

/** A window of `minDays` to `maxDays` whole days, inside 2024. */
function windowIn2024(draw: Draw, minDays: number, maxDays: number): CallWindow {
  const days = minDays + draw(maxDays - minDays + 1);
  const firstDay = draw(DAYS_IN_2024 - days);
  return { from: midnight(firstDay), to: midnight(firstDay + days) };
}

function functionPath(version: string, functionName: string, parameters: string): string {
  return `/${version}/communications/callRecords/${functionName}(${parameters})`;
}

function authorized(headers: Record<string, string> = {}): Record<string, string> {
  return { authorization: TOKEN, ...headers };
}

/** A page of `window` as clients ask for it, at a `$skip` inside its `rows`. */
function page(
  draw: Draw,
  kind: string,
  chosen: Tenant,
  window: CallWindow,
  rows: number,
): PlannedRequest {
  const top = TOPS[draw(TOPS.length)]!;
  // Full pages at multiples of 1000 repeat, so the page cache admits and evicts; other $tops
  // land anywhere and are new pages.
  const skip =
    top === PAGE_SIZE ? PAGE_SIZE * draw(Math.max(1, Math.ceil(rows / PAGE_SIZE))) : draw(rows + 1);
  const [fromName, toName] = draw(4) === 0 ? ['from', 'to'] : ['fromDateTime', 'toDateTime'];
  const parameters =
    `${fromName}=${formatDateTimeLiteral(window.from)},` +
    `${toName}=${formatDateTimeLiteral(window.to)}`;
  const options = [skip > 0 && `$skip=${skip}`, top !== PAGE_SIZE && `$top=${top}`].filter(Boolean);
  const path = functionPath(
    draw(10) < 3 ? 'v1.0' : 'beta',
    draw(4) === 0 ? 'microsoft.graph.callRecords.getPstnCalls' : 'getPstnCalls',
    parameters,
  );
  return {
    kind,
    path: options.length > 0 ? `${path}?${options.join('&')}` : path,
    headers: authorized(chosen.headers),
    expectedStatus: 200,
    isPage: true,
  };
}

function notAPage(
  kind: string,
  path: string,
  headers: Record<string, string>,
  expectedStatus: number,
): PlannedRequest {
  return { kind, path, headers, expectedStatus, isPage: false };
}

/** Segments that must answer 400: each breaks getPstnCalls' syntax or its values one way. */
const MALFORMED_SEGMENTS = [
  'getPstnCalls(fromDateTime=2024-06-01,toDateTime=2024-07-01',
  'getPstnCalls(fromDateTime=2024-02-30,toDateTime=2024-03-05)',
  'getPstnCalls(fromDateTime=2024-07-01,toDateTime=2024-06-01)',
  'getPstnCalls(fromDateTime=2024-06-01,toDateTime=)',
] as const;

/** Paths that must answer 400: an unknown function, an unknown segment, an unknown version. */
const UNKNOWN_PATHS = [
  // No such function: the family's five are all served.
  `/beta/communications/callRecords/getVoicemailLog(${JUNE})`,
  '/beta/communications/nope',
  `/v2.0/communications/callRecords/getPstnCalls(${JUNE})`,
] as const;

export class RequestMix {
  private readonly draw: Draw;
  private readonly large = tenant(largeScenario.name);
  private readonly largeRows = countCalls(this.large.universe, BENCH_WINDOW);
  /**
   * The other data scenarios, and `default` under a second seed: seven tenants in all, within
   * the server's cache of eight built universes, so none is rebuilt mid-run.
   */
  private readonly others = [
    tenant('default'),
    tenant('default', 42),
    tenant('international'),
    tenant('contact-center'),
    tenant('single-page'),
    tenant('empty'),
  ];
  /** Weights out of 100: pages, a tenth of expected errors, control and health calls. */
  private readonly shares: readonly { weight: number; plan: () => PlannedRequest }[] = [
    { weight: 36, plan: () => this.largePage() },
    { weight: 50, plan: () => this.otherPage() },
    { weight: 2, plan: () => this.rangeOver90Days() },
    { weight: 2, plan: () => this.malformedSegment() },
    { weight: 2, plan: () => this.noAuthorization() },
    { weight: 2, plan: () => this.unknownPath() },
    { weight: 2, plan: () => this.fault503() },
    { weight: 2, plan: () => this.summary() },
    { weight: 2, plan: () => notAPage('healthz', '/healthz', {}, 200) },
  ];
  private readonly totalWeight = this.shares.reduce((sum, share) => sum + share.weight, 0);

  constructor(seed: number) {
    const random = seedrandom(`soak/${seed}`);
    this.draw = (n) => Math.floor(random() * n);
  }

  next(): PlannedRequest {
    let roll = this.draw(this.totalWeight);
    for (const share of this.shares) {
      if (roll < share.weight) return share.plan();
      roll -= share.weight;
    }
    throw new Error('unreachable: the roll is below the total weight');
  }

  private largePage(): PlannedRequest {
    return page(this.draw, 'large-page', this.large, BENCH_WINDOW, this.largeRows);
  }

  private otherPage(): PlannedRequest {
    const chosen = this.others[this.draw(this.others.length)]!;
    const window = windowIn2024(this.draw, 1, MAX_RANGE_DAYS);
    return page(this.draw, 'page', chosen, window, countCalls(chosen.universe, window));
  }

  private rangeOver90Days(): PlannedRequest {
    const { from, to } = windowIn2024(this.draw, MAX_RANGE_DAYS + 1, 2 * MAX_RANGE_DAYS);
    const parameters = `fromDateTime=${formatDateTimeLiteral(from)},toDateTime=${formatDateTimeLiteral(to)}`;
    return notAPage(
      'range-over-90-days',
      functionPath('beta', 'getPstnCalls', parameters),
      authorized(),
      406,
    );
  }

  private malformedSegment(): PlannedRequest {
    const segment = MALFORMED_SEGMENTS[this.draw(MALFORMED_SEGMENTS.length)]!;
    return notAPage(
      'malformed-segment',
      `/beta/communications/callRecords/${segment}`,
      authorized(),
      400,
    );
  }

  private noAuthorization(): PlannedRequest {
    return notAPage('no-authorization', functionPath('beta', 'getPstnCalls', JUNE), {}, 401);
  }

  private unknownPath(): PlannedRequest {
    return notAPage(
      'unknown-path',
      UNKNOWN_PATHS[this.draw(UNKNOWN_PATHS.length)]!,
      authorized(),
      400,
    );
  }

  private fault503(): PlannedRequest {
    const path = functionPath('v1.0', 'getPstnCalls', JUNE);
    return notAPage('fault-503', path, authorized({ 'x-mock-fault': '503' }), 503);
  }

  private summary(): PlannedRequest {
    const tenants = [this.large, ...this.others];
    const chosen = tenants[this.draw(tenants.length)]!;
    const { from, to } = windowIn2024(this.draw, 1, MAX_RANGE_DAYS);
    const path =
      `/_mock/summary?fromDateTime=${formatDateTimeLiteral(from)}` +
      `&toDateTime=${formatDateTimeLiteral(to)}${chosen.summaryQuery}`;
    return notAPage('summary', path, {}, 200);
  }
}
