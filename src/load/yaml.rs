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
    let text = &*prepared(text);
    before_parsing(file, text)?;
    serde_yaml::from_str(text).map_err(|e| to_diagnostic(file, text, &e))
}

/// The text as the YAML parser should see it. U+2028 LINE SEPARATOR, U+2029 PARAGRAPH
/// SEPARATOR and U+0085 NEXT LINE are text to a person (pasted from a word processor) but
/// line breaks to YAML, which then misreads the indentation of every line after; as a space
/// they read as they look, and every line keeps the number an editor gives it.
fn prepared(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(['\u{2028}', '\u{2029}', '\u{85}']) {
        std::borrow::Cow::Owned(text.replace(['\u{2028}', '\u{2029}', '\u{85}'], " "))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// The checks that must come before the parser sees the text, each because the parser
/// would either spend too much on it or report it without a line.
fn before_parsing(file: &Path, text: &str) -> Result<(), Diagnostic> {
    if let Some((line, column)) = too_deep(text) {
        return Err(Diagnostic::error(file, format!("brackets are nested more than {MAX_FLOW_DEPTH} deep"))
            .at(text, line, column)
            .suggest("no record nests this deep: check for unclosed [ or {"));
    }
    if let Some((line, column, c)) = unprintable(text) {
        return Err(Diagnostic::error(file, format!("the file holds a control character (U+{:04X})", c as u32))
            .at(text, line, column)
            .suggest("delete it: it was probably pasted from another program, and YAML files hold only text"));
    }
    if let Some(line) = second_document(text) {
        return Err(Diagnostic::error(file, "a second YAML document starts here; a register file holds one")
            .at(text, line, 1)
            .suggest("remove the `---` line (and anything after it that belongs in another file)"));
    }
    expansion_within_bounds(file, text)
}

/// The first character YAML does not allow in a file (a control character other than tab
/// and line breaks, DEL, a C1 control, U+FFFE or U+FFFF), with its line and column. The
/// parser reports one only by its byte offset.
fn unprintable(text: &str) -> Option<(usize, usize, char)> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r' | '\u{85}' | ' '..='~' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
            || c >= '\u{10000}'
    };
    let (at, c) = text.char_indices().find(|&(_, c)| !allowed(c))?;
    let (line, column) = line_and_column(text, at);
    Some((line, column, c))
}

