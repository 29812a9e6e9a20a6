//! The landscape audit: the shape and diversity of a region's provision, worked out once
//! from the linked [`Site`] and the build date, for `/landscape/` and for each area's page.
//!
//! Each concept has its own module and turns counts into what a template shows. Nothing here
//! guesses: a figure a record does not state is counted as "not stated", and small demand
//! counts are shown as "fewer than 5" (see [`demand`]).

pub mod coverage;
pub mod distance;
pub mod lists;
pub mod market;
pub mod pathways;

use crate::link::Site;
use crate::model::AreaKind;

pub use coverage::{Cell, Coverage};
pub use lists::ListKind;

/// Everything the audit needs more than once: the coverage matrix, and the areas in the
/// order the matrix lists them (each followed by the areas inside it).
pub struct Audit {
    pub coverage: Coverage,
    pub tree_order: Vec<usize>,
    /// Per kind of support, how many providers reach children beyond the region (online or
    /// by home visits from a top-level area): the same for every area's audit, so counted once.
    pub out_of_region: Vec<usize>,
    /// The providers on each list by funding route and by delivery, in the order of
    /// [`lists::FUNDING`] and [`lists::DELIVERY`]: found once, not once per page of the list
    /// (at 100,000 providers each of those lists has thousands of pages).
    pub by_funding: Vec<Vec<usize>>,
    pub by_delivery: Vec<Vec<usize>>,
    /// Each area's one child, for an area with exactly one: see [`lists::published`].
    pub only_child: Vec<Option<usize>>,
    /// How far in-person support is from each authority's centre.
    pub distances: distance::Distances,
}

impl Audit {
    pub fn build(site: &Site) -> Audit {
        let mut tree_order = Vec::with_capacity(site.areas.len());
        fn walk(site: &Site, a: usize, out: &mut Vec<usize>) {
            out.push(a);
            for c in children(site, a) {
                walk(site, c, out);
            }
        }
        for a in (0..site.areas.len()).filter(|&a| site.area_up[a].len() == 1) {
            walk(site, a, &mut tree_order);
        }
        let (by_funding, by_delivery) = lists::by_route(site);
        let coverage = Coverage::build(site);
        let distances = distance::Distances::build(site, &coverage);
        Audit {
            coverage,
            distances,
            tree_order,
            out_of_region: pathways::out_of_region(site),
            by_funding,
            by_delivery,
            only_child: (0..site.areas.len())
                .map(|a| {
                    let mut c = children(site, a);
                    match (c.next(), c.next()) {
                        (Some(only), None) => Some(only),
                        _ => None,
                    }
                })
                .collect(),
        }
    }

    /// `a` and every area inside it, in tree order.
    pub fn scope_areas(&self, site: &Site, a: Option<usize>) -> Vec<usize> {
        match a {
            None => self.tree_order.clone(),
            Some(a) => self.tree_order.iter().copied().filter(|&x| x == a || site.area_down[a].contains(&x)).collect(),
        }
    }

    /// Providers the audit of `a` counts: those reaching it, in person or online; or all.
    pub fn scope_providers(&self, site: &Site, a: Option<usize>) -> Vec<usize> {
        match a {
            None => (0..site.providers.len()).collect(),
            Some(a) => {
                let mut v: Vec<usize> =
                    self.coverage.cells[a].iter().flat_map(|c| c.providers().map(|(p, _)| p)).collect();
                v.sort_unstable();
                v.dedup();
                v
            }
        }
    }
}

/// The areas whose parent is `a`, in file order.
pub fn children(site: &Site, a: usize) -> impl Iterator<Item = usize> + '_ {
    let id = &site.areas[a].id;
    (0..site.areas.len()).filter(move |&c| site.areas[c].parent.as_ref() == Some(id))
}

/// How deep `a` sits under its top area (0 for a top area), for indenting the matrix.
pub fn depth(site: &Site, a: usize) -> usize {
    site.area_up[a].len() - 1
}

pub fn is_authority(site: &Site, a: usize) -> bool {
    site.areas[a].kind == AreaKind::LocalAuthority
}

/// A whole-number percentage, rounded half up; 0 of 0 is 0.
pub fn percent(n: usize, of: usize) -> usize {
    (n * 100 + of / 2).checked_div(of).unwrap_or(0)
}
