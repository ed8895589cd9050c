/**
 * The one place code reads the OpenAPI document. Everything else (the renderer, route
 * schemas, runtime checks, tests) takes row shapes and schemas from here, so the document
 * stays the single source of truth.
 */
import { createRequire } from 'node:module';
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import type addFormatsModule from 'ajv-formats';
import doc from './call-records.openapi.json' with { type: 'json' };

const require = createRequire(import.meta.url);

/**
 * ajv and ajv-formats, loaded when a validator is made: tests and tools make them, a running
 * mock never does, and loading them cost ~20 ms of every start. Both are CommonJS; ajv-formats
 * has `exports.default` and no named export, so its function is `.default` of what `require`
 * returns (NodeNext types a default import as that whole module object).
 */
function loadAjv(): { Ajv: typeof Ajv2020; addFormats: typeof addFormatsModule.default } {
  const { Ajv2020: Ajv } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const addFormats = (require('ajv-formats') as typeof addFormatsModule).default;
  return { Ajv, addFormats };
}

export type ApiVersion = 'beta' | 'v1.0';

/** Every version, in the order functionVersions lists them. */
const API_VERSIONS: readonly ApiVersion[] = ['v1.0', 'beta'];

/** The call-log functions bound to `communications/callRecords`, in every version or some. */
export const LOG_FUNCTIONS = [
  'getPstnCalls',
  'getDirectRoutingCalls',
  'getSmsLog',
  'getPstnBlockedUsersLog',
  'getPstnOnlineMeetingDialoutReport',
] as const;

export type LogFunctionName = (typeof LOG_FUNCTIONS)[number];

/** A JSON schema as the document holds it: read-only, keywords unknown to the type. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** The parts of the document code relies on; the rest is served as is. */
export interface OpenApiDocument {
  readonly openapi: string;
  readonly paths: Readonly<Record<string, unknown>>;
  readonly components: {
    readonly schemas: Readonly<Record<string, JsonSchema>>;
    readonly [section: string]: unknown;
  };
  readonly [field: string]: unknown;
}

export const openApiDocument: OpenApiDocument = doc;

const COMPONENT_REF_PREFIX = '#/components/schemas/';

/** The one component the code names; pages and rows are found through the paths. */
const ERROR_SCHEMA = 'microsoft.graph.odataError';

/** Beta components carry this prefix before the CSDL type name; v1.0 ones none. */
const BETA_PREFIX = 'beta.';

/**
 * A component's `$id` is its component name: unique, already marks beta types with `beta.`,
 * and free of `/`, so relative `$ref` resolution between ids cannot go astray.
 */
const schemaId = (componentName: string): string => componentName;

function component(name: string): JsonSchema {
  const schema = openApiDocument.components.schemas[name];
  // Only a dangling $ref gets here, and the contract tests' strict Ajv compile rejects those.
  /* c8 ignore next */
  if (schema === undefined) throw new Error(`The OpenAPI document has no schema '${name}'.`);
  return schema;
}

/** Refs outside the components pass through unchanged and fail loudly when compiled. */
const componentNameOf = (ref: unknown): string => String(ref).replace(COMPONENT_REF_PREFIX, '');

interface ObjectShape {
  readonly properties: ReadonlyArray<readonly [string, unknown]>;
  readonly required: readonly string[];
}

/**
 * The properties an object schema accepts, in document order: those of `$ref` and `allOf`
 * members first (they come before the schema's own in the rows), then its own.
 */
function objectShape(schema: JsonSchema): ObjectShape {
  const parts = [
    ...(schema.$ref === undefined ? [] : [component(componentNameOf(schema.$ref))]),
    ...((schema.allOf as readonly JsonSchema[] | undefined) ?? []),
  ].map(objectShape);
  return {
    properties: [
      ...parts.flatMap((part) => part.properties),
      ...Object.entries((schema.properties as JsonSchema | undefined) ?? {}),
    ],
    required: [
      ...parts.flatMap((part) => part.required),
      ...((schema.required as readonly string[] | undefined) ?? []),
    ],
  };
}

/** The Kiota (namespace-qualified) form of a function's path, as the document keys it. */
const functionPath = (fn: LogFunctionName, version: ApiVersion): string =>
  `/${version}/communications/callRecords/microsoft.graph.callRecords.${fn}(fromDateTime={fromDateTime},toDateTime={toDateTime})`;

