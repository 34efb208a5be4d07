//! The feed client without I/O: every decision a widget makes about its
//! feed, as plain code the widget drives and native tests exercise.
//!
//! The client decides which feed to show (the last good copy, a fresh one, or
//! none), which notice the reader gets, which events the page gets with
//! which detail, what is kept in storage, and when to poll next. The widget
//! (`src/feed_source.rs`) only performs what it is told: it fetches, reads
//! and writes `localStorage`, sets timers, listens to the browser and, for a
//! signed feed, has WebCrypto compute the signature equation
//! ([`verify::VerifyRequest`]).
//!
//! One round, driven by hand as the browser glue does it:
//!
//! ```
//! use incident_feed::client::{ClientConfig, FeedClient, FeedResponse};
//! let body = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/feeds/all-clear.json")).unwrap();
//! let mut client = FeedClient::new(ClientConfig::new("https://status.example.com/feed.json"), None, 0, 0.5);
//! let restored = client.restore(None); // localStorage.getItem(client.storage_key())
//! assert!(restored.show.is_none());
//!
//! let request = client.start_poll(10).expect("nothing in flight"); // fetch(request.url, request.headers)
//! assert!(request.headers.is_empty()); // nothing shown yet: unconditional
//! let effects = client.on_feed_response(60, FeedResponse::Body { text: body, etag: Some("\"v1\"".into()), last_modified: None });
//! assert!(effects.show.is_some());
//! assert!(effects.store.is_some()); // the last good copy to keep
//! assert_eq!(effects.events[0].name(), "incident-status:loaded");
//!
//! let next = client.start_poll(client.next_delay_ms(60).unwrap()).unwrap();
//! assert_eq!(next.headers, vec![("If-None-Match", "\"v1\"".to_owned())]);
//! let effects = client.on_feed_response(400_000, FeedResponse::NotModified);
//! assert!(effects.show.is_none() && effects.events.is_empty());
//! ```

pub mod config;
pub mod decode;
pub mod event;
pub mod notice;
#[cfg(test)]
mod tests;
pub mod verify;

use std::sync::Arc;

pub use config::{ClientConfig, FeedFormat};
pub use event::{ClientEvent, ErrorDetail};
pub use notice::Notice;
pub use verify::{VerifyOutcome, VerifyRequest};

use crate::model::Feed;
use crate::resilience::cache::{cache_key, CachedFeed};
use crate::resilience::{accept_feed, FetchFailure, PollPolicy, Poller, RetryAfter, Rng, Verdict};

/// The request the driver sends: a `GET` of `url` with these headers (and
/// the safeguards of `crate::resilience::fetch_rules`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedRequest {
    pub url: String,
    /// Conditional headers from the copy shown (`If-None-Match`,
    /// `If-Modified-Since`); empty when nothing is shown.
    pub headers: Vec<(&'static str, String)>,
}

/// What came back for a [`FeedRequest`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FeedResponse {
    /// 304: what is shown is still current.
    NotModified,
    /// A body that passed the transport checks (status, size, not HTML).
    Body { text: String, etag: Option<String>, last_modified: Option<String> },
    /// No usable answer, with the server's `Retry-After` if it sent one.
    Failed { failure: FetchFailure, retry_after: Option<RetryAfter> },
}

/// A change to `localStorage` the driver makes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageWrite {
    /// Keep `value` under `key`: the new last good copy.
    Put { key: String, value: String },
    /// Remove `key`: the stored copy is unusable, or older than what is shown
    /// and the new one does not fit.
    Remove { key: String },
}

/// What the driver does after a step, in this order: storage, screen,
/// events, then the next fetch or timer.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Effects {
    /// Show this feed (a new one; `None`: keep what is shown).
    pub show: Option<Arc<Feed>>,
    /// Set the notice to this (`None`: leave it as it is).
    pub notice: Option<Option<Notice>>,
    /// Updates that arrived while the page was open: mark and announce them.
    pub new_update_ids: Vec<String>,
    /// Events for the page, in order.
    pub events: Vec<ClientEvent>,
    /// A write to `localStorage`.
    pub store: Option<StorageWrite>,
    /// Fetch this detached signature next and hand it to
    /// [`FeedClient::on_signature`] (`None` if it cannot be had).
    pub fetch_signature: Option<String>,
    /// Verify this signature and hand the outcome to
    /// [`FeedClient::on_verified`]. Other steps may come first: the answer
    /// is matched by its id.
    pub verify: Option<VerifyRequest>,
    /// Send this request now, without waiting, and hand its answer to
    /// [`FeedClient::on_feed_response`]: the place asked failed, and the
    /// next mirror is tried at once (failover needs no backoff: it is a
    /// different server).
    pub fetch: Option<FeedRequest>,
}