/// 1-based line and column (in characters) of byte offset `at`.
fn line_and_column(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

/// The line on which a second document begins: a `---` line after content, or anything
/// after a `...` line. The parser says "more than one document" without a place.
fn second_document(text: &str) -> Option<usize> {
    let mut content = false;
    let mut ended = false;
    for (i, line) in text.lines().enumerate() {
        let marker = |m: &str| line.strip_prefix(m).is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t']));
        let blank = line.trim().is_empty() || line.trim_start().starts_with('#');
        if marker("---") {
            if content || ended {
                return Some(i + 1);
            }
            // The first `---` may carry the start of the document on its own line.
            content = line[3..].trim_start().split('#').next().is_some_and(|r| !r.trim().is_empty());
        } else if marker("...") {
            ended = true;
        } else if !blank {
            if ended {
                return Some(i + 1);
            }
            content = true;
        }
    }
    None
}

/// How much larger than its text a record may become when its aliases are expanded. An
/// alias (`*name`) repeats the node anchored as `&name`; a long text anchored once and
/// repeated thousands of times makes a file of kilobytes into gigabytes in memory. Real
/// records repeat at most a list of areas, a few hundred bytes at a time.
const MAX_EXPANSION: usize = 1 << 20;

/// Refuses a record whose aliases would expand it past [`MAX_EXPANSION`] beyond its own
/// size, and any node with a local tag (`!evil Foo`), which nothing in the register uses
/// and the typed reader would otherwise pass over in silence.
///
/// It walks the parsed events once without building anything: the parser hands an alias's
/// text over by reference, so measuring a repeated text costs the same as measuring it once.
/// Files with no anchor and no tag, which is every real file, skip the walk.
fn expansion_within_bounds(file: &Path, text: &str) -> Result<(), Diagnostic> {
    if !has_property(text) {
        return Ok(());
    }
    let budget = std::cell::Cell::new(text.len().saturating_mul(2).saturating_add(MAX_EXPANSION));
    let de = serde_yaml::Deserializer::from_str(text);
    match serde::de::DeserializeSeed::deserialize(Measure { budget: &budget }, de) {
        Err(e) if e.to_string().contains(EXPANDS) || e.to_string().contains("repetition limit exceeded") => {
            let mut d = to_diagnostic(file, text, &e);
            if d.line.is_none() {
                // The parser's own limit names no place: the first anchor began it.
                let at = text.find('&').unwrap_or(0);
                let (line, column) = line_and_column(text, at);
                d = d.at(text, line, column);
            }
            d.message = format!("aliases expand this record past {} MiB", MAX_EXPANSION >> 20);
            Err(d.suggest("write the text out where it is needed: a repeated `*alias` of a long text is refused"))
        }
        Err(e) if e.to_string().contains(TAGGED) => {
            let tag = e.to_string().split('`').nth(1).unwrap_or_default().to_string();
            let mut d = to_diagnostic(file, text, &e);
            d.message = format!("unknown YAML tag `!{tag}`");
            Err(d.suggest(format!("remove `!{tag}`: the register uses no tags")))
        }
        // Anything else (a syntax error) the typed parse reports with its own words.
        _ => Ok(()),
    }
}

const EXPANDS: &str = "record expands past its limit";
const TAGGED: &str = "tagged node";

/// Whether `text` may hold an anchor (`&a`) or a tag (`!t`): either begins a token, so
/// follows the start of a line, a space or a flow indicator, and a name follows it. A
/// false alarm (`Tom &Jerry`) only costs the walk.
fn has_property(text: &str) -> bool {
    let b = text.as_bytes();
    b.iter().enumerate().any(|(i, &c)| {
        (c == b'&' || c == b'!')
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric())
            && b.get(i + 1).is_some_and(|n| !n.is_ascii_whitespace())
    })
}

/// Walks any YAML value, charging each text its length and each node one byte against
/// `budget`; stops with [`EXPANDS`] when it is spent, and with [`TAGGED`] at a local tag.
struct Measure<'a> {
    budget: &'a std::cell::Cell<usize>,
}

