/*!
Markdown to HTML, for handbook pages (trusted) and provider text (untrusted).

Both paths end in the same allow-list sanitiser (ammonia): provider text may hold any HTML a
hostile editor can type, and even handbook pages are written by many hands. Cross-references
are replaced by links before parsing; fenced code is highlighted with syntect into CSS
classes (no inline styles), and identical blocks are highlighted once per build.
*/

use super::highlight::Highlighter;
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;
use std::sync::OnceLock;

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Renders trusted-ish content (handbook, guides): headings keep their ids, code is
/// highlighted, and the result is still sanitised.
///
/// Links written from the site root (`/guides/x/`) are given the base path, so the site works
/// under a sub-path; `shift` demotes headings by that many levels (for the print page).
pub fn content_html(markdown: &str, hl: &Highlighter, base: &str, shift: u8) -> String {
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    let mut code: Option<(String, String)> = None;
    let demote = |l: HeadingLevel| -> HeadingLevel {
        let n = (l as usize + shift as usize).min(6);
        HeadingLevel::try_from(n).unwrap_or(HeadingLevel::H6)
    };
    let events = Parser::new_ext(markdown, options()).filter_map(|ev| match ev {
        Event::Start(Tag::Link { link_type, dest_url, title, id })
            if dest_url.starts_with('/') && !dest_url.starts_with("//") =>
        {
            let dest = format!("{base}{}", &dest_url[1..]);
            Some(Event::Start(Tag::Link { link_type, dest_url: dest.into(), title, id }))
        }
        Event::Start(Tag::Heading { level, id, classes, attrs }) if shift > 0 => {
            Some(Event::Start(Tag::Heading { level: demote(level), id, classes, attrs }))
        }
        Event::End(TagEnd::Heading(level)) if shift > 0 => Some(Event::End(TagEnd::Heading(demote(level)))),
        Event::Start(Tag::CodeBlock(kind)) => {
            let lang = match kind {
                CodeBlockKind::Fenced(l) => l.split([' ', ',']).next().unwrap_or("").to_string(),
                CodeBlockKind::Indented => String::new(),
            };
            code = Some((lang, String::new()));
            None
        }
        Event::Text(t) if code.is_some() => {
            code.as_mut().expect("in code").1.push_str(&t);
            None
        }
        Event::End(TagEnd::CodeBlock) => {
            let (lang, text) = code.take().expect("in code");
            Some(Event::Html(hl.block(&lang, &text).into()))
        }
        // Raw HTML in content is passed on, then cleaned by the sanitiser below.
        other => Some(other),
    });
    let mut nesting = Nesting::default();
    let events = events.filter_map(|ev| nesting.event(ev));
    pulldown_cmark::html::push_html(&mut html, events);
    content_sanitiser().clean(&html).to_string()
}

