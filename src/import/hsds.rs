//! Reads an HSDS 3.0 source into organization documents, each with its `services`: the
//! nested JSON as the ORUK API gives it (pages of `contents`, single `/services/{id}`
//! documents with their `organization`, organization documents with their `services`), or
//! the tabular package, whose rows are joined back into the same shape.

use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

type Doc = Map<String, Value>;

/// The largest source file read: an API page or a CSV of a large directory fits easily.
const MAX_BYTES: u64 = 256 * 1024 * 1024;

fn read(path: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if meta.len() > MAX_BYTES {
        return Err(format!("{}: larger than {} MB; split it", path.display(), MAX_BYTES >> 20));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let text = String::from_utf8(bytes).map_err(|_| format!("{}: not UTF-8 text", path.display()))?;
    Ok(text.trim_start_matches('\u{feff}').to_string())
}

/// The fields of `more` that `doc` lacks, added to it.
fn fill(doc: &mut Doc, more: Doc) {
    for (k, v) in more {
        doc.entry(k).or_insert(v);
    }
}

/// Organizations in the order first seen, merged by id.
#[derive(Default)]
pub struct Orgs {
    order: Vec<String>,
    by_id: HashMap<String, Doc>,
    services: HashSet<String>,
}

impl Orgs {
    fn org(&mut self, mut o: Doc) {
        let services = match o.remove("services") {
            Some(Value::Array(s)) => s,
            _ => Vec::new(),
        };
        let id = text(&o, "id").unwrap_or_else(|| format!("unnamed-{}", self.order.len()));
        if let Some(known) = self.by_id.get_mut(&id) {
            fill(known, o);
        } else {
            self.order.push(id.clone());
            o.insert("services".into(), Value::Array(Vec::new()));
            self.by_id.insert(id.clone(), o);
        }
        for s in services {
            if let Value::Object(s) = s {
                self.service(&id, s);
            }
        }
    }

    fn service(&mut self, org: &str, mut s: Doc) {
        s.remove("organization");
        let sid = text(&s, "id").unwrap_or_default();
        if !sid.is_empty() && !self.services.insert(sid.clone()) {
            // Seen before, perhaps as a page's short item: the full document adds the rest,
            // and the place it was first listed in is kept.
            let known = self.by_id.get_mut(org).and_then(|o| o.get_mut("services")).and_then(|l| match l {
                Value::Array(list) => list.iter_mut().find_map(|x| match x {
                    Value::Object(x) if text(x, "id").as_deref() == Some(sid.as_str()) => Some(x),
                    _ => None,
                }),
                _ => None,
            });
            if let Some(known) = known {
                fill(known, s);
            }
            return;
        }
        if !self.by_id.contains_key(org) {
            let mut o = Doc::new();
            o.insert("id".into(), Value::String(org.to_string()));
            self.org(o);
        }
        if let Some(Value::Array(list)) = self.by_id.get_mut(org).and_then(|o| o.get_mut("services")) {
            list.push(Value::Object(s));
        }
    }

    /// One JSON value of a source: a page, a list, a service or an organization.
    fn value(&mut self, v: Value, problems: &mut Vec<String>, file: &Path) {
        match v {
            Value::Array(items) => items.into_iter().for_each(|i| self.value(i, problems, file)),
            Value::Object(mut o) => {
                if let Some(Value::Array(items)) = o.remove("contents") {
                    return items.into_iter().for_each(|i| self.value(i, problems, file));
                }
                match o.get("organization").cloned() {
                    Some(Value::Object(org)) => {
                        let id = text(&org, "id").unwrap_or_default();
                        self.org(org);
                        self.service(&id, o);
                    }
                    _ if o.contains_key("services") => self.org(o),
                    _ => match text(&o, "organization_id") {
                        Some(org) => self.service(&org, o),
                        None if o.contains_key("name") && o.contains_key("legal_status") => self.org(o),
                        None => problems.push(format!(
                            "{}: a document that is neither a service with its organization nor an organization with its services; left out",
                            file.display()
                        )),
                    },
                }
            }
            _ => problems.push(format!("{}: not a JSON object or list; left out", file.display())),
        }
    }

    pub fn into_docs(mut self) -> Vec<Doc> {
        self.order.iter().filter_map(|id| self.by_id.remove(id)).collect()
    }
}

/// A field as text: a string, or a number written out.
pub fn text(o: &Doc, key: &str) -> Option<String> {
    match o.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The objects of a list field.
pub fn list<'a>(o: &'a Doc, key: &str) -> impl Iterator<Item = &'a Doc> {
    o.get(key).and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_object)
}

