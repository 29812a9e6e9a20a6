/*!
Display records: what a result card shows beyond the columns (name, address, summary,
review date, active lots, awards with their judged state and expiry, and every service with
its ages, delivery, areas, wait, referrals, funding and languages). Writes, for `search.js`:

- `d.N.*.dat`: the records of providers in groups of [`DISPLAY_GROUP`], fetched only for
  the providers on the visible page of results;
- `f.<sort>.*.dat`: for each sort order, the providers of the first page of results with
  no filter and no words, with their records, so changing the order of the whole directory
  is one file rather than one per display group. The name order's file holds the first
  [`NAME_HEAD`] providers, where a filtered list by name nearly always starts.
*/

use super::columns::{epoch, state_code, Lots};
use super::facets::{DELIVERY, FUNDING};
use super::SORTS;
use crate::link::Site;
use crate::model::*;
use rayon::prelude::*;
use serde_json::{json, Value};

/// Providers per display file: small enough that a page of results sorted by waiting time
/// (spread across the alphabet) still downloads little. (Groups of 16 were tried: fewer
/// files for a filtered list by name, but more bytes and no quicker first results.)
pub const DISPLAY_GROUP: usize = 8;
/// Providers at the head of the name order whose records come with the first page by name:
/// a filter's first results by name are nearly always among them (a common filter matches
/// a large share of providers, so its first matches come early in the name order), so
/// ticking one needs no display file, for a few kB more on the first page.
pub const NAME_HEAD: usize = 64;

/// The display groups (`d.N`) and the first pages (`f.<sort>`), as (stem, bytes).
pub(super) fn build(site: &Site, lots: &Lots) -> Vec<(String, Vec<u8>)> {
    let n = site.providers.len();
    let lot_base = &lots.base;
    let epoch = epoch();
    let mut raw: Vec<(String, Vec<u8>)> = Vec::new();
    // Display records for providers, in groups: what a result shows beyond the columns.
    let record = |pi: usize| -> Value {
        let p = &site.providers[pi];
        let awards: Vec<Value> = p
            .awards
            .iter()
            .zip(&site.award_states[pi])
            .map(|(a, j)| json!([site.scheme_ix[&a.scheme], state_code(j.state), a.expires.map(|d| d.to_string())]))
            .collect();
        let lots: Vec<Value> = p
            .lots
            .iter()
            .zip(&site.memberships[pi])
            .filter(|(m, _)| m.status == MembershipStatus::Active)
            .map(|(_, k)| json!(lot_base[k.framework] + k.lot))
            .collect();
        let services: Vec<Value> = p
            .services
            .iter()
            .map(|s| {
                json!([
                    site.intervention_ix[&s.intervention],
                    s.ages.from,
                    s.ages.to,
                    s.delivery.iter().map(|d| DELIVERY.iter().position(|x| x == d)).collect::<Vec<_>>(),
                    s.areas.iter().map(|a| site.area_ix[a]).collect::<Vec<_>>(),
                    s.wait_weeks,
                    s.accepting,
                    s.funding.iter().map(|f| FUNDING.iter().position(|x| x == f)).collect::<Vec<_>>(),
                    s.languages,
                ])
            })
            .collect();
        json!([p.name, p.id, p.summary, p.reviewed.to_string(), lots, awards, services])
    };
    let ids: Vec<usize> = (0..n).collect();
    let groups_out: Vec<(String, Vec<u8>)> = ids
        .par_chunks(DISPLAY_GROUP)
        .enumerate()
        .map(|(g, chunk)| {
            let recs: Vec<Value> = chunk.iter().map(|&pi| record(pi)).collect();
            (format!("d.{g}"), serde_json::to_vec(&recs).expect("json"))
        })
        .collect();
    raw.extend(groups_out);
    // The first page of each sort order before any filter or word, with its records: a
    // page sorted by wait is spread over as many display groups as it has results, and
    // each fetch costs more than its bytes, so choosing an order is one fetch (or none, when
    // the script fetched it ahead). Orders as in `search.js`: ties keep name order.
    let per_page = site.config.search.results_per_page.clamp(1, 200);
    for sort in SORTS {
        let mut order: Vec<usize> = (0..n).collect();
        match sort {
            "wait" => order.sort_by_key(|&pi| {
                let w = site.providers[pi].services.iter().filter_map(|s| s.wait_weeks).min();
                (w.is_none(), w)
            }),
            "reviewed" => {
                order.sort_by_key(|&pi| std::cmp::Reverse(epoch.days_until(site.providers[pi].reviewed).max(0)))
            }
            _ => {}
        }
        order.truncate(if sort == "name" { per_page.max(NAME_HEAD) } else { per_page });
        let recs: Vec<Value> = order.iter().map(|&pi| record(pi)).collect();
        raw.push((format!("f.{sort}"), serde_json::to_vec(&json!([order, recs])).expect("json")));
    }
    raw
}
