/**
 * The stand-in for "the code under test" in the docs' examples (`<!-- example: run
 * with=exporter -->`, docs/contributing.md): an exporter that walks a log's pages as a client
 * would, honouring Retry-After, and keeps the count and USD charge of its last run.
 */
import { execFileSync } from 'node:child_process';

const MS_PER_SECOND = 1000;
const RETRIED = new Set([429, 503, 504]);

/** A token strict auth refuses for its missing role, from the built CLI (DOC_MAIN). */
export const roleLessToken = execFileSync(
  process.execPath,
  [process.env.DOC_MAIN, 'token', '--no-role'],
  {
    encoding: 'utf8',
  },
);

export const myExporter = {
  rows: 0,
  totalCents: 0,
  /** Every row of `url`, or of getPstnCalls between the dates under `baseUrl`, page by page. */
  async run({
    url,
    baseUrl,
    fromDateTime,
    toDateTime,
    headers = { authorization: 'Bearer doc-example' },
  }) {
    let next =
      url ??
      `${baseUrl}/communications/callRecords/getPstnCalls(fromDateTime=${fromDateTime},toDateTime=${toDateTime})`;
    const rows = [];
    while (next !== undefined) {
      const response = await fetch(next, { headers });
      if (RETRIED.has(response.status)) {
        await new Promise((resolve) =>
          setTimeout(resolve, Number(response.headers.get('retry-after') ?? 1) * MS_PER_SECOND),
        );
        continue;
      }
      if (response.status !== 200)
        throw new Error(`${next}: ${response.status} ${await response.text()}`);
      const page = await response.json();
      rows.push(...page.value);
      next = page['@odata.nextLink'];
    }
    this.rows = rows.length;
    this.totalCents = rows.reduce((sum, row) => sum + Math.round((row.charge ?? 0) * 100), 0);
    return rows;
  },
};