/// Renders untrusted provider text. Headings are demoted below the page's own (a provider
/// cannot add an `h1`), images and raw HTML are dropped, and links keep only web, mail and
/// phone addresses.
///
/// Safety here comes from construction rather than from cleaning afterwards: every raw-HTML
/// event is dropped before pulldown-cmark writes anything, text is escaped by the writer,
/// and each link is written by us with its address checked and escaped. That is what lets
/// the 10,000 provider pages skip a second HTML parse in a sanitiser.
pub fn untrusted_html(markdown: &str) -> String {
    /// What a start tag became, so its end tag becomes the same.
    struct Open {
        /// `None`: left out; `Some(None)`: written as itself; `Some(Some(html))`: closed by `html`.
        close: Option<Option<&'static str>>,
        container: bool,
    }
    let mut open: Vec<Open> = Vec::new();
    // Elements written and still open; lists and quotes among them; lists and quotes left out.
    let (mut written, mut containers, mut flattened) = (0usize, 0usize, 0usize);
    let events = Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH).filter_map(|ev| match ev {
        Event::Html(_) | Event::InlineHtml(_) => None,
        Event::Start(tag) => {
            let container = matches!(tag, Tag::List(_) | Tag::BlockQuote(_));
            // Deep nesting is flattened: past eight lists and quotes, or 32 elements of any
            // kind, a start tag and its end are left out and only the text stays.
            let room = written < MAX_UNTRUSTED_NESTING
                && !(container && containers >= MAX_UNTRUSTED_CONTAINERS)
                && !(matches!(tag, Tag::Item) && flattened > 0);
            let (close, ev) = match tag {
                _ if !room => (None, None),
                Tag::Image { .. } | Tag::HtmlBlock => (None, None),
                Tag::Heading { .. } => (Some(Some("</strong></p>\n")), Some(Event::Html("<p><strong>".into()))),
                Tag::Link { dest_url, .. } if safe_link(&dest_url) => (
                    Some(Some("</a>")),
                    Some(Event::Html(
                        format!("<a href=\"{}\" rel=\"nofollow noopener noreferrer\">", escape(dest_url.trim())).into(),
                    )),
                ),
                Tag::Link { .. } => (None, None),
                other => (Some(None), Some(Event::Start(other))),
            };
            match (&close, container) {
                (Some(_), true) => containers += 1,
                (None, true) => flattened += 1,
                _ => {}
            }
            if close.is_some() {
                written += 1;
            }
            open.push(Open { close, container });
            ev
        }
        Event::End(end) => {
            let o = open.pop()?;
            match (o.close, o.container) {
                (Some(close), container) => {
                    written -= 1;
                    containers -= usize::from(container);
                    Some(close.map_or(Event::End(end), |html| Event::Html(html.into())))
                }
                (None, container) => {
                    flattened -= usize::from(container);
                    None
                }
            }
        }
        other => Some(other),
    });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// The most elements provider text may open inside one another, and the most lists and
/// quotes among them. Real text needs a handful; every parser after this one (the
/// minifier, the browser) spends stack or time in proportion to the depth.
const MAX_UNTRUSTED_NESTING: usize = 32;
const MAX_UNTRUSTED_CONTAINERS: usize = 8;

/// The most elements content may open inside one another, counting raw HTML. The
/// sanitiser's HTML parser checks the open elements on every tag, so unbounded nesting costs
/// time in its square, and stack.
const MAX_CONTENT_NESTING: usize = 64;

/// Keeps the nesting of content within [`MAX_CONTENT_NESTING`]: a start tag past it is left
/// out with its end tag, and raw HTML past it is cut off.
#[derive(Default)]
struct Nesting {
    /// Per open markdown element: whether it was written.
    open: Vec<bool>,
    /// Markdown elements written and still open.
    written: usize,
    /// An estimate, never too low, of the raw HTML elements still open.
    raw: usize,
}

impl Nesting {
    fn event<'a>(&mut self, ev: Event<'a>) -> Option<Event<'a>> {
        match ev {
            Event::Start(t) => {
                let keep = self.written + self.raw < MAX_CONTENT_NESTING;
                self.open.push(keep);
                self.written += usize::from(keep);
                keep.then_some(Event::Start(t))
            }
            Event::End(t) => {
                let keep = self.open.pop().unwrap_or(false);
                self.written -= usize::from(keep);
                keep.then_some(Event::End(t))
            }
            Event::Html(h) => self.raw_html(&h).map(|h| Event::Html(h.into())),
            Event::InlineHtml(h) => self.raw_html(&h).map(|h| Event::InlineHtml(h.into())),
            other => Some(other),
        }
    }

    /// The part of `html` that keeps within the limit, counting its start and end tags.
    /// Elements that cannot hold themselves (`p`, `li`, `td`…) and void ones do not count.
    fn raw_html(&mut self, html: &str) -> Option<String> {
        const FLAT: &[&str] = &[
            "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rt", "rp", "area", "base", "br", "col",
            "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "thead", "tbody", "tfoot",
        ];
        let b = html.as_bytes();
        let mut i = 0;
        while let Some(lt) = html[i..].find('<').map(|n| i + n) {
            let close = b.get(lt + 1) == Some(&b'/');
            let name_at = lt + 1 + usize::from(close);
            let name_len = b[name_at..].iter().take_while(|c| c.is_ascii_alphanumeric()).count();
            i = lt + 1;
            if name_len == 0 {
                continue;
            }
            let name = html[name_at..name_at + name_len].to_ascii_lowercase();
            if FLAT.contains(&name.as_str()) {
                continue;
            }
            let self_closed = html[name_at..].find('>').is_some_and(|g| html[..name_at + g].ends_with('/'));
            if close {
                self.raw = self.raw.saturating_sub(1);
            } else if !self_closed {
                if self.written + self.raw >= MAX_CONTENT_NESTING {
                    return (lt > 0).then(|| html[..lt].to_string());
                }
                self.raw += 1;
            }
        }
        Some(html.to_string())
    }
}

