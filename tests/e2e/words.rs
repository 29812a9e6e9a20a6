//! Words on every page: names keep their acronyms, and a count of one takes the singular.
//! Each test builds real sites (the example, the minimal fixture and variants of it with
//! none, one and two of each counted thing) and reads every page back.

use crate::common;
use common::*;
use std::path::Path;

/// Builds the site at `root` and returns each page and data file written, as text.
fn built(root: &Path) -> Vec<(String, String)> {
    let out = tempfile::tempdir().unwrap();
    let o = build(root, out.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    tree(out.path())
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html") || p.ends_with(".json"))
        .map(|(p, b)| (p, String::from_utf8_lossy(&b).into_owned()))
        .collect()
}

/// The text a person reads: tags taken out, entities decoded.
fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    html::decode_entities(&out, false)
}

fn minimal() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_site(&repo_root().join("tests/fixtures/minimal"), dir.path());
    dir
}

fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let p = root.join(file);
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{file} has no `{from}`");
    std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
}

/// The names and groups the register gives (`name:` and `group:` lines).
fn register_names(root: &Path) -> Vec<String> {
    let mut names = Vec::new();
    for e in walkdir::WalkDir::new(root.join("providers")).into_iter().flatten() {
        if !e.file_type().is_file() {
            continue;
        }
        let text = std::fs::read_to_string(e.path()).unwrap_or_default();
        for l in text.lines() {
            let t = l.trim_start().trim_start_matches("- ");
            for key in ["name: ", "group: ", "title: "] {
                if let Some(v) = t.strip_prefix(key) {
                    names.push(v.trim().trim_matches('"').to_string());
                }
            }
        }
    }
    names
}

/// Words written in capitals on purpose: SEND, CBT, NHS (two capitals or more).
fn acronyms(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().filter(|c| c.is_uppercase()).count() >= 2)
        .map(str::to_string)
        .collect()
}

/// Every place a name with an acronym shows up lower-cased, on any page or in any data file
/// the pages read (the search page's filters are built from one).
fn mangled(root: &Path) -> Vec<String> {
    let mut names = register_names(root);
    // The model's own labels with an acronym, shown in sentences too.
    names.extend(["Integrated Care Board (NHS)", "NHS trust", "NHS"].map(String::from));
    // The pages, and the data the search page builds its filters from; other data files
    // hold the register's own lower-case values (`sector: nhs`), which are no words.
    let files: Vec<(String, String)> =
        built(root).into_iter().filter(|(p, _)| p.ends_with(".html") || p.starts_with("search/")).collect();
    let mut found = Vec::new();
    for name in names.iter().filter(|n| !acronyms(n).is_empty()) {
        let mut wrong = vec![name.to_lowercase()];
        wrong.extend(acronyms(name).iter().map(|a| format!("({})", a.to_lowercase())));
        wrong.push(format!("Any {}", name.to_lowercase()));
        for (path, body) in &files {
            let text = if path.ends_with(".html") { text_of(body) } else { body.clone() };
            for w in wrong.iter().filter(|w| w.as_str() != name) {
                if contains_word(&text, w) {
                    found.push(format!("{path}: `{w}` (the register writes `{name}`)"));
                }
            }
        }
    }
    found
}

/// Whether `text` holds `w` as words of its own, not inside an address (`leaside-nhs.example`).
fn contains_word(text: &str, w: &str) -> bool {
    let joined = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '@' | '/' | '_'));
    text.match_indices(w).any(|(i, _)| {
        let mut after = text[i + w.len()..].chars();
        let (next, then) = (after.next(), after.next());
        // A full stop ends a sentence; one followed by a letter is inside an address.
        let joined_after = if next == Some('.') { then.is_some_and(char::is_alphanumeric) } else { joined(next) };
        !joined(text[..i].chars().last()) && !joined_after
    })
}

