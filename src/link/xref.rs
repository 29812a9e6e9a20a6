//! References in markdown, and what they can point at.
//!
//! Cross-references (`[[TS-3.2]]`, `[[provider:acorn]]`, `[[lot:nel/2|lot 2]]`) are found
//! here once, with their positions, so that link can refuse unknown targets (naming the
//! line) and render can replace each with a link carrying the target's title. Text in
//! fenced code blocks and inline code is left alone, so guides can show the syntax itself.
//!
//! Plain markdown links to the site's own pages (`[fees](/guides/fees/)`) are found here too,
//! and [`SiteUrls`] lists the pages the site will have, so link can refuse a link to a page
//! that will not exist.

use crate::link::sort_key;
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag};
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A numbered standard or competency, by its full id.
    Item(String),
    Provider(String),
    Area(String),
    Intervention(String),
    Scheme(String),
    Framework(String),
    Lot(String, u32),
    /// A lot by its own id.
    LotId(String),
    /// A content page by its path without `.md`.
    Page(String),
}

#[derive(Debug, Clone)]
pub struct XRef {
    /// Byte range of the whole `[[…]]` in the text.
    pub start: usize,
    pub end: usize,
    /// 0-based line within the text.
    pub line: usize,
    pub column: usize,
    pub raw: String,
    pub target: Result<Target, String>,
    pub label: Option<String>,
}

pub fn parse_target(s: &str) -> Result<Target, String> {
    let s = s.trim();
    let Some((kind, id)) = s.split_once(':') else {
        return Ok(Target::Item(s.to_string()));
    };
    let id = id.trim().to_string();
    Ok(match kind.trim() {
        "provider" => Target::Provider(id),
        "area" => Target::Area(id),
        "intervention" => Target::Intervention(id),
        "scheme" => Target::Scheme(id),
        "framework" => Target::Framework(id),
        "page" => Target::Page(id.trim_matches('/').to_string()),
        "lot" => {
            let Some((f, n)) = id.split_once('/') else {
                return Ok(Target::LotId(id));
            };
            let n = n.parse().map_err(|_| format!("lot number in `{s}` is not a number"))?;
            Target::Lot(f.to_string(), n)
        }
        other => {
            return Err(format!(
                "unknown kind `{other}` in `[[{s}]]`: use provider, area, intervention, scheme, framework, lot or page"
            ))
        }
    })
}

/// Every cross-reference in `text`, outside code.
pub fn find(text: &str) -> Vec<XRef> {
    let mut out = Vec::new();
    let mut fence: Option<&str> = None;
    let mut offset = 0;
    for (line_no, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_start();
        let marker = if trimmed.starts_with("```") {
            Some("```")
        } else if trimmed.starts_with("~~~") {
            Some("~~~")
        } else {
            None
        };
        match (fence, marker) {
            (None, Some(m)) => fence = Some(m),
            (Some(f), Some(m)) if f == m => fence = None,
            (None, None) => scan_line(line, offset, line_no, &mut out),
            _ => {}
        }
        offset += line.len();
    }
    out
}

/// Cross-references on one line. Linear in the line's length, however many `[[` it holds:
/// the first `]]` after a `[[` is found once and shared by every `[[` before it.
fn scan_line(line: &str, offset: usize, line_no: usize, out: &mut Vec<XRef>) {
    let bytes = line.as_bytes();
    let mut i = 0;
    let mut in_code = false;
    let mut close_at: Option<usize> = None;
    // The column of byte `counted`, advanced as references are found.
    let (mut counted, mut column) = (0, 0);
    while i < bytes.len() {
        if bytes[i] == b'`' {
            in_code = !in_code;
            i += 1;
            continue;
        }
        if !in_code && bytes[i..].starts_with(b"[[") {
            let close = match close_at {
                Some(c) if c >= i + 2 => Some(c),
                _ => line[i + 2..].find("]]").map(|c| i + 2 + c),
            };
            close_at = close;
            // No `]]` later on the line: no reference can start from here on.
            let Some(c) = close else { break };
            let inner = &line[i + 2..c];
            if !inner.is_empty() && !inner.contains('[') {
                let (t, label) = match inner.split_once('|') {
                    Some((t, l)) => (t, Some(l.trim().to_string())),
                    None => (inner, None),
                };
                column += line[counted..i].chars().count();
                counted = i;
                out.push(XRef {
                    start: offset + i,
                    end: offset + c + 2,
                    line: line_no,
                    column,
                    raw: inner.to_string(),
                    target: parse_target(t),
                    label,
                });
                i = c + 2;
                continue;
            }
        }
        i += 1;
    }
}

