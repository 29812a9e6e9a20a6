//! Where every page lives, in one place. Paths are relative to the site root and end in
//! `/` (a folder with `index.html`), so the site works under any base path.

use crate::model::Id;

/// The pages every site has, by address.
pub const HOME: &str = "";
pub const LANDSCAPE: &str = "landscape/";
pub const SEARCH: &str = "search/";
pub const COMPARE: &str = "compare/";
pub const PROVIDERS: &str = "providers/";
pub const AREAS: &str = "areas/";
pub const INTERVENTIONS: &str = "interventions/";
pub const SCHEMES: &str = "schemes/";
pub const FRAMEWORKS: &str = "frameworks/";
/// Written where static hosts look for it; no page links it.
pub const PRACTICE_MODELS: &str = "practice-models/";
pub const NOT_FOUND: &str = "404.html";
/// The theme's files, and the open data, live under these folders.
pub const ASSETS: &str = "assets/";
pub const DATA: &str = "data/";

pub fn provider(id: &str) -> String {
    format!("providers/{id}/")
}
/// Providers whose names start with `letter`. Not under `providers/`, where a provider
/// with the id `a` would collide with it.
pub fn letter(letter: &str) -> String {
    format!("a-z/{letter}/")
}
pub fn area(id: &str) -> String {
    format!("areas/{id}/")
}
pub fn intervention(id: &str) -> String {
    format!("interventions/{id}/")
}
pub fn scheme(id: &str) -> String {
    format!("schemes/{id}/")
}
pub fn framework(id: &str) -> String {
    format!("frameworks/{id}/")
}
pub fn lot(framework: &Id, number: u32) -> String {
    format!("frameworks/{framework}/lot-{number}/")
}
/// The list of practice models, one page with an anchor for each.
pub fn practice_models() -> String {
    PRACTICE_MODELS.into()
}
pub fn practice_model(id: &str) -> String {
    format!("practice-models/{id}/")
}
/// A content page: `guides/choosing.md` → `guides/choosing/`; `guides/_index.md` → `guides/`.
pub fn content(rel: &str) -> String {
    let stem = rel.strip_suffix(".md").unwrap_or(rel);
    let stem = stem.strip_suffix("_index").unwrap_or(stem);
    let stem = stem.trim_end_matches('/');
    if stem.is_empty() {
        String::new()
    } else {
        format!("{stem}/")
    }
}
/// A section's print-everything page, under the section's own address.
pub fn print(section: &str) -> String {
    format!("{section}print/")
}
/// How many providers' comparison records one file holds, on average: one file per provider
/// was a file per provider more on the host; a few dozen kilobytes is still one quick fetch.
pub const COMPARE_GROUP: usize = 16;

/// How many files the comparison records of `providers` providers are spread over.
pub fn compare_files(providers: usize) -> usize {
    providers.div_ceil(COMPARE_GROUP).max(1)
}

/// Which of `files` files holds provider `id`'s comparison record: a hash of the id (32-bit
/// FNV-1a), so the compare page finds it from the id alone. `compare.js` computes the same.
pub fn compare_file_of(id: &str, files: usize) -> usize {
    let mut h: u32 = 0x811c_9dc5;
    for b in id.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h as usize % files.max(1)
}

/// The n-th file (from 0) of comparison records.
pub fn compare_data(n: usize) -> String {
    format!("{COMPARE}data/{n}.json")
}
/// The n-th page (1-based) of a paginated list at `base`.
pub fn paged(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{n}/")
    }
}

/// Whether `id` is a safe slug: lower-case ASCII letters and digits, single hyphens between.
pub fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 100
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
}

/// A slug suggestion for an id that is not one.
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_cannot_escape_the_output_folder() {
        for bad in ["../etc", "a/b", "%2e%2e", "..", "", "A", "a b", "a--b", "-a", "/abs", "a.b"] {
            assert!(!is_slug(bad), "{bad}");
        }
        assert!(is_slug("acorn-tree-2"));
        assert_eq!(slugify("Acorn Tree (Hackney)"), "acorn-tree-hackney");
    }

    #[test]
    fn content_urls() {
        assert_eq!(content("_index.md"), "");
        assert_eq!(content("guides/_index.md"), "guides/");
        assert_eq!(content("guides/choosing.md"), "guides/choosing/");
    }
}
