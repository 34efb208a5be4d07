//! The incident feed: its format (v1), validation, the Statuspage reader,
//! phone numbers, dates, links, texts, signatures and the resilience rules.
//! Pure Rust with no browser dependencies and no file system: the widget,
//! the CLI and the tests all run exactly this code. The FAQ search is the
//! `incident-search` crate, the static page, subscriptions and feed edits
//! `incident-publish`, the command-line tool `incident-feed-cli`.
//!
//! ```
//! let json = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/feeds/cyberangriff.json")).unwrap();
//! let feed = incident_feed::parse_feed(&json).expect("valid feed");
//! assert!(incident_feed::validate::check_feed(&feed).is_empty());
//! assert!(!feed.faq.is_empty());
//! ```

pub mod client;
pub mod datetime;
mod lenient;
pub mod links;
pub mod model;
pub mod order;
pub mod phone;
pub mod promise;
pub mod resilience;
pub mod search_wire;
pub mod signing;
pub mod statuspage;
pub mod texts;
pub mod validate;
pub mod words;

pub use model::Feed;
pub use validate::{parse_feed, Problem, ProblemKind, Problems};

/// The JSON Schema of the feed format, generated from the Rust types.
#[cfg(feature = "schema")]
pub fn json_schema() -> serde_json::Value {
    let mut schema = serde_json::to_value(schemars::schema_for!(model::Feed)).expect("schema serialises");
    if let Some(object) = schema.as_object_mut() {
        object.insert("$id".into(), "https://incident-status.example/schema/incident-feed.v1.json".into());
    }
    schema
}
