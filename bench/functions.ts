/**
 * `npm run bench` (second part): each log function of LOG_FUNCTION_TABLE paged in-process —
 * the time to generate a unique 1000-row page, and to generate and render it, at a shallow
 * `$skip` (the first page) and a deep one (≥ 80 % into the window), and their ratio, which
 * should be ≈ 1: the engine finds a page's first row by walking day counts and one day's
 * minute tree, whatever the skip. Each sample is a page no earlier sample asked for (the
 * window's start moves a second later each time, in a quiet night hour); a round's figure is
 * the mean of its samples, and the figures shown are medians of the rounds. The process runs
 * on one core, as the bench server does.
 *
 * Logs too small for pages (getPstnBlockedUsersLog) show the cost of their whole window, and
 * the dial-out report — whose whole UTC days are totalled once per tenant and kept — its cold
 * first page (a tenant whose days are not yet kept) apart from its warm pages.
 *
 * Env: BENCH_ROUNDS (default 5), BENCH_PAGES (samples per figure and round, default 20).
 */
import type { ApiVersion } from '../openapi/contract.js';
import { type Instant, TICKS_PER_MINUTE } from '../scenarios/instant.js';
import type { LogFunction } from '../scenarios/log-functions.js';
import { LOG_FUNCTION_TABLE } from '../scenarios/log-functions.js';
import type { CallWindow } from '../scenarios/log-window.js';
import { buildUniverse, type Universe, universeFor } from '../scenarios/universe.js';
import { metadataContext, nextLink } from '../server/graph/page-links.js';
import { ByteWriter } from '../server/rendering/byte-writer.js';
import { renderPage } from '../server/rendering/page-renderer.js';
import { benchWindow, LOG_BENCHES, rowsInWindow } from './log-benches.js';
import { canPin, median, pinInProcess } from './machine.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SAMPLES = Number(process.env.BENCH_PAGES ?? 20);
const PAGE = 1000;
const VERSION: ApiVersion = 'beta';
const ORIGIN = 'http://127.0.0.1';
/** How far into the window the deep page starts, at least. */
const DEEP_SHARE = 0.8;

const writer = new ByteWriter();
let sink = 0;

/** One page of an inclusive window, asked for: generated only (rows visited), or rendered too. */
function page(
  fn: LogFunction,
  universe: Universe,
  window: CallWindow,
  skip: number,
  render: boolean,
): void {
  const plan = fn.plan(universe, window, skip, PAGE);
  if (!render) {
    plan.forEachRow(() => {
      sink++;
    });
    return;
  }
  const body = renderPage(
    {
      fn: fn.name,
      version: VERSION,
      context: metadataContext(ORIGIN, VERSION, fn.name),
      nextLink: plan.hasMore
        ? nextLink(ORIGIN, VERSION, fn.name, window, skip + plan.count, PAGE)
        : null,
      count: plan.count,
      forEachRow: plan.forEachRow,
    },
    writer,
  );
  sink += body.length;
}

/**
 * Mean ms a call of each of `kinds`, over SAMPLES samples each, taken in turn (one of each, then
 * the next), so that a slower stretch of the machine weighs on all alike. Sample numbers are
 * seconds to shift a window by: each a page not asked for before.
 */
let salt = 0;
function interleaved(kinds: Record<string, (seconds: number) => void>): Map<string, number> {
  const first = (salt++ % 50) * SAMPLES;
  const spent = new Map(Object.keys(kinds).map((name) => [name, 0]));
  for (let i = 0; i < SAMPLES; i++) {
    for (const [name, once] of Object.entries(kinds)) {
      const started = performance.now();
      once(first + i);
      spent.set(name, spent.get(name)! + performance.now() - started);
    }
  }
  return new Map([...spent].map(([name, ms]) => [name, ms / SAMPLES]));
}

/** Each figure's value in each round, by name. */
type Figures = Map<string, number[]>;

function record(figures: Figures, values: Map<string, number>): void {
  for (const [name, value] of values) {
    const all = figures.get(name) ?? [];
    all.push(value);
    figures.set(name, all);
  }
}

interface Plan {
  readonly fn: LogFunction;
  readonly rows: number;
  readonly deepSkip: number;
  readonly figures: Figures;
  /** One round of this function's figures. */
  round(): void;
}

/** A full page ≥ 80 % into the window: $skip need not be a multiple of the page size. */
function deepSkipOf(rows: number): number {
  return Math.max(0, Math.min(Math.ceil(rows * DEEP_SHARE), rows - PAGE));
}

/** Where a page's first row starts: event-log rows all carry their start as minute and tick. */
function firstRowOf(
  fn: LogFunction,
  universe: Universe,
  window: CallWindow,
  skip: number,
): Instant {
  let start: Instant | undefined;
  fn.plan(universe, window, skip, 1).forEachRow((row) => {
    const { minute, tick } = row as Instant;
    start = { minute, tick };
  });
  return start!;
}

const later = (at: Instant, seconds: number): Instant => {
  const tick = at.tick + (seconds % 60) * 1e7;
  const carry = tick >= TICKS_PER_MINUTE ? 1 : 0;
  return {
    minute: at.minute + Math.floor(seconds / 60) + carry,
    tick: tick - carry * TICKS_PER_MINUTE,
  };
};

