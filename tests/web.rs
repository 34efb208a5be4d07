//! Browser tests, run by wasm-bindgen-test-runner in headless Chromium.
#![cfg(target_arch = "wasm32")]

use incident_status::components::Timeline;
use leptos::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const FEED: &str = include_str!("../examples/feeds/cyberangriff.json");

fn container() -> web_sys::HtmlElement {
    let document = document();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    wasm_bindgen::JsCast::unchecked_into(div)
}

#[wasm_bindgen_test]
fn timeline_renders_every_update_newest_open() {
    let feed = incident_feed::parse_feed(FEED).unwrap();
    let parent = container();
    let _handle = mount_to(parent.clone(), move || view! { <Timeline feed=feed lang="de"/> });
    let updates = parent.query_selector_all(".is-update").unwrap();
    assert_eq!(updates.length(), 3);
    let first = parent.query_selector(".is-update").unwrap().unwrap();
    assert_eq!(first.id(), "update-2026-11-10-telefon-zurueck");
    let open = parent.query_selector_all(".is-update details[open]").unwrap();
    assert_eq!(open.length(), 1, "only the newest update is open");
    assert!(parent.text_content().unwrap().contains("Servicenummern funktionieren wieder"));
}
