// The demo pages' switcher (page, feed, language, theme). Not part of the
// widget: it only sets the attributes an embedder would write by hand. It is
// a module placed before incident-status.js (modules run in document order),
// so the widget upgrades with its final attributes; the layout itself was
// chosen before the first paint by demo-page.js.
const params = new URLSearchParams(location.search);
const page = params.get("page") === "portal" ? "portal" : "corporate";

for (const link of document.querySelectorAll("a[data-demo-param]")) {
  const key = link.dataset.demoParam;
  const value = link.dataset.demoValue;
  const merged = new URLSearchParams(params);
  if (value) merged.set(key, value);
  else merged.delete(key);
  link.href = `?${merged}`;
  if ((params.get(key) || "") === value) link.setAttribute("aria-current", "true");
}

const widget = document.querySelector(`incident-status[data-demo-page="${page}"]`);
if (widget) {
  const feed = params.get("feed");
  if (feed && /^[a-z-]+$/.test(feed)) widget.setAttribute("feed", `examples/feeds/${feed}.json`);
  for (const name of ["lang", "theme", "mode"]) {
    const value = params.get(name);
    if (value) widget.setAttribute(name, value);
  }
}
// Only the chosen page's widget runs: the other one would poll for nothing.
const other = document.querySelector(`incident-status:not([data-demo-page="${page}"])`);
if (other) other.remove();