/** The part of a path item the code reads: the schema of the 200 response. */
interface FunctionPathItem {
  readonly get: {
    readonly responses: {
      readonly 200: {
        readonly content: { readonly 'application/json': { readonly schema: JsonSchema } };
      };
    };
  };
}

/** The versions whose paths define `fn`, read from the document. */
export function functionVersions(fn: LogFunctionName): readonly ApiVersion[] {
  return API_VERSIONS.filter((version) =>
    Object.hasOwn(openApiDocument.paths, functionPath(fn, version)),
  );
}

/** The page component of `fn` in `version`: the schema its path answers 200 with. */
function pageComponentName(fn: LogFunctionName, version: ApiVersion): string {
  const item = openApiDocument.paths[functionPath(fn, version)] as FunctionPathItem | undefined;
  if (item === undefined) {
    const versions = functionVersions(fn);
    throw new Error(
      `The OpenAPI document has no ${version} path for ${fn}; it defines ${fn} in ${versions.length === 0 ? 'no version' : versions.join(' and ')}.`,
    );
  }
  return componentNameOf(item.get.responses[200].content['application/json'].schema.$ref);
}

/** A page component's `value` member: the array of rows. */
function pageValue(pageComponent: string): JsonSchema {
  const value = objectShape(component(pageComponent)).properties.find(([name]) => name === 'value');
  return value![1] as JsonSchema;
}

/** The row component of `fn` in `version`: the items of its page's `value`. */
function rowComponentName(fn: LogFunctionName, version: ApiVersion): string {
  return componentNameOf((pageValue(pageComponentName(fn, version)).items as JsonSchema).$ref);
}

/** Rows a page holds at most: the page schema's `value.maxItems` (Graph's 1000). */
export const PAGE_SIZE: number = pageValue(pageComponentName('getPstnCalls', 'beta'))
  .maxItems as number;

/**
 * The CSDL type of `fn`'s rows, as `@odata.context`'s `Collection(…)` names it in every
 * version, e.g. `microsoft.graph.callRecords.directRoutingLogRow`.
 */
export function rowTypeName(fn: LogFunctionName): string {
  // Any version's row will do: the contract tests hold every version's to the same type.
  const [version] = functionVersions(fn);
  if (version === undefined) throw new Error(`The OpenAPI document has no path for ${fn}.`);
  return rowComponentName(fn, version).replace(BETA_PREFIX, '');
}

/** The members of a row of `fn` in `version`, in the order the mock emits them. */
export function rowPropertyNames(fn: LogFunctionName, version: ApiVersion): readonly string[] {
  // Kept: the plain path (rowObject) asks once per row, and the document never changes.
  const key = `${fn} ${version}`;
  let names = propertyNames.get(key);
  if (names === undefined) {
    names = objectShape(component(rowComponentName(fn, version))).properties.map(([name]) => name);
    propertyNames.set(key, names);
  }
  return names;
}

const propertyNames = new Map<string, readonly string[]>();

/** The members of a row of `fn` in `version` and each one's schema, in document order. */
export function rowPropertySchemas(
  fn: LogFunctionName,
  version: ApiVersion,
): ReadonlyArray<readonly [string, JsonSchema]> {
  return objectShape(component(rowComponentName(fn, version))).properties as ReadonlyArray<
    readonly [string, JsonSchema]
  >;
}

/** Over a flat object, 2020-12's `unevaluatedProperties` is draft-07's `additionalProperties`. */
const DRAFT_07_KEYWORDS: Readonly<Record<string, string>> = {
  unevaluatedProperties: 'additionalProperties',
};

/**
 * Draft-07 (fastify's Ajv) and fast-json-stringify know neither `unevaluatedProperties`
 * nor property order across `allOf`, so a composed schema becomes one flat object. Its
 * `properties` order is the order fast-json-stringify writes: the document's order.
 */
function flattened(schema: JsonSchema): JsonSchema {
  if (schema.allOf === undefined) return schema;
  const { allOf: _allOf, ...keywords } = schema;
  const shape = objectShape(schema);
  return {
    ...Object.fromEntries(
      Object.entries(keywords).map(([key, value]) => [DRAFT_07_KEYWORDS[key] ?? key, value]),
    ),
    properties: Object.fromEntries(shape.properties),
    required: shape.required,
  };
}