/// Reads `path`: a folder (with `datapackage.json`, the tabular package; else every `.json`
/// file in it, in name order), a `datapackage.json`, or one JSON file. Returns the
/// organizations and what could not be read.
pub fn read_source(path: &Path) -> Result<(Vec<Doc>, Vec<String>), String> {
    let mut problems = Vec::new();
    if path.is_dir() {
        let package = path.join("datapackage.json");
        if package.is_file() {
            return tabular(&package).map(|d| (d, problems));
        }
        let mut files: Vec<PathBuf> = walkdir::WalkDir::new(path)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "json"))
            .map(|e| e.into_path())
            .collect();
        // The pages of a collection first: they list the services in the publisher's order,
        // which one file per service, named by its id, does not keep.
        files.sort_by_key(|f| (!f.parent().is_some_and(|d| d.ends_with("pages")), f.clone()));
        if files.is_empty() {
            return Err(format!("{}: no datapackage.json and no .json files", path.display()));
        }
        let mut orgs = Orgs::default();
        for f in files {
            match serde_json::from_str::<Value>(&read(&f)?) {
                Ok(v) => orgs.value(v, &mut problems, &f),
                Err(e) => problems.push(format!("{}: not JSON ({e}); left out", f.display())),
            }
        }
        return Ok((orgs.into_docs(), problems));
    }
    if path.file_name().is_some_and(|n| n == "datapackage.json") {
        return tabular(path).map(|d| (d, problems));
    }
    let v: Value = serde_json::from_str(&read(path)?).map_err(|e| format!("{}: not JSON: {e}", path.display()))?;
    let mut orgs = Orgs::default();
    orgs.value(v, &mut problems, path);
    Ok((orgs.into_docs(), problems))
}

