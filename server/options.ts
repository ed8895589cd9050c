import type { LogLevel } from 'fastify';
import type { ScenarioRegistry } from '../scenarios/registry.js';
import type { ServerLimits } from './http-server.js';
import type { ScenarioInput } from './scenario-files.js';

export const LOG_LEVELS: readonly LogLevel[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];

/** What buildApp needs. Every field is optional; the defaults suit tests. */
export interface AppOptions {
  /** Overrides the scenario's own seed. */
  readonly seed?: number;
  /** Name of the scenario served when a request names none (default `default`). */
  readonly scenario?: string;
  /**
   * Scenarios to serve beside the built-ins: paths of scenario files (JSON, or YAML if named
   * `*.yaml`/`*.yml`), directories of them (every `*.json`, `*.yaml` and `*.yml`, in name
   * order), or scenario objects, which may `extends` another; or a registry loadScenarios
   * (server/scenario-files.ts) made. `PUT /_mock/scenarios/{name}` adds more at runtime.
   */
  readonly scenarios?: readonly ScenarioInput[] | ScenarioRegistry;
  /**
   * Origin written into `@odata.nextLink` and `@odata.context`, e.g. `https://mock.example:8443`
   * (no trailing slash). Default: the request's own origin.
   */
  readonly publicUrl?: string;
  /** Default `silent` for buildApp; the CLI defaults to `info`. */
  readonly logLevel?: LogLevel;
  /**
   * `lenient` (default) accepts any non-empty bearer token; `strict` wants a JWT the mock
   * issued, for Graph's audience, unexpired, with the CallRecords.Read.All application role.
   */
  readonly auth?: AuthMode;
  /** Secret the mock derives its token-signing key from (strict auth); has a fixed default. */
  readonly tokenSecret?: string;
  /** Serve the control API under /_mock (default true). */
  readonly control?: boolean;
  /**
   * Serve HTTPS with this certificate (PEM, optionally followed by its chain) and private key,
   * e.g. what ensureLocalCertificates (server/tls/local-certificates.ts) returns. Default: HTTP.
   */
  readonly tls?: TlsOptions;
  /** When set, the control API wants `Authorization: Bearer <adminToken>`. */
  readonly adminToken?: string;
  /** Origins browsers may call the mock from (CORS): `*` for any. Default: none, CORS off. */
  readonly cors?: CorsOrigins;
  /** Header size, timeouts and connection cap; DEFAULT_LIMITS (server/http-server.ts) by default. */
  readonly limits?: Partial<ServerLimits>;
  /**
   * A directory to keep the default scenario's built tenant in and read it back from on the
   * next start (server/tenant-cache.ts). Default: none, built every time; the CLI keeps one in
   * defaultTenantCacheDirectory.
   */
  readonly tenantCache?: string;
}

export type CorsOrigins = '*' | readonly string[];

export interface TlsOptions {
  readonly key: string | Buffer;
  readonly cert: string | Buffer;
}

export const AUTH_MODES = ['lenient', 'strict'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

/** What the CLI adds on top: where to listen. */
export interface ServerOptions extends AppOptions {
  readonly port: number;
  readonly host: string;
}
