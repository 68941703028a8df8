// Packages the widget for serving: minified JavaScript (esbuild), the two wasm modules and
// the UI strings, into every --out folder (the build's own, dist/widget, web/widget).
//   node wasm-widget/js/package.mjs --esbuild <path> --wasm <dir> --out <dir> [--out <dir> ...]
//
// cartbell.js (the loader) is fetched without a version and revalidated every few minutes;
// what it loads carries ?v=<hash of all of it> and is cached for a year by the server
// (backend/server/static_files.cpp), so a new build is picked up at once and never mixed
// with an old one.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name) => args.flatMap((a, i) => (a === name ? [args[i + 1]] : []));
const [esbuild] = option('--esbuild');
const [wasm_dir] = option('--wasm');
const outs = option('--out');
if (!esbuild || !wasm_dir || outs.length === 0) {
  console.error('usage: node package.mjs --esbuild <path> --wasm <dir> --out <dir> [--out <dir> ...]');
  process.exit(2);
}

// Chromium, Firefox and Safari releases of 2021 on (constructable stylesheets, <dialog>).
const target = '--target=chrome90,firefox98,safari16';
const bundle = (entry, format, ...extra) =>
  execFileSync(esbuild, [join(here, entry), '--bundle', '--minify', `--format=${format}`, target, '--charset=utf8',
    '--legal-comments=none', ...extra], { encoding: 'utf8' });

const files = new Map();
files.set('cartbell-ui.js', bundle('ui.mjs', 'esm'));
for (const name of ['cartbell.wasm', 'cartbell-phone.wasm']) files.set(name, readFileSync(join(wasm_dir, name)));
for (const name of readdirSync(join(here, 'strings')).filter((f) => f.endsWith('.json')).sort()) {
  files.set(`strings/${name}`, JSON.stringify(JSON.parse(readFileSync(join(here, 'strings', name), 'utf8'))));
}
const hash = createHash('sha256');
for (const [name, content] of files) hash.update(name).update(content);
const version = hash.digest('hex').slice(0, 12);
files.set('cartbell.js', bundle('loader.mjs', 'iife', `--define:CARTBELL_VERSION="${version}"`));

for (const out of outs) {
  for (const [name, content] of files) {
    mkdirSync(dirname(join(out, name)), { recursive: true });
    writeFileSync(join(out, name), content);
  }
  writeFileSync(join(out, 'VERSION'), `${version}\n`);
}
