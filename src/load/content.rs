//! Reads `content/`: markdown files with YAML front matter between `---` lines.

use super::{files_with_ext, read_text, yaml, Unread};
use crate::diagnostic::{Diagnostic, Diagnostics, RefKind};
use crate::model::{ContentPage, FrontMatter};
use crate::urls::{is_slug, slugify};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// Reads every page. `templates`, when the theme could be read, are the template names a
/// page's `template:` may choose from.
pub fn load(
    dir: &Path,
    templates: Option<&BTreeMap<String, String>>,
    diags: &mut Diagnostics,
    unread: &mut Unread,
) -> Vec<ContentPage> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let files = files_with_ext(dir, "md", diags);
    type Read = Result<ContentPage, (Diagnostic, Option<Arc<str>>)>;
    let results: Vec<(String, Read)> = files
        .par_iter()
        .map(|path| {
            let rel = path
                .strip_prefix(dir)
                .unwrap_or(path)
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let page = match read_text(path) {
                Ok(text) => parse_page(path, rel.clone(), &text)
                    .and_then(|p| check_page(p, &text, templates))
                    .map_err(|d| (d, Some(text))),
                Err(d) => Err((d, None)),
            };
            (rel, page)
        })
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    for (rel, r) in results {
        match r {
            Ok(p) => pages.push(p),
            Err((d, text)) => {
                diags.push(d);
                // What the page would have given the site, so references to it are not
                // reported as mistakes of their own.
                let key = rel.strip_suffix(".md").unwrap_or(&rel).to_string();
                unread.ids.insert((RefKind::Url, crate::urls::content(&rel)));
                unread.ids.insert((RefKind::Page, key));
                match text {
                    Some(t) => unread.item_numbers.extend(t.lines().filter_map(heading_number)),
                    // Unreadable bytes: any numbered item might have been on it.
                    None => {
                        unread.kinds.insert(RefKind::Item);
                    }
                }
            }
        }
    }
    pages
}

/// What a page must be beyond well-formed front matter: a URL-safe file name, a usable id
/// prefix, and a template the theme has.
fn check_page(
    page: ContentPage,
    text: &str,
    templates: Option<&BTreeMap<String, String>>,
) -> Result<ContentPage, Diagnostic> {
    // The file's path becomes the page's URL and output folder.
    let segments: Vec<&str> = page.rel.strip_suffix(".md").unwrap_or(&page.rel).split('/').collect();
    let last = segments.len() - 1;
    if let Some(bad) = segments.iter().enumerate().find(|&(i, s)| !(is_slug(s) || (i == last && *s == "_index"))) {
        let fixed: Vec<String> =
            segments.iter().map(|s| if *s == "_index" { s.to_string() } else { slugify(s) }).collect();
        return Err(Diagnostic::error(
            &page.file,
            format!("`{}` in the file's path is not URL-safe: it becomes the page's address", bad.1),
        )
        .suggest(format!(
            "use lower-case letters, digits and single hyphens: rename it to content/{}.md",
            fixed.join("/")
        )));
    }
    let front_line = |key: &str| -> usize {
        text.lines().take(page.body_line).position(|l| l.starts_with(&format!("{key}:"))).map_or(1, |i| i + 1)
    };
    let field_error = |key: &str, msg: String| {
        let mut d = Diagnostic::error(&page.file, msg).at(text, front_line(key), key.len() + 3);
        d.field = Some(key.into());
        d
    };
    let title = page.front.title.trim();
    if title.is_empty() || (matches!(title, "~" | "null" | "Null" | "NULL") && plain_value(text, "title")) {
        return Err(field_error("title", "the page has no title: `title:` is empty".into()).suggest(
            "every page needs a title, shown as its heading and in lists, e.g. `title: Choosing a provider`",
        ));
    }
    if let Some((at, message, fix)) = crate::render::markdown::raw_html_problem(&page.body) {
        return Err(in_body(&page, text, at, message).suggest(fix));
    }
    if let Some((at, message)) = unclosed_reference(&page.body) {
        return Err(in_body(&page, text, at, message)
            .suggest("write `[[kind:id]]` or `[[kind:id|words]]`, with no `[` or `]]` inside the brackets"));
    }
    if let Some(p) = &page.front.prefix {
        let ok = p.len() <= 16
            && p.starts_with(|c: char| c.is_ascii_alphabetic())
            && p.bytes().all(|b| b.is_ascii_alphanumeric());
        if !ok {
            return Err(field_error("prefix", format!("prefix `{p}` is not a run of letters and digits"))
                .suggest("numbered items are cited as PREFIX-3.2: use a short prefix such as `TS`"));
        }
    }
    let (Some(t), Some(known)) = (page.front.template.as_deref(), templates) else { return Ok(page) };
    if known.contains_key(t) {
        return Ok(page);
    }
    let pages: Vec<&str> = known.keys().map(String::as_str).filter(|k| !k.starts_with('_')).collect();
    let d = field_error("template", format!("template `{t}` does not exist in the theme"));
    Err(match crate::diagnostic::did_you_mean(t, pages.iter().copied()) {
        Some(best) => d.suggest(format!("did you mean `{best}`?")),
        None => d.suggest(format!("the theme has: {}", pages.join(", "))),
    })
}

