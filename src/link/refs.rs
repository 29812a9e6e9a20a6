//! The content checked against the register: every `[[kind:id]]` cross-reference, every
//! alignment and every markdown link in the handbook and guides resolves, and no two pages
//! claim one address. Apart from `handbook.rs`, which only reads the content's structure, so
//! the dependency runs one way: these checks use the handbook and the register's indexes
//! (`validate::Ctx`), and neither uses them.

use super::handbook::{Handbook, ItemKind, Page};
use super::validate::Ctx;
use super::xref::{self, Owner, SiteUrls, Target};
use crate::diagnostic::{did_you_mean, more_in_file, Diagnostic, Diagnostics, RefKind, MAX_PER_FILE};
use std::collections::HashMap;

/// Checks every cross-reference, alignment and link in the content resolves, and that no two
/// pages claim one address.
pub fn check_refs(hb: &Handbook, ctx: &Ctx, providers: &HashMap<String, String>, diags: &mut Diagnostics) {
    for item in &hb.items {
        for s in &item.aligns {
            let ok = hb.item_ix.get(s).is_some_and(|&i| hb.items[i].kind == ItemKind::Standard);
            if !ok {
                let page = &hb.pages[item.page];
                let standards = hb.items.iter().filter(|i| i.kind == ItemKind::Standard).map(|i| i.id.as_str());
                let column = item.heading.find(s.as_str()).map_or(1, |b| item.heading[..b].chars().count() + 1);
                let mut d = Diagnostic::error(
                    &page.file,
                    format!("competency {} aligns with `{s}`, which is not a standard", item.id),
                )
                .at_line(item.line, column, &item.heading)
                .refers_to(RefKind::Item, s.clone());
                if let Some(best) = did_you_mean(s, standards) {
                    d = d.suggest(format!("did you mean `{best}`?"));
                }
                diags.push(d);
            }
        }
    }
    let urls = site_urls(hb, ctx, providers, diags);
    for page in &hb.pages {
        let lines: Vec<&str> = page.body.lines().collect();
        let at = |d: Diagnostic, line_in_body: usize, column: usize| {
            d.at_line(page.body_line + line_in_body, column + 1, lines.get(line_in_body).copied().unwrap_or(""))
        };
        let before = diags.items.len();
        let full = |diags: &Diagnostics| diags.items.len() - before >= MAX_PER_FILE;
        for r in xref::find(&page.body) {
            if full(diags) {
                break;
            }
            let target = match &r.target {
                Ok(t) => t,
                Err(m) => {
                    diags.push(at(Diagnostic::error(&page.file, m.clone()), r.line, r.column));
                    continue;
                }
            };
            let (exists, kind, id, candidates): (bool, RefKind, &str, Vec<&str>) = match target {
                Target::Item(id) => {
                    (hb.item_ix.contains_key(id), RefKind::Item, id, hb.items.iter().map(|i| i.id.as_str()).collect())
                }
                Target::Provider(id) => {
                    (providers.contains_key(id), RefKind::Provider, id, providers.keys().map(String::as_str).collect())
                }
                Target::Area(id) => {
                    (ctx.area_ix.contains_key(id), RefKind::Area, id, ctx.area_ix.keys().map(String::as_str).collect())
                }
                Target::Intervention(id) => (
                    ctx.intervention_ix.contains_key(id),
                    RefKind::Intervention,
                    id,
                    ctx.intervention_ix.keys().map(String::as_str).collect(),
                ),
                Target::Scheme(id) => (
                    ctx.scheme_ix.contains_key(id),
                    RefKind::Scheme,
                    id,
                    ctx.scheme_ix.keys().map(String::as_str).collect(),
                ),
                Target::Framework(id) => (
                    ctx.framework_ix.contains_key(id),
                    RefKind::Framework,
                    id,
                    ctx.framework_ix.keys().map(String::as_str).collect(),
                ),
                Target::Lot(f, n) => {
                    let ok = ctx
                        .framework_ix
                        .get(f)
                        .is_some_and(|&i| ctx.frameworks[i].record.lots.iter().any(|l| l.number == *n));
                    (ok, RefKind::Framework, f, ctx.framework_ix.keys().map(String::as_str).collect())
                }
                // A lot id of the default form names its framework: if that framework could
                // not be read, its error already covers this reference.
                Target::LotId(id) => (
                    ctx.lots.by_id.contains_key(id),
                    RefKind::Framework,
                    id.rsplit_once("-lot-").map_or(id.as_str(), |(f, _)| f),
                    ctx.lots.by_id.keys().map(String::as_str).collect(),
                ),
                Target::Page(key) => {
                    let k = key.trim_end_matches('/');
                    let ok = hb.page_ix.contains_key(k) || hb.page_ix.contains_key(&format!("{k}/_index"));
                    (ok, RefKind::Page, k, hb.page_ix.keys().map(String::as_str).collect())
                }
            };
            if !exists {
                let msg = format!("cross-reference `[[{}]]` points at nothing", r.raw);
                let mut d = at(Diagnostic::error(&page.file, msg), r.line, r.column);
                // A lot of a framework that was read is simply missing; one that was not
                // read is covered by the framework's own error.
                let known_framework = matches!(target, Target::Lot(f, _) if ctx.framework_ix.contains_key(f));
                if !known_framework {
                    d = d.refers_to(kind, id);
                }
                let wrong = r.raw.split_once(':').map_or(r.raw.as_str(), |(_, id)| id);
                if let Some(best) = did_you_mean(wrong, candidates) {
                    d = d.suggest(format!("did you mean `{best}`?"));
                }
                diags.push(d);
            }
        }
        for link in xref::links(&page.body) {
            if full(diags) {
                break;
            }
            if let Some(d) = check_link(hb, &urls, page, &link) {
                diags.push(at(d, link.line, link.column));
            }
        }
        if full(diags) {
            diags.push(more_in_file(&page.file));
        }
    }
}

