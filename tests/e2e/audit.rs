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

/// Builds `root` unminified, so tests read the tables as the templates write them.
fn build_plain(root: &Path, today: &str) -> (tempfile::TempDir, std::path::PathBuf) {
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
    (tmp, out_dir)
}

fn check_region(root: &Path, today: &str) {
    let (_tmp, out_dir) = build_plain(root, today);
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

    check_distances(root, &reg, &html);

    // The charts name themselves and come with their text alternative.
    for id in ["heat", "market", "accr"] {
        assert!(html.contains(&format!("aria-labelledby=\"{id}-t {id}-d\"")), "chart {id}");
    }
    // The audit itself draws no chart with script: the page's main content holds none (the
    // site-wide "add to compare" module sits outside it).
    let main = &html[html.find("<main").unwrap()..html.find("</main>").unwrap()];
    assert!(!main.contains("<script"), "the audit needs no script");
}

/// The postcode tables and the national list of authorities, read here from their files.
struct Geo {
    /// Sector (`E8 1`) to easting, northing and the GSS code of its district.
    sectors: std::collections::HashMap<String, (f64, f64, String)>,
    centres: std::collections::HashMap<String, (f64, f64)>,
    names: std::collections::HashMap<String, String>,
}

impl Geo {
    fn read() -> Geo {
        let data = repo_root().join("data");
        let rows = |f: &str| -> Vec<Vec<String>> {
            std::fs::read_to_string(data.join(f))
                .unwrap()
                .lines()
                .skip(1)
                .map(|l| l.split('\t').map(String::from).collect())
                .collect()
        };
        let num = |x: &str| x.parse::<f64>().unwrap();
        Geo {
            sectors: rows("postcode-sectors.tsv")
                .into_iter()
                .map(|r| (r[0].clone(), (num(&r[1]), num(&r[2]), r[3].clone())))
                .collect(),
            centres: rows("authority-centres.tsv")
                .into_iter()
                .map(|r| (r[0].clone(), (num(&r[1]), num(&r[2]))))
                .collect(),
            names: rows("uk_local_authorities.tsv").into_iter().map(|r| (r[0].clone(), r[1].clone())).collect(),
        }
    }

    /// A premises postcode's sector row: the postcode less its last two letters.
    fn sector(&self, postcode: &str) -> Option<&(f64, f64, String)> {
        let p = postcode.trim().to_uppercase();
        self.sectors.get(p[..p.len() - 2].trim_end())
    }
}

fn miles(a: (f64, f64), b: (f64, f64)) -> f64 {
    ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt() / 1609.344
}

/// Miles as the pages write them: tenths under ten miles, whole miles from ten.
fn written(m: f64) -> String {
    let tenths = (m * 10.0).round() as i64;
    let text = if tenths < 100 {
        if tenths % 10 == 0 {
            format!("{}", tenths / 10)
        } else {
            format!("{}.{}", tenths / 10, tenths % 10)
        }
    } else {
        format!("{}", m.round() as i64)
    };
    if text == "1" {
        "1 mile".into()
    } else {
        format!("{text} miles")
    }
}

