//! A small HTML tokeniser, enough to see tags and attributes as a browser's tokeniser does,
//! and the test every page of the site must pass: no script but the theme's own and JSON-LD,
//! no event handler, no script URL. Shared by the XSS tests, the property tests and the fuzz
//! targets (which include this file by path).

#[derive(Debug)]
pub struct Tag {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    /// For script and style: the raw text inside.
    pub raw: Option<String>,
}

#[derive(Debug, Default)]
pub struct Scan {
    pub tags: Vec<Tag>,
    pub text: String,
}

/// Character references as a browser decodes them, including the legacy ones without a
/// semicolon (`&LT`, `&amp`) that minifiers write; in an attribute, a legacy reference
/// followed by a letter, digit or `=` is left as it is.
pub fn decode_entities(s: &str, in_attr: bool) -> String {
    const LEGACY: &[(&str, char)] =
        &[("amp", '&'), ("AMP", '&'), ("lt", '<'), ("LT", '<'), ("gt", '>'), ("GT", '>'), ("quot", '"'), ("QUOT", '"')];
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|&e| e < 12);
        let with_semicolon = end.and_then(|e| {
            let ent = &rest[1..e];
            let c = if let Some(h) = ent.strip_prefix("#x").or_else(|| ent.strip_prefix("#X")) {
                u32::from_str_radix(h, 16).ok().and_then(char::from_u32)
            } else if let Some(d) = ent.strip_prefix('#') {
                d.parse().ok().and_then(char::from_u32)
            } else {
                match ent {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "Tab" => Some('\t'),
                    "NewLine" => Some('\n'),
                    "colon" => Some(':'),
                    _ => None,
                }
            };
            c.map(|c| (c, e + 1))
        });
        let legacy = || {
            LEGACY.iter().find_map(|&(name, c)| {
                let after = rest[1..].strip_prefix(name)?;
                let next = after.chars().next();
                let blocked = in_attr && next.is_some_and(|n| n.is_ascii_alphanumeric() || n == '=');
                (!blocked).then_some((c, 1 + name.len()))
            })
        };
        match with_semicolon.or_else(legacy) {
            Some((c, used)) => {
                out.push(c);
                rest = &rest[used..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

pub fn scan(html: &str) -> Scan {
    let b = html.as_bytes();
    let lower = html.to_ascii_lowercase();
    let mut s = Scan::default();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            let next = html[i..].find('<').map_or(b.len(), |n| i + n);
            s.text.push_str(&decode_entities(&html[i..next], false));
            i = next;
            continue;
        }
        let rest = &html[i..];
        if rest.starts_with("<!--") {
            i += rest.find("-->").map_or(rest.len(), |n| n + 3);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") || rest.starts_with("</") {
            i += rest.find('>').map_or(rest.len(), |n| n + 1);
            continue;
        }
        if !b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            s.text.push('<');
            i += 1;
            continue;
        }
        // A start tag: name, then attributes.
        let mut j = i + 1;
        while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'/' && b[j] != b'>' {
            j += 1;
        }
        let name = lower[i + 1..j].to_string();
        let mut attrs = Vec::new();
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                j += 1;
                break;
            }
            let start = j;
            j += 1; // an attribute name may start with '='
            while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'/' | b'>' | b'=') {
                j += 1;
            }
            let aname = lower[start..j].to_string();
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let mut value = String::new();
            if j < b.len() && b[j] == b'=' {
                j += 1;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
                    let qc = b[j];
                    let end = html[j + 1..].find(qc as char).map_or(b.len(), |n| j + 1 + n);
                    value = decode_entities(&html[j + 1..end.min(b.len())], true);
                    j = end + 1;
                } else {
                    let start = j;
                    while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    value = decode_entities(&html[start..j], true);
                }
            }
            attrs.push((aname, value));
        }
        let j = j.min(b.len());
        let mut raw = None;
        // Raw-text and escapable raw-text elements end only at their own end tag.
        if matches!(
            name.as_str(),
            "script" | "style" | "textarea" | "title" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript"
        ) {
            let close = format!("</{name}");
            let end = lower[j..].find(&close).map_or(b.len(), |n| j + n);
            let inner = &html[j..end];
            if name == "textarea" || name == "title" {
                s.text.push_str(&decode_entities(inner, false));
            } else {
                raw = Some(inner.to_string());
            }
            i = end;
        } else {
            i = j;
        }
        s.tags.push(Tag { name, attrs, raw });
    }
    s
}

