// Builds the widget into widget/dist and enforces the transfer budgets (fails the build when over).
//   dist/widget.js        the loader, served at /widget.js          budget: 3 KB gzipped
//   dist/ui-<hash>.js/css the messenger, fetched on demand          budget: 40 KB gzipped incl. loader + a locale
//   dist/locales/*.js     strings per language, loaded on demand
import { build } from 'esbuild';
import { precompressDir } from '../server/build/precompress.mjs';
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'dist');
const LOADER_BUDGET = 3 * 1024;
const FULL_BUDGET = 40 * 1024;
const common = { bundle: true, minify: true, target: ['es2020'], legalComments: 'none', logLevel: 'warning' };

await rm(out, { recursive: true, force: true });
await mkdir(join(out, 'locales'), { recursive: true });
await mkdir(join(out, 'demo'), { recursive: true });
// The demo page's bootstrap script is served from /widget/demo/ (same-origin scripts only under the CSP).
await copyFile(join(here, 'demo/demo.js'), join(out, 'demo/demo.js'));
// The designer's live preview page (the agent UI frames it, same origin).
for (const f of ['preview.html', 'preview.js']) await copyFile(join(here, 'demo', f), join(out, 'demo', f));

const ui = await build({
  ...common,
  entryPoints: { ui: join(here, 'src/ui/index.tsx'), 'ui-style': join(here, 'src/ui/styles.css') },
  outdir: out,
  entryNames: '[name]-[hash]',
  format: 'iife',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  metafile: true,
  define: { 'process.env.NODE_ENV': '"production"' },
});
const outputs = Object.keys(ui.metafile.outputs).map((p) => basename(p));
const uiJs = outputs.find((f) => f.startsWith('ui-') && f.endsWith('.js') && !f.startsWith('ui-style'));
const uiCss = outputs.find((f) => f.endsWith('.css'));
for (const f of outputs) if (f.startsWith('ui-style') && f.endsWith('.js')) await rm(join(out, f));

await build({
  ...common,
  entryPoints: [join(here, 'src/loader.ts')],
  outfile: join(out, 'widget.js'),
  format: 'iife',
  define: { __UI_JS__: JSON.stringify(uiJs), __UI_CSS__: JSON.stringify(uiCss) },
});

const locales = {};
for (const file of await readdir(join(here, 'src/locales'))) {
  // Shipped as scripts, not JSON: a script tag loads cross-origin without CORS on every host site.
  const json = JSON.stringify(JSON.parse(await readFile(join(here, 'src/locales', file), 'utf8')));
  const code = `window.__SwitchboardLocale&&__SwitchboardLocale(${JSON.stringify(file.replace('.json', ''))},${json});`;
  await writeFile(join(out, 'locales', file.replace('.json', '.js')), code);
  locales[file] = true;
}

// Sizes are those of the files the server actually sends (precompressed beside each asset): gzip, the
// larger of the two encodings, for the budgets, and brotli, what current browsers receive, for the record.
const sent = precompressDir(out);
const gz = (f) => sent[join(out, f)].gz;
const br = (f) => sent[join(out, f)].br;
const localeFiles = Object.keys(locales).map((f) => 'locales/' + f.replace('.json', '.js'));
const biggest = localeFiles.reduce((a, f) => (gz(f) > gz(a) ? f : a));
const loader = gz('widget.js');
const js = gz(uiJs);
const css = gz(uiCss);
const biggestLocale = gz(biggest);
const full = loader + js + css + biggestLocale;
const brotli = { loader: br('widget.js'), full: br('widget.js') + br(uiJs) + br(uiCss) + br(biggest) };
const kb = (n) => (n / 1024).toFixed(2) + ' KB';
const report = { loader, ui: js, css, biggestLocale, full, brotli, files: { ui: uiJs, css: uiCss } };
await writeFile(join(out, 'manifest.json'), JSON.stringify(report, null, 2));

console.log(`widget: loader ${kb(loader)} gz / ${kb(brotli.loader)} br as sent (budget ${kb(LOADER_BUDGET)} gz)`);
console.log(`widget: ui ${kb(js)} + css ${kb(css)} + largest locale ${kb(biggestLocale)}; full messenger ${kb(full)} gz / ${kb(brotli.full)} br as sent (budget ${kb(FULL_BUDGET)} gz)`);
const over = [];
if (loader > LOADER_BUDGET) over.push(`loader ${kb(loader)} > ${kb(LOADER_BUDGET)}`);
if (full > FULL_BUDGET) over.push(`full UI ${kb(full)} > ${kb(FULL_BUDGET)}`);
if (over.length) {
  console.error('widget: over budget: ' + over.join('; '));
  process.exit(1);
}
