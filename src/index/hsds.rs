/*!
`data/hsds/`: the register in Open Referral UK's form, the Human Services Data Specification
3.0, for directories and referral systems that read it (council service directories, social
prescribing tools). Two forms of the same records:

- the **tabular data package**: one CSV per object (`organizations.csv`, `services.csv`,
  `taxonomy_terms.csv`, …) and `datapackage.json` listing them with their fields;
- the **Open Referral API, as files**: the root document (`index.json`), the `/services`
  collection in pages (`services/pages/<n>.json`) and `/services/{id}`
  (`services/<id>.json`, the service with its organization nested), one document each. There
  is no document per organization: each service carries its organization whole, and the
  API's first level asks for none.

Providers are organizations; each service of a provider is a service; kinds of support,
accreditation schemes, framework lots, ways of delivery, referral status, practice models,
residential homes, the governance checklist and SME / VCSE status are terms of the
register's own taxonomies (published in `taxonomies.csv` and `taxonomy_terms.csv`), linked
through attributes, whose value carries the status and dates as judged on the build date.
Areas are service areas with their GSS code as URI. Every id is a UUID made from the record's
own id, so it is the same in every build. What has no HSDS home is in docs/OPEN-DATA.md.

Everything here needs absolute URLs (a service's `url` is required by the UK profile), so it
is written only when the base URL is absolute.
*/

use crate::link::{judge, urls, Site};
use crate::model::{Category, Delivery, HomeType, Premises};
use rayon::prelude::*;
use serde_json::{json, Map, Value};

/// A stable UUID for a record of `kind` known by `key`: version 8 (RFC 9562, made by the
/// application) from two 64-bit FNV-1a hashes, so a record keeps its id from build to build.
pub fn uuid(kind: &str, key: &str) -> String {
    let hash = |seed: u64| {
        let mut h = seed;
        for b in kind.bytes().chain([b'/']).chain(key.bytes()) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        h
    };
    let (a, b) = (hash(0xcbf2_9ce4_8422_2325), hash(0x6c62_272e_07bb_0142));
    let mut x = [0u8; 16];
    x[..8].copy_from_slice(&a.to_be_bytes());
    x[8..].copy_from_slice(&b.to_be_bytes());
    x[6] = (x[6] & 0x0f) | 0x80;
    x[8] = (x[8] & 0x3f) | 0x80;
    let h: String = x.iter().map(|b| format!("{b:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..])
}

/// The ONS statistical-geography URI of a GSS code.
pub fn gss_uri(code: &str) -> String {
    format!("http://statistics.data.gov.uk/id/statistical-geography/{code}")
}

/// One CSV of the package: its file name and columns, in order.
pub struct Table {
    pub object: &'static str,
    pub path: &'static str,
    pub columns: &'static [&'static str],
    /// The columns holding numbers; every other is a string.
    pub numbers: &'static [&'static str],
}

/// The package's whole-register files a page may link: the data package and its tables, the
/// API's root and the first page of its services (one document per service is linked from
/// nowhere).
pub fn linkable() -> impl Iterator<Item = String> {
    TABLES.iter().map(|t| format!("data/hsds/{}", t.path)).chain([
        "data/hsds/datapackage.json".to_string(),
        ROOT.to_string(),
        page_path(1),
    ])
}

pub const TABLES: [Table; 14] = [
    Table {
        object: "organization",
        path: "organizations.csv",
        columns: &["id", "name", "description", "email", "website", "legal_status", "uri"],
        numbers: &[],
    },
    Table {
        object: "organization_identifier",
        path: "organization_identifiers.csv",
        columns: &["id", "organization_id", "identifier_scheme", "identifier_type", "identifier"],
        numbers: &[],
    },
    Table {
        object: "contact",
        path: "contacts.csv",
        columns: &["id", "organization_id", "service_id", "name", "email"],
        numbers: &[],
    },
    Table {
        object: "phone",
        path: "phones.csv",
        columns: &["id", "organization_id", "service_id", "contact_id", "number", "description"],
        numbers: &[],
    },
    Table {
        object: "service",
        path: "services.csv",
        columns: &[
            "id",
            "organization_id",
            "name",
            "description",
            "url",
            "email",
            "status",
            "application_process",
            "fees_description",
            "wait_time",
            "eligibility_description",
            "minimum_age",
            "maximum_age",
            "assured_date",
            "last_modified",
        ],
        numbers: &["minimum_age", "maximum_age"],
    },
    Table {
        object: "service_area",
        path: "service_areas.csv",
        columns: &["id", "service_id", "name", "description", "extent_type", "uri"],
        numbers: &[],
    },
    Table { object: "language", path: "languages.csv", columns: &["id", "service_id", "name", "note"], numbers: &[] },
    Table {
        object: "cost_option",
        path: "cost_options.csv",
        columns: &["id", "service_id", "currency", "amount_description"],
        numbers: &[],
    },
    Table {
        object: "funding",
        path: "funding.csv",
        columns: &["id", "organization_id", "service_id", "source"],
        numbers: &[],
    },
    Table {
        object: "location",
        path: "locations.csv",
        columns: &["id", "location_type", "external_identifier", "external_identifier_type", "latitude", "longitude"],
        numbers: &["latitude", "longitude"],
    },
    Table {
        object: "service_at_location",
        path: "service_at_location.csv",
        columns: &["id", "service_id", "location_id"],
        numbers: &[],
    },
    Table {
        object: "attribute",
        path: "attributes.csv",
        columns: &["id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"],
        numbers: &[],
    },
    Table {
        object: "taxonomy",
        path: "taxonomies.csv",
        columns: &["id", "name", "description", "uri", "version"],
        numbers: &[],
    },
    Table {
        object: "taxonomy_term",
        path: "taxonomy_terms.csv",
        columns: &["id", "code", "name", "description", "parent_id", "taxonomy", "taxonomy_id", "term_uri"],
        numbers: &[],
    },
];

