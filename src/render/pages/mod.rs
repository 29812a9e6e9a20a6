//! Every page of the site, as a list of jobs, and the context each job's template gets.
//!
//! This file holds the jobs, the dispatch from a job to its context, and the site-wide pages
//! (home, search, provider lists, provider pages, compare). The contexts of the other page
//! families live beside it: `register.rs` (areas, interventions, schemes, frameworks, lots,
//! practice models), `handbook.rs` (content and print pages, markdown and cross-references)
//! and `audit.rs` (the landscape audit and its lists).

mod audit;
mod handbook;
mod register;

use super::views::{self, area_link, intervention_link, link, lot_link};
use super::{Output, Renderer};
use crate::diagnostic::Diagnostics;
use crate::link::refs;
use crate::link::xref::SiteUrls;
use crate::link::{sort_key, urls, ItemKind, Site};
use crate::model::*;
use serde_json::{json, Value};
use std::time::Instant;

/// One page to render.
#[derive(Debug, Clone)]
pub enum Job {
    Home,
    NotFound,
    Landscape,
    Search,
    /// The A to Z index: letters with counts.
    ProvidersIndex,
    /// One page of providers whose names start with `letter`.
    ProvidersLetter {
        letter: String,
        page: usize,
    },
    Provider(usize),
    AreasIndex,
    Area {
        area: usize,
        page: usize,
    },
    InterventionsIndex,
    Intervention {
        intervention: usize,
        page: usize,
    },
    SchemesIndex,
    Scheme {
        scheme: usize,
        page: usize,
    },
    FrameworksIndex,
    /// The register's list of practice models, with how many providers cite each.
    PracticeModels,
    /// One page of the providers citing a practice model (see `models.rs`).
    PracticeModel {
        model: usize,
        page: usize,
    },
    Framework(usize),
    Lot {
        framework: usize,
        lot: usize,
    },
    Content(usize),
    /// A section's print-everything page, by the index page of the section.
    Print(usize),
    /// One page of a list the landscape audit links to.
    AuditList {
        list: crate::audit::ListKind,
        page: usize,
    },
    /// The compare page, and each provider's record for it (see `compare.rs`).
    Compare,
    CompareData(usize),
}

/// How a first-letter group is named on the page: `A`, `0-9`, or `Other` for names that
/// start with neither a Latin letter nor a digit (not the shouted `OTHER`).
fn letter_label(letter: &str) -> String {
    if letter == "other" {
        "Other".into()
    } else {
        letter.to_uppercase()
    }
}

/// The first-letter group a name is listed under: `a`…`z`, or `0-9` and `other`.
pub fn letter_of(name: &str) -> String {
    match sort_key(name).chars().next() {
        Some(c) if c.is_ascii_lowercase() => c.to_string(),
        Some(c) if c.is_ascii_digit() => "0-9".into(),
        _ => "other".into(),
    }
}

pub(super) fn pages_for(n: usize, size: usize) -> usize {
    n.div_ceil(size.max(1)).max(1)
}

/// Providers grouped by letter, each list in site order.
pub fn letters(site: &Site) -> Vec<(String, Vec<usize>)> {
    let mut map: std::collections::BTreeMap<String, Vec<usize>> = Default::default();
    for (i, p) in site.providers.iter().enumerate() {
        map.entry(letter_of(&p.name)).or_default().push(i);
    }
    map.into_iter().collect()
}