impl Measure<'_> {
    fn charge<E: serde::de::Error>(&self, n: usize) -> Result<(), E> {
        match self.budget.get().checked_sub(n.saturating_add(1)) {
            Some(left) => {
                self.budget.set(left);
                Ok(())
            }
            None => Err(E::custom(EXPANDS)),
        }
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Measure<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Measure<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        self.charge(0)
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
        self.charge(0)
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
        self.charge(0)
    }
    fn visit_i128<E: serde::de::Error>(self, _: i128) -> Result<(), E> {
        self.charge(0)
    }
    fn visit_u128<E: serde::de::Error>(self, _: u128) -> Result<(), E> {
        self.charge(0)
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        self.charge(0)
    }
    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<(), E> {
        self.charge(s.len())
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        self.charge(0)
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<(), E> {
        self.charge(0)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.charge(0)?;
        while seq.next_element_seed(Measure { budget: self.budget })?.is_some() {}
        Ok(())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.charge(0)?;
        while map.next_key_seed(Measure { budget: self.budget })?.is_some() {
            map.next_value_seed(Measure { budget: self.budget })?;
        }
        Ok(())
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        let (tag, _) = data.variant::<String>()?;
        Err(serde::de::Error::custom(format!("{TAGGED} `{tag}`")))
    }
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
    let text = &*prepared(text);
    before_parsing(Path::new(""), text).ok()?;
    // Counted without building the entries: nothing is allocated per entry or per alias.
    let n = serde_yaml::from_str::<Vec<serde::de::IgnoredAny>>(text).ok()?.len();
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

/// Parses one entry of a list file, the lines `start..end` (0-based) of `lines`, as a
/// record. An error names its line in the whole file and comes with the entry's `id:` when
/// it has a plain one. The entry is parsed on its own, so the cost is its own size and not
/// its place in the file: a file of 100,000 bad entries is read in linear time.
pub fn parse_entry<T: DeserializeOwned>(
    file: &Path,
    lines: &[&str],
    (index, start, end): (usize, usize, usize),
) -> Result<T, (Diagnostic, Option<String>)> {
    let chunk: String = lines[start..end].concat();
    // The chunk is a list of one: its `[0]` is the file's `[index]`.
    let shift = |mut d: Diagnostic| {
        d.line = d.line.map(|l| l + start);
        d.field = d.field.map(|f| f.strip_prefix("[0]").map_or(f.clone(), |rest| format!("[{index}]{rest}")));
        d
    };
    match parse::<Vec<T>>(file, &chunk) {
        Ok(mut one) if one.len() == 1 => Ok(one.pop().expect("one record")),
        Ok(_) => Err((
            Diagnostic::error(file, "this entry could not be read as one record").at_line(start + 1, 1, lines[start]),
            None,
        )),
        Err(d) => Err((shift(d), entry_id(&chunk))),
    }
}

/// The `id:` of the one entry in `chunk`, if it has a plain one.
pub fn entry_id(chunk: &str) -> Option<String> {
    let chunk = &*prepared(chunk);
    before_parsing(Path::new(""), chunk).ok()?;
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
    // A duplicate key is reported at the start of the mapping that holds it: point at the
    // second time the key is written, where the mistake is.
    if let (Some(key), Some(line), Some(column)) = (message.strip_prefix("duplicate field `"), d.line, d.column) {
        let key = key.split('`').next().unwrap_or_default();
        if let Some((l, c)) = second_key(text, line, column, key) {
            d = d.at(text, l, c);
        }
    }
    // Paths name the list file's entries from the root: `[3].kind`, not `.[3].kind`.
    let field = field.map(|f| f.strip_prefix('.').map(str::to_owned).unwrap_or(f));
    d.field = field;
    if let Some(s) = suggestion_for(&message) {
        d = d.suggest(s);
    } else if message.contains("cannot start any token") && d.source_line.as_deref().is_some_and(|l| l.contains('\t')) {
        d = d.suggest("YAML indents with spaces, not tabs: replace the tab with spaces");
    }
    d
}

/// Where `key` is written the second time as a key of the mapping that starts at `line`,
/// `column` (1-based): a block mapping's keys stand at its column, a flow mapping's follow
/// its `{` or a comma.
fn second_key(text: &str, line: usize, column: usize, key: &str) -> Option<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let first = lines.get(line - 1)?;
    let start: usize = first.char_indices().nth(column - 1).map(|(b, _)| b)?;
    let is_key = |s: &str| s.strip_prefix(key).is_some_and(|r| r.trim_start().starts_with(':'));
    if first[start..].starts_with('{') {
        // Flow: scan to the matching `}`, taking keys at depth 1.
        let (mut depth, mut seen) = (0usize, 0);
        for (li, l) in lines.iter().enumerate().skip(line - 1) {
            let from = if li == line - 1 { start } else { 0 };
            for (b, ch) in l[from..].char_indices().map(|(b, c)| (from + b, c)) {
                match ch {
                    '{' | '[' => depth += 1,
                    '}' | ']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return None;
                        }
                    }
                    _ if depth == 1 && is_key(&l[b..]) => {
                        let before = l[..b].trim_end();
                        if before.ends_with(['{', ',']) || before.is_empty() {
                            seen += 1;
                            if seen == 2 {
                                return Some((li + 1, l[..b].chars().count() + 1));
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        return None;
    }
    let mut seen = 0;
    for (li, l) in lines.iter().enumerate().skip(line - 1) {
        let indent = l.len() - l.trim_start().len();
        if li > line - 1 && !l.trim().is_empty() && !l.trim_start().starts_with('#') && indent < start {
            return None;
        }
        if l.get(start..).is_some_and(is_key) && (li == line - 1 || indent == start) {
            seen += 1;
            if seen == 2 {
                return Some((li + 1, l[..start].chars().count() + 1));
            }
        }
    }
    None
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