fn put(m: &mut Map<String, Value>, k: &str, v: impl Into<Value>) {
    let v = v.into();
    if !v.is_null() && v != Value::String(String::new()) {
        m.insert(k.to_string(), v);
    }
}

fn kebab<T: serde::Serialize>(v: T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// A URL only if it is an absolute web address: the schema's `uri` format refuses others.
fn web(u: Option<&str>) -> Option<&str> {
    u.filter(|u| {
        (u.starts_with("https://") || u.starts_with("http://")) && !u.contains(char::is_whitespace) && u.len() > 8
    })
}

/// The register's taxonomies: (key, name, description, page).
const TAXONOMIES: [(&str, &str, &str, &str); 9] = [
    (
        "kinds-of-support",
        "Kinds of support",
        "The kinds of therapeutic support this register lists, grouped by category.",
        "interventions/",
    ),
    (
        "schemes",
        "Accreditation schemes",
        "Accreditation, registration and membership schemes a provider can hold.",
        "schemes/",
    ),
    (
        "lots",
        "Framework lots",
        "Lots of the commissioning frameworks, lists and dynamic purchasing systems in this region.",
        "frameworks/",
    ),
    (
        "delivery",
        "Ways of delivery",
        "How a service is delivered: in person, online, by phone, at home, in school or residential.",
        "",
    ),
    ("referrals", "Referral status", "Whether a service is accepting new referrals on the build date.", ""),
    (
        "practice-models",
        "Practice models",
        "The practice models providers on this register say they work to.",
        "practice-models/",
    ),
    (
        "residential",
        "Residential homes",
        "What kind of home a residential service is, and how many children it has places for.",
        "",
    ),
    (
        "governance",
        "Governance checklist",
        "The five domains of the technical governance checklist; an attribute's value is the answer (met, partly or not-met), a colon and the evidence.",
        "",
    ),
    (
        "organisation",
        "Kind of organisation",
        "Whether a provider is a small or medium-sized enterprise, and whether it is a voluntary, community or social enterprise.",
        "",
    ),
];

struct Builder<'a> {
    site: &'a Site,
    abs: &'a str,
    taxonomies: Vec<Value>,
    terms: Vec<Value>,
    /// Each term as an attribute nests it: what the schema requires and what a reader of one
    /// document needs to know the term (its code and name). Its taxonomy, parent and page are
    /// once in `taxonomy_terms.csv`, not again in every attribute of every document.
    short_terms: Vec<Value>,
    term_ix: std::collections::HashMap<String, usize>,
}

