//! End-to-end: the site says what the data says, and no more. One small region (the minimal
//! fixture, with a few providers added that real registers produce: an online-only service,
//! a home listed for two areas, a withdrawn award, an award expiring soon, a provider that
//! states neither SME nor VCSE, records that leave out what registers lack) is built once,
//! and each test reads the pages and files back.

use crate::common;
use common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const VIDEO: &str = "\
name: Video Family Therapy
legal_form: company
summary: Family therapy by video for families anywhere in London.
services:
  - intervention: family-therapy
    ages: 4-18
    delivery: [online]
    online_areas: [london]
    accepting: true
    funding: [council]
lots:
  - framework: nel
    lot: 1
    status: active
    since: 2024-04-01
awards:
  - scheme: ukcp
    status: current
    awarded: 2024-01-10
    expires: 2027-01-10
contact:
  email: hello@video.example
reviewed: 2026-09-01
";

const OAK: &str = "\
name: Oak Homes
legal_form: company
sme: false
vcse: false
summary: Two therapeutic homes in east London.
services:
  - intervention: family-therapy
    ages: 8-17
    delivery: [residential]
    areas: [hackney, newham]
    postcode: E8 1DN
    places: 4
    home_type: small-group
    accepting: true
    funding: [council]
  - intervention: speech-and-language-therapy
    ages: 8-17
    delivery: [residential]
    areas: [hackney]
    places: 3
    home_type: solo
    accepting: false
    funding: [dsg-high-needs]
lots:
  - framework: nel
    lot: 1
    status: active
    since: 2024-04-01
awards:
  - scheme: ukcp
    status: withdrawn
    awarded: 2024-01-10
    status_since: 2026-03-03
    expires: 2028-03-31
contact:
  phone: 020 7946 0002
  referral: Phone the registered manager.
reviewed: 2026-09-01
";

/// A framework as a real register gives it: no summary, no lot areas.
const BARE_FRAMEWORK: &str = "\
name: Bare Framework
lead: London Borough of Newham
route: dynamic-purchasing-system
starts: 2025-01-01
ends: 2029-12-31
lots:
  - number: 1
    title: Any support
    interventions: [family-therapy]
    call_off: direct-award
";

/// A scheme with nothing but its name and kind.
const BARE_SCHEME: &str = "\
- id: bare-register
  name: Bare register
  kind: professional-register
";

