/**
 * A real Graph client against the mock listening on 127.0.0.1 over http: the Kiota stack a
 * generated Graph SDK runs on (the SDK's request adapter with its default middleware, bearer
 * auth, the SDK's own URL template, path parameters as Dates, the SDK's models) and
 * msgraph-sdk-core's PageIterator following every @odata.nextLink to the end of the range.
 *
 * The request builders for /communications are not in the installed packages, so the request
 * is built here the way the generated `MicrosoftGraphCallRecords<Fn>With…RequestBuilder` builds
 * it (see apiClientProxifier's toRequestInformation in @microsoft/kiota-abstractions), and a
 * page is read the way the generated `<Fn>WithFromDateTimeWithToDateTimeGetResponse` is read.
 */

import type { IncomingMessage } from 'node:http';
import {
  type AccessTokenProvider,
  AllowedHostsValidator,
  type AuthenticationProvider,
  type BackedModel,
  BaseBearerTokenAuthenticationProvider,
  type ErrorMappings,
  HttpMethod,
  type Parsable,
  type ParsableFactory,
  type ParseNode,
  type RequestAdapter,
  RequestInformation,
  validateProtocol,
} from '@microsoft/kiota-abstractions';
import { GraphBetaRequestAdapter } from '@microsoft/msgraph-beta-sdk';
import {
  type BaseCollectionPaginationCountResponse,
  deserializeIntoBaseCollectionPaginationCountResponse as deserializeBetaPage,
} from '@microsoft/msgraph-beta-sdk/models/index.js';
import { createODataErrorFromDiscriminatorValue as createBetaODataError } from '@microsoft/msgraph-beta-sdk/models/oDataErrors/index.js';
import { GraphRequestAdapter } from '@microsoft/msgraph-sdk';
import { deserializeIntoBaseCollectionPaginationCountResponse as deserializeV1Page } from '@microsoft/msgraph-sdk/models/index.js';
import { createODataErrorFromDiscriminatorValue as createV1ODataError } from '@microsoft/msgraph-sdk/models/oDataErrors/index.js';
import { type PageCollection, PageIterator } from '@microsoft/msgraph-sdk-core';
import type tap from 'tap';
import type { LogFunctionName } from '../../openapi/contract.js';
import { buildApp } from '../../server/app.js';

/** Any non-empty bearer token passes the mock's default (lenient) auth. */
export const KIOTA_TOKEN = 'kiota-e2e-token';
export const HOST = '127.0.0.1';

/** One generated SDK: its adapter, its base collection response and its error model. */
export interface GraphSdk {
  readonly version: 'beta' | 'v1.0';
  /** What the adapter's middleware writes first in the SdkVersion header. */
  readonly sdkVersionPrefix: string;
  readonly adapter: (auth: AuthenticationProvider) => RequestAdapter;
  readonly deserializeIntoPage: (
    page?: Partial<BaseCollectionPaginationCountResponse>,
  ) => Record<string, (node: ParseNode) => void>;
  readonly errorMappings: ErrorMappings;
}

export const BETA_SDK: GraphSdk = {
  version: 'beta',
  sdkVersionPrefix: 'graph-typescript-beta/',
  adapter: (auth) => new GraphBetaRequestAdapter(auth),
  deserializeIntoPage: deserializeBetaPage,
  errorMappings: { XXX: createBetaODataError as ParsableFactory<Parsable> },
};

export const V1_SDK: GraphSdk = {
  version: 'v1.0',
  sdkVersionPrefix: 'graph-typescript/',
  adapter: (auth) => new GraphRequestAdapter(auth),
  deserializeIntoPage: deserializeV1Page,
  errorMappings: { XXX: createV1ODataError as ParsableFactory<Parsable> },
};

/** The generated `<Fn>WithFromDateTimeWithToDateTimeGetResponse`, as PageIterator types it. */
export interface LogPage<Row extends Parsable>
  extends Omit<BaseCollectionPaginationCountResponse, 'odataNextLink'>,
    PageCollection<Row> {}

export type RowFactory = (
  node: ParseNode | undefined,
) => (instance?: Parsable) => Record<string, (node: ParseNode) => void>;

/**
 * The page factory, also keeping every page it fills so a test can see what came back.
 * JsonParseNode asks for the field map three times per object (untyped check, backing-store
 * check, then the fill, on a backing-store proxy), so a page is kept when its value is read.
 */
export function pageFactory<Row extends Parsable>(
  sdk: GraphSdk,
  createRow: RowFactory,
  pages: LogPage<Row>[],
): ParsableFactory<LogPage<Row>> {
  return () => (instance) => {
    const page = instance as Partial<LogPage<Row>>;
    return {
      // As the generated deserializeInto<Fn>WithFromDateTimeWithToDateTimeGetResponse.
      ...sdk.deserializeIntoPage(page as Partial<BaseCollectionPaginationCountResponse>),
      value: (n) => {
        page.value = n.getCollectionOfObjectValues<Row>(createRow);
        pages.push(page as LogPage<Row>);
      },
    };
  };
}

/**
 * A fixed token, guarded the way AzureIdentityAccessTokenProvider guards a real one: no token
 * for a host outside allowedHosts, and an error for http unless the host is localhost.
 */
class FixedTokenProvider implements AccessTokenProvider {
  private readonly hosts: AllowedHostsValidator;

  constructor(
    private readonly token: string,
    allowedHosts: Set<string>,
  ) {
    this.hosts = new AllowedHostsValidator(allowedHosts);
  }

  getAuthorizationToken = async (url?: string): Promise<string> => {
    if (!url || !this.hosts.isUrlHostValid(url)) return '';
    validateProtocol(url);
    return this.token;
  };

  getAllowedHostsValidator = (): AllowedHostsValidator => this.hosts;
}