impl Builder<'_> {
    fn taxonomy_id(&self, key: &str) -> String {
        uuid("taxonomy", key)
    }

    fn term(&self, taxonomy: &str, code: &str) -> String {
        uuid("taxonomy_term", &format!("{taxonomy}/{code}"))
    }

    fn add_term(
        &mut self,
        taxonomy: &str,
        code: &str,
        name: &str,
        description: &str,
        parent: Option<String>,
        page: Option<String>,
    ) {
        let mut t = Map::new();
        put(&mut t, "id", self.term(taxonomy, code));
        put(&mut t, "code", code);
        put(&mut t, "name", name);
        // A record that gives no description has none here either.
        put(&mut t, "description", (!description.is_empty()).then_some(description));
        put(&mut t, "parent_id", parent);
        let tax_name = TAXONOMIES.iter().find(|t| t.0 == taxonomy).map_or("", |t| t.1);
        put(&mut t, "taxonomy", tax_name);
        put(&mut t, "taxonomy_id", self.taxonomy_id(taxonomy));
        put(&mut t, "term_uri", page.map(|p| format!("{}{p}", self.abs)));
        let short: Map<String, Value> = ["id", "code", "name", "description"]
            .iter()
            .filter_map(|k| t.get(*k).map(|v| (k.to_string(), v.clone())))
            .collect();
        self.term_ix.insert(self.term(taxonomy, code), self.terms.len());
        self.terms.push(Value::Object(t));
        self.short_terms.push(Value::Object(short));
    }

    fn taxonomies(&mut self) {
        let site = self.site;
        for (key, name, description, page) in TAXONOMIES {
            let mut t = Map::new();
            put(&mut t, "id", self.taxonomy_id(key));
            put(&mut t, "name", format!("{}: {name}", site.config.title));
            put(&mut t, "description", description);
            put(&mut t, "uri", if page.is_empty() { None } else { Some(format!("{}{page}", self.abs)) });
            put(&mut t, "version", site.today.to_string());
            self.taxonomies.push(Value::Object(t));
        }
        let mut categories: Vec<Category> = site.interventions.iter().map(|i| i.category).collect();
        categories.sort();
        categories.dedup();
        for c in categories {
            self.add_term(
                "kinds-of-support",
                &format!("category/{}", kebab(c)),
                c.label(),
                &format!("Category: {}", c.label()),
                None,
                None,
            );
        }
        for iv in &site.interventions {
            let parent = Some(self.term("kinds-of-support", &format!("category/{}", kebab(iv.category))));
            self.add_term("kinds-of-support", &iv.id, &iv.name, &iv.summary, parent, Some(urls::intervention(&iv.id)));
        }
        for s in &site.schemes {
            self.add_term(
                "schemes",
                &s.id,
                &s.name,
                s.summary.as_deref().unwrap_or(""),
                None,
                Some(urls::scheme(&s.id)),
            );
        }
        for f in &site.frameworks {
            for lot in &f.lots {
                let name = format!("{}, lot {}: {}", f.name, lot.number, lot.title);
                let description = lot.summary.clone().or_else(|| f.summary.clone()).unwrap_or_default();
                self.add_term("lots", &lot.id, &name, &description, None, Some(urls::lot(&f.id, lot.number)));
            }
        }
        for d in [
            Delivery::InPerson,
            Delivery::Online,
            Delivery::Phone,
            Delivery::HomeVisits,
            Delivery::Residential,
            Delivery::SchoolBased,
        ] {
            self.add_term("delivery", &kebab(d), d.label(), d.label(), None, None);
        }
        self.add_term(
            "referrals",
            "accepting",
            "Accepting new referrals",
            "true when the service was accepting new referrals on the build date, false when not.",
            None,
            None,
        );
        for m in &site.practice_models {
            self.add_term("practice-models", &m.id, &m.name, &m.summary, None, Some(urls::practice_model(&m.id)));
        }
        self.add_term(
            "residential",
            "places",
            "Residential places",
            "The number of children the home has places for.",
            None,
            None,
        );
        for h in [HomeType::Solo, HomeType::SmallGroup, HomeType::TherapeuticCommunity, HomeType::Other] {
            self.add_term("residential", &format!("home-type/{}", kebab(h)), h.label(), h.label(), None, None);
        }
        for (label, _) in crate::model::Governance::default().domains() {
            self.add_term("governance", &urls::slugify(label), label, label, None, None);
        }
        // HSDS has no field for them, and the audit's shares of SMEs and VCSEs need them back.
        self.add_term("organisation", "sme", "Small or medium-sized enterprise (SME)", "true or false.", None, None);
        self.add_term(
            "organisation",
            "vcse",
            "Voluntary, community or social enterprise (VCSE)",
            "true or false.",
            None,
            None,
        );
    }

    /// An attribute linking `link_id` (an object of `entity`) to a term, with its value.
    /// `nth` tells apart two links to one term (a provider may hold one scheme's award twice,
    /// say a lapsed one and its renewal).
    fn attribute(
        &self,
        entity: &str,
        link_id: &str,
        (taxonomy, code, nth): (&str, &str, usize),
        value: Option<String>,
    ) -> Value {
        let term_id = self.term(taxonomy, code);
        let mut a = Map::new();
        put(&mut a, "id", uuid("attribute", &format!("{link_id}/{taxonomy}/{code}/{nth}")));
        put(&mut a, "link_id", link_id);
        put(&mut a, "taxonomy_term_id", term_id.as_str());
        put(&mut a, "link_type", taxonomy);
        put(&mut a, "link_entity", entity);
        put(&mut a, "value", value);
        put(&mut a, "taxonomy_term", self.term_ix.get(&term_id).map(|&i| self.short_terms[i].clone()));
        Value::Object(a)
    }

    /// The organization of provider `pi`, without its services.
    fn organization(&self, pi: usize) -> Map<String, Value> {
        let site = self.site;
        let p = &site.providers[pi];
        let id = uuid("organization", &p.id);
        let mut o = Map::new();
        put(&mut o, "id", id.as_str());
        put(&mut o, "name", p.name.as_str());
        put(&mut o, "description", p.summary.as_str());
        put(&mut o, "email", p.contact.email.clone());
        put(&mut o, "website", web(p.contact.website.as_deref()));
        put(&mut o, "legal_status", p.legal_form.label());
        put(&mut o, "uri", format!("{}{}", self.abs, urls::provider(&p.id)));
        let mut identifiers = Vec::new();
        for (scheme, kind, value) in [
            ("GB-CHC", "Charity Commission number", &p.registrations.charity),
            ("GB-COH", "Companies House number", &p.registrations.company),
            ("GB-OFSTED", "Ofsted unique reference number", &p.registrations.ofsted_urn),
        ] {
            if let Some(v) = value {
                let mut r = Map::new();
                put(&mut r, "id", uuid("organization_identifier", &format!("{}/{scheme}", p.id)));
                put(&mut r, "organization_id", id.as_str());
                put(&mut r, "identifier_scheme", scheme);
                put(&mut r, "identifier_type", kind);
                put(&mut r, "identifier", v.as_str());
                identifiers.push(Value::Object(r));
            }
        }
        put(&mut o, "organization_identifiers", identifiers);
        let mut contact = Map::new();
        let contact_id = uuid("contact", &p.id);
        put(&mut contact, "id", contact_id.as_str());
        put(&mut contact, "organization_id", id.as_str());
        put(&mut contact, "name", "Referrals and enquiries");
        put(&mut contact, "email", p.contact.email.clone());
        if let Some(number) = &p.contact.phone {
            let mut ph = Map::new();
            put(&mut ph, "id", uuid("phone", &p.id));
            put(&mut ph, "organization_id", id.as_str());
            put(&mut ph, "contact_id", contact_id.as_str());
            put(&mut ph, "number", number.as_str());
            put(&mut ph, "description", "Referrals and enquiries");
            put(&mut contact, "phones", vec![Value::Object(ph)]);
        }
        put(&mut o, "contacts", vec![Value::Object(contact)]);
        let mut attributes = Vec::new();
        for (n, (a, j)) in p.awards.iter().zip(&site.award_states[pi]).enumerate() {
            let mut v = vec![format!("state={}", kebab(j.state))];
            for (k, d) in [
                ("awarded", a.awarded),
                ("expires", a.expires),
                ("status_since", a.status_since),
                ("inspected", a.inspected),
            ] {
                if let Some(d) = d {
                    v.push(format!("{k}={d}"));
                }
            }
            if let Some(g) = &a.grade {
                v.push(format!("grade={g}"));
            }
            v.push(format!("as_of={}", site.today));
            attributes.push(self.attribute("organization", &id, ("schemes", &a.scheme, n), Some(v.join(";"))));
        }
        for (n, (m, k)) in p.lots.iter().zip(&site.memberships[pi]).enumerate() {
            let lot = &site.frameworks[k.framework].lots[k.lot];
            let mut v = vec![
                format!("state={}", kebab(judge::membership(m, site.today))),
                format!("joined={}", m.joined),
                format!("status_since={}", m.status_since()),
            ];
            if let Some(r) = m.rank {
                v.push(format!("rank={r}"));
            }
            v.push(format!("as_of={}", site.today));
            attributes.push(self.attribute("organization", &id, ("lots", &lot.id, n), Some(v.join(";"))));
        }
        for m in &p.practice_models {
            attributes.push(self.attribute("organization", &id, ("practice-models", m, 0), None));
        }
        for (label, answer) in p.governance.domains() {
            if let Some(a) = answer {
                let value = format!("{}: {}", kebab(a.answer), a.evidence);
                attributes.push(self.attribute(
                    "organization",
                    &id,
                    ("governance", &urls::slugify(label), 0),
                    Some(value),
                ));
            }
        }
        // A fact the record leaves out is left out here too, never written as `false`.
        for (code, stated) in [("sme", p.sme), ("vcse", p.vcse)] {
            if let Some(yes) = stated {
                attributes.push(self.attribute("organization", &id, ("organisation", code, 0), Some(yes.to_string())));
            }
        }
        put(&mut o, "attributes", attributes);
        o
    }

    /// The services of provider `pi`, without their organization.
    fn services(&self, pi: usize) -> Vec<Map<String, Value>> {
        let site = self.site;
        let p = &site.providers[pi];
        let org = uuid("organization", &p.id);
        let mut seen: Vec<&str> = Vec::new();
        p.services
            .iter()
            .map(|s| {
                // A provider may list one kind of support twice (say, for two age groups).
                let n = seen.iter().filter(|i| **i == s.intervention).count();
                seen.push(&s.intervention);
                let key = format!("{}/{}/{n}", p.id, s.intervention);
                let id = uuid("service", &key);
                let iv = &site.interventions[site.intervention_ix[&s.intervention]];
                let mut o = Map::new();
                put(&mut o, "id", id.as_str());
                put(&mut o, "organization_id", org.as_str());
                put(&mut o, "name", format!("{} – {}", iv.name, p.name));
                put(&mut o, "description", iv.summary.as_str());
                put(&mut o, "url", format!("{}{}", self.abs, urls::provider(&p.id)));
                put(&mut o, "email", p.contact.email.clone());
                put(&mut o, "status", "active");
                put(&mut o, "application_process", p.contact.referral.clone());
                put(&mut o, "fees_description", s.cost.clone());
                put(&mut o, "wait_time", s.wait_weeks.map(|w| crate::words::counted(w, "week")));
                put(
                    &mut o,
                    "eligibility_description",
                    format!("Children and young people aged {} to {}", s.ages.from, s.ages.to),
                );
                put(&mut o, "minimum_age", s.ages.from);
                put(&mut o, "maximum_age", s.ages.to);
                put(&mut o, "assured_date", p.reviewed.to_string());
                put(&mut o, "last_modified", format!("{}T00:00:00Z", p.reviewed));
                let mut areas = Vec::new();
                for (list, how) in [(&s.areas, "In person"), (&s.online_areas, "Online or by phone")] {
                    for a in list {
                        let area = &site.areas[site.area_ix[a]];
                        let mut sa = Map::new();
                        put(&mut sa, "id", uuid("service_area", &format!("{key}/{how}/{a}")));
                        put(&mut sa, "service_id", id.as_str());
                        put(&mut sa, "name", area.name.as_str());
                        put(&mut sa, "description", format!("{how}: the whole of {}", area.name));
                        put(&mut sa, "extent_type", area.gss.as_ref().map(|_| "gss_code"));
                        put(&mut sa, "uri", area.gss.as_deref().map(gss_uri));
                        areas.push(Value::Object(sa));
                    }
                }
                put(&mut o, "service_areas", areas);
                let languages: Vec<Value> = s
                    .languages
                    .iter()
                    .map(|l| {
                        let mut m = Map::new();
                        put(&mut m, "id", uuid("language", &format!("{key}/{l}")));
                        put(&mut m, "service_id", id.as_str());
                        put(&mut m, "name", l.as_str());
                        Value::Object(m)
                    })
                    .collect();
                put(&mut o, "languages", languages);
                if let Some(cost) = &s.cost {
                    let mut c = Map::new();
                    put(&mut c, "id", uuid("cost_option", &key));
                    put(&mut c, "service_id", id.as_str());
                    put(&mut c, "currency", "GBP");
                    put(&mut c, "amount_description", cost.as_str());
                    put(&mut o, "cost_options", vec![Value::Object(c)]);
                }
                let funding: Vec<Value> = s
                    .funding
                    .iter()
                    .map(|f| {
                        let mut m = Map::new();
                        put(&mut m, "id", uuid("funding", &format!("{key}/{}", kebab(f))));
                        put(&mut m, "service_id", id.as_str());
                        put(&mut m, "source", f.label());
                        Value::Object(m)
                    })
                    .collect();
                put(&mut o, "funding", funding);
                let mut attributes =
                    vec![self.attribute("service", &id, ("kinds-of-support", &s.intervention, 0), None)];
                for d in &s.delivery {
                    attributes.push(self.attribute("service", &id, ("delivery", &kebab(d), 0), None));
                }
                attributes.push(self.attribute(
                    "service",
                    &id,
                    ("referrals", "accepting", 0),
                    Some(s.accepting.to_string()),
                ));
                if let Some(n) = s.places {
                    attributes.push(self.attribute("service", &id, ("residential", "places", 0), Some(n.to_string())));
                }
                if let Some(h) = s.home_type {
                    let code = format!("home-type/{}", kebab(h));
                    attributes.push(self.attribute("service", &id, ("residential", &code, 0), None));
                }
                put(&mut o, "attributes", attributes);
                put(&mut o, "service_at_locations", premises(&key, &id, s.premises()));
                o
            })
            .collect()
    }
}

