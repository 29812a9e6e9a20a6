/*!
The one place that parses YAML.

`serde_yaml` is deprecated upstream; keeping every call to it in this file means a
maintained fork can replace it by editing this file alone.
*/

use crate::diagnostic::Diagnostic;
use serde::de::DeserializeOwned;
use std::path::Path;

/// Parses `text` as a `T`, or returns a diagnostic naming the line, column and field.
pub fn parse<T: DeserializeOwned>(file: &Path, text: &str) -> Result<T, Diagnostic> {
    if let Some((line, column)) = too_deep(text) {
        return Err(Diagnostic::error(file, format!("brackets are nested more than {MAX_FLOW_DEPTH} deep"))
            .at(text, line, column)
            .suggest("no record nests this deep: check for unclosed [ or {"));
    }
    serde_yaml::from_str(text).map_err(|e| to_diagnostic(file, text, &e))
}

/// How deep `[` and `{` may nest. The YAML parser spends time in proportion to the depth
/// on every token, so a file of brackets a megabyte deep would take hours; nothing in the
/// register nests more than a few levels, and serde_yaml refuses past 128 anyway.
const MAX_FLOW_DEPTH: usize = 128;

/// Where brackets first nest past [`MAX_FLOW_DEPTH`], counting every bracket (even in
/// quoted text: an over-count only refuses text no record holds).
fn too_deep(text: &str) -> Option<(usize, usize)> {
    // Bytes, not chars: brackets are ASCII, and every file of the register passes through here.
    let mut depth = 0usize;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    let start = text[..i].rfind('\n').map_or(0, |k| k + 1);
                    let line = text[..i].bytes().filter(|&c| c == b'\n').count() + 1;
                    return Some((line, text[start..=i].chars().count()));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The line ranges (0-based, end exclusive) of the entries of a top-level block list, if
/// `text` is valid YAML holding one, written `- ` at the start of a line as the register
/// is. `None` for anything else: a syntax error, a mapping, a list in flow style.
pub fn top_level_entries(text: &str) -> Option<Vec<(usize, usize)>> {
    if too_deep(text).is_some() {
        return None;
    }
    let value: serde_yaml::Value = serde_yaml::from_str(text).ok()?;
    let n = value.as_sequence()?.len();
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let starts: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| {
            let l = l.trim_end_matches(['\n', '\r']);
            l == "-" || l.starts_with("- ") || l.starts_with("-\t")
        })
        .map(|(i, _)| i)
        .collect();
    if starts.len() != n {
        return None;
    }
    Some(starts.iter().enumerate().map(|(k, &s)| (s, starts.get(k + 1).copied().unwrap_or(lines.len()))).collect())
}

/// The `id:` of the one entry in `chunk`, if it has a plain one.
pub fn entry_id(chunk: &str) -> Option<String> {
    if too_deep(chunk).is_some() {
        return None;
    }
    let v: Vec<serde_yaml::Value> = serde_yaml::from_str(chunk).ok()?;
    v.first()?.get("id")?.as_str().map(str::to_owned)
}

fn to_diagnostic(file: &Path, text: &str, e: &serde_yaml::Error) -> Diagnostic {
    let raw = e.to_string();
    // serde_yaml appends " at line L column C"; we show position separately.
    let message = match raw.find(" at line ") {
        Some(i) => raw[..i].to_string(),
        None => raw.clone(),
    };
    // A path prefix such as "services[0].ages: " names the field.
    let (field, message) = match message.split_once(": ") {
        Some((p, m)) if looks_like_path(p) => (Some(p.to_string()), m.to_string()),
        _ => (None, message),
    };
    let mut d = Diagnostic::error(file, message.clone());
    if let Some(loc) = e.location() {
        // At the end of a file without a final newline the parser names the line after it.
        let last = text.split('\n').count();
        let (line, column) = if loc.line() > last {
            (last, text.rsplit('\n').next().unwrap_or("").chars().count() + 1)
        } else {
            (loc.line(), loc.column())
        };
        d = d.at(text, line, column);
    }
    // A value refused by its own type (a date, an age range) is reported at the start of
    // the record that holds it. Its message quotes the value: find it from there on.
    let precise =
        ["unknown field", "missing field", "duplicate field", "invalid type", "unknown variant", "invalid value"]
            .iter()
            .any(|p| message.starts_with(p));
    if let (false, Some(value), Some(from)) = (precise, message.split('`').nth(1), d.line) {
        let found = text.lines().enumerate().skip(from - 1).find_map(|(i, l)| l.find(value).map(|b| (i, b)));
        if let Some((i, b)) = found.filter(|_| !value.is_empty()) {
            let line = text.lines().nth(i).unwrap_or("");
            d = d.at(text, i + 1, line[..b].chars().count() + 1);
        }
    }
    d.field = field;
    if let Some(s) = suggestion_for(&message) {
        d = d.suggest(s);
    } else if message.contains("cannot start any token") && d.source_line.as_deref().is_some_and(|l| l.contains('\t')) {
        d = d.suggest("YAML indents with spaces, not tabs: replace the tab with spaces");
    }
    d
}

fn looks_like_path(p: &str) -> bool {
    !p.is_empty() && !p.contains(' ') && p.chars().all(|c| c.is_ascii_alphanumeric() || "_.[]-".contains(c))
}

/// serde lists what it expected (`expected one of `a`, `b``); offer the nearest.
fn suggestion_for(message: &str) -> Option<String> {
    let wrong = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown variant `"))?
        .split('`')
        .next()?;
    let expected: Vec<&str> = message.split("expected").nth(1)?.split('`').skip(1).step_by(2).collect();
    match crate::diagnostic::did_you_mean(wrong, expected.iter().copied()) {
        Some(best) => Some(format!("did you mean `{best}`?")),
        None if !expected.is_empty() => Some(format!("expected one of: {}", expected.join(", "))),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Area;

    #[test]
    fn brackets_too_deep_are_found_at_their_line_and_column() {
        let ok = format!("a: {}{}", "[".repeat(MAX_FLOW_DEPTH), "]".repeat(MAX_FLOW_DEPTH));
        assert_eq!(too_deep(&ok), None);
        let deep = format!("# é\nname: é {}", "[".repeat(MAX_FLOW_DEPTH + 1));
        assert_eq!(too_deep(&deep), Some((2, 8 + MAX_FLOW_DEPTH + 1)));
    }

    #[test]
    fn unknown_field_names_line_and_suggests() {
        let text = "id: hackney\nname: Hackney\nkind: local-authority\nparnet: london\n";
        let e = parse::<Area>(Path::new("areas.yaml"), text).unwrap_err();
        assert_eq!(e.line, Some(4));
        assert!(e.message.contains("unknown field `parnet`"), "{}", e.message);
        assert_eq!(e.suggestion.as_deref(), Some("did you mean `parent`?"));
    }

    #[test]
    fn wrong_variant_lists_choices() {
        let text = "id: x\nname: X\nkind: county\n";
        let e = parse::<Area>(Path::new("areas.yaml"), text).unwrap_err();
        assert!(e.message.contains("unknown variant `county`"), "{}", e.message);
        assert!(e.suggestion.unwrap().contains("local-authority"));
    }
}
