//! Waiting times per kind of support (and per area on an area's page): the median and range
//! of the weeks stated, and how many services state none.

use crate::audit::Audit;
use crate::link::Site;
use crate::render::views::{area_link, intervention_link};
use serde_json::{json, Value};

/// Median (halves kept), shortest and longest, and the count of services stating a wait
/// and not stating one.
pub fn summary(weeks: &mut [u32], not_stated: usize) -> Value {
    weeks.sort_unstable();
    let n = weeks.len();
    let median = (n > 0).then(|| {
        let twice = if n % 2 == 1 { 2 * weeks[n / 2] } else { weeks[n / 2 - 1] + weeks[n / 2] };
        if twice % 2 == 0 {
            format!("{}", twice / 2)
        } else {
            format!("{}.5", twice / 2)
        }
    });
    json!({ "median": median, "min": weeks.first(), "max": weeks.last(), "stated": n, "not_stated": not_stated })
}

pub fn view(site: &Site, audit: &Audit, area: Option<usize>) -> Value {
    let per_kind = |services: &mut dyn Iterator<Item = (usize, usize)>| {
        let mut weeks = Vec::new();
        let mut none = 0;
        for (p, s) in services {
            match site.providers[p].services[s].wait_weeks {
                Some(w) => weeks.push(w),
                None => none += 1,
            }
        }
        summary(&mut weeks, none)
    };
    let rows: Vec<Value> = (0..site.interventions.len())
        .map(|i| {
            let w = match area {
                None => per_kind(&mut site.offered_by[i].iter().copied()),
                Some(a) => per_kind(&mut audit.coverage.cells[a][i].services.iter().copied()),
            };
            json!({ "intervention": intervention_link(site, i), "wait": w })
        })
        .collect();
    // On an area's page, also each area inside it, kind by kind.
    let by_area: Vec<Value> = match area {
        None => Vec::new(),
        Some(a) => audit
            .scope_areas(site, Some(a))
            .into_iter()
            .filter(|&x| x != a)
            .map(|x| {
                let cells: Vec<Value> = (0..site.interventions.len())
                    .map(|i| {
                        let mut w = per_kind(&mut audit.coverage.cells[x][i].services.iter().copied());
                        w["name"] = site.interventions[i].name.clone().into();
                        w
                    })
                    .collect();
                json!({ "area": area_link(site, x), "cells": cells })
            })
            .collect(),
    };
    json!({ "rows": rows, "by_area": by_area, "in_person": area.is_some() })
}

#[cfg(test)]
mod tests {
    use super::summary;

    #[test]
    fn median_keeps_halves_and_range_comes_from_stated_waits_only() {
        let s = summary(&mut [6, 2, 3, 10], 2);
        assert_eq!((s["median"].as_str(), s["min"].as_u64(), s["max"].as_u64()), (Some("4.5"), Some(2), Some(10)));
        assert_eq!((s["stated"].as_u64(), s["not_stated"].as_u64()), (Some(4), Some(2)));
        assert_eq!(summary(&mut [7, 1, 4], 0)["median"], "4");
        assert!(summary(&mut [], 3)["median"].is_null());
    }
}
