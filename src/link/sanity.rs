//! Rules against odd values that are well formed but cannot be what was meant: a YAML null
//! where a name is required, an award that lapses the day it is made, a grade listed twice
//! on a scale, a web address with a quote or a host that imitates another in a second
//! script. Each would otherwise be published as written.

use super::validate::Ctx;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Provider, Sourced};

/// Applies every rule of this module to the register.
pub fn check(ctx: &Ctx, providers: &[Sourced<Provider>], diags: &mut Diagnostics) {
    for (i, s) in ctx.areas.iter().enumerate() {
        null_text(s, &format!("[{i}].name"), &s.record.name, diags);
    }
    for (i, s) in ctx.interventions.iter().enumerate() {
        null_text(s, &format!("[{i}].name"), &s.record.name, diags);
        null_text(s, &format!("[{i}].summary"), &s.record.summary, diags);
    }
    for (i, s) in ctx.schemes.iter().enumerate() {
        let at = format!("[{i}]");
        null_text(s, &format!("{at}.name"), &s.record.name, diags);
        if let Some(sm) = &s.record.summary {
            null_text(s, &format!("{at}.summary"), sm, diags);
        }
        for (j, g) in s.record.grades.iter().enumerate() {
            if let Some(first) = s.record.grades[..j].iter().position(|o| o.trim() == g.trim()) {
                diags.push(
                    Diagnostic::error(&s.file, format!("grade `{g}` is listed twice on the scale"))
                        .field(&s.text, &format!("{at}.grades[{j}]"))
                        .suggest(format!(
                            "remove it: it is already grades[{first}], and a scale lists each grade once"
                        )),
                );
            }
        }
    }
    for s in ctx.frameworks {
        null_text(s, "name", &s.record.name, diags);
        if let Some(sm) = &s.record.summary {
            null_text(s, "summary", sm, diags);
        }
        for (j, lot) in s.record.lots.iter().enumerate() {
            null_text(s, &format!("lots[{j}].title"), &lot.title, diags);
        }
    }
    for s in providers {
        provider(s, diags);
    }
}

fn provider(s: &Sourced<Provider>, diags: &mut Diagnostics) {
    let p = &s.record;
    null_text(s, "name", &p.name, diags);
    null_text(s, "summary", &p.summary, diags);
    for (i, a) in p.awards.iter().enumerate() {
        let (Some(awarded), Some(expires)) = (a.awarded, a.expires) else { continue };
        if expires == awarded {
            diags.push(
                Diagnostic::error(&s.file, format!("expires on {awarded}, the day it was awarded"))
                    .field(&s.text, &format!("awards[{i}].expires"))
                    .suggest("an award runs for a time: check the two dates against the certificate"),
            );
        }
    }
    if let Some(url) = &p.contact.website {
        if let Err(m) = web_address(url) {
            diags.push(
                Diagnostic::error(&s.file, m)
                    .field(&s.text, "contact.website")
                    .suggest("copy the address from the browser's address bar"),
            );
        }
    }
}

/// A required text written as a YAML null (`name: ~`, `name: null`, or nothing after the
/// colon). The typed reader takes `~` and `null` for the words themselves, so without this
/// rule a provider would be published under the name "~".
fn null_text<T>(s: &Sourced<T>, field: &str, value: &str, diags: &mut Diagnostics) {
    if !matches!(value, "~" | "null" | "Null" | "NULL") {
        return;
    }
    // Only where the value is written plain: `name: "~"` is a quoted, deliberate text.
    let Some((line, _)) = crate::load::locate::locate(&s.text, field) else { return };
    let source = s.text.lines().nth(line - 1).unwrap_or("");
    let key = field.rsplit('.').next().unwrap_or(field);
    let key = key.rsplit(']').next().filter(|k| !k.is_empty()).unwrap_or(key);
    let written = source.split_once(&format!("{key}:")).map_or(source, |(_, v)| v);
    if written.split('#').next().unwrap_or("").trim() != value {
        return;
    }
    diags.push(
        Diagnostic::error(
            &s.file,
            format!("`{key}` is empty: `{value}` means nothing in YAML, and a {key} is required"),
        )
        .field(&s.text, field)
        .suggest(format!("write the {key} as text, e.g. `{key}: Acorn Tree Therapies`")),
    );
}

/// What [`super::validate::check_url`] leaves to this module: a single quote, which ends an
/// attribute as surely as a double one, and a host whose letters come from more than one
/// script in one label (`аcorn.example` with a Cyrillic `а`), which imitates another site.
pub fn web_address(url: &str) -> Result<(), String> {
    if url.contains('\'') {
        return Err(format!("`{url}` holds a quote"));
    }
    let rest = url.trim().split_once("//").map_or("", |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    for label in host.split('.') {
        let mut scripts = label.chars().filter_map(script);
        if let Some(first) = scripts.next() {
            if let Some(other) = scripts.find(|s| *s != first) {
                return Err(format!(
                    "the host of `{url}` mixes {} and {} letters in `{label}`: it may imitate another site",
                    first.name(),
                    other.name()
                ));
            }
        }
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Greek,
    Cyrillic,
    Other,
}

impl Script {
    fn name(self) -> &'static str {
        match self {
            Script::Latin => "Latin",
            Script::Greek => "Greek",
            Script::Cyrillic => "Cyrillic",
            Script::Other => "other",
        }
    }
}

/// The script of a letter, for the scripts whose letters pass for Latin ones; digits,
/// hyphens and other marks belong to none.
fn script(c: char) -> Option<Script> {
    if !c.is_alphabetic() {
        return None;
    }
    Some(match c {
        'a'..='z' | 'A'..='Z' | '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}' => Script::Latin,
        '\u{370}'..='\u{3FF}' | '\u{1F00}'..='\u{1FFF}' => Script::Greek,
        '\u{400}'..='\u{52F}' | '\u{1C80}'..='\u{1C8F}' | '\u{2DE0}'..='\u{2DFF}' | '\u{A640}'..='\u{A69F}' => {
            Script::Cyrillic
        }
        _ => Script::Other,
    })
}

#[cfg(test)]
mod tests {
    use super::web_address;

    #[test]
    fn look_alike_hosts_and_quotes_are_refused() {
        assert!(web_address("https://acorn.example/about?id=7&section=2").is_ok());
        assert!(web_address("https://пример.рф/").is_ok());
        assert!(web_address("https://bücher.example/").is_ok());
        let e = web_address("https://\u{430}corn.example/").unwrap_err();
        assert!(e.contains("Latin") && e.contains("Cyrillic"), "{e}");
        assert!(web_address("https://acorn.example/'onmouseover=x").is_err());
    }
}
