//! The commissioning side of the register: frameworks with their lots (split by intervention
//! or by area), the index providers join lots from, and the demand counts. Drawn before the
//! providers, which choose their lot memberships from what exists here.

use super::catalogue::{DEMAND_PERIODS, INTERVENTIONS};
use super::geography::{Geo, REGIONS};
use super::rng::Rng;
use crate::model::FundingRoute::{Asgsf, Council, DsgHighNeeds, Icb};
use crate::model::{
    CallOff, Date, DemandCount, DemandPeriod, Framework, FundingRoute, Lot, ProcurementRoute, Regime, Reservation,
    ReservationNotice, SPOT_PURCHASE_LIMIT,
};
use std::collections::HashMap;

/// A year of demand per period: for every authority, counts for a few kinds of support.
/// Spot purchases are each under £10,000, so their total stays under that many times ten
/// thousand pounds.
pub(super) fn demand(rng: &mut Rng, geo: &Geo) -> Vec<DemandPeriod> {
    let las: Vec<usize> = geo.regions.iter().flat_map(|r| r.las.iter().copied()).collect();
    DEMAND_PERIODS
        .iter()
        .map(|&(period, starts, ends)| {
            let mut counts = Vec::new();
            for &la in &las {
                let k = rng.range(3, 7) as usize;
                let mut ivs = rng.sample(INTERVENTIONS.len(), k);
                ivs.sort_unstable();
                for iv in ivs {
                    let panel = rng.range(0, 40) as u32;
                    let call_offs = rng.range(0, i64::from(panel)) as u32;
                    let spot = rng.range(0, i64::from(panel - call_offs)) as u32;
                    let spend = (spot > 0)
                        .then(|| (0..spot).map(|_| rng.range(400, SPOT_PURCHASE_LIMIT as i64 - 1) as u64).sum::<u64>());
                    counts.push(DemandCount {
                        area: geo.id(la).to_string(),
                        intervention: INTERVENTIONS[iv].0.to_string(),
                        panel_requests: Some(panel),
                        call_offs: Some(call_offs),
                        spot_purchases: Some(spot),
                        spot_spend: spend,
                    });
                }
            }
            DemandPeriod {
                period: period.into(),
                starts: starts.parse().expect("a date"),
                ends: ends.parse().expect("a date"),
                counts,
            }
        })
        .collect()
}

/// Frameworks take turns by region; even ones are split into lots by intervention, odd
/// ones by area, the two shapes the register must show.
pub(super) fn frameworks(
    rng: &mut Rng,
    more: &mut Rng,
    geo: &Geo,
    n: usize,
    cited: &[(String, u32)],
) -> Vec<Framework> {
    const STARTS: [(i64, u32); 6] = [(2022, 4), (2023, 4), (2024, 4), (2024, 10), (2025, 4), (2026, 4)];
    const FUNDING: [&[FundingRoute]; 4] =
        [&[Council], &[Council, Icb], &[DsgHighNeeds, Council, Icb], &[Asgsf, Council]];
    (0..n)
        .map(|f| {
            let r = f % REGIONS.len();
            let region = &geo.regions[r];
            let region_name = geo.name(region.area);
            let route = [
                ProcurementRoute::OpenFramework,
                ProcurementRoute::DynamicPurchasingSystem,
                ProcurementRoute::ApprovedProviderList,
            ][rng.weighted(&[50, 30, 20])];
            let (y, m) = *rng.pick(&STARTS);
            let starts = Date::from_ymd(y, m, 1).expect("first of a month");
            let ends = starts.add_months(48).add_days(-1);
            let what = match route {
                ProcurementRoute::OpenFramework => "Therapeutic Support Framework",
                ProcurementRoute::DynamicPurchasingSystem => "Children's Therapies Dynamic Purchasing System",
                ProcurementRoute::ApprovedProviderList => "Approved Provider List for Therapeutic Support",
            };
            let (id, min_lots) = match cited.get(f) {
                Some((id, lot)) => (id.clone(), *lot as usize),
                None => (format!("{}-therapeutic-support-{:03}", geo.id(region.area), f + 1), 0),
            };
            let lead_la = *rng.pick(&region.las);
            let n_partners = rng.below(3);
            let mut partners: Vec<String> = rng
                .sample(region.las.len(), n_partners)
                .into_iter()
                .map(|j| region.las[j])
                .filter(|&a| a != lead_la)
                .map(|a| format!("{} Council", geo.name(a)))
                .collect();
            if rng.chance(60) {
                partners.push(format!("NHS {region_name} Integrated Care Board"));
            }
            let by_intervention = f % 2 == 0;
            let n_lots = (rng.range(4, 8) as usize).max(min_lots);
            let lots =
                if by_intervention { intervention_lots(rng, geo, r, n_lots) } else { area_lots(rng, geo, r, n_lots) };
            let split = if by_intervention { "by intervention" } else { "by area" };
            // Procurement starts some months before the framework does; the date decides
            // which notice a reservation is made under.
            let procurement_started = starts.add_months(-more.range(4, 10));
            // Without the date written down, `check` judges the notice by the framework's
            // start, so the notice must suit whichever date the record gives.
            let started_given = more.chance(70);
            let judged_by = if started_given { procurement_started } else { starts };
            let notice = if judged_by < "2025-02-24".parse().expect("a date") {
                ReservationNotice::Ppn1120
            } else {
                ReservationNotice::Ppn005
            };
            let mut lots = lots;
            for lot in &mut lots {
                lot.id = format!("{id}-lot-{}", lot.number);
            }
            Framework {
                id,
                name: format!("{region_name} {what} {y}"),
                lead: format!("{} Council", geo.name(lead_la)),
                partners,
                route,
                summary: Some(format!(
                    "Therapeutic support for children in care, adopted children and children \
                     on the edge of care in {region_name}, split {split}."
                )),
                areas: Vec::new(),
                starts,
                ends,
                reopens: (1..4).map(|k| starts.add_months(12 * k)).collect(),
                funding: rng.pick(&FUNDING).to_vec(),
                reservation: rng.chance(30).then(|| Reservation {
                    areas: vec![geo.id(region.area).to_string()],
                    sme_vcse: rng.chance(50),
                    notice: more.chance(80).then_some(notice),
                }),
                regime: more.chance(85).then(|| if more.chance(90) { Regime::LightTouch } else { Regime::Standard }),
                procurement_started: started_given.then_some(procurement_started),
                url: rng.chance(70).then(|| format!("https://tenders.example/notice/{}", 40_000 + f * 17)),
                lots,
            }
        })
        .collect()
}

