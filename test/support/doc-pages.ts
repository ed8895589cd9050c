/**
 * The user documentation as tests read it: README.md and docs/*.md, their sections, and their
 * fenced blocks with the `<!-- example: … -->` marker each carries (docs/contributing.md).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { projectPath } from './project-root.js';

/** A documentation file by its path from the project's root, e.g. `docs/options.md`. */
export function docPage(path: string): string {
  return readFileSync(projectPath(path), 'utf8');
}

/** README.md, then docs/*.md in name order: every page whose examples are tests. */
export function docPaths(): string[] {
  const pages = readdirSync(projectPath('docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`);
  return ['README.md', ...pages];
}

/**
 * The text of the section whose heading line is exactly `heading` (e.g. `## Limits and
 * shutdown`), up to the next heading of its level or above. Throws if the page has none.
 */
export function docSection(path: string, heading: string): string {
  const lines = docPage(path).split('\n');
  const start = lines.indexOf(heading);
  if (start === -1) throw new Error(`${path} has no heading '${heading}'`);
  const level = heading.indexOf(' ');
  const next = headingLines(lines).find(
    ([index, hashes]) => index > start && hashes.length <= level,
  );
  return lines.slice(start, next?.[0]).join('\n');
}

/** [line index, leading #s] of every heading, fenced blocks' `#` comments left out. */
function headingLines(lines: readonly string[]): [number, string][] {
  const found: [number, string][] = [];
  let fenced = false;
  lines.forEach((line, index) => {
    if (FENCE.test(line)) fenced = !fenced;
    const hashes = /^(#+) /.exec(line)?.[1];
    if (!fenced && hashes !== undefined) found.push([index, hashes]);
  });
  return found;
}

/** What a block's marker says: how the tests check it, and with what. */
export interface Marker {
  readonly kind: string;
  /** `key=value` words as strings, bare words as true. */
  readonly options: Readonly<Record<string, string | true>>;
}

/** A fenced block of a documentation page. */
export interface DocBlock {
  /** The page, from the project's root, and the line (1-based) of the opening fence. */
  readonly path: string;
  readonly line: number;
  /** The fence's info string: `sh`, `js`, `json`, … or '' for none. */
  readonly lang: string;
  /** The lines between the fences, without the fence's indentation. */
  readonly body: string;
  /** The marker on the line before the fence, if there is one. */
  readonly marker: Marker | undefined;
  /** The marker line's text when it does not parse as a marker. */
  readonly badMarker?: string;
}

const FENCE = /^\s*```/;
const MARKER = /^\s*<!-- example: ([a-z-]+)((?: [a-z-]+(?:=\S+)?)*) -->\s*$/;

/** Every fenced block of `path`, in page order. */
export function docBlocks(path: string): DocBlock[] {
  const lines = docPage(path).split('\n');
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\S*)/.exec(lines[i]!);
    if (open === null) continue;
    const [, indent, lang] = open;
    const end = lines.findIndex((line, j) => j > i && FENCE.test(line));
    if (end === -1) throw new Error(`${path}:${i + 1}: a fence that never closes`);
    const before = lines[i - 1]?.trim() ?? '';
    const marker = markerOf(before);
    blocks.push({
      path,
      line: i + 1,
      lang: lang!,
      body: lines
        .slice(i + 1, end)
        .map((line) => line.slice(indent!.length))
        .join('\n'),
      marker,
      ...(marker === undefined && before.startsWith('<!--') ? { badMarker: before } : {}),
    });
    i = end;
  }
  return blocks;
}

/** Every block of every documentation page. */
export function allDocBlocks(): DocBlock[] {
  return docPaths().flatMap(docBlocks);
}

function markerOf(line: string): Marker | undefined {
  const found = MARKER.exec(line);
  if (found === null) return undefined;
  const options = Object.fromEntries(
    found[2]!
      .trim()
      .split(' ')
      .filter((word) => word !== '')
      .map((word) => {
        const eq = word.indexOf('=');
        return eq === -1 ? [word, true] : [word.slice(0, eq), word.slice(eq + 1)];
      }),
  );
  return { kind: found[1]!, options };
}

/** Where a block is, for test names and messages: `docs/faults.md:35`. */
export const whereIs = (block: DocBlock): string => `${block.path}:${block.line}`;

/**
 * The commands of a shell block: comment lines dropped, `\` continuations joined, a trailing
 * `# …` comment cut (outside quotes).
 */
export function shellCommands(body: string): string[] {
  const commands: string[] = [];
  let pending = '';
  for (const raw of body.split('\n')) {
    const line = withoutComment(raw).trimEnd();
    if (pending === '' && line.trim() === '') continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    commands.push((pending + line).trim());
    pending = '';
  }
  return commands.filter((command) => command !== '');
}

/** `line` without a `#` comment that starts outside quotes, after a space or at the start. */
export function withoutComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return line.slice(0, i);
  }
  return line;
}

/** A command's words, as a shell splits them: quotes kept together and removed; no expansion. */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  for (const found of command.matchAll(/'([^']*)'|"((?:[^"\\]|\\.)*)"|(\S+)/g)) {
    words.push(found[1] ?? found[2] ?? found[3]!);
  }
  return words;
}
