//! Rows and headings of the lists the audit links to (which providers each holds is
//! [`crate::audit::lists`]'s to say).

use crate::audit::lists::*;
use crate::audit::{Audit, ListKind};
use crate::link::{judge, urls, MembershipState, Site};
use crate::model::Service;
use crate::render::views::{area_link, intervention_link, link};
use serde_json::{json, Value};

/// Everything a provider's row on a list depends on: two lists showing the same key show the
/// same row, so it is made once ([`row`] reads nothing else).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowKey {
    pub provider: usize,
    /// The provider's services the list is about, by index.
    services: Vec<usize>,
    /// The provider's places on lots the row names, by index.
    lots: Vec<usize>,
    in_person: bool,
    /// Whether the row names the areas its online and phone services reach.
    catchment: bool,
    /// The kind of list, which the row's template reads too.
    pub cell: bool,
    pub online_list: bool,
}

/// What provider `p`'s row on list `kind` shows.
pub fn row_key(site: &Site, p: usize, in_person: bool, kind: ListKind) -> RowKey {
    let pr = &site.providers[p];
    let services: Vec<usize> = (0..pr.services.len()).filter(|&s| on_list(site, &pr.services[s], kind)).collect();
    let ivs: Vec<&str> = services.iter().map(|&s| pr.services[s].intervention.as_str()).collect();
    // Lots: the provider's places (active, suspended or still to come) on lots covering
    // this kind of support, and for a cell, covering its area too.
    let lots = (0..pr.lots.len())
        .filter(|&m| {
            let (_, lot) = site.lot(site.memberships[p][m]);
            if judge::membership(&pr.lots[m], site.today) == MembershipState::Ended
                || !lot.interventions.iter().any(|i| ivs.contains(&i.as_str()))
            {
                return false;
            }
            match kind {
                ListKind::Cell { area, .. } | ListKind::Online { area, .. } => {
                    let near =
                        |x: &usize| *x == area || site.area_up[area].contains(x) || site.area_down[area].contains(x);
                    lot.areas.iter().any(|id| site.area_ix.get(id).is_some_and(near))
                }
                _ => true,
            }
        })
        .collect();
    RowKey {
        provider: p,
        services,
        lots,
        in_person,
        catchment: matches!(kind, ListKind::Delivery(d) if d.is_remote()) || !in_person,
        cell: matches!(kind, ListKind::Cell { .. }),
        online_list: matches!(kind, ListKind::Online { .. }),
    }
}

/// One provider's row on a list, from what its key names.
pub fn row(site: &Site, key: &RowKey) -> Value {
    let p = key.provider;
    let pr = &site.providers[p];
    let svs: Vec<&Service> = key.services.iter().map(|&s| &pr.services[s]).collect();
    let lots: Vec<Value> = key
        .lots
        .iter()
        .map(|&m| {
            let (m, (fw, lot)) = (&pr.lots[m], site.lot(site.memberships[p][m]));
            let state = judge::membership(m, site.today);
            let note = match state {
                MembershipState::Active => None,
                MembershipState::Suspended => {
                    Some(format!("suspended since {}", m.status_since.unwrap_or(m.joined).long()))
                }
                MembershipState::Joins => Some(format!("joins on {}", m.joined.long())),
                MembershipState::Ended => None,
            };
            json!({
                "name": format!("Lot {}: {}", lot.number, lot.title), "url": urls::lot(&fw.id, lot.number),
                "framework": fw.name, "call_off": lot.call_off.label(), "note": note,
            })
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
    let catchment: Vec<Value> = if key.catchment {
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
        "in_person": key.in_person,
        "kinds": kinds,
        "lots": lots,
        "wait": wait,
        "accepting": svs.iter().any(|s| s.accepting),
        "awards": awards,
        "catchment": catchment,
    })
}

/// The title and lead of a list page.
pub fn heading(site: &Site, audit: &Audit, kind: ListKind) -> (String, String, Vec<Value>) {
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
                vec![link("Areas", "areas/".into()), area_link(site, area), link(&i.name, link_url(site, audit, ListKind::Cell { area, intervention }))],
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

/// Whether a service is one a list is about.
fn on_list(site: &Site, s: &Service, kind: ListKind) -> bool {
    match kind {
        ListKind::Cell { intervention, .. } => s.intervention == site.interventions[intervention].id,
        ListKind::Online { area, intervention } => {
            s.intervention == site.interventions[intervention].id
                && s.delivery.iter().any(|d| d.is_remote())
                && s.online_areas.iter().any(|id| site.area_ix.get(id) == Some(&area))
        }
        ListKind::Funding(f) => s.funding.contains(&f),
        ListKind::Delivery(d) => s.delivery.contains(&d),
    }
}
