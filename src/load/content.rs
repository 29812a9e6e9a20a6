//! Reads `content/`: markdown files with YAML front matter between `---` lines.

use super::{files_with_ext, read_text, yaml};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{ContentPage, FrontMatter};
use rayon::prelude::*;
use std::path::Path;

pub fn load(dir: &Path, diags: &mut Diagnostics) -> Vec<ContentPage> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let files = files_with_ext(dir, "md", diags);
    let results: Vec<Result<ContentPage, Diagnostic>> = files
        .par_iter()
        .map(|path| {
            let text = read_text(path)?;
            let rel = path
                .strip_prefix(dir)
                .unwrap_or(path)
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            parse_page(path, rel, &text)
        })
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(p) => pages.push(p),
            Err(d) => diags.push(d),
        }
    }
    pages
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
