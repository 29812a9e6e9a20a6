//! Rows and headings of the lists the audit links to (which providers each holds is
//! [`crate::audit::lists`]'s to say).

use crate::audit::lists::*;
use crate::audit::{Audit, ListKind};
use crate::link::{judge, urls, MembershipState, Site};
use crate::model::Service;
use crate::render::views::{area_link, intervention_link, link};
use serde_json::{json, Value};

/// One provider's row on a list.
pub fn row(site: &Site, p: usize, in_person: bool, kind: ListKind) -> Value {
    let pr = &site.providers[p];
    let svs = services(site, p, kind);
    let ivs: Vec<&str> = svs.iter().map(|s| s.intervention.as_str()).collect();
    // Lots: the provider's places (active, suspended or still to come) on lots covering
    // this kind of support, and for a cell, covering its area too.
    let lots: Vec<Value> = pr
        .lots
        .iter()
        .zip(&site.memberships[p])
        .filter_map(|(m, &k)| {
            let (fw, lot) = site.lot(k);
            let state = judge::membership(m, site.today);
            if state == MembershipState::Ended || !lot.interventions.iter().any(|i| ivs.contains(&i.as_str())) {
                return None;
            }
            if let ListKind::Cell { area, .. } | ListKind::Online { area, .. } = kind {
                let near = |x: &usize| *x == area || site.area_up[area].contains(x) || site.area_down[area].contains(x);
                if !lot.areas.iter().any(|id| site.area_ix.get(id).is_some_and(near)) {
                    return None;
                }
            }
            let note = match state {
                MembershipState::Active => None,
                MembershipState::Suspended => {
                    Some(format!("suspended since {}", m.status_since.unwrap_or(m.joined).long()))
                }
                MembershipState::Joins => Some(format!("joins on {}", m.joined.long())),
                MembershipState::Ended => None,
            };
            Some(json!({
                "name": format!("Lot {}: {}", lot.number, lot.title), "url": urls::lot(&fw.id, lot.number),
                "framework": fw.name, "call_off": lot.call_off.label(), "note": note,
            }))
        })
        .collect();
    let waits: Vec<u32> = svs.iter().filter_map(|s| s.wait_weeks).collect();
    let wait = match (waits.iter().min(), waits.iter().max()) {
        (Some(a), Some(b)) if a == b => crate::words::counted(*a, "week"),
        (Some(a), Some(b)) => format!("{a} to {}", crate::words::counted(*b, "week")),
        _ => "Not stated".into(),
    };
    let awards: Vec<Value> = pr
        .awards
        .iter()
        .zip(&site.award_states[p])
        .map(|(a, j)| {
            let s = &site.schemes[site.scheme_ix[&a.scheme]];
            let words = crate::link::judge::award_words(a, j);
            json!({ "scheme": s.name, "class": words.class, "state": words.text() })
        })
        .collect();
    let catchment: Vec<Value> = if matches!(kind, ListKind::Delivery(d) if d.is_remote()) || !in_person {
        let mut ids: Vec<&str> = svs
            .iter()
            .filter(|s| s.delivery.iter().any(|d| d.is_remote()))
            .flat_map(|s| s.online_areas.iter().map(String::as_str))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.iter().filter_map(|id| site.area_ix.get(*id)).map(|&a| area_link(site, a)).collect()
    } else {
        Vec::new()
    };
    let mut kinds: Vec<Value> =
        svs.iter().map(|s| intervention_link(site, site.intervention_ix[&s.intervention])).collect();
    kinds.dedup();
    json!({
        "provider": link(&pr.name, urls::provider(&pr.id)),
        "in_person": in_person,
        "kinds": kinds,
        "lots": lots,
        "wait": wait,
        "accepting": svs.iter().any(|s| s.accepting),
        "awards": awards,
        "catchment": catchment,
    })
}

/// The title and lead of a list page.
pub fn heading(site: &Site, kind: ListKind) -> (String, String, Vec<Value>) {
    match kind {
        ListKind::Cell { area, intervention } => {
            let (a, i) = (&site.areas[area], &site.interventions[intervention]);
            (
                format!("{} in {}", i.name, a.name),
                format!("Providers offering {} in person somewhere in {}.", i.name, a.name),
                vec![link("Areas", "areas/".into()), area_link(site, area)],
            )
        }
        ListKind::Online { area, intervention } => {
            let (a, i) = (&site.areas[area], &site.interventions[intervention]);
            (
                format!("{} online or by phone across {}", i.name, a.name),
                format!(
                    "Providers offering {} online or by phone whose catchment is {}; each row names every area its service reaches.",
                    i.name, a.name
                ),
                vec![link("Areas", "areas/".into()), area_link(site, area), link(&i.name, url(site, ListKind::Cell { area, intervention }))],
            )
        }
        ListKind::Funding(f) => (
            format!("Funded by: {}", f.label()),
            format!("Providers with at least one service that can be paid for by {}.", f.label()),
            vec![link("The landscape", "landscape/".into())],
        ),
        ListKind::Delivery(d) => (
            format!("Delivered: {}", crate::words::in_sentence(d.label())),
            if d.is_remote() {
                format!(
                    "Providers offering a service {}; each row names the areas it reaches (its catchment).",
                    crate::words::in_sentence(d.label())
                )
            } else {
                format!("Providers offering a service delivered {}.", crate::words::in_sentence(d.label()))
            },
            vec![link("The landscape", "landscape/".into())],
        ),
    }
}

/// For a cell's page: the catchments whose online and phone lists reach the cell's area (the
/// area itself, those above it and those inside it), each with how many providers name it.
/// Above or equal: the service reaches all of the area; inside: part of it only.
pub fn online_catchments(site: &Site, audit: &Audit, area: usize, intervention: usize) -> Vec<Value> {
    let up = &site.area_up[area];
    let down = &site.area_down[area];
    audit
        .tree_order
        .iter()
        .filter(|x| up.contains(x) || down.contains(x))
        .filter_map(|&c| {
            let n = audit.coverage.cells[c][intervention].named_online.len();
            (n > 0).then(|| {
                json!({
                    "name": site.areas[c].name,
                    "url": url(site, ListKind::Online { area: c, intervention }),
                    "count": n,
                    "whole": up.contains(&c),
                })
            })
        })
        .collect()
}

/// The services of provider `p` a list is about.
fn services(site: &Site, p: usize, kind: ListKind) -> Vec<&Service> {
    site.providers[p]
        .services
        .iter()
        .filter(|s| match kind {
            ListKind::Cell { intervention, .. } => s.intervention == site.interventions[intervention].id,
            ListKind::Online { area, intervention } => {
                s.intervention == site.interventions[intervention].id
                    && s.delivery.iter().any(|d| d.is_remote())
                    && s.online_areas.iter().any(|id| site.area_ix.get(id) == Some(&area))
            }
            ListKind::Funding(f) => s.funding.contains(&f),
            ListKind::Delivery(d) => s.delivery.contains(&d),
        })
        .collect()
}
