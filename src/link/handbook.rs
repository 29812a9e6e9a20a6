//! The handbook and guides: content pages in reading order, and the numbered standards and
//! competencies found in them, with alignment resolved in both directions.

use super::validate::Ctx;
use super::xref::{self, Owner, SiteUrls, Target};
use crate::diagnostic::{did_you_mean, more_in_file, Diagnostic, Diagnostics, RefKind, MAX_PER_FILE};
use crate::model::{ContentPage, FrontMatter, PageKind};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Page {
    pub file: PathBuf,
    /// Path under `content/` without `.md`: `handbook/standards/03-workforce`.
    pub key: String,
    pub url: String,
    pub front: FrontMatter,
    /// Markdown, with numbered headings given their stable anchors.
    pub body: String,
    pub body_line: usize,
    /// The folder this page sits in (for an `_index.md`, the folder above its own).
    pub parent_dir: String,
    /// For an `_index.md`, its own folder.
    pub own_dir: Option<String>,
    pub depth: usize,
    /// Numbered items on this page, in order.
    pub items: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    Standard,
    Competency,
}

#[derive(Debug, Clone)]
pub struct NumberedItem {
    /// `TS-3.2`: stable, cited by other pages and records, and the anchor on its page.
    pub id: String,
    pub kind: ItemKind,
    pub number: String,
    pub title: String,
    pub page: usize,
    /// For a competency: the standards it aligns with.
    pub aligns: Vec<String>,
    /// The line of its heading in the page's file, and the heading's text.
    pub line: usize,
    pub heading: String,
}

#[derive(Debug, Default, Clone)]
pub struct Handbook {
    /// Every content page in reading order.
    pub pages: Vec<Page>,
    pub page_ix: HashMap<String, usize>,
    pub items: Vec<NumberedItem>,
    pub item_ix: HashMap<String, usize>,
    /// Standard id → competencies aligned with it.
    pub aligned_to: HashMap<String, Vec<usize>>,
}

impl Handbook {
    /// The top-level folder a page belongs to (`handbook`, `guides`), or "" for root pages.
    pub fn book_of(&self, page: usize) -> &str {
        let p = &self.pages[page];
        let dir = p.own_dir.as_deref().unwrap_or(&p.parent_dir);
        dir.split('/').next().unwrap_or("")
    }
}

pub fn build(content: Vec<ContentPage>, diags: &mut Diagnostics) -> Handbook {
    // Prefixes are set on a section's _index.md and inherited by everything beneath it.
    let prefixes: BTreeMap<String, String> = content
        .iter()
        .filter(|p| p.rel.ends_with("_index.md"))
        .filter_map(|p| Some((dir_of(&p.rel).to_string(), p.front.prefix.clone()?)))
        .collect();
    let prefix_for = |dir: &str| -> Option<String> {
        let mut d = dir.to_string();
        loop {
            if let Some(p) = prefixes.get(&d) {
                return Some(p.clone());
            }
            if d.is_empty() {
                return None;
            }
            d = d.rsplit_once('/').map_or(String::new(), |(a, _)| a.to_string());
        }
    };

    let mut pages: Vec<Page> = content
        .into_iter()
        .map(|c| {
            let is_index = c.rel.ends_with("_index.md") && (c.rel == "_index.md" || c.rel.ends_with("/_index.md"));
            let dir = dir_of(&c.rel).to_string();
            let (parent_dir, own_dir) = if is_index {
                (dir.rsplit_once('/').map_or(String::new(), |(a, _)| a.to_string()), Some(dir.clone()))
            } else {
                (dir, None)
            };
            let key = c.rel.strip_suffix(".md").unwrap_or(&c.rel).to_string();
            Page {
                url: super::urls::content(&c.rel),
                depth: if is_index && own_dir.as_deref() == Some("") {
                    0
                } else {
                    key.matches('/').count() + usize::from(!is_index)
                },
                file: c.file,
                key,
                front: c.front,
                body: c.body,
                body_line: c.body_line,
                parent_dir,
                own_dir: if is_index { own_dir } else { None },
                items: Vec::new(),
            }
        })
        .collect();
    pages = reading_order(pages);

    let mut hb = Handbook::default();
    for (pi, page) in pages.iter_mut().enumerate() {
        let kind = match page.front.kind {
            PageKind::Page => None,
            PageKind::Standards => Some(ItemKind::Standard),
            PageKind::Competencies => Some(ItemKind::Competency),
        };
        if let Some(kind) = kind {
            let dir = page.own_dir.clone().unwrap_or_else(|| page.parent_dir.clone());
            let Some(prefix) = prefix_for(&dir) else {
                diags.push(
                    Diagnostic::error(&page.file, "numbered page has no id prefix")
                        .suggest("set `prefix: TS` (say) in the section's _index.md front matter"),
                );
                continue;
            };
            extract_items(page, pi, kind, &prefix, &mut hb, diags);
        }
    }
    for (i, item) in hb.items.iter().enumerate() {
        for s in &item.aligns {
            hb.aligned_to.entry(s.clone()).or_default().push(i);
        }
    }
    hb.page_ix = pages.iter().enumerate().map(|(i, p)| (p.key.clone(), i)).collect();
    hb.pages = pages;
    hb
}

