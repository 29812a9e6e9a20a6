//! The register's pages: areas, interventions, schemes, frameworks, lots and practice
//! models, each with the providers it lists. Apart from the handbook's and the audit's pages
//! because these are built from the linked records alone.

use super::{
    active_today, area_providers, intervention_providers, lots_where, page_links, pages_for, paginate,
    providers_per_intervention, scheme_awards,
};
use crate::link::{urls, AwardState, Site};
use crate::model::*;
use crate::render::entries::Entries;
use crate::render::views::{self, area_link, intervention_link, link, lot_link, provider_row};
use crate::render::Renderer;
use serde_json::{json, Value};

impl Renderer<'_> {
    pub(super) fn area_tree(&self, a: usize) -> Value {
        let site = self.site;
        let area = &site.areas[a];
        let children: Vec<Value> = (0..site.areas.len())
            .filter(|&c| site.areas[c].parent.as_deref() == Some(area.id.as_str()))
            .map(|c| self.area_tree(c))
            .collect();
        json!({ "name": area.name, "url": urls::area(&area.id), "kind": area.kind.label(), "count": area_providers(site, a).len(), "children": children })
    }

    pub(super) fn area(&self, a: usize, page: usize, entries: &mut Entries) -> Result<Value, String> {
        // Everything but the list is the same on every page of an area, and for a region it
        // means a pass over every service there: worked out once, for the first page rendered.
        let (head, all) = self.area_heads[a].get_or_init(|| self.area_head(a));
        let base = urls::area(&self.site.areas[a].id);
        let mut v = head.clone();
        // The audit shows on the first page only, and is the largest part of the context: made
        // for that page and dropped with it, not kept for every area until the build ends.
        if page == 1 {
            v["audit"] = crate::render::audit::view(self.audit(), self.site, Some(a));
        }
        v["list"] = paginate(self.site, self, all, page, &base, entries)?;
        Ok(v)
    }

    /// A kind of support's page without its list, and the providers on the list: the same
    /// on every page, so worked out once.
    pub(super) fn intervention_head(&self, i: usize) -> (Value, Vec<usize>) {
        let site = self.site;
        let iv = &site.interventions[i];
        let all = intervention_providers(site, i);
        let accepting = all
            .iter()
            .filter(|&&p| site.providers[p].services.iter().any(|s| s.intervention == iv.id && s.accepting))
            .count();
        let lots = lots_where(site, |l| l.interventions.contains(&iv.id));
        let mut v = json!({
            "title": iv.name,
            "description": iv.summary,
            "intervention": {
                "name": iv.name, "group": iv.group, "summary": iv.summary, "helps": iv.helps,
                "funding": iv.funding.iter().map(|f| f.label()).collect::<Vec<_>>(),
                "asgsf": iv.funding.contains(&FundingRoute::Asgsf),
            },
            "accepting": accepting,
            "crumbs": [link("Kinds of support", "interventions/".into())],
        });
        v["lots"] = lots.into();
        (v, all)
    }

    /// An area page without its list, and the providers on the list.
    ///
    /// Two meanings are kept apart and each is named on the page: what is offered **anywhere
    /// in** the area (in it, in an area inside it, or across an area it belongs to), with how
    /// many of its member authorities have it; and what **covers the whole** of it. Online and
    /// phone services are counted apart, by their catchment.
    fn area_head(&self, a: usize) -> (Value, Vec<usize>) {
        let site = self.site;
        let area = &site.areas[a];
        let all = area_providers(site, a);
        let up = &site.area_up[a];
        let authorities = site.authorities_in(a);
        let rolls_up = area.kind != AreaKind::LocalAuthority;
        // The figures the landscape's matrix shows for this area are the audit's cells, read
        // here, not counted again: one name, one definition, one number on both pages.
        let cells = &self.audit().coverage.cells[a];
        let whole = providers_per_intervention(site, &site.serving[a], |_| true);
        // Of the providers reaching the area only online or by phone, those whose every
        // such service takes families from part of it only.
        let online_part: Vec<usize> = (0..site.interventions.len())
            .map(|i| {
                let iv = &site.interventions[i].id;
                cells[i]
                    .online_only
                    .iter()
                    .filter(|&&p| {
                        !site.providers[p].services.iter().any(|s| {
                            &s.intervention == iv
                                && s.delivery.iter().any(|d| d.is_remote())
                                && site.covers_whole(&s.online_areas, a)
                        })
                    })
                    .count()
            })
            .collect();
        // Per intervention: how many member authorities have it in person, across the whole
        // of the authority.
        let mut reached = vec![0usize; site.interventions.len()];
        for &la in &authorities {
            for (i, n) in providers_per_intervention(site, &site.serving[la], |_| true).into_iter().enumerate() {
                reached[i] += usize::from(n > 0);
            }
        }
        let members = authorities.len();
        let share = |n: usize| -> String {
            match n {
                0 => "none".into(),
                n if n == members => format!("all {members}"),
                n => format!("{n} of {members}"),
            }
        };
        let coverage: Vec<Value> = (0..site.interventions.len())
            .map(|i| {
                json!({
                    "intervention": intervention_link(site, i),
                    "cell": crate::audit::coverage::cell_url(site, a, i),
                    "in_person": cells[i].in_person.len(), "whole": whole[i], "accepting": cells[i].accepting.len(),
                    "authorities": share(reached[i]), "all_authorities": members > 0 && reached[i] == members,
                    "online_only": cells[i].online_only.len(), "online_part": online_part[i],
                })
            })
            .collect();
        let gaps: Vec<Value> = (0..site.interventions.len())
            .filter(|&i| cells[i].is_gap())
            .map(|i| {
                let mut v = intervention_link(site, i);
                v["online"] = json!(!cells[i].online_only.is_empty());
                v
            })
            .collect();
        let partial: Vec<Value> = (0..site.interventions.len())
            .filter(|&i| rolls_up && !cells[i].is_gap() && reached[i] < members)
            .map(|i| {
                let mut v = intervention_link(site, i);
                v["authorities"] = json!(share(reached[i]));
                v
            })
            .collect();
        // Lots whose areas are this area, one above it (covering all of it) or one inside it
        // (covering part of it, named).
        let down = &site.area_down[a];
        let lots: Vec<Value> = site
            .frameworks
            .iter()
            .enumerate()
            .flat_map(|(f, fw)| fw.lots.iter().enumerate().map(move |(l, lot)| (f, l, lot)))
            .filter_map(|(f, l, lot)| {
                let ix: Vec<usize> = lot.areas.iter().map(|x| site.area_ix[x]).collect();
                let all_of_it = ix.iter().any(|x| up.contains(x));
                let part: Vec<Value> = ix.iter().filter(|x| down.contains(x)).map(|&x| area_link(site, x)).collect();
                (all_of_it || !part.is_empty()).then(|| {
                    let mut v = lot_link(site, crate::link::LotKey { framework: f, lot: l });
                    v["all_of_it"] = json!(all_of_it);
                    v["part"] = json!(if all_of_it { Vec::new() } else { part });
                    v
                })
            })
            .collect();
        let children: Vec<Value> = (0..site.areas.len())
            .filter(|&c| site.areas[c].parent.as_deref() == Some(area.id.as_str()))
            .map(|c| area_link(site, c))
            .collect();
        let online_providers = {
            let mut v: Vec<usize> = site.online[a].iter().map(|&(p, _)| p).collect();
            v.dedup();
            v.len()
        };
        let online_lists = online_lists(site, a);
        let mut v = json!({
            "title": area.name,
            "description": format!("Therapeutic services for children in {}", area.name),
            "area": {
                "id": area.id,
                "name": area.name,
                "kind": area.kind.label(),
                "gss": area.gss,
                "parents": up[1..].iter().rev().map(|&p| area_link(site, p)).collect::<Vec<_>>(),
                "children": children,
                "is_authority": area.kind == AreaKind::LocalAuthority,
                "rolls_up": rolls_up,
                "authorities": members,
            },
            "online_providers": online_providers,
            "online_lists": online_lists,
            "crumbs": std::iter::once(link("Areas", "areas/".into())).chain(up[1..].iter().rev().map(|&p| area_link(site, p))).collect::<Vec<_>>(),
        });
        v["coverage"] = coverage.into();
        v["gaps"] = gaps.into();
        v["partial"] = partial.into();
        v["lots"] = lots.into();
        v["nearby"] = crate::render::audit::distance::nearby(site, self.audit(), a).into();
        (v, all)
    }

    pub(super) fn scheme(&self, s: usize, page: usize) -> Value {
        let site = self.site;
        let sc = &site.schemes[s];
        let base = urls::scheme(&sc.id);
        let size = site.config.page_size;
        let (current, lapsed) = scheme_awards(site, s);
        let row = |&(p, a): &(usize, usize)| {
            let award = &site.providers[p].awards[a];
            let words = crate::link::judge::award_words(award, &site.award_states[p][a]);
            json!({
                "provider": link(&site.providers[p].name, urls::provider(&site.providers[p].id)),
                "state": words.class, "state_label": words.label, "when": words.when,
                "expires": award.expires.map(Date::long),
                "grade": award.grade.as_ref().and(award.inspected).and(award.grade.as_ref()),
                "inspected": award.inspected.map(Date::long),
                "reference": award.reference,
            })
        };
        // Pages split the current holders; lapsed awards are listed in full on the first page.
        let holders_page: Vec<Value> = current.iter().skip((page - 1) * size).take(size).map(row).collect();
        let lapsed: Vec<Value> = if page == 1 { lapsed.iter().map(row).collect() } else { Vec::new() };
        let holders = current;
        let assesses: Vec<Value> = sc.assesses.iter().filter_map(|id| self.item_link(id)).collect();
        let total_pages = pages_for(holders.len(), size);
        let mut v = json!({
            "title": sc.name,
            "description": sc.summary,
            "scheme": {
                "name": sc.name, "body": sc.body, "url": sc.url, "kind": sc.kind.label(),
                "summary": sc.summary, "grades": sc.grades,
            },
            "assesses": assesses,
            "holders_total": holders.len(),
            "crumbs": [link("Schemes", "schemes/".into())],
            "pagination": { "page": page, "pages": total_pages, "links": page_links(&base, page, total_pages) },
        });
        v["holders"] = holders_page.into();
        v["lapsed"] = lapsed.into();
        v
    }

    pub(super) fn framework(&self, f: usize) -> Value {
        let site = self.site;
        let fw = &site.frameworks[f];
        let lots: Vec<Value> = fw
            .lots
            .iter()
            .enumerate()
            .map(|(l, lot)| {
                let members = &site.lot_members[f][l];
                let active = members.iter().filter(|&&(p, m)| active_today(site, p, m)).count();
                json!({
                    "number": lot.number, "id": lot.id, "title": lot.title, "url": urls::lot(&fw.id, lot.number),
                    "call_off": lot.call_off.label(),
                    "interventions": lot.interventions.iter().map(|i| intervention_link(site, site.intervention_ix[i])).collect::<Vec<_>>(),
                    "areas": lot.areas.iter().map(|a| area_link(site, site.area_ix[a])).collect::<Vec<_>>(),
                    "active": active,
                })
            })
            .collect();
        let next_reopen = fw.reopens.iter().find(|d| **d >= site.today).map(|d| d.long());
        let v = json!({
            "title": fw.name,
            "description": fw.summary,
            "framework": self.framework_facts(fw),
            "next_reopen": next_reopen,
            "lots": lots,
            "crumbs": [link("Frameworks and lots", "frameworks/".into())],
        });
        v
    }

    fn framework_facts(&self, fw: &Framework) -> Value {
        let site = self.site;
        json!({
            "name": fw.name, "url": urls::framework(&fw.id), "lead": fw.lead, "partners": fw.partners,
            "route": fw.route.label(), "summary": fw.summary,
            "starts": fw.starts.long(), "ends": fw.ends.long(),
            "live": fw.starts <= site.today && site.today <= fw.ends,
            "reopens": fw.reopens.iter().map(|d| json!({"date": d.long(), "past": *d < site.today})).collect::<Vec<_>>(),
            "funding": fw.funding.iter().map(|f| f.label()).collect::<Vec<_>>(),
            "regime": fw.regime.map(Regime::label),
            "procurement_started": fw.procurement_started.map(Date::long),
            "reservation": fw.reservation.as_ref().map(|r| json!({
                "areas": r.areas.iter().map(|a| area_link(site, site.area_ix[a])).collect::<Vec<_>>(),
                "sme_vcse": r.sme_vcse,
                "notice": views::reservation_notice(r),
            })),
            "tender_url": fw.url,
        })
    }

    pub(super) fn lot(&self, f: usize, l: usize) -> Value {
        let site = self.site;
        let fw = &site.frameworks[f];
        let lot = &fw.lots[l];
        let members: Vec<Value> = site.lot_members[f][l]
            .iter()
            .map(|&(p, m)| {
                let pr = &site.providers[p];
                let mut v = views::membership(site, &pr.lots[m]);
                v["provider"] = provider_row(site, p);
                v["sme_vcse"] = json!(sme_vcse_words(pr));
                v["award_today"] = json!(best_award_today(site, p));
                v
            })
            .collect();
        let active: Vec<usize> =
            site.lot_members[f][l].iter().filter(|&&(p, m)| active_today(site, p, m)).map(|&(p, _)| p).collect();
        let sme_vcse = active.iter().filter(|&&p| site.providers[p].is_sme() || site.providers[p].is_vcse()).count();
        let v = json!({
            "title": format!("Lot {}: {}", lot.number, lot.title),
            "description": lot.summary,
            "framework": self.framework_facts(fw),
            "lot": {
                "number": lot.number, "id": lot.id, "title": lot.title, "summary": lot.summary,
                "ranked": lot.call_off == CallOff::RankedList,
                "call_off": lot.call_off.label(),
                "call_off_key": format!("{:?}", lot.call_off),
                "interventions": lot.interventions.iter().map(|i| intervention_link(site, site.intervention_ix[i])).collect::<Vec<_>>(),
                "areas": lot.areas.iter().map(|a| area_link(site, site.area_ix[a])).collect::<Vec<_>>(),
            },
            "members": members,
            "crumbs": [link("Frameworks and lots", "frameworks/".into()), link(&fw.name, urls::framework(&fw.id))],
            "active": active.len(),
            "sme_vcse": sme_vcse,
            "sme_vcse_percent": if active.is_empty() { 0 } else { (sme_vcse * 100 + active.len() / 2) / active.len() },
        });
        v
    }
}

