//! A second region, county-shaped (tests/fixtures/east: eleven East of England authorities,
//! two sub-regions, online-only services with catchments, a suspended membership, a
//! council-run home, lots cited by id, demand records), built with the real binary. Its area
//! pages' roll-up is checked against counts made here straight from the YAML, with
//! serde_yaml and none of the project's code, so a mistake in link cannot hide in both.

use crate::common;
use common::*;
use serde_yaml::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn fixture() -> std::path::PathBuf {
    repo_root().join("tests/fixtures/east")
}

fn yaml(path: &Path) -> Value {
    serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn strs(v: &Value) -> Vec<String> {
    v.as_sequence().map(|s| s.iter().map(|x| x.as_str().unwrap().to_string()).collect()).unwrap_or_default()
}

/// The region as the test reads it: the area tree and every service.
struct Region {
    /// Area id → (name, kind, parent).
    areas: BTreeMap<String, (String, String, Option<String>)>,
    /// Intervention ids in file order, with names.
    interventions: Vec<(String, String)>,
    services: Vec<Svc>,
}

struct Svc {
    provider: String,
    intervention: String,
    in_person: bool,
    remote: bool,
    accepting: bool,
    areas: Vec<String>,
    online_areas: Vec<String>,
}

impl Region {
    fn read(root: &Path) -> Region {
        let mut areas = BTreeMap::new();
        for a in yaml(&root.join("providers/areas.yaml")).as_sequence().unwrap() {
            areas.insert(
                a["id"].as_str().unwrap().to_string(),
                (
                    a["name"].as_str().unwrap().to_string(),
                    a["kind"].as_str().unwrap().to_string(),
                    a["parent"].as_str().map(str::to_string),
                ),
            );
        }
        let interventions = yaml(&root.join("providers/interventions.yaml"))
            .as_sequence()
            .unwrap()
            .iter()
            .map(|i| (i["id"].as_str().unwrap().to_string(), i["name"].as_str().unwrap().to_string()))
            .collect();
        let mut services = Vec::new();
        let mut files: Vec<_> =
            std::fs::read_dir(root.join("providers/orgs")).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for f in files {
            let id = f.file_stem().unwrap().to_str().unwrap().to_string();
            let p = yaml(&f);
            for s in p["services"].as_sequence().unwrap() {
                let delivery = strs(&s["delivery"]);
                services.push(Svc {
                    provider: id.clone(),
                    intervention: s["intervention"].as_str().unwrap().to_string(),
                    in_person: delivery.iter().any(|d| d != "online" && d != "phone"),
                    remote: delivery.iter().any(|d| d == "online" || d == "phone"),
                    accepting: s["accepting"].as_bool().unwrap(),
                    areas: strs(&s["areas"]),
                    online_areas: strs(&s["online_areas"]),
                });
            }
        }
        Region { areas, interventions, services }
    }

    /// The area and every area above it.
    fn up(&self, a: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::from([a.to_string()]);
        let mut cur = self.areas[a].2.clone();
        while let Some(p) = cur {
            out.insert(p.clone());
            cur = self.areas[&p].2.clone();
        }
        out
    }

    /// Every area strictly inside `a`.
    fn down(&self, a: &str) -> BTreeSet<String> {
        self.areas.keys().filter(|x| x.as_str() != a && self.up(x).contains(a)).cloned().collect()
    }

    fn authorities(&self, a: &str) -> Vec<String> {
        let mut v: Vec<String> = self.down(a).into_iter().filter(|x| self.areas[x].1 == "local-authority").collect();
        if self.areas[a].1 == "local-authority" {
            v.push(a.to_string());
        }
        v
    }

    /// Distinct providers with a service of `iv` that `keep` accepts.
    fn provider_set(&self, iv: &str, keep: impl Fn(&Svc) -> bool) -> BTreeSet<&String> {
        self.services.iter().filter(|s| s.intervention == iv && keep(s)).map(|s| &s.provider).collect()
    }

    fn providers(&self, iv: &str, keep: impl Fn(&Svc) -> bool) -> usize {
        self.provider_set(iv, keep).len()
    }

    /// The coverage row the area page should show for `iv`, cell by cell: in person; for a
    /// sub-region, in how many member authorities and covering all of it; online only (with
    /// those for part of it only); accepting referrals, of both.
    fn row(&self, area: &str, iv: &str, name: &str) -> Vec<String> {
        let up = self.up(area);
        let down = self.down(area);
        let touches = |list: &[String]| list.iter().any(|x| up.contains(x) || down.contains(x));
        let whole = |list: &[String]| list.iter().any(|x| up.contains(x));
        let in_person = self.provider_set(iv, |s| s.in_person && touches(&s.areas));
        let online: BTreeSet<&String> = self
            .provider_set(iv, |s| s.remote && touches(&s.online_areas))
            .into_iter()
            .filter(|p| !in_person.contains(p))
            .collect();
        let online_whole = self.provider_set(iv, |s| s.remote && whole(&s.online_areas));
        let part = online.iter().filter(|p| !online_whole.contains(*p)).count();
        let accepting = self.providers(iv, |s| {
            s.accepting
                && ((s.in_person && touches(&s.areas)) || (s.remote && touches(&s.online_areas)))
                && (in_person.contains(&s.provider) || online.contains(&s.provider))
        });
        let online_cell =
            if part > 0 { format!("{} ({part} for part)", online.len()) } else { online.len().to_string() };
        let shown = |n: usize| if n == 0 { "Gap".to_string() } else { n.to_string() };
        if self.areas[area].1 == "local-authority" {
            return vec![name.into(), shown(in_person.len()), online_cell, accepting.to_string()];
        }
        let members = self.authorities(area);
        let reached = members
            .iter()
            .filter(|la| self.providers(iv, |s| s.in_person && s.areas.iter().any(|x| self.up(la).contains(x))) > 0)
            .count();
        let share = match reached {
            0 => "none".to_string(),
            n if n == members.len() => format!("all {n}"),
            n => format!("{n} of {}", members.len()),
        };
        let covering = self.providers(iv, |s| s.in_person && whole(&s.areas));
        vec![name.into(), shown(in_person.len()), share, covering.to_string(), online_cell, accepting.to_string()]
    }
}

/// The text of an HTML fragment, tags taken out and entities read.
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
    out.replace("&amp;", "&").replace("&#x27;", "'").replace("&#39;", "'").trim().to_string()
}