/// A body waiting for its signature, then for its verification.
#[derive(Clone, Debug)]
struct Pending {
    feed: Feed,
    text: String,
    etag: Option<String>,
    last_modified: Option<String>,
    /// The signature text, once read: kept with the copy.
    signature: Option<String>,
}

#[derive(Clone, Debug)]
enum InFlight {
    Idle,
    Feed,
    Signature(Box<Pending>),
    Verifying { id: u64, pending: Box<Pending>, check: Box<Checking> },
}

/// A signature file being verified line by line: the feed is good if any
/// line signs it (during a publish the file holds the new and the previous
/// feed's signatures).
#[derive(Clone, Debug)]
struct Checking {
    check: decode::SignatureCheck,
    /// The line being verified.
    line: usize,
}

impl Checking {
    /// Moves on to the next line of the file; `false` when none is left.
    fn next_line(&mut self) -> bool {
        let more = self.line + 1 < self.check.signatures.len();
        self.line += usize::from(more);
        more
    }
}

/// A stored copy whose signature is being verified.
#[derive(Clone, Debug)]
struct Restoring {
    id: u64,
    record: CachedFeed,
    feed: Feed,
    check: Checking,
}

/// The state of one feed source on one page.
#[derive(Clone, Debug)]
pub struct FeedClient {
    config: ClientConfig,
    shown: Option<Arc<Feed>>,
    cached: Option<CachedFeed>,
    notice: Option<Notice>,
    poller: Poller,
    rng: Rng,
    in_flight: InFlight,
    restoring: Option<Box<Restoring>>,
    last_verify_id: u64,
    /// The places to ask, the feed's URL first ([`ClientConfig::mirror_urls`]).
    places: Vec<String>,
    /// The embedder's mirrors not taken, reported once by [`FeedClient::restore`].
    refused_mirrors: Vec<String>,
    /// The place that answered last: each poll starts there.
    preferred: usize,
    /// The place asked by the request in flight.
    current: usize,
    /// How many places this poll has asked so far.
    asked: usize,
    /// The failure this poll reports if no place answers: the first that
    /// is not [`FetchFailure::Stale`] (a stale mirror behind a dead primary
    /// must not hide that the feed could not be had), with its place.
    round_failure: Option<(FetchFailure, Option<RetryAfter>, String)>,
}

impl FeedClient {
    /// A client for `config` on a page loaded at `now_ms`. `interval_override`
    /// is the embedder's `refresh` (seconds, bounded by the policy);
    /// `random_unit` a number in [0, 1) from `Math.random()` that seeds the
    /// jitter, so that many readers do not poll in step.
    pub fn new(config: ClientConfig, interval_override: Option<u32>, now_ms: u64, random_unit: f64) -> FeedClient {
        let mut rng = Rng::from_unit_f64(random_unit);
        let policy = PollPolicy { interval_override_seconds: interval_override, ..PollPolicy::default() };
        let poller = Poller::new(policy, now_ms, &mut rng);
        let (places, refused_mirrors) = config.mirror_urls(&[]);
        FeedClient {
            config,
            shown: None,
            cached: None,
            notice: None,
            poller,
            rng,
            in_flight: InFlight::Idle,
            restoring: None,
            last_verify_id: 0,
            places,
            refused_mirrors,
            preferred: 0,
            current: 0,
            asked: 0,
            round_failure: None,
        }
    }

    /// The places this client asks for the feed, in order: the feed's URL,
    /// the embedder's mirrors, and (with a key) those the feed shown names.
    pub fn places(&self) -> &[String] {
        &self.places
    }

