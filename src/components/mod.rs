//! One component per file, named after what the reader sees.

mod advice_list;
mod channel_list;
mod compact_banner;
mod contact_list;
mod disclosure;
mod faq_entry;
mod faq_search;
mod highlighted_text;
mod hotline_buttons;
mod matching_contacts;
mod more_not_shown;
mod next_update_line;
mod notice_bar;
mod older_updates;
mod question_list;
mod service_list;
mod state_icon;
mod status_header;
mod timeline;
mod timeline_incident;
mod timeline_update;
mod widget;

pub use advice_list::AdviceList;
pub use channel_list::ChannelList;
pub use compact_banner::CompactBanner;
pub use contact_list::{ContactList, PhoneNumber};
pub use disclosure::{disclosure_button, disclosure_panel, disclosure_panel_built_when_open};
pub use faq_entry::FaqEntry;
pub use faq_search::FaqSearch;
pub use highlighted_text::{paragraphs, segments, HighlightedText, Paragraphs};
pub use hotline_buttons::HotlineButtons;
pub use matching_contacts::{MatchingContacts, CONTACT_HITS};
pub use more_not_shown::MoreNotShown;
pub use next_update_line::{next_update_said, NextUpdateLine};
pub use notice_bar::NoticeBar;
pub use older_updates::OlderUpdates;
pub use question_list::QuestionList;
pub use service_list::ServiceList;
pub use state_icon::{Icon, StateIcon};
pub use status_header::StatusHeader;
pub use timeline::Timeline;
pub use timeline_incident::TimelineIncident;
pub use timeline_update::TimelineUpdate;
pub use widget::IncidentStatus;

/// Update ids that arrived while the page was open (provided by the widget's root).
#[derive(Clone, Copy)]
pub struct NewUpdates(pub leptos::prelude::Signal<Vec<String>>);
