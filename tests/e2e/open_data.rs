//! End-to-end: the open data of the example site, each file read back with a real parser or
//! validator: the Open Referral UK (HSDS 3.0) package against its published JSON Schemas,
//! the CSVs with a CSV library and counted against the YAML, the Atom feeds with an Atom
//! parser and RFC 4287's rules, the JSON-LD against the schema.org vocabulary, and the
//! sitemap's URLs against the built pages.

use crate::common;
use common::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const BASE: &str = "https://example.org/";

/// The example built once with an absolute base URL, shared by the tests here.
fn site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("open-data-example");
        let _ = std::fs::remove_dir_all(&dir);
        let out = build(&repo_root(), &dir, &["--base-url", BASE]);
        assert!(out.status.success(), "build failed:\n{}", stderr(&out));
        dir
    })
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(site().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn fixture(rel: &str) -> Value {
    let p = repo_root().join("tests/fixtures").join(rel);
    serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap()
}

fn files_under(rel: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(site().join(rel))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    v.sort();
    v
}

/// The register as the YAML says, counted here without the project's own code: per
/// provider id, its number of services.
fn register() -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for f in std::fs::read_dir(repo_root().join("providers/orgs")).unwrap().flatten() {
        let id = f.path().file_stem().unwrap().to_string_lossy().to_string();
        let y: serde_yaml::Value = serde_yaml::from_str(&std::fs::read_to_string(f.path()).unwrap()).unwrap();
        out.insert(id, y["services"].as_sequence().map_or(0, |s| s.len()));
    }
    out
}

fn reviewed_dates() -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for f in std::fs::read_dir(repo_root().join("providers/orgs")).unwrap().flatten() {
        let id = f.path().file_stem().unwrap().to_string_lossy().to_string();
        let y: serde_yaml::Value = serde_yaml::from_str(&std::fs::read_to_string(f.path()).unwrap()).unwrap();
        let d = match &y["reviewed"] {
            serde_yaml::Value::String(s) => s.clone(),
            other => panic!("{id}: reviewed is {other:?}"),
        };
        out.insert(id, d);
    }
    out
}

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::options().should_validate_formats(true).build(schema).expect("the schema compiles")
}

fn errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc).map(|e| format!("{} at {}", e, e.instance_path)).collect()
}

fn no_nulls(v: &Value, at: &str) {
    match v {
        Value::Null => panic!("null at {at}"),
        Value::Array(a) => a.iter().enumerate().for_each(|(i, x)| no_nulls(x, &format!("{at}[{i}]"))),
        Value::Object(m) => m.iter().for_each(|(k, x)| no_nulls(x, &format!("{at}.{k}"))),
        _ => {}
    }
}

#[test]
fn hsds_nested_documents_validate_against_the_schemas() {
    let service = validator(&fixture("hsds/compiled-service.json"));
    let organization = validator(&fixture("hsds/compiled-organization.json"));
    let reg = register();
    let services: Vec<PathBuf> =
        files_under("data/hsds/services").into_iter().filter(|f| !f.parent().unwrap().ends_with("pages")).collect();
    assert_eq!(services.len(), reg.values().sum::<usize>(), "one document per service in the YAML");
    assert!(!site().join("data/hsds/organizations").exists(), "each service carries its organisation");
    let mut orgs = BTreeSet::new();
    for f in &services {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
        let errs = errors(&service, &doc);
        assert!(errs.is_empty(), "{}: {errs:#?}", f.display());
        let errs = errors(&organization, &doc["organization"]);
        assert!(errs.is_empty(), "{}: its organization: {errs:#?}", f.display());
        assert_eq!(doc["organization"]["id"], doc["organization_id"], "{}", f.display());
        orgs.insert(doc["organization_id"].as_str().unwrap().to_string());
        no_nulls(&doc, &f.display().to_string());
    }
    assert_eq!(orgs.len(), reg.values().filter(|n| **n > 0).count(), "every provider with a service is nested");
    // The UK profile: every service has a url and a status; areas carry GSS code URIs.
    for f in &services {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
        assert!(doc["url"].as_str().is_some_and(|u| u.starts_with(BASE)), "{}", f.display());
        assert!(doc["status"].is_string());
        for a in doc["service_areas"].as_array().into_iter().flatten() {
            if let Some(u) = a["uri"].as_str() {
                let code = u.strip_prefix("http://statistics.data.gov.uk/id/statistical-geography/").unwrap();
                assert!(code.len() == 9 && code.starts_with('E'), "{u}");
            }
        }
    }
}

