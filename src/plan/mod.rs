/*!
Stage 4, **plan**: every page the site will have, where it lives, which template draws it
and which records it shows.

The plan is made once per build from the linked [`Site`] and its [`Audit`]. `build` renders
exactly the pages it lists and nothing else; every internal link a rendered page carries is
held against it ([`links`]), so a page can never link an address that was not built. A list
exists only when it has a provider: the plan decides that here, once, and templates ask the
plan (through the `planned` map render hands them) before they link a page that may not
exist.
*/

pub mod links;

use crate::audit::{Audit, ListKind};
use crate::link::{urls, xref::letter_of, Site};
use rustc_hash::FxHashSet;

/// One page to render, by what it shows. Records are named by their index in the [`Site`];
/// a list's page number starts at 1.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// One page of the providers citing a practice model.
    PracticeModel {
        model: usize,
        page: usize,
    },
    Framework(usize),
    Lot {
        framework: usize,
        lot: usize,
    },
    /// A content page, by its index among the handbook's pages.
    Content(usize),
    /// A section's print-everything page, by the index page of the section.
    Print(usize),
    /// One page of a list the landscape audit links to.
    AuditList {
        list: ListKind,
        page: usize,
    },
    /// The compare page, and the n-th file of the providers' records for it (a provider's
    /// file is [`urls::compare_file_of`] its id).
    Compare,
    CompareData(usize),
}

/// One planned output: what it shows, where it is written and the template that draws it.
#[derive(Debug, Clone)]
pub struct Page {
    pub job: Job,
    /// The address relative to the site root: `providers/acorn/`, `` for the home page,
    /// or a file name for the pages that are not HTML folders (`404.html`, compare data).
    pub url: String,
    /// The theme template that draws it; none for a page written as data.
    pub template: Option<&'static str>,
}

impl Page {
    /// Where the page is written, relative to the output root.
    pub fn path(&self) -> String {
        if self.url.is_empty() || self.url.ends_with('/') {
            format!("{}index.html", self.url)
        } else {
            self.url.clone()
        }
    }
}

/// Every page of a site, and every address a link may lead to.
#[derive(Debug, Default)]
pub struct Plan {
    pub pages: Vec<Page>,
    /// The addresses of the pages, and of the files written beside them (the theme's
    /// assets, open data) that a page may link.
    addresses: FxHashSet<String>,
    /// The files among them, kept to plan the site again after an edit.
    pub files: Vec<String>,
}

/// The page size of a list of `n` entries: never fewer than one page, so an empty list
/// still has a page saying so.
pub fn pages_for(n: usize, size: usize) -> usize {
    n.div_ceil(size.max(1)).max(1)
}

/// Providers grouped by the first letter of their name, each group in site order.
pub fn letters(site: &Site) -> Vec<(String, Vec<usize>)> {
    let mut map: std::collections::BTreeMap<String, Vec<usize>> = Default::default();
    for (i, p) in site.providers.iter().enumerate() {
        map.entry(letter_of(&p.name)).or_default().push(i);
    }
    map.into_iter().collect()
}

/// Providers on an area's page: those offering support in person anywhere in it (in the
/// area itself, in an area inside it, or across an area it belongs to).
pub fn area_providers(site: &Site, a: usize) -> Vec<usize> {
    let mut v: Vec<usize> = site.present[a].iter().map(|&(p, _)| p).collect();
    v.dedup();
    v
}

/// Providers on a kind of support's page: every provider offering it, however delivered.
pub fn intervention_providers(site: &Site, i: usize) -> Vec<usize> {
    let mut v: Vec<usize> = site.offered_by[i].iter().map(|&(p, _)| p).collect();
    v.dedup();
    v
}

/// An award by (provider, award index).
pub type AwardRef = (usize, usize);

/// A scheme's awards split into (current today, lapsed or suspended or withdrawn); its
/// page lists the first.
pub fn scheme_awards(site: &Site, s: usize) -> (Vec<AwardRef>, Vec<AwardRef>) {
    site.scheme_holders[s].iter().partition(|&&(p, a)| site.award_states[p][a].state.is_current())
}

/// For each practice model, the providers citing it, in site order.
pub fn citing(site: &Site) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); site.practice_models.len()];
    for (p, pr) in site.providers.iter().enumerate() {
        for m in &pr.practice_models {
            if let Some(&k) = site.practice_model_ix.get(m) {
                if out[k].last() != Some(&p) {
                    out[k].push(p);
                }
            }
        }
    }
    out
}

