/*!
The landscape audit as its pages show it: the figures of [`crate::audit`] turned into the
words, links and charts of `/landscape/` and of each area's audit. One module per section,
as the audit has; nothing here decides what is counted.
*/

pub mod accreditation;
pub mod coverage;
pub mod demand;
pub mod distance;
pub mod governance;
pub mod lists;
pub mod market;
pub mod pathways;
pub mod waits;

use crate::audit::Audit;
use crate::link::Site;
use serde_json::{json, Value};

/// The audit's context for `/landscape/` (`area` None) or for one area's page.
pub fn view(audit: &Audit, site: &Site, area: Option<usize>) -> Value {
    let areas = audit.scope_areas(site, area);
    let providers = audit.scope_providers(site, area);
    let mut v = json!({
        "scope": area.map(|a| site.areas[a].name.clone()),
        "where": area.map_or_else(|| "the region".to_string(), |a| site.areas[a].name.clone()),
        "providers": providers.len(),
        "window_days": crate::link::judge::EXPIRING_SOON_DAYS,
    });
    v["coverage"] = coverage::view(site, audit, &areas);
    v["market"] = market::view(site, audit, &areas, &providers, area);
    v["accreditation"] = accreditation::view(site, &providers);
    v["governance"] = governance::view(site, &providers, area);
    v["waits"] = waits::view(site, audit, area);
    v["pathways"] = pathways::view(site, audit, area);
    v["demand"] = demand::view(site, &areas);
    v["distance"] = distance::view(site, audit, &areas);
    v
}
