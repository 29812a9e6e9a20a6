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
    serde_yaml::from_str(text).map_err(|e| to_diagnostic(file, text, &e))
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
        d = d.at(text, loc.line(), loc.column());
    }
    d.field = field;
    if let Some(s) = suggestion_for(&message) {
        d = d.suggest(s);
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
