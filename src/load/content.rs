//! Reads `content/`: markdown files with YAML front matter between `---` lines.

use super::{files_with_ext, read_text, yaml, Unread};
use crate::diagnostic::{Diagnostic, Diagnostics, RefKind};
use crate::link::urls::{is_slug, slugify};
use crate::model::{ContentPage, FrontMatter};
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
                unread.ids.insert((RefKind::Url, crate::link::urls::content(&rel)));
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
