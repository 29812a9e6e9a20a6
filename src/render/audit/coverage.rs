//! The coverage matrix as the audit page shows it, with the heat map drawn from it.

use crate::audit::coverage::cell_url;
use crate::link::Site;

/// The matrix for `areas` (rows) by every kind of support (columns), with the link to each
/// non-empty cell's list and the heat map drawn from the same numbers.
pub fn view(site: &Site, audit: &super::Audit, areas: &[usize]) -> serde_json::Value {
    use crate::render::views::{area_link, intervention_link};
    use serde_json::json;
    let columns: Vec<_> = (0..site.interventions.len()).map(|i| intervention_link(site, i)).collect();
    let mut gaps = 0;
    let rows: Vec<_> = areas
        .iter()
        .map(|&a| {
            let cells: Vec<_> = audit.coverage.cells[a]
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    if c.is_gap() {
                        gaps += 1;
                    }
                    json!({
                        "cell": cell_url(site, a, i),
                        "in_person": c.in_person.len(),
                        "online_only": c.online_only.len(),
                        "accepting": c.accepting.len(),
                        "gap": c.is_gap(),
                        "url": (!c.is_empty()).then(|| {
                            let cell = crate::audit::ListKind::Cell { area: a, intervention: i };
                            crate::audit::lists::link_url(site, audit, cell)
                        }),
                        "name": site.interventions[i].name,
                    })
                })
                .collect();
            json!({ "area": area_link(site, a), "depth": crate::audit::depth(site, a), "cells": cells })
        })
        .collect();
    let heat = crate::render::charts::heat_map(site, audit, areas);
    json!({ "columns": columns, "rows": rows, "gaps": gaps, "chart": heat })
}
