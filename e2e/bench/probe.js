// Benchmark probe, loaded first in the <head> of every widget page: records
// (performance.now(), milliseconds since navigation start) the first
// animation frame in which the widget's header exists in its shadow root,
// i.e. the frame that paints it.
(function () {
  const bench = (window.__bench = { painted: null, found: null });
  const selector = ".is-root .is-header, .is-root .is-compact";
  function check() {
    const host = document.querySelector("incident-status");
    const root = host && host.shadowRoot;
    if (root && root.querySelector(selector)) {
      bench.painted = performance.now();
      return;
    }
    requestAnimationFrame(check);
  }
  requestAnimationFrame(check);
})();