/// The built site, once for every test here.
fn site() -> &'static Path {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &SITE
        .get_or_init(|| {
            let tmp = tempfile::tempdir().unwrap();
            let root = tmp.path().join("src");
            copy_site(&repo_root().join("tests/fixtures/minimal"), &root);
            let orgs = root.join("providers/orgs");
            std::fs::write(orgs.join("video-family.yaml"), VIDEO).unwrap();
            std::fs::write(orgs.join("oak-homes.yaml"), OAK).unwrap();
            // Birch House's clinic is at a postcode; Acorn's is not stated.
            let birch = orgs.join("birch-house.yaml");
            let b = std::fs::read_to_string(&birch).unwrap();
            let b = b.replacen("    delivery: [in-person]\n", "    delivery: [in-person]\n    postcode: E8 3LR\n", 1);
            std::fs::write(&birch, b).unwrap();
            std::fs::write(root.join("providers/frameworks/bare.yaml"), BARE_FRAMEWORK).unwrap();
            let schemes = root.join("providers/schemes.yaml");
            let mut s = std::fs::read_to_string(&schemes).unwrap();
            s.push_str(BARE_SCHEME);
            std::fs::write(&schemes, s).unwrap();
            let out = tmp.path().join("site");
            let o = build(&root, &out, &[]);
            assert!(o.status.success(), "{}", stderr(&o));
            (tmp, out)
        })
        .1
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(site().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// A page's text as read aloud: tags out, entities decoded, white space collapsed.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    html_unescape(&out).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A page's text with every tag read as a space, for facts set in separate cells (a
/// `<dt>` and its `<dd>`).
fn spaced(html: &str) -> String {
    text(&html.replace('<', " <"))
}

/// The `<main>` of a page, with every tag read as a space.
fn main_spaced(rel: &str) -> String {
    let html = read(rel);
    spaced(&html[html.find("<main").unwrap()..html.find("</main>").unwrap()])
}

/// The `<main>` of a page, as text.
fn main_text(rel: &str) -> String {
    let html = read(rel);
    let main = &html[html.find("<main").unwrap()..html.find("</main>").unwrap()];
    text(main)
}

// ---- Where a service is delivered from -------------------------------------------------

#[test]
fn a_service_says_where_it_is_delivered_from_and_a_home_only_its_sector() {
    // A clinic: its postcode.
    assert!(main_text("providers/birch-house/index.html").contains("Delivered from: E8 3LR"));
    // A home: its postcode sector, and why no more, and its full postcode nowhere on the site.
    let oak = main_text("providers/oak-homes/index.html");
    assert!(
        oak.contains("Delivered from: postcode sector E8 1 (a children's home's full address is not published"),
        "{oak}"
    );
    // The second home states no postcode.
    assert_eq!(oak.matches("Delivered from: Not stated").count(), 1, "{oak}");
    for (rel, bytes) in tree(site()) {
        assert!(!String::from_utf8_lossy(&bytes).contains("E8 1DN"), "{rel} shows a home's postcode");
    }
    // An in-person service with no postcode; an online one says nothing of premises.
    assert!(main_text("providers/acorn/index.html").contains("Delivered from: Not stated"));
    assert!(!main_text("providers/video-family/index.html").contains("Delivered from"));
}

// ---- An award's words ------------------------------------------------------------------

/// A provider's comparison record, found in the file the compare page would fetch.
fn compare_record(id: &str) -> serde_json::Value {
    let page = read("compare/index.html");
    let files: usize = page.split("data-files=\"").nth(1).and_then(|s| s.split('"').next()).unwrap().parse().unwrap();
    let file = landscape::urls::compare_data(landscape::urls::compare_file_of(id, files));
    let list: serde_json::Value = serde_json::from_str(&read(&file)).unwrap();
    list.as_array().unwrap().iter().find(|r| r["id"] == id).unwrap_or_else(|| panic!("{id} not in {file}")).clone()
}

#[test]
fn every_rendering_of_a_withdrawn_award_gives_the_day_it_was_withdrawn() {
    let words = "Withdrawn: withdrawn on 3 March 2026";
    for page in ["providers/oak-homes/index.html", "schemes/ukcp/index.html", "areas/hackney/family-therapy/index.html"]
    {
        let t = main_text(page);
        assert!(t.contains(words), "{page} does not say `{words}`: {t}");
        assert!(!t.contains("expiry date"), "{page} dates a withdrawn award by its expiry: {t}");
    }
    let compare = compare_record("oak-homes");
    assert!(compare.to_string().contains(&format!("UKCP organisational membership: {words}")), "{compare}");
}

#[test]
fn an_award_expiring_soon_is_never_called_plainly_current() {
    let words = "Current, expiring soon: valid until 10 January 2027";
    for page in ["providers/video-family/index.html", "schemes/ukcp/index.html"] {
        let t = main_text(page);
        assert!(t.contains(words), "{page} does not say `{words}`: {t}");
    }
    let compare = compare_record("video-family");
    assert!(compare.to_string().contains(words), "{compare}");
    // The audit counts it as expiring; the lot page says the same of it.
    assert!(main_text("landscape/index.html").contains("expires on 10 January 2027"));
    let lot = read("frameworks/nel/lot-1/index.html");
    let row = lot.split("<tr").find(|r| r.contains("Video Family Therapy")).expect("video row");
    let row = text(row);
    assert!(row.contains("Current, expiring soon"), "lot row: {row}");
}

// ---- What the data does not say -------------------------------------------------------

#[test]
fn sme_and_vcse_not_stated_are_said_on_pages_and_left_out_of_every_export() {
    let t = main_spaced("providers/video-family/index.html");
    assert!(t.contains("Small or medium enterprise Not stated"), "{t}");
    assert!(t.contains("Voluntary or community organisation Not stated"), "{t}");
    // Stated "no" is still "No".
    let t = main_spaced("providers/oak-homes/index.html");
    assert!(t.contains("Small or medium enterprise No"), "{t}");
    let lot = read("frameworks/nel/lot-1/index.html");
    let row = |name: &str| text(lot.split("<tr").find(|r| r.contains(name)).unwrap().split("</tr>").next().unwrap());
    let video = row("Video Family Therapy");
    assert!(video.ends_with("Not stated"), "lot row: {video}");
    let oak = row("Oak Homes");
    assert!(oak.ends_with("Neither"), "lot row: {oak}");

    let json: serde_json::Value = serde_json::from_str(&read("data/providers.json")).unwrap();
    let doc = json["providers"].as_array().unwrap().iter().find(|p| p["id"] == "video-family").unwrap();
    assert!(doc.get("sme").is_none() && doc.get("vcse").is_none(), "{doc}");
    let oak = json["providers"].as_array().unwrap().iter().find(|p| p["id"] == "oak-homes").unwrap();
    assert_eq!(oak["sme"], serde_json::json!(false));

    let csv = read("data/services.csv");
    let mut rows = csv.lines();
    let head: Vec<&str> = rows.next().unwrap().split(',').collect();
    let sme = head.iter().position(|h| *h == "sme").unwrap();
    let video: Vec<&str> = rows.find(|r| r.starts_with("video-family,")).unwrap().split(',').collect();
    assert_eq!(video[sme], "", "an unstated SME is an empty cell, never false");

    // Neither HSDS nor JSON-LD has a place for it: nothing of it is written there.
    for (rel, bytes) in tree(&site().join("data/hsds")) {
        let s = String::from_utf8_lossy(&bytes);
        assert!(!s.to_lowercase().contains("\"sme\""), "data/hsds/{rel}");
    }
    let page = read("providers/video-family/index.html");
    let ld = &page[page.find("application/ld+json").unwrap()..];
    let ld = &ld[..ld.find("</script>").unwrap()];
    assert!(!ld.contains("sme") && !ld.contains("vcse"), "{ld}");
}

#[test]
fn fields_real_registers_lack_are_shown_not_stated_or_defaulted() {
    // A framework with no summary; its lot with no areas covers the whole region.
    let t = main_text("frameworks/bare/index.html");
    assert!(t.contains("What it buys: Not stated."), "{t}");
    let lot = read("frameworks/bare/lot-1/index.html");
    assert!(attr_values(&lot, "href").iter().any(|h| h == "/areas/london/"), "lot areas default to the region");
    // The region's area page lists the lot as covering all of it.
    assert!(main_text("areas/hackney/index.html").contains("Lot 1: Any support"));
    // A scheme with only a name and a kind.
    let t = main_spaced("schemes/bare-register/index.html");
    assert!(t.contains("What it assures: Not stated."), "{t}");
    assert!(t.contains("Awarded by Not stated"), "{t}");
    // A provider that says nothing of how to refer.
    let t = main_spaced("providers/video-family/index.html");
    assert!(t.contains("How to refer Not stated"), "{t}");
    let json: serde_json::Value = serde_json::from_str(&read("data/providers.json")).unwrap();
    let doc = json["providers"].as_array().unwrap().iter().find(|p| p["id"] == "video-family").unwrap();
    assert!(doc["contact"].get("referral").is_none(), "{doc}");
}

// ---- Totals that add up ----------------------------------------------------------------

#[test]
fn residential_places_rows_add_up_to_the_total() {
    let html = read("landscape/index.html");
    let t = text(&html);
    let total: u64 = {
        let i = t.find(" places in all").expect("total");
        t[..i].rsplit(' ').next().unwrap().parse().unwrap()
    };
    let table = &html[html.find("places-caption").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    let mut sum = 0;
    let mut rows = 0;
    for row in table.split("<tr").skip(2) {
        let cells: Vec<&str> = row.split("<td").collect();
        let last = text(&format!("<td{}", cells.last().unwrap()));
        sum += last.parse::<u64>().unwrap_or_else(|_| panic!("places cell `{last}`"));
        rows += 1;
    }
    assert_eq!(total, 7, "{t}");
    assert!(rows >= 2);
    assert_eq!(sum, total, "rows sum to {sum}, the page says {total} in all");
    // The home listed for two areas is in a row naming both.
    assert!(text(table).contains("Homes listed for Hackney and Newham"), "{}", text(table));
}

// ---- One meaning for "in an area" ------------------------------------------------------

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut out).expect("gzip");
    out
}

