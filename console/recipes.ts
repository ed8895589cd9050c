/**
 * Client recipes for one request of the mock: what a tester pastes to see the same rows the
 * console shows. Lenient auth takes any bearer token; see the README's Strict auth for more.
 */
export interface Recipe {
  readonly title: string;
  readonly code: string;
}

/** `path` is a Graph path with its function segment, e.g. `/beta/communications/callRecords/…`. */
export function recipesFor(baseUrl: string, path: string, scenario: string): Recipe[] {
  const url = `${baseUrl}${path}`;
  const apiPath = path.replace(/^\/beta/, '');
  const host = new URL(baseUrl).hostname;
  return [
    {
      title: 'curl',
      code: `curl -s '${url}' \\\n  -H 'Authorization: Bearer any-token' \\\n  -H 'x-mock-scenario: ${scenario}'`,
    },
    {
      title: 'JavaScript fetch (following @odata.nextLink)',
      code: `const rows = [];
let next = '${url}';
while (next) {
  const page = await (await fetch(next, {
    headers: { authorization: 'Bearer any-token', 'x-mock-scenario': '${scenario}' },
  })).json();
  rows.push(...page.value);
  next = page['@odata.nextLink'];
}`,
    },
    {
      title: 'Graph JS SDK v3 (@microsoft/microsoft-graph-client; HTTPS only, see the README)',
      code: `import { Client, PageIterator } from '@microsoft/microsoft-graph-client';

const client = Client.init({
  baseUrl: '${baseUrl}',
  customHosts: new Set(['${host}']),
  defaultVersion: 'beta',
  authProvider: (done) => done(null, 'any-token'),
});
const first = await client.api('${apiPath}').header('x-mock-scenario', '${scenario}').get();
const rows = [];
await new PageIterator(client, first, (row) => { rows.push(row); return true; }).iterate();`,
    },
    {
      title: 'PowerShell',
      code: `$headers = @{ Authorization = 'Bearer any-token'; 'x-mock-scenario' = '${scenario}' }
$next = '${url}'
$rows = @()
while ($next) {
  $page = Invoke-RestMethod -Uri $next -Headers $headers
  $rows += $page.value
  $next = $page.'@odata.nextLink'
}`,
    },
  ];
}