fn call_off(rng: &mut Rng) -> CallOff {
    [CallOff::DirectAward, CallOff::RankedList, CallOff::MiniCompetition, CallOff::FamilyChoice]
        [rng.weighted(&[15, 35, 30, 20])]
}

fn intervention_lots(rng: &mut Rng, geo: &Geo, r: usize, n_lots: usize) -> Vec<Lot> {
    let region = &geo.regions[r];
    rng.sample(INTERVENTIONS.len(), n_lots)
        .into_iter()
        .enumerate()
        .map(|(k, iv)| {
            let areas = if rng.chance(70) {
                vec![geo.id(region.area).to_string()]
            } else {
                region.subs.iter().map(|&s| geo.id(s).to_string()).collect()
            };
            let name = INTERVENTIONS[iv].1;
            Lot {
                id: String::new(),
                number: k as u32 + 1,
                title: name.to_string(),
                summary: rng
                    .chance(60)
                    .then(|| format!("{name} for children and young people across {}.", geo.name(region.area))),
                interventions: vec![INTERVENTIONS[iv].0.to_string()],
                areas,
                call_off: call_off(rng),
            }
        })
        .collect()
}

fn area_lots(rng: &mut Rng, geo: &Geo, r: usize, n_lots: usize) -> Vec<Lot> {
    // A small region has fewer areas than lots; like a real joint framework, it then
    // borrows areas from the next regions.
    let mut candidates = Vec::new();
    for k in 0..REGIONS.len() {
        let region = &geo.regions[(r + k) % REGIONS.len()];
        let mut here: Vec<usize> = region.subs.iter().chain(&region.las).copied().collect();
        let order = rng.sample(here.len(), here.len());
        here = order.into_iter().map(|j| here[j]).collect();
        candidates.extend(here);
        if candidates.len() >= n_lots {
            break;
        }
    }
    candidates
        .into_iter()
        .take(n_lots)
        .enumerate()
        .map(|(k, area)| {
            // Residential care (index 0) is bought regionally, not per authority.
            let n_ivs = rng.range(3, 8) as usize;
            let mut ivs: Vec<usize> = rng.sample(INTERVENTIONS.len() - 1, n_ivs).iter().map(|i| i + 1).collect();
            ivs.sort_unstable();
            Lot {
                id: String::new(),
                number: k as u32 + 1,
                title: geo.name(area).to_string(),
                summary: rng
                    .chance(60)
                    .then(|| format!("Community therapeutic services for children living in {}.", geo.name(area))),
                interventions: ivs.iter().map(|&i| INTERVENTIONS[i].0.to_string()).collect(),
                areas: vec![geo.id(area).to_string()],
                call_off: call_off(rng),
            }
        })
        .collect()
}

/// Every lot, with the regions its areas lie in and its interventions by index.
pub(super) struct LotKey {
    pub(super) framework: usize,
    pub(super) number: u32,
    pub(super) regions: Vec<usize>,
    pub(super) interventions: Vec<usize>,
}

pub(super) fn lot_index(geo: &Geo, frameworks: &[Framework]) -> Vec<LotKey> {
    let iv_index: HashMap<&str, usize> = INTERVENTIONS.iter().enumerate().map(|(i, iv)| (iv.0, i)).collect();
    let mut keys = Vec::new();
    for (f, fw) in frameworks.iter().enumerate() {
        for lot in &fw.lots {
            keys.push(LotKey {
                framework: f,
                number: lot.number,
                regions: lot.areas.iter().map(|a| geo.region_of[a]).collect(),
                interventions: lot.interventions.iter().map(|i| iv_index[i.as_str()]).collect(),
            });
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ReservationNotice;

    /// The notice a reservation cites suits the date `check` judges it by: the procurement's
    /// start when the record gives it, the framework's otherwise. Only a national register's
    /// hundreds of frameworks met every combination, so this draws that many.
    #[test]
    fn every_reservation_notice_suits_the_date_it_is_judged_by() {
        let mut rng = Rng::new(1);
        let mut more = Rng::new(2);
        let geo = super::super::geography::geography(&mut rng, 153, &[]);
        let from: crate::model::Date = "2025-02-24".parse().unwrap();
        let mut seen = 0;
        for f in frameworks(&mut rng, &mut more, &geo, 400, &[]) {
            let Some(notice) = f.reservation.as_ref().and_then(|r| r.notice) else { continue };
            let judged = f.procurement_started.unwrap_or(f.starts);
            assert_eq!(notice == ReservationNotice::Ppn1120, judged < from, "{}", f.id);
            seen += 1;
        }
        assert!(seen > 50, "{seen} notices drawn");
    }
}
