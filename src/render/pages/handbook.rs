//! The handbook and guides: content pages and their printable versions, with markdown
//! rendered, cross-references resolved to the site's pages and alignment notes added.

use crate::link::xref::{self, Target};
use crate::link::{urls, ItemKind};
use crate::render::markdown::{content_html, escape_md};
use crate::render::Renderer;
use serde_json::{json, Value};
use std::time::Instant;

impl Renderer<'_> {
    /// A link to a standard or competency with its number and title.
    pub(super) fn item_link(&self, id: &str) -> Option<Value> {
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
    pub(super) fn markdown(&self, body: &str, shift: u8) -> String {
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

    pub(super) fn content(&self, i: usize) -> Result<Value, String> {
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
            "print_url": (page.front.print && page.own_dir.is_some()).then(|| urls::print(&page.url)),
            "source": format!("content/{}.md", page.key),
            "prepared": page.front.prepared.map(|d| json!({ "iso": d.to_string(), "long": d.long() })),
            "reviewed": page.front.reviewed.map(|d| json!({ "iso": d.to_string(), "long": d.long() })),
        });
        Ok(v)
    }

    pub(super) fn print(&self, i: usize) -> Result<Value, String> {
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
        Ok(v)
    }
}