/// The tabular package: each resource's CSV read into rows, then joined into documents.
fn tabular(package: &Path) -> Result<Vec<Doc>, String> {
    let dir = package.parent().unwrap_or(Path::new("."));
    let p: Value =
        serde_json::from_str(&read(package)?).map_err(|e| format!("{}: not JSON: {e}", package.display()))?;
    let mut tables: BTreeMap<String, Vec<Doc>> = BTreeMap::new();
    for r in p.get("resources").and_then(Value::as_array).into_iter().flatten() {
        let (Some(name), Some(rel)) = (r.get("name").and_then(Value::as_str), r.get("path").and_then(Value::as_str))
        else {
            continue;
        };
        // The package names files beside it; never a path out of its folder.
        if rel.contains("..") || rel.starts_with('/') || rel.contains('\\') {
            return Err(format!("{}: resource `{name}` has the path `{rel}`, outside the package", package.display()));
        }
        let file = dir.join(rel);
        if !file.is_file() {
            continue;
        }
        let text = read(&file)?;
        let mut rd = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
        let headers: Vec<String> =
            rd.headers().map_err(|e| format!("{}: {e}", file.display()))?.iter().map(str::to_string).collect();
        let mut rows = Vec::new();
        for rec in rd.records() {
            let rec = rec.map_err(|e| format!("{}: {e}", file.display()))?;
            let mut row = Doc::new();
            for (h, v) in headers.iter().zip(rec.iter()) {
                // The export guards formula-like cells with an apostrophe; read them back.
                let v = v.strip_prefix('\'').filter(|r| r.starts_with(['=', '+', '-', '@'])).unwrap_or(v);
                if !v.trim().is_empty() {
                    row.insert(h.clone(), Value::String(v.to_string()));
                }
            }
            rows.push(row);
        }
        tables.insert(name.to_string(), rows);
    }
    let take = |name: &str| tables.get(name).cloned().unwrap_or_default();
    let by = |rows: &[Doc], key: &str| -> HashMap<String, Vec<Doc>> {
        let mut m: HashMap<String, Vec<Doc>> = HashMap::new();
        for r in rows {
            if let Some(k) = text(r, key) {
                m.entry(k).or_default().push(r.clone());
            }
        }
        m
    };
    let taxonomies: HashMap<String, String> =
        take("taxonomy").iter().filter_map(|t| Some((text(t, "id")?, text(t, "name")?))).collect();
    let terms: HashMap<String, Doc> = take("taxonomy_term")
        .into_iter()
        .filter_map(|mut t| {
            if !t.contains_key("taxonomy") {
                if let Some(name) = text(&t, "taxonomy_id").and_then(|id| taxonomies.get(&id)) {
                    t.insert("taxonomy".into(), Value::String(name.clone()));
                }
            }
            Some((text(&t, "id")?, t))
        })
        .collect();
    let attributes: Vec<Doc> = take("attribute")
        .into_iter()
        .map(|mut a| {
            if let Some(t) = text(&a, "taxonomy_term_id").and_then(|id| terms.get(&id)) {
                a.insert("taxonomy_term".into(), Value::Object(t.clone()));
            }
            a
        })
        .collect();
    let attributes = by(&attributes, "link_id");
    let phones = take("phone");
    let phones_of_contact = by(&phones, "contact_id");
    let contacts: Vec<Doc> = take("contact")
        .into_iter()
        .map(|mut c| {
            if let Some(p) = text(&c, "id").and_then(|id| phones_of_contact.get(&id)) {
                c.insert("phones".into(), Value::Array(p.iter().cloned().map(Value::Object).collect()));
            }
            c
        })
        .collect();
    let own = |rows: &[Doc], key: &str, except: &[&str]| -> HashMap<String, Vec<Doc>> {
        let kept: Vec<Doc> = rows.iter().filter(|r| except.iter().all(|e| !r.contains_key(*e))).cloned().collect();
        by(&kept, key)
    };
    let org_contacts = own(&contacts, "organization_id", &["service_id"]);
    let svc_contacts = by(&contacts, "service_id");
    let org_phones = own(&phones, "organization_id", &["service_id", "contact_id"]);
    let svc_phones = own(&phones, "service_id", &["contact_id"]);
    let identifiers = by(&take("organization_identifier"), "organization_id");
    let addresses = by(&take("address"), "location_id");
    let locations: HashMap<String, Doc> = take("location")
        .into_iter()
        .filter_map(|mut l| {
            let id = text(&l, "id")?;
            if let Some(a) = addresses.get(&id) {
                l.insert("addresses".into(), Value::Array(a.iter().cloned().map(Value::Object).collect()));
            }
            Some((id, l))
        })
        .collect();
    let at_locations: Vec<Doc> = take("service_at_location")
        .into_iter()
        .map(|mut s| {
            if let Some(l) = text(&s, "location_id").and_then(|id| locations.get(&id)) {
                s.insert("location".into(), Value::Object(l.clone()));
            }
            s
        })
        .collect();
    let at_locations = by(&at_locations, "service_id");
    let children: Vec<(&str, HashMap<String, Vec<Doc>>)> = vec![
        ("service_areas", by(&take("service_area"), "service_id")),
        ("languages", by(&take("language"), "service_id")),
        ("cost_options", by(&take("cost_option"), "service_id")),
        ("funding", by(&take("funding"), "service_id")),
        ("contacts", svc_contacts),
        ("phones", svc_phones),
        ("service_at_locations", at_locations),
    ];
    let attach = |d: &mut Doc, key: &str, from: &HashMap<String, Vec<Doc>>, id: &str| {
        if let Some(rows) = from.get(id) {
            d.insert(key.into(), Value::Array(rows.iter().cloned().map(Value::Object).collect()));
        }
    };
    let services = by(&take("service"), "organization_id");
    let mut orgs = Orgs::default();
    for mut o in take("organization") {
        let id = text(&o, "id").unwrap_or_default();
        attach(&mut o, "organization_identifiers", &identifiers, &id);
        attach(&mut o, "contacts", &org_contacts, &id);
        attach(&mut o, "phones", &org_phones, &id);
        attach(&mut o, "attributes", &attributes, &id);
        let list: Vec<Value> = services
            .get(&id)
            .into_iter()
            .flatten()
            .map(|s| {
                let mut s = s.clone();
                let sid = text(&s, "id").unwrap_or_default();
                for (key, from) in &children {
                    attach(&mut s, key, from, &sid);
                }
                attach(&mut s, "attributes", &attributes, &sid);
                Value::Object(s)
            })
            .collect();
        o.insert("services".into(), Value::Array(list));
        orgs.org(o);
    }
    Ok(orgs.into_docs())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn api_pages_single_services_and_organizations_merge_by_id() {
        let mut orgs = Orgs::default();
        let mut problems = Vec::new();
        let page = json!({"total_items": 2, "total_pages": 1, "page_number": 1, "size": 2,
            "first_page": true, "last_page": true, "contents": [
            {"id": "s1", "name": "A", "organization": {"id": "o1", "name": "Org"}},
            {"id": "s2", "name": "B", "organization": {"id": "o1", "name": "Org"}}]});
        orgs.value(page, &mut problems, Path::new("page.json"));
        // The same service again, now inside its organization's document: not doubled.
        orgs.value(json!({"id": "o1", "name": "Org", "services": [{"id": "s1"}]}), &mut problems, Path::new("o.json"));
        orgs.value(json!(42), &mut problems, Path::new("n.json"));
        let docs = orgs.into_docs();
        assert_eq!(docs.len(), 1);
        assert_eq!(list(&docs[0], "services").count(), 2);
        assert_eq!(problems.len(), 1, "{problems:?}");
    }
}
