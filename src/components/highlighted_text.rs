use std::ops::Range;

use leptos::either::Either;
use leptos::prelude::*;

/// Splits `text` into runs, each marked or not, from byte ranges. Ranges that
/// are out of bounds, off a char boundary, empty or overlapping an earlier one
/// are skipped: a faulty range must never panic or garble the text.
pub fn segments<'a>(text: &'a str, ranges: &[Range<usize>]) -> Vec<(&'a str, bool)> {
    let mut out = Vec::new();
    let mut at = 0;
    let mut sorted: Vec<&Range<usize>> = ranges.iter().collect();
    incident_feed::order::sort_by_key(&mut sorted, |r| r.start);
    for r in sorted {
        if r.start < at || r.start >= r.end || text.get(r.clone()).is_none() {
            continue;
        }
        if r.start > at {
            out.push((&text[at..r.start], false));
        }
        out.push((&text[r.clone()], true));
        at = r.end;
    }
    if at < text.len() {
        out.push((&text[at..], false));
    }
    out
}

/// The paragraphs of a plain text: the one rule of the widget and the static page.
pub use incident_feed::texts::paragraphs;

/// Text with `<mark>`s, built as text nodes: the feed's text is never parsed
/// as HTML.
#[component]
pub fn HighlightedText(#[prop(into)] text: String, #[prop(optional)] ranges: Vec<Range<usize>>) -> impl IntoView {
    segments(&text, &ranges)
        .into_iter()
        .map(|(s, marked)| {
            let s = s.to_owned();
            if marked {
                Either::Left(view! { <mark class="is-mark">{s}</mark> })
            } else {
                Either::Right(s)
            }
        })
        .collect_view()
}

/// A plain text as paragraphs, with marks from byte ranges into the whole text.
#[component]
pub fn Paragraphs(#[prop(into)] text: String, #[prop(optional)] ranges: Vec<Range<usize>>) -> impl IntoView {
    paragraphs(&text)
        .into_iter()
        .map(|p| {
            let local: Vec<Range<usize>> = ranges.iter().filter(|r| r.start >= p.start && r.end <= p.end).map(|r| r.start - p.start..r.end - p.start).collect();
            let part = text[p].to_owned();
            view! { <p class="is-para" dir="auto"><HighlightedText text=part ranges=local/></p> }
        })
        .collect_view()
}
