//! The areas of a synthetic region: England, nine invented regions, their sub-regions and
//! the local authorities, with GSS codes in real formats. Kept apart because every other
//! record (lots, services, demand) is placed by drawing from this tree.

use super::names::{la_name, slug, title_from_id};
use super::rng::Rng;
use crate::model::{Area, AreaKind};
use std::collections::{HashMap, HashSet};

pub(super) const REGIONS: [&str; 9] =
    ["Northmoor", "Eastmarch", "Westvale", "Southdown", "Heartlands", "Coastmere", "Fenwold", "Highpeak", "Riverlea"];
const SUB_PREFIXES: [&str; 4] = ["Inner", "Outer", "Upper", "Lower"];

/// England's councils with children's services: the most authorities a synthetic region has.
pub(super) const MAX_AUTHORITIES: usize = 153;

/// The areas, with each region's sub-regions and authorities by index into `areas`.
pub(super) struct Geo {
    pub(super) areas: Vec<Area>,
    pub(super) regions: Vec<GeoRegion>,
    /// The region number of every area, by id.
    pub(super) region_of: HashMap<String, usize>,
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
}

/// Regions, sub-regions and `n_las` authorities; the first authorities take the `cited`
/// ids, named from the id (`tower-hamlets` → `Tower Hamlets`).
pub(super) fn geography(rng: &mut Rng, n_las: usize, cited: &[String]) -> Geo {
    let mut taken: HashSet<String> = REGIONS.iter().map(|r| slug(r)).collect();
    taken.insert("england".into());
    taken.extend(cited.iter().cloned());
    let la_names: Vec<(String, String)> = (0..n_las)
        .map(|i| match cited.get(i) {
            Some(id) => (id.clone(), title_from_id(id)),
            None => {
                let name = la_name(rng, &mut taken);
                (slug(&name), name)
            }
        })
        .collect();
    // GSS codes are unique by construction: authority i draws from its own block of
    // numbers. The six digits start at 100000, above every real code (all 000xxx).
    let step = (900_000 / n_las).max(1);
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
    let mut next_la = 0;
    for (r, region_name) in REGIONS.iter().enumerate() {
        let n_here = n_las / REGIONS.len() + usize::from(r < n_las % REGIONS.len());
        let n_subs = n_here.div_ceil(5).clamp(1, SUB_PREFIXES.len());
        let region_id = slug(region_name);
        let region_area = areas.len();
        areas.push(Area {
            id: region_id.clone(),
            name: region_name.to_string(),
            kind: AreaKind::Region,
            gss: Some(format!("E12{:06}", 100_000 + r * 10_000 + rng.below(10_000))),
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
        let las: Vec<usize> = (0..n_here)
            .map(|j| {
                let (id, name) = la_names[next_la].clone();
                let prefix = ["E06", "E07", "E08", "E09"][rng.weighted(&[25, 40, 15, 20])];
                let digits = 100_000 + next_la * step + rng.below(step);
                next_la += 1;
                areas.push(Area {
                    id,
                    name,
                    kind: AreaKind::LocalAuthority,
                    gss: Some(format!("{prefix}{digits:06}")),
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
    Geo { areas, regions, region_of }
}
