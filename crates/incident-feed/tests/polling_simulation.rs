//! Many clients polling one feed with the real `Poller`, in simulated time.
//!
//! Shows that 10,000 readers who opened the page at random moments spread
//! their requests over the interval (peak against mean requests per second),
//! that all of them back off while the origin fails and come back after it
//! recovers, and that hidden tabs send nothing. Run with
//! `cargo test -p incident-feed --test polling_simulation -- --nocapture`
//! to see the figures.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use incident_feed::resilience::{FetchFailure, PollPolicy, Poller, RetryAfter, Rng};

const CLIENTS: usize = 10_000;
const SECOND: u64 = 1_000;
const MINUTE: u64 = 60 * SECOND;
const HOUR: u64 = 60 * MINUTE;
/// The feed's refresh_seconds (the default).
const INTERVAL: u64 = 300 * SECOND;
/// Time from sending a request to handling its response.
const LATENCY: u64 = 80;

/// What the origin answers at a given time.
#[derive(Clone, Copy)]
enum Answer {
    NotModified,
    Error(u16, Option<RetryAfter>),
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Event {
    Poll { generation: u64 },
    Hide,
    Show,
}

struct Client {
    poller: Poller,
    rng: Rng,
    generation: u64,
    last_request: Option<u64>,
    requests: u64,
    hidden: bool,
    request_times: Vec<u64>,
}

struct Outcome {
    /// Requests per simulated second.
    per_second: Vec<u32>,
    /// Shortest time between two requests of one client.
    min_gap_ms: u64,
    clients: Vec<Client>,
}

impl Outcome {
    fn rate_per_minute(&self, from: u64, to: u64) -> f64 {
        let sum: u64 = self.per_second[(from / SECOND) as usize..(to / SECOND) as usize].iter().map(|&n| u64::from(n)).sum();
        sum as f64 / ((to - from) as f64 / MINUTE as f64)
    }