/// The premises a service is delivered from, as one physical location: its postcode (a
/// home's sector only) as the location's identifier, and its sector's centre in WGS84.
/// Open Referral's address needs a street and a town, which the register does not hold, so
/// there is no address rather than an invented one.
fn premises(key: &str, service: &str, premises: Premises<'_>) -> Vec<Value> {
    let (Some(published), Some(grid)) = (premises.published(), premises.grid()) else {
        return Vec::new();
    };
    let scheme = match premises {
        Premises::Sector(_) => "postcode sector",
        _ => "postcode",
    };
    let at = grid.to_wgs84();
    // Six decimal places of a degree are about ten centimetres: finer would only be noise.
    let round = |x: f64| (x * 1e6).round() / 1e6;
    let location_id = uuid("location", key);
    let mut l = Map::new();
    put(&mut l, "id", location_id.as_str());
    put(&mut l, "location_type", "physical");
    put(&mut l, "external_identifier", published);
    put(&mut l, "external_identifier_type", scheme);
    put(&mut l, "latitude", round(at.latitude));
    put(&mut l, "longitude", round(at.longitude));
    let mut sal = Map::new();
    put(&mut sal, "id", uuid("service_at_location", key));
    put(&mut sal, "service_id", service);
    put(&mut sal, "location_id", location_id.as_str());
    put(&mut sal, "location", l);
    vec![Value::Object(sal)]
}

