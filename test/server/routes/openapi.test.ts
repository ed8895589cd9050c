import SwaggerParser from '@apidevtools/swagger-parser';
import t from 'tap';
import { openApiDocument } from '../../../openapi/contract.js';
import { buildApp } from '../../../server/app.js';
import { expectGraphHeaders, get, INJECT_ORIGIN } from '../../support/graph.js';

const app = buildApp();
t.teardown(() => app.close());

const GRAPH_SERVER = { url: 'https://graph.microsoft.com', description: 'Microsoft Graph' };

type Document = Record<string, unknown> & { servers: unknown; info: Record<string, unknown> };

async function servedDocument(): Promise<Document> {
  const res = await get(app, '/openapi.json', { authorization: null });
  return res.json() as Document;
}

/** The validator's verdict: undefined when valid, else its message. It mutates what it gets. */
async function validationError(document: unknown): Promise<string | undefined> {
  try {
    await SwaggerParser.validate(structuredClone(document) as never);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

t.test('/openapi.json answers the contract as JSON, without a token', async (t) => {
  const res = await get(app, '/openapi.json', { authorization: null });
  t.equal(res.statusCode, 200);
  t.equal(res.headers['content-type'], 'application/json; charset=utf-8');
  expectGraphHeaders(t, res);
  const { servers, ...rest } = res.json() as Document;
  t.strictSame(rest, openApiDocument, 'the document from openapi/, member for member');
  t.strictSame(servers, [{ url: INJECT_ORIGIN, description: 'This mock' }, GRAPH_SERVER]);
});

t.test('the served document lists this mock first: the request’s origin', async (t) => {
  const res = await get(app, '/openapi.json', { host: 'mock.example:8080' });
  t.strictSame((res.json() as Document).servers, [
    { url: 'http://mock.example:8080', description: 'This mock' },
    GRAPH_SERVER,
  ]);
});

t.test('with a public URL, the served document names it as this mock', async (t) => {
  const proxied = buildApp({ publicUrl: 'https://mock.example' });
  t.teardown(() => proxied.close());
  const res = await get(proxied, '/openapi.json');
  t.strictSame((res.json() as Document).servers, [
    { url: 'https://mock.example', description: 'This mock' },
    GRAPH_SERVER,
  ]);
});

t.test('a Host header that cannot be a URL’s host answers 400', async (t) => {
  const res = await get(app, '/openapi.json', { host: 'bad host' });
  t.equal(res.statusCode, 400);
});

t.test('HEAD /openapi.json answers its headers', async (t) => {
  const res = await get(app, '/openapi.json', {}, 'HEAD');
  t.equal(res.statusCode, 200);
  t.equal(res.headers['content-type'], 'application/json; charset=utf-8');
});

t.test('the served document is valid OpenAPI 3.1', async (t) => {
  const served = await servedDocument();
  t.equal(served.openapi, '3.1.0');
  t.equal(await validationError(served), undefined, 'swagger-parser accepts it');
});

t.test('the validator really checks the document, as OpenAPI 3.1', async (t) => {
  const served = await servedDocument();

  const untitled = structuredClone(served);
  delete untitled.info.title;
  t.match(await validationError(untitled), /title/, 'a document without info.title fails');

  const dangling = structuredClone(served) as Document & { components: { schemas: object } };
  dangling.components.schemas = {};
  t.match(await validationError(dangling), /Missing \$ref pointer/, 'a dangling $ref fails');

  // Rules only OpenAPI 3.1's schema has: a license names a URL or an SPDX identifier, not both;
  // webhooks is a map.
  const twoLicenses = structuredClone(served) as Document & { info: { license: object } };
  twoLicenses.info.license = {
    ...twoLicenses.info.license,
    url: 'https://opensource.org/license/mit',
  };
  t.match(await validationError(twoLicenses), /license/, 'a license with url and identifier fails');
  t.match(
    await validationError({ ...served, webhooks: [] }),
    /webhooks/,
    'a list as webhooks fails',
  );

  // 3.1 allows info.summary, a license identifier and `type` lists; 3.0's schema rejects them,
  // so the same members labelled 3.0.3 fail only if the schema follows the `openapi` field.
  const asThreeZero = { ...structuredClone(served), openapi: '3.0.3' };
  t.match(await validationError(asThreeZero), /additional properties/, 'labelled 3.0.3, it fails');
});