    /// The config this client was made for.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// The feed on screen, if any.
    pub fn shown(&self) -> Option<&Arc<Feed>> {
        self.shown.as_ref()
    }

    /// The notice on screen, if any.
    pub fn notice(&self) -> Option<Notice> {
        self.notice
    }

    /// The `localStorage` key of this feed's last good copy.
    pub fn storage_key(&self) -> String {
        cache_key(&self.config.url)
    }

    /// Takes the stored last good copy (`localStorage.getItem(storage_key())`)
    /// if it is still trusted: a record for this URL whose body still parses
    /// in the configured format and, with a public key, whose stored signature
    /// still verifies. An untrusted record is removed.
    ///
    /// With a key the copy is shown only once the driver has verified it
    /// ([`Effects::verify`], then [`FeedClient::on_verified`]). Polling need
    /// not wait: if a fresh feed is shown first, the copy's answer is
    /// ignored.
    ///
    /// Called once, when the source starts, with or without a stored copy:
    /// it also reports the embedder's mirrors that are not taken
    /// (`mirror-refused`, [`ClientConfig::mirror_urls`]).
    pub fn restore(&mut self, stored: Option<&str>) -> Effects {
        let mut effects = self.restore_copy(stored);
        let refused = std::mem::take(&mut self.refused_mirrors);
        let showing = self.shown.is_some();
        effects.events.extend(refused.iter().map(|url| ClientEvent::Error(ErrorDetail::mirror_refused(url, showing))));
        effects
    }

    fn restore_copy(&mut self, stored: Option<&str>) -> Effects {
        let Some(stored) = stored else { return Effects::default() };
        let readable = CachedFeed::record(&self.config.url, stored).ok().and_then(|record| {
            let feed = decode::parse(&self.config, &record.body).ok()?;
            let check = decode::signature_check(&self.config, record.signature.as_deref()).ok()?;
            Some((record, feed, check))
        });
        match readable {
            Some((record, feed, None)) => self.take_copy(record, feed),
            Some((record, feed, Some(check))) => {
                let check = Checking { check, line: 0 };
                let request = self.verify_request(&record.body, &check);
                self.restoring = Some(Box::new(Restoring { id: request.id, record, feed, check }));
                Effects { verify: Some(request), ..Effects::default() }
            }
            None => Effects { store: Some(StorageWrite::Remove { key: self.storage_key() }), ..Effects::default() },
        }
    }

    /// Shows a trusted stored copy.
    fn take_copy(&mut self, record: CachedFeed, feed: Feed) -> Effects {
        let events = ClientEvent::neutralised(&feed).into_iter().collect();
        let feed = Arc::new(feed);
        self.show(feed.clone());
        self.cached = Some(record);
        Effects { show: Some(feed), events, ..Effects::default() }
    }

    /// Puts `feed` on screen; the mirrors it names (with a key) join the places.
    fn show(&mut self, feed: Arc<Feed>) {
        let (preferred, current) = (self.places[self.preferred].clone(), self.places[self.current].clone());
        self.places = self.config.mirror_urls(&feed.mirrors).0;
        // The same places keep their roles; one the new feed no longer names
        // hands them back to the feed's own URL.
        let position = |url: &str| self.places.iter().position(|p| p == url).unwrap_or(0);
        (self.preferred, self.current) = (position(&preferred), position(&current));
        self.shown = Some(feed);
    }

    /// A new request to verify `message` with the line of the signature
    /// file `checking` is at.
    fn verify_request(&mut self, message: &str, checking: &Checking) -> VerifyRequest {
        self.last_verify_id += 1;
        let signature = *checking.check.signatures[checking.line].as_bytes();
        VerifyRequest { id: self.last_verify_id, message: message.to_owned(), signature, public_key: *checking.check.public_key.as_bytes() }
    }

    /// The embedder's interval changed (the smallest `refresh` among the
    /// widgets sharing this source). The driver reschedules afterwards.
    pub fn set_interval_override(&mut self, seconds: Option<u32>) {
        self.poller.set_interval_override(seconds);
    }

