// The demo's page layout (?page=portal or the corporate page), as a class on
// <html>, set before the body is parsed: this is a classic script in <head>,
// not a module (modules run after parsing, when the first paint may already
// show both layouts). demo.css then shows only the chosen one from the first
// paint, so that nothing is hidden, and nothing moves, afterwards.
document.documentElement.classList.add(new URLSearchParams(location.search).get("page") === "portal" ? "demo-page-portal" : "demo-page-corporate");