export function graphAdapter(
  sdk: GraphSdk,
  baseUrl: string,
  allowedHosts: readonly string[] = [HOST],
): RequestAdapter {
  const auth = new BaseBearerTokenAuthenticationProvider(
    new FixedTokenProvider(KIOTA_TOKEN, new Set(allowedHosts)),
  );
  const adapter = sdk.adapter(auth);
  adapter.baseUrl = baseUrl;
  return adapter;
}

// From the generated MicrosoftGraphCallRecords<Fn>WithFromDateTimeWithToDateTime request
// builders (msgraph-sdk-typescript and msgraph-beta-sdk-typescript, package …-communications).
export const uriTemplate = (fn: LogFunctionName): string =>
  `{+baseurl}/communications/callRecords/microsoft.graph.callRecords.${fn}(fromDateTime={fromDateTime},toDateTime={toDateTime}){?%24count,%24filter,%24search,%24skip,%24top}`;
const QUERY_PARAMETERS_MAPPER: Record<string, string> = {
  count: '%24count',
  filter: '%24filter',
  search: '%24search',
  skip: '%24skip',
  top: '%24top',
};

export interface LogRequestOptions {
  readonly top?: number;
  /** Sent as x-mock-scenario; the nextLinks carry it on. */
  readonly scenario?: string;
}

/** What the generated builder's toGetRequestInformation produces. */
export function logRequest(
  fn: LogFunctionName,
  baseUrl: string,
  from: Date,
  to: Date,
  options: LogRequestOptions = {},
): RequestInformation {
  const request = new RequestInformation(HttpMethod.GET, uriTemplate(fn), {
    baseurl: baseUrl,
    fromDateTime: from,
    toDateTime: to,
  });
  const query = options.top === undefined ? {} : { top: options.top };
  request.configure({ queryParameters: query }, QUERY_PARAMETERS_MAPPER);
  request.headers.tryAdd('Accept', 'application/json');
  if (options.scenario !== undefined) request.headers.tryAdd('x-mock-scenario', options.scenario);
  return request;
}

export interface Walk<Row extends Parsable> {
  readonly rows: Row[];
  readonly pages: LogPage<Row>[];
}

/** Sends the first request and lets PageIterator follow every nextLink. */
export async function walk<Row extends Parsable>(
  sdk: GraphSdk,
  adapter: RequestAdapter,
  request: RequestInformation,
  createRow: RowFactory,
): Promise<Walk<Row>> {
  const pages: LogPage<Row>[] = [];
  const factory = pageFactory<Row>(sdk, createRow, pages);
  const first = await adapter.send(request, factory, sdk.errorMappings);
  if (!first) throw new Error('the first page came back empty');
  const rows: Row[] = [];
  const iterator = new PageIterator<Row>(
    adapter,
    first,
    (row) => {
      rows.push(row);
      return true;
    },
    factory,
    sdk.errorMappings,
  );
  await iterator.iterate();
  if (iterator.getPagingState() !== 'Complete') {
    throw new Error(`paging stopped in state ${iterator.getPagingState()}`);
  }
  return { rows, pages };
}

export interface SeenRequest {
  readonly url: string;
  readonly authorization: string | undefined;
  readonly sdkVersion: string | undefined;
}

export interface KiotaMock {
  readonly origin: string;
  /** Every request the mock received, straight off the socket: exactly what was sent. */
  readonly seen: SeenRequest[];
  /** Runs `action` and returns what it gave with the requests the mock received meanwhile. */
  watch<T>(action: () => Promise<T>): Promise<{ readonly result: T; requests: SeenRequest[] }>;
}

/** The mock on 127.0.0.1 and a free port, closed when `t` ends. */
export async function startKiotaMock(t: Pick<typeof tap, 'teardown'>): Promise<KiotaMock> {
  const app = buildApp();
  const seen: SeenRequest[] = [];
  // Before fastify routes or rejects anything.
  app.server.on('request', (request: IncomingMessage) => {
    const sdkVersion = request.headers.sdkversion;
    seen.push({
      url: request.url ?? '',
      authorization: request.headers.authorization,
      sdkVersion: Array.isArray(sdkVersion) ? sdkVersion.join(', ') : sdkVersion,
    });
  });
  await app.listen({ port: 0, host: HOST });
  t.teardown(() => app.close());
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('not listening on TCP');
  return {
    origin: `http://${HOST}:${address.port}`,
    seen,
    async watch(action) {
      const before = seen.length;
      const result = await action();
      return { result, requests: seen.slice(before) };
    },
  };
}

/** A model's deserializer: its properties by JSON name. */
export type Deserializer = (model?: never) => Record<string, (node: ParseNode) => void>;

/** The properties a model knows: its deserializer's JSON names, @odata.type as odataType. */
function modelProperties(deserializeInto: Deserializer): Set<string> {
  return new Set(
    Object.keys(deserializeInto()).map((name) => (name === '@odata.type' ? 'odataType' : name)),
  );
}

/**
 * What rows hold that their model does not know: backing-store keys outside the model's
 * properties, and every member JsonParseNode put into additionalData for want of a field.
 */
export function unknownMembers(rows: readonly Parsable[], deserializeInto: Deserializer): string[] {
  const known = modelProperties(deserializeInto);
  const unknown = new Set<string>();
  for (const row of rows) {
    const store = (row as BackedModel).backingStore;
    if (store === undefined) {
      unknown.add('(no backing store)');
      continue;
    }
    for (const { key, value } of store.enumerate()) {
      if (key === 'additionalData') {
        for (const name of Object.keys(value ?? {})) unknown.add(`additionalData.${name}`);
      } else if (!known.has(key)) {
        unknown.add(key);
      }
    }
  }
  return [...unknown].sort();
}