#[test]
fn acronyms_keep_their_case_on_every_page() {
    // The example, with its SEND therapies and DDP.
    let example = tempfile::tempdir().unwrap();
    copy_site(&repo_root(), example.path());
    let bad = mangled(example.path());
    assert!(bad.is_empty(), "{bad:#?}");

    // A register whose intervention's name ends in its acronym and whose group starts with one.
    let site = minimal();
    let r = site.path();
    edit(r, "providers/interventions.yaml", "name: Family therapy", "name: Cognitive behavioural therapy (CBT)");
    edit(r, "providers/interventions.yaml", "group: Talking therapies", "group: SEND therapies");
    edit(r, "providers/interventions.yaml", "name: Speech and language therapy", "name: EMDR");
    let bad = mangled(r);
    assert!(bad.is_empty(), "{bad:#?}");
    // The sentence on the intervention's page reads as English, the acronym kept.
    let files = built(r);
    let page = &files.iter().find(|(p, _)| p.starts_with("interventions/family-therapy/")).unwrap().1;
    assert!(text_of(page).contains("accepting referrals for cognitive behavioural therapy (CBT)."), "{page}");
}

/// Words after "1 " that end in `s` and are no plural noun.
const NOT_PLURAL: &[&str] = &[
    "is", "was", "has", "does", "across", "as", "plus", "its", "this", "thus", "us", "yes", "cites", "covers", "takes",
    "holds", "reaches", "states", "serves", "offers", "works", "needs", "means", "says", "runs", "ends", "starts",
    "opens", "lists", "gives", "shows", "pays", "applies", "assesses", "aligns", "belongs", "includes", "counts",
];

/// Every "1 <noun>s" in the text of the pages of the site at `root`.
fn ones_in_the_plural(root: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for (path, body) in built(root).into_iter().filter(|(p, _)| p.ends_with(".html")) {
        let text = text_of(&body);
        let chars: Vec<char> = text.chars().collect();
        for i in 0..chars.len().saturating_sub(2) {
            let before = if i == 0 { ' ' } else { chars[i - 1] };
            if chars[i] != '1' || chars[i + 1] != ' ' || before.is_alphanumeric() || matches!(before, '.' | ',' | '-') {
                continue;
            }
            let word: String = chars[i + 2..].iter().take_while(|c| c.is_ascii_lowercase() || **c == '-').collect();
            if word.len() > 2 && word.ends_with('s') && !word.ends_with("ss") && !NOT_PLURAL.contains(&word.as_str()) {
                let from = i.saturating_sub(40);
                let context: String = chars[from..(i + 2 + word.len() + 20).min(chars.len())].iter().collect();
                found.push(format!("{path}: 1 {word} … {}", context.split_whitespace().collect::<Vec<_>>().join(" ")));
            }
        }
    }
    found
}

#[test]
fn a_count_of_one_takes_the_singular_on_every_page() {
    // The minimal site: two providers, one on each lot, one award expiring, one area each.
    let two = minimal();
    let mut bad = ones_in_the_plural(two.path());

    // One provider: every count over providers is 1 (or 0) somewhere.
    let one = minimal();
    std::fs::remove_file(one.path().join("providers/orgs/birch-house.yaml")).unwrap();
    bad.extend(ones_in_the_plural(one.path()));

    // Awards and waits of one: an award expiring in one day, a wait of one week, one place.
    let edge = minimal();
    let r = edge.path();
    edit(r, "providers/orgs/acorn.yaml", "expires: 2027-04-30", "expires: 2026-11-24");
    edit(r, "providers/orgs/acorn.yaml", "wait_weeks: 6", "wait_weeks: 1");
    bad.extend(ones_in_the_plural(r));

    // The example: many of everything, and its own counts of one.
    let example = tempfile::tempdir().unwrap();
    copy_site(&repo_root(), example.path());
    bad.extend(ones_in_the_plural(example.path()));
    assert!(bad.is_empty(), "{} counts of one in the plural:\n{}", bad.len(), bad.join("\n"));
}

/// The theme words counts and names through the one helper: no template lower-cases a name
/// with `lower` (SEND would read "send") or makes a noun plural with a bare `pluralize`.
#[test]
fn templates_use_the_word_filters() {
    for e in std::fs::read_dir(repo_root().join("themes/default/templates")).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(e.path()).unwrap();
        let squeezed: String = text.split_whitespace().collect();
        assert!(!squeezed.contains("|lower"), "{name} lower-cases with `lower`: use `in_sentence`");
        assert!(!squeezed.contains("|pluralize}}"), "{name} makes a plural with `pluralize`: use `counted`");
        assert!(!squeezed.contains("%}s{%"), "{name} adds an `s` by hand: use `counted`");
    }
}
