/**
 * Every fenced block of README.md and docs/*.md has a marker saying how it is checked
 * (docs/contributing.md), and the blocks that are cheap to check in-process are checked here:
 * scenario files, CLI commands, npm scripts, container settings, the endpoint list, the layout.
 * The e2e tier (test/e2e/doc-examples.test.ts) runs the `run` and `elsewhere` blocks.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import t, { type Test } from 'tap';
import { ScenarioRegistry } from '../../scenarios/registry.js';
import type { Scenario } from '../../scenarios/scenario.js';
import { resolveScenarios, schemaProblemsOf } from '../../scenarios/scenario-file.js';
import { parseScenarioText } from '../../scenarios/scenario-text.js';
import { buildApp } from '../../server/app.js';
import { parseConfig, parseExportConfig, parseTokenConfig } from '../../server/config/parse.js';
import { SERVER_ENV_VARIABLES } from '../../server/config/table.js';
import {
  allDocBlocks,
  type DocBlock,
  docPaths,
  shellCommands,
  shellWords,
  whereIs,
} from '../support/doc-pages.js';
import { get } from '../support/graph.js';
import { projectPath } from '../support/project-root.js';

/** The kinds a marker may name, and the fence languages each is for. */
const KINDS: Readonly<Record<string, readonly string[]>> = {
  run: ['sh', 'js'],
  elsewhere: ['powershell', 'python', 'csharp', 'java'],
  scenario: ['json', 'yaml'],
  cli: ['sh'],
  npm: ['sh'],
  container: ['sh', 'yaml'],
  endpoints: [''],
  tree: [''],
  messages: [''],
};

const BLOCKS = allDocBlocks();
const ofKind = (kind: string) => BLOCKS.filter((block) => block.marker?.kind === kind);

t.test('every block of every page has a marker of a known kind, for its language', async (t) => {
  t.ok(docPaths().length > 20, 'the pages were found');
  t.ok(BLOCKS.length >= 40, `${BLOCKS.length} blocks`);
  for (const block of BLOCKS) {
    const kind = block.marker?.kind;
    if (kind === undefined) {
      t.fail(`${whereIs(block)}: no marker${block.badMarker ? `: '${block.badMarker}'` : ''}`);
      continue;
    }
    t.ok(KINDS[kind]?.includes(block.lang), `${whereIs(block)}: ${kind} for '${block.lang}'`);
  }
});

t.test('every scenario example passes the schema and loads', async (t) => {
  const blocks = ofKind('scenario');
  t.ok(blocks.length >= 7, `${blocks.length} scenario files`);
  // Examples may extend the page's earlier ones, as the second of two files may.
  const earlier = new Map<string, Scenario>();
  for (const block of blocks) {
    const parsed = parseScenarioText(block.body, block.lang === 'json' ? 'json' : 'yaml');
    if (!('data' in parsed)) {
      t.fail(`${whereIs(block)}: ${parsed.problem}`);
      continue;
    }
    t.same(schemaProblemsOf(parsed.data), [], `${whereIs(block)}: the schema's problems`);
    const name = (parsed.data as { name: string }).name;
    const known = new ScenarioRegistry([...earlier.values()].filter((s) => s.name !== name));
    const [scenario] = resolveScenarios([{ origin: whereIs(block), data: parsed.data }], known);
    t.equal(scenario?.name, name, `${whereIs(block)}: loads`);
    earlier.set(name, scenario!);
  }
});

/** The CLI's words of a command that runs it, or undefined for another command. */
function cliArgs(command: string): string[] | undefined {
  const words = shellWords(command.split(/ [|>] /)[0]!.replace(/^\w+=\$\(|\)$/g, ''));
  if (words[0] === 'npx' && words[1] === 'graph-callrecords-mock') return words.slice(2);
  if (words[0] === 'node' && words[1] === 'dist/server/bin/main.js') return words.slice(2);
  return undefined;
}

t.test('every CLI command shown is one the CLI accepts', async (t) => {
  const commands = ofKind('cli').flatMap((block) =>
    shellCommands(block.body).map((command) => [block, command] as const),
  );
  t.ok(commands.length >= 7, `${commands.length} commands`);
  for (const [block, command] of commands) {
    const args = cliArgs(command);
    if (args === undefined) {
      t.fail(`${whereIs(block)}: '${command}' does not run the CLI`);
      continue;
    }
    const [first, ...rest] = args;
    const parse =
      first === 'token'
        ? () => parseTokenConfig(rest, {})
        : first === 'export'
          ? () => parseExportConfig(rest, {})
          : () => parseConfig(args, {});
    t.doesNotThrow(parse, `${whereIs(block)}: ${command}`);
  }
});

t.test('every npm command shown names a script of package.json', async (t) => {
  const { scripts } = JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const commands = ofKind('npm').flatMap((block) =>
    shellCommands(block.body).flatMap((line) => line.split(' && ').map((c) => [block, c] as const)),
  );
  t.ok(commands.length >= 5, `${commands.length} commands`);
  for (const [block, command] of commands) {
    const words = shellWords(command);
    t.equal(words[0], 'npm', `${whereIs(block)}: ${command}`);
    const script = words[1] === 'run' ? words[2] : words[1];
    if (script === 'ci') continue;
    t.ok(scripts[script!] !== undefined, `${whereIs(block)}: npm ${script} is a script`);
  }
});

const DOCKERFILE = readFileSync(projectPath('Dockerfile'), 'utf8');
const IMAGE_PORT = /^\s*PORT=(\d+)/m.exec(DOCKERFILE)?.[1];

