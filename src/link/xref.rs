//! Cross-references in markdown: `[[TS-3.2]]`, `[[provider:acorn]]`, `[[lot:nel/2|lot 2]]`.
//!
//! Found here once, with their positions, so that link can refuse unknown targets (naming
//! the line) and render can replace each with a link carrying the target's title. Text in
//! fenced code blocks and inline code is left alone, so guides can show the syntax itself.

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
            let (f, n) =
                id.split_once('/').ok_or_else(|| format!("lot reference `{s}` needs a number: `lot:{id}/1`"))?;
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

fn scan_line(line: &str, offset: usize, line_no: usize, out: &mut Vec<XRef>) {
    let bytes = line.as_bytes();
    let mut i = 0;
    let mut in_code = false;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            in_code = !in_code;
            i += 1;
            continue;
        }
        if !in_code && bytes[i..].starts_with(b"[[") {
            if let Some(close) = line[i + 2..].find("]]") {
                let inner = &line[i + 2..i + 2 + close];
                if !inner.is_empty() && !inner.contains('[') {
                    let (t, label) = match inner.split_once('|') {
                        Some((t, l)) => (t, Some(l.trim().to_string())),
                        None => (inner, None),
                    };
                    out.push(XRef {
                        start: offset + i,
                        end: offset + i + 2 + close + 2,
                        line: line_no,
                        column: line[..i].chars().count(),
                        raw: inner.to_string(),
                        target: parse_target(t),
                        label,
                    });
                    i += 2 + close + 2;
                    continue;
                }
            }
        }
        i += 1;
    }
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
    fn bad_kinds_are_errors() {
        assert!(parse_target("widget:x").is_err());
        assert!(parse_target("lot:nel").is_err());
    }
}
