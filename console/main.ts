/**
 * The QA console: which tenant is served, the ground truth of a window with charts, its first
 * rows paged as a client pages them, the request journal live, reset, and client recipes.
 * Talks only to the mock's own control API and Graph endpoints, on the page's origin.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';
import { recipesFor } from './recipes.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

interface Settings {
  /** The mock's public URL when set, else null: the page's origin is then the mock's. */
  readonly publicUrl: string | null;
}
interface Money {
  readonly cents: number;
  readonly amount: number;
}
interface Day {
  readonly date: string;
  readonly rows: number;
  readonly counts: Record<string, number>;
  readonly charge: Record<string, Money>;
}
type Summary = Record<string, unknown> & {
  readonly rows: number;
  readonly pages: number;
  readonly days: readonly Day[];
  readonly users?: readonly (Record<string, unknown> & { displayName: string })[];
};
interface JournalEntry {
  readonly time: string;
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string | string[]>;
  readonly status: number;
  readonly scenario: string | null;
  readonly seed: number | null;
  readonly fault: string | null;
  readonly durationMs: number;
}

/** The journal keeps 1,000 entries; so does the console. */
const JOURNAL_ROWS = 1000;
const TABLE_TOP = 50;
const TOP_USERS = 10;
const TABLE_COLUMNS = 8;
const CONSOLE_CLIENT_ID = 'qa-console';
const COLORS = [
  '#0f3b63',
  '#2a7ab0',
  '#7fb3d5',
  '#e07b39',
  '#c9a227',
  '#5c9e5c',
  '#9b59b6',
  '#888',
];

const settings = JSON.parse(byId('console-settings').textContent ?? '{}') as Settings;
const baseUrl = settings.publicUrl ?? location.origin;
let journal: JournalEntry[] = [];
let chosenEntry: JournalEntry | undefined;
let nextLink: string | undefined;
const charts = new Map<string, Chart>();

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

function element(tag: string, text = '', attributes: Record<string, string> = {}): HTMLElement {
  const node = document.createElement(tag);
  node.textContent = text;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

function say(text: string): void {
  byId('status').textContent = text;
}

async function call(url: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(url, init);
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
    throw new Error(`${response.status}: ${body.error?.message ?? response.statusText}`);
  }
  return response;
}

/** Runs an action, telling its failure in the status line instead of losing it. */
function guarded(action: () => Promise<void>): () => void {
  return () => {
    action().catch((error: unknown) => say(String(error)));
  };
}

// ---- tenant -------------------------------------------------------------------------------

interface ScenarioList {
  readonly default: { scenario: string; seed: number };
  readonly scenarios: readonly { name: string; description: string; seed: number }[];
}

async function loadScenarios(): Promise<void> {
  const list = (await (await call('./scenarios')).json()) as ScenarioList;
  const select = byId<HTMLSelectElement>('scenario');
  const kept = select.value;
  select.replaceChildren(
    ...list.scenarios.map(({ name }) => element('option', name, { value: name })),
  );
  select.value = kept === '' ? list.default.scenario : kept;
  byId('default-scenario').textContent = `${list.default.scenario} (seed ${list.default.seed})`;
  const described = () => {
    const chosen = list.scenarios.find(({ name }) => name === select.value);
    byId('scenario-description').textContent = chosen?.description ?? '';
  };
  select.onchange = described;
  described();
}

async function makeDefault(): Promise<void> {
  const scenario = byId<HTMLSelectElement>('scenario').value;
  await call('./default-scenario', {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ scenario }),
  });
  await loadScenarios();
  say(`${scenario} is served by default`);
}

// ---- window: summary, charts, rows ---------------------------------------------------------

interface Choice {
  readonly fn: string;
  readonly scenario: string;
  readonly from: string;
  readonly to: string;
}

function choice(): Choice {
  return {
    fn: byId<HTMLSelectElement>('function').value,
    scenario: byId<HTMLSelectElement>('scenario').value,
    from: byId<HTMLInputElement>('from').value,
    to: byId<HTMLInputElement>('to').value,
  };
}

function graphPath({ fn, from, to }: Choice): string {
  return `/beta/communications/callRecords/${fn}(fromDateTime=${from},toDateTime=${to})`;
}

/** Bumped per Show: an answer to an earlier one, arriving late, is dropped. */
let shown = 0;

async function showWindow(): Promise<void> {
  const chosen = choice();
  const generation = ++shown;
  say('Totalling…');
  const query = new URLSearchParams({
    function: chosen.fn,
    scenario: chosen.scenario,
    fromDateTime: chosen.from,
    toDateTime: chosen.to,
  });
  const summary = (await (await call(`./summary?${query}`)).json()) as Summary;
  if (generation !== shown) return;
  showTotals(summary);
  showCharts(summary);
  showRecipes(chosen);
  await showRows(`${graphPath(chosen)}?$top=${TABLE_TOP}`, chosen.scenario, generation);
  if (generation !== shown) return;
  say(`${chosen.fn}: ${summary.rows.toLocaleString('en')} rows`);
}