/// The distance section of the landscape: every authority's nearest provider of each kind,
/// its residential homes within 20 miles and beyond, and the providers serving it by
/// distance, each worked out here from the YAML and the postcode tables.
fn check_distances(root: &Path, reg: &Reg, html: &str) {
    let geo = Geo::read();
    let areas = yaml(&root.join("providers/areas.yaml"));
    let gss_of = |id: &str| -> Option<String> {
        areas.as_sequence().unwrap().iter().find(|a| s(&a["id"]) == id).and_then(|a| a.get("gss")).map(s)
    };
    let authorities: Vec<(String, String, (f64, f64))> = areas
        .as_sequence()
        .unwrap()
        .iter()
        .filter(|a| s(&a["kind"]) == "local-authority")
        .filter_map(|a| {
            let c = *geo.centres.get(&s(a.get("gss")?))?;
            Some((s(&a["id"]), s(&a["name"]), c))
        })
        .collect();
    if authorities.is_empty() {
        assert!(!html.contains("id=\"audit-distance\""), "no authority has a centre: no distance section");
        return;
    }
    let in_person = |sv: &Y| list(&sv["delivery"]).iter().any(|d| d != "online" && d != "phone");
    // Every in-person premises with a known sector: (provider, kind, position, district).
    let mut premises = Vec::new();
    for (pi, p) in reg.providers.iter().enumerate() {
        for sv in p["services"].as_sequence().unwrap().iter().filter(|sv| in_person(sv)) {
            if let Some((e, n, d)) = sv.get("postcode").and_then(|pc| geo.sector(&s(pc))) {
                premises.push((pi, s(&sv["intervention"]), (*e, *n), d.clone()));
            }
        }
    }
    let serves = |pi: usize, iid: Option<&str>, aid: &str| {
        reg.providers[pi]["services"].as_sequence().unwrap().iter().any(|sv| {
            in_person(sv)
                && iid.map_or(true, |i| s(&sv["intervention"]) == i)
                && list(&sv["areas"]).iter().any(|x| reg.reach(x).contains(aid))
        })
    };
    let nearest = table(html, "nearest-caption");
    assert_eq!(nearest.len(), authorities.len(), "one row per authority with a centre");
    let homes = table(html, "homes-caption");
    let bands = table(html, "bands-caption");
    for (aid, name, centre) in &authorities {
        let row = nearest.iter().find(|r| r[0] == *name).unwrap_or_else(|| panic!("nearest row {name}"));
        for (k, (iid, _)) in reg.interventions.iter().enumerate() {
            let serving: Vec<usize> = (0..reg.providers.len()).filter(|&p| serves(p, Some(iid), aid)).collect();
            let dist = |p: usize| {
                premises.iter().filter(|x| x.0 == p && x.1 == *iid).map(|x| miles(*centre, x.2)).min_by(f64::total_cmp)
            };
            let want = if serving.is_empty() {
                match premises
                    .iter()
                    .filter(|x| x.1 == *iid)
                    .min_by(|a, b| miles(*centre, a.2).total_cmp(&miles(*centre, b.2)).then(a.0.cmp(&b.0)))
                {
                    Some((_, _, at, district)) => {
                        let place = reg
                            .areas
                            .iter()
                            .find(|a| gss_of(&a.0).as_deref() == Some(district.as_str()))
                            .map(|a| a.2.clone())
                            .or_else(|| geo.names.get(district).cloned())
                            .unwrap_or_else(|| district.clone());
                        format!("Gap: nearest {}, in {place}", written(miles(*centre, *at)))
                    }
                    None => "Gap: no premises stated".into(),
                }
            } else {
                match serving.iter().filter_map(|&p| dist(p)).min_by(f64::total_cmp) {
                    Some(m) => format!("Nearest {}", written(m)),
                    None => "Distance not stated".into(),
                }
            };
            assert_eq!(row[k + 1], want, "nearest {iid} to {name}");
        }

        // Every residential home in the register, by its distance from this centre.
        let (mut within, mut beyond, mut unplaced, mut no_places) = ((0, 0), (0, 0), 0, 0);
        for p in &reg.providers {
            for sv in p["services"].as_sequence().unwrap() {
                if !list(&sv["delivery"]).iter().any(|d| d == "residential") {
                    continue;
                }
                let places = sv.get("places").and_then(Y::as_u64);
                no_places += usize::from(places.is_none());
                match sv.get("postcode").and_then(|pc| geo.sector(&s(pc))) {
                    Some((e, n, _)) if miles(*centre, (*e, *n)) <= 20.0 => {
                        within = (within.0 + 1, within.1 + places.unwrap_or(0))
                    }
                    Some(_) => beyond = (beyond.0 + 1, beyond.1 + places.unwrap_or(0)),
                    None => unplaced += 1,
                }
            }
        }
        let row = homes.iter().find(|r| r[0] == *name).unwrap_or_else(|| panic!("homes row {name}"));
        let want: Vec<String> = [within.0, within.1, beyond.0, beyond.1, unplaced as u64, no_places as u64]
            .iter()
            .map(|n| n.to_string())
            .collect();
        assert_eq!(row[1..], want[..], "homes around {name}");

        // Providers serving it in person, by the distance of their nearest premises.
        let mut counts = [0usize; 5];
        for p in (0..reg.providers.len()).filter(|&p| serves(p, None, aid)) {
            let m = premises.iter().filter(|x| x.0 == p).map(|x| miles(*centre, x.2)).min_by(f64::total_cmp);
            counts[match m {
                Some(m) if m <= 5.0 => 0,
                Some(m) if m <= 10.0 => 1,
                Some(m) if m <= 20.0 => 2,
                Some(_) => 3,
                None => 4,
            }] += 1;
        }
        let row = bands.iter().find(|r| r[0] == *name).unwrap_or_else(|| panic!("bands row {name}"));
        let mut want: Vec<String> = counts.iter().map(|n| n.to_string()).collect();
        want.push(counts.iter().sum::<usize>().to_string());
        assert_eq!(row[1..], want[..], "providers by distance from {name}");
    }
    // A home's address is kept private: no page of the audit shows a residential postcode.
    for p in &reg.providers {
        for sv in p["services"].as_sequence().unwrap() {
            if list(&sv["delivery"]).iter().any(|d| d == "residential") {
                if let Some(pc) = sv.get("postcode") {
                    assert!(!html.contains(&s(pc)), "a home's postcode {} on the landscape", s(pc));
                }
            }
        }
    }
    for id in ["homes", "bands"] {
        assert!(html.contains(&format!("aria-labelledby=\"{id}-t {id}-d\"")), "chart {id}");
    }
    // The measure is named with its source, and the positions with theirs.
    assert!(
        html.contains("The Department for Education counts children looked after who are placed more than 20 miles")
    );
    assert!(html.contains("Contains OS data © Crown copyright and database right 2025"));
}

