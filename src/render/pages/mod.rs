//! The context each planned page's template gets (which pages exist, and where, is the
//! plan's to say: see [`crate::plan`]).
//!
//! This file holds the dispatch from a job to its context, and the site-wide pages
//! (home, search, provider lists, provider pages, compare). The contexts of the other page
//! families live beside it: `register.rs` (areas, interventions, schemes, frameworks, lots,
//! practice models), `handbook.rs` (content and print pages, markdown and cross-references)
//! and `audit.rs` (the landscape audit and its lists).

mod audit;
mod handbook;
mod register;

use super::entries::Entries;
use super::views::{self, area_link, intervention_link, link, lot_link};
use super::{Output, Renderer};
use crate::diagnostic::Diagnostics;
use crate::link::refs;
use crate::link::xref::SiteUrls;
use crate::link::{urls, ItemKind, Site};
use crate::model::*;
use crate::plan::{Page, Plan};
use serde_json::{json, Value};
use std::time::Instant;

pub use crate::plan::{area_providers, intervention_providers, letters, pages_for, scheme_awards, Job};

/// How a first-letter group is named on the page: `A`, `0-9`, or `Other` for names that
/// start with neither a Latin letter nor a digit (not the shouted `OTHER`).
fn letter_label(letter: &str) -> String {
    if letter == "other" {
        "Other".into()
    } else {
        letter.to_uppercase()
    }
}

/// Per intervention, how many distinct providers have a service in `list` (pairs in
/// provider order, as link makes them) that `keep` accepts.
pub(super) fn providers_per_intervention(
    site: &Site,
    list: &[(usize, usize)],
    keep: impl Fn(&Service) -> bool,
) -> Vec<usize> {
    let mut counts = vec![0; site.interventions.len()];
    let mut last = vec![usize::MAX; site.interventions.len()];
    for &(p, s) in list {
        let sv = &site.providers[p].services[s];
        let i = site.intervention_ix[&sv.intervention];
        if last[i] != p && keep(sv) {
            last[i] = p;
            counts[i] += 1;
        }
    }
    counts
}

/// Whether a membership counts as active today: its status is active and it has joined.
pub(super) fn active_today(site: &Site, p: usize, m: usize) -> bool {
    crate::link::judge::membership(&site.providers[p].lots[m], site.today) == crate::link::MembershipState::Active
}

/// Links to every lot, across frameworks, that `keep` accepts.
pub(super) fn lots_where(site: &Site, keep: impl Fn(&Lot) -> bool) -> Vec<Value> {
    site.frameworks
        .iter()
        .enumerate()
        .flat_map(|(f, fw)| {
            fw.lots.iter().enumerate().map(move |(l, lot)| (crate::link::LotKey { framework: f, lot: l }, lot))
        })
        .filter(|(_, lot)| keep(lot))
        .map(|(k, _)| lot_link(site, k))
        .collect()
}

/// The pages a linked site has, worked out as link works them out: for a test to hold
/// against the pages a build writes. Here, after both link and audit, because the audit's
/// lists are pages too.
pub fn site_urls_of(site: &Site) -> SiteUrls {
    let urls = SiteUrls::generated(
        site.areas.iter().map(|a| a.id.as_str()),
        site.interventions.iter().map(|i| i.id.as_str()),
        site.schemes.iter().map(|s| s.id.as_str()),
        site.frameworks.iter().map(|f| (f.id.as_str(), f.lots.iter().map(|l| l.number).collect())),
        site.providers.iter().map(|p| (p.id.as_str(), p.name.as_str())),
    );
    let mut urls = refs::with_content(urls, &site.handbook, &mut Diagnostics::default());
    // The lists the landscape audit links to are worked out from the linked site.
    let audit = crate::audit::Audit::build(site);
    for (kind, _) in crate::audit::lists::jobs(site, &audit) {
        urls.add_list(&crate::audit::lists::url(site, kind), "a list the landscape audit links to");
    }
    for m in &site.practice_models {
        urls.add_list(&urls::practice_model(&m.id), "a practice model's list of providers");
    }
    urls
}

