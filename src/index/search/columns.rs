/*!
Columns: the facet index `search.js` filters, counts and sorts with. Writes `c.<column>.*.dat`,
one file per attribute, each a list of rows of unsigned LEB128 varints (a list row is its
length, then its items). Most columns run over every **service** in provider order, so
filters combine per service (family therapy, Hackney, age 12 and accepting must all be true
of the same service); a few run over providers (awards with their judged state, SME / VCSE,
review date). The browser fetches a column only when a filter, a sort or an open facet's
counts need it, and works the counts out itself: no combination of filters is pre-built.

| column | over | row |
| --- | --- | --- |
| `sp` | providers | number of services (where each provider's services start) |
| `iv` | services | kind of support (intervention number) |
| `af`, `at` | services | youngest and oldest age |
| `dl`, `fd` | services | delivery and funding routes, one bit each |
| `ac` | services | accepting referrals (0 or 1) |
| `wt` | services | 0 for a wait not stated, else weeks + 1 |
| `ar` | services | list: the areas it is offered in person in (the browser adds the areas above and inside them) |
| `lg` | services | list: language options |
| `lt` | services | list: lot and framework options the service is bought through |
| `aw` | providers | list: scheme × 8 + judged state of each award |
| `og` | providers | SME bit 1, VCSE bit 2 |
| `rv` | providers | days from [`EPOCH`] to the review date |
| `ps` | services | list: easting and northing of the premises (its postcode sector's centroid) of a service delivered in a place; empty when it is only online or by phone or has no postcode (see [`super::near`]) |
*/

use super::facets::{lang_key, Facets, ANY_LOT, DELIVERY, FUNDING};
use crate::link::{AwardState, Site};
use crate::model::*;
use std::collections::BTreeMap;

/// Day 0 of the `rv` column and of the review sort.
pub const EPOCH: &str = "2000-01-01";

pub(super) fn epoch() -> Date {
    EPOCH.parse().expect("date")
}

/// A column of the facet index: rows of unsigned numbers, written as LEB128 varints (a
/// list row is its length, then its items).
#[derive(Default)]
pub(super) struct Column(pub Vec<u8>);

impl Column {
    pub(super) fn num(&mut self, mut v: u64) {
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.0.push(b);
                return;
            }
            self.0.push(b | 0x80);
        }
    }
    pub(super) fn list(&mut self, items: &[usize]) {
        self.num(items.len() as u64);
        for &i in items {
            self.num(i as u64);
        }
    }
}

pub(super) fn state_code(s: AwardState) -> u32 {
    match s {
        AwardState::Current => 0,
        AwardState::ExpiringSoon => 1,
        AwardState::Expired => 2,
        AwardState::Suspended => 3,
        AwardState::Withdrawn => 4,
    }
}

/// Every lot numbered across frameworks (as the manifest's `lots` lists them), with the
/// options of the lot facet each lot and its framework stand for.
pub(super) struct Lots<'a> {
    /// Number of each framework's first lot.
    pub base: Vec<usize>,
    /// (framework, lot) in that numbering.
    pub all: Vec<(usize, &'a Lot)>,
    /// Each lot's option in the lot facet, and its framework's.
    pub options: Vec<(Option<usize>, Option<usize>)>,
    /// The option "on any framework lot".
    pub any: Option<usize>,
}

impl<'a> Lots<'a> {
    pub(super) fn new(site: &'a Site, f: &Facets) -> Self {
        let opt_ix = |facet: &str, param: &str, value: &str| -> Option<usize> {
            f.list
                .iter()
                .find(|(id, _, _)| *id == facet)
                .and_then(|(_, _, opts)| opts.iter().position(|o| o.param == param && o.value == value))
        };
        let mut lot_base = Vec::new();
        let mut all_lots = Vec::new();
        for (fi, fw) in site.frameworks.iter().enumerate() {
            lot_base.push(all_lots.len());
            for l in &fw.lots {
                all_lots.push((fi, l));
            }
        }
        let lot_options: Vec<(Option<usize>, Option<usize>)> = all_lots
            .iter()
            .map(|(fi, l)| {
                let fw = &site.frameworks[*fi];
                (opt_ix("lot", "lot", &format!("{}/{}", fw.id, l.number)), opt_ix("lot", "framework", &fw.id))
            })
            .collect();
        let any = opt_ix("lot", "lot", ANY_LOT);
        Lots { base: lot_base, all: all_lots, options: lot_options, any }
    }
}

