/*!
Facets: the filters of the search page and their options (kinds of support with their
groups, areas in tree order, ages, referrals, frameworks and lots, schemes, delivery,
funding, type of organisation, languages), in the site's order and with its labels. They
feed two readers: `search.html` lays out the filter form from [`page_context`], and the
manifest (`files.rs`) gives `search.js` the same options, so a checkbox's `name=value` and
a column's option number mean the same thing on both sides.
*/

use super::words::fold;
use crate::link::{urls, Site};
use crate::model::*;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// The value of the lot facet's option "on any framework lot": `lot=any`.
pub const ANY_LOT: &str = "any";

pub use crate::model::FACETS;

pub use crate::model::SORTS;

fn default_label(id: &str) -> &'static str {
    match id {
        "intervention" => "Kind of support",
        "area" => "Area",
        "age" => "Child's age",
        "accepting" => "Referrals",
        "lot" => "Framework and lot",
        "scheme" => "Accreditation",
        "delivery" => "How it is delivered",
        "funding" => "Who can pay",
        "organisation" => "Type of organisation",
        "language" => "Language",
        _ => "",
    }
}

/// One option of a facet: `param=value` in the URL.
pub(super) struct Opt {
    pub param: &'static str,
    pub value: String,
    pub label: String,
    pub depth: usize,
}

/// The facets this site shows, in its order, with its labels and every option.
pub(super) struct Facets {
    pub list: Vec<(&'static str, String, Vec<Opt>)>,
    /// Index of each language's option (languages are matched case-insensitively).
    pub languages: BTreeMap<String, usize>,
}

pub(super) const FUNDING: [FundingRoute; 5] = [
    FundingRoute::Asgsf,
    FundingRoute::DsgHighNeeds,
    FundingRoute::Council,
    FundingRoute::Icb,
    FundingRoute::SelfFunded,
];
pub(super) const DELIVERY: [Delivery; 6] = [
    Delivery::InPerson,
    Delivery::Online,
    Delivery::HomeVisits,
    Delivery::Phone,
    Delivery::Residential,
    Delivery::SchoolBased,
];

pub(super) fn funding_id(f: FundingRoute) -> &'static str {
    match f {
        FundingRoute::Asgsf => "asgsf",
        FundingRoute::DsgHighNeeds => "dsg-high-needs",
        FundingRoute::Council => "council",
        FundingRoute::Icb => "icb",
        FundingRoute::SelfFunded => "self-funded",
    }
}
pub(super) fn delivery_id(d: Delivery) -> &'static str {
    match d {
        Delivery::InPerson => "in-person",
        Delivery::Online => "online",
        Delivery::Phone => "phone",
        Delivery::HomeVisits => "home-visits",
        Delivery::Residential => "residential",
        Delivery::SchoolBased => "school-based",
    }
}

/// Intervention groups in first-seen order, with a slug each.
pub(super) fn groups(site: &Site) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for iv in &site.interventions {
        if !out.iter().any(|(g, _)| g == &iv.group) {
            out.push((iv.group.clone(), urls::slugify(&iv.group)));
        }
    }
    out
}

/// Areas in tree order (each followed by the areas inside it), with their depth.
pub(super) fn area_order(site: &Site) -> Vec<(usize, usize)> {
    fn walk(site: &Site, a: usize, depth: usize, out: &mut Vec<(usize, usize)>) {
        out.push((a, depth));
        let mut kids: Vec<usize> = (0..site.areas.len())
            .filter(|&c| site.areas[c].parent.as_deref() == Some(site.areas[a].id.as_str()))
            .collect();
        kids.sort_by_key(|&c| crate::link::sort_key(&site.areas[c].name));
        for c in kids {
            walk(site, c, depth + 1, out);
        }
    }
    let mut out = Vec::new();
    let mut roots: Vec<usize> = (0..site.areas.len()).filter(|&a| site.area_up[a].len() == 1).collect();
    roots.sort_by_key(|&a| crate::link::sort_key(&site.areas[a].name));
    for r in roots {
        walk(site, r, 0, &mut out);
    }
    out
}

pub(super) fn lang_key(l: &str) -> String {
    urls::slugify(&fold(l))
}

