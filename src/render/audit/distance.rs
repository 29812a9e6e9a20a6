//! Distance as the pages show it: the audit's section (nearest provider by authority and
//! kind, residential homes within 20 miles, providers by how far they are from the
//! authorities they serve) and each authority's "nearest in person" lists. Every figure is
//! read from [`crate::audit::distance`]; the words for one figure are made here once, so an
//! authority's page and the landscape write it alike.

use crate::audit::coverage::cell_url;
use crate::audit::distance::{Near, BANDS, NEAR_MILES};
use crate::audit::Audit;
use crate::geo::miles_text;
use crate::link::{right_to_left, urls, Site};
use crate::render::views::{area_link, intervention_link};
use serde_json::{json, Value};

/// How many of each kind's nearest providers an authority's page lists: enough to choose
/// from, few enough that the page stays light with thousands of providers; the cell's list
/// has them all.
pub const SHOWN: usize = 3;

/// The band names, in the order of [`crate::audit::distance::Distances::bands`].
pub fn band_labels() -> Vec<String> {
    let mut out = Vec::new();
    let mut from = 0.0;
    for b in BANDS {
        out.push(if from == 0.0 {
            format!("{} or less", miles_text(b))
        } else {
            format!("More than {} to {}", miles_text(from), miles_text(b))
        });
        from = b;
    }
    out.push(format!("More than {}", miles_text(from)));
    out.push("Not stated".to_string());
    out
}

/// A provider's name and address, with its script's direction.
fn provider(site: &Site, p: usize) -> Value {
    let pr = &site.providers[p];
    let rtl = right_to_left(&pr.name);
    json!({
        "name": pr.name,
        "url": urls::provider(&pr.id),
        "dir": rtl.map(|_| "rtl"),
        "lang": rtl.and_then(|r| r.lang),
    })
}

/// The one way the nearest provider of a kind is written for an authority: the same words
/// in the landscape's table and on the authority's page.
pub fn nearest_words(near: &Near, gap: bool) -> String {
    match (gap, &near.nearest, near.ranked.first()) {
        (true, Some(n), _) => format!("Gap: nearest {}, in {}", miles_text(n.miles), n.authority),
        (true, None, _) => "Gap: no premises stated".to_string(),
        (false, _, Some(&(_, miles))) => format!("Nearest {}", miles_text(miles)),
        (false, _, None) => "Distance not stated".to_string(),
    }
}

/// The audit's distance section for the authorities with a centre among `areas`.
pub fn view(site: &Site, audit: &Audit, areas: &[usize]) -> Value {
    let d = &audit.distances;
    let centred: Vec<usize> = areas.iter().copied().filter(|&a| d.centre[a].is_some()).collect();
    if centred.is_empty() {
        return Value::Null;
    }
    let nearest: Vec<Value> = centred
        .iter()
        .map(|&a| {
            let cells: Vec<Value> = d.cells[a]
                .iter()
                .enumerate()
                .map(|(i, near)| {
                    let gap = audit.coverage.cells[a][i].is_gap();
                    json!({
                        "cell": cell_url(site, a, i),
                        "name": site.interventions[i].name,
                        "gap": gap,
                        "figure": nearest_words(near, gap),
                    })
                })
                .collect();
            json!({ "area": area_link(site, a), "cells": cells })
        })
        .collect();
    let homes = |h: &crate::audit::distance::Homes| json!({ "homes": h.homes, "places": h.places, "places_not_stated": h.places_not_stated });
    let residential: Vec<Value> = centred
        .iter()
        .filter_map(|&a| {
            let r = d.residential[a]?;
            Some(json!({
                "area": area_link(site, a),
                "within": homes(&r.within),
                "beyond": homes(&r.beyond),
                "not_stated": homes(&r.not_stated),
            }))
        })
        .collect();
    let labels = band_labels();
    let bands: Vec<Value> = centred
        .iter()
        .map(|&a| {
            let counts: Vec<Value> =
                labels.iter().zip(d.bands[a]).map(|(l, n)| json!({ "label": l, "count": n })).collect();
            json!({ "area": area_link(site, a), "counts": counts, "total": d.bands[a].iter().sum::<usize>() })
        })
        .collect();
    let res_rows: Vec<(String, Vec<u64>)> = centred
        .iter()
        .filter_map(|&a| {
            let r = d.residential[a]?;
            Some((
                site.areas[a].name.clone(),
                vec![r.within.homes as u64, r.beyond.homes as u64, r.not_stated.homes as u64],
            ))
        })
        .collect();
    let near = miles_text(NEAR_MILES);
    let res_series =
        [format!("Within {near} of the centre"), format!("More than {near} away"), "Premises not stated".to_string()];
    let band_rows: Vec<(String, Vec<u64>)> =
        centred.iter().map(|&a| (site.areas[a].name.clone(), d.bands[a].iter().map(|&n| n as u64).collect())).collect();
    json!({
        "columns": (0..site.interventions.len()).map(|i| intervention_link(site, i)).collect::<Vec<_>>(),
        "near_miles": near,
        "nearest": nearest,
        "residential": residential,
        "residential_chart": crate::render::charts::stacked(
            "homes",
            &format!("Residential homes within {near} of each authority's centre and beyond"),
            &res_series,
            &res_rows,
        ),
        "bands": bands,
        "band_labels": labels,
        "bands_chart": crate::render::charts::stacked(
            "bands",
            "Providers serving each authority in person, by distance from its centre",
            &labels,
            &band_rows,
        ),
    })
}

/// An authority's "nearest in person" lists, one per kind of support; None for an area
/// without a centre.
pub fn nearby(site: &Site, audit: &Audit, a: usize) -> Option<Value> {
    let d = &audit.distances;
    d.centre[a]?;
    let kinds: Vec<Value> = d.cells[a]
        .iter()
        .enumerate()
        .map(|(i, near)| {
            let cell = &audit.coverage.cells[a][i];
            let gap = cell.is_gap();
            let shown: Vec<Value> = near
                .ranked
                .iter()
                .take(SHOWN)
                .map(|&(p, miles)| json!({ "provider": provider(site, p), "miles": miles_text(miles) }))
                .collect();
            let not_stated: Vec<Value> =
                near.not_stated.iter().take(SHOWN - shown.len()).map(|&p| provider(site, p)).collect();
            let listed = shown.len() + not_stated.len();
            let nearest =
                near.nearest.as_ref().filter(|_| gap).map(|n| json!({ "provider": provider(site, n.provider) }));
            json!({
                "intervention": intervention_link(site, i),
                "cell": cell_url(site, a, i),
                "gap": gap,
                "figure": nearest_words(near, gap),
                "nearest": nearest,
                "shown": shown,
                "not_stated": not_stated,
                "total": cell.in_person.len(),
                "more": cell.in_person.len() - listed,
            })
        })
        .collect();
    Some(json!({ "kinds": kinds, "shown": SHOWN }))
}
