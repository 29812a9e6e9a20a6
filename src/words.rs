/*!
Words: how a name reads inside a sentence, and how a count reads with its noun.

Every stage that writes prose for a person (diagnostics, pages, the search data) goes
through these few functions, so that "1 provider" and "speech and language therapy (SALT)"
read the same everywhere. The templates reach them as the filters `counted` and
`in_sentence`, registered in [`crate::render`].
*/

/// Whether `word` is written in capitals on purpose (SEND, CBT, ASGSF, UKCP, iPad, McTimoney)
/// and so must keep its case in any sentence: it has a capital after its first letter.
fn keeps_case(word: &str) -> bool {
    word.chars().skip(1).any(char::is_uppercase)
}

/// `name` as it reads after the start of a sentence ("accepting referrals for …"): the first
/// word in lower case, unless it is an acronym or the like; every other word as written, so
/// "Cognitive behavioural therapy (CBT)" reads "cognitive behavioural therapy (CBT)" and
/// "SEND therapies" stays as it is. Names are written in sentence case in the register.
pub fn in_sentence(name: &str) -> String {
    let mut words = name.split(|c: char| !c.is_alphanumeric() && c != '\'').filter(|w| !w.is_empty());
    let first_word = words.next().unwrap_or("");
    // A later word with a capital of its own makes the whole a proper name
    // ("Adoption and Special Guardianship Support Fund"), which keeps its capitals.
    let proper = words.any(|w| w.starts_with(char::is_uppercase) && !keeps_case(w));
    if keeps_case(first_word) || proper {
        return name.to_string();
    }
    let mut out = String::with_capacity(name.len());
    let mut done = false;
    for c in name.chars() {
        if !done && c.is_alphanumeric() {
            out.extend(c.to_lowercase());
            done = true;
        } else {
            out.push(c);
        }
    }
    out
}

/// The plural of an English noun written in the singular: `provider` → `providers`,
/// `body` → `bodies`, `day` → `days`, `match` → `matches`. The last word of a phrase is the
/// one made plural (`active provider` → `active providers`).
pub fn plural(noun: &str) -> String {
    let lower = noun.to_lowercase();
    let vowel_before_y = lower.len() >= 2 && matches!(lower.as_bytes()[lower.len() - 2], b'a' | b'e' | b'o' | b'u');
    if lower.ends_with('y') && !vowel_before_y && lower.len() > 1 {
        format!("{}ies", &noun[..noun.len() - 1])
    } else if ["s", "x", "z", "ch", "sh"].iter().any(|e| lower.ends_with(e)) {
        format!("{noun}es")
    } else if lower.ends_with("child") {
        format!("{noun}ren")
    } else {
        format!("{noun}s")
    }
}

/// `n` and the noun, in the plural unless `n` is exactly one: "0 providers", "1 provider",
/// "2 providers". The one helper for every count shown in words.
pub fn counted(n: impl Into<f64>, noun: &str) -> String {
    counted_as(n, noun, &plural(noun))
}

/// [`counted`] with the plural given, for a noun [`plural`] gets wrong ("person", "people").
pub fn counted_as(n: impl Into<f64>, one: &str, many: &str) -> String {
    let n = n.into();
    let shown = if n.fract() == 0.0 { format!("{}", n as i64) } else { format!("{n}") };
    format!("{shown} {}", if n == 1.0 { one } else { many })
}

/// A name and what kind of thing it is, said once: "Music therapy (creative therapy)", but
/// "Speech and language therapy" alone when the kind is the name.
pub fn named(name: &str, kind: &str) -> String {
    if name.trim().eq_ignore_ascii_case(kind.trim()) {
        name.to_string()
    } else {
        format!("{name} ({})", in_sentence(kind))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_keep_their_case_in_a_sentence() {
        assert_eq!(in_sentence("Cognitive behavioural therapy (CBT)"), "cognitive behavioural therapy (CBT)");
        assert_eq!(in_sentence("SEND therapies"), "SEND therapies");
        assert_eq!(in_sentence("EMDR"), "EMDR");
        assert_eq!(in_sentence("Dyadic developmental psychotherapy (DDP)"), "dyadic developmental psychotherapy (DDP)");
        assert_eq!(in_sentence("NHS"), "NHS");
        assert_eq!(in_sentence("Integrated Care Board (NHS)"), "Integrated Care Board (NHS)");
        assert_eq!(in_sentence("Community of Communities accreditation"), "Community of Communities accreditation");
        assert_eq!(in_sentence("Children's homes"), "children's homes");
        assert_eq!(in_sentence("Counselling"), "counselling");
        assert_eq!(in_sentence("“Speech” and language"), "“speech” and language");
        assert_eq!(in_sentence(""), "");
    }

    #[test]
    fn counts_of_one_are_singular() {
        assert_eq!(counted(0u32, "provider"), "0 providers");
        assert_eq!(counted(1u32, "provider"), "1 provider");
        assert_eq!(counted(2u32, "provider"), "2 providers");
        assert_eq!(counted(1u32, "active provider"), "1 active provider");
        assert_eq!(counted(3u32, "day"), "3 days");
        assert_eq!(counted(2u32, "body"), "2 bodies");
        assert_eq!(counted(2u32, "match"), "2 matches");
        assert_eq!(counted(2u32, "child"), "2 children");
        assert_eq!(counted(1.5, "week"), "1.5 weeks");
        assert_eq!(counted_as(1u32, "person", "people"), "1 person");
        assert_eq!(counted_as(2u32, "person", "people"), "2 people");
    }

    #[test]
    fn a_name_and_its_kind_are_said_once() {
        assert_eq!(named("Speech and language therapy", "Speech and language therapy"), "Speech and language therapy");
        assert_eq!(named("Music therapy", "Creative therapy"), "Music therapy (creative therapy)");
    }
}
