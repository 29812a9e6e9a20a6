//! The search page and the other page kinds in a real browser: `node tests/browser/run.mjs`
//! drives Debian's Chromium (through npm `playwright-core`) against the example site served
//! by `landscape serve`, and runs axe-core. Needs `apt-get install -y chromium` and
//! `npm ci --prefix tests/browser` (tests/run.sh does both); without them this test fails
//! and says which is missing, it never skips.

use crate::common;
use common::*;
use std::process::Command;

/// The providers journey 1 must find, worked out from the linked example rather than from
/// the browser: family therapy, in Hackney (directly or through an area above), for a
/// 12-year-old, accepting referrals, all true of one service.
fn journey_one() -> Vec<String> {
    let mut diags = landscape::diagnostic::Diagnostics::default();
    let mut report = landscape::pipeline::Report::default();
    let (site, _) = landscape::pipeline::load_and_link(&repo_root(), TODAY.parse().unwrap(), &mut diags, &mut report)
        .expect("the example links");
    let hackney = site.area_ix["hackney"];
    site.providers
        .iter()
        .enumerate()
        .filter(|(pi, p)| {
            p.services.iter().enumerate().any(|(si, s)| {
                s.intervention == "family-therapy"
                    && s.ages.contains(12)
                    && s.accepting
                    // The area filter means offered in person there; online-only services
                    // are found by the delivery filter.
                    && site.present[hackney].contains(&(*pi, si))
            })
        })
        .map(|(_, p)| p.name.clone())
        .collect()
}

/// The table of names in many scripts (`tests/fixtures/folding.json`) with the terms the Rust
/// side makes of each name, for the browser to make the same of them with `search/words.js`.
fn folding() -> serde_json::Value {
    use landscape::index::search::{stem, words};
    let table: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo_root().join("tests/fixtures/folding.json")).unwrap())
            .unwrap();
    let rows: Vec<serde_json::Value> = table["names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            let name = row["name"].as_str().unwrap();
            let terms: Vec<String> = words(name).iter().map(|w| stem(w)).collect();
            serde_json::json!({ "name": name, "terms": terms, "finds": row["finds"] })
        })
        .collect();
    serde_json::Value::Array(rows)
}

/// Providers the search filter `area=<id>` should find: a service offered in person anywhere
/// in the area, or online or by phone to families anywhere in it.
fn sub_region_providers(id: &str) -> usize {
    let mut diags = landscape::diagnostic::Diagnostics::default();
    let mut report = landscape::pipeline::Report::default();
    let (site, _) = landscape::pipeline::load_and_link(&repo_root(), TODAY.parse().unwrap(), &mut diags, &mut report)
        .expect("the example links");
    let a = site.area_ix[id];
    let mut providers: Vec<usize> = site.present[a].iter().map(|&(p, _)| p).collect();
    providers.sort_unstable();
    providers.dedup();
    providers.len()
}

#[test]
#[cfg_attr(not(feature = "external-tools"), ignore = "needs Chromium, Node.js or Java: tests/run.sh turns these on")]
fn search_and_pages_work_in_chromium_with_no_accessibility_violations() {
    let root = repo_root();
    let (browser_dir, chromium) = browser_env();
    let node = Command::new("node").arg("--version").output();
    assert!(node.is_ok_and(|o| o.status.success()), "node is missing: install Node.js 18 or later");

    let tmp = tempfile::tempdir().unwrap();
    let expected = tmp.path().join("expected.json");
    let names = journey_one();
    assert!(!names.is_empty(), "the example should have a provider for journey 1");
    let nel = sub_region_providers("north-east-london");
    std::fs::write(
        &expected,
        serde_json::to_vec(&serde_json::json!({ "journey1": names, "folding": folding(), "nel": nel })).unwrap(),
    )
    .unwrap();

    let server = serve(&root, &tmp.path().join("site"));
    let url = server.url.clone();

    let out = Command::new("node")
        .arg(browser_dir.join("run.mjs"))
        .arg(&url)
        .arg(&expected)
        .env("CHROMIUM", &chromium)
        .output()
        .expect("run node");
    drop(server);
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    println!("{text}");
    assert!(out.status.success(), "browser checks failed:\n{text}");
}

/// Serves the example with `landscape serve` and runs one script of tests/browser/ against
/// it, with journey 1's expected providers; returns whether it passed and what it printed.
fn serve_and_run(script: &str) -> (bool, String) {
    let root = repo_root();
    let (browser_dir, chromium) = browser_env();
    let tmp = tempfile::tempdir().unwrap();
    let expected = tmp.path().join("expected.json");
    std::fs::write(&expected, serde_json::to_vec(&serde_json::json!({ "journey1": journey_one() })).unwrap()).unwrap();
    let server = serve(&root, &tmp.path().join("site"));
    let url = server.url.clone();
    let out = Command::new("node")
        .arg(browser_dir.join(script))
        .arg(&url)
        .arg(&expected)
        .env("CHROMIUM", &chromium)
        .output()
        .expect("run node");
    drop(server);
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

/// Comparing two and four providers (by a shared address, at 1280 and 320 px, with axe),
/// adding to the comparison from pages and lists, and journeys 1 and 2 walked with and
/// without JavaScript, counting taps and keystrokes (tests/browser/journeys.mjs).
#[test]
#[cfg_attr(not(feature = "external-tools"), ignore = "needs Chromium, Node.js or Java: tests/run.sh turns these on")]
fn compare_and_the_journeys_with_and_without_javascript() {
    let (ok, text) = serve_and_run("journeys.mjs");
    println!("{text}");
    assert!(ok, "browser checks failed:\n{text}");
}
