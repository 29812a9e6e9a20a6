//! Referral pathways as the audit page shows them.

use crate::audit::market::{active_members, lots_for};
use crate::link::Site;
use crate::render::views::{intervention_link, lot_link};
use serde_json::{json, Value};

pub fn view(site: &Site, audit: &super::Audit, area: Option<usize>) -> Value {
    let lots = lots_for(site, area);
    let rows: Vec<Value> = site
        .interventions
        .iter()
        .enumerate()
        .map(|(i, iv)| {
            let covering: Vec<Value> = lots
                .iter()
                .filter(|&&k| site.lot(k).1.interventions.contains(&iv.id))
                .map(|&k| {
                    let mut v = lot_link(site, k);
                    v["active"] = active_members(site, k).len().into();
                    v
                })
                .collect();
            json!({ "intervention": intervention_link(site, i), "lots": covering, "out_of_region": audit.out_of_region[i] })
        })
        .collect();
    json!({ "rows": rows })
}
