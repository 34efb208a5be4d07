use incident_feed::model;
use incident_feed::texts::Lang;
use leptos::either::Either;
use leptos::prelude::*;

use super::TimelineUpdate;
use crate::browser;
use crate::open_state::OpenState;

/// An incident's older updates: until shown, a "show older" button with
/// their count and their titles as plain text, hidden `until-found` so that
/// find-in-page still reaches them (and shows them, `beforematch`); shown,
/// the updates themselves.
///
/// The titles alone are a text node each, where a rendered update is a
/// dozen elements with reactive attributes: that is what keeps a long
/// timeline's first render short.
#[component]
pub fn OlderUpdates(
    #[prop(into)] incident: String,
    updates: Vec<model::Update>,
    #[prop(into)] default_language: String,
    lang: Lang,
    state: OpenState,
    /// Incidents whose older updates are shown (the timeline's).
    shown: RwSignal<Vec<String>>,
) -> impl IntoView {
    let t = lang.texts();
    let code = lang.code();
    let wrapper: NodeRef<leptos::html::Div> = NodeRef::new();
    let list_id = format!("older-{incident}");
    let is_shown = {
        let incident = incident.clone();
        Memo::new(move |_| shown.with(|s| s.contains(&incident)))
    };
    let show = move || {
        if !is_shown.get_untracked() {
            shown.update(|s| {
                s.push(incident.clone());
            });
        }
    };
    // The button goes once pressed; focus moves to the first update it showed.
    let show_and_focus = {
        let show = show.clone();
        move |_| {
            show();
            browser::focus_first_toggle_after_render(wrapper);
        }
    };
    let count = updates.len();
    let body = move || {
        if is_shown.get() {
            let list = updates
                .iter()
                .cloned()
                .map(|u| view! { <TimelineUpdate update=u default_language=default_language.clone() lang=lang state=state/> })
                .collect_view();
            Either::Left(view! { <ol class="is-updates is-updates--older" id=list_id.clone()>{list}</ol> })
        } else {
            let titles = updates
                .iter()
                .map(|u| {
                    let when = browser::short_date_time_of(&u.at, lang);
                    let title = u.title.as_ref().unwrap_or(&u.body).get(code, &default_language);
                    let first_line = title.lines().next().unwrap_or_default();
                    // The title apart from the date, so that its direction cannot move the date.
                    view! { <li class="is-update-preview">{format!("{when} · ")}<bdi>{first_line.to_owned()}</bdi></li> }
                })
                .collect_view();
            let show = show.clone();
            Either::Right(view! {
                <button type="button" class="is-show-older" aria-controls=list_id.clone() on:click=show_and_focus.clone()>
                    {t.show_older(count)}
                </button>
                <ol class="is-updates is-updates--older" id=list_id.clone() hidden="until-found" on:beforematch=move |_: web_sys::Event| show()>
                    {titles}
                </ol>
            })
        }
    };
    view! { <div class="is-older" node_ref=wrapper>{body}</div> }
}
