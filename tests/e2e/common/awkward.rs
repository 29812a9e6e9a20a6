//! The example site plus records whose text holds what HTML minifiers get wrong, for the
//! tests that hold minify-html to the unminified build (`tests/e2e/compact.rs`) and to the Nu
//! HTML Checker (`tests/e2e/valid_html.rs`).

use super::{copy_site, repo_root};
use std::path::Path;

/// A summary holding both quotes and a `>` (minify-html-onepass panicked on it) and a website
/// whose query string holds `&sect`, the start of a character reference (it was republished
/// as `&ampsection`, a broken link).
pub const PROVIDER: &str = r#"name: Quotes & Brackets Therapy
legal_form: company
sme: true
vcse: false
summary: x'">
description: |
  Says "yes" to 'single' and "double" quotes, <angle brackets> & ampersands; a=b c.
services:
  - intervention: psychotherapy
    ages: 5-18
    delivery: [in-person]
    areas: [hackney]
    wait_weeks: 4
    accepting: true
    funding: [council]
contact:
  email: hello@quotes.example
  website: https://quotes.example/listing?id=7&section=2
  referral: Write to "Referrals" at x'"> and we reply.
reviewed: 2026-10-01
"#;

/// A page whose front matter's description is the same awkward text.
pub const PAGE: &str = "---\ntitle: Awkward text\ndescription: x'\">\n---\n\nSee [the listing](https://quotes.example/listing?id=7&section=2&copy=1) and `x'\">`.\n";

pub const WEBSITE: &str = "https://quotes.example/listing?id=7&section=2";

/// Writes the example plus [`PROVIDER`] and [`PAGE`] into `root`, minified as the example
/// asks or not.
pub fn site(root: &Path, minify: bool) {
    copy_site(&repo_root(), root);
    std::fs::write(root.join("providers/orgs/quotes-and-brackets.yaml"), PROVIDER).unwrap();
    std::fs::write(root.join("content/awkward-text.md"), PAGE).unwrap();
    let site_yaml = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    assert!(site_yaml.contains("\nminify: true"), "the example is meant to be minified");
    if !minify {
        std::fs::write(root.join("site.yaml"), site_yaml.replace("\nminify: true", "\nminify: false")).unwrap();
    }
}