    /// How long to wait from `now_ms` before calling [`FeedClient::start_poll`];
    /// `None` while hidden, offline or a request is in flight: set no timer.
    pub fn next_delay_ms(&self, now_ms: u64) -> Option<u64> {
        match self.in_flight {
            InFlight::Idle => self.poller.next_delay_ms(now_ms),
            _ => None,
        }
    }

    /// Starts a poll at `now_ms`: the request to send, or `None` when one is
    /// already in flight.
    pub fn start_poll(&mut self, now_ms: u64) -> Option<FeedRequest> {
        if !matches!(self.in_flight, InFlight::Idle) {
            return None;
        }
        self.poller.on_request_sent(now_ms);
        self.current = self.preferred;
        self.asked = 0;
        self.round_failure = None;
        Some(self.ask_current())
    }

    /// The request to the place at `current`, conditional when what is
    /// shown came from there (another server's validators mean nothing to it).
    fn ask_current(&mut self) -> FeedRequest {
        self.in_flight = InFlight::Feed;
        self.asked += 1;
        let url = self.places[self.current].clone();
        let headers = match (&self.cached, &self.shown) {
            (Some(cached), Some(_)) if cached.served_by() == url => cached.conditional_headers().into_iter().map(|(k, v)| (k, v.to_owned())).collect(),
            _ => Vec::new(),
        };
        FeedRequest { url, headers }
    }

    /// The place asked by the request in flight (or last asked).
    pub fn asking(&self) -> &str {
        &self.places[self.current]
    }

    /// The answer to the request from [`FeedClient::start_poll`], at `now_ms`.
    pub fn on_feed_response(&mut self, now_ms: u64, response: FeedResponse) -> Effects {
        if !matches!(self.in_flight, InFlight::Feed) {
            return Effects::default();
        }
        match response {
            FeedResponse::NotModified => {
                self.answered();
                self.poller.on_not_modified(now_ms, &mut self.rng);
                self.set_notice(None)
            }
            FeedResponse::Failed { failure, retry_after } => self.fail(now_ms, failure, retry_after),
            FeedResponse::Body { text, etag, last_modified } => match decode::parse(&self.config, &text) {
                Err(failure) => self.fail(now_ms, failure, None),
                Ok(feed) if self.config.public_key.is_some() => {
                    self.in_flight = InFlight::Signature(Box::new(Pending { feed, text, etag, last_modified, signature: None }));
                    Effects { fetch_signature: Some(config::signature_url_of(self.asking())), ..Effects::default() }
                }
                Ok(feed) => self.judge(now_ms, Pending { feed, text, etag, last_modified, signature: None }),
            },
        }
    }

    /// The detached signature asked for by [`Effects::fetch_signature`], or
    /// `None` when it could not be fetched. A readable one is to be verified
    /// next ([`Effects::verify`]); anything else fails as not verified.
    pub fn on_signature(&mut self, now_ms: u64, signature: Option<&str>) -> Effects {
        let InFlight::Signature(mut pending) = std::mem::replace(&mut self.in_flight, InFlight::Feed) else {
            self.in_flight = InFlight::Idle;
            return Effects::default();
        };
        match decode::signature_check(&self.config, signature) {
            Ok(Some(check)) => {
                pending.signature = Some(check.text.clone());
                let check = Box::new(Checking { check, line: 0 });
                let request = self.verify_request(&pending.text, &check);
                self.in_flight = InFlight::Verifying { id: request.id, pending, check };
                Effects { verify: Some(request), ..Effects::default() }
            }
            // Only asked for with a key, so `None` cannot happen; refuse.
            Ok(None) => self.fail(now_ms, FetchFailure::NotVerified, None),
            Err(failure) => self.fail(now_ms, failure, None),
        }
    }

