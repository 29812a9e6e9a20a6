//! The pre-built lists the audit links to, which also serve journeys without JavaScript:
//! one per (area, kind of support) cell with providers seen in person, one per (catchment,
//! kind of support) for the online and phone services that name that catchment, one per
//! funding route and one per way of delivery. Each row says what a panel needs to route a request: the lot and its
//! call-off route, the wait, whether referrals are accepted now and today's accreditation.

use super::Audit;
use crate::link::Site;
use crate::model::{Delivery, FundingRoute, Service};

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
        // An authority with a centre lists its providers nearest first; elsewhere in site
        // order.
        ListKind::Cell { area, intervention } => {
            match audit.distances.cells.get(area).and_then(|row| row.get(intervention)) {
                Some(near) => (&near.order, true),
                None => (&audit.coverage.cells[area][intervention].in_person, true),
            }
        }
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

/// The list published for `kind`: the list itself, or the one it would copy. An area with one
/// child area has, for each kind of support, the same providers in person as that child (a
/// provider there works in the child or across both), with the same rows, since the lots near
/// the one are the lots near the other: the child's list is published and linked instead of a
/// copy under the parent's address. Only when the providers in person and online only are
/// both the same, so that a change of the rule above cannot make a link show another list.
pub fn published(audit: &Audit, kind: ListKind) -> ListKind {
    let ListKind::Cell { mut area, intervention } = kind else { return kind };
    let cells = &audit.coverage.cells;
    while let Some(c) = audit.only_child[area] {
        let (here, there) = (&cells[area][intervention], &cells[c][intervention]);
        if here.in_person != there.in_person || here.online_only != there.online_only {
            break;
        }
        area = c;
    }
    ListKind::Cell { area, intervention }
}

/// The address of the list a link to `kind` leads to: see [`published`].
pub fn link_url(site: &Site, audit: &Audit, kind: ListKind) -> String {
    url(site, published(audit, kind))
}

/// Every list with at least one provider, with its number of pages; a list that another
/// stands for ([`published`]) is not one of them.
pub fn jobs(site: &Site, audit: &Audit) -> Vec<(ListKind, usize)> {
    let size = site.config.page_size.max(1);
    let pages = |n: usize| n.div_ceil(size).max(1);
    let mut out = Vec::new();
    for &a in &audit.tree_order {
        for (i, c) in audit.coverage.cells[a].iter().enumerate() {
            let cell = ListKind::Cell { area: a, intervention: i };
            if !c.is_empty() && published(audit, cell) == cell {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_route_lists_are_in_the_order_of_their_constants() {
        assert!(FUNDING.iter().enumerate().all(|(i, &f)| funding_index(f) == i));
        assert!(DELIVERY.iter().enumerate().all(|(i, &d)| delivery_index(d) == i));
    }
}