/// The rows of the coverage table on an area page, each as its cells' text.
fn coverage_rows(page: &str) -> Vec<Vec<String>> {
    let start = page.find("id=\"coverage-caption\"").expect("coverage table");
    let body = &page[start..];
    let body = &body[body.find("<tbody>").unwrap() + 7..body.find("</tbody>").unwrap()];
    body.split("<tr")
        .skip(1)
        .map(|row| {
            row.split("<t")
                .skip(1)
                .filter(|c| c.starts_with('h') || c.starts_with('d'))
                .map(|c| text(&format!("<t{c}")))
                .collect()
        })
        .collect()
}

fn page(out: &Path, url: &str) -> String {
    std::fs::read_to_string(out.join(url).join("index.html")).unwrap_or_else(|e| panic!("{url}: {e}"))
}

#[test]
fn area_pages_roll_up_as_the_yaml_says() {
    let root = fixture();
    let region = Region::read(&root);
    let out = tempfile::tempdir().unwrap();
    let o = build(&root, out.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("warning"), "the fixture should build clean: {}", stderr(&o));

    let mut checked = 0;
    for area in region.areas.keys() {
        let html = page(out.path(), &format!("areas/{area}"));
        let rows = coverage_rows(&html);
        let want: Vec<Vec<String>> = region.interventions.iter().map(|(id, name)| region.row(area, id, name)).collect();
        assert_eq!(rows, want, "coverage table of {area}");
        checked += rows.len();

        // The list: providers in person anywhere in the area.
        let up = region.up(area);
        let down = region.down(area);
        let listed: BTreeSet<&String> = region
            .services
            .iter()
            .filter(|s| s.in_person && s.areas.iter().any(|x| up.contains(x) || down.contains(x)))
            .map(|s| &s.provider)
            .collect();
        let n = listed.len();
        if n > 0 {
            let count = if n == 1 {
                "Showing the one provider.".to_string()
            } else {
                format!("Showing 1 to {n} of {n} providers")
            };
            assert!(html.contains(&count), "{area} should say `{count}`");
        }
    }
    assert_eq!(checked, region.areas.len() * region.interventions.len());

    // The page says which meaning each number has.
    let essex = page(out.path(), "areas/essex-partnership");
    for words in [
        "In person",
        "In member authorities",
        "Covering all of Essex, Southend and Thurrock",
        "Online only",
        "Accepting referrals",
    ] {
        assert!(essex.contains(words), "the sub-region page does not explain `{words}`");
    }
}

