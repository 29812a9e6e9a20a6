//! Every page of the site, as a list of jobs, and the context each job's template gets.

use super::markdown::{content_html, escape_md};
use super::views::{self, area_link, intervention_link, link, lot_link, provider_row};
use super::{Output, Renderer};
use crate::diagnostic::Diagnostics;
use crate::link::refs;
use crate::link::xref::{self, SiteUrls, Target};
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
    /// The register's list of practice models, with the providers citing each.
    PracticeModels,
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

fn pages_for(n: usize, size: usize) -> usize {
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
fn area_providers(site: &Site, a: usize) -> Vec<usize> {
    let mut v: Vec<usize> = site.present[a].iter().map(|&(p, _)| p).collect();
    v.dedup();
    v
}

/// Per intervention, how many distinct providers have a service in `list` (pairs in
/// provider order, as link makes them) that `keep` accepts.
fn providers_per_intervention(site: &Site, list: &[(usize, usize)], keep: impl Fn(&Service) -> bool) -> Vec<usize> {
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
fn active_today(site: &Site, p: usize, m: usize) -> bool {
    crate::link::judge::membership(&site.providers[p].lots[m], site.today) == crate::link::MembershipState::Active
}

fn intervention_providers(site: &Site, i: usize) -> Vec<usize> {
    let mut v: Vec<usize> = site.offered_by[i].iter().map(|&(p, _)| p).collect();
    v.dedup();
    v
}

/// Links to every lot, across frameworks, that `keep` accepts.
fn lots_where(site: &Site, keep: impl Fn(&Lot) -> bool) -> Vec<Value> {
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
fn scheme_awards(site: &Site, s: usize) -> (Vec<AwardRef>, Vec<AwardRef>) {
    site.scheme_holders[s].iter().partition(|&&(p, a)| site.award_states[p][a].state.is_current())
}

pub fn jobs(site: &Site) -> Vec<Job> {
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
    jobs
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
    urls
}

/// A paginated slice of providers, with the page links a template shows.
///
/// Here and in the other contexts, values already built (lists, rendered cards, a whole
/// provider) are moved in by assignment after `json!`, which would serialize a deep copy
/// of each.
fn paginate(site: &Site, r: &Renderer, all: &[usize], page: usize, base_url: &str) -> Result<Value, String> {
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
fn page_links(base_url: &str, page: usize, total: usize) -> Vec<Value> {
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
        ctx.insert("canonical", &self.absolute.as_ref().map(|a| format!("{a}{url}")));
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

    fn pages_under(&self, dir: &str) -> Vec<Value> {
        self.site
            .handbook
            .pages
            .iter()
            .filter(|p| p.parent_dir == dir && p.own_dir.is_none())
            .map(|p| json!({ "name": p.front.title, "url": p.url, "description": p.front.description }))
            .collect()
    }

    fn area_tree(&self, a: usize) -> Value {
        let site = self.site;
        let area = &site.areas[a];
        let children: Vec<Value> = (0..site.areas.len())
            .filter(|&c| site.areas[c].parent.as_deref() == Some(area.id.as_str()))
            .map(|c| self.area_tree(c))
            .collect();
        json!({ "name": area.name, "url": urls::area(&area.id), "kind": views::area_kind_label(area.kind), "count": area_providers(site, a).len(), "children": children })
    }

    fn area(&self, a: usize, page: usize) -> Result<(String, &'static str, Value), String> {
        // Everything but the list is the same on every page of an area, and for a region it
        // means a pass over every service there: worked out once, for the first page rendered.
        let (head, all) = self.area_heads[a].get_or_init(|| self.area_head(a));
        let base = urls::area(&self.site.areas[a].id);
        let mut v = head.clone();
        v["list"] = paginate(self.site, self, all, page, &base)?;
        Ok((urls::paged(&base, page), "area.html", v))
    }

    /// A kind of support's page without its list, and the providers on the list: the same
    /// on every page, so worked out once.
    fn intervention_head(&self, i: usize) -> (Value, Vec<usize>) {
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
        let anywhere = providers_per_intervention(site, &site.present[a], |_| true);
        let accepting = providers_per_intervention(site, &site.present[a], |s| s.accepting);
        let whole = providers_per_intervention(site, &site.serving[a], |_| true);
        let online_whole = providers_per_intervention(site, &site.online[a], |s| site.covers_whole(&s.online_areas, a));
        let online_part = providers_per_intervention(site, &site.online[a], |s| !site.covers_whole(&s.online_areas, a));
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
                    "anywhere": anywhere[i], "whole": whole[i], "accepting": accepting[i],
                    "authorities": share(reached[i]), "all_authorities": members > 0 && reached[i] == members,
                    "online_whole": online_whole[i], "online_part": online_part[i],
                })
            })
            .collect();
        let gaps: Vec<Value> = (0..site.interventions.len())
            .filter(|&i| anywhere[i] == 0)
            .map(|i| {
                let mut v = intervention_link(site, i);
                v["online"] = json!(online_whole[i] + online_part[i] > 0);
                v
            })
            .collect();
        let partial: Vec<Value> = (0..site.interventions.len())
            .filter(|&i| rolls_up && anywhere[i] > 0 && reached[i] < members)
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
        let mut v = json!({
            "title": area.name,
            "description": format!("Therapeutic services for children in {}", area.name),
            "area": {
                "id": area.id,
                "name": area.name,
                "kind": views::area_kind_label(area.kind),
                "gss": area.gss,
                "parents": up[1..].iter().rev().map(|&p| area_link(site, p)).collect::<Vec<_>>(),
                "children": children,
                "is_authority": area.kind == AreaKind::LocalAuthority,
                "rolls_up": rolls_up,
                "authorities": members,
            },
            "online_providers": online_providers,
            "crumbs": std::iter::once(link("Areas", "areas/".into())).chain(up[1..].iter().rev().map(|&p| area_link(site, p))).collect::<Vec<_>>(),
        });
        v["coverage"] = coverage.into();
        v["gaps"] = gaps.into();
        v["partial"] = partial.into();
        v["lots"] = lots.into();
        v["audit"] = self.audit().view(site, Some(a));
        (v, all)
    }

    /// The list of practice models, with the providers citing each, so their diversity can be
    /// counted.
    fn practice_models(&self) -> (String, &'static str, Value) {
        let site = self.site;
        let mut citing: Vec<Vec<Value>> = vec![Vec::new(); site.practice_models.len()];
        for p in &site.providers {
            for m in &p.practice_models {
                citing[site.practice_model_ix[m]].push(link(&p.name, urls::provider(&p.id)));
            }
        }
        let models: Vec<Value> = site
            .practice_models
            .iter()
            .zip(citing)
            .map(|(m, providers)| json!({ "id": m.id, "name": m.name, "summary": m.summary, "count": providers.len(), "providers": providers }))
            .collect();
        let v = json!({
            "title": "Practice models",
            "description": "The practice models providers on the register work to, with the providers citing each.",
            "models": models,
            "providers": site.providers.len(),
            "citing": site.providers.iter().filter(|p| !p.practice_models.is_empty()).count(),
        });
        (urls::practice_models(), "practice_models.html", v)
    }

    fn scheme(&self, s: usize, page: usize) -> (String, &'static str, Value) {
        let site = self.site;
        let sc = &site.schemes[s];
        let base = urls::scheme(&sc.id);
        let size = site.config.page_size;
        let (current, lapsed) = scheme_awards(site, s);
        let row = |&(p, a): &(usize, usize)| {
            let award = &site.providers[p].awards[a];
            let (class, label) = views::state_words(site.award_states[p][a].state);
            json!({
                "provider": link(&site.providers[p].name, urls::provider(&site.providers[p].id)),
                "state": class, "state_label": label,
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
                "name": sc.name, "body": sc.body, "url": sc.url, "kind": views::scheme_kind_label(sc.kind),
                "summary": sc.summary, "grades": sc.grades,
            },
            "assesses": assesses,
            "holders_total": holders.len(),
            "crumbs": [link("Schemes", "schemes/".into())],
            "pagination": { "page": page, "pages": total_pages, "links": page_links(&base, page, total_pages) },
        });
        v["holders"] = holders_page.into();
        v["lapsed"] = lapsed.into();
        (urls::paged(&base, page), "scheme.html", v)
    }

    fn framework(&self, f: usize) -> (String, &'static str, Value) {
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
                    "call_off": views::call_off_label(lot.call_off),
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
        (urls::framework(&fw.id), "framework.html", v)
    }

    fn framework_facts(&self, fw: &Framework) -> Value {
        let site = self.site;
        json!({
            "name": fw.name, "url": urls::framework(&fw.id), "lead": fw.lead, "partners": fw.partners,
            "route": views::route_label(fw.route), "summary": fw.summary,
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

    fn lot(&self, f: usize, l: usize) -> (String, &'static str, Value) {
        let site = self.site;
        let fw = &site.frameworks[f];
        let lot = &fw.lots[l];
        let members: Vec<Value> = site.lot_members[f][l]
            .iter()
            .map(|&(p, m)| {
                let pr = &site.providers[p];
                let mut v = views::membership(site, &pr.lots[m]);
                v["provider"] = provider_row(site, p);
                v["sme"] = json!(pr.sme);
                v["vcse"] = json!(pr.vcse);
                v["current_award"] = json!(site.has_current_award(p));
                v
            })
            .collect();
        let active: Vec<usize> =
            site.lot_members[f][l].iter().filter(|&&(p, m)| active_today(site, p, m)).map(|&(p, _)| p).collect();
        let sme_vcse = active.iter().filter(|&&p| site.providers[p].sme || site.providers[p].vcse).count();
        let v = json!({
            "title": format!("Lot {}: {}", lot.number, lot.title),
            "description": lot.summary,
            "framework": self.framework_facts(fw),
            "lot": {
                "number": lot.number, "id": lot.id, "title": lot.title, "summary": lot.summary,
                "ranked": lot.call_off == CallOff::RankedList,
                "call_off": views::call_off_label(lot.call_off),
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
        (urls::lot(&fw.id, lot.number), "lot.html", v)
    }

    fn landscape(&self) -> Value {
        let mut v = json!({
            "title": "The landscape: an audit of provision",
            "description": "The shape of provision across the region: where each kind of support is offered and where it is not, who provides it, accreditation, governance, waits, referral routes and demand bought off contract.",
            "funding": crate::audit::lists::FUNDING.iter().map(|&f| link(f.label(), crate::audit::lists::url(self.site, crate::audit::ListKind::Funding(f)))).collect::<Vec<_>>(),
            "delivery": crate::audit::lists::DELIVERY.iter().map(|&d| link(d.label(), crate::audit::lists::url(self.site, crate::audit::ListKind::Delivery(d)))).collect::<Vec<_>>(),
        });
        v["audit"] = self.audit().view(self.site, None);
        v
    }

    /// A page of one of the audit's lists: a row per provider with its lots, wait,
    /// referrals and accreditation.
    fn audit_list(&self, list: crate::audit::ListKind, page: usize) -> (String, &'static str, Value) {
        use crate::audit::lists;
        let site = self.site;
        let base = lists::url(site, list);
        let all = lists::members(site, self.audit(), list);
        let size = site.config.page_size.max(1);
        let total = pages_for(all.len(), size);
        let rows: Vec<Value> =
            all.iter().skip((page - 1) * size).take(size).map(|&(p, here)| lists::row(site, p, here, list)).collect();
        let (title, lead, crumbs) = lists::heading(site, list);
        let in_person = all.iter().filter(|x| x.1).count();
        let v = json!({
            "title": title, "lead": lead, "crumbs": crumbs, "rows": rows,
            "total": all.len(), "in_person": in_person, "online_only": all.len() - in_person,
            "cell": matches!(list, crate::audit::ListKind::Cell { .. }),
            "pagination": { "page": page, "pages": total, "links": page_links(&base, page, total) },
        });
        (urls::paged(&base, page), "audit_list.html", v)
    }

    /// A link to a standard or competency with its number and title.
    fn item_link(&self, id: &str) -> Option<Value> {
        let hb = &self.site.handbook;
        let item = &hb.items[*hb.item_ix.get(id)?];
        let page = &hb.pages[item.page];
        Some(
            json!({ "id": item.id, "name": format!("{} {}", item.id, item.title), "title": item.title, "url": format!("{}#{}", page.url, item.id) }),
        )
    }

    /// Replaces `[[…]]` cross-references with root-relative markdown links (the markdown
    /// renderer adds the base path), adds alignment notes after
    /// each numbered item, and renders. `shift` demotes headings (for the print page).
    fn markdown(&self, body: &str, shift: u8) -> String {
        let t = Instant::now();
        let mut md = String::with_capacity(body.len() + 512);
        let mut last = 0;
        for r in xref::find(body) {
            md.push_str(&body[last..r.start]);
            match r.target.as_ref().ok().and_then(|t| self.resolve(t)) {
                Some((title, url)) => {
                    let label = r.label.clone().unwrap_or(title);
                    md.push_str(&format!("[{}](/{})", escape_md(&label), url));
                }
                // Validation refused unknown targets; keep the text if one slips through.
                None => md.push_str(&body[r.start..r.end]),
            }
            last = r.end;
        }
        md.push_str(&body[last..]);
        let md = self.add_alignment_notes(&md);
        let html = content_html(&md, &self.hl, &self.base, shift);
        self.note_markdown(t.elapsed());
        html
    }

    fn resolve(&self, t: &Target) -> Option<(String, String)> {
        let site = self.site;
        let hb = &site.handbook;
        Some(match t {
            Target::Item(id) => {
                let item = &hb.items[*hb.item_ix.get(id)?];
                (format!("{} {}", item.id, item.title), format!("{}#{}", hb.pages[item.page].url, item.id))
            }
            Target::Provider(id) => {
                let p = &site.providers[*site.provider_ix.get(id)?];
                (p.name.clone(), urls::provider(id))
            }
            Target::Area(id) => (site.areas[*site.area_ix.get(id)?].name.clone(), urls::area(id)),
            Target::Intervention(id) => {
                (site.interventions[*site.intervention_ix.get(id)?].name.clone(), urls::intervention(id))
            }
            Target::Scheme(id) => (site.schemes[*site.scheme_ix.get(id)?].name.clone(), urls::scheme(id)),
            Target::Framework(id) => (site.frameworks[*site.framework_ix.get(id)?].name.clone(), urls::framework(id)),
            Target::Lot(f, n) => {
                let fw = &site.frameworks[*site.framework_ix.get(f)?];
                let lot = fw.lots.iter().find(|l| l.number == *n)?;
                (format!("Lot {}: {}", lot.number, lot.title), urls::lot(f, *n))
            }
            Target::LotId(id) => {
                let (fw, lot) = site.lot(*site.lot_ix.get(id)?);
                (format!("Lot {}: {}", lot.number, lot.title), urls::lot(&fw.id, lot.number))
            }
            Target::Page(key) => {
                let k = key.trim_end_matches('/');
                let i = hb.page_ix.get(k).or_else(|| hb.page_ix.get(&format!("{k}/_index")))?;
                let p = &hb.pages[*i];
                (p.front.title.clone(), p.url.clone())
            }
        })
    }

    /// After each numbered standard: the competencies aligned with it and the schemes that
    /// assess it; after each competency: the standards it aligns with.
    fn add_alignment_notes(&self, md: &str) -> String {
        let hb = &self.site.handbook;
        let mut out = String::with_capacity(md.len() + 1024);
        let mut pending: Option<usize> = None;
        let mut fence = false;
        let note = |item: usize, out: &mut String| {
            let it = &hb.items[item];
            let mut parts: Vec<String> = Vec::new();
            match it.kind {
                ItemKind::Standard => {
                    let comps: Vec<String> = hb
                        .aligned_to
                        .get(&it.id)
                        .into_iter()
                        .flatten()
                        .map(|&c| {
                            let c = &hb.items[c];
                            format!("[{} {}](/{}#{})", c.id, escape_md(&c.title), hb.pages[c.page].url, c.id)
                        })
                        .collect();
                    parts.push(if comps.is_empty() {
                        format!("**Competencies aligned with {}:** none yet.", it.id)
                    } else {
                        format!("**Competencies aligned with {}:** {}.", it.id, comps.join(", "))
                    });
                    let schemes: Vec<String> = self
                        .site
                        .schemes
                        .iter()
                        .filter(|s| s.assesses.contains(&it.id))
                        .map(|s| format!("[{}](/{})", escape_md(&s.name), urls::scheme(&s.id)))
                        .collect();
                    if !schemes.is_empty() {
                        parts.push(format!("**Assessed by:** {}.", schemes.join(", ")));
                    }
                }
                ItemKind::Competency => {
                    let stds: Vec<String> = it
                        .aligns
                        .iter()
                        .filter_map(|s| {
                            let s = &hb.items[*hb.item_ix.get(s)?];
                            Some(format!("[{} {}](/{}#{})", s.id, escape_md(&s.title), hb.pages[s.page].url, s.id))
                        })
                        .collect();
                    parts.push(format!("**Aligns with:** {}.", stds.join(", ")));
                }
            }
            out.push_str("\n<div class=\"aligned\">\n\n");
            out.push_str(&parts.join("\n\n"));
            out.push_str("\n\n</div>\n\n");
        };
        for line in md.split_inclusive('\n') {
            let t = line.trim_start();
            if t.starts_with("```") || t.starts_with("~~~") {
                fence = !fence;
            }
            if !fence && line.starts_with("## ") {
                if let Some(item) = pending.take() {
                    note(item, &mut out);
                }
                if let Some(id) = line.trim_end().strip_suffix('}').and_then(|l| l.rsplit_once("{#")).map(|(_, id)| id)
                {
                    pending = hb.item_ix.get(id).copied();
                }
            }
            out.push_str(line);
        }
        if let Some(item) = pending {
            note(item, &mut out);
        }
        out
    }

    fn content(&self, i: usize) -> Result<(String, &'static str, Value), String> {
        let site = self.site;
        let hb = &site.handbook;
        let page = &hb.pages[i];
        let book = hb.book_of(i).to_string();
        // Sidebar and previous / next run through the pages of the same top-level folder.
        let in_book: Vec<usize> = (0..hb.pages.len()).filter(|&j| !book.is_empty() && hb.book_of(j) == book).collect();
        let pos = in_book.iter().position(|&j| j == i);
        let nav_item = |j: usize| json!({ "name": hb.pages[j].front.title, "url": hb.pages[j].url });
        let sidebar: Vec<Value> = in_book
            .iter()
            .map(|&j| json!({ "name": hb.pages[j].front.title, "url": hb.pages[j].url, "depth": hb.pages[j].depth, "current": j == i }))
            .collect();
        let items: Vec<Value> = page
            .items
            .iter()
            .map(|&it| {
                let item = &hb.items[it];
                json!({ "id": item.id, "title": item.title, "kind": item.kind })
            })
            .collect();
        let children: Vec<Value> = match &page.own_dir {
            Some(d) => self.pages_under(d),
            None => Vec::new(),
        };
        let template = match page.front.template.as_deref() {
            Some(t) => {
                if !self.has_template(t) {
                    return Err(format!("{}: template `{t}` does not exist in the theme", page.file.display()));
                }
                // Templates are looked up by name; leak is bounded by the number of distinct names.
                Box::leak(t.to_string().into_boxed_str())
            }
            None => "page.html",
        };
        let v = json!({
            "title": page.front.title,
            "description": page.front.description,
            "content_html": self.markdown(&page.body, 0),
            "kind": page.front.kind,
            "items": items,
            "children": children,
            "book": book,
            "sidebar": sidebar,
            "prev": pos.and_then(|p| p.checked_sub(1)).map(|p| nav_item(in_book[p])),
            "next": pos.and_then(|p| in_book.get(p + 1)).map(|&j| nav_item(j)),
            "print_url": (page.front.print && page.own_dir.is_some()).then(|| format!("{}print/", page.url)),
            "source": format!("content/{}.md", page.key),
        });
        Ok((page.url.clone(), template, v))
    }

    fn print(&self, i: usize) -> Result<(String, &'static str, Value), String> {
        let hb = &self.site.handbook;
        let index = &hb.pages[i];
        let dir = index.own_dir.clone().unwrap_or_default();
        let prefix = if dir.is_empty() { String::new() } else { format!("{dir}/") };
        let sections: Vec<Value> = hb
            .pages
            .iter()
            .filter(|p| {
                let d = p.own_dir.as_deref().unwrap_or(&p.parent_dir);
                d == dir || d.starts_with(&prefix)
            })
            .map(|p| json!({ "title": p.front.title, "url": p.url, "anchor": p.key.replace('/', "-"), "content_html": self.markdown(&p.body, 1) }))
            .collect();
        let v = json!({ "title": format!("{} (printable)", index.front.title), "heading": index.front.title, "sections": sections, "back": index.url });
        Ok((format!("{}print/", index.url), "print.html", v))
    }
}