#[test]
fn hsds_tables_validate_and_their_keys_resolve() {
    let tabular = fixture("hsds/compiled-tabular.json");
    let package: Value = serde_json::from_str(&read("data/hsds/datapackage.json")).unwrap();
    let mut ids: HashMap<String, BTreeSet<String>> = HashMap::new();
    let mut rows_of: HashMap<String, Vec<serde_json::Map<String, Value>>> = HashMap::new();
    let resources = package["resources"].as_array().unwrap();
    let on_disk: BTreeSet<String> = files_under("data/hsds")
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let listed: BTreeSet<String> = resources.iter().map(|r| r["path"].as_str().unwrap().to_string()).collect();
    assert_eq!(on_disk, listed, "datapackage.json lists every CSV and only those");
    for r in resources {
        let object = r["name"].as_str().unwrap();
        let table = &tabular["properties"][object]["items"];
        assert_eq!(table["path"], r["path"], "{object}: the file name HSDS gives it");
        // The columns of a CSV: the schema's properties that are not nested objects.
        let mut schema = table.clone();
        let props = schema["properties"].as_object_mut().unwrap();
        props.retain(|_, p| p.get("$ref").is_none() && !matches!(p["type"].as_str(), Some("array" | "object")));
        let columns: BTreeMap<String, String> =
            props.iter().map(|(k, p)| (k.clone(), p["type"].as_str().unwrap_or("string").to_string())).collect();
        let mut required: Vec<Value> = schema["required"].as_array().cloned().unwrap_or_default();
        required.extend(schema["tabular_required"].as_array().cloned().unwrap_or_default());
        schema["required"] = Value::Array(required);
        let v = validator(&schema);
        let path = r["path"].as_str().unwrap();
        let mut reader = csv::Reader::from_path(site().join("data/hsds").join(path)).unwrap();
        let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
        let fields: Vec<String> =
            r["schema"]["fields"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap().to_string()).collect();
        assert_eq!(header, fields, "{path}: header as datapackage.json says");
        for h in &header {
            assert!(columns.contains_key(h), "{path}: column `{h}` is not a field of {object}");
        }
        for (n, rec) in reader.records().enumerate() {
            let rec = rec.unwrap();
            let mut row = serde_json::Map::new();
            for (h, cell) in header.iter().zip(rec.iter()) {
                if cell.is_empty() {
                    continue;
                }
                let value = match columns[h].as_str() {
                    "number" | "integer" => {
                        Value::from(cell.parse::<f64>().unwrap_or_else(|_| panic!("{path} row {n}: {h}")))
                    }
                    _ => Value::from(cell),
                };
                row.insert(h.clone(), value);
            }
            let errs = errors(&v, &Value::Object(row.clone()));
            assert!(errs.is_empty(), "{path} row {}: {errs:#?}", n + 2);
            let id = row["id"].as_str().unwrap().to_string();
            assert!(ids.entry(object.to_string()).or_default().insert(id.clone()), "{path}: id {id} twice");
            rows_of.entry(object.to_string()).or_default().push(row);
        }
    }
    // Every foreign key names a row that exists.
    let has = |object: &str, id: &str| ids.get(object).is_some_and(|s| s.contains(id));
    for (object, rows) in &rows_of {
        for row in rows {
            for (k, target) in [
                ("organization_id", "organization"),
                ("service_id", "service"),
                ("taxonomy_id", "taxonomy"),
                ("taxonomy_term_id", "taxonomy_term"),
                ("parent_id", "taxonomy_term"),
                ("contact_id", "contact"),
            ] {
                if let Some(id) = row.get(k).and_then(Value::as_str) {
                    assert!(has(target, id), "{object}.{k} = {id}: no such {target}");
                }
            }
            if object == "attribute" {
                let entity = row["link_entity"].as_str().unwrap();
                assert!(has(entity, row["link_id"].as_str().unwrap()), "attribute links to a missing {entity}");
            }
        }
    }
    // Counted against the YAML.
    let reg = register();
    assert_eq!(rows_of["organization"].len(), reg.len());
    assert_eq!(rows_of["service"].len(), reg.values().sum::<usize>());
    // Awards and lot memberships are attributes with their state as of the build date.
    let dated: Vec<&str> = rows_of["attribute"]
        .iter()
        .filter_map(|r| r.get("value").and_then(Value::as_str))
        .filter(|v| v.contains("as_of="))
        .collect();
    assert!(dated.iter().all(|v| v.starts_with("state=") && v.ends_with(&format!("as_of={TODAY}"))));
    assert!(dated.iter().any(|v| v.contains("joined=")), "lot memberships are attributes");
    assert!(dated.iter().any(|v| v.contains("expires=")), "awards are attributes");
}

