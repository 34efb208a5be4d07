//! Sends the client's events to the page as DOM `CustomEvent`s that bubble
//! and cross the shadow boundary. The names, codes and the one error detail
//! shape are the core's (`incident_feed::client::event`); `src/loader.js`
//! builds the same shape for `bundle-unavailable`.

use incident_feed::client::{ClientEvent, ErrorDetail};
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement};

/// Dispatches `event` on `host`.
pub fn dispatch(host: &HtmlElement, event: &ClientEvent) {
    let detail = js_sys::Object::new();
    let set = |k: &str, v: JsValue| {
        let _ = js_sys::Reflect::set(&detail, &JsValue::from_str(k), &v);
    };
    match event {
        ClientEvent::Loaded { first, url } => {
            set("first", JsValue::from_bool(*first));
            set("url", JsValue::from_str(url));
        }
        ClientEvent::Update { id } => set("id", JsValue::from_str(id)),
        ClientEvent::Error(ErrorDetail { code, status, url, showing_last_good_copy, message }) => {
            set("code", JsValue::from_str(code));
            set("status", status.map(JsValue::from).unwrap_or(JsValue::NULL));
            set("url", JsValue::from_str(url));
            set("showingLastGoodCopy", JsValue::from_bool(*showing_last_good_copy));
            set("message", JsValue::from_str(message));
        }
        ClientEvent::Neutralised { items } => {
            let list = js_sys::Array::new();
            for (path, message) in items {
                let item = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&item, &JsValue::from_str("path"), &JsValue::from_str(path));
                let _ = js_sys::Reflect::set(&item, &JsValue::from_str("message"), &JsValue::from_str(message));
                list.push(&item);
            }
            set("items", list.into());
        }
    }
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    if let Ok(dom_event) = CustomEvent::new_with_event_init_dict(event.name(), &init) {
        let _ = host.dispatch_event(&dom_event);
    }
}