    /// The driver's answer to the [`VerifyRequest`] with this `id`. For a
    /// fresh body it decides like any answer to a poll; for a stored copy it
    /// shows the copy if nothing newer is shown yet, or removes it if it does
    /// not verify and nothing newer replaced it in storage. An answer nobody
    /// waits for any more changes nothing.
    pub fn on_verified(&mut self, now_ms: u64, id: u64, outcome: VerifyOutcome) -> Effects {
        if self.restoring.as_ref().is_some_and(|r| r.id == id) {
            let mut restoring = self.restoring.take().expect("checked");
            if outcome == VerifyOutcome::Invalid && restoring.check.next_line() {
                let request = self.verify_request(&restoring.record.body, &restoring.check);
                restoring.id = request.id;
                self.restoring = Some(restoring);
                return Effects { verify: Some(request), ..Effects::default() };
            }
            return self.on_copy_verified(*restoring, outcome);
        }
        let InFlight::Verifying { id: expected, .. } = &self.in_flight else { return Effects::default() };
        if *expected != id {
            return Effects::default();
        }
        let InFlight::Verifying { pending, mut check, .. } = std::mem::replace(&mut self.in_flight, InFlight::Feed) else { unreachable!("matched above") };
        match outcome {
            VerifyOutcome::Valid => self.judge(now_ms, *pending),
            // The next line may be this feed's: the file is being republished.
            VerifyOutcome::Invalid if check.next_line() => {
                let request = self.verify_request(&pending.text, &check);
                self.in_flight = InFlight::Verifying { id: request.id, pending, check };
                Effects { verify: Some(request), ..Effects::default() }
            }
            VerifyOutcome::Invalid => self.fail(now_ms, FetchFailure::NotVerified, None),
            VerifyOutcome::Unavailable => self.fail(now_ms, FetchFailure::VerifierUnavailable, None),
        }
    }

    /// The answer for the stored copy from [`FeedClient::restore`].
    fn on_copy_verified(&mut self, restoring: Restoring, outcome: VerifyOutcome) -> Effects {
        let Restoring { record, feed, .. } = restoring;
        match outcome {
            VerifyOutcome::Valid if self.shown.is_none() => {
                // A poll may have failed meanwhile: its notice now stands over the copy.
                let mut effects = self.take_copy(record, feed);
                if let Some(notice) = self.notice.map(Notice::over_copy).filter(|n| Some(*n) != self.notice) {
                    effects.notice = self.set_notice(Some(notice)).notice;
                }
                effects
            }
            VerifyOutcome::Invalid if self.cached.is_none() => Effects { store: Some(StorageWrite::Remove { key: self.storage_key() }), ..Effects::default() },
            // Valid but a fresh feed is shown; invalid but a fresh copy is
            // stored; or unverifiable here, which says nothing against the
            // copy and which the poll reports: nothing to do.
            _ => Effects::default(),
        }
    }

    /// The request was abandoned without an answer (the driver stopped).
    pub fn abandon(&mut self) {
        self.in_flight = InFlight::Idle;
    }

    /// The tab was hidden: no requests until it is visible again (clear the timer).
    pub fn on_hidden(&mut self) {
        self.poller.on_hidden();
    }

    /// The tab is visible again: an overdue poll comes soon (reschedule).
    pub fn on_visible(&mut self, now_ms: u64) {
        self.poller.on_visible(now_ms, &mut self.rng);
    }

    /// The browser is back online: poll soon (reschedule).
    pub fn on_online(&mut self, now_ms: u64) {
        self.poller.on_online(now_ms, &mut self.rng);
    }

    /// The browser went offline: no requests until it is back (clear the
    /// timer), and the reader is told.
    pub fn on_offline(&mut self) -> Effects {
        self.poller.on_offline();
        self.failure_effects(FetchFailure::Offline)
    }

