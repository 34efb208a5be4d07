use std::sync::Arc;

use incident_feed::links::safe_href;
use incident_feed::texts::Lang;
use incident_feed::Feed;
use leptos::either::Either;
use leptos::prelude::*;

/// Social and web channels, each a link whose text is its accessible name
/// ("Mastodon", or the feed's label). An unsafe URL is shown as text only.
#[component]
pub fn ChannelList(feed: Arc<Feed>, lang: Lang) -> impl IntoView {
    if feed.channels.is_empty() {
        return None;
    }
    let t = lang.texts();
    let items = feed
        .channels
        .iter()
        .map(|c| {
            let name = c
                .label
                .as_ref()
                .map(|l| l.get(lang.code(), &feed.default_language).to_owned())
                .filter(|l| !l.trim().is_empty())
                .unwrap_or_else(|| t.channel_name(&c.kind));
            let kind: String = c.kind.chars().filter(|ch| ch.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
            let body = match safe_href(&c.url) {
                Ok(href) => Either::Left(view! { <a class="is-channel__link" href=href.to_owned() rel="noopener noreferrer" dir="auto">{name}</a> }),
                Err(_) => Either::Right(view! { <span class="is-channel__name" dir="auto">{name}</span> }),
            };
            view! { <li class=format!("is-channel is-channel--{kind}")>{body}</li> }
        })
        .collect_view();
    Some(view! {
        <section class="is-section is-channels">
            <h2 class="is-section__heading">{t.channels_heading}</h2>
            <ul class="is-channels__list">{items}</ul>
        </section>
    })
}
