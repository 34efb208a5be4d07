//! When to poll the feed: a deterministic scheduler with jitter, backoff,
//! `Retry-After`, visibility and connectivity.
//!
//! The [`Poller`] holds no timer and reads no clock. The browser glue tells
//! it what happened, with the time (`Date.now()`, Unix milliseconds) and a
//! seeded [`Rng`], and asks [`Poller::next_delay_ms`] how long to wait before
//! the next request. Randomness is drawn when an event happens, so asking
//! twice gives the same answer.
//!
//! # The schedule (defaults in [`PollPolicy::default`])
//!
//! * **Interval** *I*: the embedder's override if set, else the feed's
//!   `refresh_seconds`, else [`DEFAULT_REFRESH_SECONDS`]; always clamped to
//!   [`MIN_REFRESH_SECONDS`]..=[`MAX_REFRESH_SECONDS`] (30 s to 1 h), so that
//!   neither a feed nor an attribute can make a million tabs hammer the origin.
//! * **Jitter**: each wait after a success or a 304 is drawn uniformly from
//!   [0.8 *I*, 1.2 *I*]. Clients that loaded at the same moment drift apart
//!   within a few polls instead of hitting the origin in lockstep.
//! * **First poll** after page load: uniform in [0, 1 s]. The reader is
//!   waiting (or looking at the last good copy), so it is short; it still
//!   breaks up herds of page loads at the same instant (a mail-out link).
//! * **Backoff** after the *n*-th consecutive failure of the transport or
//!   the server ([`FetchFailure::backs_off`]): full jitter, uniform in
//!   [*base*, *ceiling*ₙ] with *ceiling*ₙ = min(*cap*, *I* × *factor*ⁿ);
//!   base 5 s, factor 2, cap 15 min. The cap is raised to 2 *I* when the
//!   interval is longer than half of it, so that backing off never polls
//!   more often than a healthy client.
//!
//!   The exponential starts from the interval, not from the base: a client
//!   that retried a failing origin after 5, 10, 20, … seconds would send five
//!   or six requests in its first five minutes of failure where a healthy one
//!   sends one, multiplying the load exactly when the origin is struggling.
//!   Starting at 2 *I*, the mean wait after the first failure is about one
//!   interval and grows from there. In the 10,000-client simulation
//!   (`tests/polling_simulation.rs`, *I* = 5 min) a failing origin sees at
//!   most about 1.4 times the normal load for a few minutes while retries
//!   overlap the last regular polls, then two thirds of it. A deeper cut
//!   needs a longer cap (1 h gives about a fifth), at the price of readers
//!   seeing the recovery up to one cap later. The base is the floor: no
//!   wait, for any reason, is shorter than 5 s after the previous request.
//! * **`Retry-After`** on 429 and 503: the wait is at least what the server
//!   asked, plus a random spread of up to 20 % of that or half an interval,
//!   whichever is longer, so that a date sent to every client does not bring
//!   them all back in the same second; and at most the cap.
//!   A short `Retry-After` never shortens the client's own backoff.
//! * **Hidden tab** ([`Poller::on_hidden`]): no requests at all. When it
//!   becomes visible again, an overdue poll is made within 2 s; a poll that
//!   is not yet due keeps its time (backoff included).
//! * **Offline** ([`Poller::on_offline`]): no requests. Back online, a poll
//!   is made within 2 s (the failures were most likely the reader's own
//!   network, not the origin), never sooner than the base after the last one.
//!
//! [`DEFAULT_REFRESH_SECONDS`]: crate::model::DEFAULT_REFRESH_SECONDS
//! [`MIN_REFRESH_SECONDS`]: crate::model::MIN_REFRESH_SECONDS
//! [`MAX_REFRESH_SECONDS`]: crate::model::MAX_REFRESH_SECONDS

use super::fetch_rules::FetchFailure;
use super::retry_after::RetryAfter;
use super::rng::Rng;
use crate::model::{DEFAULT_REFRESH_SECONDS, MAX_REFRESH_SECONDS, MIN_REFRESH_SECONDS};

