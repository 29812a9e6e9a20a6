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
    let mut depth = 0usize;
    let mut open_links: Vec<bool> = Vec::new();
    let events = Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH).filter_map(|ev| match ev {
        Event::Html(_) | Event::InlineHtml(_) => None,
        Event::Start(Tag::Heading { .. }) => Some(Event::Html("<p><strong>".into())),
        Event::End(TagEnd::Heading(_)) => Some(Event::Html("</strong></p>\n".into())),
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        Event::Start(Tag::Link { dest_url, .. }) => {
            let ok = safe_link(&dest_url);
            open_links.push(ok);
            ok.then(|| {
                Event::Html(
                    format!("<a href=\"{}\" rel=\"nofollow noopener noreferrer\">", escape(dest_url.trim())).into(),
                )
            })
        }
        Event::End(TagEnd::Link) => open_links.pop().unwrap_or(false).then(|| Event::Html("</a>".into())),
        // Deep nesting is flattened past eight levels, for the browser's sake.
        Event::Start(t @ (Tag::List(_) | Tag::BlockQuote(_))) => {
            depth += 1;
            (depth <= 8).then_some(Event::Start(t))
        }
        Event::End(t @ (TagEnd::List(_) | TagEnd::BlockQuote(_))) => {
            depth -= 1;
            (depth < 8).then_some(Event::End(t))
        }
        Event::Start(Tag::Item) | Event::End(TagEnd::Item) if depth > 8 => None,
        other => Some(other),
    });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    html
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

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

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
    fn content_keeps_anchors_and_highlights() {
        let hl = Highlighter::new();
        let html =
            content_html("## 3.2 Supervision {#TS-3.2}\n\n```yaml\nname: x\n```\n[g](/guides/)\n", &hl, "/sub/", 0);
        assert!(html.contains("id=\"TS-3.2\""), "{html}");
        assert!(html.contains("class=\"hl"), "{html}");
        assert!(html.contains("href=\"/sub/guides/\""), "{html}");
    }
}