/// A paginated slice of providers, with the page links a template shows.
///
/// Here and in the other contexts, values already built (lists, rendered cards, a whole
/// provider) are moved in by assignment after `json!`, which would serialize a deep copy
/// of each.
pub(super) fn paginate(
    site: &Site,
    r: &Renderer,
    all: &[usize],
    page: usize,
    base_url: &str,
    entries: &mut Entries,
) -> Result<Value, String> {
    let size = site.config.page_size;
    let total = pages_for(all.len(), size);
    let start = (page - 1) * size;
    for &p in all.iter().skip(start).take(size) {
        entries.push(r.card(p)?.clone());
    }
    let links = page_links(base_url, page, total);
    let mut list = json!({
        "page": page,
        "pages": total,
        "total": all.len(),
        "first": if all.is_empty() { 0 } else { start + 1 },
        "last": (start + size).min(all.len()),
        "links": links,
        "prev": (page > 1).then(|| urls::paged(base_url, page - 1)),
        "next": (page < total).then(|| urls::paged(base_url, page + 1)),
        "base": r.base,
    });
    // The entries take the mark's place once the page around them is finished.
    list["cards"] = crate::render::entries::MARK.into();
    Ok(list)
}

/// Links to the first and last pages and those near the current one, with gaps marked, so
/// the navigation stays short on a list of 200 pages.
pub(super) fn page_links(base_url: &str, page: usize, total: usize) -> Vec<Value> {
    let mut links = Vec::new();
    let mut last_shown = 0;
    for n in 1..=total {
        if n == 1 || n == total || n.abs_diff(page) <= 2 {
            if n > last_shown + 1 {
                links.push(json!({ "gap": true }));
            }
            links.push(json!({ "number": n, "url": urls::paged(base_url, n), "current": n == page }));
            last_shown = n;
        }
    }
    links
}