/// How a [`Poller`] schedules requests. See the module documentation for the
/// reasoning behind each default.
///
/// ```
/// use incident_feed::resilience::PollPolicy;
/// // <incident-status data-refresh-seconds="10"> asks for too little:
/// let policy = PollPolicy { interval_override_seconds: Some(10), ..PollPolicy::default() };
/// assert_eq!(policy.interval_seconds(Some(600)), 30);
/// assert_eq!(PollPolicy::default().interval_seconds(Some(600)), 600);
/// assert_eq!(PollPolicy::default().interval_seconds(None), 300);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct PollPolicy {
    /// The embedder's interval (an attribute of the custom element); wins
    /// over the feed's `refresh_seconds`, within the same bounds. Default: none.
    pub interval_override_seconds: Option<u32>,
    /// Half-width of the uniform jitter around the interval, in percent of
    /// it. Default: 20 (each wait in [0.8 *I*, 1.2 *I*]).
    pub jitter_percent: u32,
    /// The first poll after page load waits up to this long. Default: 1,000 ms.
    pub first_poll_spread_ms: u64,
    /// The shortest wait between two requests, and the floor of every backoff
    /// draw. Default: 5,000 ms.
    pub backoff_base_ms: u64,
    /// Growth of the backoff ceiling per consecutive failure. Default: 2.
    pub backoff_factor: u32,
    /// The longest backoff (raised to twice the interval if that is longer).
    /// Default: 900,000 ms (15 min).
    pub backoff_cap_ms: u64,
    /// After the tab becomes visible with a poll overdue, or after going back
    /// online, the next poll comes within this long. Default: 2,000 ms.
    pub resume_spread_ms: u64,
}

impl Default for PollPolicy {
    fn default() -> Self {
        PollPolicy {
            interval_override_seconds: None,
            jitter_percent: 20,
            first_poll_spread_ms: 1_000,
            backoff_base_ms: 5_000,
            backoff_factor: 2,
            backoff_cap_ms: 15 * 60 * 1000,
            resume_spread_ms: 2_000,
        }
    }
}

impl PollPolicy {
    /// The interval in seconds for a feed asking for `feed_refresh_seconds`
    /// (its `refresh_seconds` field, `None` when absent or not loaded yet).
    pub fn interval_seconds(&self, feed_refresh_seconds: Option<u32>) -> u32 {
        self.interval_override_seconds.or(feed_refresh_seconds).unwrap_or(DEFAULT_REFRESH_SECONDS).clamp(MIN_REFRESH_SECONDS, MAX_REFRESH_SECONDS)
    }

    /// The backoff cap in effect for an interval: never below twice it.
    ///
    /// ```
    /// use incident_feed::resilience::PollPolicy;
    /// let p = PollPolicy::default();
    /// assert_eq!(p.effective_cap_ms(300_000), 900_000);
    /// assert_eq!(p.effective_cap_ms(3_600_000), 7_200_000);
    /// ```
    pub fn effective_cap_ms(&self, interval_ms: u64) -> u64 {
        self.backoff_cap_ms.max(interval_ms.saturating_mul(2)).max(self.backoff_base_ms)
    }
}

/// The polling state of one feed URL on one page (several widgets showing
/// the same feed share one poller).
///
/// ```
/// use incident_feed::resilience::{FetchFailure, Poller, PollPolicy, Rng};
/// let mut rng = Rng::new(1);
/// let mut p = Poller::new(PollPolicy::default(), 0, &mut rng);
/// assert!(p.next_delay_ms(0).unwrap() <= 1_000); // first poll soon
///
/// p.on_request_sent(1_000);
/// p.on_success(1_200, &mut rng);
/// let wait = p.next_delay_ms(1_200).unwrap();
/// assert!((240_000..=360_000).contains(&wait)); // 300 s ± 20 %
///
/// p.on_request_sent(1_200 + wait);
/// p.on_error(1_200 + wait, &mut rng, &FetchFailure::Unreachable(Some(500)), None);
/// assert!((5_000..=600_000).contains(&p.next_delay_ms(1_200 + wait).unwrap()));
///
/// p.on_hidden();
/// assert_eq!(p.next_delay_ms(1_200 + wait), None); // no requests from a hidden tab
/// ```
#[derive(Clone, Debug)]
pub struct Poller {
    policy: PollPolicy,
    feed_refresh_seconds: Option<u32>,
    consecutive_failures: u32,
    due_at_ms: u64,
    last_request_ms: Option<u64>,
    in_flight: bool,
    hidden: bool,
    offline: bool,
}

