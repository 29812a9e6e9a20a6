/*!
The one place that parses YAML.

`serde_yaml` is deprecated upstream; keeping every call to it in this file means a
maintained fork can replace it by editing this file alone.
*/

use crate::diagnostic::Diagnostic;
use serde::de::DeserializeOwned;
use std::path::Path;

/// Parses `text` as a `T`, or returns a diagnostic naming the line, column and field.
///
/// A record with several mistakes of shape gives them all in one run: the first error
/// carries the others in [`Diagnostic::more`], found as [`the_rest`] describes.
pub fn parse<T: DeserializeOwned>(file: &Path, text: &str) -> Result<T, Diagnostic> {
    parse_up_to(file, text, true)
}

/// [`parse`], looking for the record's further mistakes only if `all`.
fn parse_up_to<T: DeserializeOwned>(file: &Path, text: &str, all: bool) -> Result<T, Diagnostic> {
    let as_written = text;
    let text = &*prepared(text);
    before_parsing(file, text)?;
    // Where the separators do no harm (in a quoted text) they are kept as written.
    if text != as_written {
        if let Ok(record) = serde_yaml::from_str(as_written) {
            return Ok(record);
        }
    }
    serde_yaml::from_str(text).map_err(|e| {
        let mut first = to_diagnostic(file, text, &e);
        if all {
            first.more = the_rest::<T>(file, text, &first);
        }
        first
    })
}

/// How many further mistakes of shape one record reports.
const MAX_MORE: usize = 24;

/// The serde reader stops at a record's first mistake. To find the next, the mistake is
/// mended in a copy of the text the way its own message suggests (a misspelt field given
/// its right name, a wrong value or a missing field given the example value of
/// [`example`], a field nobody knows taken out) and the copy read again, until it reads or
/// a mistake cannot be mended. Mending keeps every line where it was, so each mistake is
/// reported at its line in the file as written.
fn the_rest<T: DeserializeOwned>(file: &Path, text: &str, first: &Diagnostic) -> Vec<Diagnostic> {
    let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
    // The line of the original text each line of the copy stands for.
    let mut origin: Vec<usize> = (1..=lines.len()).collect();
    let mut found: Vec<Diagnostic> = Vec::new();
    let mut last = first.clone();
    for _ in 0..MAX_MORE {
        if !mend(&mut lines, &mut origin, &last) {
            break;
        }
        let copy = lines.join("\n");
        let Err(e) = serde_yaml::from_str::<T>(&copy) else { break };
        let d = to_diagnostic(file, &copy, &e);
        let at = |d: &Diagnostic| d.line.and_then(|l| origin.get(l - 1).copied());
        let mut shown = d.clone();
        if let Some(line) = at(&d) {
            shown = shown.at(text, line, d.column.unwrap_or(1));
        }
        let again = |o: &Diagnostic| o.line == shown.line && o.message == shown.message;
        if again(first) || found.iter().any(again) {
            break;
        }
        found.push(shown);
        last = d;
    }
    found
}

