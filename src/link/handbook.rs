//! The handbook and guides: content pages in reading order, and the numbered standards and
//! competencies found in them, with alignment resolved in both directions.

use crate::diagnostic::{Diagnostic, Diagnostics};
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
