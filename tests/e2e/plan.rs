//! The plan: a build writes exactly the pages the plan lists, and no page links an address
//! the plan does not have, in every kind of site (the example, `init`'s, a generated region).

use crate::common;

use common::{bin, broken_links, build, repo_root, stderr, tree};
use landscape::diagnostic::Diagnostics;
use std::collections::BTreeSet;
use std::path::Path;

fn init_site(root: &Path) {
    let out = bin().arg("init").arg(root).args(["--authority", "Hackney", "--authority", "Newham"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

/// `build` on today's date: `init` dates its examples around today.
fn build_now(root: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    bin().args(["build", "--quiet", "--root"]).arg(root).arg("--output").arg(out).args(extra).output().unwrap()
}

/// Every HTML page and data file the output holds, by address as the plan writes it.
fn written_pages(out: &Path) -> BTreeSet<String> {
    tree(out).into_keys().filter(|p| p.ends_with(".html") || p.starts_with("compare/data/")).collect()
}

#[test]
fn the_build_writes_exactly_the_plan() {
    let root = repo_root();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let b = build(&root, &out, &[]);
    assert!(b.status.success(), "{}", stderr(&b));

    let mut diags = Diagnostics::default();
    let mut report = landscape::pipeline::Report::default();
    let today: landscape::date::Date = common::TODAY.parse().unwrap();
    let (site, _) =
        landscape::pipeline::load_and_link(&root, today, &mut diags, &mut report).expect("the example links");
    let audit = landscape::audit::Audit::build(&site);
    let plan = landscape::plan::Plan::of(&site, &audit, []);
    let planned: BTreeSet<String> = plan.pages.iter().map(|p| p.path()).collect();
    assert_eq!(planned.len(), plan.pages.len(), "no two pages share an address");
    let written = written_pages(&out);
    let unplanned: Vec<_> = written.difference(&planned).collect();
    let unwritten: Vec<_> = planned.difference(&written).collect();
    assert!(
        unplanned.is_empty() && unwritten.is_empty(),
        "written, not planned: {unplanned:?}; planned, not written: {unwritten:?}"
    );
}

#[test]
fn a_new_region_links_only_pages_it_has() {
    // A region from `init` has no guides, no glossary, no about page and few providers, so
    // most lists by funding route and delivery are empty: nothing may link them.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("region");
    init_site(&root);
    let out = dir.path().join("site");
    let b = build_now(&root, &out, &[]);
    assert!(b.status.success(), "{}", stderr(&b));
    assert_eq!(broken_links(&out, "/"), Vec::<String>::new());
    let landscape = std::fs::read_to_string(out.join("landscape/index.html")).unwrap();
    assert!(landscape.contains("(no provider)"), "an empty list is named, not linked");

    // Under a sub-path with an absolute base URL too (feeds and open data are then linked).
    let out = dir.path().join("abs");
    let b = build_now(&root, &out, &["--base-url", "https://example.org/therapies/"]);
    assert!(b.status.success(), "{}", stderr(&b));
    assert_eq!(broken_links(&out, "/therapies/"), Vec::<String>::new());
}

#[test]
fn a_link_to_a_page_the_site_lacks_stops_the_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("region");
    init_site(&root);
    let out = dir.path().join("site");
    let first = build_now(&root, &out, &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    let before = tree(&out);

    // A site's own template that links a page no site has, on every page.
    let base = std::fs::read_to_string(repo_root().join("themes/default/templates/base.html")).unwrap();
    let planted = base.replacen("<footer", "<p><a href=\"{{ base }}about-us/\">About us</a></p><footer", 1);
    assert_ne!(base, planted);
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(root.join("templates/base.html"), planted).unwrap();
    let b = build_now(&root, &out, &[]);
    let err = stderr(&b);
    assert_eq!(b.status.code(), Some(1), "{err}");
    assert_eq!(err.matches("error:").count(), 2, "one error for the address, one summing up: {err}");
    assert!(err.contains("`/about-us/` is linked from"), "{err}");
    assert!(err.contains("template `"), "{err}");
    assert!(err.contains("templates/"), "names the template's file: {err}");
    assert_eq!(tree(&out), before, "the previous site stays");

    // A link in a page's markdown to a page that does not exist is refused too, by check.
    std::fs::remove_file(root.join("templates/base.html")).unwrap();
    std::fs::write(root.join("content/notes.md"), "---\ntitle: Notes\n---\nSee [the glossary](/glossary/).\n").unwrap();
    let b = build_now(&root, &out, &[]);
    assert_eq!(b.status.code(), Some(1), "{}", stderr(&b));
    assert!(stderr(&b).contains("glossary"), "{}", stderr(&b));
}
