// MiniSearch and Fuse.js on the FAQ search test set and a large corpus, in
// Node: quality (R@1, R@3, MRR per kind of query) and query time, to set
// beside the Rust numbers of `cargo test --test search_quality` and
// `cargo run --release --example search_bench`.
//
//   cargo run --release -p incident-search --features bench --example search_bench -- 5000 --dump /tmp/synthetic-5000.json
//   node bench/search/compare.mjs [--corpus /tmp/synthetic-5000.json]
//
// The engines' settings, the documents and the measures are those of
// `engines.mjs`, which the Chromium comparison (e2e/bench/search.js) uses too.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { docs, makeEngines, quality, queryTimes } from './engines.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(root, 'tools', 'package.json'));
const MiniSearch = (await import(require.resolve('minisearch'))).default;
const Fuse = (await import(require.resolve('fuse.js'))).default;

const set = JSON.parse(readFileSync(join(root, 'crates/incident-search/tests/data/search-queries.json'), 'utf8'));
const feed = JSON.parse(readFileSync(join(root, set.feed), 'utf8'));
const corpusArg = process.argv.indexOf('--corpus');
const corpus = corpusArg > 0 ? JSON.parse(readFileSync(process.argv[corpusArg + 1], 'utf8')) : null;
const engines = makeEngines(MiniSearch, Fuse);

function printQuality(name, make) {
  const langs = [...new Set(set.queries.map((c) => c.lang))];
  const q = quality(set, Object.fromEntries(langs.map((lang) => [lang, make(docs(feed, lang))])));
  const row = (k, t) => `${name.padEnd(11)} ${k.padEnd(9)} ${String(t.n).padStart(3)} ${t.r1.toFixed(3)} ${t.r3.toFixed(3)} ${t.mrr.toFixed(3)}`;
  for (const k of Object.keys(q.kinds).sort()) console.log(row(k, q.kinds[k]));
  console.log(row('all', q.all));
}

function timing(name, make, f, label) {
  const builds = [];
  const search = {};
  for (let r = 0; r < 5; r++) {
    const t = performance.now();
    search.de = make(docs(f, 'de'));
    builds.push(performance.now() - t);
  }
  search.en = make(docs(f, 'en'));
  const times = queryTimes(set, search, 5);
  times.sort((a, b) => a - b);
  builds.sort((a, b) => a - b);
  const pct = (a, p) => a[Math.round((a.length - 1) * p)];
  console.log(`${name.padEnd(11)} ${label.padEnd(18)} entries ${String(f.faq.length).padStart(5)}  build (de) ${pct(builds, 0.5).toFixed(2).padStart(8)} ms  query median ${pct(times, 0.5).toFixed(1).padStart(8)} µs  p95 ${pct(times, 0.95).toFixed(1).padStart(8)} µs`);
}

console.log('engine      kind        n   R@1   R@3   MRR');
for (const [name, make] of Object.entries(engines)) printQuality(name, make);
console.log();
for (const [name, make] of Object.entries(engines)) {
  timing(name, make, feed, 'cyberangriff.json');
  if (corpus) timing(name, make, corpus, 'synthetic');
}