#[test]
fn services_csv_and_providers_json_match_the_register() {
    let reg = register();
    let mut reader = csv::Reader::from_path(site().join("data/services.csv")).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(header[0], "provider_id");
    let mut per_provider: BTreeMap<String, usize> = BTreeMap::new();
    for rec in reader.records() {
        let rec = rec.unwrap();
        assert_eq!(rec.len(), header.len());
        let row: HashMap<&str, &str> = header.iter().map(String::as_str).zip(rec.iter()).collect();
        *per_provider.entry(row["provider_id"].to_string()).or_default() += 1;
        assert!(row["reviewed"].len() == 10 && row["reviewed"].as_bytes()[4] == b'-', "ISO date");
        assert!(matches!(row["accepting"], "true" | "false"));
        let (from, to): (u8, u8) = (row["age_from"].parse().unwrap(), row["age_to"].parse().unwrap());
        assert!(from <= to);
        for list in ["areas", "delivery", "funding", "lots", "current_awards"] {
            assert!(!row[list].contains(' '), "{list} holds ids separated by `;`: {}", row[list]);
        }
    }
    let expected: BTreeMap<String, usize> = reg.iter().filter(|(_, n)| **n > 0).map(|(k, n)| (k.clone(), *n)).collect();
    assert_eq!(per_provider, expected, "one row per service of each provider in the YAML");

    let doc: Value = serde_json::from_str(&read("data/providers.json")).unwrap();
    no_nulls(&doc, "providers.json");
    let providers = doc["providers"].as_array().unwrap();
    let got: BTreeMap<String, usize> = providers
        .iter()
        .map(|p| (p["id"].as_str().unwrap().to_string(), p["services"].as_array().map_or(0, Vec::len)))
        .collect();
    assert_eq!(got, reg, "one document per provider, with its services");
    assert_eq!(doc["as_of"], TODAY);
}