function formatted(value: unknown): string {
  if (typeof value === 'number') return value.toLocaleString('en');
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return '—';
    return entries
      .map(([key, inner]) =>
        typeof inner === 'object' && inner !== null && 'amount' in inner
          ? `${key} ${(inner as Money).amount.toLocaleString('en', { minimumFractionDigits: 2 })}`
          : `${key} ${formatted(inner)}`,
      )
      .join('\n');
  }
  return String(value);
}

/** The summary's own members, as sent; users and days go to the charts. */
function showTotals(summary: Summary): void {
  byId('summary-heading').textContent =
    `${summary.function} · ${summary.scenario} (seed ${summary.seed}) · ${summary.fromDateTime} – ${summary.toDateTime}`;
  const shown = Object.entries(summary).filter(
    ([key]) =>
      !['function', 'scenario', 'seed', 'fromDateTime', 'toDateTime', 'users', 'days'].includes(
        key,
      ),
  );
  byId('totals').replaceChildren(
    ...shown.map(([key, value]) => {
      const item = element('div');
      const attributes = { 'data-total': key, ...(typeof value === 'object' && { class: 'list' }) };
      item.append(element('dt', key), element('dd', formatted(value), attributes));
      return item;
    }),
  );
}

function drawChart(id: string, config: ChartConfiguration<'bar'>): void {
  charts.get(id)?.destroy();
  const options = { animation: false, responsive: true, maintainAspectRatio: false } as const;
  charts.set(
    id,
    new Chart(byId<HTMLCanvasElement>(id), {
      ...config,
      options: { ...options, ...config.options },
    }),
  );
}

function showCharts(summary: Summary): void {
  const labels = summary.days.map(({ date }) => date.slice(5));
  const types = [...new Set(summary.days.flatMap(({ counts }) => Object.keys(counts)))];
  drawChart('chart-days', {
    type: 'bar',
    data: {
      labels,
      datasets: types.map((type, i) => ({
        label: type,
        data: summary.days.map(({ counts }) => counts[type] ?? 0),
        backgroundColor: COLORS[i % COLORS.length]!,
      })),
    },
    options: { scales: { x: { stacked: true }, y: { stacked: true } } },
  });
  const currencies = [...new Set(summary.days.flatMap(({ charge }) => Object.keys(charge)))];
  drawChart('chart-charge', {
    type: 'bar',
    data: {
      labels,
      datasets: currencies.map((currency, i) => ({
        label: currency,
        data: summary.days.map(({ charge }) => charge[currency]?.amount ?? 0),
        backgroundColor: COLORS[(i + 3) % COLORS.length]!,
      })),
    },
    options: { scales: { x: { stacked: true }, y: { stacked: true } } },
  });
  // The first count a log's users have: calls, messages or blocks.
  const users = summary.users ?? [];
  const measure = ['calls', 'messages', 'blocked'].find((key) => users[0]?.[key] !== undefined);
  const top = measure
    ? [...users].sort((a, b) => Number(b[measure]) - Number(a[measure])).slice(0, TOP_USERS)
    : [];
  drawChart('chart-users', {
    type: 'bar',
    data: {
      labels: top.map(({ displayName }) => displayName),
      datasets: [
        {
          label: measure ?? 'no per-user figures',
          data: top.map((user) => Number(user[measure!])),
          backgroundColor: COLORS[1]!,
        },
      ],
    },
    options: { indexAxis: 'y' },
  });
}

async function showRows(url: string, scenario: string, generation = shown): Promise<void> {
  const response = await call(url, {
    headers: {
      authorization: 'Bearer qa-console',
      'x-mock-scenario': scenario,
      'client-request-id': CONSOLE_CLIENT_ID,
    },
  });
  const page = (await response.json()) as {
    value: Record<string, unknown>[];
    '@odata.nextLink'?: string;
  };
  if (generation !== shown) return;
  const columns = Object.keys(page.value[0] ?? {}).slice(0, TABLE_COLUMNS);
  const head = element('thead');
  const headRow = element('tr');
  headRow.append(...columns.map((column) => element('th', column)));
  head.append(headRow);
  const body = element('tbody');
  for (const row of page.value) {
    const line = element('tr');
    line.append(...columns.map((column) => element('td', String(row[column] ?? ''))));
    body.append(line);
  }
  byId('rows-table').replaceChildren(head, body);
  nextLink = page['@odata.nextLink'];
  byId<HTMLButtonElement>('next-page').disabled = nextLink === undefined;
  byId('rows-heading').textContent =
    `${page.value.length} rows from ${new URL(url, baseUrl).pathname}`;
}

