//! Keeping the widget useful when the network, the feed origin or the feed
//! itself fails: when to poll, which fetched feed may replace the shown one,
//! which responses are failures, and the last good copy kept in
//! `localStorage`.
//!
//! Everything here is pure logic with injected time and randomness, so it
//! runs natively in tests (including a 10,000-client simulation in
//! `tests/polling_simulation.rs`) and unchanged in the widget's wasm, where
//! the browser glue supplies `Date.now()`, a seed from `crypto`/`Math.random`,
//! the fetch results and `localStorage`.
//!
//! One round of the browser loop, sketched:
//!
//! ```
//! use incident_feed::resilience::{accept, fetch_rules, poll::{Poller, PollPolicy}, Rng, Verdict};
//! let mut rng = Rng::new(42);
//! let mut poller = Poller::new(PollPolicy::default(), 0, &mut rng);
//! let wait = poller.next_delay_ms(0).unwrap(); // setTimeout(wait)
//! # let body = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/feeds/all-clear.json")).unwrap();
//! // … fetch with If-None-Match, then:
//! let now = wait;
//! poller.on_request_sent(now);
//! let result = fetch_rules::classify(200, Some("application/json"), body.as_bytes())
//!     .and_then(|()| accept(None, &body));
//! match result {
//!     Ok(Verdict::Replace { feed, new_update_ids }) => {
//!         poller.set_feed_refresh_seconds(feed.refresh_seconds);
//!         poller.on_success(now, &mut rng);
//!         assert!(new_update_ids.is_empty()); // nothing is "new" on first sight
//!     }
//!     Ok(Verdict::Unchanged) => poller.on_success(now, &mut rng),
//!     Err(failure) => poller.on_error(now, &mut rng, &failure, None),
//! }
//! assert!(poller.next_delay_ms(now).unwrap() >= 240_000);
//! ```

pub mod accept;
pub mod cache;
pub mod fetch_rules;
pub mod poll;
pub mod retry_after;
pub mod rng;

pub use accept::{accept, accept_feed, new_update_ids, Verdict};
pub use cache::CachedFeed;
pub use fetch_rules::FetchFailure;
pub use poll::{PollPolicy, Poller};
pub use retry_after::RetryAfter;
pub use rng::Rng;
