/**
 * The QA console in a real browser (Debian's headless Chromium, driven by playwright-core)
 * against a real mock behind an admin token: the page loads, a window's totals are those of
 * /_mock/summary, a request appears in the journal as it is answered, and reset empties it.
 * With CONSOLE_SCREENSHOT=<path> it also saves the picture docs/console.md shows.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import t from 'tap';
import { startServer } from '../support/cli.js';

const CHROMIUM = '/usr/bin/chromium';
const ADMIN_TOKEN = 'console-e2e-token';
const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}` };
/** 90 days, both ends inclusive: the longest window getPstnCalls takes. */
const FROM = '2024-03-01';
const TO = '2024-05-29';
/** The journal's default capacity: the most the console ever lists. */
const JOURNAL_CAPACITY = 1000;
/**
 * The screenshot's palette: Chromium's full-colour PNG is ~250 kB, a third of that in 128
 * colours, which keep the charts' colours and the anti-aliased text legible.
 */
const SCREENSHOT_COLOURS = 128;

if (!existsSync(CHROMIUM)) {
  throw new Error(`No Chromium at ${CHROMIUM}: install it with apt-get install -y chromium.`);
}

const server = await startServer(['--admin-token', ADMIN_TOKEN]);
t.teardown(() => {
  server.child.kill('SIGTERM');
});
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
t.teardown(() => browser.close());
const context = await browser.newContext({
  // The console takes the admin token as Basic's password, as a person types it.
  httpCredentials: { username: 'qa', password: ADMIN_TOKEN },
  viewport: { width: 1280, height: 1000 },
});
const page = await context.newPage();

async function summaryOf(query: string): Promise<{ rows: number; pages: number }> {
  const response = await fetch(`${server.url}/_mock/summary?${query}`, { headers: ADMIN });
  return (await response.json()) as { rows: number; pages: number };
}

t.test('without the token the page is a 401 that asks for Basic credentials', async (t) => {
  const response = await fetch(`${server.url}/_mock/`);
  t.equal(response.status, 401);
  t.match(response.headers.get('www-authenticate'), /^Basic realm=/);
});

t.test("a 90-day window of large shows /_mock/summary's totals", async (t) => {
  await page.goto(`${server.url}/_mock/`);
  await page.waitForSelector('#scenario option[value="large"]', { state: 'attached' });
  await page.selectOption('#scenario', 'large');
  await page.fill('#from', FROM);
  await page.fill('#to', TO);
  await page.click('#show');
  const truth = await summaryOf(`scenario=large&fromDateTime=${FROM}&toDateTime=${TO}`);
  const rows = page.locator('[data-total="rows"]');
  await rows.filter({ hasText: truth.rows.toLocaleString('en') }).waitFor();
  t.equal(await rows.textContent(), truth.rows.toLocaleString('en'));
  t.equal(
    await page.locator('[data-total="pages"]').textContent(),
    truth.pages.toLocaleString('en'),
  );
  t.match(await page.locator('#summary-heading').textContent(), /large/);
  // The table shows the first page of the same window, and a link to the next.
  t.equal(await page.locator('#rows-table tbody tr').count(), 50);
  t.ok(await page.locator('#next-page').isEnabled());
  await page.waitForSelector('#recipe-list pre');
  t.match(await page.locator('#recipe-list').textContent(), /Invoke-RestMethod/);
  const shot = process.env.CONSOLE_SCREENSHOT;
  if (shot) await saveScreenshot(shot);
});

/** The page as docs/console.md shows it, quantized by pngquant (apt-get install -y pngquant). */
async function saveScreenshot(path: string): Promise<void> {
  await page.screenshot({ path, fullPage: false });
  const options = ['--force', '--strip', '--speed', '1', '--output', path];
  execFileSync('pngquant', [...options, String(SCREENSHOT_COLOURS), path]);
}

t.test('a request appears in the journal live, and reset empties it', async (t) => {
  const id = `console-e2e-${process.pid}`;
  const graph = await fetch(
    `${server.url}/v1.0/communications/callRecords/getPstnCalls(fromDateTime=2024-06-01,toDateTime=2024-06-02)`,
    { headers: { authorization: 'Bearer e2e', 'client-request-id': id } },
  );
  t.equal(graph.status, 200);
  const row = page.locator('#journal-table tbody tr', { hasText: id });
  await row.waitFor();
  t.match(await row.textContent(), /GET.*getPstnCalls.*200/);
  await row.click();
  t.match(await page.locator('#journal-curl').textContent(), /^curl -X GET '.*getPstnCalls/);
  t.match(await page.locator('#journal-headers').textContent(), /authorization: Bearer e2e|…/i);

  // A full journal: 1,000 entries arrive one by one and are all listed, newest first.
  const started = performance.now();
  for (let n = 0; n < JOURNAL_CAPACITY; n++) {
    await fetch(
      `${server.url}/v1.0/communications/callRecords/getPstnCalls(fromDateTime=2024-06-01,toDateTime=2024-06-02)?$top=1`,
      {
        headers: { authorization: 'Bearer e2e', 'client-request-id': `burst-${n}` },
      },
    );
  }
  await page.locator('#journal-count', { hasText: /^1000 requests/ }).waitFor();
  t.comment(`1,000 requests sent and listed in ${Math.round(performance.now() - started)} ms`);
  t.equal(await page.locator('#journal-table tbody tr').count(), JOURNAL_CAPACITY);
  t.match(await page.locator('#journal-table tbody tr').first().textContent(), /burst-999/);

  await page.click('#reset');
  await page.locator('#journal-count', { hasText: /^0 requests/ }).waitFor();
  t.equal(await page.locator('#journal-table tbody tr').count(), 0);
  const left = await fetch(`${server.url}/_mock/requests`, { headers: ADMIN });
  t.same(((await left.json()) as { requests: unknown[] }).requests, []);
});

t.test('serve by default switches the tenant of a request that names none', async (t) => {
  await page.selectOption('#scenario', 'international');
  await page.click('#make-default');
  await page.locator('#default-scenario', { hasText: /^international/ }).waitFor();
  const chosen = await fetch(`${server.url}/_mock/default-scenario`, { headers: ADMIN });
  t.match(await chosen.json(), { scenario: 'international' });
});
