// Benchmark probe, appended at the end of the <body> of the static page
// (`incident-feed render`): the first animation frame after the content was
// parsed is the frame that paints it. First contentful paint is recorded too.
(function () {
  const bench = (window.__bench = { painted: null, fcp: null });
  requestAnimationFrame(() => {
    bench.painted = performance.now();
  });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === "first-contentful-paint") bench.fcp = e.startTime;
  }).observe({ type: "paint", buffered: true });
})();
