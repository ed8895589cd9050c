// Bundles the CLI (dist/server/main.js and everything it loads, packages included but faker and
// node-forge, which load only when needed) into one CommonJS file,
// dist/cli/graph-callrecords-mock.cjs, which the bin requires. Start-up was mostly module
// loading: ~330 ms of CPU to resolve, read and compile some 400 ES modules, against ~80 ms for
// one file (issue 9; `npm run bench` measures it). The library entry (dist/server/fixture.js)
// stays unbundled.
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { build } from 'esbuild';

const OUT = 'dist/cli/graph-callrecords-mock.cjs';
const DIST = `${process.cwd()}/dist/`;

/**
 * A compiled module's `import.meta` is gone in CommonJS: give each module of ours its own URL
 * back (assets and lazily required packages are found relative to it) and resolve packages
 * with the bundle's `require`, which finds the same node_modules.
 */
const importMetaOfOurs = {
  name: 'import-meta-of-ours',
  setup(builder) {
    builder.onLoad({ filter: /\/dist\/(server|scenarios|openapi)\/.*\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const url = JSON.stringify(relative(DIST, args.path));
      return {
        loader: 'js',
        contents: source
          .replaceAll('import.meta.resolve(', '__resolve(')
          .replaceAll('import.meta.url', `new URL(${url}, __distUrl).href`),
      };
    });
  },
};

await build({
  entryPoints: ['dist/server/main.js'],
  outfile: OUT,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Smaller to parse; names kept, so stacks and `constructor.name` read as in the sources.
  minifyWhitespace: true,
  minifySyntax: true,
  keepNames: true,
  legalComments: 'none',
  banner: {
    js: [
      'const __distUrl = require("node:url").pathToFileURL(__dirname + "/../");',
      'const __resolve = (name) => require("node:url").pathToFileURL(require.resolve(name)).href;',
    ].join('\n'),
  },
  plugins: [importMetaOfOurs],
  // Required only for --tls (server/tls), from node_modules like the library entry's: a third of
  // the bundle otherwise.
  external: ['node-forge'],
  logLevel: 'warning',
});
