// incident-status embed loader.
//
// `cargo xtask dist` appends this file to the wasm-bindgen glue, so that the
// one `incident-status.js` a page loads (and can pin with SRI) holds both.
// It runs in the glue's module scope: `__wbg_init` and the exported
// `IncidentStatusElement` class and `setBundleUrl` are the glue's own bindings.
//
// What it does, and why here rather than in Rust: a custom element must be a
// JavaScript class extending HTMLElement, and the wasm must be fetched (with
// its integrity checked) before any Rust runs. Everything else is Rust.

const BASE = new URL("./", import.meta.url);
const WASM_FILE = "incident-status_bg.wasm";
const CSS_FILE = "incident-status.css";
const ELEMENT = "incident-status";
// The element's attributes, as in the table in src/attributes.rs (`cargo test
// -p xtask` checks that these lists agree with it). OBSERVED are live: a change
// reaches the widget at once. LOADER_ONLY are read here, once, before the wasm
// loads. A script tag's `data-<name>` becomes the element's `<name>`.
const OBSERVED = ["feed", "lang", "mode", "theme", "refresh", "quiet", "service", "fallback-phone", "fallback-link", "public-key", "mirrors", "unsigned-mirrors", "format"];
const LOADER_ONLY = ["integrity", "bundle-fallback"];

// The sha384 of the wasm and of the stylesheet this loader was built with,
// written in by `cargo xtask bundle-loader` (xtask/src/bundle.rs) once both
// files are final. Every fetch of them carries it, from this loader's own
// origin or from `bundle-fallback`: a copy can only be the same bytes, and a
// wasm or stylesheet out of step with this loader (a half-done deploy, a
// mirror left behind, a tampered file) is refused by the browser. They do
// not protect against a changed loader: only the script tag's `integrity`
// pins this file, and with it these hashes.
const BUILT_INTEGRITY = { wasm: "@WASM_INTEGRITY@", css: "@CSS_INTEGRITY@" };
const builtIntegrity = (kind) => (BUILT_INTEGRITY[kind].startsWith("sha384-") ? BUILT_INTEGRITY[kind] : null);

let wasmReady = null;

// One wasm instance per page, whatever number of widgets and script tags:
// from this loader's origin, else from the fallback base (the same bytes).
// fetch() checks SRI itself: a tampered file is refused before a byte of it
// runs. The embedder's `integrity`, when given, is checked instead of the
// built-in hash, on both places. With this loader genuine it says the same;
// what it adds is the embedder's own pin, written in their page: if the CDN
// puts a newer release in place of this one, that release's loader (which
// reads the attribute as this one does) refuses its own wasm, and the page
// keeps its fallback rather than run a wasm the embedder has not pinned. A
// page that pins the loader with SRI gains nothing more from it.
function loadWasm(integrity, fallback) {
  if (!wasmReady) {
    const pinned = integrity || builtIntegrity("wasm");
    const primary = new URL(WASM_FILE, BASE);
    wasmReady = fetchWasm(primary, pinned)
      .catch((first) => {
        if (!fallback) throw first;
        return fetchWasm(new URL(WASM_FILE, fallback), pinned).catch((second) => {
          throw new Error(`${first.message}; fallback ${second.message}`);
        });
      })
      .then(({ url, response }) =>
        __wbg_init({ module_or_path: response }).then((exports) => {
          // The FAQ search is a module of its own that the widget loads after
          // its first paint, from next to its wasm (its hash is baked into the
          // wasm): from the fallback too, if that is where the wasm came from.
          setBundleUrl(url.href);
          return exports;
        })
      );
  }
  return wasmReady;
}

function fetchWasm(url, integrity) {
  const options = { credentials: "omit", mode: "cors" };
  if (integrity) options.integrity = integrity;
  return fetch(url, options).then(
    (response) => {
      if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
      return { url, response };
    },
    // A network error, CORS, or a body that failed the integrity check.
    (error) => {
      throw new Error(`${url}: ${error && error.message ? error.message : error}`);
    }
  );
}

// The base URL of the embedder's copy of the bundle's folder: absolute
// http(s) (a missing final slash is added), else none.
function bundleFallback(host) {
  const marked = host.getAttribute("bundle-fallback") ? host : document.querySelector(`${ELEMENT}[bundle-fallback], script[data-bundle-fallback]`);
  const raw = marked && (marked.getAttribute("bundle-fallback") || marked.getAttribute("data-bundle-fallback"));
  const base = raw && raw.trim();
  if (!base) return null;
  try {
    const url = new URL(base.endsWith("/") ? base : `${base}/`);
    return url.protocol === "https:" || url.protocol === "http:" ? url : null;
  } catch {
    return null;
  }
}

// The one detail shape of incident-status:error, the same the wasm sends
// (incident_feed::client::ErrorDetail); codes from its ERROR_CODES.
function report(host, code, url, message) {
  const detail = { code, status: null, url, showingLastGoodCopy: false, message };
  host.dispatchEvent(new CustomEvent("incident-status:error", { bubbles: true, composed: true, detail }));
}

