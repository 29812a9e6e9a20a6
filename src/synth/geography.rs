//! The areas of a synthetic region: England, its nine regions, their sub-regions and real
//! English councils with children's services (their ONS codes and names), so that every
//! authority has a centre and postcode sectors to place premises in. Kept apart because
//! every other record (lots, services, demand) is placed by drawing from this tree.

use super::names::{slug, title_from_id};
use super::rng::Rng;
use crate::geo::{authorities, sectors, Sector, REGIONS as ENGLISH_REGIONS};
use crate::model::{Area, AreaKind};
use std::collections::{HashMap, HashSet};

pub(super) const REGIONS: [&str; 9] = {
    let mut names = [""; 9];
    let mut i = 0;
    while i < 9 {
        names[i] = ENGLISH_REGIONS[i].1;
        i += 1;
    }
    names
};
const SUB_PREFIXES: [&str; 4] = ["Inner", "Outer", "Upper", "Lower"];

/// England's councils with children's services: the most authorities a synthetic region has.
pub(super) const MAX_AUTHORITIES: usize = 153;

/// The areas, with each region's sub-regions and authorities by index into `areas`.
pub(super) struct Geo {
    pub(super) areas: Vec<Area>,
    pub(super) regions: Vec<GeoRegion>,
    /// The region number of every area, by id.
    pub(super) region_of: HashMap<String, usize>,
    /// The postcode sectors of each authority, by index into `areas` (empty for other
    /// areas, and for an authority that is not a real one).
    pub(super) sectors: Vec<Vec<&'static Sector>>,
}

pub(super) struct GeoRegion {
    pub(super) area: usize,
    pub(super) subs: Vec<usize>,
    pub(super) las: Vec<usize>,
}

impl Geo {
    pub(super) fn name(&self, i: usize) -> &str {
        &self.areas[i].name
    }
    pub(super) fn id(&self, i: usize) -> &str {
        &self.areas[i].id
    }
    /// The authorities an area is or holds, in order.
    pub(super) fn las_within(&self, i: usize) -> Vec<usize> {
        if self.areas[i].kind == AreaKind::LocalAuthority {
            return vec![i];
        }
        let id = &self.areas[i].id;
        let mut out = Vec::new();
        for r in &self.regions {
            for &la in &r.las {
                let parent = self.areas[la].parent.as_ref();
                let region = &self.areas[r.area].id;
                if parent == Some(id) || region == id || id == "england" {
                    out.push(la);
                }
            }
        }
        out
    }
}

/// A real English council with children's services (a unitary, metropolitan or London
/// borough, or a county) that the postcode table places sectors in: its code and name.
fn councils() -> Vec<Vec<(&'static str, &'static str)>> {
    let placed: HashSet<&str> = sectors().all().iter().map(|s| s.upper).collect();
    let mut by_region = vec![Vec::new(); ENGLISH_REGIONS.len()];
    for a in authorities() {
        let upper = ["E06", "E08", "E09", "E10"].iter().any(|p| a.gss.starts_with(p));
        if let (true, true, Some(r)) =
            (upper, placed.contains(a.gss), ENGLISH_REGIONS.iter().position(|(_, n)| *n == a.region))
        {
            by_region[r].push((a.gss, a.name));
        }
    }
    by_region
}

/// Regions, sub-regions and `n_las` authorities (at most as many as there are real
/// councils), drawn from every region in turn; the first authorities take the `cited` ids:
/// the real council of that name where there is one, or else an authority named from the
/// id (`tower-hamlets` → `Tower Hamlets`) with no code and so no premises.
pub(super) fn geography(rng: &mut Rng, n_las: usize, cited: &[String]) -> Geo {
    let mut pools = councils();
    for pool in &mut pools {
        // A seeded shuffle, so that a small region is a different handful of councils
        // for each seed.
        for i in (1..pool.len()).rev() {
            pool.swap(i, rng.below(i + 1));
        }
    }
    // Cited ids first, each in its council's region (or spread over the regions).
    let mut chosen: Vec<Vec<(String, String, Option<&'static str>)>> = vec![Vec::new(); REGIONS.len()];
    for (k, id) in cited.iter().enumerate() {
        let found = pools
            .iter()
            .enumerate()
            .find_map(|(r, pool)| pool.iter().position(|(_, name)| slug(name) == *id).map(|i| (r, i)));
        match found {
            Some((r, i)) => {
                let (gss, name) = pools[r].remove(i);
                chosen[r].push((id.clone(), name.to_string(), Some(gss)));
            }
            None => chosen[k % REGIONS.len()].push((id.clone(), title_from_id(id), None)),
        }
    }
    let available = cited.len() + pools.iter().map(Vec::len).sum::<usize>();
    let mut taken = cited.len();
    let mut round = 0;
    while taken < n_las.min(available) {
        for (r, pool) in pools.iter().enumerate() {
            if taken < n_las {
                if let Some(&(gss, name)) = pool.get(round) {
                    chosen[r].push((slug(name), name.to_string(), Some(gss)));
                    taken += 1;
                }
            }
        }
        round += 1;
    }
    // England holds every region, so a service online across England has an area to name.
    let mut areas = vec![Area {
        id: "england".into(),
        name: "England".into(),
        kind: AreaKind::Nation,
        gss: Some("E92000001".into()),
        parent: None,
    }];
    let mut regions = Vec::new();
    let mut region_of = HashMap::new();
    for (r, &(region_gss, region_name)) in ENGLISH_REGIONS.iter().enumerate() {
        let here = &chosen[r];
        let n_subs = here.len().div_ceil(5).clamp(1, SUB_PREFIXES.len());
        let region_id = slug(region_name);
        let region_area = areas.len();
        areas.push(Area {
            id: region_id.clone(),
            name: region_name.to_string(),
            kind: AreaKind::Region,
            gss: Some(region_gss.to_string()),
            parent: Some("england".into()),
        });
        let subs: Vec<usize> = (0..n_subs)
            .map(|s| {
                let name = format!("{} {region_name}", SUB_PREFIXES[s]);
                areas.push(Area {
                    id: slug(&name),
                    name,
                    kind: AreaKind::SubRegion,
                    gss: None,
                    parent: Some(region_id.clone()),
                });
                areas.len() - 1
            })
            .collect();
        let las: Vec<usize> = here
            .iter()
            .enumerate()
            .map(|(j, (id, name, gss))| {
                areas.push(Area {
                    id: id.clone(),
                    name: name.clone(),
                    kind: AreaKind::LocalAuthority,
                    gss: gss.map(str::to_string),
                    parent: Some(areas[subs[j % subs.len()]].id.clone()),
                });
                areas.len() - 1
            })
            .collect();
        for &a in std::iter::once(&region_area).chain(&subs).chain(&las) {
            region_of.insert(areas[a].id.clone(), r);
        }
        regions.push(GeoRegion { area: region_area, subs, las });
    }
    let mut by_upper: HashMap<&str, Vec<&'static Sector>> = HashMap::new();
    for s in sectors().all() {
        by_upper.entry(s.upper).or_default().push(s);
    }
    let sectors = areas
        .iter()
        .map(|a| match (&a.kind, a.gss.as_deref()) {
            (AreaKind::LocalAuthority, Some(gss)) => by_upper.get(gss).cloned().unwrap_or_default(),
            _ => Vec::new(),
        })
        .collect();
    Geo { areas, regions, region_of, sectors }
}