/// Whether `key:` in the front matter is written with a plain value (`title: ~`), not a
/// quoted one (`title: "~"`).
fn plain_value(text: &str, key: &str) -> bool {
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}:")))
        .is_some_and(|v| !v.trim_start().starts_with(['"', '\'']))
}

/// A diagnostic at byte `at` of the page's body, with the line and column in the file.
fn in_body(page: &ContentPage, text: &str, at: usize, message: String) -> Diagnostic {
    let before = &page.body[..at.min(page.body.len())];
    let line = page.body_line + before.matches('\n').count();
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    Diagnostic::error(&page.file, message).at(text, line, column)
}

/// The first `[[` outside code that begins no cross-reference though a `]]` follows it on
/// its line (its text holds `[`), or the first `]]` that follows a cross-reference on its line
/// and closes nothing (the reference's words held a `]]`). Either would be published as
/// brackets, with the reference silently unresolved or cut short.
fn unclosed_reference(body: &str) -> Option<(usize, String)> {
    let refs = crate::link::xref::find(body);
    let mut next = refs.iter().peekable();
    let mut fence: Option<&str> = None;
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let t = line.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| t.starts_with(m));
        match (fence, marker) {
            (None, Some(m)) => {
                fence = Some(m);
                continue;
            }
            (Some(f), Some(m)) if f == m => {
                fence = None;
                continue;
            }
            (Some(_), _) => continue,
            _ => {}
        }
        let b = line.as_bytes();
        // A `[[` with no `]]` after it on its line is plain brackets, not a reference.
        let last_close = line.rfind("]]");
        let (mut in_code, mut after_ref, mut i) = (false, false, 0);
        while i < b.len() {
            while next.peek().is_some_and(|r| r.start < start + i) {
                next.next();
            }
            if b[i] == b'`' {
                in_code = !in_code;
            } else if !in_code && next.peek().is_some_and(|r| r.start == start + i) {
                let r = next.next().expect("peeked");
                i = r.end - start;
                after_ref = true;
                continue;
            } else if !in_code && b[i..].starts_with(b"[[") && last_close.is_some_and(|c| c >= i + 2) {
                return Some((start + i, "`[[` begins no cross-reference: its text holds `[`".into()));
            } else if !in_code && after_ref && b[i..].starts_with(b"]]") {
                return Some((
                    start + i,
                    "`]]` closes no cross-reference: a reference's words cannot hold `]]`".into(),
                ));
            }
            i += 1;
        }
    }
    None
}

/// `## 3.2 Title` → `3.2`: a numbered heading, as link's handbook stage reads them.
fn heading_number(line: &str) -> Option<String> {
    let number = line.strip_prefix("## ")?.split_whitespace().next()?;
    let (a, b) = number.split_once('.')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
    (digits(a) && digits(b)).then(|| number.to_string())
}

/// Splits front matter from body and parses it.
pub fn parse_page(path: &Path, rel: String, text: &str) -> Result<ContentPage, Diagnostic> {
    let normalised;
    let text = if text.contains('\r') {
        normalised = text.replace("\r\n", "\n");
        normalised.as_str()
    } else {
        text
    };
    let Some(rest) = text.strip_prefix("---\n") else {
        return Err(Diagnostic::error(path, "page has no front matter")
            .at(text, 1, 1)
            .suggest("start the file with ---, a `title:` line, and --- again"));
    };
    let Some(end) = rest.find("\n---\n").or_else(|| rest.strip_suffix("\n---").map(|r| r.len())) else {
        return Err(Diagnostic::error(path, "front matter is not closed")
            .at(text, 1, 1)
            .suggest("end the front matter with a line holding only ---"));
    };
    let front_text = &rest[..end];
    let front: FrontMatter = yaml::parse(path, front_text).map_err(|mut d| {
        // Front matter starts on line 2 of the file.
        if let Some(l) = d.line {
            let col = d.column.unwrap_or(1);
            d = d.at(text, l + 1, col);
        }
        d
    })?;
    let body_start = (4 + end + 5).min(text.len());
    let body_line = text[..body_start].matches('\n').count() + 1;
    Ok(ContentPage { file: path.to_path_buf(), rel, front, body: text[body_start..].to_string(), body_line })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_with_crlf() {
        let p = parse_page(Path::new("a.md"), "a.md".into(), "---\r\ntitle: A\r\n---\r\nHello\r\n").unwrap();
        assert_eq!(p.front.title, "A");
        assert_eq!(p.body, "Hello\n");
        assert_eq!(p.body_line, 4);
    }

    #[test]
    fn front_matter_errors_point_into_the_file() {
        let e = parse_page(Path::new("a.md"), "a.md".into(), "---\ntitle: A\ntitel: B\n---\nx").unwrap_err();
        assert_eq!(e.line, Some(3));
    }

    #[test]
    fn missing_front_matter_is_an_error() {
        assert!(parse_page(Path::new("a.md"), "a.md".into(), "# Hello").is_err());
    }
}