    fn max_per_minute(&self, from: u64, to: u64) -> u32 {
        self.per_second[(from / SECOND) as usize..(to / SECOND) as usize].chunks(60).map(|c| c.iter().sum::<u32>()).max().unwrap_or(0)
    }
}

/// Runs `CLIENTS` readers loading the page uniformly within the first
/// interval, for `duration`. `visibility` gives each client's hide and show
/// times; `server` the origin's answer at a time.
fn simulate(policy: &PollPolicy, duration: u64, server: impl Fn(u64) -> Answer, visibility: impl Fn(usize) -> Vec<(u64, Event)>) -> Outcome {
    let mut seeds = Rng::new(0x5EED);
    let mut heap = BinaryHeap::new();
    let mut clients = Vec::with_capacity(CLIENTS);
    for id in 0..CLIENTS {
        let loaded_at = seeds.between(0, INTERVAL - 1);
        let mut rng = Rng::new(seeds.next_u64());
        let poller = Poller::new(policy.clone(), loaded_at, &mut rng);
        let mut client = Client { poller, rng, generation: 0, last_request: None, requests: 0, hidden: false, request_times: Vec::new() };
        for (at, event) in visibility(id) {
            heap.push(Reverse((at.max(loaded_at), event, id)));
        }
        // A tab opened in the background is hidden from the start.
        if visibility(id).first().is_some_and(|&(at, e)| e == Event::Hide && at <= loaded_at) {
            client.poller.on_hidden();
            client.hidden = true;
        }
        schedule(&mut heap, &mut client, id, loaded_at);
        clients.push(client);
    }

    let mut per_second = vec![0u32; (duration / SECOND) as usize + 1];
    let mut min_gap_ms = u64::MAX;
    while let Some(Reverse((now, event, id))) = heap.pop() {
        if now >= duration {
            break;
        }
        let c = &mut clients[id];
        match event {
            Event::Hide => {
                // The glue clears its timer when the tab is hidden.
                c.generation += 1;
                c.poller.on_hidden();
                c.hidden = true;
            }
            Event::Show => {
                c.poller.on_visible(now, &mut c.rng);
                c.hidden = false;
                schedule(&mut heap, c, id, now);
            }
            Event::Poll { generation } if generation != c.generation => {}
            Event::Poll { .. } => {
                assert!(!c.hidden, "a hidden tab polled");
                c.poller.on_request_sent(now);
                if let Some(last) = c.last_request {
                    min_gap_ms = min_gap_ms.min(now - last);
                }
                c.last_request = Some(now);
                c.requests += 1;
                c.request_times.push(now);
                per_second[(now / SECOND) as usize] += 1;
                let done = now + LATENCY;
                match server(now) {
                    Answer::NotModified => c.poller.on_not_modified(done, &mut c.rng),
                    Answer::Error(status, retry_after) => c.poller.on_error(done, &mut c.rng, &FetchFailure::Unreachable(Some(status)), retry_after),
                }
                schedule(&mut heap, c, id, done);
            }
        }
    }
    Outcome { per_second, min_gap_ms, clients }
}

fn schedule(heap: &mut BinaryHeap<Reverse<(u64, Event, usize)>>, c: &mut Client, id: usize, now: u64) {
    c.generation += 1;
    if let Some(wait) = c.poller.next_delay_ms(now) {
        heap.push(Reverse((now + wait, Event::Poll { generation: c.generation }, id)));
    }
}

fn always_visible(_: usize) -> Vec<(u64, Event)> {
    Vec::new()
}

#[test]
fn ten_thousand_clients_spread_their_requests_over_the_interval() {
    let duration = 6 * HOUR;
    let out = simulate(&PollPolicy::default(), duration, |_| Answer::NotModified, always_visible);
    // Measure after the first interval, once every reader has loaded the page.
    let window = &out.per_second[(INTERVAL / SECOND) as usize..(duration / SECOND) as usize];
    let mean = window.iter().map(|&n| f64::from(n)).sum::<f64>() / window.len() as f64;
    let peak = *window.iter().max().unwrap();
    let peak_10s = window.chunks(10).map(|c| c.iter().sum::<u32>()).max().unwrap();
    let expected = CLIENTS as f64 / (INTERVAL / SECOND) as f64;
    println!("steady state, {CLIENTS} clients, interval {} s, 6 h:", INTERVAL / SECOND);
    println!("  mean {mean:.1} req/s (expected {expected:.1}), peak {peak} req/s, peak/mean {:.2}", f64::from(peak) / mean);
    println!("  peak over 10 s windows {peak_10s} ({:.2} x the mean)", f64::from(peak_10s) / (mean * 10.0));
    assert!((mean - expected).abs() / expected < 0.02, "mean {mean}");
    assert!(f64::from(peak) / mean < 3.0, "peak {peak} against mean {mean}");
    assert!(f64::from(peak_10s) / (mean * 10.0) < 1.5);
    assert!(out.min_gap_ms >= 240 * SECOND, "healthy clients never poll faster than 0.8 I: {}", out.min_gap_ms);
}

#[test]
fn all_clients_back_off_while_the_origin_fails_and_recover_after() {
    let default = PollPolicy::default();
    let one_hour_cap = PollPolicy { backoff_cap_ms: HOUR, ..PollPolicy::default() };
    for (name, policy, max_sustained, max_recovery) in [("default (cap 15 min)", &default, 0.75, 15 * MINUTE), ("cap 1 h", &one_hour_cap, 0.30, HOUR)] {
        let (fail_from, fail_to, duration) = (2 * HOUR, 4 * HOUR, 6 * HOUR);
        let out = simulate(
            policy,
            duration,
            |t| {
                if (fail_from..fail_to).contains(&t) {
                    Answer::Error(500, None)
                } else {
                    Answer::NotModified
                }
            },
            always_visible,
        );
        let normal = out.rate_per_minute(HOUR, fail_from);
        let onset = out.rate_per_minute(fail_from, fail_from + 15 * MINUTE);
        let sustained = out.rate_per_minute(fail_from + HOUR, fail_to);
        let worst = out.max_per_minute(fail_from, fail_to);
        let after = out.rate_per_minute(fail_to + max_recovery + 10 * MINUTE, duration);
        let recovered = recovery_time(&out, fail_to);
        println!("origin fails with 500 from 2 h to 4 h, policy {name}:");
        println!(
            "  normal {normal:.0} req/min; first 15 min of failure {onset:.0} req/min; in the 2nd hour {sustained:.0} req/min ({:.0} % of normal)",
            sustained / normal * 100.0
        );
        println!("  busiest minute during the failure {worst} req ({:.2} x normal)", f64::from(worst) / normal);
        println!("  shortest gap between two requests of one client {:.1} s", out.min_gap_ms as f64 / 1000.0);
        println!("  every client asked again within {:.1} min after recovery; later {after:.0} req/min", recovered as f64 / MINUTE as f64);
        assert!(f64::from(worst) < normal * 1.5, "no retry storm at the onset: {worst}");
        assert!(sustained < normal * max_sustained, "backed off: {sustained} against {normal}");
        assert!(out.min_gap_ms >= 5 * SECOND, "no client faster than the base");
        assert!(recovered <= max_recovery + SECOND, "recovered within the cap: {recovered}");
        assert!((after - normal).abs() / normal < 0.05, "back to normal: {after} against {normal}");
    }
}

/// How long after `since` until every client has sent a request: the
/// origin is healthy from `since` on, so each client's first request then
/// is its first good answer.
fn recovery_time(out: &Outcome, since: u64) -> u64 {
    out.clients.iter().map(|c| c.request_times.iter().find(|&&t| t >= since).expect("every client asked again") - since).max().unwrap()
}

#[test]
fn a_retry_after_date_does_not_bring_everyone_back_at_once() {
    // From 2 h on, every answer is 503 with the same Retry-After date 10 min
    // ahead of the failure's start; the origin is healthy again at 2 h 10.
    let (fail_from, fail_to, duration) = (2 * HOUR, 2 * HOUR + 10 * MINUTE, 4 * HOUR);
    let retry_at_unix_seconds = (fail_to / SECOND) as i64;
    let out = simulate(
        &PollPolicy::default(),
        duration,
        |t| {
            if (fail_from..fail_to).contains(&t) {
                Answer::Error(503, Some(RetryAfter::At(retry_at_unix_seconds)))
            } else {
                Answer::NotModified
            }
        },
        always_visible,
    );
    let normal_per_s = out.rate_per_minute(HOUR, fail_from) / 60.0;
    let during = out.rate_per_minute(fail_from + MINUTE, fail_to);
    let peak_after = out.per_second[(fail_to / SECOND) as usize..((fail_to + 20 * MINUTE) / SECOND) as usize].iter().max().copied().unwrap();
    println!("503 with one Retry-After date for everyone (2 h to 2 h 10):");
    println!(
        "  during: {during:.0} req/min against {:.0} normal; busiest second after the date {peak_after} req ({:.1} x the normal mean)",
        normal_per_s * 60.0,
        f64::from(peak_after) / normal_per_s
    );
    // Only clients whose regular poll fell into the window asked at all, and none came back before the date.
    assert!(during < normal_per_s * 60.0 * 1.1);
    assert!(f64::from(peak_after) < normal_per_s * 3.0, "the herd is spread: {peak_after}");
}

#[test]
fn hidden_tabs_make_no_requests() {
    // Half the tabs are opened in the background and stay hidden; a quarter
    // are hidden from 1 h to 2 h and then shown again.
    let out = simulate(
        &PollPolicy::default(),
        3 * HOUR,
        |_| Answer::NotModified,
        |id| match id % 4 {
            0 | 1 => vec![(0, Event::Hide)],
            2 => vec![(HOUR, Event::Hide), (2 * HOUR, Event::Show)],
            _ => Vec::new(),
        },
    );
    let never_shown: u64 = out.clients.iter().enumerate().filter(|(id, _)| id % 4 < 2).map(|(_, c)| c.requests).sum();
    let during_hide = out.rate_per_minute(HOUR + 10 * MINUTE, 2 * HOUR);
    let visible_only = out.rate_per_minute(30 * MINUTE, HOUR);
    let just_after_show = out.per_second[(2 * HOUR / SECOND) as usize..(2 * HOUR / SECOND) as usize + 5].iter().sum::<u32>();
    println!("hidden tabs (5,000 always hidden, 2,500 hidden from 1 h to 2 h):");
    println!("  requests from always-hidden tabs: {never_shown}");
    println!("  {visible_only:.0} req/min with 5,000 visible tabs, {during_hide:.0} req/min with 2,500 visible");
    println!("  {just_after_show} requests in the 5 s after 2,500 tabs became visible again (overdue polls)");
    assert_eq!(never_shown, 0);
    // Only the 2,500 always-visible tabs poll while the others are hidden: 500 req/min.
    assert!((during_hide - 500.0).abs() < 50.0, "{during_hide}");
    assert!((visible_only - 1000.0).abs() < 60.0, "{visible_only}");
    assert!(just_after_show > 2_000, "shown tabs catch up at once");
}