fn dir_of(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(d, _)| d)
}

/// Depth-first: a section's index, then its pages and subsections by weight, then name.
fn reading_order(pages: Vec<Page>) -> Vec<Page> {
    let mut children: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut root_index = None;
    for (i, p) in pages.iter().enumerate() {
        if p.own_dir.as_deref() == Some("") {
            root_index = Some(i);
        } else {
            children.entry(p.parent_dir.clone()).or_default().push(i);
        }
    }
    for v in children.values_mut() {
        v.sort_by(|&a, &b| (pages[a].front.weight, &pages[a].key).cmp(&(pages[b].front.weight, &pages[b].key)));
    }
    // Folders without an _index.md still hold pages: hang them off the nearest folder.
    let mut order = Vec::with_capacity(pages.len());
    fn visit(dir: &str, pages: &[Page], children: &BTreeMap<String, Vec<usize>>, order: &mut Vec<usize>) {
        if let Some(kids) = children.get(dir) {
            for &k in kids {
                order.push(k);
                if let Some(own) = &pages[k].own_dir {
                    visit(own, pages, children, order);
                }
            }
        }
    }
    if let Some(r) = root_index {
        order.push(r);
    }
    visit("", &pages, &children, &mut order);
    // Pages in folders with no index are not reached by the walk; keep them, in path order.
    let mut seen = vec![false; pages.len()];
    for &i in &order {
        seen[i] = true;
    }
    let mut rest: Vec<usize> = (0..pages.len()).filter(|&i| !seen[i]).collect();
    rest.sort_by(|&a, &b| pages[a].key.cmp(&pages[b].key));
    order.extend(rest);
    let mut slots: Vec<Option<Page>> = pages.into_iter().map(Some).collect();
    order.into_iter().map(|i| slots[i].take().expect("each page once")).collect()
}