/// A markdown link, with its position in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MdLink {
    pub dest: String,
    /// 0-based line and character column of the link's `[` within the text.
    pub line: usize,
    pub column: usize,
    /// An image (`![alt](src)`) rather than a link.
    pub image: bool,
}

/// The options content pages are rendered with, so links are found as render will see them.
fn content_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Every link and image in `text` with a written destination (not autolinks or emails).
pub fn links(text: &str) -> Vec<MdLink> {
    let line_starts: Vec<usize> = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
    let mut out = Vec::new();
    let mut last: Option<(usize, usize, usize)> = None;
    for (ev, range) in Parser::new_ext(text, content_options()).into_offset_iter() {
        let (link_type, dest, image) = match ev {
            Event::Start(Tag::Link { link_type, dest_url, .. }) => (link_type, dest_url, false),
            Event::Start(Tag::Image { link_type, dest_url, .. }) => (link_type, dest_url, true),
            _ => continue,
        };
        if matches!(link_type, LinkType::Autolink | LinkType::Email) {
            continue;
        }
        let line = line_starts.partition_point(|&s| s <= range.start) - 1;
        // Counted from the previous link when it is on the same line, so a line of many
        // links costs its length once.
        let from = match last {
            Some((l, at, col)) if l == line && at <= range.start => (at, col),
            _ => (line_starts[line], 0),
        };
        let column = from.1 + text[from.0..range.start].chars().count();
        last = Some((line, range.start, column));
        out.push(MdLink { dest: dest.to_string(), line, column, image });
    }
    out
}

/// Who a page of the site belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    /// A page made from the register, or one of the site's fixed pages: what it is.
    Generated(String),
    /// A content page, by its index in the handbook.
    Content(usize),
}

/// Every page the site will have, by URL relative to the site root (`guides/fees/`, `` for
/// the home page). This mirrors the jobs render makes from the same records; a test builds
/// the example site and compares the two, so they cannot drift apart unnoticed.
#[derive(Debug, Default)]
pub struct SiteUrls {
    urls: HashMap<String, Owner>,
    /// Lists split into pages (`areas/hackney/page/2/`): their first pages.
    paged: Vec<String>,
    /// No list has more pages than there are providers.
    max_page: usize,
}