/// Mends, in `lines`, the mistake `d` reports (its line and column are in `lines`).
/// Returns whether it could.
fn mend(lines: &mut Vec<String>, origin: &mut Vec<usize>, d: &Diagnostic) -> bool {
    let (Some(line), Some(column)) = (d.line, d.column) else { return false };
    let Some(text) = lines.get(line - 1).cloned() else { return false };
    let Some(at) = text.char_indices().nth(column - 1).map(|(b, _)| b) else { return false };
    let quoted = |m: &str| m.split('`').nth(1).map(str::to_owned);
    let m = d.message.as_str();
    let key = d.field.as_deref().map(last_key).unwrap_or_default();
    if m.starts_with("unknown field") || m.starts_with("duplicate field") {
        let Some(wrong) = quoted(m) else { return false };
        if !text[at..].starts_with(&wrong) {
            return false;
        }
        match d.suggestion.as_deref().and_then(|s| s.strip_prefix("did you mean `")) {
            Some(right) if m.starts_with("unknown field") => {
                let right = right.trim_end_matches("`?");
                lines[line - 1] = format!("{}{right}{}", &text[..at], &text[at + wrong.len()..]);
            }
            _ => take_out(lines, line - 1, at),
        }
        return true;
    }
    if let Some(missing) = m.strip_prefix("missing field `").and_then(|r| r.split('`').next()) {
        let Some(value) = example(missing) else { return false };
        if text[at..].starts_with('{') {
            lines[line - 1] = format!("{}{{{missing}: {value}, {}", &text[..at], &text[at + 1..]);
            return true;
        }
        // A block mapping: a new line at its key column, after its last line.
        let end = (line..lines.len())
            .find(|&i| {
                let l = &lines[i];
                let indent = l.len() - l.trim_start().len();
                !l.trim().is_empty() && !l.trim_start().starts_with('#') && indent < at
            })
            .unwrap_or(lines.len());
        lines.insert(end, format!("{}{missing}: {value}", " ".repeat(at)));
        origin.insert(end, origin[line - 1]);
        return true;
    }
    // A value of the wrong kind: the field's example in its place, or a neutral one.
    let replacement = if let Some(choice) = m.strip_prefix("unknown variant `").and(d.suggestion.as_deref()) {
        choice
            .strip_prefix("did you mean `")
            .map(|c| c.trim_end_matches("`?").to_owned())
            .or_else(|| choice.strip_prefix("expected one of: ").and_then(|c| c.split(", ").next()).map(str::to_owned))
    } else if m.contains(" must be ") || m.starts_with("invalid value") || m.starts_with("invalid length") {
        example(&key).map(str::to_owned).or_else(|| {
            let wants = m.split(" must be ").nth(1).unwrap_or("");
            [
                ("a whole number", "0"),
                ("a number", "0"),
                ("`true` or `false`", "false"),
                ("text", "x"),
                ("a list", "[]"),
            ]
            .iter()
            .find(|(w, _)| wants.starts_with(w))
            .map(|(_, v)| v.to_string())
        })
    } else {
        // A date, an age range or a code refused by its own type.
        example(&key).filter(|_| !m.contains("did not find") && !m.contains("while ")).map(str::to_owned)
    };
    let Some(replacement) = replacement else { return false };
    let rest = &text[at..];
    let end = if rest.starts_with(['"', '\'']) {
        rest[1..].find(&rest[..1]).map_or(rest.len(), |e| e + 2)
    } else {
        let flow = text[..at].contains(['[', '{']);
        rest.find(|c: char| c == '#' || (flow && matches!(c, ',' | ']' | '}'))).unwrap_or(rest.len())
    };
    let mut value = rest[..end].trim_end();
    // A list or mapping written on one line where one value belongs (`ages: [4, 18]`): the
    // whole of it, to its closing bracket, is the wrong value.
    if value.starts_with(['[', '{']) && !replacement.starts_with('[') {
        match flow_end(rest) {
            Some(close) => value = &rest[..close],
            None => return false,
        }
    } else if value.is_empty() || value.starts_with(['[', '{', '|', '>']) && !replacement.starts_with('[') {
        return false;
    }
    lines[line - 1] = format!("{}{replacement}{}", &text[..at], &text[at + value.len()..]);
    true
}

