//! Dated pages: the accessibility statement a UK public body must publish, and any other
//! page whose front matter says when it was prepared and last reviewed.
//!
//! The regulations expect the statement to give both dates and to be reviewed regularly; a
//! statement left for a year no longer describes the site that is being published.

use super::handbook::{Handbook, Page};
use crate::date::Date;
use crate::diagnostic::{Diagnostic, Diagnostics};

/// The page that is the site's accessibility statement: `content/accessibility.md`, which the
/// footer links to.
pub const ACCESSIBILITY: &str = "accessibility";
/// The page that says what the site does with personal data: `content/privacy.md`.
pub const PRIVACY: &str = "privacy";

pub fn check(handbook: &Handbook, today: Date, diags: &mut Diagnostics) {
    for page in &handbook.pages {
        let what = if page.key == ACCESSIBILITY { "accessibility statement" } else { "page" };
        let fm = &page.front;
        if let Some(p) = fm.prepared.filter(|&p| p > today) {
            diags.push(
                at_field(
                    page,
                    "prepared",
                    Diagnostic::error(&page.file, format!("prepared date {p} is in the future")),
                )
                .suggest("give the date the page was first written, no later than the build date"),
            );
        }
        match fm.reviewed {
            Some(r) if r > today => diags.push(
                at_field(page, "reviewed", Diagnostic::error(&page.file, format!("reviewed date {r} is in the future")))
                    .suggest("give the date the page was last checked against the site, no later than the build date"),
            ),
            Some(r) if fm.prepared.is_some_and(|p| r < p) => diags.push(
                at_field(
                    page,
                    "reviewed",
                    Diagnostic::error(&page.file, format!("reviewed date {r} is before the prepared date")),
                )
                .suggest("a page is reviewed after it is prepared: check both dates"),
            ),
            Some(r) if r < today.add_months(-12) => diags.push(
                at_field(
                    page,
                    "reviewed",
                    Diagnostic::warning(&page.file, format!("{what} last reviewed on {r}, over 12 months ago")),
                )
                .suggest(if page.key == ACCESSIBILITY {
                    "test the site again as the statement says, correct what has changed, then set `reviewed:` to the date"
                } else {
                    "check the page against the site as it is now, then set `reviewed:` to the date"
                }),
            ),
            None if page.key == ACCESSIBILITY => diags.push(
                at_field(page, "reviewed", Diagnostic::warning(&page.file, "the accessibility statement does not say when it was last reviewed"))
                    .suggest("add `reviewed: YYYY-MM-DD` to its front matter: the date the site was last tested against it"),
            ),
            _ => {}
        }
        if fm.prepared.is_none() && page.key == ACCESSIBILITY {
            diags.push(
                at_field(
                    page,
                    "prepared",
                    Diagnostic::warning(&page.file, "the accessibility statement does not say when it was prepared"),
                )
                .suggest("add `prepared: YYYY-MM-DD` to its front matter: the date it was first written"),
            );
        }
    }
}

/// Points `d` at `field`'s line in the page's front matter, or at its first line when the
/// field is not there. The file is read again: this runs only for a page with a problem.
fn at_field(page: &Page, field: &str, d: Diagnostic) -> Diagnostic {
    let mut d = match std::fs::read_to_string(&page.file) {
        Ok(text) => {
            let text = text.replace("\r\n", "\n");
            let front = text.lines().take(page.body_line.saturating_sub(1));
            match front.enumerate().skip(1).find(|(_, l)| l.starts_with(&format!("{field}:"))) {
                Some((i, _)) => d.at(&text, i + 1, field.len() + 3),
                None => d.at(&text, 1, 1),
            }
        }
        Err(_) => d,
    };
    d.field = Some(field.into());
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::load::content::parse_page;

    fn run(rel: &str, front: &str, today: &str) -> Vec<Diagnostic> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(rel);
        let text = format!("---\ntitle: A statement\n{front}---\nBody\n");
        std::fs::write(&path, &text).unwrap();
        let page = parse_page(&path, rel.into(), &text).unwrap();
        let mut diags = Diagnostics::default();
        let hb = super::super::handbook::build(vec![page], &mut diags);
        check(&hb, today.parse().unwrap(), &mut diags);
        diags.items
    }

    #[test]
    fn a_statement_reviewed_within_a_year_passes() {
        let d = run("accessibility.md", "prepared: 2025-01-10\nreviewed: 2025-12-01\n", "2026-12-01");
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn a_statement_not_reviewed_for_a_year_is_warned_at_its_field() {
        let d = run("accessibility.md", "prepared: 2025-01-10\nreviewed: 2025-11-30\n", "2026-12-01");
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].severity, Severity::Warning);
        assert_eq!(d[0].message, "accessibility statement last reviewed on 2025-11-30, over 12 months ago");
        assert_eq!((d[0].line, d[0].field.as_deref()), (Some(4), Some("reviewed")));
        assert!(d[0].suggestion.as_deref().unwrap().contains("`reviewed:`"));
    }

    #[test]
    fn any_page_with_a_review_date_is_held_to_it() {
        let d = run("privacy.md", "reviewed: 2024-06-01\n", "2026-12-01");
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].message, "page last reviewed on 2024-06-01, over 12 months ago");
        // Other pages need no dates.
        assert!(run("privacy.md", "", "2026-12-01").is_empty());
    }

    #[test]
    fn a_statement_without_its_dates_is_warned() {
        let d = run("accessibility.md", "", "2026-12-01");
        let msgs: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            msgs,
            [
                "the accessibility statement does not say when it was last reviewed",
                "the accessibility statement does not say when it was prepared"
            ]
        );
        assert!(d.iter().all(|d| d.severity == Severity::Warning && d.line == Some(1)));
    }

    #[test]
    fn dates_in_the_future_or_out_of_order_are_errors() {
        let d = run("accessibility.md", "prepared: 2026-12-02\nreviewed: 2026-12-03\n", "2026-12-01");
        let msgs: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(msgs, ["prepared date 2026-12-02 is in the future", "reviewed date 2026-12-03 is in the future"]);
        assert!(d.iter().all(|d| d.severity == Severity::Error));
        let d = run("accessibility.md", "prepared: 2026-05-02\nreviewed: 2026-05-01\n", "2026-12-01");
        assert_eq!(d[0].message, "reviewed date 2026-05-01 is before the prepared date");
        assert_eq!(d[0].line, Some(4));
    }
}
