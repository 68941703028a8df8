// Loads a standalone extern "C" build of the Cartbell core (no Emscripten JS glue) and
// marshals strings across the boundary. Every exported entry point has the same shape:
//   const char* fn(const char* input, size_t length)
// where input holds each argument as a 4-byte little-endian length and its UTF-8 bytes
// (so an argument may contain any byte), and the answer's length comes from
// cb_answer_length(). Answers are "ok:<value>" or "err:<code>"; call() turns them into
// {ok, value} / {ok, error}. One call at a time: cb_alloc() starts a call and releases
// the previous one's memory (wasm-widget/arena.cpp), so each answer is copied out first.

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Instantiates the module from bytes (ArrayBuffer/Uint8Array) or a fetch() Response (or a promise of one). */
export async function load_core(source) {
  const imports = {
    env: { emscripten_notify_memory_growth() {} },
    wasi_snapshot_preview1: {
      proc_exit(code) { throw new Error(`cartbell core aborted (${code})`); },
    },
  };
  source = await source;
  const { instance } = source instanceof Response
    ? await WebAssembly.instantiateStreaming(source, imports)
    : await WebAssembly.instantiate(source, imports);
  const exports = instance.exports;
  exports._initialize();

  /** Raw call: arguments (strings or Uint8Arrays) in, the answer string out. */
  function call_raw(name, args) {
    const parts = args.map((a) => (typeof a === 'string' ? encoder.encode(a) : a));
    const length = parts.reduce((n, p) => n + 4 + p.length, 0);
    const pointer = exports.cb_alloc(Math.max(length, 1));
    // Views are made after cb_alloc: memory may have grown, detaching older buffers.
    const view = new DataView(exports.memory.buffer, pointer, length);
    let offset = 0;
    for (const p of parts) {
      view.setUint32(offset, p.length, true);
      new Uint8Array(exports.memory.buffer, pointer + offset + 4, p.length).set(p);
      offset += 4 + p.length;
    }
    const answer = exports[name](pointer, length);
    const text = decoder.decode(new Uint8Array(exports.memory.buffer, answer, exports.cb_answer_length()));
    exports.cb_free(pointer);
    return text;
  }

  /** Structured call: {ok:true, value} or {ok:false, error}. */
  function call(name, ...args) {
    const answer = call_raw(name, args);
    return answer.startsWith('ok:') ? { ok: true, value: answer.slice(3) } : { ok: false, error: answer.slice(4) };
  }

  return { call, call_raw, exports };
}
