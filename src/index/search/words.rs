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

/// Lower case with accents folded, as `search.js` does with NFD plus a few letters.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        let r: &str = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
            'æ' => "ae",
            'ç' | 'ć' | 'ĉ' | 'č' => "c",
            'ď' | 'đ' | 'ð' => "d",
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
            'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
            'ł' | 'ľ' | 'ļ' | 'ĺ' => "l",
            'ñ' | 'ń' | 'ň' | 'ņ' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
            'œ' => "oe",
            'ř' | 'ŕ' => "r",
            'ś' | 'š' | 'ş' | 'ș' => "s",
            'ß' => "ss",
            'ť' | 'ţ' | 'ț' => "t",
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
            'ŵ' => "w",
            'ý' | 'ÿ' | 'ŷ' => "y",
            'ź' | 'ż' | 'ž' => "z",
            '’' | '\'' => "",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(r);
    }
    out
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
    out.retain(|w| (w.chars().count() > 1 || w.chars().all(|c| c.is_ascii_digit())) && !is_stop(w));
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
}
