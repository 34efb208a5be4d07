//! Large synthetic FAQ feeds for benchmarks and scale tests.
//!
//! The entries are made of German and English incident vocabulary combined
//! by a fixed pseudo-random sequence, so two runs index the same corpus and
//! timings compare; compounds are glued from parts as in real German FAQs.

use serde_json::{json, Value};

use incident_feed::model::Feed;

const MODIFIERS: &[&str] = &[
    "Heizkosten",
    "Kunden",
    "Wasser",
    "Wärme",
    "Strom",
    "Zähler",
    "Service",
    "Daten",
    "Sicherheits",
    "Miet",
    "Betriebs",
    "Neben",
    "Online",
    "Not",
    "Ablese",
    "Vertrags",
    "Zahlungs",
    "Haus",
    "Funk",
    "Gas",
];
const HEADS: &[&str] = &[
    "abrechnung",
    "portal",
    "nummer",
    "termin",
    "zähler",
    "stand",
    "vertrag",
    "konto",
    "gebühr",
    "störung",
    "hotline",
    "meldung",
    "dienst",
    "ablesung",
    "wechsel",
    "schutz",
    "leck",
    "anfrage",
    "bestätigung",
    "frist",
];
const VERBS: &[&str] = &["ändern", "prüfen", "melden", "bezahlen", "ablesen", "erhalten", "kündigen", "verschieben", "erreichen", "senden"];
const FILLER: &[&str] = &[
    "Wir",
    "informieren",
    "Sie",
    "sobald",
    "die",
    "Systeme",
    "wieder",
    "laufen",
    "Bitte",
    "beachten",
    "Hinweise",
    "Angriff",
    "Monteure",
    "unterwegs",
    "Fristen",
    "halten",
    "ein",
    "Kundenservice",
    "telefonisch",
    "erreichbar",
    "Passwort",
    "Kennwort",
    "Verzögerung",
    "möglich",
    "Straße",
    "Hausnummer",
    "Wohnung",
    "Datum",
];
const EN_NOUNS: &[&str] = &[
    "statement",
    "portal",
    "number",
    "appointment",
    "meter",
    "reading",
    "contract",
    "account",
    "fee",
    "outage",
    "hotline",
    "report",
    "service",
    "password",
    "change",
    "protection",
    "leak",
    "request",
    "confirmation",
    "deadline",
];

/// A deterministic xorshift sequence: no `rand` dependency for a benchmark corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[(self.next() % list.len() as u64) as usize]
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_lowercase().chain(c).collect()).unwrap_or_default()
}

/// A feed with `n` FAQ entries in German and English (at most 5,000 are
/// valid feed content; larger `n` still builds for stress tests).
pub fn large_feed(n: usize) -> Feed {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let faq: Vec<Value> = (0..n)
        .map(|i| {
            let compound = format!("{}{}", rng.pick(MODIFIERS), rng.pick(HEADS));
            let other = format!("{}{}", rng.pick(MODIFIERS), rng.pick(HEADS));
            let verb = rng.pick(VERBS);
            let en = rng.pick(EN_NOUNS);
            let en2 = rng.pick(EN_NOUNS);
            let filler: Vec<&str> = (0..30 + rng.next() % 30).map(|_| rng.pick(FILLER)).collect();
            let en_filler: Vec<&str> = (0..30 + rng.next() % 30).map(|_| rng.pick(EN_NOUNS)).collect();
            json!({
                "id": format!("faq-{i}"),
                "question": {
                    "de": format!("Wie kann ich meine {compound} {verb}, wenn {} gestört ist?", lower_first(&other)),
                    "en": format!("How do I handle my {en} when the {en2} is disrupted?"),
                },
                "answer": {
                    "de": format!("{}. {compound} und {other} betreffen Fall {i}.", filler.join(" ")),
                    "en": format!("{}. Case {i}.", en_filler.join(" ")),
                },
                "keywords": [rng.pick(HEADS), rng.pick(EN_NOUNS)],
            })
        })
        .collect();
    let value = json!({
        "version": 1,
        "organisation": { "name": "Synthetic GmbH" },
        "updated_at": "2026-11-10T16:30:00+01:00",
        "default_language": "de",
        "status": { "level": "partial_outage", "headline": "Synthetic" },
        "faq": faq,
    });
    serde_json::from_value(value).expect("synthetic feed matches the model")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_requested_size_deterministically() {
        let a = large_feed(50);
        let b = large_feed(50);
        assert_eq!(a.faq.len(), 50);
        assert_eq!(a, b);
        let ids: std::collections::HashSet<&str> = a.faq.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids.len(), 50);
    }

    #[test]
    fn large_feed_is_searchable() {
        let feed = large_feed(300);
        let ix = crate::SearchIndex::new(&feed);
        assert!(!ix.search("abrechnung", "de", 10).is_empty());
        assert!(!ix.search("appointment", "en", 10).is_empty());
    }
}
