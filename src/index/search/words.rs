/*!
Words: how text becomes search terms. The term index (`terms.rs`) stores words made by these
rules, and `themes/default/static/search/words.js` applies the same rules to what a reader
types, so both sides must agree: lower case, accents folded, split on anything not a letter
or digit (a dot between digits stays: `3.2`), stop words dropped, and a light plural stem
(`therapies` → `therapy`, `families` → `family`).
*/

/// Words too common to search for.
pub(super) fn is_stop(w: &str) -> bool {
    matches!(
        w,
        "a" | "an"
            | "and"
            | "are"
            | "as"
            | "at"
            | "be"
            | "but"
            | "by"
            | "for"
            | "from"
            | "has"
            | "have"
            | "in"
            | "is"
            | "it"
            | "its"
            | "of"
            | "on"
            | "or"
            | "our"
            | "so"
            | "that"
            | "the"
            | "their"
            | "them"
            | "they"
            | "this"
            | "to"
            | "us"
            | "was"
            | "we"
            | "were"
            | "which"
            | "who"
            | "will"
            | "with"
            | "you"
            | "your"
    )
}

/// Lower case with accents folded, as names are sorted ([`crate::link::sort_key`]) and as
/// `search/words.js` folds what a reader types: lower case (with the final-sigma rule, as
/// JavaScript's `toLowerCase` has it), canonical decomposition, the combining accents
/// dropped, and the few Latin letters that have no decomposition written with their base
/// letters; apostrophes go, so "children's" is one word. Both sides are tested with one
/// table of names in many scripts (`FOLDING` below and `tests/browser/fold.mjs`).
pub fn fold(s: &str) -> String {
    let lower = s.to_lowercase();
    let mut out = String::with_capacity(lower.len());
    for c in icu_normalizer::DecomposingNormalizerBorrowed::new_nfd().normalize_iter(lower.chars()) {
        match c {
            // The combining accents that decomposition splits off Latin letters.
            '\u{300}'..='\u{36f}' | '\'' | '’' => {}
            'ł' | 'ŀ' => out.push('l'),
            'ø' => out.push('o'),
            'đ' | 'ð' => out.push('d'),
            'ħ' => out.push('h'),
            'ı' => out.push('i'),
            'ŧ' => out.push('t'),
            'ŋ' => out.push('n'),
            'ĸ' => out.push('k'),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'ß' => out.push_str("ss"),
            'þ' => out.push_str("th"),
            c => out.push(c),
        }
    }
    out
}

/// One ASCII letter is too short to search for; one digit is not, nor one letter of a
/// script beyond ASCII (a Chinese or Japanese name may be one character a word).
pub(super) fn too_short(w: &str) -> bool {
    w.len() < 2 && !w.bytes().all(|b| b.is_ascii_digit())
}

/// A word as it is stored: plural endings taken off.
pub fn stem(w: &str) -> String {
    let mut out = String::new();
    stem_into(w, &mut out);
    out
}

pub(super) fn stem_into(w: &str, out: &mut String) {
    out.clear();
    if w.len() > 4 && w.ends_with("ies") {
        out.push_str(&w[..w.len() - 3]);
        out.push('y');
    } else if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        out.push_str(&w[..w.len() - 1]);
    } else {
        out.push_str(w);
    }
}

/// The words of a text, folded, before stemming; stop words and single letters dropped.
pub fn words(text: &str) -> Vec<String> {
    let folded = fold(text);
    let chars: Vec<char> = folded.chars().collect();
    let mut out = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let keep_dot =
            c == '.' && i > 0 && chars[i - 1].is_ascii_digit() && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit());
        if c.is_alphanumeric() || keep_dot {
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out.retain(|w| !too_short(w) && !is_stop(w));
    out
}

/// The plain text of a markdown string.
pub(super) fn markdown_text(md: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut s = String::with_capacity(md.len());
    for ev in Parser::new(md) {
        if let Event::Text(t) | Event::Code(t) = ev {
            s.push_str(&t);
            s.push(' ');
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_fold_stem_and_keep_numbers() {
        let w: Vec<String> = words("The Children's Therapies, TS-3.2 and Łódź Café!").iter().map(|w| stem(w)).collect();
        assert_eq!(w, ["children", "therapy", "ts", "3.2", "lodz", "cafe"]);
        assert_eq!(stem("families"), "family");
        assert_eq!(stem("class"), "class");
        assert_eq!(stem("focus"), "focus");
    }

    /// The table of names in many scripts that `tests/browser/run.mjs` also runs through
    /// `search/words.js`: each name's terms, and words a reader may type that must find it
    /// (each word stemmed is one of the terms, or begins one, as the browser matches).
    const FOLDING: &str = include_str!("../../../tests/fixtures/folding.json");

    #[test]
    fn names_in_many_scripts_fold_to_their_terms_and_are_found() {
        let table: serde_json::Value = serde_json::from_str(FOLDING).unwrap();
        let names = table["names"].as_array().unwrap();
        assert!(names.len() >= 15);
        for row in names {
            let name = row["name"].as_str().unwrap();
            let terms: Vec<String> = words(name).iter().map(|w| stem(w)).collect();
            assert!(!terms.is_empty(), "{name}: no terms");
            if let Some(want) = row.get("terms") {
                let want: Vec<&str> = want.as_array().unwrap().iter().map(|t| t.as_str().unwrap()).collect();
                assert_eq!(terms, want, "{name}");
            }
            for q in row["finds"].as_array().unwrap() {
                let q = q.as_str().unwrap();
                let typed = words(q);
                assert!(!typed.is_empty(), "{q:?} has no words");
                for w in typed {
                    let st = stem(&w);
                    assert!(
                        terms.iter().any(|t| *t == st || t.starts_with(&w)),
                        "{q:?} does not find {name:?}: {w:?} against {terms:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn folding_drops_accents_by_decomposition() {
        assert_eq!(fold("Ọmọ Ẹbí"), "omo ebi");
        assert_eq!(fold("ΟΔΥΣΣΕΑΣ"), "οδυσσεας");
        assert_eq!(fold("Children’s"), "childrens");
    }
}