/// What a lot page says of a provider's accreditation today: the best state among its
/// awards, in the words the provider page and the audit use, so an award the audit counts as
/// expiring soon is never called plainly current. None when it holds no valid award.
fn best_award_today(site: &Site, p: usize) -> Option<Value> {
    let rank = |s: AwardState| match s {
        AwardState::Current => 0,
        AwardState::ExpiringSoon => 1,
        _ => 2,
    };
    let pr = &site.providers[p];
    pr.awards
        .iter()
        .zip(&site.award_states[p])
        .filter(|(_, j)| j.state.is_current())
        .min_by_key(|(_, j)| rank(j.state))
        .map(|(a, j)| {
            let words = crate::link::judge::award_words(a, j);
            json!({ "class": words.class, "label": words.label })
        })
}

/// A lot page's "SME / VCSE" cell: what the record says, "Neither" only when it says no to
/// both, and "Not stated" when it leaves out what would decide it.
fn sme_vcse_words(p: &Provider) -> String {
    let yes: Vec<&str> =
        [(p.sme, "SME"), (p.vcse, "VCSE")].iter().filter(|(v, _)| *v == Some(true)).map(|&(_, w)| w).collect();
    match (yes.is_empty(), p.sme, p.vcse) {
        (false, ..) => yes.join(", "),
        (true, Some(false), Some(false)) => "Neither".into(),
        _ => "Not stated".into(),
    }
}

