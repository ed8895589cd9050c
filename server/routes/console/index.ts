/**
 * The QA console at `/_mock/`: a page, its script and its stylesheet, built into dist/console
 * by `npm run build` and read once when the app starts. The page talks to the control API
 * beside it, so it lives and dies with it (`--control off`) and wants the same admin token.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { consoleTokenRequired } from '../../errors.js';
import { pathOf } from '../../graph/request-target.js';
import { adminTokenGuard } from '../../plugins/admin-token.js';

export interface ConsoleOptions {
  readonly adminToken: string | undefined;
  /** The mock's public URL, for the recipes; without it the page's own origin. */
  readonly publicUrl: string | undefined;
  /** CONSOLE_ASSETS unless a test points elsewhere. */
  readonly assets?: URL;
}

/** Where the build puts the console, beside dist/server. */
export const CONSOLE_ASSETS = new URL('../../../console/', import.meta.url);
/** What the page holds until served: the settings of a mock without a public URL. */
const SETTINGS_PLACEHOLDER = '{"publicUrl": null}';
const PERMANENT_REDIRECT = 308;

interface Asset {
  readonly type: string;
  readonly body: string;
}

function asset(directory: URL, name: string, type: string): Asset {
  try {
    return { type, body: readFileSync(new URL(name, directory), 'utf8') };
  } catch {
    throw new Error(
      `The QA console's ${name} is missing from ${directory.pathname}; run npm run build, or start with --control off.`,
    );
  }
}

/** JSON inside a script element: `<` escaped, so no value can close the element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replaceAll('<', '\\u003c');
}

function send(reply: FastifyReply, { type, body }: Asset): FastifyReply {
  return reply.type(type).header('cache-control', 'no-cache').send(body);
}

export async function consoleRoutes(app: FastifyInstance, options: ConsoleOptions): Promise<void> {
  await app.register(adminTokenGuard, {
    adminToken: options.adminToken,
    refusal: consoleTokenRequired,
  });
  const assets = options.assets ?? CONSOLE_ASSETS;
  const page = asset(assets, 'index.html', 'text/html; charset=utf-8');
  const html: Asset = {
    ...page,
    body: page.body.replace(
      SETTINGS_PLACEHOLDER,
      scriptJson({ publicUrl: options.publicUrl ?? null }),
    ),
  };
  const script = asset(assets, 'console.js', 'text/javascript; charset=utf-8');
  const style = asset(assets, 'console.css', 'text/css; charset=utf-8');

  app.get('/', async (request, reply) => {
    // The page's links are relative to /_mock/: without the slash they would miss the API.
    if (!pathOf(request.url).endsWith('/')) return reply.redirect('/_mock/', PERMANENT_REDIRECT);
    return send(reply, html);
  });
  app.get('/console/console.js', async (_request, reply) => send(reply, script));
  app.get('/console/console.css', async (_request, reply) => send(reply, style));
}