/// The rows of one nested object and everything inside it, into `tables` by object name.
fn flatten(
    object: &str,
    v: &Map<String, Value>,
    tables: &mut std::collections::HashMap<&'static str, Vec<Map<String, Value>>>,
) {
    let mut row = Map::new();
    for (k, x) in v {
        match (k.as_str(), x) {
            (child, Value::Array(items)) => {
                let child_object = match child {
                    "organization_identifiers" => "organization_identifier",
                    "contacts" => "contact",
                    "phones" => "phone",
                    "service_areas" => "service_area",
                    "languages" => "language",
                    "cost_options" => "cost_option",
                    "funding" => "funding",
                    "attributes" => "attribute",
                    "services" => "service",
                    "service_at_locations" => "service_at_location",
                    _ => continue,
                };
                for item in items {
                    if let Value::Object(m) = item {
                        flatten(child_object, m, tables);
                    }
                }
            }
            // A service's location is a row of its own, joined by `location_id`.
            ("location", Value::Object(m)) => flatten("location", m, tables),
            // A nested term or organization has its own row elsewhere.
            (_, Value::Object(_)) => {}
            _ => {
                row.insert(k.clone(), x.clone());
            }
        }
    }
    if let Some(t) = TABLES.iter().find(|t| t.object == object) {
        tables.entry(t.object).or_default().push(row);
    }
}