impl Plan {
    /// Every page `site` will have. `files` are the other outputs a page may link (the
    /// theme's assets under `assets/`, open data under `data/`), relative to the root.
    pub fn of<'f>(site: &Site, audit: &Audit, files: impl IntoIterator<Item = &'f str>) -> Plan {
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
        for (model, citing) in citing(site).iter().enumerate() {
            jobs.extend((1..=pages_for(citing.len(), size)).map(|page| Job::PracticeModel { model, page }));
        }
        jobs.extend((0..site.providers.len()).map(Job::Provider));
        jobs.push(Job::Compare);
        jobs.extend((0..urls::compare_files(site.providers.len())).map(Job::CompareData));
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
        jobs.extend(
            crate::audit::lists::jobs(site, audit)
                .into_iter()
                .flat_map(|(list, n)| (1..=n).map(move |page| Job::AuditList { list, page })),
        );
        let pages: Vec<Page> = jobs.into_iter().map(|job| page(site, job)).collect();
        let files: Vec<String> = files.into_iter().map(str::to_string).collect();
        let mut addresses: FxHashSet<String> = pages.iter().map(|p| p.url.clone()).collect();
        addresses.extend(files.iter().cloned());
        Plan { pages, addresses, files }
    }

    /// Whether `address` (relative to the site root, without `#` or `?`) is a page or file
    /// of the plan. The not-found page is no address: nothing links to it.
    pub fn has(&self, address: &str) -> bool {
        address != "404.html" && self.addresses.contains(address)
    }

    /// Every address of the plan, for the templates' `planned` map and for tests.
    pub fn addresses(&self) -> impl Iterator<Item = &str> {
        self.addresses.iter().map(String::as_str)
    }
}

/// The address and template of one job: the one place that decides where a page lives.
pub fn page(site: &Site, job: Job) -> Page {
    let fixed = |url: &str, template: &'static str| (url.to_string(), Some(template));
    let (url, template) = match &job {
        Job::Home => fixed(urls::HOME, "home.html"),
        Job::NotFound => fixed(urls::NOT_FOUND, "404.html"),
        Job::Landscape => fixed(urls::LANDSCAPE, "landscape.html"),
        Job::Search => fixed(urls::SEARCH, "search.html"),
        Job::ProvidersIndex => fixed(urls::PROVIDERS, "providers.html"),
        Job::ProvidersLetter { letter, page } => {
            (urls::paged(&urls::letter(letter), *page), Some("provider_list.html"))
        }
        Job::Provider(i) => (urls::provider(&site.providers[*i].id), Some("provider.html")),
        Job::AreasIndex => fixed(urls::AREAS, "areas.html"),
        Job::Area { area, page } => (urls::paged(&urls::area(&site.areas[*area].id), *page), Some("area.html")),
        Job::InterventionsIndex => fixed(urls::INTERVENTIONS, "interventions.html"),
        Job::Intervention { intervention, page } => {
            (urls::paged(&urls::intervention(&site.interventions[*intervention].id), *page), Some("intervention.html"))
        }
        Job::SchemesIndex => fixed(urls::SCHEMES, "schemes.html"),
        Job::Scheme { scheme, page } => {
            (urls::paged(&urls::scheme(&site.schemes[*scheme].id), *page), Some("scheme.html"))
        }
        Job::FrameworksIndex => fixed(urls::FRAMEWORKS, "frameworks.html"),
        Job::PracticeModels => (urls::practice_models(), Some("practice_models.html")),
        Job::PracticeModel { model, page } => {
            (urls::paged(&urls::practice_model(&site.practice_models[*model].id), *page), Some("practice_model.html"))
        }
        Job::Framework(f) => (urls::framework(&site.frameworks[*f].id), Some("framework.html")),
        Job::Lot { framework, lot } => {
            let fw = &site.frameworks[*framework];
            (urls::lot(&fw.id, fw.lots[*lot].number), Some("lot.html"))
        }
        Job::Content(i) => {
            let p = &site.handbook.pages[*i];
            (p.url.clone(), Some(content_template(p.front.template.as_deref())))
        }
        Job::Print(i) => (urls::print(&site.handbook.pages[*i].url), Some("print.html")),
        Job::AuditList { list, page } => {
            (urls::paged(&crate::audit::lists::url(site, *list), *page), Some("audit_list.html"))
        }
        Job::Compare => fixed(urls::COMPARE, "compare.html"),
        Job::CompareData(n) => (urls::compare_data(*n), None),
    };
    Page { job, url, template }
}

/// The template a content page names in its front matter, or `page.html`. Names are few
/// (one per template a theme has), so each distinct one is kept for the whole run.
fn content_template(named: Option<&str>) -> &'static str {
    static NAMES: std::sync::Mutex<Vec<&'static str>> = std::sync::Mutex::new(Vec::new());
    let Some(t) = named else { return "page.html" };
    let mut names = NAMES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(n) = names.iter().find(|n| **n == t) {
        return n;
    }
    let n: &'static str = Box::leak(t.to_string().into_boxed_str());
    names.push(n);
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_has_at_least_one_page() {
        assert_eq!(pages_for(0, 50), 1);
        assert_eq!(pages_for(50, 50), 1);
        assert_eq!(pages_for(51, 50), 2);
        assert_eq!(pages_for(3, 0), 3);
    }

    #[test]
    fn pages_write_where_their_address_says() {
        let at = |url: &str| Page { job: Job::Home, url: url.into(), template: Some("home.html") }.path();
        assert_eq!(at(""), "index.html");
        assert_eq!(at("providers/acorn/"), "providers/acorn/index.html");
        assert_eq!(at("404.html"), "404.html");
        assert_eq!(at("compare/data/0.json"), "compare/data/0.json");
    }
}