/** The server accepts `env` as its whole configuration, every name one of its variables. */
function assertServerEnv(t: Test, where: string, env: Record<string, string>): void {
  for (const name of Object.keys(env)) {
    t.ok(SERVER_ENV_VARIABLES.includes(name), `${where}: ${name} is a server variable`);
  }
  t.doesNotThrow(() => parseConfig([], env), `${where}: the server takes ${JSON.stringify(env)}`);
}

t.test('container examples: variables, ports, tags and health the image has', async (t) => {
  t.ok(IMAGE_PORT !== undefined, 'the Dockerfile sets PORT');
  const blocks = ofKind('container');
  t.ok(blocks.length >= 3, `${blocks.length} container blocks`);
  for (const block of blocks) {
    if (block.lang === 'yaml') checkCompose(t, block);
    else checkDockerCommands(t, block);
  }
});

function checkDockerCommands(t: Test, block: DocBlock): void {
  const tags: string[] = [];
  for (const command of shellCommands(block.body)) {
    const words = shellWords(command);
    t.equal(words[0], 'docker', `${whereIs(block)}: ${command}`);
    if (words[1] === 'build') {
      t.equal(words.at(-1), '.', `${whereIs(block)}: builds this repository's Dockerfile`);
      tags.push(words[words.indexOf('-t') + 1]!);
      continue;
    }
    t.equal(words[1], 'run', `${whereIs(block)}: docker build or docker run`);
    const env: Record<string, string> = {};
    words.forEach((word, i) => {
      const value = words[i + 1]!;
      if (word === '-e') env[value.split('=')[0]!] = value.slice(value.indexOf('=') + 1);
      if (word === '-p') t.equal(value.split(':')[1], IMAGE_PORT, `${whereIs(block)}: ${value}`);
    });
    assertServerEnv(t, whereIs(block), env);
    t.ok(tags.includes(words.at(-1)!), `${whereIs(block)}: runs the image built`);
  }
}

function checkCompose(t: Test, block: DocBlock): void {
  const parsed = parseScenarioText(block.body, 'yaml');
  if (!('data' in parsed)) throw new Error(`${whereIs(block)}: ${parsed.problem}`);
  const { services } = parsed.data as { services: Record<string, ComposeService> };
  const mocks = Object.entries(services).filter(([, service]) => service.build === '.');
  t.equal(mocks.length, 1, `${whereIs(block)}: one service builds the mock`);
  const [name, mock] = mocks[0]!;
  assertServerEnv(t, whereIs(block), mock.environment ?? {});
  for (const port of mock.ports ?? []) {
    t.equal(port.split(':')[1], IMAGE_PORT, `${whereIs(block)}: ${port}`);
  }
  const origin = `http://${name}:${IMAGE_PORT}`;
  t.equal(mock.environment?.MOCK_PUBLIC_URL, origin, `${whereIs(block)}: nextLinks name ${origin}`);
  for (const [other, service] of Object.entries(services)) {
    if (other === name) continue;
    const condition = service.depends_on?.[name]?.condition;
    if (condition === 'service_healthy') {
      t.match(DOCKERFILE, /^HEALTHCHECK /m, `${whereIs(block)}: the image has a HEALTHCHECK`);
    }
    for (const value of Object.values(service.environment ?? {})) {
      if (value.startsWith('http')) t.ok(value.startsWith(origin), `${whereIs(block)}: ${value}`);
    }
  }
}

interface ComposeService {
  readonly build?: string;
  readonly environment?: Record<string, string>;
  readonly ports?: readonly string[];
  readonly depends_on?: Record<string, { readonly condition?: string }>;
}

t.test('every endpoint listed answers June 2024 in each of its versions', async (t) => {
  const app = buildApp();
  t.teardown(() => app.close());
  const blocks = ofKind('endpoints');
  t.ok(blocks.length >= 1, 'the list is shown');
  for (const block of blocks) {
    const lines = block.body.split('\n');
    t.equal(lines.length, 5, `${whereIs(block)}: five functions`);
    for (const line of lines) {
      const found = /^GET \/\{?([\w.|]+)\}?(\/\S+\()fromDateTime=…,toDateTime=…\)$/.exec(line);
      if (found === null) {
        t.fail(`${whereIs(block)}: '${line}' is not GET /{version}/…(fromDateTime=…,toDateTime=…)`);
        continue;
      }
      for (const version of found[1]!.split('|')) {
        const path = `/${version}${found[2]}fromDateTime=2024-06-01,toDateTime=2024-07-01)`;
        t.equal((await get(app, path)).statusCode, 200, path);
      }
    }
  }
});

t.test('the layout names folders and files that exist', async (t) => {
  for (const block of ofKind('tree')) {
    let folder = '';
    for (const line of block.body.split('\n')) {
      const top = /^([\w-]+\/)/.exec(line)?.[1];
      if (top !== undefined) {
        folder = top;
        t.ok(statSync(projectPath(folder)).isDirectory(), `${whereIs(block)}: ${folder}`);
      }
      for (const [file] of line.matchAll(/[\w-]+\.ts\b/g)) {
        t.ok(
          filesUnder(projectPath(folder)).includes(file),
          `${whereIs(block)}: ${folder}…/${file}`,
        );
      }
    }
  }
});

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((path) =>
    path.slice(path.lastIndexOf('/') + 1),
  );
}

t.test('loader messages shown have the loader’s shape', async (t) => {
  for (const block of ofKind('messages')) {
    for (const line of block.body.split('\n')) {
      t.match(line, /^graph-callrecords-mock: [\w./-]+\.(json|ya?ml): \/\S+ /, whereIs(block));
    }
  }
});
