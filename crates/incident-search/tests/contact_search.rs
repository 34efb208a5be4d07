//! The contacts the search finds for queries about reaching us
//! (`SearchIndex::search_contacts`): which, in which order, and for which
//! queries none, against the example cyber-attack feed.

use incident_feed::model::{Contact, Feed, Text};
use incident_feed::phone::tel_uri;
use incident_search::SearchIndex;
use serde_json::Value;

fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn feed() -> Feed {
    incident_feed::parse_feed(&std::fs::read_to_string(root().join("examples/feeds/cyberangriff.json")).unwrap()).unwrap()
}

/// The ids of the contacts found, best first.
fn found(index: &SearchIndex, feed: &Feed, query: &str, lang: &str) -> Vec<String> {
    index.search_contacts(query, lang, 3).into_iter().map(|h| feed.contacts[h.index].id.clone()).collect()
}

#[test]
fn german_questions_about_calling_find_the_hotline_first() {
    let feed = feed();
    let index = SearchIndex::new(&feed);
    for query in [
        "hotline nummer",
        "Hotline",
        "telefonnummer",
        "Rufnummer",
        "anrufen",
        "wen kann ich anrufen",
        "Telefon",
        "Tel",
        "Wie erreiche ich euch telefonisch",
        "Wann sind Sie erreichbar?",
        "Nummer",
    ] {
        let ids = found(&index, &feed, query, "de");
        assert_eq!(ids.first().map(String::as_str), Some("hotline-cyberangriff"), "{query:?}: {ids:?}");
        assert!(ids.iter().any(|id| id == "kundenservice"), "{query:?}: every dialable number is a match: {ids:?}");
    }
}

#[test]
fn english_questions_about_calling_find_the_hotline_first() {
    let feed = feed();
    let index = SearchIndex::new(&feed);
    for query in ["hotline number", "phone number", "call", "who can I call", "phone", "opening hours"] {
        let ids = found(&index, &feed, query, "en");
        assert_eq!(ids.first().map(String::as_str), Some("hotline-cyberangriff"), "{query:?}: {ids:?}");
    }
    // The original's words on the English page: found in the default language.
    assert_eq!(found(&index, &feed, "Telefonnummer", "en")[0], "hotline-cyberangriff");
}

#[test]
fn contact_finds_every_way_to_reach_us_and_the_form_first() {
    let feed = feed();
    let index = SearchIndex::new(&feed);
    for (query, lang) in [("kontakt", "de"), ("Kontaktformular", "de"), ("contact", "en"), ("contact form", "en")] {
        let ids = found(&index, &feed, query, lang);
        assert_eq!(ids, ["notfall-kontaktformular", "hotline-cyberangriff", "kundenservice"], "{query:?} in {lang}");
    }
}

#[test]
fn the_label_decides_among_the_contacts() {
    let feed = feed();
    let index = SearchIndex::new(&feed);
    assert_eq!(found(&index, &feed, "Kundenservice Telefon", "de")[0], "kundenservice");
    assert_eq!(found(&index, &feed, "kundenservice nummer", "de")[0], "kundenservice");
    assert_eq!(found(&index, &feed, "customer service phone", "en")[0], "kundenservice");
    assert_eq!(found(&index, &feed, "Hotline zum Angriff", "de")[0], "hotline-cyberangriff");
    // The label's matched words are marked, in the searched language.
    let hit = &index.search_contacts("Hotline anrufen", "de", 3)[0];
    let label = feed.contacts[hit.index].label.get("de", "de");
    assert_eq!(hit.label.iter().map(|r| &label[r.clone()]).collect::<Vec<_>>(), ["Hotline"]);
    let hit = &index.search_contacts("call the hotline", "en", 3)[0];
    let label = feed.contacts[hit.index].label.get("en", "de");
    assert_eq!(hit.label.iter().map(|r| &label[r.clone()]).collect::<Vec<_>>(), ["hotline"]);
}

#[test]
fn typos_still_find_the_hotline() {
    let feed = feed();
    let index = SearchIndex::new(&feed);
    for (query, lang) in [("hotlien", "de"), ("Hotlne", "de"), ("telefonnumer", "de"), ("Telefonnumme", "de"), ("hotlien", "en"), ("numbre", "en")] {
        assert_eq!(found(&index, &feed, query, lang).first().map(String::as_str), Some("hotline-cyberangriff"), "{query:?} in {lang}");
    }
}

/// A contact whose label has umlauts, added to the example's.
fn with_emergency_service() -> Feed {
    let mut feed = feed();
    let mut map = std::collections::BTreeMap::new();
    map.insert("de".to_owned(), "Störungsdienst Fernwärme".to_owned());
    map.insert("en".to_owned(), "District heating faults".to_owned());
    feed.contacts.push(Contact {
        id: "stoerungsdienst".into(),
        label: Text::Translated(map),
        phone: Some("0800 5509999".into()),
        email: None,
        url: None,
        hours: Some(Text::Plain("rund um die Uhr".into())),
        note: Some(Text::Plain("Auch an Feiertagen für Notfälle".into())),
    });
    feed
}

