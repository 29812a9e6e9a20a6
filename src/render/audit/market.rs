//! Market shape as the audit page shows it: who provides, on each lot and in each area, and
//! the residential places by area and home type.

use crate::audit::market::*;
use crate::audit::{percent, Audit};
use crate::link::Site;
use crate::model::{Delivery, HomeType};
use crate::render::views::{area_link, lot_link};
use serde_json::{json, Value};

pub fn home_label(h: Option<HomeType>) -> &'static str {
    h.map(HomeType::label).unwrap_or("Home type not stated")
}

/// Sector counts, SME and VCSE for a set of providers.
pub fn profile(site: &Site, providers: &[usize]) -> Value {
    let n = providers.len();
    let count = |f: &dyn Fn(usize) -> bool| providers.iter().filter(|&&p| f(p)).count();
    let sectors: Vec<Value> = SECTORS
        .iter()
        .map(|&s| {
            let c = count(&|p| site.providers[p].sector() == s);
            json!({ "label": s.label(), "key": crate::audit::lists::slug(s), "count": c, "pct": percent(c, n) })
        })
        .collect();
    let sme = count(&|p| site.providers[p].is_sme());
    let vcse = count(&|p| site.providers[p].is_vcse());
    let either = count(&|p| site.providers[p].is_sme() || site.providers[p].is_vcse());
    json!({
        "total": n, "sectors": sectors,
        "sme": sme, "sme_pct": percent(sme, n), "vcse": vcse, "vcse_pct": percent(vcse, n),
        "either": either, "either_pct": percent(either, n),
    })
}

pub fn view(site: &Site, audit: &Audit, areas: &[usize], providers: &[usize], area: Option<usize>) -> Value {
    let overall = profile(site, providers);
    let forms: Vec<Value> = FORMS
        .iter()
        .map(|&f| (f, providers.iter().filter(|&&p| site.providers[p].legal_form == f).count()))
        .filter(|&(_, c)| c > 0)
        .map(|(f, c)| json!({ "label": f.label(), "count": c, "pct": percent(c, providers.len()) }))
        .collect();
    let by_lot: Vec<Value> = lots_for(site, area)
        .into_iter()
        .map(|k| json!({ "lot": lot_link(site, k), "profile": profile(site, &active_members(site, k)) }))
        .collect();
    let by_area: Vec<Value> = areas
        .iter()
        .map(|&a| {
            let mut ps: Vec<usize> = audit.coverage.cells[a].iter().flat_map(|c| c.in_person.iter().copied()).collect();
            ps.sort_unstable();
            ps.dedup();
            json!({ "area": area_link(site, a), "depth": crate::audit::depth(site, a), "profile": profile(site, &ps) })
        })
        .collect();
    let chart = crate::render::charts::market_shape(&overall);
    let mut models: Vec<Value> = site
        .practice_models
        .iter()
        .map(|m| json!({ "name": m.name, "count": providers.iter().filter(|&&p| site.providers[p].practice_models.contains(&m.id)).count() }))
        .collect();
    models.push(json!({ "name": "No named practice model", "count": providers.iter().filter(|&&p| site.providers[p].practice_models.is_empty()).count() }));
    json!({
        "overall": overall, "forms": forms, "models": models, "by_lot": by_lot, "by_area": by_area,
        "places": places(site, areas), "chart": chart,
    })
}

/// Residential places by the areas each home is listed for and by home type. Each home is
/// counted in one row only, so the rows add up to the total: a home listed for one area in
/// scope is in that area's row; one listed for several is in a row of its own naming them
/// all, never again in each of theirs.
pub fn places(site: &Site, areas: &[usize]) -> Value {
    use std::collections::BTreeMap;
    let col = |h: Option<HomeType>| HOMES.iter().position(|&x| x == h).unwrap_or(HOMES.len() - 1);
    let order = |a: usize| areas.iter().position(|&x| x == a).unwrap_or(usize::MAX);
    // Per row (the positions in `areas` of the areas a home is listed for): places and
    // homes per home type, and homes that state no number of places.
    let mut rows: BTreeMap<Vec<usize>, ([u64; 5], [u64; 5], u64)> = BTreeMap::new();
    for pr in &site.providers {
        for sv in pr.services.iter().filter(|s| s.delivery.contains(&Delivery::Residential)) {
            let mut key: Vec<usize> = sv
                .areas
                .iter()
                .filter_map(|id| site.area_ix.get(id))
                .map(|&a| order(a))
                .filter(|&k| k != usize::MAX)
                .collect();
            key.sort_unstable();
            key.dedup();
            if key.is_empty() {
                continue;
            }
            let row = rows.entry(key).or_insert(([0; 5], [0; 5], 0));
            row.1[col(sv.home_type)] += 1;
            match sv.places {
                Some(n) => row.0[col(sv.home_type)] += u64::from(n),
                None => row.2 += 1,
            }
        }
    }
    // Rows of one area first, in the order of `areas`; then the homes listed for several.
    let mut keys: Vec<&Vec<usize>> = rows.keys().collect();
    keys.sort_by_key(|k| (k.len() > 1, k.to_vec()));
    let total: u64 = rows.values().map(|r| r.0.iter().sum::<u64>()).sum();
    let total_not_stated: u64 = rows.values().map(|r| r.2).sum();
    let rows: Vec<Value> = keys
        .into_iter()
        .map(|k| {
            let (places, homes, not_stated) = &rows[k];
            json!({
                "areas": k.iter().map(|&i| area_link(site, areas[i])).collect::<Vec<_>>(),
                "several": k.len() > 1,
                "cells": (0..HOMES.len()).map(|h| json!({ "label": home_label(HOMES[h]), "places": places[h], "services": homes[h] })).collect::<Vec<_>>(),
                "total": places.iter().sum::<u64>(),
                "not_stated": not_stated,
            })
        })
        .collect();
    json!({
        "columns": HOMES.iter().map(|&h| home_label(h)).collect::<Vec<_>>(),
        "rows": rows,
        "total": total,
        "not_stated": total_not_stated,
    })
}