/// The rows of one table as CSV, without the header.
fn csv_rows(table: &Table, rows: &[Map<String, Value>]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        let cells: Vec<String> = table
            .columns
            .iter()
            .map(|c| match r.get(*c) {
                Some(Value::String(s)) => super::exports::cell(s),
                Some(Value::Null) | None => String::new(),
                Some(other) => other.to_string(),
            })
            .collect();
        w.write_record(&cells).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

fn datapackage(site: &Site, abs: &str) -> Value {
    let resources: Vec<Value> = TABLES
        .iter()
        .map(|t| {
            let fields: Vec<Value> = t
                .columns
                .iter()
                .map(|c| {
                    let ty = if t.numbers.contains(c) { "number" } else { "string" };
                    json!({ "name": c, "type": ty })
                })
                .collect();
            json!({
                "name": t.object,
                "path": t.path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": { "fields": fields, "primaryKey": "id" },
            })
        })
        .collect();
    json!({
        "name": "open-referral-uk",
        "title": format!("{}: Open Referral UK (HSDS 3.0)", site.config.title),
        "profile": "tabular-data-package",
        "version": site.today.to_string(),
        "homepage": abs,
        "created": format!("{}T00:00:00Z", site.today),
        "resources": resources,
    })
}

fn pretty(v: &Value) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(v).expect("JSON values always serialize");
    out.push(b'\n');
    out
}

/// One line of JSON: the nested documents are read by programs, and indenting every level of
/// a service's organisation, locations and areas more than doubled them.
fn compact(v: &Value) -> Vec<u8> {
    let mut out = serde_json::to_vec(v).expect("JSON values always serialize");
    out.push(b'\n');
    out
}

/// The document at the API's root (`/`), as the Open Referral API gives it: the HSDS version
/// and where the API's description is.
pub const ROOT: &str = "data/hsds/index.json";

/// Where the published OpenAPI description of HSDS 3.0 lives, which this API follows.
const OPENAPI: &str = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json";

