//! Light suffix stemming for German and English.
//!
//! Light on purpose: an aggressive stemmer (Snowball) merges words customers
//! keep apart and costs bundle size; here only inflection is removed, so that
//! "Abrechnungen" finds "Abrechnung" and "changed" finds "change". German
//! follows Savoy's light stemmer; English strips plural, "-ing", "-ed" and a
//! final "e". Input is folded text (lower case, no diacritics).

/// Which suffix rules apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lang {
    German,
    English,
    /// Languages without rules: words are compared unstemmed.
    Other,
}

impl Lang {
    /// The rules for a BCP 47 tag such as `de`, `de-AT` or `en-GB`.
    pub(crate) fn from_tag(tag: &str) -> Lang {
        let primary = tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        match primary.as_str() {
            "de" | "gsw" => Lang::German,
            "en" => Lang::English,
            _ => Lang::Other,
        }
    }
}

/// The stem of a folded word.
pub(crate) fn stem(word: &str, lang: Lang) -> String {
    match lang {
        Lang::German => german(word),
        Lang::English => english(word),
        Lang::Other => word.to_owned(),
    }
}

fn len(s: &str) -> usize {
    s.chars().count()
}

fn cut(s: &mut String, n: usize) {
    // Suffixes are ASCII, so cutting bytes stays on a char boundary.
    s.truncate(s.len() - n);
}

fn before(s: &str, n: usize) -> Option<char> {
    s[..s.len() - n].chars().next_back()
}

fn german(word: &str) -> String {
    let mut s = word.to_owned();
    let n = len(&s);
    let step1 = if n > 5 && s.ends_with("ern") {
        3
    } else if n > 4 && (s.ends_with("em") || s.ends_with("en") || s.ends_with("er") || s.ends_with("es")) {
        2
    } else if (n > 3 && s.ends_with('e')) || (n > 3 && s.ends_with('s') && before(&s, 1).is_some_and(|c| "bdfghklmnrt".contains(c))) {
        1
    } else {
        0
    };
    cut(&mut s, step1);
    let n = len(&s);
    let step2 = if n > 5 && s.ends_with("est") {
        3
    } else if (n > 4 && (s.ends_with("er") || s.ends_with("en"))) || (n > 5 && s.ends_with("st") && before(&s, 2).is_some_and(|c| "bdfghklmnt".contains(c))) {
        2
    } else {
        0
    };
    cut(&mut s, step2);
    s
}

fn english(word: &str) -> String {
    let mut s = word.to_owned();
    let n = len(&s);
    if n > 4 && s.ends_with("ies") && !s.ends_with("eies") && !s.ends_with("aies") {
        cut(&mut s, 3);
        s.push('y');
    } else if n > 3 && s.ends_with('s') && !s.ends_with("ss") && !s.ends_with("us") && !s.ends_with("is") {
        cut(&mut s, 1);
    }
    let n = len(&s);
    if n > 5 && s.ends_with("ing") {
        cut(&mut s, 3);
    } else if n > 4 && s.ends_with("ied") {
        cut(&mut s, 3);
        s.push('y');
    } else if n > 4 && s.ends_with("ed") && !s.ends_with("eed") {
        cut(&mut s, 2);
    }
    if len(&s) > 3 && s.ends_with('e') {
        cut(&mut s, 1);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn de(w: &str) -> String {
        stem(w, Lang::German)
    }
    fn en(w: &str) -> String {
        stem(w, Lang::English)
    }

    #[test]
    fn german_inflections_share_a_stem() {
        assert_eq!(de("abrechnungen"), de("abrechnung"));
        assert_eq!(de("passworter"), de("passwort"));
        assert_eq!(de("passwortern"), de("passwort"));
        assert_eq!(de("termine"), de("termin"));
        assert_eq!(de("andern"), de("andere"));
        assert_eq!(de("systeme"), de("systems"));
    }

    #[test]
    fn german_keeps_short_words() {
        assert_eq!(de("rat"), "rat");
        assert_eq!(de("eis"), "eis");
    }

    #[test]
    fn english_inflections_share_a_stem() {
        assert_eq!(en("attacks"), en("attack"));
        assert_eq!(en("changed"), en("change"));
        assert_eq!(en("changing"), en("change"));
        assert_eq!(en("deliveries"), en("delivery"));
        assert_eq!(en("issues"), en("issue"));
        assert_eq!(en("delayed"), en("delay"));
    }

    #[test]
    fn english_keeps_ss_and_us() {
        assert_eq!(en("access"), "access");
        assert_eq!(en("status"), "status");
        assert_eq!(en("need"), "need");
    }

    #[test]
    fn multibyte_words_do_not_panic() {
        assert_eq!(de("日本語"), "日本語");
        assert_eq!(en("ñs"), "ñs");
        assert_eq!(de("עבריתes"), "עברית");
    }

    #[test]
    fn tags_pick_rules() {
        assert_eq!(Lang::from_tag("de-AT"), Lang::German);
        assert_eq!(Lang::from_tag("EN"), Lang::English);
        assert_eq!(Lang::from_tag("fr"), Lang::Other);
    }
}