impl Renderer<'_> {
    /// The output path and bytes of one planned page. With a plan, every internal link
    /// the page carries is held against it, and those that lead to no planned address are
    /// handed back in [`Output::unplanned`].
    pub fn run(&self, page: &Page, plan: Option<&Plan>) -> Result<Output, String> {
        let job = &page.job;
        if let Job::CompareData(i) = job {
            return Ok(self.compare_data(*i));
        }
        let template = page.template.ok_or_else(|| format!("{}: a page without a template", page.url))?;
        if !self.has_template(template) {
            let named = match job {
                Job::Content(i) => format!("{}: ", self.site.handbook.pages[*i].file.display()),
                _ => String::new(),
            };
            return Err(format!("{named}template `{template}` does not exist in the theme"));
        }
        let mut entries = Entries::default();
        let ctx = self.context(job, &mut entries)?;
        let mut ctx = tera::Context::from_value(ctx).map_err(|e| e.to_string())?;
        ctx.insert("base", &self.base);
        ctx.insert(
            "site",
            &json!({
                "title": self.site.config.title,
                "publisher": self.site.config.publisher,
                "corrections_email": self.site.config.corrections_email,
            }),
        );
        ctx.insert("today", &self.site.today.long());
        ctx.insert("today_iso", &self.site.today.to_string());
        ctx.insert("page_url", &page.url);
        // The not-found page is served at any address, so it has no address of its own.
        let canonical = self.absolute.as_ref().filter(|_| *job != Job::NotFound).map(|a| format!("{a}{}", page.url));
        ctx.insert("canonical", &canonical);
        ctx.insert("feeds", &self.feed_links(job));
        ctx.insert("planned", self.planned());
        ctx.insert("statements", &self.statement_links());
        let html = self.render(template, &ctx)?;
        let unplanned = match plan {
            Some(plan) => {
                let abs = self.absolute.as_deref();
                let mut u = crate::plan::links::unplanned(&html, plan, &self.base, abs);
                for v in crate::plan::links::unplanned_of(entries.links(), plan, &self.base, abs) {
                    if !u.contains(&v) {
                        u.push(v);
                    }
                }
                u
            }
            None => Vec::new(),
        };
        let bytes = entries.splice(self.finish_html(html)).map_err(|e| format!("{}: {template}: {e}", page.url))?;
        Ok(Output { path: page.path(), bytes, unplanned })
    }

    /// The accessibility statement and the privacy page, those the site has, for every
    /// page's footer: a site without them gets no link that leads nowhere.
    fn statement_links(&self) -> Vec<Value> {
        use crate::link::statements::{ACCESSIBILITY, PRIVACY};
        let hb = &self.site.handbook;
        [ACCESSIBILITY, PRIVACY]
            .iter()
            .filter_map(|k| hb.page_ix.get(*k))
            .map(|&i| json!({ "name": hb.pages[i].front.title, "url": hb.pages[i].url }))
            .collect()
    }

    /// The Atom feeds a page links to with `<link rel=alternate>`: the site's, and an area
    /// page's own. None without an absolute base URL, when no feed is written.
    fn feed_links(&self, job: &Job) -> Vec<Value> {
        use crate::index::feeds;
        let Some(abs) = &self.absolute else { return Vec::new() };
        let mut out = vec![json!({ "url": format!("{abs}{}", feeds::SITE_FEED), "title": "Changes in this register" })];
        if let Job::Area { area, .. } = job {
            let a = &self.site.areas[*area];
            out.push(json!({ "url": format!("{abs}{}", feeds::area_feed(&a.id)), "title": format!("Changes in {}", a.name) }));
        }
        out
    }

    fn context(&self, job: &Job, entries: &mut Entries) -> Result<Value, String> {
        let site = self.site;
        Ok(match job {
            Job::Home => self.home(),
            Job::NotFound => json!({ "title": "Page not found" }),
            Job::Search => self.search_page(),
            Job::Landscape => self.landscape(),
            Job::ProvidersIndex => {
                let groups: Vec<Value> = self
                    .letters()
                    .iter()
                    .map(|(l, ps)| {
                        // Every page of every letter is linked from here, so each provider is
                        // three links from the home page without JavaScript.
                        let pages: Vec<Value> = (1..=pages_for(ps.len(), site.config.page_size))
                            .map(|n| json!({ "number": n, "url": urls::paged(&urls::letter(l), n) }))
                            .collect();
                        json!({ "letter": letter_label(l), "url": urls::letter(l), "count": ps.len(), "pages": pages })
                    })
                    .collect();
                json!({ "title": "Providers A to Z", "paged": groups.iter().any(|g| g["pages"].as_array().is_some_and(|p| p.len() > 1)), "letters": groups, "total": site.providers.len() })
            }
            Job::ProvidersLetter { letter, page } => {
                let all = self.letters().iter().find(|(l, _)| l == letter).map(|(_, v)| v.clone()).unwrap_or_default();
                let base = urls::letter(letter);
                let list = paginate(site, self, &all, *page, &base, entries)?;
                let title = format!("Providers: {}", letter_label(letter));
                let mut v = json!({ "title": title, "crumbs": [link("Providers A to Z", urls::PROVIDERS.into())], "letters": self.letters().iter().map(|(l, _)| json!({"letter": letter_label(l), "url": urls::letter(l), "current": l == letter})).collect::<Vec<_>>() });
                v["list"] = list;
                v
            }
            Job::Provider(i) => {
                let p = &site.providers[*i];
                let url = urls::provider(&p.id);
                let abs = format!("{}{url}", self.absolute.as_deref().unwrap_or(&self.base));
                let ld = views::provider_jsonld(site, *i, &abs);
                let t = Instant::now();
                let v = views::provider(site, *i, ld);
                self.note_markdown(t.elapsed());
                let mut ctx = json!({ "title": p.name, "description": p.summary, "crumbs": [link("Providers A to Z", urls::PROVIDERS.into())] });
                ctx["provider"] = v;
                ctx
            }
            Job::AreasIndex => {
                let tree: Vec<Value> =
                    (0..site.areas.len()).filter(|&a| site.area_up[a].len() == 1).map(|a| self.area_tree(a)).collect();
                json!({ "title": "Areas", "tree": tree })
            }
            Job::Area { area, page } => self.area(*area, *page, entries)?,
            Job::InterventionsIndex => {
                let mut groups: Vec<(String, Vec<Value>)> = Vec::new();
                for (i, iv) in site.interventions.iter().enumerate() {
                    let row = json!({ "name": iv.name, "url": urls::intervention(&iv.id), "summary": iv.summary, "count": intervention_providers(site, i).len() });
                    match groups.iter_mut().find(|(g, _)| g == &iv.group) {
                        Some((_, v)) => v.push(row),
                        None => groups.push((iv.group.clone(), vec![row])),
                    }
                }
                let groups: Vec<Value> = groups.into_iter().map(|(g, v)| json!({ "group": g, "items": v })).collect();
                json!({ "title": "Kinds of support", "groups": groups })
            }
            Job::Intervention { intervention, page } => {
                let (head, all) =
                    self.intervention_heads[*intervention].get_or_init(|| self.intervention_head(*intervention));
                let base = urls::intervention(&site.interventions[*intervention].id);
                let mut v = head.clone();
                v["list"] = paginate(site, self, all, *page, &base, entries)?;
                v
            }
            Job::SchemesIndex => {
                let rows: Vec<Value> = site.schemes.iter().enumerate().map(|(i, s)| {
                    let current = site.scheme_holders[i].iter().filter(|&&(p, a)| site.award_states[p][a].state.is_current()).count();
                    json!({ "name": s.name, "url": urls::scheme(&s.id), "body": s.body, "kind": s.kind.label(), "current": current, "total": site.scheme_holders[i].len() })
                }).collect();
                json!({ "title": "Accreditation and registration schemes", "schemes": rows })
            }
            Job::Scheme { scheme, page } => self.scheme(*scheme, *page),
            Job::FrameworksIndex => {
                let rows: Vec<Value> = site.frameworks.iter().map(|f| json!({
                    "name": f.name, "url": urls::framework(&f.id), "lead": f.lead, "route": f.route.label(),
                    "lots": f.lots.len(), "ends": f.ends.long(), "live": f.starts <= site.today && site.today <= f.ends,
                })).collect();
                json!({ "title": "Frameworks and lots", "frameworks": rows })
            }
            Job::PracticeModels => self.practice_models(),
            Job::PracticeModel { model, page } => self.practice_model(*model, *page, entries)?,
            Job::Framework(f) => self.framework(*f),
            Job::Lot { framework, lot } => self.lot(*framework, *lot),
            Job::Content(i) => self.content(*i)?,
            Job::Print(i) => self.print(*i)?,
            Job::AuditList { list, page } => self.audit_list(*list, *page, entries)?,
            Job::Compare => self.compare_page(),
            Job::CompareData(_) => unreachable!("written as JSON by `run`"),
        })
    }

    fn home(&self) -> Value {
        let site = self.site;
        let intro = site.handbook.page_ix.get("_index").map(|&i| self.markdown(&site.handbook.pages[i].body, 0));
        let accepting = site.providers.iter().filter(|p| p.services.iter().any(|s| s.accepting)).count();
        json!({
            "title": site.config.title,
            "intro_html": intro,
            "counts": {
                "providers": site.providers.len(),
                "accepting": accepting,
                "areas": site.areas.len(),
                "interventions": site.interventions.len(),
                "lots": site.frameworks.iter().map(|f| f.lots.len()).sum::<usize>(),
                "standards": site.handbook.items.iter().filter(|i| i.kind == ItemKind::Standard).count(),
            },
            "interventions": site.interventions.iter().map(|i| link(&i.name, urls::intervention(&i.id))).collect::<Vec<_>>(),
            "areas": (0..site.areas.len()).filter(|&a| site.areas[a].kind == AreaKind::LocalAuthority).map(|a| area_link(site, a)).collect::<Vec<_>>(),
            "guides": self.pages_under("guides"),
        })
    }

    fn search_page(&self) -> Value {
        let mut v = crate::index::search::page_context(self.site);
        v["title"] = json!("Find a provider");
        // Without JavaScript the page offers the lists instead: the A to Z and the kinds of support.
        v["letters"] =
            self.letters().iter().map(|(l, _)| link(&l.to_uppercase(), urls::letter(l))).collect::<Vec<_>>().into();
        v["interventions"] =
            (0..self.site.interventions.len()).map(|i| intervention_link(self.site, i)).collect::<Vec<_>>().into();
        v
    }

    pub(super) fn pages_under(&self, dir: &str) -> Vec<Value> {
        self.site
            .handbook
            .pages
            .iter()
            .filter(|p| p.parent_dir == dir && p.own_dir.is_none())
            .map(|p| json!({ "name": p.front.title, "url": p.url, "description": p.front.description }))
            .collect()
    }
}
