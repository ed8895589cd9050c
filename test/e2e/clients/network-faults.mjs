/**
 * One client — Node's fetch, the Graph JS SDK v3 or the Kiota beta SDK — meeting the mock's
 * network faults over HTTPS; trust comes from NODE_EXTRA_CA_CERTS. Prints one JSON line.
 *
 *   node network-faults.mjs <fetch|graph|kiota> <origin> page <x-mock-fault>,<x-mock-fault>…
 *     the first page of 2024-06-01 with each fault forced in turn:
 *     {"<x-mock-fault>":{"rows":n} or {"error":{…}}, …}
 *   node network-faults.mjs <fetch|graph|kiota> <origin> walk <scenario>
 *     June 2024, 500 rows a page, each page retried on any error (up to 5 times):
 *     {"ids":[…],"errors":[{…}]}
 */

import {
  AllowedHostsValidator,
  BaseBearerTokenAuthenticationProvider,
  HttpMethod,
  RequestInformation,
} from '@microsoft/kiota-abstractions';
import { Client } from '@microsoft/microsoft-graph-client';
import { GraphBetaRequestAdapter } from '@microsoft/msgraph-beta-sdk';
import { createPstnCallLogRowFromDiscriminatorValue } from '@microsoft/msgraph-beta-sdk/models/callRecords/index.js';
import { deserializeIntoBaseCollectionPaginationCountResponse } from '@microsoft/msgraph-beta-sdk/models/index.js';
import { createODataErrorFromDiscriminatorValue } from '@microsoft/msgraph-beta-sdk/models/oDataErrors/index.js';

const [clientName, origin, mode, arg] = process.argv.slice(2);
const TOKEN = 'any-token';
const MAX_ATTEMPTS = 5;
const range = mode === 'page' ? ['2024-06-01', '2024-06-02'] : ['2024-06-01', '2024-07-01'];
const top = mode === 'page' ? undefined : 500;
let firstHeaders = mode === 'page' ? {} : { 'x-mock-scenario': arg };
const path = `/communications/callRecords/getPstnCalls(fromDateTime=${range[0]},toDateTime=${range[1]})`;

/** What a test needs of an error: its class, name, message, code, status and cause. */
function describe(error) {
  return {
    type: error?.constructor?.name,
    name: error?.name,
    message: String(error?.message),
    code: error?.code,
    statusCode: error?.statusCode ?? error?.responseStatusCode,
    cause: error?.cause?.code,
    causeMessage: error?.cause?.message,
  };
}

/** Each client: the first page, and the page at a nextLink; both give { value, nextLink }. */
const clients = {
  fetch() {
    const get = async (url, headers) => {
      const res = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}`, ...headers } });
      const page = await res.json();
      return { value: page.value, nextLink: page['@odata.nextLink'] };
    };
    const query = top === undefined ? '' : `?$top=${top}`;
    return {
      first: () => get(`${origin}/beta${path}${query}`, firstHeaders),
      next: (link) => get(link, {}),
    };
  },
  graph() {
    const client = Client.init({
      baseUrl: origin,
      defaultVersion: 'beta',
      customHosts: new Set([new URL(origin).hostname]),
      authProvider: (done) => done(null, TOKEN),
    });
    const read = (page) => ({ value: page.value, nextLink: page['@odata.nextLink'] });
    return {
      async first() {
        let request = client.api(path).headers(firstHeaders);
        if (top !== undefined) request = request.top(top);
        return read(await request.get());
      },
      next: async (link) => read(await client.api(link).get()),
    };
  },
  kiota() {
    const hosts = new AllowedHostsValidator(new Set([new URL(origin).hostname]));
    const adapter = new GraphBetaRequestAdapter(
      new BaseBearerTokenAuthenticationProvider({
        getAuthorizationToken: async (url) => (url && hosts.isUrlHostValid(url) ? TOKEN : ''),
        getAllowedHostsValidator: () => hosts,
      }),
    );
    adapter.baseUrl = `${origin}/beta`;
    const createPage = () => (page) => ({
      ...deserializeIntoBaseCollectionPaginationCountResponse(page),
      value: (node) => {
        page.value = node.getCollectionOfObjectValues(createPstnCallLogRowFromDiscriminatorValue);
      },
    });
    const errorMappings = { XXX: createODataErrorFromDiscriminatorValue };
    const send = async (request) => {
      const page = await adapter.send(request, createPage, errorMappings);
      return { value: page.value, nextLink: page.odataNextLink };
    };
    return {
      first() {
        const request = new RequestInformation(
          HttpMethod.GET,
          '{+baseurl}/communications/callRecords/microsoft.graph.callRecords.getPstnCalls(fromDateTime={fromDateTime},toDateTime={toDateTime}){?%24top}',
          {
            baseurl: adapter.baseUrl,
            fromDateTime: new Date(`${range[0]}T00:00:00Z`),
            toDateTime: new Date(`${range[1]}T00:00:00Z`),
          },
        );
        if (top !== undefined) request.configure({ queryParameters: { top } }, { top: '%24top' });
        for (const [name, value] of Object.entries(firstHeaders))
          request.headers.tryAdd(name, value);
        request.headers.tryAdd('Accept', 'application/json');
        return send(request);
      },
      next(link) {
        // As msgraph-sdk-core's PageIterator requests a nextLink.
        const request = new RequestInformation(HttpMethod.GET);
        request.urlTemplate = link;
        request.headers.tryAdd('Accept', 'application/json');
        return send(request);
      },
    };
  },
};

const client = clients[clientName]();
if (mode === 'page') {
  const results = {};
  for (const fault of arg.split(',')) {
    firstHeaders = { 'x-mock-fault': fault };
    results[fault] = await client.first().then(
      (page) => ({ rows: page.value.length }),
      (error) => ({ error: describe(error) }),
    );
  }
  console.log(JSON.stringify(results));
} else {
  const ids = [];
  const errors = [];
  let link;
  let pages = 0;
  do {
    let page;
    for (let attempt = 1; page === undefined; attempt++) {
      try {
        page = await (pages === 0 ? client.first() : client.next(link));
      } catch (error) {
        errors.push({ page: pages + 1, ...describe(error) });
        if (attempt === MAX_ATTEMPTS) throw error;
      }
    }
    pages++;
    ids.push(...page.value.map((row) => row.id));
    link = page.nextLink;
  } while (link !== undefined);
  console.log(JSON.stringify({ ids, errors }));
}