function pageIntegrity() {
  const marked = document.querySelector(`${ELEMENT}[integrity], script[data-integrity]`);
  return marked ? marked.getAttribute("integrity") || marked.getAttribute("data-integrity") : null;
}

// The host's own box, applied the moment the element upgrades: the
// stylesheet (which has the same rules) loads later, and until then a
// compact banner's reserved height must already hold, or the page below it
// moves (a layout shift). A constructed sheet is CSSOM, which a strict CSP
// without 'unsafe-inline' allows. Shared by every widget of the page.
let hostSheet = null;
function adoptHostStyles(root) {
  if (!("adoptedStyleSheets" in root) || typeof CSSStyleSheet !== "function") return;
  if (!hostSheet) {
    hostSheet = new CSSStyleSheet();
    hostSheet.replaceSync(':host { display: block; } :host([hidden]) { display: none; } :host([mode="compact"]) { min-height: var(--incident-status-compact-min-height, 8.25rem); }');
  }
  root.adoptedStyleSheets = [hostSheet];
}

class IncidentStatusHost extends HTMLElement {
  static get observedAttributes() {
    return OBSERVED;
  }

  connectedCallback() {
    if (this._widget || this._starting) return;
    const root = this.shadowRoot || this.attachShadow({ mode: "open" });
    if (!root.firstChild) {
      // The element's own children are the fallback, shown through the slot
      // until the widget has rendered, and again if it cannot load.
      const slot = document.createElement("slot");
      const link = document.createElement("link");
      link.rel = "stylesheet";
      // Checked like the wasm, so CORS: the bundle's host sends
      // Access-Control-Allow-Origin (the wasm's fetch needs it anyway).
      const integrity = builtIntegrity("css");
      if (integrity) {
        link.integrity = integrity;
        link.crossOrigin = "anonymous";
      }
      link.href = new URL(CSS_FILE, BASE).href;
      const container = document.createElement("div");
      container.className = "is-host";
      adoptHostStyles(root);
      root.append(link, slot, container);
      const fallback = bundleFallback(this);
      this._cssLoaded = new Promise((resolve) => {
        link.addEventListener("load", resolve);
        link.addEventListener("error", () => {
          // Not found, unreachable or not these bytes: the fallback's copy,
          // once; if that fails too the widget renders unstyled rather than not at all.
          const other = fallback && new URL(CSS_FILE, fallback).href;
          if (other && link.href !== other) link.href = other;
          else resolve();
        });
        setTimeout(resolve, 3000);
      });
    }
    this._starting = true;
    const integrity = this.getAttribute("integrity") || pageIntegrity();
    Promise.all([loadWasm(integrity, bundleFallback(this)), this._cssLoaded])
      .then(() => {
        this._starting = false;
        if (!this.isConnected || this._widget) return;
        const container = this.shadowRoot.querySelector(".is-host");
        this._widget = new IncidentStatusElement(this, container);
        this.shadowRoot.querySelector("slot").hidden = true;
      })
      .catch((error) => {
        this._starting = false;
        this.shadowRoot.querySelector("slot").hidden = false;
        report(this, "bundle-unavailable", new URL(WASM_FILE, BASE).href, String(error && error.message ? error.message : error));
      });
  }

  disconnectedCallback() {
    // Removing the element stops its timers and requests.
    if (this._widget) {
      this._widget.free();
      this._widget = null;
    }
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (this._widget && oldValue !== newValue) this._widget.attribute_changed(name);
  }

  /** Fetches the feed now, outside the polling schedule. */
  refresh() {
    if (this._widget) this._widget.refresh();
  }

  /** Searches the FAQ; returns `[{ id, score, question }]`, best first, or
   *  `[]` while the search still loads (the first call starts loading it). */
  search(query) {
    return this._widget ? this._widget.search(String(query ?? "")) : [];
  }
}

// Script tags: `<script type="module" src=".../incident-status.js" data-feed=…>`
// become an <incident-status> element where the script stands (or inside
// `data-target`). A module runs once per URL, so every matching tag is
// handled here, and again once the document is parsed.
function upgradeScriptTags() {
  for (const script of document.querySelectorAll("script[src]")) {
    if (script.src !== import.meta.url || !script.dataset.feed || script.dataset.incidentStatusDone) continue;
    script.dataset.incidentStatusDone = "1";
    const element = document.createElement(ELEMENT);
    for (const name of [...OBSERVED, ...LOADER_ONLY]) {
      const value = script.getAttribute(`data-${name}`);
      if (value !== null) element.setAttribute(name, value);
    }
    const target = script.dataset.target ? document.querySelector(script.dataset.target) : null;
    if (script.dataset.target && !target) {
      report(script, "target-not-found", script.dataset.feed || "", `data-target ${script.dataset.target} matches no element`);
      continue;
    }
    if (target) target.append(element);
    else script.after(element);
  }
}

if (!customElements.get(ELEMENT)) customElements.define(ELEMENT, IncidentStatusHost);
upgradeScriptTags();
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", upgradeScriptTags, { once: true });
