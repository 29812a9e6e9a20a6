//! Distance: how far the premises of in-person support are from each local authority's
//! centre, as plain figures for the audit and for each authority's page.
//!
//! Every figure rests on three conventions (docs/AUDIT.md): a premises is where its
//! service's postcode sector's centroid is; an authority's centre is the mean position of
//! its postcodes; a distance is a straight line on the Ordnance Survey grid. A provider's
//! distance from a centre, for a kind of support, is the smallest over its in-person
//! services of that kind that state a postcode; with none it has no distance, and is
//! counted as "not stated", never placed.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::Coverage;
use crate::geo::{self, Grid};
use crate::link::Site;
use crate::model::Delivery;

/// The DfE's measure in its statistics on children looked after: placed more than this far
/// from home.
pub const NEAR_MILES: f64 = 20.0;

/// The upper bounds, in miles, of the bands a provider's distance from an authority it
/// serves falls in; a distance past the last is in the band "more than 20 miles".
pub const BANDS: [f64; 3] = [5.0, 10.0, NEAR_MILES];

/// The register's national list of authorities (also what `init` picks from), for naming
/// an authority the register itself does not list.
const AUTHORITIES: &str = include_str!("../../data/uk_local_authorities.tsv");

/// The provider nearest an authority's centre for one kind of support, anywhere in the
/// register, whether or not it serves the authority.
#[derive(Debug, Clone, PartialEq)]
pub struct Nearest {
    pub provider: usize,
    pub miles: f64,
    /// The register's area for the authority its premises are in, when it has one.
    pub area: Option<usize>,
    /// That authority's name (from the register, else the national list, else its code).
    pub authority: String,
}

/// One authority and kind of support.
#[derive(Debug, Default, Clone)]
pub struct Near {
    /// The coverage cell's in-person providers that state premises, nearest first, with
    /// their distance in miles (ties in site order).
    pub ranked: Vec<(usize, f64)>,
    /// The cell's in-person providers whose services of this kind state no premises, in
    /// site order: their distance is not stated.
    pub not_stated: Vec<usize>,
    pub nearest: Option<Nearest>,
    /// The cell's in-person providers in the order its list shows them: `ranked`, then
    /// `not_stated`. The same providers as the coverage cell's, so its counts hold.
    pub order: Vec<usize>,
}

/// Homes (residential services) and their places, counted together.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Homes {
    pub homes: usize,
    /// Places of the homes that state them.
    pub places: u64,
    /// Homes stating no number of places.
    pub places_not_stated: usize,
}

impl Homes {
    fn add(&mut self, places: Option<u32>) {
        self.homes += 1;
        match places {
            Some(n) => self.places += u64::from(n),
            None => self.places_not_stated += 1,
        }
    }
}

/// Every residential service in the register, by its distance from one authority's centre.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Residential {
    /// At most [`NEAR_MILES`] from the centre.
    pub within: Homes,
    pub beyond: Homes,
    /// Homes whose record states no premises postcode.
    pub not_stated: Homes,
}

pub struct Distances {
    /// Per area: its centre, for a local authority with a GSS code the table knows.
    pub centre: Vec<Option<Grid>>,
    /// `cells[area][kind]`, filled only for an area with a centre.
    pub cells: Vec<Vec<Near>>,
    /// Per area with a centre.
    pub residential: Vec<Option<Residential>>,
    /// Per provider: each authority with a centre it offers anything in person in, in site
    /// order, with its distance in miles (from the nearest premises of any kind it states).
    pub served: Vec<Vec<(usize, Option<f64>)>>,
    /// Per area with a centre: the providers offering anything in person there, by the
    /// band of their distance ([`BANDS`], then beyond the last), and last those stating
    /// no premises.
    pub bands: Vec<[usize; BANDS.len() + 2]>,
}

/// Whether a service is seen somewhere: anything but online and phone.
fn in_person(sv: &crate::model::Service) -> bool {
    sv.delivery.iter().any(|d| !d.is_remote())
}

fn nearest_metres(from: Grid, premises: &[Grid]) -> Option<f64> {
    premises.iter().map(|g| g.metres_to(from)).min_by(f64::total_cmp)
}

