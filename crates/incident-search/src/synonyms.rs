//! A small built-in German/English synonym list for incident vocabulary.
//!
//! Feeds add their own words per entry (`keywords`); this list covers what
//! nearly every incident FAQ needs, so a customer's "Hackerangriff" or
//! "Zugangsdaten" finds the entry that says "Cyber-Angriff" or "Kennwort"
//! even without keywords. Groups hold single words only: a query is matched
//! word by word.

use super::normalise::{collapse_umlauts, fold};
use super::stem::{stem, Lang};
use incident_feed::order;

const GROUPS: &[&[&str]] = &[
    &[
        "Angriff",
        "Cyberangriff",
        "Hackerangriff",
        "Cyberattacke",
        "Hackerattacke",
        "Attacke",
        "Hacker",
        "Hack",
        "gehackt",
        "Ransomware",
        "Erpressung",
        "attack",
        "cyberattack",
        "hacked",
        "hackers",
        "breach",
    ],
    &["Passwort", "Kennwort", "Zugangsdaten", "Anmeldedaten", "Logindaten", "Login", "Zugang", "password", "passcode", "credentials"],
    &["Rechnung", "Abrechnung", "Heizkostenabrechnung", "Nebenkostenabrechnung", "Betriebskostenabrechnung", "invoice", "bill", "billing", "statement"],
    &["Termin", "Besuch", "Vor-Ort-Termin", "appointment", "visit", "booking"],
    &["Zähler", "Messgerät", "Wärmezähler", "Wasserzähler", "Zählerstand", "meter", "reading"],
    &["Ablesung", "ablesen", "Zählerablesung", "reading"],
    &["Portal", "Kundenportal", "Onlineportal", "Kundenkonto", "Konto", "portal", "account"],
    &["Phishing", "Spam", "Betrug", "Betrugsmail", "Fake", "scam", "fraud", "phishing"],
    &["Datenleck", "Datenpanne", "Datendiebstahl", "Datenabfluss", "Leak", "leak", "breach"],
    &["Störung", "Ausfall", "Großstörung", "Problem", "outage", "disruption", "downtime"],
    &["Hotline", "Telefon", "Telefonnummer", "anrufen", "Rufnummer", "phone", "call", "telephone"],
    &["E-Mail", "Email", "Mail", "Mails", "email"],
    &["Monteur", "Techniker", "Servicetechniker", "technician", "engineer"],
    &["Umzug", "Auszug", "Einzug", "umziehen", "moving", "move"],
    &["Polizei", "Anzeige", "Strafanzeige", "Behörde", "police", "authority"],
    &["Kosten", "Gebühr", "bezahlen", "zahlen", "charge", "fee", "pay", "cost"],
    &["Daten", "Kundendaten", "persönliche", "data", "personal"],
];

/// The groups in stemmed, normalised form for one language's rules.
pub(crate) struct Synonyms {
    /// Sorted (stem, group) pairs, for binary search.
    by_stem: Vec<(String, u16)>,
    groups: Vec<Vec<String>>,
}

/// The comparable stem of a raw word, exactly as the index computes it.
pub(crate) fn key(word: &str, lang: Lang) -> String {
    collapse_umlauts(&stem(&fold(word), lang))
}

impl Synonyms {
    /// The built-in groups under `lang`'s stemming rules.
    pub(crate) fn new(lang: Lang) -> Self {
        let mut by_stem = Vec::new();
        let mut groups = Vec::with_capacity(GROUPS.len());
        for (g, words) in GROUPS.iter().enumerate() {
            let mut stems: Vec<String> = words.iter().map(|w| key(&w.replace('-', ""), lang)).collect();
            order::sort(&mut stems);
            stems.dedup();
            for s in &stems {
                by_stem.push((s.clone(), g as u16));
            }
            groups.push(stems);
        }
        order::sort(&mut by_stem);
        Synonyms { by_stem, groups }
    }

    /// Stems that mean the same as `stem` (without `stem` itself).
    pub(crate) fn of<'a>(&'a self, stem: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        let start = self.by_stem.partition_point(|(s, _)| s.as_str() < stem);
        self.by_stem[start..]
            .iter()
            .take_while(move |(s, _)| s == stem)
            .flat_map(move |&(_, g)| self.groups[g as usize].iter().map(String::as_str))
            .filter(move |s| *s != stem)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_group_members() {
        let syn = Synonyms::new(Lang::German);
        let hacker = key("Hackerangriff", Lang::German);
        let found: Vec<&str> = syn.of(&hacker).collect();
        assert!(found.contains(&key("Cyberangriff", Lang::German).as_str()));
        assert!(found.contains(&key("Angriff", Lang::German).as_str()));
        assert!(!found.contains(&hacker.as_str()));
        let zugang = key("Zugangsdaten", Lang::German);
        assert!(syn.of(&zugang).any(|s| s == key("Kennwort", Lang::German)));
    }

    #[test]
    fn unknown_words_have_none() {
        let syn = Synonyms::new(Lang::English);
        assert_eq!(syn.of("zzzz").count(), 0);
    }
}
