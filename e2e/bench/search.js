// Ours (the bundle's element.search), MiniSearch and Fuse.js on one page, with
// the configuration of bench/search/compare.mjs: both take the engines, the
// documents, the timed queries and the quality measures from
// bench/search/engines.mjs (served at that path by e2e/src/bin/bench.rs).
// `window.runSearchBench()` returns quality on the labelled query set and
// timings on the test feed and the synthetic corpus. Times in milliseconds
// (build) and microseconds (query).
import MiniSearch from "/node_modules/minisearch/dist/es/index.js";
import Fuse from "/node_modules/fuse.js/dist/fuse.mjs";
import { docs, makeEngines, quality, queryTimes } from "/bench/search/engines.mjs";

const getJson = (url) => fetch(url).then((r) => r.json());

const engines = makeEngines(MiniSearch, Fuse);

// Ours: the element answers in its own language; it returns at most 10 hits
// (with their questions), of which the first `limit` count.
const ours = (element) => (q, limit) => element.search(q).slice(0, limit).map((h) => h.id);

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
    quality: quality(set, oursSmall),
    build: { corpus: [ourBuild] },
    small: queryTimes(set, oursSmall, rounds),
    corpus: queryTimes(set, oursLarge, rounds),
  };

  for (const [name, make] of Object.entries(engines)) {
    const q = quality(set, { de: make(docs(feed, "de")), en: make(docs(feed, "en")) });
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
    result.engines[name] = { quality: q, build: { corpus: builds }, small: queryTimes(set, small, rounds), corpus: queryTimes(set, large, r) };
  }
  return result;
};
window.searchBenchReady = true;
