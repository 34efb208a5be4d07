// What the two FAQ search comparisons share: `bench/search/compare.mjs`
// (Node) and `e2e/bench/search.js` (Chromium, which gets this file at
// /bench/search/engines.mjs from the bench's server, e2e/src/bin/bench.rs).
// The feed mapped to documents, the folding, the settings of MiniSearch and
// Fuse.js, the timed queries and the quality measures. Each side imports
// MiniSearch and Fuse.js its own way and passes them to `makeEngines`.
//
// Settings are the German-friendly ones named in the issue: prefix + fuzzy
// and diacritic folding for MiniSearch, `ignoreDiacritics` for Fuse.js.

// Text.get(lang, default) of the Rust model.
export function text(t, lang, def) {
  if (typeof t === 'string') return t;
  return t[lang] ?? t[def] ?? Object.values(t)[0] ?? '';
}

export function docs(f, lang) {
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
export const fold = (s) => s.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/ß/g, 'ss').replace(/([aou])e/g, '$1');

// Engine name → (documents → (query, limit) → ids).
export function makeEngines(MiniSearch, Fuse) {
  return {
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
}

// The timed queries: the labelled set plus typing sequences ("H", "He", …),
// since a widget searches on every key press (as the Rust search_bench).
export function timedQueries(set) {
  const typing = [];
  for (const w of ['Heizkostenabrechnung', 'Passwort ändern', 'Kundenportal']) {
    for (let i = 1; i <= w.length; i++) typing.push({ query: w.slice(0, i), lang: 'de' });
  }
  return [...set.queries, ...typing];
}

// Microseconds per query of `search` (language → (query, limit) → ids),
// `rounds` times over the timed queries.
export function queryTimes(set, search, rounds) {
  const queries = timedQueries(set);
  const times = [];
  for (let r = 0; r < rounds; r++) {
    for (const q of queries) {
      const t = performance.now();
      search[q.lang](q.query, 10);
      times.push((performance.now() - t) * 1000);
    }
  }
  return times;
}

// R@1, R@3 and MRR of `search` (language → (query, limit) → ids) on the
// labelled set, in all and per kind of query.
export function quality(set, search) {
  const all = { n: 0, r1: 0, r3: 0, rr: 0 };
  const kinds = {};
  for (const c of set.queries) {
    const ids = search[c.lang](c.query, 10);
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
  const norm = (t) => ({ n: t.n, r1: t.r1 / t.n, r3: t.r3 / t.n, mrr: t.rr / t.n });
  return { all: norm(all), kinds: Object.fromEntries(Object.entries(kinds).map(([k, t]) => [k, norm(t)])) };
}
