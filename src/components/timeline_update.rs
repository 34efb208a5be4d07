use incident_feed::model::Update;
use incident_feed::texts::Lang;
use leptos::prelude::*;

use super::{disclosure_button, disclosure_panel, Paragraphs};
use crate::browser;
use crate::open_state::OpenState;

/// One dated update as an APG accordion item: a real `<button>` (so Enter
/// and Space work natively) and its panel, see [`DisclosureButton`].
#[component]
pub fn TimelineUpdate(update: Update, #[prop(into)] default_language: String, lang: Lang, state: OpenState) -> impl IntoView {
    let t = lang.texts();
    let code = lang.code();
    let when = browser::short_date_time_of(&update.at, lang);
    let datetime = update.at.parse().map(|_| update.at.as_str().to_owned());
    // An update whose id the reader replaced has no deep link (`is_linkable_id`).
    let linkable = incident_feed::model::is_linkable_id(&update.id);
    let title = update.title.as_ref().map(|x| x.get(code, &default_language).to_owned()).filter(|x| !x.is_empty());
    let body = update.body.get(code, &default_language).to_owned();
    let anchor = format!("update-{}", update.id);
    let panel_id = format!("{anchor}-panel");
    let permalink = format!("#{anchor}");
    let id = update.id.clone();
    let is_new = {
        let id = update.id.clone();
        let arrived = use_context::<super::NewUpdates>();
        Signal::derive(move || arrived.is_some_and(|a| a.0.with(|ids| ids.contains(&id))))
    };
    view! {
        <li class=move || if is_new.get() { "is-update is-update--new" } else { "is-update" } id=linkable.then_some(anchor)>
            <h4 class="is-update__heading">
                {disclosure_button(state, id.clone(), panel_id.clone(), view! {
                    <span class="is-update__meta">
                        <time class="is-update__time" datetime=datetime>{when}</time>
                        " "
                        <span class=format!("is-badge is-badge--{}", update.status.as_str())>{t.incident_status(update.status)}</span>
                        {move || is_new.get().then(|| view! { " " <span class="is-badge is-badge--new">{t.new_badge}</span> })}
                    </span>
                    {title.map(|x| view! { <span class="is-update__title" dir="auto">{x}</span> })}
                })}
            </h4>
            {disclosure_panel(state, id, panel_id, view! {
                <Paragraphs text=body/>
                {linkable.then(|| view! { <a class="is-permalink" href=permalink>{t.link_to_update}</a> })}
            })}
        </li>
    }
}