/// How many services one page of the `/services` collection holds.
pub const PAGE_SIZE: usize = 100;

/// The file of one service's document (`/services/{id}`).
pub fn service_path(id: &str) -> String {
    format!("data/hsds/services/{id}.json")
}

/// The file of page `n` (1-based) of the `/services` collection (`/services?page=n`).
pub fn page_path(n: usize) -> String {
    format!("data/hsds/services/pages/{n}.json")
}

/// How many pages a collection of `total` items has: at least one, so that `/services` of an
/// empty register still answers, with an empty page.
pub fn page_count(total: usize, size: usize) -> usize {
    total.div_ceil(size.max(1)).max(1)
}

/// Page `n` (1-based) of a collection of `total` items in pages of `size`, holding `contents`,
/// in the Open Referral API's page shape. `size` in the document is how many items this page
/// holds, as the API's description says ("size of current page").
pub fn page(total: usize, size: usize, n: usize, contents: Vec<Value>) -> Value {
    let pages = page_count(total, size);
    json!({
        "total_items": total,
        "total_pages": pages,
        "page_number": n,
        "size": contents.len(),
        "first_page": n == 1,
        "last_page": n == pages,
        "empty": contents.is_empty(),
        "contents": contents,
    })
}

/// The keys that only point back at the object holding them. In a nested document the nesting
/// says it; the tables, which need them, are made before they are taken out. An attribute's
/// `taxonomy_term_id` goes too, being the id of the term nested in it.
const BACK_LINKS: [&str; 5] = ["service_id", "organization_id", "contact_id", "link_id", "link_entity"];

fn without_back_links(m: &mut Map<String, Value>) {
    for v in m.values_mut() {
        if let Value::Array(items) = v {
            for item in items {
                if let Value::Object(child) = item {
                    for k in BACK_LINKS {
                        child.remove(k);
                    }
                    // The nested term carries its id.
                    if child.contains_key("taxonomy_term") {
                        child.remove("taxonomy_term_id");
                    }
                    without_back_links(child);
                }
            }
        }
    }
}

/// A service as an item of the `/services` collection: its one-to-one fields, as the API
/// lists them, without the texts the full document carries (description, how to apply,
/// fees, eligibility), which are the same for many services and are one request away.
fn list_item(s: &Map<String, Value>) -> Value {
    let keep = [
        "id",
        "organization_id",
        "name",
        "url",
        "email",
        "status",
        "wait_time",
        "minimum_age",
        "maximum_age",
        "assured_date",
        "last_modified",
    ];
    Value::Object(keep.iter().filter_map(|k| s.get(*k).map(|v| (k.to_string(), v.clone()))).collect())
}

