// Measures the widget's shipped artifacts (raw bytes and gzip -9 bytes) and the bundles a
// shopper downloads (sums of artifacts).
// Run directly to print them, or with --write to re-baseline tests/wasm/size_budget.json:
//   node tests/wasm/sizes.mjs build/wasm [--write]

import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync, constants } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const budget_file = join(here, 'size_budget.json');
const source_root = join(here, '..', '..');

/** Raw and gzip sizes of one file. */
export function measure(path) {
  const bytes = readFileSync(path);
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }).length };
}

/** Where each artifact named in the budget lives: "build:" paths are under the wasm build dir. */
export function resolve(artifact_path, build_dir) {
  return artifact_path.startsWith('build:')
    ? join(build_dir, artifact_path.slice('build:'.length))
    : join(source_root, artifact_path);
}

/** The summed raw and gzip sizes of a bundle's artifacts, measured now. */
export function measure_bundle(budget, bundle, build_dir) {
  return bundle.artifacts
    .map((name) => measure(resolve(budget.artifacts[name].path, build_dir)))
    .reduce((sum, m) => ({ raw: sum.raw + m.raw, gzip: sum.gzip + m.gzip }), { raw: 0, gzip: 0 });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const build_dir = process.argv[2];
  if (!build_dir) {
    console.error('usage: node tests/wasm/sizes.mjs <wasm build dir> [--write]');
    process.exit(2);
  }
  const budget = JSON.parse(readFileSync(budget_file, 'utf8'));
  for (const [name, a] of Object.entries(budget.artifacts)) {
    const m = measure(resolve(a.path, build_dir));
    console.log(`${name.padEnd(30)} raw ${String(m.raw).padStart(7)}  gzip ${String(m.gzip).padStart(6)}  (recorded ${a.raw} / ${a.gzip}, max gzip ${a.max_gzip})`);
    Object.assign(a, m);
  }
  for (const [name, b] of Object.entries(budget.bundles)) {
    const m = measure_bundle(budget, b, build_dir);
    const issue = b.issue_max_gzip ? `, issue ceiling ${b.issue_max_gzip}` : '';
    console.log(`${`bundle: ${name}`.padEnd(30)} raw ${String(m.raw).padStart(7)}  gzip ${String(m.gzip).padStart(6)}  (max gzip ${b.max_gzip}${issue})`);
  }
  if (process.argv.includes('--write')) {
    writeFileSync(budget_file, `${JSON.stringify(budget, null, 2)}\n`);
    console.log(`re-baselined ${budget_file}`);
  }
}