impl Poller {
    /// A poller for a page loaded at `now_ms`; the first poll is due within
    /// [`PollPolicy::first_poll_spread_ms`].
    pub fn new(policy: PollPolicy, now_ms: u64, rng: &mut Rng) -> Poller {
        let first = rng.between(0, policy.first_poll_spread_ms);
        Poller {
            policy,
            feed_refresh_seconds: None,
            consecutive_failures: 0,
            due_at_ms: now_ms.saturating_add(first),
            last_request_ms: None,
            in_flight: false,
            hidden: false,
            offline: false,
        }
    }

    /// How long to wait from `now_ms` before the next request; `None` while
    /// the tab is hidden, the browser is offline or a request is in flight
    /// (the glue then sets no timer and waits for the next event).
    ///
    /// Never longer than the effective cap, even if the reader's clock jumped
    /// backwards since the wait was scheduled.
    pub fn next_delay_ms(&self, now_ms: u64) -> Option<u64> {
        if self.hidden || self.offline || self.in_flight {
            return None;
        }
        Some(self.due_at_ms.saturating_sub(now_ms).min(self.cap_ms()))
    }

    /// A request was sent at `now_ms`.
    pub fn on_request_sent(&mut self, now_ms: u64) {
        self.in_flight = true;
        self.last_request_ms = Some(now_ms);
    }

    /// A feed arrived (accepted, or unchanged): back to the normal interval.
    pub fn on_success(&mut self, now_ms: u64, rng: &mut Rng) {
        self.in_flight = false;
        self.consecutive_failures = 0;
        let wait = self.jittered_interval(rng);
        self.schedule(now_ms, wait);
    }

    /// A 304 Not Modified: as healthy as a success, and nothing changes on screen.
    pub fn on_not_modified(&mut self, now_ms: u64, rng: &mut Rng) {
        self.on_success(now_ms, rng);
    }

    /// The request failed. `retry_after` is the response's `Retry-After`
    /// header, if any; it is honoured for 429 and 503 only.
    ///
    /// Content failures (see [`FetchFailure::backs_off`]) keep the normal
    /// interval and end any backoff: the server answered.
    ///
    /// ```
    /// use incident_feed::resilience::{FetchFailure, Poller, PollPolicy, RetryAfter, Rng};
    /// let mut rng = Rng::new(3);
    /// let mut p = Poller::new(PollPolicy::default(), 0, &mut rng);
    /// p.on_request_sent(0);
    /// p.on_error(0, &mut rng, &FetchFailure::Unreachable(Some(503)), RetryAfter::parse("700"));
    /// let wait = p.next_delay_ms(0).unwrap();
    /// assert!((700_000..=850_000).contains(&wait));
    /// ```
    pub fn on_error(&mut self, now_ms: u64, rng: &mut Rng, failure: &FetchFailure, retry_after: Option<RetryAfter>) {
        self.in_flight = false;
        if !failure.backs_off() {
            self.consecutive_failures = 0;
            let wait = self.jittered_interval(rng);
            self.schedule(now_ms, wait);
            return;
        }
        self.consecutive_failures = self.consecutive_failures.saturating_add(1);
        let mut wait = rng.between(self.policy.backoff_base_ms, self.backoff_ceiling_ms());
        if let Some(asked) = retry_after.filter(|_| failure.honours_retry_after()) {
            let asked = asked.delay_ms(now_ms).min(self.cap_ms());
            // Many clients get the same date; half an interval is the least
            // spread that keeps their return near the normal request rate.
            let spread = rng.between(0, (asked / 100 * u64::from(self.policy.jitter_percent)).max(self.interval_ms() / 2));
            wait = wait.max(asked.saturating_add(spread));
        }
        self.schedule(now_ms, wait.min(self.cap_ms()));
    }

    /// The tab was hidden (`document.visibilityState == "hidden"`). The glue
    /// clears its pending timer: [`Poller::next_delay_ms`] is `None` until
    /// [`Poller::on_visible`].
    pub fn on_hidden(&mut self) {
        self.hidden = true;
    }

    /// The tab is visible again: an overdue poll is made soon.
    pub fn on_visible(&mut self, now_ms: u64, rng: &mut Rng) {
        self.hidden = false;
        if self.due_at_ms <= now_ms {
            let wait = rng.between(0, self.policy.resume_spread_ms);
            self.schedule(now_ms, wait);
        }
    }