/// The raw HTML a content page may hold: what markdown cannot write (a disclosure, an
/// abbreviation, a key, a sub- or superscript, a highlight) and the plain elements a writer
/// may reach for by habit. Anything else, an image among them (markdown's `![alt](src)`
/// writes one with its alternative text), is refused by `check` with its line; the
/// sanitiser then drops what this list lets through but a page must not carry (scripts,
/// event attributes, styles).
pub const CONTENT_HTML_TAGS: &[&str] = &[
    "details",
    "summary",
    "abbr",
    "kbd",
    "samp",
    "var",
    "sub",
    "sup",
    "mark",
    "small",
    "cite",
    "q",
    "dfn",
    "time",
    "ins",
    "del",
    "s",
    "u",
    "b",
    "i",
    "em",
    "strong",
    "code",
    "span",
    "div",
    "p",
    "br",
    "hr",
    "wbr",
    "dl",
    "dt",
    "dd",
    "ul",
    "ol",
    "li",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "figure",
    "figcaption",
    "blockquote",
    "a",
];

/// Elements that have no end tag.
const VOID: &[&str] = &["br", "hr", "wbr"];

/// The first piece of raw HTML in a content page that would break the page or is not on
/// [`CONTENT_HTML_TAGS`]: an element left open (an unclosed `<details>` folds the rest of
/// the page away), an end tag with no start, a tag not on the list. Returns the byte
/// offset in `markdown`, the message and a fix.
pub fn raw_html_problem(markdown: &str) -> Option<(usize, String, String)> {
    // Open elements: name and where their start tag is.
    let mut open: Vec<(String, usize)> = Vec::new();
    for (ev, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        let (Event::Html(html) | Event::InlineHtml(html)) = ev else { continue };
        // The event's text is the source's, so offsets within it are offsets in the page.
        let base = range.start;
        let mut i = 0;
        while let Some(lt) = html[i..].find('<').map(|n| i + n) {
            let rest = &html[lt..];
            if rest.starts_with("<!--") {
                i = rest.find("-->").map_or(html.len(), |e| lt + e + 3);
                continue;
            }
            let close = rest.starts_with("</");
            let name: String = rest[1 + usize::from(close)..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            i = lt + 1;
            if name.is_empty() {
                continue;
            }
            let at = base + lt;
            if !CONTENT_HTML_TAGS.contains(&name.as_str()) {
                let fix = if name == "img" {
                    "write the image in markdown, with its alternative text: ![what it shows](/path/to/image.png)"
                        .to_string()
                } else {
                    format!("content may hold these HTML elements: {}", CONTENT_HTML_TAGS.join(", "))
                };
                return Some((at, format!("`<{name}>` is not allowed in a content page"), fix));
            }
            let self_closed = rest.find('>').is_some_and(|g| rest[..g].ends_with('/'));
            if VOID.contains(&name.as_str()) || (self_closed && !close) {
                continue;
            }
            if !close {
                open.push((name, at));
                continue;
            }
            match open.iter().rposition(|(n, _)| *n == name) {
                // Closing the innermost element, as it should.
                Some(k) if k + 1 == open.len() => {
                    open.pop();
                }
                Some(k) => {
                    let (inner, inner_at) = open[k + 1].clone();
                    return Some((
                        inner_at,
                        format!("`<{inner}>` is not closed before `</{name}>`"),
                        format!("add `</{inner}>` before `</{name}>`"),
                    ));
                }
                None => {
                    return Some((
                        at,
                        format!("`</{name}>` closes an element that was never opened"),
                        format!("remove it, or add `<{name}>` where the element begins"),
                    ))
                }
            }
        }
    }
    // Elements markdown closes itself (`p`, `li`) may be left open as in HTML; the rest not.
    let (name, at) =
        open.into_iter().find(|(n, _)| !matches!(n.as_str(), "p" | "li" | "dt" | "dd" | "tr" | "td" | "th"))?;
    Some((
        at,
        format!("`<{name}>` is never closed: the rest of the page would fall inside it"),
        format!("add `</{name}>` where it ends"),
    ))
}

/// Only web, mail and phone links survive in provider text.
fn safe_link(url: &str) -> bool {
    let u = url.trim().to_ascii_lowercase();
    ["https://", "http://", "mailto:", "tel:"].iter().any(|p| u.starts_with(p)) && !url.chars().any(|c| c.is_control())
}

fn content_sanitiser() -> &'static ammonia::Builder<'static> {
    static B: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    B.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_tag_attributes("h2", ["id"])
            .add_tag_attributes("h3", ["id"])
            .add_tag_attributes("h4", ["id"])
            .add_tag_attributes("span", ["class"])
            .add_tag_attributes("pre", ["class", "tabindex"])
            .add_tag_attributes("code", ["class"])
            .add_tag_attributes("a", ["class", "id"])
            .add_tag_attributes("sup", ["class", "id"])
            .add_tag_attributes("div", ["class", "id"])
            .add_tag_attributes("li", ["id"])
            .add_tag_attributes("pre", ["data-lang"])
            .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
            .link_rel(None);
        b
    })
}