/// A search column's rows: LEB128 numbers, a list row its length then its items.
struct Column(Vec<u64>, usize);

impl Column {
    fn load(manifest: &serde_json::Value, name: &str) -> Column {
        let h = manifest["hashes"][format!("c.{name}")].as_str().unwrap();
        let bytes = gunzip(&std::fs::read(site().join(format!("search/data/c.{name}.{h}.dat"))).unwrap());
        let mut v = Vec::new();
        let (mut n, mut shift) = (0u64, 0);
        for b in bytes {
            n |= u64::from(b & 0x7f) << shift;
            shift += 7;
            if b & 0x80 == 0 {
                v.push(n);
                n = 0;
                shift = 0;
            }
        }
        Column(v, 0)
    }
    fn num(&mut self) -> u64 {
        self.1 += 1;
        self.0[self.1 - 1]
    }
    fn list(&mut self) -> Vec<u64> {
        let n = self.num();
        (0..n).map(|_| self.num()).collect()
    }
}

/// The providers the search index finds for `area` and `intervention`, as the browser
/// filters: a service of that kind naming the area, one above it or one inside it.
fn search_finds(area: &str, intervention: &str) -> BTreeSet<String> {
    let manifest: serde_json::Value = serde_json::from_str(&read("search/data/manifest.json")).unwrap();
    let areas = manifest["areas"].as_array().unwrap();
    let a = areas.iter().position(|x| x[2] == area).unwrap() as u64;
    let parent = |x: u64| areas[x as usize][1].as_u64();
    let above = |mut x: u64, y: u64| loop {
        if x == y {
            return true;
        }
        match parent(x) {
            Some(p) => x = p,
            None => return false,
        }
    };
    let iv = manifest["interventions"].as_array().unwrap().iter().position(|x| x[2] == intervention).unwrap() as u64;
    let (mut sp, mut ivc, mut ar) =
        (Column::load(&manifest, "sp"), Column::load(&manifest, "iv"), Column::load(&manifest, "ar"));
    // Providers are numbered in directory order, as the display files list them.
    let providers = manifest["providers"].as_u64().unwrap();
    let group = manifest["display_group"].as_u64().unwrap() as usize;
    let d = manifest["hashes"]["d"].as_str().unwrap();
    let mut names = Vec::new();
    for f in 0..(providers as usize).div_ceil(group) {
        let file: serde_json::Value =
            serde_json::from_slice(&gunzip(&std::fs::read(site().join(format!("search/data/d.{f}.{d}.dat"))).unwrap()))
                .unwrap();
        for p in file.as_array().unwrap() {
            names.push(p[0].as_str().unwrap().to_string());
        }
    }
    let mut found = BTreeSet::new();
    for name in names.iter().take(providers as usize) {
        for _ in 0..sp.num() {
            let kind = ivc.num();
            let named = ar.list();
            if kind == iv && named.iter().any(|&x| above(x, a) || above(a, x)) {
                found.insert(name.clone());
            }
        }
    }
    found
}