/// Finds `## N.M Title {aligns=…}` headings, records them, and gives each its anchor.
fn extract_items(page: &mut Page, pi: usize, kind: ItemKind, prefix: &str, hb: &mut Handbook, diags: &mut Diagnostics) {
    let mut out = String::with_capacity(page.body.len() + 256);
    let mut fence = false;
    let body = std::mem::take(&mut page.body);
    for (n, line) in body.split_inclusive('\n').enumerate() {
        let t = line.trim_end();
        if t.trim_start().starts_with("```") || t.trim_start().starts_with("~~~") {
            fence = !fence;
        }
        let parsed = if fence { None } else { parse_heading(t) };
        let Some((number, title, attrs)) = parsed else {
            out.push_str(line);
            continue;
        };
        let file_line = page.body_line + n;
        let id = format!("{prefix}-{number}");
        if let Some(topic) = page.front.number {
            if !number.starts_with(&format!("{topic}.")) {
                diags.push(
                    Diagnostic::error(&page.file, format!("`{number}` is numbered outside topic {topic} of this page"))
                        .at_line(file_line, 4, t)
                        .suggest(format!("number it {topic}.x, or change `number:` in the front matter")),
                );
            }
        }
        let mut aligns = Vec::new();
        for attr in attrs.split_whitespace() {
            match attr.split_once('=') {
                Some(("aligns", v)) if kind == ItemKind::Competency => {
                    aligns.extend(v.split(',').filter(|s| !s.is_empty()).map(str::to_string))
                }
                _ => diags.push(
                    Diagnostic::error(&page.file, format!("unknown heading attribute `{attr}`"))
                        .at_line(file_line, 1, t)
                        .suggest("competency headings take {aligns=TS-1.1,TS-2.3}; standards take none"),
                ),
            }
        }
        if kind == ItemKind::Competency && aligns.is_empty() {
            diags.push(
                Diagnostic::error(&page.file, format!("competency {id} names no standard it aligns with"))
                    .at_line(file_line, 1, t)
                    .suggest(format!("end the heading with {{aligns=TS-1.1}}: `## {number} {title} {{aligns=…}}`")),
            );
        }
        if hb.item_ix.contains_key(&id) {
            diags.push(Diagnostic::error(&page.file, format!("`{id}` is numbered twice")).at_line(file_line, 4, t));
            out.push_str(line);
            continue;
        }
        hb.item_ix.insert(id.clone(), hb.items.len());
        page.items.push(hb.items.len());
        hb.items.push(NumberedItem {
            id: id.clone(),
            kind,
            number: number.clone(),
            title: title.clone(),
            page: pi,
            aligns,
            line: file_line,
            heading: t.to_string(),
        });
        out.push_str(&format!("## {number} {title} {{#{id}}}\n"));
    }
    page.body = out;
}

/// `## 3.2 Title {attrs}` → ("3.2", "Title", "attrs").
fn parse_heading(line: &str) -> Option<(String, String, String)> {
    let rest = line.strip_prefix("## ")?.trim();
    let (number, rest) = rest.split_once(' ')?;
    let (a, b) = number.split_once('.')?;
    if a.is_empty() || b.is_empty() || !a.bytes().all(|c| c.is_ascii_digit()) || !b.bytes().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let rest = rest.trim();
    let (title, attrs) = match rest.strip_suffix('}').and_then(|r| r.rsplit_once('{')) {
        Some((t, a)) => (t.trim(), a.trim()),
        None => (rest, ""),
    };
    Some((number.to_string(), title.to_string(), attrs.to_string()))
}

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

/// The pages a linked site has, worked out as link works them out: for a test to hold
/// against the pages a build writes.
pub fn site_urls_of(site: &crate::link::Site) -> SiteUrls {
    let urls = SiteUrls::generated(
        site.areas.iter().map(|a| a.id.as_str()),
        site.interventions.iter().map(|i| i.id.as_str()),
        site.schemes.iter().map(|s| s.id.as_str()),
        site.frameworks.iter().map(|f| (f.id.as_str(), f.lots.iter().map(|l| l.number).collect())),
        site.providers.iter().map(|p| (p.id.as_str(), p.name.as_str())),
    );
    let mut urls = with_content(urls, &site.handbook, &mut Diagnostics::default());
    // The lists the landscape audit links to are worked out from the linked site.
    let audit = crate::audit::Audit::build(site);
    for (kind, _) in crate::audit::lists::jobs(site, &audit) {
        urls.add_list(&crate::audit::lists::url(site, kind), "a list the landscape audit links to");
    }
    for m in &site.practice_models {
        urls.add_list(&crate::link::urls::practice_model(&m.id), "a practice model's list of providers");
    }
    urls
}

/// Adds the content pages and print pages; a page whose address is taken is an error.
fn with_content(mut urls: SiteUrls, hb: &Handbook, diags: &mut Diagnostics) -> SiteUrls {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_numbered_headings() {
        assert_eq!(
            parse_heading("## 3.2 Reflective supervision {aligns=TS-1.1,TS-2.2}"),
            Some(("3.2".into(), "Reflective supervision".into(), "aligns=TS-1.1,TS-2.2".into()))
        );
        assert_eq!(parse_heading("## About this topic"), None);
        assert_eq!(parse_heading("### 3.2 Deeper"), None);
    }
}