#[test]
fn feeds_are_valid_atom() {
    let feeds = files_under("feeds");
    let areas: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(repo_root().join("providers/areas.yaml")).unwrap()).unwrap();
    assert_eq!(feeds.len(), 1 + areas.as_sequence().unwrap().len(), "one feed for the site and one per area");
    let mut entries_seen = 0;
    for f in &feeds {
        let text = std::fs::read_to_string(f).unwrap();
        let feed =
            atom_syndication::Feed::read_from(text.as_bytes()).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let rel = f.strip_prefix(site()).unwrap().to_string_lossy().replace('\\', "/");
        // RFC 4287: the feed's id, title and updated; a self link; absolute IRIs throughout.
        assert_eq!(feed.id(), format!("{BASE}{rel}"));
        assert!(!feed.title().as_str().is_empty());
        assert!(feed.links().iter().any(|l| l.rel() == "self" && l.href() == feed.id()));
        assert!(!feed.authors().is_empty(), "{rel}: a feed without authors needs them on every entry");
        let mut ids = BTreeSet::new();
        let mut last = None;
        for e in feed.entries() {
            assert!(e.id().starts_with(BASE), "{rel}: entry id {} is not absolute", e.id());
            assert!(ids.insert(e.id().to_string()), "{rel}: entry id {} twice", e.id());
            assert!(!e.title().as_str().is_empty());
            assert!(e.updated() <= feed.updated(), "{rel}: an entry newer than its feed");
            // All in UTC, so the RFC 3339 text orders as the instants do.
            let stamp = e.updated().to_rfc3339();
            assert!(
                stamp.ends_with("+00:00") && stamp <= format!("{TODAY}T00:00:00+00:00"),
                "{rel}: dated after the build"
            );
            if let Some(l) = last {
                assert!(e.updated() <= &l, "{rel}: newest first");
            }
            last = Some(*e.updated());
            assert!(
                !e.links().is_empty() && e.links().iter().all(|l| l.href().starts_with(BASE)),
                "{rel}: absolute links"
            );
            for l in e.links() {
                let page = l.href().strip_prefix(BASE).unwrap();
                assert!(site().join(page).join("index.html").is_file(), "{rel}: link to {page}, which was not built");
            }
            assert!(e.summary().is_some());
            entries_seen += 1;
        }
    }
    assert!(entries_seen > 0, "the example has changes to report");
    let all = read("feeds/all.xml");
    for (words, what) in [
        ("listing added or reviewed", "reviews"),
        (" expires on ", "awards expiring within 90 days"),
        ("reopened to new providers", "lots re-opened in the past year"),
    ] {
        assert!(all.contains(words), "the site feed reports {what}");
    }
}

#[test]
fn feeds_are_the_same_for_the_same_build_date() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("open-data-again");
    let _ = std::fs::remove_dir_all(&dir);
    let out = build(&repo_root(), &dir, &["--base-url", BASE]);
    assert!(out.status.success(), "{}", stderr(&out));
    for sub in ["feeds", "data"] {
        let (a, b) = (tree(&site().join(sub)), tree(&dir.join(sub)));
        assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
        for (k, v) in &a {
            assert!(v == &b[k], "{sub}/{k} differs between two builds of the same input");
        }
    }
}

/// Every JSON-LD block of every page: parsed as JSON, with no null, each `@type` a
/// schema.org type and each property defined on that type or a supertype.
#[test]
fn json_ld_uses_only_the_schema_org_vocabulary() {
    let vocab = fixture("schemaorg/vocabulary.json");
    let types = vocab["types"].as_object().unwrap();
    let props = vocab["properties"].as_object().unwrap();
    let supertypes = |t: &str| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo = vec![t.to_string()];
        while let Some(t) = todo.pop() {
            if seen.insert(t.clone()) {
                todo.extend(types[&t].as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string()));
            }
        }
        seen
    };
    fn walk(v: &Value, at: &str, check: &mut dyn FnMut(&serde_json::Map<String, Value>, &str)) {
        match v {
            Value::Null => panic!("null at {at}"),
            Value::Array(a) => a.iter().for_each(|x| walk(x, at, check)),
            Value::Object(m) => {
                check(m, at);
                m.iter().for_each(|(k, x)| walk(x, &format!("{at}.{k}"), check));
            }
            _ => {}
        }
    }
    let mut blocks = 0;
    let mut medical = 0;
    for f in files_under("providers") {
        if f.file_name().is_none_or(|n| n != "index.html") {
            continue;
        }
        let html = std::fs::read_to_string(&f).unwrap();
        for part in html.split("application/ld+json").skip(1) {
            let start = part.find('>').unwrap() + 1;
            let end = part.find("</script>").unwrap();
            let ld: Value = serde_json::from_str(&part[start..end]).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            blocks += 1;
            // Nodes described in this block, by `@id`: a bare `{"@id": …}` must refer to one.
            let mut described = std::collections::BTreeSet::new();
            walk(&ld, "$", &mut |m, _| {
                if let (Some(id), Some(_)) = (m.get("@id").and_then(Value::as_str), m.get("@type")) {
                    described.insert(id.to_string());
                }
            });
            let mut check = |m: &serde_json::Map<String, Value>, at: &str| {
                if m.len() == 1 {
                    if let Some(id) = m.get("@id").and_then(Value::as_str) {
                        assert!(described.contains(id), "{}: {id} at {at} refers to no node", f.display());
                        return;
                    }
                }
                let Some(t) = m.get("@type").and_then(Value::as_str) else {
                    panic!("{}: object without @type at {at}", f.display())
                };
                assert!(types.contains_key(t), "{}: {t} is not a schema.org type", f.display());
                if t == "MedicalOrganization" {
                    medical += 1;
                }
                let up = supertypes(t);
                for k in m.keys().filter(|k| !k.starts_with('@')) {
                    let domains =
                        props.get(k).unwrap_or_else(|| panic!("{}: {k} is not a schema.org property", f.display()));
                    assert!(
                        domains.as_array().unwrap().iter().any(|d| up.contains(d.as_str().unwrap())),
                        "{}: {k} is not a property of {t} at {at}",
                        f.display()
                    );
                }
            };
            walk(&ld, "$", &mut check);
            assert_eq!(ld["@context"], "https://schema.org");
            assert!(ld["url"].as_str().unwrap().starts_with(BASE));
        }
    }
    assert_eq!(blocks, register().len(), "one JSON-LD block per provider page");
    assert!(medical > 0 && medical < blocks, "a medical organization only where its services are clinical");
}