#[test]
fn the_areas_index_counts_providers_anywhere_in_each_area() {
    let root = fixture();
    let region = Region::read(&root);
    let out = tempfile::tempdir().unwrap();
    assert!(build(&root, out.path(), &[]).status.success());
    let index = page(out.path(), "areas");
    for (id, (name, _, _)) in &region.areas {
        let up = region.up(id);
        let down = region.down(id);
        let n = region
            .services
            .iter()
            .filter(|s| s.in_person && s.areas.iter().any(|x| up.contains(x) || down.contains(x)))
            .map(|s| &s.provider)
            .collect::<BTreeSet<_>>()
            .len();
        let link = format!("href=\"/areas/{id}/\">");
        let at = index.find(&link).unwrap_or_else(|| panic!("{name} missing from the index"));
        let entry = text(&index[at + link.len() - 1..][..index[at..].find("</span>").unwrap() - link.len() + 8]);
        let noun = if n == 1 { "provider" } else { "providers" };
        assert!(entry.ends_with(&format!("· {n} {noun}")), "{name}: the index says `{entry}`, the YAML {n}");
    }
}

#[test]
fn lots_on_an_area_page_include_those_covering_any_member() {
    let root = fixture();
    let region = Region::read(&root);
    let out = tempfile::tempdir().unwrap();
    assert!(build(&root, out.path(), &[]).status.success());
    let mut lots: Vec<(String, Vec<String>)> = Vec::new();
    for f in ["east-adoption-support", "essex-send-dps"] {
        let fw = yaml(&root.join(format!("providers/frameworks/{f}.yaml")));
        for l in fw["lots"].as_sequence().unwrap() {
            lots.push((format!("frameworks/{f}/lot-{}/", l["number"].as_u64().unwrap()), strs(&l["areas"])));
        }
    }
    for area in region.areas.keys() {
        let html = page(out.path(), &format!("areas/{area}"));
        let section = &html[html.find("id=\"lots\"").unwrap()..html.find("id=\"providers\"").unwrap()];
        let up = region.up(area);
        let down = region.down(area);
        for (url, areas) in &lots {
            let relevant = areas.iter().any(|x| up.contains(x) || down.contains(x));
            assert_eq!(section.contains(&format!("href=\"/{url}\"")), relevant, "{url} on the page of {area}");
        }
    }
    // Essex's own sub-region page names the lots that cover only part of it.
    let essex = text(&page(out.path(), "areas/essex-partnership"));
    assert!(essex.contains("covers part of it: Thurrock"), "{essex}");
}

#[test]
fn memberships_awards_and_providers_read_as_commissioning_says() {
    let root = fixture();
    let out = tempfile::tempdir().unwrap();
    assert!(build(&root, out.path(), &[]).status.success());
    // The lot cited by id, with its suspended member.
    let thurrock = text(&page(out.path(), "frameworks/essex-send-dps/lot-1"));
    assert!(thurrock.contains("Lot idessex-send-thurrock"), "{thurrock}");
    assert!(thurrock.contains("Suspended since 1 September 2025; joined 4 March 2024"), "{thurrock}");
    assert!(thurrock.contains("0 active providers"), "{thurrock}");
    // The ranked lot lists its members by rank; a join still to come is not active.
    let ranked = page(out.path(), "frameworks/east-adoption-support/lot-1");
    let fenland = ranked.find("Fenland Family Therapy").unwrap();
    let anglia = ranked.find("Anglia Video Family Therapy").unwrap();
    assert!(fenland < anglia, "rank 1 comes first");
    assert!(text(&ranked).contains("Under PPN 005 to suppliers in East of England"));
    let play = text(&page(out.path(), "frameworks/east-adoption-support/lot-2"));
    assert!(play.contains("Joins on 1 April 2027") && play.contains("0 active providers"), "{play}");
    // The council-run home: sector, places, home type, and a registration shown by its inspection.
    let home = text(&page(out.path(), "providers/essex-council-childrens-homes"));
    for words in [
        "Council-run (in-house provision)",
        "Small group home, 4 places",
        "Registered with Ofsted; last inspected on 12 May 2026",
    ] {
        assert!(home.contains(words), "council home page lacks `{words}`");
    }
    // Online-only: the catchment, and provider-level languages inherited by the service.
    let anglia = text(&page(out.path(), "providers/anglia-video-family-therapy"));
    assert!(anglia.contains("Online or by phone for families inEast of England"), "{anglia}");
    assert!(anglia.contains("Languages: English, Polish"), "{anglia}");
    // Practice models are listed with the providers citing them.
    // Practice models are counted on the register's list, each linking its own list of the
    // providers citing it.
    let models = text(&page(out.path(), "practice-models"));
    assert!(models.contains("2 providers citing Systemic practice cite this model"), "{models}");
    let systemic = text(&page(out.path(), "practice-models/systemic"));
    assert!(systemic.contains("2 providers on the register cite this model"), "{systemic}");
    for name in ["Anglia Video Family Therapy", "Fenland Family Therapy"] {
        assert!(systemic.contains(name), "{systemic}");
    }
}
