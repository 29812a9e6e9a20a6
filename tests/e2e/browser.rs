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

    run_browser_script(&browser_dir.join("run.mjs"), &[url.as_ref(), expected.as_ref()], &chromium);
    drop(server);
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

/// What "near a postcode" must show for `postcode` on the example, worked out from the linked
/// example and the sector table rather than from the browser: each provider's distance (the
/// smallest over its services delivered in a place with a position), in order (nearest
/// first, then distance not stated, then online or phone only; name order among equals),
/// and who is within 5, 10 and 20 miles.
fn near_expected(postcode: &str) -> serde_json::Value {
    use landscape::geo::{miles_text, Postcode};
    use landscape::index::search::near::premises;
    let mut diags = landscape::diagnostic::Diagnostics::default();
    let mut report = landscape::pipeline::Report::default();
    let (site, _) = landscape::pipeline::load_and_link(&repo_root(), TODAY.parse().unwrap(), &mut diags, &mut report)
        .expect("the example links");
    let from = Postcode::parse(postcode).unwrap().grid().unwrap();
    let shown = |m: f64| if m < 9.95 { (m * 10.0).round() / 10.0 } else { m.round() };
    let mut order: Vec<(u8, f64, usize, String, String)> = Vec::new();
    let mut within: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for (pi, p) in site.providers.iter().enumerate() {
        let miles: Vec<f64> = p.services.iter().filter_map(premises).map(|g| from.miles_to(g)).collect();
        let in_place = p.services.iter().any(|s| s.delivery.iter().any(|d| !d.is_remote()));
        let best = miles.iter().copied().fold(f64::INFINITY, f64::min);
        let (rank, text) = if best.is_finite() {
            (0, miles_text(best))
        } else if in_place {
            (1, "not stated".into())
        } else {
            (2, "online or phone".into())
        };
        order.push((rank, if rank == 0 { best } else { 0.0 }, pi, p.name.clone(), text));
        for r in [5.0, 10.0, 20.0] {
            let remote = p.services.iter().any(|s| s.delivery.iter().all(|d| d.is_remote()));
            if remote || miles.iter().any(|&m| shown(m) <= r) {
                within.entry(format!("{r}")).or_default().push(p.name.clone());
            }
        }
    }
    order.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
    // The pairs of tests/e2e/near.rs worked out by hand, as the providers there show them.
    let by_hand: Vec<(String, &str)> = crate::near::BY_HAND
        .iter()
        .filter_map(|(sector, text)| {
            site.providers
                .iter()
                .find(|p| {
                    let nearest =
                        p.services.iter().filter_map(premises).map(|g| from.miles_to(g)).fold(f64::INFINITY, f64::min);
                    p.services.iter().filter_map(|s| premises(s).map(|_| s)).any(|s| {
                        s.postcode.as_ref().is_some_and(|pc| pc.sector() == *sector)
                            && (from.miles_to(premises(s).unwrap()) - nearest).abs() < 1e-9
                    })
                })
                .map(|p| (p.name.clone(), *text))
        })
        .collect();
    serde_json::json!({
        "postcode": postcode,
        "order": order.iter().map(|(rank, _, _, name, text)| serde_json::json!({ "rank": rank, "name": name, "text": text })).collect::<Vec<_>>(),
        "within": within,
        "by_hand": by_hand,
        "fixture": crate::near::fixture(),
        "miles": [[0.0, "0 miles"], [0.04, "0 miles"], [0.44, "0.4 miles"], [1.0, "1 mile"], [0.96, "1 mile"], [9.94, "9.9 miles"], [9.96, "10 miles"], [14.4, "14 miles"], [20.5, "21 miles"]],
    })
}

/// "Near a postcode": typing one at 1280 and 320 px, each provider's distance and the order
/// against [`near_expected`], the 5, 10 and 20 mile filter, wrong postcodes, the postcode
/// rules shared with the Rust side, axe-core, and every request watched so the postcode
/// never leaves the browser (tests/browser/near.mjs).
#[test]
#[cfg_attr(not(feature = "external-tools"), ignore = "needs Chromium, Node.js or Java: tests/run.sh turns these on")]
fn near_a_postcode_in_chromium() {
    let root = repo_root();
    let (browser_dir, chromium) = browser_env();
    let tmp = tempfile::tempdir().unwrap();
    let expected = tmp.path().join("expected.json");
    let want = near_expected("E8 1DY");
    assert!(
        want["by_hand"].as_array().unwrap().len() >= 3,
        "the example lost the providers worked out by hand: {}",
        want["by_hand"]
    );
    std::fs::write(&expected, serde_json::to_vec(&want).unwrap()).unwrap();
    let server = serve(&root, &tmp.path().join("site"));
    run_browser_script(&browser_dir.join("near.mjs"), &[server.url.as_ref(), expected.as_ref()], &chromium);
    drop(server);
}
