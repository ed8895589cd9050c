/**
 * A Kiota-based Graph client (@microsoft/msgraph-beta-sdk's request adapter, its default
 * middleware, msgraph-sdk-core's PageIterator) walking getPstnCalls. Only the base URL and the
 * allowed hosts differ from a real Graph client; trust comes from NODE_EXTRA_CA_CERTS.
 * Prints {"ids":[…],"state":"Complete"}.
 *
 *   node kiota.mjs <origin> <fromDateTime> <toDateTime>
 *
 * No published TypeScript package has the generated request builder for getPstnCalls, so the
 * request is built from its URL template, as the generated builder does.
 */
import {
  AllowedHostsValidator,
  BaseBearerTokenAuthenticationProvider,
  HttpMethod,
  RequestInformation,
} from '@microsoft/kiota-abstractions';
import { GraphBetaRequestAdapter } from '@microsoft/msgraph-beta-sdk';
import { createPstnCallLogRowFromDiscriminatorValue } from '@microsoft/msgraph-beta-sdk/models/callRecords/index.js';
import { deserializeIntoBaseCollectionPaginationCountResponse } from '@microsoft/msgraph-beta-sdk/models/index.js';
import { createODataErrorFromDiscriminatorValue } from '@microsoft/msgraph-beta-sdk/models/oDataErrors/index.js';
import { PageIterator } from '@microsoft/msgraph-sdk-core';

const [origin, from, to] = process.argv.slice(2);

// Any token will do for the mock; a real app passes AzureIdentityAuthenticationProvider
// (@microsoft/kiota-authentication-azure) the same allowed hosts.
const allowedHosts = new AllowedHostsValidator(new Set([new URL(origin).hostname]));
const authProvider = new BaseBearerTokenAuthenticationProvider({
  getAuthorizationToken: async (url) =>
    url && allowedHosts.isUrlHostValid(url) ? 'any-token' : '',
  getAllowedHostsValidator: () => allowedHosts,
});
const adapter = new GraphBetaRequestAdapter(authProvider);
adapter.baseUrl = `${origin}/beta`;

// The generated GetPstnCallsWithFromDateTimeWithToDateTimeGetResponse: a page of rows.
const createPage = () => (page) => ({
  ...deserializeIntoBaseCollectionPaginationCountResponse(page),
  value: (node) => {
    page.value = node.getCollectionOfObjectValues(createPstnCallLogRowFromDiscriminatorValue);
  },
});
const errorMappings = { XXX: createODataErrorFromDiscriminatorValue };

const request = new RequestInformation(
  HttpMethod.GET,
  '{+baseurl}/communications/callRecords/microsoft.graph.callRecords.getPstnCalls(fromDateTime={fromDateTime},toDateTime={toDateTime}){?%24count,%24filter,%24search,%24skip,%24top}',
  { baseurl: adapter.baseUrl, fromDateTime: new Date(from), toDateTime: new Date(to) },
);
request.headers.tryAdd('Accept', 'application/json');

const first = await adapter.send(request, createPage, errorMappings);
const ids = [];
const iterator = new PageIterator(
  adapter,
  first,
  (row) => {
    ids.push(row.id);
    return true;
  },
  createPage,
  errorMappings,
);
await iterator.iterate();
console.log(JSON.stringify({ ids, state: iterator.getPagingState() }));