/// The byte just past the bracket that closes the one `text` opens with, if on this line.
fn flow_end(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (b, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(b + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// Takes the key at byte `at` of line `i` out, with its value: the rest of the line (or of
/// the flow entry) and the lines indented under it.
fn take_out(lines: &mut [String], i: usize, at: usize) {
    let text = lines[i].clone();
    if text[..at].contains('{') {
        let rest = &text[at..];
        let end = rest.find([',', '}']).map_or(rest.len(), |e| if rest[e..].starts_with(',') { e + 1 } else { e });
        lines[i] = format!("{}{}", &text[..at], &rest[end..]);
        return;
    }
    lines[i] = text[..at].to_string();
    for l in lines.iter_mut().skip(i + 1) {
        let indent = l.len() - l.trim_start().len();
        if !l.trim().is_empty() && indent <= at {
            break;
        }
        l.clear();
    }
}

/// The last key of a field path: `lots[0].lot` → `lot`, `services[1].areas[0]` → `areas`.
fn last_key(path: &str) -> String {
    let last = path.rsplit('.').next().unwrap_or(path);
    last.split('[').next().unwrap_or(last).to_string()
}

/// A one-line value, right for every record kind that has a field of this name: the
/// example a "missing field" message gives, and what [`mend`] writes in its place.
fn example(field: &str) -> Option<&'static str> {
    Some(match field {
        "name" => "Acorn Tree Therapies",
        "title" => "Choosing a provider",
        "summary" => "One plain sentence saying what it is.",
        "legal_form" => "charity",
        "referral" => "Ask your social worker to email us.",
        "reviewed" | "awarded" | "since" | "starts" | "inspected" => "2024-04-01",
        "expires" | "ends" => "2028-03-31",
        "intervention" => "family-therapy",
        "interventions" => "[family-therapy]",
        "ages" => "4-18",
        "delivery" => "[in-person, online]",
        "areas" => "[hackney, newham]",
        "funding" => "[council]",
        "accepting" | "sme" | "vcse" | "print" => "true",
        "wait_weeks" | "weight" => "6",
        "framework" => "nel",
        "lot" | "number" => "1",
        "scheme" => "ofsted",
        "body" => "UK Council for Psychotherapy",
        "url" | "website" => "https://www.example.org/",
        "group" => "Talking therapies",
        "lead" => "London Borough of Hackney",
        "call_off" => "ranked-list",
        "route" => "open-framework",
        "publisher" => "North East London Partnership",
        "corrections_email" | "email" => "corrections@example.org",
        "languages" => "[English]",
        _ => return None,
    })
}

/// The text as the YAML parser should see it when it cannot read it as written. U+2028 LINE
/// SEPARATOR, U+2029 PARAGRAPH SEPARATOR and U+0085 NEXT LINE are text to a person (pasted
/// from a word processor) but line breaks to YAML, which in a block text then misreads the
/// indentation of every line after; as a space they read as they look, and every line
/// keeps the number an editor gives it.
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
/// its place in the file: a file of 100,000 bad entries is read in linear time. With `all`,
/// the entry's further mistakes come too (see [`parse`]); past a file's share of
/// diagnostics they would not be shown, so are not looked for.
pub fn parse_entry<T: DeserializeOwned>(
    file: &Path,
    lines: &[&str],
    (index, start, end): (usize, usize, usize),
    all: bool,
) -> Result<T, (Diagnostic, Option<String>)> {
    let chunk: String = lines[start..end].concat();
    // The chunk is a list of one: its `[0]` is the file's `[index]`.
    fn shift(mut d: Diagnostic, index: usize, start: usize) -> Diagnostic {
        d.line = d.line.map(|l| l + start);
        d.field = d.field.map(|f| f.strip_prefix("[0]").map_or(f.clone(), |rest| format!("[{index}]{rest}")));
        d.more = std::mem::take(&mut d.more).into_iter().map(|m| shift(m, index, start)).collect();
        d
    }
    match parse_up_to::<Vec<T>>(file, &chunk, all) {
        Ok(mut one) if one.len() == 1 => Ok(one.pop().expect("one record")),
        Ok(_) => Err((
            Diagnostic::error(file, "this entry could not be read as one record").at_line(start + 1, 1, lines[start]),
            None,
        )),
        Err(d) => Err((shift(d, index, start), entry_id(&chunk))),
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
    let mut field = field;
    if let (false, Some(value), Some(from)) = (precise, message.split('`').nth(1), d.line) {
        let found = text.lines().enumerate().skip(from - 1).find_map(|(i, l)| l.find(value).map(|b| (i, b)));
        if let Some((i, b)) = found.filter(|_| !value.is_empty()) {
            let line = text.lines().nth(i).unwrap_or("");
            d = d.at(text, i + 1, line[..b].chars().count() + 1);
            // The path names the record; the key on the value's line names the field.
            if let Some(key) = key_of(&line[..b]) {
                if !field.as_deref().is_some_and(|f| f == key || f.ends_with(&format!(".{key}"))) {
                    field = Some(match field {
                        Some(f) => format!("{f}.{key}"),
                        None => key.to_string(),
                    });
                }
            }
        }
    }
    // A type that knows the value meant ("did you mean `E8 0DY`?") says so at the end of its
    // message: that is the suggestion.
    if let Some((said, fix)) = d.message.clone().split_once("; did you mean `") {
        d.message = said.to_string();
        d = d.suggest(format!("did you mean `{fix}"));
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
    if let Some((words, help)) = in_domain_words(field.as_deref(), &d.message) {
        d.message = words;
        if let Some(h) = help {
            d = d.suggest(h);
        }
    }
    d.field = field;
    if d.suggestion.is_some() {
        return d;
    }
    if let Some(s) = suggestion_for(&message) {
        d = d.suggest(s);
        // The choices are in the suggestion now: the message says the wrong value alone.
        if let Some((wrong, _)) = d.message.split_once(", expected") {
            d.message = wrong.to_string();
        }
    } else if message.contains("cannot start any token") && d.source_line.as_deref().is_some_and(|l| l.contains('\t')) {
        d = d.suggest("YAML indents with spaces, not tabs: replace the tab with spaces");
    }
    d
}

/// The key a line gives a value under, from the text before the value: `ages` for
/// `  - ages: `. None when the value is not a mapping's plain `key: value`.
fn key_of(before: &str) -> Option<&str> {
    let t = before.trim_start().trim_start_matches("- ").trim_end_matches(['"', '\'']).trim_end();
    let key = t.strip_suffix(':')?.trim_end();
    (!key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')).then_some(key)
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

/// serde's words for a wrong type or a missing field ("invalid type: string "x", expected
/// u32") in the register's: which field, what it holds, what it should, and an example.
fn in_domain_words(field: Option<&str>, message: &str) -> Option<(String, Option<String>)> {
    let key = field.map(last_key).filter(|k| !k.is_empty());
    if let Some(missing) = message.strip_prefix("missing field `").and_then(|r| r.split('`').next()) {
        let help = match example(missing) {
            Some(v) => format!("add a line such as `{missing}: {v}`"),
            None => format!("add `{missing}:` (docs/FORMATS.md describes every field)"),
        };
        return Some((message.to_string(), Some(help)));
    }
    let rest = message.strip_prefix("invalid type: ")?;
    let (found, expected) = rest.split_once(", expected ")?;
    let wants = match expected.trim() {
        "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number",
        "f32" | "f64" => "a number",
        "a boolean" => "`true` or `false`",
        "a string" | "string" => "text",
        "a sequence" => "a list, such as `[a, b]`",
        e if e.starts_with("struct ") || e == "a map" => "a group of fields, each on its own line",
        e if e.starts_with("enum ") => "one of the values docs/FORMATS.md lists",
        _ => return None,
    };
    let quoted = |f: &str| f.split(['"', '`']).nth(1).unwrap_or("").to_string();
    let is = if found.starts_with("string") {
        format!("the text `{}`", quoted(found))
    } else if found.starts_with("integer") || found.starts_with("floating point") {
        format!("the number {}", quoted(found))
    } else if found.starts_with("boolean") {
        format!("`{}`", quoted(found))
    } else if found == "sequence" {
        "a list".into()
    } else if found == "map" {
        "a group of fields".into()
    } else if found == "unit value" {
        "empty".into()
    } else {
        found.to_string()
    };
    // No field: the whole file is of the wrong kind (a mapping where a list belongs).
    let what = key.as_deref().map_or("the file".to_string(), |k| format!("`{k}`"));
    let mut help =
        key.as_deref().and_then(example).map(|v| format!("for example `{}: {v}`", key.as_deref().unwrap_or("")));
    if key.as_deref() == Some("lot") {
        help = Some("a lot is cited by its number on the framework, e.g. `lot: 2`: see the framework's file".into());
    }
    Some((format!("{what} must be {wants}, but here it is {is}"), help))
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
    fn a_value_its_type_refuses_names_its_field_and_the_fix() {
        use crate::model::Service;
        let text = "intervention: x\nages: 5-18\ndelivery: [in-person]\naccepting: true\npostcode: E8 ODY\n";
        let e = parse::<Vec<Service>>(Path::new("s.yaml"), &format!("- {}", text.replace('\n', "\n  "))).unwrap_err();
        assert_eq!((e.line, e.field.as_deref()), (Some(5), Some("[0].postcode")), "{e:?}");
        assert_eq!(e.message, "postcode `E8 ODY` is not the shape of a UK postcode (like E8 1DY or RM1 3BB)");
        assert_eq!(e.suggestion.as_deref(), Some("did you mean `E8 0DY`?"));
        let e = parse::<Service>(Path::new("s.yaml"), &text.replace("5-18", "\"18-5\"")).unwrap_err();
        assert_eq!((e.line, e.field.as_deref()), (Some(2), Some("ages")), "{e:?}");
    }

    #[test]
    fn wrong_variant_lists_choices() {
        let text = "id: x\nname: X\nkind: county\n";
        let e = parse::<Area>(Path::new("areas.yaml"), text).unwrap_err();
        assert_eq!(e.message, "unknown variant `county`");
        assert!(e.suggestion.unwrap().contains("local-authority"));
        // A near miss: the message and the suggestion each say their thing once.
        let e = parse::<Area>(Path::new("areas.yaml"), "id: x\nname: X\nkind: regoin\n").unwrap_err();
        assert_eq!(
            (e.message.as_str(), e.suggestion.as_deref()),
            ("unknown variant `regoin`", Some("did you mean `region`?"))
        );
        let e = parse::<Area>(Path::new("areas.yaml"), "id: x\nname: X\nkindd: region\n").unwrap_err();
        assert_eq!(e.message, "unknown field `kindd`");
    }
}