impl SiteUrls {
    /// The pages made from the register, and the fixed ones.
    pub fn generated<'a>(
        areas: impl IntoIterator<Item = &'a str>,
        interventions: impl IntoIterator<Item = &'a str>,
        schemes: impl IntoIterator<Item = &'a str>,
        frameworks: impl IntoIterator<Item = (&'a str, Vec<u32>)>,
        providers: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> SiteUrls {
        use super::urls;
        let mut s = SiteUrls::default();
        let fixed = [
            ("", "the home page"),
            ("landscape/", "the landscape page"),
            ("search/", "the search page"),
            ("compare/", "the compare page"),
            ("providers/", "the providers index"),
            ("areas/", "the areas index"),
            ("interventions/", "the kinds-of-support index"),
            ("schemes/", "the schemes index"),
            ("frameworks/", "the frameworks index"),
            ("practice-models/", "the list of practice models"),
        ];
        for (u, what) in fixed {
            s.urls.insert(u.to_string(), Owner::Generated(what.to_string()));
        }
        let add = |s: &mut SiteUrls, url: String, what: String, paged: bool| {
            if paged {
                s.paged.push(url.clone());
            }
            s.urls.insert(url, Owner::Generated(what));
        };
        for a in areas {
            add(&mut s, urls::area(a), format!("the page of area `{a}`"), true);
        }
        for i in interventions {
            add(&mut s, urls::intervention(i), format!("the page of intervention `{i}`"), true);
        }
        for sc in schemes {
            add(&mut s, urls::scheme(sc), format!("the page of scheme `{sc}`"), true);
        }
        for (f, lots) in frameworks {
            add(&mut s, urls::framework(f), format!("the page of framework `{f}`"), false);
            for n in lots {
                add(&mut s, urls::lot(&f.to_string(), n), format!("the page of lot {n} of `{f}`"), false);
            }
        }
        for (id, name) in providers {
            s.max_page += 1;
            add(&mut s, urls::provider(id), format!("the page of provider `{id}`"), false);
            let letter = letter_of(name);
            add(&mut s, urls::letter(&letter), format!("the providers under {}", letter.to_uppercase()), true);
        }
        s
    }

    /// Adds a content page's URL; on a clash, says what already has it.
    pub fn add_content(&mut self, url: &str, page: usize) -> Result<(), Owner> {
        match self.urls.get(url) {
            Some(o) => Err(o.clone()),
            None => {
                self.urls.insert(url.to_string(), Owner::Content(page));
                Ok(())
            }
        }
    }

    /// Adds a generated page (a section's print page); on a clash, says what already has it.
    pub fn add_generated(&mut self, url: &str, what: &str) -> Result<(), Owner> {
        match self.urls.get(url) {
            Some(o) => Err(o.clone()),
            None => {
                self.urls.insert(url.to_string(), Owner::Generated(what.to_string()));
                Ok(())
            }
        }
    }

    /// Adds a generated list, which may run to several pages.
    pub fn add_list(&mut self, url: &str, what: &str) {
        self.paged.push(url.to_string());
        self.urls.insert(url.to_string(), Owner::Generated(what.to_string()));
    }

    /// Who owns `url` (relative to the site root, ending in `/`), counting later pages of
    /// paginated lists.
    pub fn owner(&self, url: &str) -> Option<Owner> {
        if let Some(o) = self.urls.get(url) {
            return Some(o.clone());
        }
        let (base, n) = url.strip_suffix('/')?.rsplit_once("/page/")?;
        let n: usize = n.parse().ok()?;
        let base = format!("{base}/");
        (n >= 2 && n <= self.max_page && self.paged.contains(&base))
            .then(|| Owner::Generated(format!("a page of {base}")))
    }

    /// Every URL known, in no order.
    pub fn urls(&self) -> impl Iterator<Item = &str> {
        self.urls.keys().map(String::as_str)
    }
}

/// The A to Z group of a name, as render files it: `a`…`z`, `0-9` or `other`.
pub fn letter_of(name: &str) -> String {
    match sort_key(name).chars().next() {
        Some(c) if c.is_ascii_lowercase() => c.to_string(),
        Some(c) if c.is_ascii_digit() => "0-9".into(),
        _ => "other".into(),
    }
}

/// Where a link written on the page at `page_url` leads, relative to the site root.
#[derive(Debug, PartialEq, Eq)]
pub enum Dest {
    /// Another site, an email address, a phone number: not ours to check.
    External,
    /// A file that is not a page (`/exports/providers.csv`): not checked.
    File,
    /// A page of the site (`guides/fees/`), and the fragment, if any.
    Page(String, Option<String>),
    /// A relative link that climbs out of the site.
    Outside,
}

/// Resolves a link's destination against the URL of the page it is written on.
pub fn resolve_dest(dest: &str, page_url: &str) -> Dest {
    let dest = dest.trim();
    let scheme = dest.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c)) && !s.contains('/')
    });
    if scheme || dest.starts_with("//") {
        return Dest::External;
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or("");
    let joined = if let Some(abs) = path.strip_prefix('/') {
        abs.to_string()
    } else if path.is_empty() {
        page_url.to_string()
    } else {
        format!("{page_url}{path}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Dest::Outside;
                }
            }
            s => parts.push(s),
        }
    }
    let last = parts.last().copied().unwrap_or("");
    if last == "index.html" {
        parts.pop();
    } else if last.contains('.') && !last.ends_with(".html") {
        return Dest::File;
    }
    let mut url = parts.join("/");
    // Every page is a folder; `guides/fees.html` is kept as written, and is no page.
    if !url.is_empty() && !url.ends_with(".html") {
        url.push('/');
    }
    Dest::Page(url, fragment.filter(|f| !f.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_refs_outside_code_only() {
        let text = "See [[TS-3.2]] and `[[TS-1.1]]`.\n```\n[[TS-9.9]]\n```\nAlso [[lot:nel/2|the lot]].\n";
        let refs = find(text);
        assert_eq!(refs.len(), 2);
        assert_eq!(refs[0].target, Ok(Target::Item("TS-3.2".into())));
        assert_eq!(refs[1].target, Ok(Target::Lot("nel".into(), 2)));
        assert_eq!(refs[1].label.as_deref(), Some("the lot"));
        assert_eq!(refs[1].line, 4);
        assert_eq!(&text[refs[0].start..refs[0].end], "[[TS-3.2]]");
    }

    #[test]
    fn long_lines_of_brackets_are_scanned_in_linear_time() {
        let line = format!("{}[[TS-1.1]] {}", "[[".repeat(200_000), "[[x]] ".repeat(50_000));
        let t = std::time::Instant::now();
        let refs = find(&line);
        assert_eq!(refs.len(), 50_001);
        assert_eq!(refs[1].column, 400_000 + 11);
        assert!(t.elapsed() < std::time::Duration::from_secs(2), "{:?}", t.elapsed());
    }

    #[test]
    fn bad_kinds_are_errors() {
        assert!(parse_target("widget:x").is_err());
        assert!(parse_target("lot:nel/one").is_err());
        // Without a number, a lot is cited by its own id.
        assert_eq!(parse_target("lot:nel-family-therapy"), Ok(Target::LotId("nel-family-therapy".into())));
    }

    #[test]
    fn finds_links_with_positions() {
        let text = "Intro\n\nSee [fees](/guides/fees/) and ![map](map.png).\n<https://x.example>\n";
        let l = links(text);
        assert_eq!(l.len(), 2, "{l:?}");
        assert_eq!(l[0], MdLink { dest: "/guides/fees/".into(), line: 2, column: 4, image: false });
        assert!(l[1].image);
    }

    #[test]
    fn resolves_destinations() {
        let here = "guides/choosing/";
        assert_eq!(resolve_dest("/guides/fees/", here), Dest::Page("guides/fees/".into(), None));
        assert_eq!(resolve_dest("/guides/fees", here), Dest::Page("guides/fees/".into(), None));
        assert_eq!(resolve_dest("../fees/#TS-1.1", here), Dest::Page("guides/fees/".into(), Some("TS-1.1".into())));
        assert_eq!(resolve_dest("#TS-1.1", here), Dest::Page(here.into(), Some("TS-1.1".into())));
        assert_eq!(resolve_dest("/guides/index.html", here), Dest::Page("guides/".into(), None));
        assert_eq!(resolve_dest("/", here), Dest::Page("".into(), None));
        assert_eq!(resolve_dest("../../../x/", here), Dest::Outside);
        assert_eq!(resolve_dest("/exports/providers.csv", here), Dest::File);
        for ext in ["https://x.example/", "mailto:a@b.example", "tel:0207", "//cdn.example/x"] {
            assert_eq!(resolve_dest(ext, here), Dest::External, "{ext}");
        }
    }

    #[test]
    fn site_urls_know_paginated_lists() {
        let s =
            SiteUrls::generated(["hackney"], ["ot"], [], [("nel", vec![1, 2])], [("acorn", "Acorn"), ("b", "Ærwen")]);
        assert!(s.owner("areas/hackney/").is_some());
        assert!(s.owner("areas/hackney/page/2/").is_some());
        assert!(s.owner("areas/hackney/page/3/").is_none());
        assert!(s.owner("frameworks/nel/lot-2/").is_some());
        assert!(s.owner("frameworks/nel/lot-3/").is_none());
        assert!(s.owner("a-z/a/").is_some());
        assert!(s.owner("providers/acorn/").is_some());
    }
}
