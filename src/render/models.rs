//! Practice models: the register's list (`/practice-models/`), with how many providers cite
//! each, and one paginated list per model (`/practice-models/<id>/`) of the providers citing
//! it. A model is cited by a share of the whole register, so naming every provider on the
//! one page would make it grow with the region without bound.

use super::entries::Entries;
use super::pages::{pages_for, paginate};
use super::Renderer;
use crate::link::{urls, Site};
use crate::render::views::link;
use serde_json::{json, Value};

pub use crate::plan::citing;

/// How many pages model `m`'s list has.
pub fn pages(site: &Site, citing: &[usize]) -> usize {
    pages_for(citing.len(), site.config.page_size)
}

impl Renderer<'_> {
    /// The list of practice models, so the diversity of models can be read at a glance.
    pub(super) fn practice_models(&self) -> Value {
        let site = self.site;
        let citing = citing(site);
        let models: Vec<Value> = site
            .practice_models
            .iter()
            .zip(&citing)
            .map(|(m, ps)| {
                json!({
                    "id": m.id, "name": m.name, "summary": m.summary, "url": urls::practice_model(&m.id),
                    "count": ps.len(),
                })
            })
            .collect();
        let v = json!({
            "title": "Practice models",
            "description": "The practice models providers on the register work to, with how many providers cite each.",
            "models": models,
            "providers": site.providers.len(),
            "citing": site.providers.iter().filter(|p| !p.practice_models.is_empty()).count(),
        });
        v
    }

    /// One page of the providers citing model `m`.
    pub(super) fn practice_model(&self, m: usize, page: usize, entries: &mut Entries) -> Result<Value, String> {
        let site = self.site;
        let model = &site.practice_models[m];
        let all = citing(site).swap_remove(m);
        let base = urls::practice_model(&model.id);
        let mut v = json!({
            "title": model.name,
            "description": model.summary,
            "model": { "id": model.id, "name": model.name, "summary": model.summary },
            "crumbs": [link("Practice models", urls::practice_models())],
        });
        v["list"] = paginate(site, self, &all, page, &base, entries)?;
        Ok(v)
    }
}
