//! The incident feed: its format (v1), validation, FAQ search, phone numbers
//! and dates. Pure Rust with no browser dependencies: the widget, the CLI and
//! the tests all run exactly this code.
//!
//! ```
//! let json = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/feeds/cyberangriff.json")).unwrap();
//! let feed = incident_feed::parse_feed(&json).expect("valid feed");
//! let index = incident_feed::search::SearchIndex::new(&feed);
//! let hits = index.search("passwort", "de", 5);
//! assert!(!hits.is_empty());
//! ```

#[cfg(feature = "cli")]
pub mod authoring;
pub mod datetime;
pub mod links;
pub mod model;
pub mod phone;
#[cfg(feature = "cli")]
pub mod render;
pub mod resilience;
pub mod search;
#[cfg(feature = "signing")]
pub mod signing;
pub mod statuspage;
pub mod syndication;
pub mod texts;
pub mod validate;

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