#[test]
fn umlauts_match_however_typed() {
    let feed = with_emergency_service();
    let index = SearchIndex::new(&feed);
    for query in [
        "Störungsdienst Telefon",
        "Stoerungsdienst Telefon",
        "storungsdienst nummer",
        "Fernwärme Hotline",
        "fernwaerme anrufen",
        "Notfälle Telefonnummer",
        "notfalle telefon",
    ] {
        assert_eq!(found(&index, &feed, query, "de").first().map(String::as_str), Some("stoerungsdienst"), "{query:?}");
    }
    assert_eq!(found(&index, &feed, "district heating phone", "en")[0], "stoerungsdienst");
}

#[test]
fn queries_not_about_reaching_us_find_no_contacts() {
    let feed = with_emergency_service();
    let index = SearchIndex::new(&feed);
    // Words of the contacts' labels and notes alone do not ask for a contact:
    // the FAQ answers "Angriff".
    for query in [
        "Angriff",
        "Cyber-Angriff",
        "Hackerangriff",
        "Störung",
        "kostenfrei",
        "Passwort",
        "Heizkostenabrechnung",
        "Termin",
        "Hausnummer",
        "Straße Hausnummer",
        "e",
        "te",
        "we",
        "",
        "   ",
    ] {
        assert_eq!(found(&index, &feed, query, "de"), Vec::<String>::new(), "{query:?}");
    }
    for query in ["password", "cyber attack", "invoice", "appointment"] {
        assert_eq!(found(&index, &feed, query, "en"), Vec::<String>::new(), "{query:?}");
    }
}

/// Over the labelled FAQ queries (`tests/data/search-queries.json`): the
/// contacts show for the questions about how to reach us, and for no other.
#[test]
fn labelled_queries_find_contacts_exactly_when_they_ask_how_to_reach_us() {
    let text = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/search-queries.json")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    let feed = feed();
    let index = SearchIndex::new(&feed);
    let mut with_contacts = Vec::new();
    for q in v["queries"].as_array().unwrap() {
        let (query, lang) = (q["query"].as_str().unwrap(), q["lang"].as_str().unwrap());
        let relevant: Vec<&str> = q["relevant"].as_array().unwrap().iter().map(|r| r.as_str().unwrap()).collect();
        let ids = found(&index, &feed, query, lang);
        if relevant == ["erreichbarkeit"] {
            assert_eq!(ids.first().map(String::as_str), Some("hotline-cyberangriff"), "{query:?} asks how to reach us");
        }
        if !ids.is_empty() {
            assert!(relevant.contains(&"erreichbarkeit"), "{query:?} is not about reaching us, but found {ids:?}");
            with_contacts.push(query);
        }
    }
    assert!(with_contacts.len() >= 3, "{with_contacts:?}");
}

#[test]
fn contacts_change_nothing_in_the_faq_ranking() {
    let text = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/search-queries.json")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    let feed = with_emergency_service();
    let mut without = feed.clone();
    without.contacts.clear();
    let (with_index, without_index) = (SearchIndex::new(&feed), SearchIndex::new(&without));
    let extra = [("hotline nummer", "de"), ("telefonnummer", "de"), ("kontakt", "de"), ("anrufen", "de"), ("phone number", "en")];
    let queries = v["queries"].as_array().unwrap().iter().map(|q| (q["query"].as_str().unwrap(), q["lang"].as_str().unwrap())).chain(extra);
    for (query, lang) in queries {
        assert_eq!(with_index.search(query, lang, 16), without_index.search(query, lang, 16), "{query:?} in {lang}");
    }
    assert!(without_index.search_contacts("hotline", "de", 3).is_empty(), "no contacts, none found");
}

#[test]
fn a_number_that_cannot_be_dialled_is_still_a_phone_contact() {
    // The widget shows it as text, not as a link; asking for a phone finds it.
    let mut feed = feed();
    feed.contacts.truncate(1);
    feed.contacts[0].phone = Some("intern 12".into());
    feed.contacts[0].label = Text::Plain("Leitstelle".into());
    assert_eq!(tel_uri("intern 12"), None);
    let index = SearchIndex::new(&feed);
    assert_eq!(found(&index, &feed, "Telefon", "de"), ["hotline-cyberangriff"]);
    assert_eq!(found(&index, &feed, "Leitstelle anrufen", "de"), ["hotline-cyberangriff"]);
}

#[test]
fn limits_hold_and_ties_keep_the_feeds_order() {
    let feed = feed();
    let index = SearchIndex::new(&feed);
    assert_eq!(index.search_contacts("kontakt", "de", 1).len(), 1);
    assert!(index.search_contacts("kontakt", "de", 0).is_empty());
    let hits = index.search_contacts("Tel", "de", 3);
    for w in hits.windows(2) {
        assert!(w[0].score > w[1].score || (w[0].score == w[1].score && w[0].index < w[1].index), "{hits:?}");
    }
    let _ = index.search_contacts(&"Telefon ".repeat(2_000), "de", 3);
    let _ = index.search_contacts(&"ü\u{0308}\u{200D}👩‍👩‍👧 ".repeat(200), "fr", 3);
}