/// The pre-built lists of online and phone services that take families from area `a`: per
/// kind of support, one per catchment a provider names that reaches `a` (the area, one above
/// it, or one inside it: part of it only). The same lists the landscape's cells link to, so
/// an area page's way to online services needs no JavaScript and never leads to an empty page.
fn online_lists(site: &Site, a: usize) -> Vec<Value> {
    use std::collections::{BTreeMap, BTreeSet};
    let up = &site.area_up[a];
    let down = &site.area_down[a];
    let mut by: BTreeMap<(usize, usize, usize), BTreeSet<usize>> = BTreeMap::new();
    for &(p, s) in &site.online[a] {
        let sv = &site.providers[p].services[s];
        if !sv.delivery.iter().any(|d| d.is_remote()) {
            continue;
        }
        let iv = site.intervention_ix[&sv.intervention];
        for id in &sv.online_areas {
            let c = site.area_ix[id];
            if up.contains(&c) || down.contains(&c) {
                // Widest catchment first: England before London before Hackney.
                by.entry((iv, site.area_up[c].len(), c)).or_default().insert(p);
            }
        }
    }
    let mut out: Vec<Value> = Vec::new();
    let mut last = usize::MAX;
    for ((iv, _, c), providers) in by {
        if iv != last {
            let mut v = intervention_link(site, iv);
            v["catchments"] = json!([]);
            out.push(v);
            last = iv;
        }
        let list = crate::audit::lists::url(site, crate::audit::ListKind::Online { area: c, intervention: iv });
        if let Some(Value::Array(cs)) = out.last_mut().and_then(|v| v.get_mut("catchments")) {
            cs.push(json!({
                "name": site.areas[c].name, "url": list, "count": providers.len(), "whole": up.contains(&c),
            }));
        }
    }
    out
}
