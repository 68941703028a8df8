// Reads cartbell-sandbox's log (the witness) for bench/send/run and prints the figures as
// JSON: accepted sends of the load (biz_opaque_callback_data "bench:<index>"), refusals
// by code, the most accepted in any 1 s window, and the scheduling lag of each accepted
// message against its paced slot (see run's header).
//   node report.mjs SANDBOX_URL START RATE OFFERED SECONDS
const [url, startText, rateText, offeredText, secondsText] = process.argv.slice(2);
const start = Number(startText) * 1000;
const rate = Number(rateText);
const offered = Number(offeredText);
const total = offered * Number(secondsText);

const accepted = new Map();  // index -> at_ms (first acceptance)
let duplicates = 0;
const refused = {};
let after = 0;
for (;;) {
  const res = await fetch(`${url}/sandbox/log?after=${after}&limit=100000`);
  if (!res.ok) throw new Error(`log: HTTP ${res.status}`);
  const page = await res.json();
  if (page.dropped > 0) throw new Error(`the sandbox log dropped ${page.dropped} entries: raise log_capacity`);
  for (const e of page.entries) {
    const key = e.biz_opaque_callback_data || '';
    if (e.event === 'send_accepted' && key.startsWith('bench:')) {
      const index = Number(key.slice(6));
      if (accepted.has(index)) duplicates++; else accepted.set(index, e.at_ms);
    } else if (e.event === 'send_refused') {
      refused[e.code] = (refused[e.code] || 0) + 1;
    }
  }
  if (page.entries.length === 0 || page.next === after) break;
  after = page.next;
}

const times = [...accepted.values()].sort((a, b) => a - b);
let mostInSecond = 0;
for (let i = 0, j = 0; j < times.length; j++) {
  while (times[j] - times[i] >= 1000) i++;
  mostInSecond = Math.max(mostInSecond, j - i + 1);
}
// Paced slot of message k (index order is due_at order, the order the outbox claims them):
// when an ideal sender at RATE/s with no burst, serving the queue in order, sends it.
const lagAll = [];
let slot = -Infinity;
for (let k = 0; k < total; k++) {
  const due = start + Math.floor(k / offered) * 1000;
  slot = Math.max(due, slot + 1000 / rate);
  if (accepted.has(k)) lagAll.push(accepted.get(k) - slot);
}
const pct = (v, p) => {
  if (v.length === 0) return null;
  const s = [...v].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const first = times[0] ?? 0, last = times[times.length - 1] ?? 0;
console.log(JSON.stringify({
  total, accepted: accepted.size, duplicates,
  refused_130429: refused[130429] || 0, refused_131056: refused[131056] || 0,
  refused_other: Object.entries(refused).filter(([c]) => c !== '130429' && c !== '131056')
    .reduce((n, [, v]) => n + v, 0),
  first_ms: first, last_ms: last,
  rate: times.length > 1 ? Math.round((times.length - 1) / ((last - first) / 1000)) : 0,
  most_in_second: mostInSecond,
  lag_p50_ms: pct(lagAll, 50), lag_p99_ms: pct(lagAll, 99), lag_max_ms: pct(lagAll, 100),
}));
