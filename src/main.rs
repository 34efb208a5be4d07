//! The demo page's entry point: picks the mock page, the feed, language,
//! mode and theme from the mount element's data attributes and the query
//! string, loads the feed, and mounts the widget.
//!
//! Query parameters (all optional): `page=portal`, `feed=<name of a file in
//! examples/feeds>`, `lang=de|en`, `mode=full|compact`, `theme=auto|light|dark`.

use std::sync::Arc;

use incident_status::{mount_widget, Feed, Mode, Notice, Theme, WidgetOptions};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Why a feed could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    /// No response at all (offline, DNS, CORS, connection refused).
    Network(String),
    /// A response, but not 2xx.
    Status(u16),
    /// A response that is not a valid feed.
    Invalid(String),
}

impl LoadError {
    fn notice(&self) -> Notice {
        match self {
            LoadError::Network(_) | LoadError::Status(_) => Notice::Unreachable,
            LoadError::Invalid(_) => Notice::Broken,
        }
    }
}

/// Fetches and validates one feed. The only place the demo touches the
/// network, so that a resilient fetcher can replace it wholesale.
pub async fn load_feed(url: &str) -> Result<Feed, LoadError> {
    let response = gloo_net::http::Request::get(url).send().await.map_err(|e| LoadError::Network(e.to_string()))?;
    if !response.ok() {
        return Err(LoadError::Status(response.status()));
    }
    let text = response.text().await.map_err(|e| LoadError::Network(e.to_string()))?;
    incident_feed::parse_feed(&text).map_err(|e| LoadError::Invalid(format!("{e:?}")))
}

fn query_params() -> Vec<(String, String)> {
    let search = window().location().search().unwrap_or_default();
    search
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            let decode = |s: &str| {
                js_sys::decode_uri_component(&s.replace('+', " ")).ok().and_then(|v| v.as_string()).unwrap_or_default()
            };
            (decode(k), decode(v))
        })
        .collect()
}

fn param<'a>(params: &'a [(String, String)], key: &str) -> Option<&'a str> {
    params.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_str()).filter(|v| !v.is_empty())
}

/// Points the demo's switcher links at the current URL with one parameter
/// changed, so that switching the language keeps the chosen feed.
fn wire_switcher(params: &[(String, String)]) {
    let Ok(links) = document().query_selector_all("a[data-demo-param]") else { return };
    for i in 0..links.length() {
        let Some(a) = links.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) else { continue };
        let (Some(key), Some(value)) = (a.get_attribute("data-demo-param"), a.get_attribute("data-demo-value")) else {
            continue;
        };
        let mut merged: Vec<(String, String)> = params.iter().filter(|(k, _)| *k != key).cloned().collect();
        if !value.is_empty() {
            merged.push((key.clone(), value.clone()));
        }
        let query: Vec<String> = merged
            .iter()
            .map(|(k, v)| format!("{}={}", js_sys::encode_uri_component(k), js_sys::encode_uri_component(v)))
            .collect();
        let _ = a.set_attribute("href", &format!("?{}", query.join("&")));
        let current = param(params, &key).unwrap_or("") == value;
        if current {
            let _ = a.set_attribute("aria-current", "true");
        }
    }
}

fn main() {
    console_error_panic_hook::set_once();
    let params = query_params();
    let page = if param(&params, "page") == Some("portal") { "portal" } else { "corporate" };
    if let Some(body) = document().body() {
        let _ = body.class_list().add_1(&format!("demo-page-{page}"));
    }
    wire_switcher(&params);

    let selector = format!("[data-incident-status][data-demo-page=\"{page}\"]");
    let Some(el) = document().query_selector(&selector).ok().flatten().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    let data = |name: &str| el.get_attribute(&format!("data-{name}")).filter(|v| !v.is_empty());
    let feed_url = match param(&params, "feed") {
        // Only example names: a query parameter must not point the demo anywhere else.
        Some(name) if name.chars().all(|c| c.is_ascii_lowercase() || c == '-') => format!("examples/feeds/{name}.json"),
        _ => data("feed").unwrap_or_else(|| "examples/feeds/cyberangriff.json".into()),
    };
    let options = WidgetOptions {
        mode: param(&params, "mode").or(data("mode").as_deref()).and_then(Mode::from_attr).unwrap_or_default(),
        lang: param(&params, "lang").map(str::to_owned).or_else(|| data("lang")),
        theme: param(&params, "theme").or(data("theme").as_deref()).and_then(Theme::from_attr).unwrap_or_default(),
        quiet_when_normal: data("quiet-when-normal").as_deref() != Some("false"),
        instance_id: data("instance-id").unwrap_or_default(),
        fallback_phone: data("fallback-phone"),
        fallback_link: data("fallback-link"),
    };

    let feed = RwSignal::new(None::<Arc<Feed>>);
    let notice = RwSignal::new(None::<Notice>);
    let handle = mount_widget(el, feed.into(), notice.into(), Signal::stored(options));
    // The demo widget lives as long as the page.
    std::mem::forget(handle);

    leptos::task::spawn_local(async move {
        match load_feed(&feed_url).await {
            Ok(f) => feed.set(Some(Arc::new(f))),
            Err(e) => {
                leptos::logging::warn!("incident-status demo: {feed_url}: {e:?}");
                notice.set(Some(e.notice()));
            }
        }
    });
}