function planFor(fn: LogFunction): Plan {
  const { scenario, shape } = LOG_BENCHES[fn.name];
  const universe = universeFor(scenario, scenario.seed);
  const rows = rowsInWindow(fn);
  const deepSkip = deepSkipOf(rows);
  const figures: Figures = new Map();
  const shifted = (seconds: number) => benchWindow(fn, seconds);
  const rounds: Record<typeof shape, () => void> = {
    pages: () => {
      // The deep page's rows again, as the first page of a window that starts where it does:
      // what the deep page costs apart from its $skip (its rows are of another hour than page 1's).
      const deepStart = firstRowOf(fn, universe, benchWindow(fn), deepSkip);
      const control = (seconds: number): CallWindow => ({
        from: later(deepStart, seconds),
        to: benchWindow(fn).to,
      });
      for (const render of [false, true]) {
        const step = render ? 'render' : 'generate';
        const times = interleaved({
          shallow: (s) => page(fn, universe, shifted(s), 0, render),
          deep: (s) => page(fn, universe, shifted(s), deepSkip, render),
          control: (s) => page(fn, universe, control(s), 0, render),
        });
        record(figures, new Map([...times].map(([kind, ms]) => [`${step}, ${kind}`, ms])));
      }
    },
    'whole-window': () => {
      const times = interleaved({
        'generate, shallow': (s) => page(fn, universe, shifted(s), 0, false),
        'render, shallow': (s) => page(fn, universe, shifted(s), 0, true),
      });
      record(figures, times);
    },
    'cached-days': () => {
      // A tenant of its own, built outside the timing: none of its days are kept yet.
      const cold = buildUniverse(scenario, scenario.seed);
      const started = performance.now();
      page(fn, cold, benchWindow(fn), 0, true);
      record(figures, new Map([['cold', performance.now() - started]]));
      // Warm: the same window (whole days but its last tick), so only the merge is left.
      for (const render of [false, true]) {
        const step = render ? 'render' : 'generate';
        const times = interleaved({
          shallow: () => page(fn, cold, benchWindow(fn), 0, render),
          deep: () => page(fn, cold, benchWindow(fn), deepSkip, render),
        });
        record(figures, new Map([...times].map(([kind, ms]) => [`${step}, ${kind}`, ms])));
      }
    },
  };
  return { fn, rows, deepSkip, figures, round: rounds[shape] };
}

function main(): void {
  const pinned = canPin();
  if (pinned) pinInProcess();
  const plans = LOG_FUNCTION_TABLE.map(planFor);
  process.stdout.write(
    `in-process, per unique ${PAGE}-row ${VERSION} page: ${ROUNDS} rounds × ${SAMPLES} pages a figure,` +
      ` in turn (medians of the rounds' means); ${pinned ? 'on core 1' : 'NOT pinned'}\n`,
  );
  // Warm-up: JIT, pools and segments, outside any measured round.
  for (const plan of plans) plan.round();
  for (const plan of plans) plan.figures.clear();
  for (let round = 0; round < ROUNDS; round++) {
    for (const plan of plans) plan.round();
    process.stdout.write(`round ${round + 1}/${ROUNDS} done\n`);
  }

  const ms = (plan: Plan, name: string): number => median(plan.figures.get(name)!);
  /** The median of the rounds' ratios: each round's two figures were taken in turn. */
  const perRound = (plan: Plan, over: string, under: string): number => {
    const unders = plan.figures.get(under)!;
    return median(plan.figures.get(over)!.map((value, round) => value / unders[round]!));
  };
  const shown = (value: number | undefined): number | string =>
    value === undefined ? '—' : Number(value.toFixed(2));
  const table = plans.flatMap((plan) => {
    const { shape, scenario } = LOG_BENCHES[plan.fn.name];
    const base = { function: plan.fn.name, scenario: scenario.name, rows: plan.rows };
    const row = (page: string, generate: number | undefined, render: number) => ({
      ...base,
      page,
      'generate ms': shown(generate),
      'gen+render ms': shown(render),
      // Rendering alone: the difference of the two medians, as targets are stated.
      'render ms': shown(generate === undefined ? undefined : render - generate),
      'pages/s': Math.round(1000 / render),
    });
    const ratio = (page: string, over: string, under: string) => ({
      ...base,
      page,
      'generate ms': shown(perRound(plan, `generate, ${over}`, `generate, ${under}`)),
      'gen+render ms': shown(perRound(plan, `render, ${over}`, `render, ${under}`)),
      'render ms': '—',
      'pages/s': '—',
    });
    const figure = (page: string, kind: string) =>
      row(page, ms(plan, `generate, ${kind}`), ms(plan, `render, ${kind}`));
    const deep = `$skip=${plan.deepSkip}`;
    if (shape === 'pages') {
      return [
        figure('shallow, $skip=0', 'shallow'),
        figure(`deep, ${deep}`, 'deep'),
        figure("deep page's rows at $skip=0", 'control'),
        ratio('ratio deep / shallow', 'deep', 'shallow'),
        ratio('ratio deep / its rows at $skip=0', 'deep', 'control'),
      ];
    }
    if (shape === 'whole-window') {
      return [figure(`whole window (${plan.rows} rows, one page)`, 'shallow')];
    }
    return [
      row('cold first page (no day kept)', undefined, ms(plan, 'cold')),
      figure('warm, $skip=0', 'shallow'),
      figure(`warm, ${deep}`, 'deep'),
      ratio('ratio warm deep / warm shallow', 'deep', 'shallow'),
    ];
  });
  console.table(table);
  const pstn = plans.find((plan) => plan.fn.name === 'getPstnCalls')!;
  console.table(
    plans
      .filter((plan) => plan !== pstn && LOG_BENCHES[plan.fn.name].shape === 'pages')
      .map((plan) => ({
        ratio: `${plan.fn.name} / getPstnCalls, gen+render ms a shallow page`,
        value: Number((ms(plan, 'render, shallow') / ms(pstn, 'render, shallow')).toFixed(2)),
      })),
  );
  if (sink < 0) console.log(sink);
}

main();
