//! The incident-status widget: renders an incident feed with Leptos.
//!
//! Everything that decides *what* to show (the feed model, validation,
//! search, phone numbers, dates) lives in the `incident-feed` crate; this
//! crate renders it and wires the browser.

pub mod components;

pub use incident_feed::Feed;