/// Writes every file of `data/hsds/` into `sink`, paths relative to the site root, and
/// returns how many. `abs` is the absolute base URL, ending in `/`.
///
/// Each provider's documents are written as they are made, on whichever core is free; what
/// is kept is its rows of the tables, as CSV, and its services' items of the collection, to
/// be joined in directory order after.
pub fn write(site: &Site, abs: &str, sink: &dyn super::Sink) -> Result<usize, String> {
    let mut b = Builder {
        site,
        abs,
        taxonomies: Vec::new(),
        terms: Vec::new(),
        short_terms: Vec::new(),
        term_ix: Default::default(),
    };
    b.taxonomies();
    let b = &b;
    type Made = (Vec<Value>, Vec<Vec<u8>>);
    let per_provider: Vec<Made> = (0..site.providers.len())
        .into_par_iter()
        .map(|pi| {
            let org = b.organization(pi);
            let services = b.services(pi);
            let mut nested_org = org.clone();
            without_back_links(&mut nested_org);
            let mut items = Vec::with_capacity(services.len());
            for s in &services {
                let mut doc = s.clone();
                without_back_links(&mut doc);
                doc.insert("organization".into(), Value::Object(nested_org.clone()));
                let id = s["id"].as_str().unwrap_or_default();
                sink.file(&service_path(id), &compact(&Value::Object(doc)))?;
                items.push(list_item(s));
            }
            let mut doc = org;
            doc.insert("services".into(), Value::Array(services.into_iter().map(Value::Object).collect()));
            let mut tables = Default::default();
            flatten("organization", &doc, &mut tables);
            Ok((
                items,
                TABLES
                    .iter()
                    .map(|t| csv_rows(t, tables.get(t.object).map(Vec::as_slice).unwrap_or_default()))
                    .collect(),
            ))
        })
        .collect::<Result<_, String>>()?;
    let mut tables: std::collections::HashMap<&'static str, Vec<Map<String, Value>>> = Default::default();
    for t in &b.taxonomies {
        if let Value::Object(m) = t {
            tables.entry("taxonomy").or_default().push(m.clone());
        }
    }
    for t in &b.terms {
        if let Value::Object(m) = t {
            tables.entry("taxonomy_term").or_default().push(m.clone());
        }
    }
    let mut files: usize = per_provider.iter().map(|(items, _)| items.len()).sum();
    for (ti, t) in TABLES.iter().enumerate() {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(t.columns).expect("writing to memory");
        let mut out = w.into_inner().expect("writing to memory");
        for (_, rows) in &per_provider {
            out.extend_from_slice(&rows[ti]);
        }
        out.extend(csv_rows(t, tables.get(t.object).map(Vec::as_slice).unwrap_or_default()));
        sink.file(&format!("data/hsds/{}", t.path), &out)?;
        files += 1;
    }
    let items: Vec<Value> = per_provider.into_iter().flat_map(|(items, _)| items).collect();
    let total = items.len();
    let mut chunks = items.chunks(PAGE_SIZE);
    for n in 1..=page_count(total, PAGE_SIZE) {
        let contents = chunks.next().map(<[Value]>::to_vec).unwrap_or_default();
        sink.file(&page_path(n), &compact(&page(total, PAGE_SIZE, n, contents)))?;
        files += 1;
    }
    let root = json!({ "version": "3.0", "openapi_url": OPENAPI });
    sink.file(ROOT, &pretty(&root))?;
    sink.file("data/hsds/datapackage.json", &pretty(&datapackage(site, abs)))?;
    Ok(files + 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_stable_version_8_and_distinct() {
        let a = uuid("organization", "attach-east");
        assert_eq!(a, uuid("organization", "attach-east"));
        assert_ne!(a, uuid("service", "attach-east"));
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "8");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"));
    }

    #[test]
    fn only_web_addresses_count_as_websites() {
        assert_eq!(web(Some("https://x.example/")), Some("https://x.example/"));
        assert_eq!(web(Some("www.x.example")), None);
        assert_eq!(web(Some("javascript:alert(1)")), None);
    }

    #[test]
    fn pages_count_from_one_and_the_last_may_be_short_or_exactly_full() {
        assert_eq!(page_count(0, 100), 1, "an empty register still has its first page");
        assert_eq!(page_count(1, 100), 1);
        assert_eq!(page_count(100, 100), 1, "exactly full: no empty page after it");
        assert_eq!(page_count(101, 100), 2);
        assert_eq!(page_count(250, 100), 3);
        let items = |n: usize| (0..n).map(|i| json!({ "id": i.to_string() })).collect::<Vec<_>>();
        let first = page(250, 100, 1, items(100));
        assert_eq!(first["total_items"], 250);
        assert_eq!(first["total_pages"], 3);
        assert_eq!(first["page_number"], 1);
        assert_eq!(first["size"], 100);
        assert_eq!((first["first_page"].as_bool(), first["last_page"].as_bool()), (Some(true), Some(false)));
        let last = page(250, 100, 3, items(50));
        assert_eq!((last["first_page"].as_bool(), last["last_page"].as_bool()), (Some(false), Some(true)));
        assert_eq!(last["size"], 50);
        assert_eq!(last["empty"], false);
        let full = page(200, 100, 2, items(100));
        assert_eq!((full["total_pages"].as_u64(), full["last_page"].as_bool()), (Some(2), Some(true)));
        let empty = page(0, 100, 1, Vec::new());
        assert_eq!(empty["total_items"], 0);
        assert_eq!(empty["total_pages"], 1);
        assert_eq!((empty["first_page"].as_bool(), empty["last_page"].as_bool()), (Some(true), Some(true)));
        assert_eq!((empty["empty"].as_bool(), empty["size"].as_u64()), (Some(true), Some(0)));
        assert_eq!(empty["contents"], json!([]));
    }

    #[test]
    fn nested_objects_lose_only_the_ids_that_point_back_at_their_holder() {
        let mut doc = json!({
            "id": "s", "organization_id": "o",
            "service_areas": [{ "id": "a", "service_id": "s", "name": "Hackney" }],
            "attributes": [{ "id": "t", "link_id": "s", "link_entity": "service", "link_type": "k", "taxonomy_term_id": "x", "taxonomy_term": { "id": "x" } }],
        });
        without_back_links(doc.as_object_mut().unwrap());
        assert_eq!(doc["organization_id"], "o", "the service's own organisation stays");
        assert_eq!(doc["service_areas"][0], json!({ "id": "a", "name": "Hackney" }));
        assert_eq!(doc["attributes"][0], json!({ "id": "t", "link_type": "k", "taxonomy_term": { "id": "x" } }));
    }
}