#[test]
fn sitemap_urls_are_absolute_dated_and_built() {
    let xml = read("sitemap.xml");
    let reviewed = reviewed_dates();
    let mut n = 0;
    for part in xml.split("<url>").skip(1) {
        let loc = &part[part.find("<loc>").unwrap() + 5..part.find("</loc>").unwrap()];
        let rel = loc.strip_prefix(BASE).unwrap_or_else(|| panic!("{loc} is not absolute under {BASE}"));
        assert!(site().join(rel).join("index.html").is_file(), "{loc} resolves to no built page");
        if let Some(id) = rel.strip_prefix("providers/").and_then(|r| r.strip_suffix('/')).filter(|r| !r.is_empty()) {
            let want = format!("<lastmod>{}</lastmod>", reviewed[id]);
            assert!(part.contains(&want), "{loc}: lastmod is the record's reviewed date");
        }
        n += 1;
    }
    assert!(n > reviewed.len());
    assert!(read("robots.txt").contains(&format!("Sitemap: {BASE}sitemap.xml")));
}

/// The 404 page answers at any address that is not a page: naming `/404/` as its canonical
/// address or its Open Graph URL would point search engines and link previews at nothing.
#[test]
fn the_not_found_page_names_no_canonical_address() {
    let html = read("404.html");
    assert!(html.contains("Page not found"), "{html}");
    assert!(!html.contains("canonical") && !html.contains("og:url"), "{html}");
    assert!(!attr_values(&html, "href").iter().any(|h| h.contains("404")), "{html}");
    assert!(!site().join("404/index.html").exists());
}

#[test]
fn pages_link_their_canonical_url_open_graph_favicon_and_feeds() {
    for (page, feed) in [("index.html", None), ("areas/hackney/index.html", Some("feeds/areas/hackney.xml"))] {
        let html = read(page);
        let hrefs = attr_values(&html, "href");
        let rel = page.strip_suffix("index.html").unwrap();
        assert!(hrefs.contains(&format!("{BASE}{rel}")), "{page}: canonical link");
        assert!(html.contains("og:title") && html.contains("og:url"), "{page}: Open Graph");
        assert!(hrefs.contains(&"/assets/favicon.svg".to_string()), "{page}: favicon");
        assert!(site().join("assets/favicon.svg").is_file());
        assert!(hrefs.contains(&format!("{BASE}feeds/all.xml")), "{page}: the site feed");
        if let Some(f) = feed {
            assert!(hrefs.contains(&format!("{BASE}{f}")), "{page}: its area's feed");
            assert!(site().join(f).is_file());
        }
    }
}