/// Distances for a few pairs, worked out by hand from the rows of the tables in `data/`
/// (metres are the square root of the sum of the squared differences; a mile is 1,609.344
/// metres), as the landscape and the authorities' pages write them.
#[test]
fn distances_for_known_pairs_match_the_tables_by_hand() {
    let (_tmp, out) = build_plain(&repo_root(), TODAY);
    let read = |p: &str| std::fs::read_to_string(out.join(p)).unwrap();
    let words = |html: &str| text(&html[html.find("<main").unwrap()..html.find("</main>").unwrap()]);
    let hackney = words(&read("areas/hackney/index.html"));
    // Hackney's centre (E09000012) is 533937 E 185206 N; sector E8 3 is 534253 E 184255 N:
    // √(316² + 951²) = 1,002 m = 0.62 miles. Riverbend's family therapy is at E8 3RD.
    assert!(hackney.contains("Riverbend Family Therapy Clinic 0.6 miles"), "Hackney's nearest family therapy");
    // Nearest first; a provider stating no premises after, without a distance.
    assert!(
        hackney.contains(
            "Riverbend Family Therapy Clinic 0.6 milesLeaside Children's Health NHS Foundation Trust 2 milesBrightwater Children's Trust distance not stated"
        ),
        "Hackney's family therapy, nearest first"
    );
    // The cell's own list is in the same order, all of it, and says so.
    let list = words(&read("areas/hackney/family-therapy/index.html"));
    let (riverbend, leaside, brightwater) = (
        list.find("Riverbend Family Therapy Clinic").unwrap(),
        list.find("Leaside Children's Health").unwrap(),
        list.find("Brightwater Children's Trust").unwrap(),
    );
    assert!(riverbend < leaside && leaside < brightwater, "Hackney's family therapy list, nearest first");
    assert!(list.contains("Nearest first, by the distance as the crow flies from the centre of Hackney"));
    // Three are listed; the cell's list has all of them.
    assert!(hackney.contains("All 5 providers offering therapeutic residential care in person in Hackney."));
    // Playworks' play therapy is at E16 1EN: sector E16 1 is 539826 E 181089 N,
    // in Newham (E09000025): √(5889² + 4117²) = 7,185 m = 4.46 miles. Hackney has no play
    // therapy in person, so this is its gap.
    assert!(hackney.contains("Gap: nearest 4.5 miles, in Newham: Playworks Therapy"), "Hackney's play therapy gap");
    // Havering's centre (E09000016) is 552786 E 188031 N; Canvas and Clay's art therapy is
    // at E17 7JN, sector E17 7 at 536742 E 188939 N in Waltham Forest (E09000031):
    // √(16044² + 908²) = 16,070 m = 9.985 miles, which is written in whole miles: 10.
    let havering = words(&read("areas/havering/index.html"));
    assert!(
        havering.contains("Gap: nearest 10 miles, in Waltham Forest: Canvas and Clay Art Therapy"),
        "Havering's art therapy gap"
    );
    let matrix = table(&read("landscape/index.html"), "nearest-caption");
    let row = matrix.iter().find(|r| r[0] == "Havering").unwrap();
    assert!(row.contains(&"Gap: nearest 10 miles, in Waltham Forest".to_string()), "{row:?}");
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
        // A cell shown in several of the landscape's tables (the matrix, the nearest
        // provider) gives each of its figures once.
        let mut landscape: std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>> =
            std::collections::BTreeMap::new();
        for (cell, figures) in cell_figures(&std::fs::read_to_string(tmp.path().join("landscape/index.html")).unwrap())
        {
            let all = landscape.entry(cell.clone()).or_default();
            for (name, n) in figures {
                let before = all.insert(name.clone(), n.clone());
                if let Some(b) = before {
                    assert_eq!(b, n, "{cell}: `{name}` twice on /landscape/, unalike");
                }
            }
        }
        assert!(landscape.values().any(|f| f.contains_key("nearest")), "the landscape shows the nearest providers");
        let areas: Vec<String> = tree(tmp.path())
            .into_keys()
            .filter(|k| k.starts_with("areas/") && k.ends_with("/index.html") && k.matches('/').count() == 2)
            .collect();
        assert!(!areas.is_empty());
        let (mut compared, mut nearest) = (0, 0);
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
                    nearest += usize::from(name == "nearest");
                }
            }
        }
        assert!(compared > 100, "{compared} figures compared");
        assert!(nearest > 10, "{nearest} nearest providers compared");
    }
}
