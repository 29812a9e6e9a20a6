//! Referral pathways: for each kind of support, the lots that cover it and their call-off
//! routes, so a panel can route a request into a contract that exists; and the providers who
//! can serve a child placed outside the region (online or by phone across a whole top-level
//! area such as England, or visiting anywhere in it).

use crate::link::Site;
use crate::model::Delivery;

/// Whether a service reaches children anywhere in a top-level area (one with no parent).
pub fn reaches_out_of_region(site: &Site, sv: &crate::model::Service) -> bool {
    let top = |ids: &[String]| ids.iter().filter_map(|id| site.area_ix.get(id)).any(|&a| site.area_up[a].len() == 1);
    (sv.delivery.iter().any(|d| d.is_remote()) && top(&sv.online_areas))
        || (sv.delivery.contains(&Delivery::HomeVisits) && top(&sv.areas))
}

/// Per kind of support, the providers with a service reaching beyond the region.
pub fn out_of_region(site: &Site) -> Vec<usize> {
    (0..site.interventions.len())
        .map(|i| {
            let mut out: Vec<usize> = site.offered_by[i]
                .iter()
                .filter(|&&(p, s)| reaches_out_of_region(site, &site.providers[p].services[s]))
                .map(|&(p, _)| p)
                .collect();
            out.dedup();
            out.len()
        })
        .collect()
}
