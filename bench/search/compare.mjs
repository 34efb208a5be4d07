// MiniSearch and Fuse.js on the FAQ search test set and a large corpus, in
// Node: quality (R@1, R@3, MRR per kind of query) and query time, to set
// beside the Rust numbers of `cargo test --test search_quality` and
// `cargo run --release --example search_bench`.
//
//   cargo run --release -p incident-search --features bench --example search_bench -- 5000 --dump /tmp/synthetic-5000.json
//   node bench/search/compare.mjs [--corpus /tmp/synthetic-5000.json]
//
// Settings are the German-friendly ones named in the issue: prefix + fuzzy
// and diacritic folding for MiniSearch, `ignoreDiacritics` for Fuse.js.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(root, 'tools', 'package.json'));
const MiniSearch = (await import(require.resolve('minisearch'))).default;
const Fuse = (await import(require.resolve('fuse.js'))).default;

const set = JSON.parse(readFileSync(join(root, 'crates/incident-search/tests/data/search-queries.json'), 'utf8'));
const feed = JSON.parse(readFileSync(join(root, set.feed), 'utf8'));
const corpusArg = process.argv.indexOf('--corpus');
const corpus = corpusArg > 0 ? JSON.parse(readFileSync(process.argv[corpusArg + 1], 'utf8')) : null;

// Text.get(lang, default) of the Rust model.
function text(t, lang, def) {
  if (typeof t === 'string') return t;
  return t[lang] ?? t[def] ?? Object.values(t)[0] ?? '';
}

function docs(f, lang) {
  return f.faq.map((e, i) => ({
    id: e.id,
    order: i,
    question: text(e.question, lang, f.default_language),
    answer: text(e.answer, lang, f.default_language),
    keywords: (e.keywords ?? []).join(' '),
  }));
}

// Lower case, umlauts and other diacritics folded, ß → ss: the closest a
// tokenizer hook gets to "ä = ae = a" without a dictionary.
const fold = (s) => s.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/ß/g, 'ss').replace(/([aou])e/g, '$1');

const engines = {
  MiniSearch: (list) => {
    const ms = new MiniSearch({
      idField: 'order',
      fields: ['question', 'keywords', 'answer'],
      storeFields: ['id'],
      processTerm: (t) => fold(t),
      searchOptions: { boost: { question: 3, keywords: 2 }, prefix: true, fuzzy: 0.2, combineWith: 'OR' },
    });
    ms.addAll(list);
    return (q, limit) => ms.search(q).slice(0, limit).map((r) => r.id);
  },
  'Fuse.js': (list) => {
    const fuse = new Fuse(list, {
      keys: [{ name: 'question', weight: 3 }, { name: 'keywords', weight: 2 }, { name: 'answer', weight: 1 }],
      ignoreDiacritics: true,
      ignoreLocation: true,
      includeScore: true,
      threshold: 0.4,
    });
    return (q, limit) => fuse.search(q, { limit }).map((r) => r.item.id);
  },
};

function quality(name, make) {
  const byLang = {};
  const kinds = {};
  const all = { n: 0, r1: 0, r3: 0, rr: 0 };
  for (const c of set.queries) {
    byLang[c.lang] ??= make(docs(feed, c.lang));
    const ids = byLang[c.lang](c.query, 10);
    const pos = ids.findIndex((id) => c.relevant.includes(id));
    for (const t of [(kinds[c.kind] ??= { n: 0, r1: 0, r3: 0, rr: 0 }), all]) {
      t.n++;
      if (pos >= 0) {
        t.r1 += pos === 0;
        t.r3 += pos < 3;
        t.rr += 1 / (pos + 1);
      }
    }
  }
  const row = (k, t) => `${name.padEnd(11)} ${k.padEnd(9)} ${String(t.n).padStart(3)} ${(t.r1 / t.n).toFixed(3)} ${(t.r3 / t.n).toFixed(3)} ${(t.rr / t.n).toFixed(3)}`;
  for (const k of Object.keys(kinds).sort()) console.log(row(k, kinds[k]));
  console.log(row('all', all));
}

function timing(name, make, f, label) {
  const typing = [];
  for (const w of ['Heizkostenabrechnung', 'Passwort ändern', 'Kundenportal']) {
    for (let i = 1; i <= w.length; i++) typing.push({ query: w.slice(0, i), lang: 'de' });
  }
  const queries = [...set.queries, ...typing];
  const builds = [];
  const search = {};
  for (let r = 0; r < 5; r++) {
    const t = performance.now();
    search.de = make(docs(f, 'de'));
    builds.push(performance.now() - t);
  }
  search.en = make(docs(f, 'en'));
  const times = [];
  for (let r = 0; r < 5; r++) {
    for (const q of queries) {
      const t = performance.now();
      search[q.lang](q.query, 10);
      times.push((performance.now() - t) * 1000);
    }
  }
  times.sort((a, b) => a - b);
  builds.sort((a, b) => a - b);
  const pct = (a, p) => a[Math.round((a.length - 1) * p)];
  console.log(`${name.padEnd(11)} ${label.padEnd(18)} entries ${String(f.faq.length).padStart(5)}  build (de) ${pct(builds, 0.5).toFixed(2).padStart(8)} ms  query median ${pct(times, 0.5).toFixed(1).padStart(8)} µs  p95 ${pct(times, 0.95).toFixed(1).padStart(8)} µs`);
}

console.log('engine      kind        n   R@1   R@3   MRR');
for (const [name, make] of Object.entries(engines)) quality(name, make);
console.log();
for (const [name, make] of Object.entries(engines)) {
  timing(name, make, feed, 'cyberangriff.json');
  if (corpus) timing(name, make, corpus, 'synthetic');
}
