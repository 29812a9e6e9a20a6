//! The landscape audit's pages: the audit itself and the lists it links to. Built from
//! `crate::audit`, the one page family that depends on that stage.

use super::{page_links, pages_for};
use crate::render::views::link;
use crate::render::Renderer;
use serde_json::{json, Value};

impl Renderer<'_> {
    pub(super) fn landscape(&self) -> Value {
        let mut v = json!({
            "title": "The landscape: an audit of provision",
            "description": "The shape of provision across the region: where each kind of support is offered and where it is not, who provides it, accreditation, governance, waits, referral routes and demand bought off contract.",
            "funding": crate::audit::lists::FUNDING.iter().map(|&f| self.list_link(f.label(), crate::audit::ListKind::Funding(f))).collect::<Vec<_>>(),
            "delivery": crate::audit::lists::DELIVERY.iter().map(|&d| self.list_link(d.label(), crate::audit::ListKind::Delivery(d))).collect::<Vec<_>>(),
        });
        v["audit"] = crate::render::audit::view(self.audit(), self.site, None);
        v
    }

    /// A link to one of the audit's lists, or its name alone when no provider is on it (a
    /// list exists only when it has a provider).
    fn list_link(&self, name: &str, list: crate::audit::ListKind) -> Value {
        if crate::audit::lists::members(self.audit(), list).0.is_empty() {
            json!({ "name": name, "url": null })
        } else {
            link(name, crate::audit::lists::url(self.site, list))
        }
    }

    /// A page of one of the audit's lists: a row per provider with its lots, wait,
    /// referrals and accreditation.
    pub(super) fn audit_list(
        &self,
        list: crate::audit::ListKind,
        page: usize,
        entries: &mut crate::render::entries::Entries,
    ) -> Result<Value, String> {
        use crate::audit::lists;
        let site = self.site;
        let base = lists::url(site, list);
        let (all, here) = lists::members(self.audit(), list);
        let size = site.config.page_size.max(1);
        let total = pages_for(all.len(), size);
        let cell = matches!(list, crate::audit::ListKind::Cell { .. });
        let online_list = matches!(list, crate::audit::ListKind::Online { .. });
        for &p in all.iter().skip((page - 1) * size).take(size) {
            entries.push(self.audit_row(crate::render::audit::lists::row_key(site, p, here, list))?);
        }
        let (title, lead, crumbs) = crate::render::audit::lists::heading(site, self.audit(), list);
        let in_person = if here { all.len() } else { 0 };
        let (online_only, catchments, area_name) = match list {
            crate::audit::ListKind::Cell { area, intervention } => (
                self.audit().coverage.cells[area][intervention].online_only.len(),
                crate::render::audit::lists::online_catchments(site, self.audit(), area, intervention),
                site.areas[area].name.as_str(),
            ),
            _ => (all.len() - in_person, Vec::new(), ""),
        };
        let v = json!({
            "title": title, "lead": lead, "crumbs": crumbs,
            // The rows take the mark's place once the page around them is finished.
            "rows_html": if entries.is_empty() { "" } else { crate::render::entries::MARK },
            "total": all.len(), "in_person": in_person, "online_only": online_only,
            "catchments": catchments, "area_name": area_name,
            "cell": cell, "online_list": online_list,
            "nearest_first": match list {
                crate::audit::ListKind::Cell { area, .. } => self.audit().distances.centre[area].is_some(),
                _ => false,
            },
            "pagination": { "page": page, "pages": total, "links": page_links(&base, page, total) },
        });
        Ok(v)
    }
}