/// What is wrong with one page, if anything; `base` is the path every site URL starts with.
pub fn problems(html: &str, base: &str) -> Vec<String> {
    let mut out = Vec::new();
    let forbidden = [
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "base",
        "frame",
        "frameset",
        "applet",
        "xmp",
        "template",
        "noscript",
        "style",
        "noembed",
        "noframes",
        "plaintext",
        "body",
    ];
    let url_attrs = [
        "href",
        "src",
        "action",
        "formaction",
        "xlink:href",
        "data",
        "poster",
        "background",
        "srcset",
        "cite",
        "longdesc",
        "codebase",
        "dynsrc",
        "lowsrc",
        "ping",
        "manifest",
    ];
    let mut bodies = 0;
    for t in scan(html).tags {
        if t.name == "body" {
            bodies += 1;
            if bodies == 1 && t.attrs.iter().all(|(n, _)| !n.starts_with("on")) {
                continue;
            }
        }
        // The audit's charts are the theme's own SVG, drawn at build time: an `<svg>` marked
        // as one (class `chart`, role `img`) is allowed; any other is an injection.
        let chart = t.name == "svg"
            && t.attrs.iter().any(|(n, v)| n == "class" && v == "chart")
            && t.attrs.iter().any(|(n, v)| n == "role" && v == "img");
        if forbidden.contains(&t.name.as_str()) && !chart {
            out.push(format!("<{}> element", t.name));
        }
        for (n, v) in &t.attrs {
            if n.starts_with("on") {
                out.push(format!("<{} {n}={v:?}> event handler", t.name));
            }
            // As a browser's URL parser reads it: C0 controls and spaces trimmed from both
            // ends, tabs and line breaks removed everywhere, the scheme case-insensitive.
            let url: String = v
                .trim_matches(|c: char| c <= ' ')
                .chars()
                .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                .collect::<String>()
                .to_ascii_lowercase();
            if url_attrs.contains(&n.as_str())
                && ["javascript:", "vbscript:", "data:"].iter().any(|s| url.starts_with(s))
            {
                out.push(format!("<{} {n}={v:?}> script URL", t.name));
            }
            let squashed: String = v.chars().filter(|c| !c.is_ascii_whitespace() && !c.is_control()).collect();
            let squashed = squashed.to_ascii_lowercase();
            if n == "style" && (squashed.contains("javascript:") || squashed.contains("expression(")) {
                out.push(format!("<{} style={v:?}>", t.name));
            }
            if n == "http-equiv" {
                out.push(format!("<{} http-equiv={v:?}>", t.name));
            }
        }
        if t.name == "script" {
            let attr = |k: &str| t.attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
            let raw = t.raw.as_deref().unwrap_or("");
            match (attr("type"), attr("src")) {
                (Some("application/ld+json"), None) => {
                    if let Err(e) = serde_json::from_str::<serde_json::Value>(raw) {
                        out.push(format!("JSON-LD does not parse ({e}): {raw}"));
                    }
                    let l = raw.to_ascii_lowercase();
                    if l.contains("</script") || l.contains("<!--") || l.contains("<script") {
                        out.push(format!("JSON-LD holds markup: {raw}"));
                    }
                }
                (None | Some("module"), Some(src))
                    if src.starts_with(&format!("{base}assets/")) && src.ends_with(".js") && raw.trim().is_empty() => {}
                _ => out.push(format!("script element {:?} {raw:?}", t.attrs)),
            }
        }
    }
    out
}