impl Distances {
    pub fn build(site: &Site, coverage: &Coverage) -> Distances {
        let n_iv = site.interventions.len();
        let centre: Vec<Option<Grid>> = site
            .areas
            .iter()
            .map(|a| {
                (a.kind == crate::model::AreaKind::LocalAuthority)
                    .then(|| a.gss.as_deref().and_then(geo::authority_centre))
                    .flatten()
            })
            .collect();
        // Per provider: the premises of each kind of support, and of any kind.
        let mut premises: Vec<Vec<Vec<Grid>>> = Vec::with_capacity(site.providers.len());
        let mut anywhere: Vec<Vec<Grid>> = Vec::with_capacity(site.providers.len());
        // Per kind of support: every premises in the register, with the authority it is in.
        let mut spots: Vec<Vec<(usize, Grid, &'static str)>> = vec![Vec::new(); n_iv];
        for (p, pr) in site.providers.iter().enumerate() {
            let mut by_kind: Vec<Vec<Grid>> = vec![Vec::new(); n_iv];
            let mut all = Vec::new();
            for sv in pr.services.iter().filter(|sv| in_person(sv)) {
                if let Some(s) = sv.postcode.as_ref().and_then(|p| p.sector_entry().ok()) {
                    let i = site.intervention_ix[&sv.intervention];
                    by_kind[i].push(s.grid);
                    spots[i].push((p, s.grid, s.district));
                    all.push(s.grid);
                }
            }
            premises.push(by_kind);
            anywhere.push(all);
        }
        let homes: Vec<(Option<Grid>, Option<u32>)> = site
            .providers
            .iter()
            .flat_map(|pr| &pr.services)
            .filter(|sv| sv.delivery.contains(&Delivery::Residential))
            .map(|sv| (sv.postcode.as_ref().and_then(|p| p.sector_entry().ok()).map(|s| s.grid), sv.places))
            .collect();
        let by_gss: HashMap<&str, usize> =
            site.areas.iter().enumerate().filter_map(|(a, x)| x.gss.as_deref().map(|g| (g, a))).collect();
        let mut cells: Vec<Vec<Near>> = Vec::with_capacity(site.areas.len());
        let mut residential = Vec::with_capacity(site.areas.len());
        let mut bands = vec![[0usize; BANDS.len() + 2]; site.areas.len()];
        for (a, c) in centre.iter().enumerate() {
            let Some(c) = *c else {
                cells.push(Vec::new());
                residential.push(None);
                continue;
            };
            let row = (0..n_iv)
                .map(|i| {
                    let cell = &coverage.cells[a][i];
                    let mut ranked = Vec::new();
                    let mut not_stated = Vec::new();
                    for &p in &cell.in_person {
                        match nearest_metres(c, &premises[p][i]) {
                            Some(m) => ranked.push((p, m)),
                            None => not_stated.push(p),
                        }
                    }
                    ranked.sort_by(|x, y| x.1.total_cmp(&y.1).then(x.0.cmp(&y.0)));
                    let nearest = spots[i]
                        .iter()
                        .map(|&(p, g, district)| (p, g.metres_to(c), district))
                        .min_by(|x, y| x.1.total_cmp(&y.1).then(x.0.cmp(&y.0)))
                        .map(|(p, m, district)| {
                            let area = by_gss.get(district).copied();
                            let authority = match area {
                                Some(x) => site.areas[x].name.clone(),
                                None => authority_name(district).unwrap_or(district).to_string(),
                            };
                            Nearest { provider: p, miles: m / geo::METRES_PER_MILE, area, authority }
                        });
                    let order = ranked.iter().map(|x| x.0).chain(not_stated.iter().copied()).collect();
                    Near {
                        ranked: ranked.into_iter().map(|(p, m)| (p, m / geo::METRES_PER_MILE)).collect(),
                        not_stated,
                        nearest,
                        order,
                    }
                })
                .collect();
            cells.push(row);
            let mut r = Residential::default();
            for &(g, places) in &homes {
                match g {
                    Some(g) if g.miles_to(c) <= NEAR_MILES => r.within.add(places),
                    Some(_) => r.beyond.add(places),
                    None => r.not_stated.add(places),
                }
            }
            residential.push(Some(r));
        }
        let mut served: Vec<Vec<(usize, Option<f64>)>> = vec![Vec::new(); site.providers.len()];
        for (a, c) in centre.iter().enumerate() {
            let Some(c) = *c else { continue };
            let mut here: Vec<usize> =
                coverage.cells[a].iter().flat_map(|cell| cell.in_person.iter().copied()).collect();
            here.sort_unstable();
            here.dedup();
            for p in here {
                let miles = nearest_metres(c, &anywhere[p]).map(|m| m / geo::METRES_PER_MILE);
                let band = match miles {
                    Some(m) => BANDS.iter().position(|&b| m <= b).unwrap_or(BANDS.len()),
                    None => BANDS.len() + 1,
                };
                bands[a][band] += 1;
                served[p].push((a, miles));
            }
        }
        Distances { centre, cells, residential, served, bands }
    }
}

/// An authority's everyday name from the national list, by its GSS code.
pub fn authority_name(gss: &str) -> Option<&'static str> {
    static TABLE: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    TABLE
        .get_or_init(|| {
            AUTHORITIES
                .lines()
                .skip(1)
                .filter_map(|l| {
                    let mut f = l.split('\t');
                    Some((f.next()?, f.next()?))
                })
                .collect()
        })
        .get(gss)
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorities_outside_the_register_are_named_from_the_national_list() {
        assert_eq!(authority_name("E09000026"), Some("Redbridge"));
        assert_eq!(authority_name("E99999999"), None);
    }

    #[test]
    fn a_provider_is_as_near_as_its_nearest_premises() {
        let c = Grid { easting: 0, northing: 0 };
        let p = [Grid { easting: 3000, northing: 4000 }, Grid { easting: 0, northing: 1000 }];
        assert_eq!(nearest_metres(c, &p), Some(1000.0));
        assert_eq!(nearest_metres(c, &[]), None);
    }
}