pub use crate::html::escape;

/// Escapes text so it reads literally inside a markdown link label.
pub fn escape_md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\`*_[]<>()#!|".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untrusted_text_loses_script() {
        let evil = "<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n# Big";
        let html = untrusted_html(evil);
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("<h1"), "{html}");
        assert!(html.contains("<strong>Big</strong>"), "{html}");
        let html = untrusted_html("[ok](https://a.example/?q=\"x) <javascript:alert(1)> [bad](JaVaScRiPt:alert(1))");
        assert!(html.contains("href=\"https://a.example/?q=&quot;x\""), "{html}");
        assert!(!html.to_lowercase().contains("javascript:alert(1)\""), "{html}");
        assert!(!html.contains("href=\"javascript"), "{html}");
    }

    #[test]
    fn deep_nesting_is_flattened() {
        let deep = format!("{}a{}", "*".repeat(30_000), "*".repeat(30_000));
        let html = untrusted_html(&deep);
        assert!(
            html.matches("<strong>").count() + html.matches("<em>").count() <= MAX_UNTRUSTED_NESTING,
            "{}",
            html.len()
        );
        assert_eq!(html.matches("<strong>").count(), html.matches("</strong>").count());
        let quotes = untrusted_html(&format!("{} x\n\n- a\n  - b\n", ">".repeat(10_000)));
        assert_eq!(quotes.matches("<blockquote>").count(), MAX_UNTRUSTED_CONTAINERS);
        assert!(quotes.contains("x"));
        let hl = Highlighter::new();
        let t = std::time::Instant::now();
        let html = content_html(&format!("{}x\n\n{} y\n", "<div>".repeat(50_000), ">".repeat(50_000)), &hl, "/", 0);
        assert!(html.matches("<div>").count() <= MAX_CONTENT_NESTING);
        assert!(html.matches("<blockquote>").count() <= MAX_CONTENT_NESTING);
        assert!(html.contains('y'));
        assert!(t.elapsed() < std::time::Duration::from_secs(5), "{:?}", t.elapsed());
    }

    #[test]
    fn content_keeps_anchors_and_highlights() {
        let hl = Highlighter::new();
        let html =
            content_html("## 3.2 Supervision {#TS-3.2}\n\n```yaml\nname: x\n```\n[g](/guides/)\n", &hl, "/sub/", 0);
        assert!(html.contains("id=\"TS-3.2\""), "{html}");
        assert!(html.contains("class=\"hl"), "{html}");
        assert!(html.contains("href=\"/sub/guides/\""), "{html}");
    }
}