#[test]
fn a_relative_base_url_writes_no_invalid_sitemap_or_feeds_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let out = bin()
        .args(["build", "--verbose", "--today", TODAY, "--root"])
        .arg(repo_root())
        .arg("--output")
        .arg(tmp.path().join("site"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
    assert!(text.contains("is not an absolute URL") && text.contains("--base-url https://"), "{text}");
    let s = tmp.path().join("site");
    for absent in ["sitemap.xml", "feeds", "data/hsds"] {
        assert!(!s.join(absent).exists(), "{absent} written with a relative base URL");
    }
    assert!(s.join("data/services.csv").is_file() && s.join("data/providers.json").is_file());
    let robots = std::fs::read_to_string(s.join("robots.txt")).unwrap();
    assert!(!robots.contains("Sitemap"), "{robots}");
    let home = std::fs::read_to_string(s.join("index.html")).unwrap();
    assert!(!home.contains("application/atom+xml"), "no link to a feed that was not written");
}

/// The Open Referral API's first level, as files: the root, `/services` in pages and
/// `/services/{id}`; every service listed once across the pages, and each listed service has
/// exactly one document.
#[test]
fn hsds_api_root_and_paged_services_list_every_service_once() {
    let root: Value = serde_json::from_str(&read("data/hsds/index.json")).unwrap();
    assert_eq!(root["version"], "3.0");
    assert!(root["openapi_url"].as_str().is_some_and(|u| u.starts_with("https://")));
    let service = validator(&fixture("hsds/compiled-service.json"));
    let pages = files_under("data/hsds/services/pages");
    let total: u64 = register().values().sum::<usize>() as u64;
    let mut listed = Vec::new();
    for n in 1..=pages.len() {
        let page: Value = serde_json::from_str(&read(&format!("data/hsds/services/pages/{n}.json"))).unwrap();
        assert_eq!(page["total_items"], total);
        assert_eq!(page["total_pages"], pages.len() as u64);
        assert_eq!(page["page_number"], n as u64);
        assert_eq!(page["first_page"], n == 1);
        assert_eq!(page["last_page"], n == pages.len());
        let contents = page["contents"].as_array().unwrap();
        assert_eq!(page["size"], contents.len() as u64);
        assert_eq!(page["empty"], contents.is_empty());
        for item in contents {
            let errs = errors(&service, item);
            assert!(errs.is_empty(), "page {n}: {errs:#?}");
            listed.push(item["id"].as_str().unwrap().to_string());
        }
    }
    assert_eq!(listed.len() as u64, total, "every service listed");
    let once: BTreeSet<&String> = listed.iter().collect();
    assert_eq!(once.len(), listed.len(), "no service listed twice");
    for id in &listed {
        assert!(site().join(format!("data/hsds/services/{id}.json")).is_file(), "/services/{id} has no document");
    }
}

/// Each service's premises as the YAML says, read here without the project's code: per
/// provider id, per service (in order), its postcode and whether it is a children's home.
fn premises_in_yaml() -> BTreeMap<String, Vec<Option<(String, bool)>>> {
    let mut out = BTreeMap::new();
    for f in std::fs::read_dir(repo_root().join("providers/orgs")).unwrap().flatten() {
        let id = f.path().file_stem().unwrap().to_string_lossy().to_string();
        let y: serde_yaml::Value = serde_yaml::from_str(&std::fs::read_to_string(f.path()).unwrap()).unwrap();
        let services = y["services"].as_sequence().cloned().unwrap_or_default();
        let rows = services
            .iter()
            .map(|s| {
                let home = s["delivery"].as_sequence().into_iter().flatten().any(|d| d.as_str() == Some("residential"));
                s["postcode"].as_str().map(|p| (p.to_string(), home))
            })
            .collect();
        out.insert(id, rows);
    }
    out
}

#[test]
fn premises_reach_every_export_and_a_home_only_as_its_sector() {
    let yaml = premises_in_yaml();
    let stated: usize = yaml.values().flatten().flatten().count();
    assert!(stated > 20, "the example states premises: {stated}");
    let sector = |p: &str| p[..p.len() - 2].to_string();

    // services.csv and providers.json, service by service.
    let mut reader = csv::Reader::from_path(site().join("data/services.csv")).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for rec in reader.records() {
        let rec = rec.unwrap();
        let row: HashMap<&str, &str> = header.iter().map(String::as_str).zip(rec.iter()).collect();
        let n = seen.entry(row["provider_id"].to_string()).or_default();
        let want = &yaml[row["provider_id"]][*n];
        *n += 1;
        match want {
            Some((p, false)) => assert_eq!((row["postcode"], row["postcode_sector"]), (p.as_str(), sector(p).as_str())),
            Some((p, true)) => assert_eq!((row["postcode"], row["postcode_sector"]), ("", sector(p).as_str())),
            None => assert_eq!((row["postcode"], row["postcode_sector"]), ("", "")),
        }
    }
    let doc: Value = serde_json::from_str(&read("data/providers.json")).unwrap();
    for p in doc["providers"].as_array().unwrap() {
        for (s, want) in p["services"].as_array().unwrap().iter().zip(&yaml[p["id"].as_str().unwrap()]) {
            let got = (s["postcode"].as_str(), s["postcode_sector"].as_str());
            match want {
                Some((pc, false)) => assert_eq!(got, (Some(pc.as_str()), Some(sector(pc).as_str()))),
                Some((pc, true)) => assert_eq!(got, (None, Some(sector(pc).as_str()))),
                None => assert_eq!(got, (None, None)),
            }
        }
    }

    // Open Referral: one physical location per stated premises, its identifier the postcode
    // (a home's sector), at the sector's centre. The centre is read from the table here and
    // converted to latitude and longitude by the test's own arithmetic (a plain inverse
    // transverse Mercator and Helmert step would be the code under test): so only a rough
    // bound, that the point lies within the sector's square of the grid, is held, using
    // the OS grid's own scale near London (1 degree of latitude is about 111 km).
    let table: HashMap<String, (f64, f64)> = std::fs::read_to_string(repo_root().join("data/postcode-sectors.tsv"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0].to_string(), (f[1].parse().unwrap(), f[2].parse().unwrap()))
        })
        .collect();
    let mut locations = 0;
    let stated_codes: BTreeSet<String> =
        yaml.values().flatten().flatten().map(|(p, home)| if *home { sector(p) } else { p.clone() }).collect();
    for f in files_under("data/hsds/services").iter().filter(|f| !f.to_string_lossy().contains("/pages/")) {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
        for sal in doc["service_at_locations"].as_array().into_iter().flatten() {
            let l = &sal["location"];
            locations += 1;
            assert_eq!(l["location_type"], "physical");
            let id = l["external_identifier"].as_str().unwrap();
            assert!(stated_codes.contains(id), "{id} is a stated premises");
            let kind = l["external_identifier_type"].as_str().unwrap();
            let sec = if kind == "postcode sector" { id.to_string() } else { sector(id) };
            assert!(kind == "postcode" || kind == "postcode sector", "{kind}");
            let (e, n) = table[&sec];
            // The national grid's true origin is 49°N 2°W, false origin 400 km west and
            // 100 km north of it: near London a kilometre is about 0.009° of latitude and
            // 0.0144° of longitude.
            let (lat, lon) = (l["latitude"].as_f64().unwrap(), l["longitude"].as_f64().unwrap());
            let rough_lat = 49.0 + (n + 100_000.0) / 111_200.0;
            let rough_lon = -2.0 + (e - 400_000.0) / 69_400.0;
            assert!((lat - rough_lat).abs() < 0.05 && (lon - rough_lon).abs() < 0.1, "{id}: {lat},{lon}");
        }
    }
    assert_eq!(locations, stated, "one location per stated premises");
}