pub(super) fn facets(site: &Site) -> Facets {
    let cfg = &site.config.search;
    let order: Vec<&'static str> = if cfg.facets.is_empty() {
        FACETS.to_vec()
    } else {
        let mut v: Vec<&'static str> = Vec::new();
        for f in &cfg.facets {
            // Unknown and repeated names are reported by `load::config`; here they are left out.
            if let Some(x) = FACETS.iter().find(|x| **x == f.as_str()) {
                if !v.contains(x) {
                    v.push(x);
                }
            }
        }
        v
    };
    let mut languages: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for p in &site.providers {
        for s in &p.services {
            for l in &s.languages {
                languages.entry(lang_key(l)).or_insert_with(|| (l.trim().to_string(), 0)).1 += 1;
            }
        }
    }
    let mut lang_ix = BTreeMap::new();
    let mut list = Vec::new();
    for id in order {
        let label = cfg.labels.get(id).cloned().unwrap_or_else(|| default_label(id).to_string());
        let o = |param, value: &str, label: &str, depth| Opt {
            param,
            value: value.to_string(),
            label: label.to_string(),
            depth,
        };
        let opts: Vec<Opt> = match id {
            "intervention" => {
                let mut v = Vec::new();
                for (g, slug) in groups(site) {
                    v.push(o("group", &slug, &format!("Any {}", crate::words::in_sentence(&g)), 0));
                    for iv in site.interventions.iter().filter(|i| i.group == g) {
                        v.push(o("intervention", &iv.id, &iv.name, 1));
                    }
                }
                v
            }
            "area" => std::iter::once(o("area", "online", "Online, from anywhere", 0))
                .chain(area_order(site).into_iter().map(|(a, d)| o("area", &site.areas[a].id, &site.areas[a].name, d)))
                .collect(),
            "age" => (0..=25u8).map(|a| o("age", &a.to_string(), &a.to_string(), 0)).collect(),
            "accepting" => vec![o("accepting", "yes", "Only services accepting referrals", 0)],
            "lot" => {
                // A social worker may need only that the provider is on some framework.
                let mut v = vec![o("lot", ANY_LOT, "On any framework lot", 0)];
                for f in &site.frameworks {
                    v.push(o("framework", &f.id, &format!("Any lot of {}", f.name), 0));
                    for l in &f.lots {
                        v.push(o(
                            "lot",
                            &format!("{}/{}", f.id, l.number),
                            &format!("Lot {}: {}", l.number, l.title),
                            1,
                        ));
                    }
                }
                v
            }
            "scheme" => site.schemes.iter().map(|s| o("scheme", &s.id, &s.name, 0)).collect(),
            "delivery" => DELIVERY.iter().map(|d| o("delivery", delivery_id(*d), d.label(), 0)).collect(),
            "funding" => FUNDING.iter().map(|f| o("funding", funding_id(*f), f.label(), 0)).collect(),
            "organisation" => vec![
                o("org", "sme", "Small or medium-sized enterprise (SME)", 0),
                o("org", "vcse", "Voluntary, community or social enterprise (VCSE)", 0),
            ],
            "language" => {
                let mut by_use: Vec<(&String, &(String, usize))> = languages.iter().collect();
                by_use.sort_by(|a, b| b.1 .1.cmp(&a.1 .1).then_with(|| a.0.cmp(b.0)));
                by_use
                    .into_iter()
                    .enumerate()
                    .map(|(i, (k, (name, _)))| {
                        lang_ix.insert(k.clone(), i);
                        o("language", k, name, 0)
                    })
                    .collect()
            }
            _ => unreachable!(),
        };
        list.push((id, label, opts));
    }
    Facets { list, languages: lang_ix }
}

/// The site's order for results with no words typed.
pub(super) fn default_sort(site: &Site) -> &'static str {
    let want = site.config.search.sort.as_deref().unwrap_or("name");
    SORTS.iter().find(|s| **s == want).copied().unwrap_or("name")
}

/// What `search.html` needs to lay out the filter form: every facet with its options.
pub fn page_context(site: &Site) -> Value {
    let f = facets(site);
    let facets: Vec<Value> = f
        .list
        .iter()
        .map(|(id, label, opts)| {
            json!({
                "id": id, "label": label,
                "options": opts.iter().map(|o| json!({"param": o.param, "value": o.value, "label": o.label, "depth": o.depth})).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({ "facets": facets, "per_page": site.config.search.results_per_page, "default_sort": default_sort(site) })
}
