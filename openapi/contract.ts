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

/** Component names the code needs by role; the document owns everything else about them. */
const ROW_SCHEMA = {
  'v1.0': 'microsoft.graph.callRecords.pstnCallLogRow',
  beta: 'beta.microsoft.graph.callRecords.pstnCallLogRow',
} as const satisfies Record<ApiVersion, string>;

const PAGE_SCHEMA = {
  'v1.0': 'microsoft.graph.callRecords.pstnCallLogRowCollectionResponse',
  beta: 'beta.microsoft.graph.callRecords.pstnCallLogRowCollectionResponse',
} as const satisfies Record<ApiVersion, string>;

const ERROR_SCHEMA = 'microsoft.graph.odataError';

/**
 * A component's `$id` is its component name: unique, already marks beta types with `beta.`,
 * and free of `/`, so relative `$ref` resolution between ids cannot go astray.
 */
const schemaId = (componentName: string): string => componentName;

function component(name: string): JsonSchema {
  const schema = openApiDocument.components.schemas[name];
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

/** Rows a page holds at most: the page schema's `value.maxItems` (Graph's 1000). */
export const PAGE_SIZE: number = (() => {
  const value = objectShape(component(PAGE_SCHEMA.beta)).properties.find(
    ([name]) => name === 'value',
  );
  return (value![1] as JsonSchema).maxItems as number;
})();

export function rowPropertyNames(version: ApiVersion): readonly string[] {
  return objectShape(component(ROW_SCHEMA[version])).properties.map(([name]) => name);
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

/** A route response schema for a page of `version`, once `fastifySchemas()` are added. */
export function pageSchemaRef(version: ApiVersion): { readonly $ref: string } {
  return { $ref: `${schemaId(PAGE_SCHEMA[version])}#` };
}

export function errorSchemaRef(): { readonly $ref: string } {
  return { $ref: `${schemaId(ERROR_SCHEMA)}#` };
}

export interface ContractValidator {
  /** Human-readable violations; an empty array means the value is valid. */
  validatePage(version: ApiVersion, body: unknown): string[];
  validateError(body: unknown): string[];
  validateRow(version: ApiVersion, row: unknown): string[];
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
  const compiled = (name: string): ValidateFunction =>
    ajv.getSchema(schemaId(name)) as ValidateFunction;
  const rows = { 'v1.0': compiled(ROW_SCHEMA['v1.0']), beta: compiled(ROW_SCHEMA.beta) };
  const pages = { 'v1.0': compiled(PAGE_SCHEMA['v1.0']), beta: compiled(PAGE_SCHEMA.beta) };
  const error = compiled(ERROR_SCHEMA);
  return {
    validatePage: (version, body) => violations(pages[version], body),
    validateError: (body) => violations(error, body),
    validateRow: (version, row) => violations(rows[version], row),
  };
}