/// The pages the site will have; a content page whose address is already taken is an error.
fn site_urls(hb: &Handbook, ctx: &Ctx, providers: &HashMap<String, String>, diags: &mut Diagnostics) -> SiteUrls {
    let lots = |i: usize| ctx.frameworks[i].record.lots.iter().map(|l| l.number).collect::<Vec<_>>();
    let urls = SiteUrls::generated(
        ctx.area_ix.keys().map(String::as_str),
        ctx.intervention_ix.keys().map(String::as_str),
        ctx.scheme_ix.keys().map(String::as_str),
        ctx.framework_ix.iter().map(|(id, &i)| (id.as_str(), lots(i))),
        providers.iter().map(|(id, name)| (id.as_str(), name.as_str())),
    );
    with_content(urls, hb, diags)
}

/// Adds the content pages and print pages; a page whose address is taken is an error.
pub fn with_content(mut urls: SiteUrls, hb: &Handbook, diags: &mut Diagnostics) -> SiteUrls {
    for (i, p) in hb.pages.iter().enumerate() {
        // The root `_index.md` is the home page's lead text, not a page of its own.
        let own = if p.own_dir.as_deref() == Some("") { Ok(()) } else { urls.add_content(&p.url, i) };
        let print = if p.front.print && p.own_dir.is_some() {
            urls.add_generated(&format!("{}print/", p.url), &format!("the printable page of {}", p.key))
        } else {
            Ok(())
        };
        for (url, clash) in [(p.url.clone(), own), (format!("{}print/", p.url), print)] {
            if let Err(owner) = clash {
                let other = match owner {
                    Owner::Generated(what) => what,
                    Owner::Content(j) => format!("content/{}.md", hb.pages[j].key),
                };
                diags.push(
                    Diagnostic::error(
                        &p.file,
                        format!("this page would be written to /{url}, which is already {other}"),
                    )
                    .suggest("rename the file or the folder it is in"),
                );
            }
        }
    }
    urls
}

/// A markdown link on `page` to a page of the site that will not exist, or to a numbered
/// item that is not on the page it names.
fn check_link(hb: &Handbook, urls: &SiteUrls, page: &Page, link: &xref::MdLink) -> Option<Diagnostic> {
    let what = if link.image { "image" } else { "link" };
    let (url, fragment) = match xref::resolve_dest(&link.dest, &page.url) {
        xref::Dest::External | xref::Dest::File => return None,
        xref::Dest::Outside => {
            return Some(
                Diagnostic::error(&page.file, format!("{what} `{}` climbs out of the site", link.dest))
                    .suggest("write links to the site's own pages from its root, e.g. /guides/choosing-a-provider/"),
            )
        }
        xref::Dest::Page(u, f) => (u, f),
    };
    let Some(owner) = urls.owner(&url) else {
        let mut d = Diagnostic::error(&page.file, format!("{what} `{}` points at no page of the site", link.dest))
            .refers_to(RefKind::Url, url.clone());
        let fixed = url.strip_suffix(".html").map(|s| format!("{s}/")).filter(|u| urls.owner(u).is_some());
        let best = fixed.or_else(|| did_you_mean(&url, urls.urls()).map(str::to_owned));
        if let Some(b) = best {
            d = d.suggest(format!("did you mean `/{b}`?"));
        }
        return Some(d);
    };
    // Only fragments that name a numbered item are checked: other ids belong to the theme.
    let frag = fragment?;
    let looks_numbered = frag.rsplit_once('-').is_some_and(|(p, n)| {
        !p.is_empty() && n.split_once('.').is_some_and(|(a, b)| a.parse::<u32>().is_ok() && b.parse::<u32>().is_ok())
    });
    if !looks_numbered {
        return None;
    }
    let here = match owner {
        Owner::Content(i) => Some(i),
        Owner::Generated(_) => None,
    };
    match hb.item_ix.get(&frag).map(|&i| &hb.items[i]) {
        Some(item) if Some(item.page) == here => None,
        Some(item) => Some(
            Diagnostic::error(&page.file, format!("`{frag}` is not on the page `{}` links to", link.dest)).suggest(
                format!("{frag} is on /{}: link to /{}#{frag}", hb.pages[item.page].url, hb.pages[item.page].url),
            ),
        ),
        None => Some(
            Diagnostic::error(
                &page.file,
                format!("{what} `{}` names `{frag}`, which is no standard or competency", link.dest),
            )
            .refers_to(RefKind::Item, frag),
        ),
    }
}