    /// Decides whether a parsed (and, with a key, verified) feed replaces
    /// the shown one.
    fn judge(&mut self, now_ms: u64, pending: Pending) -> Effects {
        let Pending { feed, text, etag, last_modified, signature } = pending;
        let refresh_seconds = feed.refresh_seconds;
        match accept_feed(self.shown.as_deref(), feed) {
            Err(failure) => self.fail(now_ms, failure, None),
            Ok(Verdict::Unchanged) => {
                let source = self.answered();
                self.poller.on_success(now_ms, &mut self.rng);
                let mut effects = self.set_notice(None);
                // The same feed from another place: keep that place's copy,
                // so that the next poll there can be conditional.
                if self.cached.as_ref().is_some_and(|c| c.served_by() != source) {
                    let cached = self.copy_record(now_ms, source, text, etag, last_modified, signature);
                    effects.store = Some(self.store(&cached));
                    self.cached = Some(cached);
                }
                effects
            }
            Ok(Verdict::Replace { feed, new_update_ids }) => {
                let source = self.answered();
                self.poller.set_feed_refresh_seconds(refresh_seconds);
                self.poller.on_success(now_ms, &mut self.rng);
                let cached = self.copy_record(now_ms, source.clone(), text, etag, last_modified, signature);
                let store = self.store(&cached);
                self.cached = Some(cached);
                let first = self.shown.is_none();
                let feed: Arc<Feed> = Arc::from(feed);
                self.show(feed.clone());
                self.notice = None;
                let mut events = vec![ClientEvent::Loaded { first, url: source }];
                events.extend(ClientEvent::neutralised(&feed));
                events.extend(new_update_ids.iter().map(|id| ClientEvent::Update { id: id.clone() }));
                Effects { show: Some(feed), notice: Some(None), new_update_ids, events, store: Some(store), ..Effects::default() }
            }
        }
    }

    /// The last good copy of a body `source` served (kept under the feed's
    /// own URL, whichever place served it).
    fn copy_record(
        &self,
        now_ms: u64,
        source: String,
        body: String,
        etag: Option<String>,
        last_modified: Option<String>,
        signature: Option<String>,
    ) -> CachedFeed {
        let source = (source != self.config.url).then_some(source);
        CachedFeed { url: self.config.url.clone(), fetched_at_unix_ms: now_ms, etag, last_modified, body, signature, source }
    }

    /// The write that keeps `cached` as the last good copy.
    fn store(&self, cached: &CachedFeed) -> StorageWrite {
        match cached.to_json() {
            Ok(value) => StorageWrite::Put { key: self.storage_key(), value },
            // Too large to keep: an older stored copy must not come back on
            // the next visit in place of what was shown.
            Err(_) => StorageWrite::Remove { key: self.storage_key() },
        }
    }

    /// The place asked answered: it is where the next poll starts.
    /// Returns its URL.
    fn answered(&mut self) -> String {
        self.in_flight = InFlight::Idle;
        self.preferred = self.current;
        self.places[self.current].clone()
    }

    /// The place asked failed: the next one not yet asked in this poll is
    /// asked at once ([`Effects::fetch`]); when every place has failed, the
    /// poll fails as a whole, with the round's first failure that is not
    /// `stale` (else the last), and backs off.
    /// The notice and the error event come only then: while a mirror may
    /// still answer, nothing is wrong for the reader.
    fn fail(&mut self, now_ms: u64, failure: FetchFailure, retry_after: Option<RetryAfter>) -> Effects {
        if self.round_failure.as_ref().is_none_or(|(f, ..)| *f == FetchFailure::Stale) {
            self.round_failure = Some((failure, retry_after, self.asking().to_owned()));
        }
        let elsewhere = !matches!(failure, FetchFailure::Offline | FetchFailure::VerifierUnavailable);
        if elsewhere && self.asked < self.places.len() {
            self.current = (self.current + 1) % self.places.len();
            return Effects { fetch: Some(self.ask_current()), ..Effects::default() };
        }
        let (failure, retry_after, url) = self.round_failure.take().expect("set above");
        self.in_flight = InFlight::Idle;
        self.poller.on_error(now_ms, &mut self.rng, &failure, retry_after);
        self.failure_effects_at(failure, &url)
    }

    fn failure_effects(&mut self, failure: FetchFailure) -> Effects {
        let url = self.asking().to_owned();
        self.failure_effects_at(failure, &url)
    }

    fn failure_effects_at(&mut self, failure: FetchFailure, url: &str) -> Effects {
        let showing_copy = self.shown.is_some();
        let mut effects = match Notice::for_failure(failure, showing_copy) {
            Some(notice) => self.set_notice(Some(notice)),
            None => Effects::default(),
        };
        effects.events.push(ClientEvent::Error(ErrorDetail::for_failure(failure, url, showing_copy)));
        effects
    }

    fn set_notice(&mut self, notice: Option<Notice>) -> Effects {
        self.notice = notice;
        Effects { notice: Some(notice), ..Effects::default() }
    }
}
