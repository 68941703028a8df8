// Where the bytes of a .wasm go: size per section and, when the module carries a name
// section (link with --profiling-funcs), the largest function bodies by name. A small
// stand-in for twiggy/wasm-objdump, which Debian does not package.
//   node bench/widget/wasm_anatomy.mjs <file.wasm> [top N]

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const section_names = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export',
  'start', 'element', 'code', 'data', 'datacount'];

function reader(bytes) {
  let at = 0;
  const r = {
    get at() { return at; },
    set at(v) { at = v; },
    u8: () => bytes[at++],
    leb() {
      let value = 0; let shift = 0; let b;
      do { b = bytes[at++]; value += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
      return value;
    },
    name() { const n = r.leb(); const s = new TextDecoder().decode(bytes.subarray(at, at + n)); at += n; return s; },
  };
  return r;
}

/** Sections ({id, name, size}) and function bodies ({index, size}) of a module. */
export function anatomy(bytes) {
  const r = reader(bytes);
  r.at = 8;
  const sections = [];
  const bodies = [];
  const names = new Map();
  let imported_functions = 0;
  while (r.at < bytes.length) {
    const id = r.u8();
    const size = r.leb();
    const start = r.at;
    let name = section_names[id] ?? `unknown ${id}`;
    if (id === 0) {
      name = `custom "${r.name()}"`;
      if (name === 'custom "name"') {
        while (r.at < start + size) {
          const sub = r.u8(); const sub_size = r.leb(); const sub_start = r.at;
          if (sub === 1) {
            const count = r.leb();
            for (let i = 0; i < count; i++) { const index = r.leb(); names.set(index, r.name()); }
          }
          r.at = sub_start + sub_size;
        }
      }
    } else if (id === 2) {
      const count = r.leb();
      for (let i = 0; i < count; i++) {
        r.name(); r.name();
        const kind = r.u8();
        if (kind === 0) { r.leb(); imported_functions++; } else if (kind === 1) { r.u8(); const f = r.u8(); r.leb(); if (f & 1) r.leb(); } else if (kind === 2) { const f = r.u8(); r.leb(); if (f & 1) r.leb(); } else { r.u8(); r.u8(); }
      }
    } else if (id === 10) {
      const count = r.leb();
      for (let i = 0; i < count; i++) {
        const body_size = r.leb();
        bodies.push({ index: imported_functions + i, size: body_size });
        r.at += body_size;
      }
    }
    sections.push({ id, name, size });
    r.at = start + size;
  }
  for (const b of bodies) b.name = names.get(b.index) ?? `#${b.index}`;
  return { sections, bodies };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  const top = Number(process.argv[3] ?? 25);
  const bytes = readFileSync(file);
  const { sections, bodies } = anatomy(bytes);
  console.log(`${file}: ${bytes.length} B`);
  for (const s of sections) console.log(`  ${s.name.padEnd(24)} ${String(s.size).padStart(8)} B`);
  bodies.sort((a, b) => b.size - a.size);
  console.log(`  ${bodies.length} functions; largest:`);
  for (const b of bodies.slice(0, top)) console.log(`  ${String(b.size).padStart(8)}  ${b.name}`);
}