/// Every column as (`c.<name>`, bytes), in name order.
pub(super) fn build(site: &Site, f: &Facets, lots: &Lots) -> Vec<(String, Vec<u8>)> {
    let (lot_base, lot_options, lots_any) = (&lots.base, &lots.options, lots.any);
    // Columns over services, in provider order; a few over providers.
    let names = ["sp", "iv", "af", "at", "dl", "fd", "ac", "wt", "ar", "lg", "lt", "aw", "og", "rv", "ps"];
    let mut col: BTreeMap<&str, Column> = names.iter().map(|k| (*k, Column::default())).collect();
    macro_rules! c {
        ($k:expr) => {
            col.get_mut($k).expect("column")
        };
    }
    let epoch = epoch();
    for grid in super::near::positions(site) {
        let row: Vec<usize> = grid.map_or(Vec::new(), |g| vec![g.easting as usize, g.northing as usize]);
        c!("ps").list(&row);
    }
    for (pi, p) in site.providers.iter().enumerate() {
        c!("sp").num(p.services.len() as u64);
        let active: Vec<(usize, usize)> = p
            .lots
            .iter()
            .zip(&site.memberships[pi])
            .filter(|(m, _)| m.status == MembershipStatus::Active)
            .map(|(_, k)| (k.framework, k.lot))
            .collect();
        for s in &p.services {
            c!("iv").num(site.intervention_ix[&s.intervention] as u64);
            c!("af").num(u64::from(s.ages.from));
            c!("at").num(u64::from(s.ages.to));
            c!("dl")
                .num(DELIVERY.iter().enumerate().filter(|(_, d)| s.delivery.contains(d)).map(|(b, _)| 1u64 << b).sum());
            c!("fd")
                .num(FUNDING.iter().enumerate().filter(|(_, x)| s.funding.contains(x)).map(|(b, _)| 1u64 << b).sum());
            c!("ac").num(u64::from(s.accepting));
            // 0 for "not stated", otherwise weeks + 1.
            c!("wt").num(s.wait_weeks.map_or(0, |w| u64::from(w) + 1));
            // The area filter means "offered in person there", as area pages and the audit's
            // cells count: a catchment of online or phone delivery is not a place, and
            // online services are found by the delivery filter instead.
            let areas: Vec<usize> = if s.delivery.iter().any(|d| !d.is_remote()) {
                s.areas.iter().map(|a| site.area_ix[a]).collect()
            } else {
                Vec::new()
            };
            c!("ar").list(&areas);
            let mut langs: Vec<usize> =
                s.languages.iter().filter_map(|l| f.languages.get(&lang_key(l)).copied()).collect();
            langs.sort_unstable();
            langs.dedup();
            c!("lg").list(&langs);
            // A service is on a lot when its provider is an active member of the lot and
            // the lot buys this kind of support.
            let mut lots: Vec<usize> = Vec::new();
            for &(fi, li) in &active {
                let lot = &site.frameworks[fi].lots[li];
                if lot.interventions.is_empty() || lot.interventions.contains(&s.intervention) {
                    let (lv, fv) = lot_options[lot_base[fi] + li];
                    for v in [lv, fv].into_iter().flatten() {
                        if !lots.contains(&v) {
                            lots.push(v);
                        }
                    }
                }
            }
            if let (Some(any), false) = (lots_any, lots.is_empty()) {
                lots.push(any);
            }
            lots.sort_unstable();
            c!("lt").list(&lots);
        }
        let awards: Vec<usize> = p
            .awards
            .iter()
            .zip(&site.award_states[pi])
            .map(|(a, j)| site.scheme_ix[&a.scheme] * 8 + state_code(j.state) as usize)
            .collect();
        c!("aw").list(&awards);
        c!("og").num(u64::from(p.is_sme()) | (u64::from(p.is_vcse()) << 1));
        c!("rv").num(epoch.days_until(p.reviewed).max(0) as u64);
    }
    col.into_iter().map(|(k, v)| (format!("c.{k}"), v.0)).collect()
}