    /// The browser went offline (the `offline` event). As with
    /// [`Poller::on_hidden`], the glue clears its pending timer.
    pub fn on_offline(&mut self) {
        self.offline = true;
    }

    /// The browser is back online (the `online` event): poll soon.
    pub fn on_online(&mut self, now_ms: u64, rng: &mut Rng) {
        self.offline = false;
        let wait = rng.between(0, self.policy.resume_spread_ms);
        if now_ms.saturating_add(wait) < self.due_at_ms {
            self.schedule(now_ms, wait);
        }
    }

    /// Tells the poller the `refresh_seconds` of the feed now shown (call it
    /// before [`Poller::on_success`], so the next wait already uses it).
    pub fn set_feed_refresh_seconds(&mut self, refresh_seconds: Option<u32>) {
        self.feed_refresh_seconds = refresh_seconds;
    }

    /// The embedder's interval changed (e.g. the smallest `refresh` among
    /// the widgets sharing one source). The wait already scheduled stands;
    /// [`Poller::next_delay_ms`] caps it by the new interval's backoff cap.
    ///
    /// ```
    /// use incident_feed::resilience::{Poller, PollPolicy, Rng};
    /// let mut rng = Rng::new(5);
    /// let mut p = Poller::new(PollPolicy::default(), 0, &mut rng);
    /// p.set_interval_override(Some(60));
    /// assert_eq!(p.interval_ms(), 60_000);
    /// p.set_interval_override(Some(5)); // bounded by the policy
    /// assert_eq!(p.interval_ms(), 30_000);
    /// ```
    pub fn set_interval_override(&mut self, seconds: Option<u32>) {
        self.policy.interval_override_seconds = seconds;
    }

    /// The interval in effect, in milliseconds.
    pub fn interval_ms(&self) -> u64 {
        u64::from(self.policy.interval_seconds(self.feed_refresh_seconds)) * 1000
    }

    /// Failures of the transport or server in a row (0 when healthy).
    pub fn consecutive_failures(&self) -> u32 {
        self.consecutive_failures
    }

    /// The policy this poller follows.
    pub fn policy(&self) -> &PollPolicy {
        &self.policy
    }

    fn cap_ms(&self) -> u64 {
        self.policy.effective_cap_ms(self.interval_ms())
    }

    fn backoff_ceiling_ms(&self) -> u64 {
        let mut ceiling = self.interval_ms();
        let factor = u64::from(self.policy.backoff_factor.max(1));
        // Multiplying step by step saturates at the cap instead of overflowing
        // after a long outage.
        for _ in 0..self.consecutive_failures {
            ceiling = ceiling.saturating_mul(factor);
            if ceiling >= self.cap_ms() {
                break;
            }
        }
        ceiling.min(self.cap_ms()).max(self.policy.backoff_base_ms)
    }

    fn jittered_interval(&self, rng: &mut Rng) -> u64 {
        let interval = self.interval_ms();
        let jitter = interval / 100 * u64::from(self.policy.jitter_percent.min(100));
        rng.between(interval - jitter, interval + jitter)
    }

