//! The pre-built lists the audit links to, which also serve journeys without JavaScript:
//! one per (area, kind of support) cell with providers seen in person, one per (catchment,
//! kind of support) for the online and phone services that name that catchment, one per
//! funding route and one per way of delivery. Each row says what a panel needs to route a request: the lot and its
//! call-off route, the wait, whether referrals are accepted now and today's accreditation.

use super::Audit;
use crate::link::{judge, urls, MembershipState, Site};
use crate::model::{Delivery, FundingRoute, Service};
use crate::render::views::{area_link, call_off_label, intervention_link, link};
use serde_json::{json, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    Cell {
        area: usize,
        intervention: usize,
    },
    /// Online and phone services naming `area` as their catchment.
    Online {
        area: usize,
        intervention: usize,
    },
    Funding(FundingRoute),
    Delivery(Delivery),
}

pub const FUNDING: [FundingRoute; 5] = [
    FundingRoute::Asgsf,
    FundingRoute::DsgHighNeeds,
    FundingRoute::Council,
    FundingRoute::Icb,
    FundingRoute::SelfFunded,
];
pub const DELIVERY: [Delivery; 6] = [
    Delivery::InPerson,
    Delivery::Online,
    Delivery::Phone,
    Delivery::HomeVisits,
    Delivery::Residential,
    Delivery::SchoolBased,
];

/// The record's own spelling of a value (`dsg-high-needs`, `home-visits`), used in URLs.
pub fn slug<T: serde::Serialize>(v: T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

pub fn url(site: &Site, kind: ListKind) -> String {
    match kind {
        ListKind::Cell { area, intervention } => super::coverage::cell_url(site, area, intervention),
        ListKind::Online { area, intervention } => {
            format!("{}online/", super::coverage::cell_url(site, area, intervention))
        }
        ListKind::Funding(f) => format!("funding/{}/", slug(f)),
        ListKind::Delivery(d) => format!("delivery/{}/", slug(d)),
    }
}

/// The providers on a list, and whether they are on it in person (false: online only; the
/// same for every provider on one list).
pub fn members(audit: &Audit, kind: ListKind) -> (&[usize], bool) {
    match kind {
        ListKind::Cell { area, intervention } => (&audit.coverage.cells[area][intervention].in_person, true),
        ListKind::Online { area, intervention } => (&audit.coverage.cells[area][intervention].named_online, false),
        ListKind::Funding(f) => (&audit.by_funding[funding_index(f)], true),
        ListKind::Delivery(d) => (&audit.by_delivery[delivery_index(d)], !d.is_remote()),
    }
}

/// Where a funding route stands in [`FUNDING`]; a match, so a new route cannot be missed.
fn funding_index(f: FundingRoute) -> usize {
    match f {
        FundingRoute::Asgsf => 0,
        FundingRoute::DsgHighNeeds => 1,
        FundingRoute::Council => 2,
        FundingRoute::Icb => 3,
        FundingRoute::SelfFunded => 4,
    }
}

/// Where a way of delivery stands in [`DELIVERY`].
fn delivery_index(d: Delivery) -> usize {
    match d {
        Delivery::InPerson => 0,
        Delivery::Online => 1,
        Delivery::Phone => 2,
        Delivery::HomeVisits => 3,
        Delivery::Residential => 4,
        Delivery::SchoolBased => 5,
    }
}

/// The providers on each list by funding route and by delivery, in the order of
/// [`FUNDING`] and [`DELIVERY`] (see [`Audit::by_funding`]).
pub fn by_route(site: &Site) -> (Vec<Vec<usize>>, Vec<Vec<usize>>) {
    let with = |keep: &dyn Fn(&Service) -> bool| -> Vec<usize> {
        (0..site.providers.len()).filter(|&p| site.providers[p].services.iter().any(keep)).collect()
    };
    (
        FUNDING.iter().map(|&f| with(&|s| s.funding.contains(&f))).collect(),
        DELIVERY.iter().map(|&d| with(&|s| s.delivery.contains(&d))).collect(),
    )
}

/// Every list with at least one provider, with its number of pages.
pub fn jobs(site: &Site, audit: &Audit) -> Vec<(ListKind, usize)> {
    let size = site.config.page_size.max(1);
    let pages = |n: usize| n.div_ceil(size).max(1);
    let mut out = Vec::new();
    for &a in &audit.tree_order {
        for (i, c) in audit.coverage.cells[a].iter().enumerate() {
            if !c.is_empty() {
                out.push((ListKind::Cell { area: a, intervention: i }, pages(c.in_person.len())));
            }
            if !c.named_online.is_empty() {
                out.push((ListKind::Online { area: a, intervention: i }, pages(c.named_online.len())));
            }
        }
    }
    for kind in FUNDING.map(ListKind::Funding).into_iter().chain(DELIVERY.map(ListKind::Delivery)) {
        let n = members(audit, kind).0.len();
        if n > 0 {
            out.push((kind, pages(n)));
        }
    }
    out
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
                "framework": fw.name, "call_off": call_off_label(lot.call_off), "note": note,
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
            let (class, label) = crate::render::views::state_words(j.state);
            json!({ "scheme": s.name, "class": class, "state": label })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_route_lists_are_in_the_order_of_their_constants() {
        assert!(FUNDING.iter().enumerate().all(|(i, &f)| funding_index(f) == i));
        assert!(DELIVERY.iter().enumerate().all(|(i, &d)| delivery_index(d) == i));
    }
}
