// Bundles the QA console (console/) into dist/console: one ES module with Chart.js inside, its
// CSS and page, so the mock serves it offline. Type-checked apart by console/tsconfig.json.
import { copyFileSync, mkdirSync } from 'node:fs';
import { build } from 'esbuild';

const out = 'dist/console';
mkdirSync(out, { recursive: true });
await build({
  entryPoints: ['console/main.ts'],
  outfile: `${out}/console.js`,
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  legalComments: 'eof',
  logLevel: 'warning',
});
copyFileSync('console/console.css', `${out}/console.css`);
copyFileSync('console/index.html', `${out}/index.html`);
