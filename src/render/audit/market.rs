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
    let sme = count(&|p| site.providers[p].sme);
    let vcse = count(&|p| site.providers[p].vcse);
    let either = count(&|p| site.providers[p].sme || site.providers[p].vcse);
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

/// Residential places by the area each home is listed in and by home type. A home listed
/// for a region is counted once, against the region, not again in every council in it.
pub fn places(site: &Site, areas: &[usize]) -> Value {
    let col = |h: Option<HomeType>| HOMES.iter().position(|&x| x == h).unwrap_or(HOMES.len() - 1);
    let mut table: Vec<[u64; 5]> = vec![[0; 5]; site.areas.len()];
    let mut homes: Vec<[u64; 5]> = vec![[0; 5]; site.areas.len()];
    let mut not_stated = vec![0u64; site.areas.len()];
    // Totals count each home once, even when it is listed for two areas in scope.
    let (mut total, mut total_not_stated) = (0u64, 0u64);
    for pr in &site.providers {
        for sv in pr.services.iter().filter(|s| s.delivery.contains(&Delivery::Residential)) {
            if sv.areas.iter().any(|id| site.area_ix.get(id).is_some_and(|a| areas.contains(a))) {
                match sv.places {
                    Some(n) => total += u64::from(n),
                    None => total_not_stated += 1,
                }
            }
            for id in &sv.areas {
                let Some(&a) = site.area_ix.get(id) else { continue };
                homes[a][col(sv.home_type)] += 1;
                match sv.places {
                    Some(n) => table[a][col(sv.home_type)] += u64::from(n),
                    None => not_stated[a] += 1,
                }
            }
        }
    }
    let rows: Vec<Value> = areas
        .iter()
        .filter(|&&a| homes[a].iter().sum::<u64>() > 0)
        .map(|&a| {
            json!({
                "area": area_link(site, a),
                "cells": (0..HOMES.len()).map(|h| json!({ "label": home_label(HOMES[h]), "places": table[a][h], "services": homes[a][h] })).collect::<Vec<_>>(),
                "total": table[a].iter().sum::<u64>(),
                "not_stated": not_stated[a],
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