/** A deep copy of a schema in which `visit` has rewritten every object, innermost first. */
function mapObjects(node: unknown, visit: (object: JsonSchema) => JsonSchema): unknown {
  if (Array.isArray(node)) return node.map((item) => mapObjects(item, visit));
  if (node === null || typeof node !== 'object') return node;
  return visit(
    Object.fromEntries(Object.entries(node).map(([key, value]) => [key, mapObjects(value, visit)])),
  );
}

/** Points a `#/components/schemas/X` ref at the `$id` of X. */
function refToId(object: JsonSchema): JsonSchema {
  return object.$ref === undefined
    ? object
    : { ...object, $ref: `${schemaId(componentNameOf(object.$ref))}#` };
}

/**
 * fast-json-stringify writes required members before optional ones. Where the document puts
 * an optional member first (`@odata.context` before `@odata.count`), the serializer's copy
 * drops `required` so the document's order wins; createContractValidator still checks it.
 */
function requiredOnlyIfInOrder(object: JsonSchema): JsonSchema {
  const { required, ...rest } = object;
  if (!Array.isArray(required)) return object;
  const leading = Object.keys(object.properties as JsonSchema).slice(0, required.length);
  return leading.every((name) => required.includes(name)) ? object : rest;
}

function standalone(name: string, schema: unknown): JsonSchema {
  return { $id: schemaId(name), ...(mapObjects(schema, refToId) as JsonSchema) };
}

/**
 * Every component schema for `app.addSchema`: flattened to draft-07, and written so that
 * fast-json-stringify emits members in the document's order.
 */
export function fastifySchemas(): JsonSchema[] {
  return Object.entries(openApiDocument.components.schemas).map(([name, schema]) =>
    standalone(name, mapObjects(flattened(schema), requiredOnlyIfInOrder)),
  );
}

/** A route response schema for a page of `fn` in `version`, once `fastifySchemas()` are added. */
export function pageSchemaRef(fn: LogFunctionName, version: ApiVersion): { readonly $ref: string } {
  return { $ref: `${schemaId(pageComponentName(fn, version))}#` };
}

export function errorSchemaRef(): { readonly $ref: string } {
  return { $ref: `${schemaId(ERROR_SCHEMA)}#` };
}

export interface ContractValidator {
  /** Human-readable violations; an empty array means the value is valid. */
  validatePage(fn: LogFunctionName, version: ApiVersion, body: unknown): string[];
  validateError(body: unknown): string[];
  validateRow(fn: LogFunctionName, version: ApiVersion, row: unknown): string[];
}

/** Where a violation is and what it is, naming the offending member when Ajv knows it. */
function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath;
  const params = error.params as { additionalProperty?: string; unevaluatedProperty?: string };
  const member = params.additionalProperty ?? params.unevaluatedProperty;
  return `${where} ${error.message}${member === undefined ? '' : `: '${member}'`}`;
}

function violations(validate: ValidateFunction, value: unknown): string[] {
  // Ajv always sets `errors` when validation fails.
  return validate(value) ? [] : (validate.errors as ErrorObject[]).map(describe);
}

/**
 * Validates values against the document's own 2020-12 schemas (not the flattened copies),
 * so the checks are the contract itself. Compiles the schemas once, up front; keep the
 * returned validator rather than creating one per check.
 */
export function createContractValidator(): ContractValidator {
  const { Ajv, addFormats } = loadAjv();
  const ajv = new Ajv({ strict: true, allErrors: true });
  addFormats(ajv);
  for (const [name, schema] of Object.entries(openApiDocument.components.schemas)) {
    ajv.addSchema(standalone(name, schema));
  }
  // getSchema compiles a schema on first use and caches it: compile them all now.
  const compiled = (name: string): ValidateFunction =>
    ajv.getSchema(schemaId(name)) as ValidateFunction;
  for (const name of Object.keys(openApiDocument.components.schemas)) compiled(name);
  return {
    validatePage: (fn, version, body) => violations(compiled(pageComponentName(fn, version)), body),
    validateError: (body) => violations(compiled(ERROR_SCHEMA), body),
    validateRow: (fn, version, row) => violations(compiled(rowComponentName(fn, version)), row),
  };
}