/// Providers on an area's page: those offering support in person anywhere in it (in the
/// area itself, in an area inside it, or across an area it belongs to).
pub(super) fn area_providers(site: &Site, a: usize) -> Vec<usize> {
    let mut v: Vec<usize> = site.present[a].iter().map(|&(p, _)| p).collect();
    v.dedup();
    v
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

pub(super) fn intervention_providers(site: &Site, i: usize) -> Vec<usize> {
    let mut v: Vec<usize> = site.offered_by[i].iter().map(|&(p, _)| p).collect();
    v.dedup();
    v
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

/// An award by (provider, award index).
type AwardRef = (usize, usize);

/// A scheme's awards split into (current today, lapsed or suspended or withdrawn).
pub(super) fn scheme_awards(site: &Site, s: usize) -> (Vec<AwardRef>, Vec<AwardRef>) {
    site.scheme_holders[s].iter().partition(|&&(p, a)| site.award_states[p][a].state.is_current())
}

pub fn jobs(site: &Site) -> Vec<Job> {
    jobs_and_audit(site).0
}

/// Every page of the site, and the landscape audit that counting its lists' pages took.
pub fn jobs_and_audit(site: &Site) -> (Vec<Job>, crate::audit::Audit) {
    let size = site.config.page_size;
    let mut jobs = vec![
        Job::Home,
        Job::NotFound,
        Job::Landscape,
        Job::Search,
        Job::ProvidersIndex,
        Job::AreasIndex,
        Job::InterventionsIndex,
        Job::SchemesIndex,
        Job::FrameworksIndex,
        Job::PracticeModels,
    ];
    for (letter, ps) in letters(site) {
        for page in 1..=pages_for(ps.len(), size) {
            jobs.push(Job::ProvidersLetter { letter: letter.clone(), page });
        }
    }
    for (model, citing) in crate::render::models::citing(site).iter().enumerate() {
        jobs.extend((1..=pages_for(citing.len(), size)).map(|page| Job::PracticeModel { model, page }));
    }
    jobs.extend((0..site.providers.len()).map(Job::Provider));
    jobs.push(Job::Compare);
    jobs.extend((0..site.providers.len()).map(Job::CompareData));
    for a in 0..site.areas.len() {
        for page in 1..=pages_for(area_providers(site, a).len(), size) {
            jobs.push(Job::Area { area: a, page });
        }
    }
    for i in 0..site.interventions.len() {
        for page in 1..=pages_for(intervention_providers(site, i).len(), size) {
            jobs.push(Job::Intervention { intervention: i, page });
        }
    }
    for s in 0..site.schemes.len() {
        for page in 1..=pages_for(scheme_awards(site, s).0.len(), size) {
            jobs.push(Job::Scheme { scheme: s, page });
        }
    }
    for (f, fw) in site.frameworks.iter().enumerate() {
        jobs.push(Job::Framework(f));
        jobs.extend((0..fw.lots.len()).map(|l| Job::Lot { framework: f, lot: l }));
    }
    for (i, p) in site.handbook.pages.iter().enumerate() {
        // The root `_index.md` is the home page's lead text, not a page of its own.
        if p.own_dir.as_deref() != Some("") {
            jobs.push(Job::Content(i));
        }
        if p.front.print && p.own_dir.is_some() {
            jobs.push(Job::Print(i));
        }
    }
    let audit = crate::audit::Audit::build(site);
    jobs.extend(
        crate::audit::lists::jobs(site, &audit)
            .into_iter()
            .flat_map(|(list, n)| (1..=n).map(move |page| Job::AuditList { list, page })),
    );
    (jobs, audit)
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
pub(super) fn paginate(site: &Site, r: &Renderer, all: &[usize], page: usize, base_url: &str) -> Result<Value, String> {
    let size = site.config.page_size;
    let total = pages_for(all.len(), size);
    let start = (page - 1) * size;
    let mut cards = String::new();
    for &p in all.iter().skip(start).take(size) {
        cards.push_str(r.card(p)?);
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
    list["cards"] = cards.into();
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
    /// The output path and HTML of one job.
    pub fn run(&self, job: &Job) -> Result<Output, String> {
        if let Job::CompareData(i) = job {
            return Ok(self.compare_data(*i));
        }
        let (url, template, ctx) = self.context(job)?;
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
        ctx.insert("page_url", &url);
        // The 404 page is served at whatever address was asked for: it has no address of
        // its own to call canonical.
        let canonical = self.absolute.as_ref().filter(|_| !matches!(job, Job::NotFound)).map(|a| format!("{a}{url}"));
        ctx.insert("canonical", &canonical);
        ctx.insert("feeds", &self.feed_links(job));
        let html = self.render(template, &ctx)?;
        let path = if matches!(job, Job::NotFound) { "404.html".to_string() } else { format!("{url}index.html") };
        Ok(Output { path, bytes: self.finish_html(html) })
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

    fn context(&self, job: &Job) -> Result<(String, &'static str, Value), String> {
        let site = self.site;
        Ok(match job {
            Job::Home => ("".into(), "home.html", self.home()),
            Job::NotFound => ("404/".into(), "404.html", json!({ "title": "Page not found" })),
            Job::Search => ("search/".into(), "search.html", self.search_page()),
            Job::Landscape => ("landscape/".into(), "landscape.html", self.landscape()),
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
                (
                    "providers/".into(),
                    "providers.html",
                    json!({ "title": "Providers A to Z", "paged": groups.iter().any(|g| g["pages"].as_array().is_some_and(|p| p.len() > 1)), "letters": groups, "total": site.providers.len() }),
                )
            }
            Job::ProvidersLetter { letter, page } => {
                let all = self.letters().iter().find(|(l, _)| l == letter).map(|(_, v)| v.clone()).unwrap_or_default();
                let base = urls::letter(letter);
                let list = paginate(site, self, &all, *page, &base)?;
                let title = format!("Providers: {}", letter_label(letter));
                let mut v = json!({ "title": title, "crumbs": [link("Providers A to Z", "providers/".into())], "letters": self.letters().iter().map(|(l, _)| json!({"letter": letter_label(l), "url": urls::letter(l), "current": l == letter})).collect::<Vec<_>>() });
                v["list"] = list;
                (urls::paged(&base, *page), "provider_list.html", v)
            }
            Job::Provider(i) => {
                let p = &site.providers[*i];
                let url = urls::provider(&p.id);
                let abs = format!("{}{url}", self.absolute.as_deref().unwrap_or(&self.base));
                let ld = views::provider_jsonld(site, *i, &abs);
                let t = Instant::now();
                let v = views::provider(site, *i, ld);
                self.note_markdown(t.elapsed());
                let mut ctx = json!({ "title": p.name, "description": p.summary, "crumbs": [link("Providers A to Z", "providers/".into())] });
                ctx["provider"] = v;
                (url, "provider.html", ctx)
            }
            Job::AreasIndex => {
                let tree: Vec<Value> =
                    (0..site.areas.len()).filter(|&a| site.area_up[a].len() == 1).map(|a| self.area_tree(a)).collect();
                ("areas/".into(), "areas.html", json!({ "title": "Areas", "tree": tree }))
            }
            Job::Area { area, page } => self.area(*area, *page)?,
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
                (
                    "interventions/".into(),
                    "interventions.html",
                    json!({ "title": "Kinds of support", "groups": groups }),
                )
            }
            Job::Intervention { intervention, page } => {
                let (head, all) =
                    self.intervention_heads[*intervention].get_or_init(|| self.intervention_head(*intervention));
                let base = urls::intervention(&site.interventions[*intervention].id);
                let mut v = head.clone();
                v["list"] = paginate(site, self, all, *page, &base)?;
                (urls::paged(&base, *page), "intervention.html", v)
            }
            Job::SchemesIndex => {
                let rows: Vec<Value> = site.schemes.iter().enumerate().map(|(i, s)| {
                    let current = site.scheme_holders[i].iter().filter(|&&(p, a)| site.award_states[p][a].state.is_current()).count();
                    json!({ "name": s.name, "url": urls::scheme(&s.id), "body": s.body, "kind": views::scheme_kind_label(s.kind), "current": current, "total": site.scheme_holders[i].len() })
                }).collect();
                (
                    "schemes/".into(),
                    "schemes.html",
                    json!({ "title": "Accreditation and registration schemes", "schemes": rows }),
                )
            }
            Job::Scheme { scheme, page } => self.scheme(*scheme, *page),
            Job::FrameworksIndex => {
                let rows: Vec<Value> = site.frameworks.iter().map(|f| json!({
                    "name": f.name, "url": urls::framework(&f.id), "lead": f.lead, "route": views::route_label(f.route),
                    "lots": f.lots.len(), "ends": f.ends.long(), "live": f.starts <= site.today && site.today <= f.ends,
                })).collect();
                ("frameworks/".into(), "frameworks.html", json!({ "title": "Frameworks and lots", "frameworks": rows }))
            }
            Job::PracticeModels => self.practice_models(),
            Job::PracticeModel { model, page } => self.practice_model(*model, *page)?,
            Job::Framework(f) => self.framework(*f),
            Job::Lot { framework, lot } => self.lot(*framework, *lot),
            Job::Content(i) => self.content(*i)?,
            Job::Print(i) => self.print(*i)?,
            Job::AuditList { list, page } => self.audit_list(*list, *page),
            Job::Compare => ("compare/".into(), "compare.html", self.compare_page()),
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
