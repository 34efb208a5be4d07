//! The demo page's entry point: fetches the bundled example feed and mounts the widget.

use incident_status::components::Timeline;
use leptos::prelude::*;

fn main() {
    console_error_panic_hook::set_once();
    leptos::task::spawn_local(async {
        let feed = match gloo_net::http::Request::get("examples/feeds/cyberangriff.json").send().await {
            Ok(r) => r.text().await.ok().and_then(|t| incident_feed::parse_feed(&t).ok()),
            Err(_) => None,
        };
        if let Some(feed) = feed {
            mount_to_body(move || view! { <Timeline feed=feed lang="de"/> });
        }
    });
}