/// The providers an audit cell's list shows in person, from its page.
fn cell_in_person(area: &str, intervention: &str) -> BTreeSet<String> {
    let html = read(&format!("areas/{area}/{intervention}/index.html"));
    html.split("<tr")
        .filter(|r| r.contains("data-label=\"How\">In person") || r.contains("data-label=How>In person"))
        .map(|r| {
            let th = &r[r.find("<th").unwrap()..r.find("</th>").unwrap()];
            let a = &th[th.find("<a").unwrap()..th.find("</a>").unwrap()];
            text(&format!("{a}</a>"))
        })
        .collect()
}

/// The "in person" number of an area page's coverage row for a kind of support.
fn area_page_in_person(area: &str, intervention_name: &str) -> usize {
    let html = read(&format!("areas/{area}/index.html"));
    let table = &html[html.find("coverage-caption").unwrap()..];
    let row = table.split("<tr").find(|r| text(&format!("<tr{r}")).starts_with(intervention_name)).expect("row");
    let first = row.split("<td").nth(1).unwrap();
    let n = text(&format!("<td{first}"));
    if n == "Gap" {
        0
    } else {
        n.parse().unwrap()
    }
}

#[test]
fn the_search_area_filter_the_area_page_and_the_audit_cell_agree() {
    let names: BTreeMap<&str, &str> =
        [("family-therapy", "Family therapy"), ("speech-and-language-therapy", "Speech and language therapy")].into();
    for area in ["hackney", "newham", "london"] {
        for (iv, name) in &names {
            let search = search_finds(area, iv);
            let page = area_page_in_person(area, name);
            assert_eq!(search.len(), page, "{area}/{iv}: search finds {search:?}, the area page counts {page}");
            if page > 0 {
                assert_eq!(search, cell_in_person(area, iv), "{area}/{iv}: search and the audit's cell differ");
            }
        }
    }
    // The online-only service is found by no area.
    assert!(!search_finds("hackney", "family-therapy").contains("Video Family Therapy"));
    // The search page says what the filter means.
    assert!(text(&read("search/index.html")).contains("An area means offered in person there"));
}

// ---- Without JavaScript ----------------------------------------------------------------

#[test]
fn every_online_link_on_an_area_page_leads_to_a_list_of_providers() {
    let mut seen = 0;
    for (rel, bytes) in tree(&site().join("areas")) {
        if !rel.ends_with("index.html") || rel.matches('/').count() != 1 {
            continue;
        }
        let html = String::from_utf8_lossy(&bytes);
        for href in attr_values(&html, "href") {
            assert!(!href.contains("search/?"), "areas/{rel} links {href}, which needs JavaScript");
            if href.ends_with("/online/") {
                let list = std::fs::read_to_string(site().join(format!("{}index.html", &href[1..])))
                    .unwrap_or_else(|_| panic!("areas/{rel} links {href}, which is no page"));
                assert!(
                    attr_values(&list, "href")
                        .iter()
                        .any(|h| h.starts_with("/providers/") && h.len() > "/providers/".len()),
                    "{href} lists no provider"
                );
                seen += 1;
            }
        }
    }
    assert!(seen > 0, "no area page links an online list");
    assert!(main_text("areas/hackney/index.html").contains("Online or by phone for families in Hackney"));
}
