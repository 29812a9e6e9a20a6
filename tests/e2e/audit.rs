//! End-to-end: the landscape audit of the example region and of a second, county-shaped
//! fixture region, every number checked against a count made here straight from the YAML
//! (read with serde_yaml into plain values), never through the project's own code.

use crate::common;
use common::*;
use serde_yaml::Value as Y;
use std::collections::BTreeSet;
use std::path::Path;

fn yaml(path: &Path) -> Y {
    serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn s(v: &Y) -> String {
    match v {
        Y::String(s) => s.clone(),
        Y::Number(n) => n.to_string(),
        Y::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

fn list(v: &Y) -> Vec<String> {
    v.as_sequence().map(|q| q.iter().map(s).collect()).unwrap_or_default()
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (the civil-from-days algorithm, inverted).
fn days(d: &str) -> i64 {
    let p: Vec<i64> = d.split('-').map(|x| x.parse().unwrap()).collect();
    let (y, m, dd) = (if p[1] <= 2 { p[0] - 1 } else { p[0] }, p[1], p[2]);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + dd - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// The register, read plainly.
struct Reg {
    areas: Vec<(String, Option<String>, String)>,
    interventions: Vec<(String, String)>,
    schemes: Vec<(String, String)>,
    providers: Vec<Y>,
    demand: Vec<Y>,
}

impl Reg {
    fn read(root: &Path) -> Reg {
        let p = root.join("providers");
        let areas = yaml(&p.join("areas.yaml"))
            .as_sequence()
            .unwrap()
            .iter()
            .map(|a| (s(&a["id"]), a.get("parent").map(s), s(&a["name"])))
            .collect();
        let interventions = yaml(&p.join("interventions.yaml"))
            .as_sequence()
            .unwrap()
            .iter()
            .map(|i| (s(&i["id"]), s(&i["name"])))
            .collect();
        let schemes =
            yaml(&p.join("schemes.yaml")).as_sequence().unwrap().iter().map(|i| (s(&i["id"]), s(&i["name"]))).collect();
        let mut files: Vec<_> = std::fs::read_dir(p.join("orgs")).unwrap().flatten().map(|e| e.path()).collect();
        files.sort();
        let providers = files.iter().map(|f| yaml(f)).collect();
        let mut dfiles: Vec<_> =
            std::fs::read_dir(p.join("demand")).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
        dfiles.sort();
        let demand = dfiles.iter().map(|f| yaml(f)).collect();
        Reg { areas, interventions, schemes, providers, demand }
    }

    fn up(&self, a: &str) -> Vec<String> {
        let mut out = vec![a.to_string()];
        let mut cur = a.to_string();
        while let Some(p) = self.areas.iter().find(|x| x.0 == cur).and_then(|x| x.1.clone()) {
            out.push(p.clone());
            cur = p;
        }
        out
    }

    /// An area, every area above it and every area below it.
    fn reach(&self, a: &str) -> BTreeSet<String> {
        let mut out: BTreeSet<String> = self.up(a).into_iter().collect();
        for (x, _, _) in &self.areas {
            if self.up(x).iter().any(|u| u == a) {
                out.insert(x.clone());
            }
        }
        out
    }

    fn sector(p: &Y) -> &'static str {
        if let Some(s) = p.get("sector") {
            return match s.as_str().unwrap() {
                "council" => "Council-run",
                "nhs" => "NHS",
                "independent" => "Independent",
                _ => "Voluntary or community",
            };
        }
        match p["legal_form"].as_str().unwrap() {
            "local-authority" => "Council-run",
            "nhs-trust" => "NHS",
            "charity"
            | "charitable-incorporated-organisation"
            | "community-benefit-society"
            | "community-interest-company" => "Voluntary or community",
            _ => "Independent",
        }
    }
}

/// Each table's rows (by its caption id) as the text of their cells.
fn table(html: &str, caption: &str) -> Vec<Vec<String>> {
    let at = html.find(&format!("id=\"{caption}\"")).unwrap_or_else(|| panic!("no table {caption}"));
    let end = at + html[at..].find("</table>").unwrap();
    let body = &html[at..end];
    let body = &body[body.find("<tbody>").unwrap()..];
    body.split("<tr")
        .skip(1)
        .map(|tr| tr.split("<t").skip(1).filter(|c| c.starts_with('h') || c.starts_with('d')).map(text).collect())
        .collect()
}

fn text(fragment: &str) -> String {
    let mut out = String::new();
    let mut in_tag = true; // the fragment starts inside its own opening tag
    for c in fragment.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    // Apostrophes are escaped by number, which html_unescape leaves.
    html_unescape(out.split_whitespace().collect::<Vec<_>>().join(" ").trim())
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
}

fn check_region(root: &Path, today: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_site(root, &site);
    // Unminified, so the test reads the tables as the templates write them.
    let cfg = std::fs::read_to_string(site.join("site.yaml")).unwrap().replace("minify: true", "minify: false");
    std::fs::write(site.join("site.yaml"), cfg).unwrap();
    let out_dir = tmp.path().join("out");
    let out = bin()
        .args(["build", "--quiet", "--today", today, "--root"])
        .arg(&site)
        .arg("--output")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let reg = Reg::read(root);
    let html = std::fs::read_to_string(out_dir.join("landscape/index.html")).unwrap();
    let today_d = days(today);

    // Coverage: in person, online only, accepting, per area and kind of support.
    let matrix = table(&html, "matrix-caption");
    let mut checked = 0;
    for row in &matrix {
        let (aid, _, _) = reg.areas.iter().find(|a| a.2 == row[0]).unwrap_or_else(|| panic!("area {}", row[0]));
        for (k, (iid, _)) in reg.interventions.iter().enumerate() {
            let (mut ip, mut rem, mut acc) = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
            for (pi, p) in reg.providers.iter().enumerate() {
                for sv in p["services"].as_sequence().unwrap() {
                    if s(&sv["intervention"]) != *iid {
                        continue;
                    }
                    let delivery = list(&sv["delivery"]);
                    let accepting = sv["accepting"].as_bool().unwrap_or(false);
                    let near = |ids: Vec<String>| ids.iter().any(|x| reg.reach(x).contains(aid));
                    if delivery.iter().any(|d| d != "online" && d != "phone") && near(list(&sv["areas"])) {
                        ip.insert(pi);
                        if accepting {
                            acc.insert(pi);
                        }
                    }
                    if delivery.iter().any(|d| d == "online" || d == "phone") && near(list(&sv["online_areas"])) {
                        rem.insert(pi);
                        if accepting {
                            acc.insert(pi);
                        }
                    }
                }
            }
            let online_only = rem.difference(&ip).count();
            let expected = match (ip.len(), online_only) {
                (0, 0) => "Gap".to_string(),
                (0, o) => format!("Gap · {o} online only · {} accepting", acc.len()),
                (n, 0) => format!("{n} in person · {} accepting", acc.len()),
                (n, o) => format!("{n} in person · {o} online only · {} accepting", acc.len()),
            };
            assert_eq!(row[k + 1], expected, "cell {aid} × {iid}");
            // An area with one child shows that child's list when it holds the same providers:
            // the figures below must then be the child's too.
            let mut shown = aid.clone();
            let page = loop {
                let page = out_dir.join(format!("areas/{shown}/{iid}/index.html"));
                let children: Vec<&String> =
                    reg.areas.iter().filter(|a| a.1.as_ref() == Some(&shown)).map(|a| &a.0).collect();
                match children[..] {
                    [only] if !page.exists() => shown = only.clone(),
                    _ => break page,
                }
            };
            assert_eq!(page.exists(), ip.len() + online_only > 0, "list page for {aid} × {iid}");
            if page.exists() {
                let listing = std::fs::read_to_string(&page).unwrap();
                assert!(
                    listing.contains(&format!("{} in person, {online_only} online only.", ip.len())),
                    "{aid} × {iid}"
                );
                // The cell's table holds the in-person providers only (the page size exceeds
                // every cell of these regions); those reaching it online are listed once, under
                // the catchment they name, and the cell links to each such list.
                if ip.len() <= 50 {
                    assert_eq!(listing.matches("<tr><th scope=\"row\">").count(), ip.len(), "rows of {aid} × {iid}");
                }
                let mut named = BTreeSet::new();
                for (pi, p) in reg.providers.iter().enumerate() {
                    for sv in p["services"].as_sequence().unwrap() {
                        let remote = list(&sv["delivery"]).iter().any(|d| d == "online" || d == "phone");
                        if s(&sv["intervention"]) == *iid && remote {
                            for c in list(&sv["online_areas"]) {
                                if reg.reach(&c).contains(aid) {
                                    named.insert((c, pi));
                                }
                            }
                        }
                    }
                }
                let catchments: BTreeSet<&String> = named.iter().map(|(c, _)| c).collect();
                for c in &catchments {
                    let n = named.iter().filter(|(x, _)| x == *c).count();
                    assert!(
                        listing.contains(&format!("<a href=\"/areas/{c}/{iid}/online/\">")),
                        "{aid} × {iid} links the online list of {c}"
                    );
                    let online = std::fs::read_to_string(out_dir.join(format!("areas/{c}/{iid}/online/index.html")))
                        .unwrap_or_else(|e| panic!("online list {c} × {iid}: {e}"));
                    if n <= 50 {
                        assert_eq!(online.matches("<tr><th scope=\"row\">").count(), n, "online list {c} × {iid}");
                    }
                }
                assert_eq!(listing.contains("id=\"online-lists\""), !catchments.is_empty(), "{aid} × {iid}");
            }
            checked += 1;
        }
    }
    assert_eq!(checked, reg.areas.len() * reg.interventions.len());

    // Accreditation health per scheme, judged against the build date.
    let accr = table(&html, "accr-caption");
    for (sid, sname) in &reg.schemes {
        let mut c = [0usize; 5];
        let mut holders = 0;
        for p in &reg.providers {
            let awards: Vec<&Y> = p
                .get("awards")
                .and_then(Y::as_sequence)
                .map(|a| a.iter().filter(|a| s(&a["scheme"]) == *sid).collect())
                .unwrap_or_default();
            holders += usize::from(!awards.is_empty());
            for a in awards {
                let k = match a["status"].as_str().unwrap() {
                    "withdrawn" => 4,
                    "suspended" => 3,
                    _ => match a.get("expires").map(|e| days(&s(e)) - today_d) {
                        Some(d) if d < 0 => 2,
                        Some(d) if d <= 90 => 1,
                        _ => 0,
                    },
                };
                c[k] += 1;
            }
        }
        let row = accr.iter().find(|r| r[0] == *sname).unwrap_or_else(|| panic!("scheme {sname}"));
        let want: Vec<String> = [c[0], c[1], c[0] + c[1], c[2], c[3], c[4], reg.providers.len() - holders]
            .iter()
            .map(|n| n.to_string())
            .collect();
        assert_eq!(&row[1..], &want[..], "scheme {sname}");
    }

    // Market shape: providers by who runs them.
    let sectors = table(&html, "sector-caption");
    for label in ["Council-run", "NHS", "Independent", "Voluntary or community"] {
        let n = reg.providers.iter().filter(|p| Reg::sector(p) == label).count();
        let row = sectors.iter().find(|r| r[0] == label).unwrap();
        assert_eq!(row[1], n.to_string(), "sector {label}");
    }

    // Governance: met, partly, not met, not stated per domain.
    let gov = table(&html, "gov-caption");
    for (k, key) in ["governance", "therapeutic_practice", "workforce", "model_of_care", "outcomes"].iter().enumerate()
    {
        let mut c = [0usize; 4];
        for p in &reg.providers {
            let a = p.get("governance").and_then(|g| g.get(*key)).map(|a| s(&a["answer"]));
            c[match a.as_deref() {
                Some("met") => 0,
                Some("partly") => 1,
                Some("not-met") => 2,
                _ => 3,
            }] += 1;
        }
        let want: Vec<String> = c.iter().map(|n| n.to_string()).collect();
        assert_eq!(&gov[k][1..], &want[..], "domain {key}");
    }

    // Waiting times per kind of support: median, range, stated, not stated.
    let waits = table(&html, "waits-caption");
    for (k, (iid, _)) in reg.interventions.iter().enumerate() {
        let mut w: Vec<u64> = Vec::new();
        let mut none = 0;
        for p in &reg.providers {
            for sv in p["services"].as_sequence().unwrap().iter().filter(|sv| s(&sv["intervention"]) == *iid) {
                match sv.get("wait_weeks").and_then(Y::as_u64) {
                    Some(x) => w.push(x),
                    None => none += 1,
                }
            }
        }
        w.sort();
        let median = match w.len() {
            0 => "None stated".to_string(),
            n if n % 2 == 1 => format!("{} weeks", w[n / 2]),
            n => {
                let t = w[n / 2 - 1] + w[n / 2];
                if t % 2 == 0 {
                    format!("{} weeks", t / 2)
                } else {
                    format!("{}.5 weeks", t / 2)
                }
            }
        };
        let range = if w.is_empty() { "–".to_string() } else { format!("{} to {} weeks", w[0], w[w.len() - 1]) };
        assert_eq!(waits[k][1..], [median, range, w.len().to_string(), none.to_string()], "waits for {iid}");
    }

    // Residential places: each home once, however many areas it is listed for.
    let mut places = 0u64;
    for p in &reg.providers {
        for sv in p["services"].as_sequence().unwrap() {
            if list(&sv["delivery"]).iter().any(|d| d == "residential") {
                places += sv.get("places").and_then(Y::as_u64).unwrap_or(0);
            }
        }
    }
    assert!(html.contains(&format!("{places} places in all")), "places: {places}");

    // Demand totals per period, small counts hidden.
    let shown = |n: u64| if (1..5).contains(&n) { "fewer than 5".to_string() } else { n.to_string() };
    for d in &reg.demand {
        let sum = |f: &str| {
            d["counts"].as_sequence().unwrap().iter().filter_map(|c| c.get(f).and_then(Y::as_u64)).sum::<u64>()
        };
        let spot = sum("spot_purchases");
        let spend = if spot >= 5 { format!("£{}", sum("spot_spend")) } else { "not shown".into() };
        let want = format!(
            "Totals: {} panel requests, {} called off through lots, {} spot purchases (spend {spend})",
            shown(sum("panel_requests")),
            shown(sum("call_offs")),
            shown(spot)
        );
        assert!(html.contains(&want), "period {}: {want}", s(&d["period"]));
    }

    // The charts name themselves and come with their text alternative.
    for id in ["heat", "market", "accr"] {
        assert!(html.contains(&format!("aria-labelledby=\"{id}-t {id}-d\"")), "chart {id}");
    }
    // The audit itself draws no chart with script: the page's main content holds none (the
    // site-wide "add to compare" module sits outside it).
    let main = &html[html.find("<main").unwrap()..html.find("</main>").unwrap()];
    assert!(!main.contains("<script"), "the audit needs no script");
}

#[test]
fn the_example_regions_audit_matches_its_records() {
    check_region(&repo_root(), TODAY);
}

#[test]
fn a_county_regions_audit_matches_its_records() {
    let root = repo_root().join("tests/fixtures/east");
    check_region(&root, TODAY);
}

/// The figures of every coverage cell on a page, by cell (`areas/<area>/<kind>/`) and figure
/// name, read from the `data-cell` and `data-figure` marks the templates put on them; a cell
/// shown twice on a page (an area's own table and its audit's matrix) is listed twice.
fn cell_figures(html: &str) -> Vec<(String, std::collections::BTreeMap<String, String>)> {
    let value = |at: &str| -> String {
        let v = at.trim_start_matches('"');
        v[..v.find(['"', ' ', '>']).unwrap_or(v.len())].to_string()
    };
    let mut out = Vec::new();
    for chunk in html.split("data-cell=").skip(1) {
        out.push((value(chunk), std::collections::BTreeMap::new()));
        let figures = &mut out.last_mut().unwrap().1;
        for f in chunk.split("data-figure=").skip(1) {
            let name = value(f);
            let text = &f[f.find('>').unwrap() + 1..];
            figures.insert(name, text[..text.find('<').unwrap()].to_string());
        }
    }
    out
}

/// A figure shown on an area's page and in the landscape's matrix is one number: both read
/// the audit's cell. Every area's page is held against `/landscape/` for every kind of support.
#[test]
fn area_pages_and_the_landscape_give_the_same_figures() {
    for root in [repo_root(), repo_root().join("tests/fixtures/east")] {
        let tmp = tempfile::tempdir().unwrap();
        let b = build(&root, tmp.path(), &[]);
        assert!(b.status.success(), "{}", stderr(&b));
        let landscape: std::collections::BTreeMap<_, _> =
            cell_figures(&std::fs::read_to_string(tmp.path().join("landscape/index.html")).unwrap())
                .into_iter()
                .collect();
        let areas: Vec<String> = tree(tmp.path())
            .into_keys()
            .filter(|k| k.starts_with("areas/") && k.ends_with("/index.html") && k.matches('/').count() == 2)
            .collect();
        assert!(!areas.is_empty());
        let mut compared = 0;
        for page in areas {
            let on_page = cell_figures(&std::fs::read_to_string(tmp.path().join(&page)).unwrap());
            let own = page.trim_end_matches("index.html").to_string();
            let own_cells: Vec<_> = on_page.iter().filter(|(c, _)| c.starts_with(&own)).collect();
            // Its own table and its audit's matrix both show each of its cells.
            assert!(own_cells.len() >= 2 * 2, "{page} shows its cells in its table and its audit");
            assert!(!own_cells.is_empty(), "{page} shows its coverage");
            for (cell, figures) in own_cells {
                let matrix = landscape.get(cell).unwrap_or_else(|| panic!("{cell} in the landscape's matrix"));
                for (name, n) in figures {
                    // A gap's cell in the matrix shows no in-person count, and an empty cell
                    // nothing at all: both mean 0.
                    let m = matrix.get(name).map_or("0", String::as_str);
                    assert_eq!(n, m, "{cell}: `{name}` is {n} on {page} and {m} on /landscape/");
                    compared += 1;
                }
            }
        }
        assert!(compared > 100, "{compared} figures compared");
    }
}
