// Ours (the bundle's element.search), MiniSearch and Fuse.js on one page, with
// the configuration of bench/search/compare.mjs. `window.runSearchBench()`
// returns quality on the labelled query set and timings on the test feed and
// the synthetic corpus. Times in milliseconds (build) and microseconds (query).
import MiniSearch from "/node_modules/minisearch/dist/es/index.js";
import Fuse from "/node_modules/fuse.js/dist/fuse.mjs";

const getJson = (url) => fetch(url).then((r) => r.json());

function text(t, lang, def) {
  if (typeof t === "string") return t;
  return t[lang] ?? t[def] ?? Object.values(t)[0] ?? "";
}

function docs(f, lang) {
  return f.faq.map((e, i) => ({
    id: e.id,
    order: i,
    question: text(e.question, lang, f.default_language),
    answer: text(e.answer, lang, f.default_language),
    keywords: (e.keywords ?? []).join(" "),
  }));
}

const fold = (s) => s.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "").replace(/ß/g, "ss").replace(/([aou])e/g, "$1");

const engines = {
  MiniSearch: (list) => {
    const ms = new MiniSearch({
      idField: "order",
      fields: ["question", "keywords", "answer"],
      storeFields: ["id"],
      processTerm: (t) => fold(t),
      searchOptions: { boost: { question: 3, keywords: 2 }, prefix: true, fuzzy: 0.2, combineWith: "OR" },
    });
    ms.addAll(list);
    return (q, limit) => ms.search(q).slice(0, limit).map((r) => r.id);
  },
  "Fuse.js": (list) => {
    const fuse = new Fuse(list, {
      keys: [{ name: "question", weight: 3 }, { name: "keywords", weight: 2 }, { name: "answer", weight: 1 }],
      ignoreDiacritics: true,
      ignoreLocation: true,
      includeScore: true,
      threshold: 0.4,
    });
    return (q, limit) => fuse.search(q, { limit }).map((r) => r.item.id);
  },
};

// Ours: the element answers in its own language; it returns at most 10 hits
// (with their questions), of which the first `limit` count.
const ours = (element) => (q, limit) => element.search(q).slice(0, limit).map((h) => h.id);

function quality(search) {
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

function typingQueries() {
  const typing = [];
  for (const w of ["Heizkostenabrechnung", "Passwort ändern", "Kundenportal"]) {
    for (let i = 1; i <= w.length; i++) typing.push({ query: w.slice(0, i), lang: "de" });
  }
  return [...set.queries, ...typing];
}

function queryTimes(search, rounds) {
  const queries = typingQueries();
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

let set;

// The widget has its feed once `search` finds `word` (this builds its index).
function waitSearchable(element, word) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    (function check() {
      if (element._widget && element.search(word).length > 0) return resolve();
      if (performance.now() - started > 60000) return reject(new Error(`${element.id} did not load its feed`));
      setTimeout(check, 20);
    })();
  });
}

window.runSearchBench = async function (options) {
  const rounds = options.rounds ?? 5;
  const fuseRounds = options.fuseRounds ?? rounds;
  set = await getJson("/feeds/search-queries.json");
  const feed = await getJson("/feeds/cyberangriff.json");
  const corpus = await getJson("/feeds/search-corpus.json");
  const el = (id) => document.getElementById(id);
  await waitSearchable(el("small-de"), "Passwort");
  await waitSearchable(el("small-en"), "password");
  // Both corpus widgets share one feed source: once the English one has the
  // feed, so has the German one, whose index is not built yet.
  await waitSearchable(el("large-en"), "appointment");
  const result = { crossOriginIsolated: self.crossOriginIsolated, corpusEntries: corpus.faq.length, engines: {} };

  // Ours: the first call of element.search builds the index (timed on its
  // own: build + one query, on the German corpus widget).
  const t = performance.now();
  result.firstCallHits = el("large-de").search("Heizkostenabrechnung").length;
  const ourBuild = performance.now() - t;
  const oursSmall = { de: ours(el("small-de")), en: ours(el("small-en")) };
  const oursLarge = { de: ours(el("large-de")), en: ours(el("large-en")) };
  result.engines.ours = {
    quality: quality(oursSmall),
    build: { corpus: [ourBuild] },
    small: queryTimes(oursSmall, rounds),
    corpus: queryTimes(oursLarge, rounds),
  };

  for (const [name, make] of Object.entries(engines)) {
    const q = quality({ de: make(docs(feed, "de")), en: make(docs(feed, "en")) });
    const builds = [];
    let de;
    for (let r = 0; r < 5; r++) {
      const t = performance.now();
      de = make(docs(corpus, "de"));
      builds.push(performance.now() - t);
    }
    const large = { de, en: make(docs(corpus, "en")) };
    const small = { de: make(docs(feed, "de")), en: make(docs(feed, "en")) };
    // Fuse.js takes a tenth of a second and more per query on the corpus:
    // fewer rounds (options.fuseRounds; 0 skips its corpus queries).
    const r = name === "Fuse.js" ? fuseRounds : rounds;
    result.engines[name] = { quality: q, build: { corpus: builds }, small: queryTimes(small, rounds), corpus: queryTimes(large, r) };
  }
  return result;
};
window.searchBenchReady = true;
