//! Accreditation health per scheme, judged against the build date. "Current" here means
//! valid today and not expiring within the window; "expiring" is also valid today. The
//! two together are everyone whose award can be relied on today.

use crate::link::{AwardState, Site};
use crate::render::views::link;
use serde_json::{json, Value};

pub const STATES: [AwardState; 5] =
    [AwardState::Current, AwardState::ExpiringSoon, AwardState::Expired, AwardState::Suspended, AwardState::Withdrawn];

/// How many expiring awards an audit lists by name.
pub const EXPIRING_SHOWN: usize = 25;

pub fn view(site: &Site, providers: &[usize]) -> Value {
    let mut counts = vec![[0usize; 5]; site.schemes.len()];
    let mut holders = vec![0usize; site.schemes.len()];
    let mut none = 0;
    let mut expiring = Vec::new();
    for &p in providers {
        let pr = &site.providers[p];
        if pr.awards.is_empty() {
            none += 1;
        }
        let mut held = vec![false; site.schemes.len()];
        for (a, j) in pr.awards.iter().zip(&site.award_states[p]) {
            let s = site.scheme_ix[&a.scheme];
            counts[s][STATES.iter().position(|&x| x == j.state).expect("every state is listed")] += 1;
            held[s] = true;
            if j.state == AwardState::ExpiringSoon {
                expiring.push((a.expires, pr.name.as_str(), p, s, j.days_to_expiry));
            }
        }
        for (h, held) in holders.iter_mut().zip(held) {
            *h += usize::from(held);
        }
    }
    expiring.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    // The soonest first, and only so many: across a region of thousands of providers the
    // list would run to hundreds of lines on every area's page. Each scheme's page gives
    // every holder's expiry date.
    let shown: Vec<Value> = expiring
        .iter()
        .take(EXPIRING_SHOWN)
        .map(|&(expires, _, p, s, days)| {
            let (pr, sc) = (&site.providers[p], &site.schemes[s]);
            json!({
                "provider": link(&pr.name, crate::link::urls::provider(&pr.id)),
                "scheme": link(&sc.name, crate::link::urls::scheme(&sc.id)),
                "expires": expires.map(|d| d.long()), "days": days,
            })
        })
        .collect();
    let rows: Vec<Value> = site
        .schemes
        .iter()
        .enumerate()
        .map(|(s, sc)| {
            json!({
                "scheme": link(&sc.name, crate::link::urls::scheme(&sc.id)),
                "current": counts[s][0], "expiring": counts[s][1], "expired": counts[s][2],
                "suspended": counts[s][3], "withdrawn": counts[s][4],
                "valid": counts[s][0] + counts[s][1],
                "none": providers.len() - holders[s],
            })
        })
        .collect();
    let chart = crate::render::charts::accreditation_health(&rows);
    json!({
        "schemes": rows, "no_award": none, "chart": chart,
        "expiring_more": expiring.len() - shown.len(), "expiring_total": expiring.len(), "expiring": shown,
    })
}