// ---- journal -------------------------------------------------------------------------------

function journalRow(entry: JournalEntry): HTMLElement {
  const row = element('tr');
  const path = entry.url.split('?')[0]!;
  const clientId = entry.headers['client-request-id'];
  row.append(
    element('td', entry.time.slice(11, 23)),
    element('td', entry.method),
    element('td', decodeURIComponent(path), { title: entry.url }),
    element('td', String(entry.status), { class: `status-${String(entry.status)[0]}` }),
    element('td', entry.fault ?? ''),
    element('td', entry.durationMs.toFixed(1)),
    element('td', entry.scenario === null ? '' : `${entry.scenario}/${entry.seed}`),
    element('td', Array.isArray(clientId) ? clientId.join(', ') : (clientId ?? '')),
  );
  if (entry === chosenEntry) row.classList.add('chosen');
  row.onclick = () => showEntry(entry);
  return row;
}

let redrawQueued = false;
/** One redraw a frame however many events arrive: a burst of 1,000 stays cheap. */
function redrawJournal(): void {
  if (redrawQueued) return;
  redrawQueued = true;
  requestAnimationFrame(() => {
    redrawQueued = false;
    byId('journal-table')
      .querySelector('tbody')!
      .replaceChildren(...journal.map(journalRow));
    byId('journal-count').textContent = `${journal.length} requests, newest first`;
  });
}

/** A curl that repeats the request; a redacted credential becomes a variable to fill in. */
function curlOf(entry: JournalEntry): string {
  const lines = [`curl -X ${entry.method} '${baseUrl}${entry.url}'`];
  for (const [name, value] of Object.entries(entry.headers)) {
    if (['host', 'connection', 'content-length', 'accept-encoding'].includes(name)) continue;
    for (const one of Array.isArray(value) ? value : [value]) {
      const shown = one.includes('…') ? `${one.split(' ')[0]} $TOKEN` : one;
      lines.push(`  -H '${name}: ${shown.replaceAll("'", "'\\''")}'`);
    }
  }
  return lines.join(' \\\n');
}

function showEntry(entry: JournalEntry): void {
  chosenEntry = entry;
  byId('journal-detail').hidden = false;
  const headers = Object.entries(entry.headers)
    .map(([name, value]) => `${name}: ${Array.isArray(value) ? value.join(', ') : value}`)
    .join('\n');
  byId('journal-headers').textContent =
    `${entry.method} ${entry.url}\n${headers}\n\n→ ${entry.status}${entry.fault ? ` (fault ${entry.fault})` : ''} in ${entry.durationMs} ms`;
  byId('journal-curl').textContent = curlOf(entry);
  redrawJournal();
}

function followJournal(): void {
  const events = new EventSource('./requests/stream');
  events.addEventListener('journal', (event) => {
    const { requests } = JSON.parse((event as MessageEvent<string>).data) as {
      requests: JournalEntry[];
    };
    journal = requests.reverse();
    redrawJournal();
  });
  events.addEventListener('entry', (event) => {
    journal.unshift(JSON.parse((event as MessageEvent<string>).data) as JournalEntry);
    if (journal.length > JOURNAL_ROWS) journal.length = JOURNAL_ROWS;
    redrawJournal();
  });
  events.addEventListener('clear', () => {
    journal = [];
    redrawJournal();
  });
  events.onerror = () => say('Journal stream interrupted; reconnecting…');
  events.onopen = () => say('Journal live');
}

// ---- recipes -------------------------------------------------------------------------------

function showRecipes(chosen: Choice): void {
  byId('base-url').textContent = baseUrl;
  byId('recipe-list').replaceChildren(
    ...recipesFor(baseUrl, graphPath(chosen), chosen.scenario).flatMap(({ title, code }) => [
      element('h3', title),
      element('pre', code),
    ]),
  );
}

// ---- start ---------------------------------------------------------------------------------

byId('window-form').onsubmit = (event) => {
  event.preventDefault();
  guarded(showWindow)();
};
byId('make-default').onclick = guarded(makeDefault);
byId('next-page').onclick = guarded(async () => {
  if (nextLink !== undefined) await showRows(nextLink, choice().scenario);
});
byId('reset').onclick = guarded(async () => {
  await call('./reset', { method: 'POST' });
  say('Reset: journal and fault counters cleared');
});
byId('copy-curl').onclick = guarded(async () => {
  await navigator.clipboard.writeText(byId('journal-curl').textContent ?? '');
  say('curl copied');
});
followJournal();
guarded(async () => {
  await loadScenarios();
  await showWindow();
})();
