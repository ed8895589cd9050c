import type { FastifyInstance } from 'fastify';
import { type OpenApiDocument, openApiDocument } from '../../openapi/contract.js';
import { requestOrigin } from '../graph/page-links.js';

export interface OpenApiRoutesOptions {
  /** The mock's origin as clients reach it (`--public-url`); default each request's origin. */
  readonly publicUrl?: string | undefined;
}

export const OPENAPI_PATH = '/openapi.json';

/** Where the real API lives; the document's paths start with the version, as Graph's URLs do. */
const GRAPH_SERVER = { url: 'https://graph.microsoft.com', description: 'Microsoft Graph' };

/**
 * The contract as served: the document from openapi/ with this mock as its first server, so
 * Swagger UI and code generators send their requests here, and Graph itself as the second.
 */
export function servedDocument(origin: string): OpenApiDocument {
  const { openapi, info, ...rest } = openApiDocument;
  const servers = [{ url: origin, description: 'This mock' }, GRAPH_SERVER];
  return { openapi, info, servers, ...rest };
}

/** The OpenAPI document, for tools: no token, like /healthz. */
export async function openApiRoutes(
  app: FastifyInstance,
  options: OpenApiRoutesOptions,
): Promise<void> {
  app.get(OPENAPI_PATH, async (request) =>
    servedDocument(options.publicUrl ?? requestOrigin(request.protocol, request.host)),
  );
}
