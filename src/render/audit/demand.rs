//! Demand met off contract, from the demand records: resource-panel requests, call-offs
//! through lots and spot purchases, per period, kind of support and area. A count from 1
//! to 4 is shown as "fewer than 5" so no child can be picked out, and spending is shown only
//! beside at least five purchases.

use crate::audit::market::lots_for;
use crate::link::Site;
use crate::render::views::{area_link, intervention_link};
use serde_json::{json, Value};

/// How a count is shown: "fewer than 5" from 1 to 4; "not recorded" when absent.
pub fn shown(n: Option<u64>) -> String {
    match n {
        None => "not recorded".into(),
        Some(1..=4) => "fewer than 5".into(),
        Some(n) => n.to_string(),
    }
}

/// A candidate for a lot: more bought spot than called off, or requests with no lot at all.
pub fn is_candidate(panel: u64, call_offs: u64, spot: u64, lots: usize) -> bool {
    spot > call_offs || (lots == 0 && panel > 0)
}

pub fn view(site: &Site, areas: &[usize]) -> Value {
    let periods: Vec<Value> = site
        .demand
        .iter()
        .rev()
        .map(|d| {
            let mut totals = [0u64; 4];
            let mut rows = Vec::new();
            let mut by_kind = vec![[0u64; 3]; site.interventions.len()];
            for c in &d.counts {
                let (Some(&a), Some(&i)) = (site.area_ix.get(&c.area), site.intervention_ix.get(&c.intervention)) else {
                    continue;
                };
                if !areas.contains(&a) {
                    continue;
                }
                let (panel, call, spot, spend) = (
                    c.panel_requests.map(u64::from),
                    c.call_offs.map(u64::from),
                    c.spot_purchases.map(u64::from),
                    c.spot_spend,
                );
                for (t, v) in totals.iter_mut().zip([panel, call, spot, spend]) {
                    *t += v.unwrap_or(0);
                }
                for (t, v) in by_kind[i].iter_mut().zip([panel, call, spot]) {
                    *t += v.unwrap_or(0);
                }
                let lots = lots_for(site, Some(a))
                    .into_iter()
                    .filter(|&k| site.lot(k).1.interventions.contains(&c.intervention))
                    .count();
                let candidate = is_candidate(panel.unwrap_or(0), call.unwrap_or(0), spot.unwrap_or(0), lots);
                rows.push(json!({
                    "area": area_link(site, a), "intervention": intervention_link(site, i),
                    "panel": shown(panel), "call_offs": shown(call), "spot": shown(spot),
                    "spend": match (spot, spend) { (Some(n), Some(s)) if n >= 5 => format!("£{s}"), (_, Some(_)) => "not shown".into(), _ => "not recorded".into() },
                    "lots": lots, "candidate": candidate,
                }));
            }
            let kinds: Vec<Value> = by_kind
                .iter()
                .enumerate()
                .filter(|(_, k)| k.iter().any(|&n| n > 0))
                .map(|(i, k)| json!({ "name": site.interventions[i].name, "panel": k[0], "call_offs": k[1], "spot": k[2] }))
                .collect();
            let chart = crate::render::charts::demand_supply(&d.period, &kinds);
            let candidates = rows.iter().filter(|r| r["candidate"] == true).count();
            json!({
                "period": d.period, "starts": d.starts.long(), "ends": d.ends.long(),
                "panel": shown(Some(totals[0])), "call_offs": shown(Some(totals[1])), "spot": shown(Some(totals[2])),
                "spend": if totals[2] >= 5 { format!("£{}", totals[3]) } else { "not shown".into() },
                "rows": rows, "candidates": candidates, "chart": chart,
            })
        })
        .collect();
    json!({ "periods": periods })
}

#[cfg(test)]
mod tests {
    use super::{is_candidate, shown};

    #[test]
    fn small_counts_are_never_shown_exactly() {
        assert_eq!(shown(Some(0)), "0");
        for n in 1..5 {
            assert_eq!(shown(Some(n)), "fewer than 5");
        }
        assert_eq!(shown(Some(5)), "5");
        assert_eq!(shown(None), "not recorded");
    }

    #[test]
    fn a_candidate_is_spot_buying_beyond_call_offs_or_requests_with_no_lot() {
        assert!(is_candidate(10, 2, 5, 1));
        assert!(!is_candidate(10, 6, 5, 1));
        assert!(is_candidate(3, 0, 0, 0));
        assert!(!is_candidate(0, 0, 0, 0));
    }
}
