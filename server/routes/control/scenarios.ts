/**
 * The scenarios a server serves, and changing them while it runs: the list, the file format,
 * one scenario as a file, `PUT` to add or replace one, `DELETE` one that was added. A QA
 * container gets a tenant per scenario without a rebuild, a test suite a tenant per test.
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { Definition, ServedScenarios } from '../../../scenarios/registry.js';
import type { Scenario } from '../../../scenarios/scenario.js';
import { ScenarioFileError, scenarioFileOf } from '../../../scenarios/scenario-file.js';
import { SCENARIO_SCHEMA, SCENARIO_SCHEMA_PATH } from '../../../scenarios/scenario-schema.js';
import { parseScenarioText, type ScenarioFormat } from '../../../scenarios/scenario-text.js';
import type { DefaultTenant } from '../../default-tenant.js';
import {
  defaultScenarioInUse,
  invalidScenario,
  missingScenarioBody,
  scenarioBodyTooLarge,
  scenarioBuiltIn,
  scenarioLoadedFromFile,
  scenarioNotFound,
  unsupportedScenarioMediaType,
} from '../../errors.js';
import { defaultScenarioOf } from './default-scenario.js';
import { scenariosResponse } from './schemas.js';

export interface ScenarioRoutesOptions {
  /** What this server serves, and where runtime changes go. */
  readonly scenarios: ServedScenarios;
  /** The scenario and seed of a request that names none; DELETE leaves it alone. */
  readonly defaults: DefaultTenant;
}

/** A complete scenario is about 3 KB; a megabyte leaves room for any, and bounds what a body costs. */
export const SCENARIO_BODY_LIMIT = 1024 * 1024;
/** The media types a scenario body may have, by format: RFC 9512's for YAML, and the older ones. */
export const SCENARIO_MEDIA_TYPES: Readonly<Record<ScenarioFormat, readonly string[]>> = {
  json: ['application/json'],
  yaml: ['application/yaml', 'text/yaml', 'application/x-yaml'],
};

const CREATED = 201;
const NO_CONTENT = 204;

interface ScenarioBody {
  readonly format: ScenarioFormat;
  readonly text: string;
}
type NamedRequest = { Params: { name: string } };

export async function scenarioRoutes(
  app: FastifyInstance,
  { scenarios, defaults }: ScenarioRoutesOptions,
): Promise<void> {
  app.get('/scenarios', { schema: { response: { 200: scenariosResponse } } }, async () => ({
    default: defaultScenarioOf(defaults),
    scenarios: scenarios
      .list()
      .map(({ scenario: { name, description, seed }, origin, replaced }) => ({
        name,
        description,
        seed,
        origin,
        replaced,
      })),
  }));

  /** The scenario file format, for editors: a file names it in its `"$schema"`. */
  app.get(SCENARIO_SCHEMA_PATH, async (_request, reply) =>
    reply.type('application/schema+json; charset=utf-8').send(JSON.stringify(SCENARIO_SCHEMA)),
  );

  /** A built-in to start from, or what a PUT made of its `extends`: a file that loads as it is. */
  app.get<NamedRequest>('/scenarios/:name', async (request, reply) => {
    const { name } = request.params;
    const scenario = scenarios.find(name);
    if (scenario === undefined) throw scenarioNotFound(name, scenarios.names());
    return sendScenarioFile(reply, 200, scenario);
  });

  app.delete<NamedRequest>('/scenarios/:name', async (request, reply) => {
    const { name } = request.params;
    const origin = scenarios.originOf(name);
    if (origin === undefined) throw scenarioNotFound(name, scenarios.names());
    if (origin === 'built-in') throw scenarioBuiltIn(name);
    if (origin === 'loaded') throw scenarioLoadedFromFile(name);
    if (defaults.scenario.name === name) throw defaultScenarioInUse(name);
    scenarios.remove(name);
    return reply.code(NO_CONTENT).send();
  });

  // Its own scope: the body parsers are PUT's alone.
  app.register(scenarioDefinitions, { scenarios, prefix: '/scenarios' });
}

async function scenarioDefinitions(
  app: FastifyInstance,
  { scenarios }: { readonly scenarios: ServedScenarios },
): Promise<void> {
  // The text, not fastify's JSON: a syntax error is then told as a file's would be.
  app.removeAllContentTypeParsers();
  for (const format of ['json', 'yaml'] as const) {
    app.addContentTypeParser(
      [...SCENARIO_MEDIA_TYPES[format]],
      { parseAs: 'string', bodyLimit: SCENARIO_BODY_LIMIT },
      (_request, text, done) => done(null, { format, text: String(text) }),
    );
  }

  app.put<NamedRequest>(
    '/:name',
    {
      // fastify's body errors in our words; thrown on, the parent handler renders them.
      errorHandler: (error: FastifyError, request) => {
        if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
          throw scenarioBodyTooLarge(SCENARIO_BODY_LIMIT);
        }
        if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
          throw unsupportedScenarioMediaType(request.headers['content-type']);
        }
        throw error;
      },
    },
    async (request, reply) => {
      const { name } = request.params;
      if (scenarios.originOf(name) === 'built-in') throw scenarioBuiltIn(name);
      const body = request.body as ScenarioBody | undefined;
      if (body === undefined) throw missingScenarioBody();
      const origin = `PUT /_mock/scenarios/${name}`;
      const parsed = parseScenarioText(body.text, body.format);
      if ('problem' in parsed) throw invalidScenario(name, [`${origin}: ${parsed.problem}`]);
      let definition: Definition;
      try {
        definition = scenarios.define(name, parsed.data, origin);
      } catch (error) {
        // define throws nothing else; anything else is a bug, and keeps its stack.
        /* c8 ignore next */
        if (!(error instanceof ScenarioFileError)) throw error;
        throw invalidScenario(name, error.problems);
      }
      if (definition.created) reply.header('Location', `/_mock/scenarios/${name}`);
      return sendScenarioFile(reply, definition.created ? CREATED : 200, definition.scenario);
    },
  );
}

/** Indented: it is read, and saved as a file to edit. */
function sendScenarioFile(reply: FastifyReply, status: number, scenario: Scenario): FastifyReply {
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send(JSON.stringify(scenarioFileOf(scenario), null, 2));
}
