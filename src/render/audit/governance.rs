//! The governance checklist aggregated per domain, across the providers in scope and per
//! lot. Each domain links to its heading on the checklist page (the provider pages link to
//! the same anchors).

use crate::audit::market::{active_members, lots_for};
use crate::link::Site;
use crate::model::{ChecklistAnswer, Compliance};
use crate::render::views::lot_link;
use serde_json::{json, Value};

/// The checklist page and the anchor of each domain on it, in [`crate::model::Governance::domains`] order.
pub const CHECKLIST: &str = "handbook/governance-checklist/";
pub const ANCHORS: [&str; 5] =
    ["domain-governance", "domain-therapeutic-practice", "domain-workforce", "domain-model-of-care", "domain-outcomes"];

/// Met, partly, not met and not stated for each domain.
fn tally(site: &Site, providers: &[usize]) -> Vec<[usize; 4]> {
    let mut t = vec![[0usize; 4]; 5];
    for &p in providers {
        for (d, (_, a)) in site.providers[p].governance.domains().iter().enumerate() {
            let col = match a.map(|a: &ChecklistAnswer| a.answer) {
                Some(Compliance::Met) => 0,
                Some(Compliance::Partly) => 1,
                Some(Compliance::NotMet) => 2,
                None => 3,
            };
            t[d][col] += 1;
        }
    }
    t
}

fn rows(site: &Site, providers: &[usize]) -> Vec<Value> {
    let names = crate::model::Governance::default().domains().map(|(n, _)| n);
    // A register without the checklist page gets the counts without links.
    let has_page = site.handbook.page_ix.contains_key("handbook/governance-checklist");
    tally(site, providers)
        .iter()
        .enumerate()
        .map(|(d, c)| {
            json!({
                "domain": names[d], "url": has_page.then(|| format!("{CHECKLIST}#{}", ANCHORS[d])),
                "met": c[0], "partly": c[1], "not_met": c[2], "not_stated": c[3],
            })
        })
        .collect()
}

pub fn view(site: &Site, providers: &[usize], area: Option<usize>) -> Value {
    let by_lot: Vec<Value> = lots_for(site, area)
        .into_iter()
        .map(|k| {
            let members = active_members(site, k);
            json!({ "lot": lot_link(site, k), "active": members.len(), "domains": rows(site, &members) })
        })
        .collect();
    json!({ "domains": rows(site, providers), "by_lot": by_lot })
}