    fn schedule(&mut self, now_ms: u64, wait_ms: u64) {
        let earliest = self.last_request_ms.map_or(0, |t| t.saturating_add(self.policy.backoff_base_ms));
        self.due_at_ms = now_ms.saturating_add(wait_ms).max(earliest);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::ProblemKind;

    const I: u64 = 300_000;

    fn started(seed: u64) -> (Poller, Rng) {
        let mut rng = Rng::new(seed);
        let p = Poller::new(PollPolicy::default(), 0, &mut rng);
        (p, rng)
    }

    fn fail(p: &mut Poller, rng: &mut Rng, now: u64) -> u64 {
        p.on_request_sent(now);
        p.on_error(now, rng, &FetchFailure::Unreachable(Some(500)), None);
        p.next_delay_ms(now).unwrap()
    }

    #[test]
    fn interval_bounds_and_override() {
        let p = PollPolicy::default();
        assert_eq!(p.interval_seconds(Some(5)), MIN_REFRESH_SECONDS);
        assert_eq!(p.interval_seconds(Some(99_999)), MAX_REFRESH_SECONDS);
        assert_eq!(p.interval_seconds(Some(60)), 60);
        let o = PollPolicy { interval_override_seconds: Some(120), ..PollPolicy::default() };
        assert_eq!(o.interval_seconds(Some(60)), 120);
        let o = PollPolicy { interval_override_seconds: Some(86_400), ..PollPolicy::default() };
        assert_eq!(o.interval_seconds(None), MAX_REFRESH_SECONDS);
    }

    #[test]
    fn first_poll_and_jitter_stay_within_bounds_and_spread() {
        let mut min = u64::MAX;
        let mut max = 0;
        for seed in 0..2_000 {
            let (mut p, mut rng) = started(seed);
            assert!(p.next_delay_ms(0).unwrap() <= 1_000);
            p.on_request_sent(500);
            p.on_success(600, &mut rng);
            let wait = p.next_delay_ms(600).unwrap();
            assert!((240_000..=360_000).contains(&wait), "{wait}");
            min = min.min(wait);
            max = max.max(wait);
        }
        // The draws use the whole window, not a corner of it.
        assert!(min < 245_000 && max > 355_000, "{min}..{max}");
    }

    #[test]
    fn the_feed_sets_the_interval() {
        let (mut p, mut rng) = started(9);
        p.set_feed_refresh_seconds(Some(60));
        p.on_request_sent(0);
        p.on_not_modified(0, &mut rng);
        assert!((48_000..=72_000).contains(&p.next_delay_ms(0).unwrap()));
        assert_eq!(p.interval_ms(), 60_000);
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        // The ceiling doubles from twice the interval up to the cap.
        let (mut p, mut rng) = started(4);
        let mut ceilings = Vec::new();
        for _ in 0..40 {
            fail(&mut p, &mut rng, 0);
            ceilings.push(p.backoff_ceiling_ms());
        }
        // The first failure draws below 2 I = 10 min, every later one below the 15 min cap.
        assert_eq!(ceilings[0], 2 * I);
        assert!(ceilings[1..].iter().all(|&c| c == 900_000), "{ceilings:?}");

        // With a short interval the growth is visible step by step.
        let mut rng = Rng::new(5);
        let mut p = Poller::new(PollPolicy { interval_override_seconds: Some(30), ..PollPolicy::default() }, 0, &mut rng);
        let mut observed_max = [0u64; 8];
        for round in 0..300 {
            let mut q = p.clone();
            let mut now = round * 10_000_000;
            for slot in observed_max.iter_mut() {
                let wait = fail(&mut q, &mut rng, now);
                assert!(wait >= 5_000, "never faster than the base: {wait}");
                assert!(wait <= 900_000);
                *slot = (*slot).max(wait);
                now += wait;
            }
        }
        // Ceilings 60 s, 120 s, 240 s, 480 s, then the 15 min cap.
        for (i, ceiling) in [60_000, 120_000, 240_000, 480_000, 900_000, 900_000, 900_000, 900_000].iter().enumerate() {
            assert!(observed_max[i] <= *ceiling && observed_max[i] > ceiling * 8 / 10, "{i}: {observed_max:?}");
        }
        // Recovery resets the backoff.
        p.on_request_sent(0);
        p.on_success(0, &mut rng);
        assert_eq!(p.consecutive_failures(), 0);
        assert!((24_000..=36_000).contains(&p.next_delay_ms(0).unwrap()));
    }

    #[test]
    fn the_cap_is_never_below_twice_the_interval() {
        let mut rng = Rng::new(11);
        let mut p = Poller::new(PollPolicy { interval_override_seconds: Some(3600), ..PollPolicy::default() }, 0, &mut rng);
        let mut now = 0;
        for _ in 0..50 {
            let wait = fail(&mut p, &mut rng, now);
            assert!(wait <= 7_200_000);
            now += wait;
        }
        assert_eq!(p.backoff_ceiling_ms(), 7_200_000);
    }

    #[test]
    fn a_long_outage_does_not_overflow() {
        let (mut p, mut rng) = started(2);
        for _ in 0..100_000 {
            fail(&mut p, &mut rng, u64::MAX - 1_000_000);
        }
        assert_eq!(p.consecutive_failures(), 100_000);
        assert!(p.next_delay_ms(u64::MAX - 1_000_000).unwrap() <= 900_000);
    }

    #[test]
    fn retry_after_is_honoured_within_the_cap_on_429_and_503_only() {
        for status in [429, 503] {
            let (mut p, mut rng) = started(status as u64);
            p.on_request_sent(1_000);
            p.on_error(1_000, &mut rng, &FetchFailure::Unreachable(Some(status)), Some(RetryAfter::Seconds(3_600)));
            assert_eq!(p.next_delay_ms(1_000), Some(900_000), "capped");

            // An HTTP-date 800 s ahead.
            let now = 1_700_000_000_000;
            p.on_request_sent(now);
            p.on_error(now, &mut rng, &FetchFailure::Unreachable(Some(status)), Some(RetryAfter::At(1_700_000_800)));
            let wait = p.next_delay_ms(now).unwrap();
            assert!((800_000..=900_000).contains(&wait), "{wait}");

            // A tiny Retry-After does not shorten the backoff floor.
            p.on_request_sent(now);
            p.on_error(now, &mut rng, &FetchFailure::Unreachable(Some(status)), Some(RetryAfter::Seconds(0)));
            assert!(p.next_delay_ms(now).unwrap() >= 5_000);
        }
        // Retry-After on a 500 is ignored: the draw stays under the first ceiling mostly,
        // and never reaches the asked 850 s more often than chance.
        let mut honoured = 0;
        for seed in 0..200 {
            let (mut p, mut rng) = started(seed);
            p.on_request_sent(0);
            p.on_error(0, &mut rng, &FetchFailure::Unreachable(Some(500)), Some(RetryAfter::Seconds(850)));
            honoured += usize::from(p.next_delay_ms(0).unwrap() >= 850_000);
        }
        assert_eq!(honoured, 0);
    }

    #[test]
    fn content_failures_keep_the_normal_interval() {
        let (mut p, mut rng) = started(8);
        fail(&mut p, &mut rng, 0);
        fail(&mut p, &mut rng, 0);
        assert_eq!(p.consecutive_failures(), 2);
        for failure in [FetchFailure::Broken(ProblemKind::Syntax), FetchFailure::Stale, FetchFailure::UnsupportedVersion] {
            p.on_request_sent(0);
            p.on_error(0, &mut rng, &failure, Some(RetryAfter::Seconds(10_000)));
            assert_eq!(p.consecutive_failures(), 0);
            assert!((240_000..=360_000).contains(&p.next_delay_ms(0).unwrap()));
        }
    }

    #[test]
    fn hidden_tabs_and_offline_browsers_do_not_poll() {
        let (mut p, mut rng) = started(6);
        p.on_hidden();
        assert_eq!(p.next_delay_ms(0), None);
        assert_eq!(p.next_delay_ms(10_000_000), None);
        // Visible again long after the poll was due: poll within 2 s.
        p.on_visible(10_000_000, &mut rng);
        assert!(p.next_delay_ms(10_000_000).unwrap() <= 2_000);

        // Visible again before the poll is due: the schedule is kept.
        p.on_request_sent(10_000_000);
        p.on_success(10_000_000, &mut rng);
        let due = 10_000_000 + p.next_delay_ms(10_000_000).unwrap();
        p.on_hidden();
        p.on_visible(10_010_000, &mut rng);
        assert_eq!(p.next_delay_ms(10_010_000), Some(due - 10_010_000));

        p.on_offline();
        assert_eq!(p.next_delay_ms(10_020_000), None);
        p.on_online(10_020_000, &mut rng);
        assert!(p.next_delay_ms(10_020_000).unwrap() <= 2_000);

        // A request in flight: no second one.
        p.on_request_sent(10_021_000);
        assert_eq!(p.next_delay_ms(10_021_000), None);
    }

    #[test]
    fn online_right_after_a_request_respects_the_base() {
        let (mut p, mut rng) = started(12);
        fail(&mut p, &mut rng, 50_000);
        p.on_offline();
        p.on_online(51_000, &mut rng);
        assert!(p.next_delay_ms(51_000).unwrap() >= 4_000, "not before 55 s");
    }

    #[test]
    fn a_clock_jumping_back_does_not_stall_polling() {
        let (mut p, mut rng) = started(13);
        p.on_request_sent(10_000_000_000);
        p.on_success(10_000_000_000, &mut rng);
        // The reader's clock was set back a day.
        assert!(p.next_delay_ms(10_000_000_000 - 86_400_000).unwrap() <= 900_000);
    }
}
