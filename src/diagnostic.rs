/*!
Diagnostics: the one shape every stage uses to say what is wrong with the input.

A diagnostic names the file, the line and column, the field path inside the record
(`services[2].areas[0]`), a one-line message and, where one exists, a suggested fix. This
module alone decides how diagnostics look, to a person (rustc-style, with the source line
and a caret) or to a program (JSON).
*/

use serde::Serialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Written as text even when the file's name is not UTF-8 (shown with `�`).
    #[serde(serialize_with = "lossy_path")]
    pub file: PathBuf,
    /// 1-based; absent when the problem is with the file as a whole.
    pub line: Option<usize>,
    /// 1-based, in characters.
    pub column: Option<usize>,
    /// Where in the record: `services[2].areas[0]`.
    pub field: Option<String>,
    pub message: String,
    pub suggestion: Option<String>,
    /// The text of `line`, for the human rendering.
    #[serde(skip)]
    pub source_line: Option<String>,
    /// For an unresolved reference: what it pointed at. When the record it names exists but
    /// could not be read, the diagnostic only repeats the reader's error and is dropped.
    #[serde(skip)]
    pub refers_to: Option<(RefKind, String)>,
    /// Further mistakes in the same record, found after this one (a reader stops at the
    /// first): added to a run's diagnostics beside it.
    #[serde(skip)]
    pub more: Vec<Diagnostic>,
}

/// Messages quote the input, which may be a value of megabytes: keep the two ends.
fn shorten(s: String) -> String {
    const MAX: usize = 400;
    if s.chars().count() <= MAX {
        return s;
    }
    let head: String = s.chars().take(MAX / 2).collect();
    let tail: Vec<char> = s.chars().rev().take(MAX / 2).collect();
    format!("{head}…{}", tail.into_iter().rev().collect::<String>())
}

fn lossy_path<S: serde::Serializer>(p: &Path, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&p.to_string_lossy())
}

/// The kinds of thing a reference can point at, for [`Diagnostic::refers_to`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RefKind {
    Area,
    Intervention,
    Scheme,
    Framework,
    Provider,
    /// A numbered standard or competency, by its full id (`TS-3.2`).
    Item,
    /// A content page, by its key (`guides/choosing-a-provider`).
    Page,
    /// A page of the site, by its URL relative to the root (`guides/choosing-a-provider/`).
    Url,
    /// A practice model from `practice-models.yaml`.
    PracticeModel,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: None,
            column: None,
            field: None,
            message: shorten(message.into()),
            suggestion: None,
            source_line: None,
            refers_to: None,
            more: Vec::new(),
        }
    }

    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(file, message) }
    }

    /// Points the diagnostic at a line and column of `text`, keeping that line to show.
    pub fn at(mut self, text: &str, line: usize, column: usize) -> Diagnostic {
        self.line = Some(line);
        self.column = Some(column);
        self.source_line = text.lines().nth(line.saturating_sub(1)).map(str::to_owned);
        self
    }

    /// Points the diagnostic at a line and column, given that line's text.
    pub fn at_line(mut self, line: usize, column: usize, source: &str) -> Diagnostic {
        self.line = Some(line);
        self.column = Some(column);
        self.source_line = Some(source.to_owned());
        self
    }

    /// Names the field and, if `text` is the record's YAML, finds the field's line in it.
    pub fn field(mut self, text: &str, path: &str) -> Diagnostic {
        if let Some((line, col)) = crate::locate::locate(text, path) {
            self = self.at(text, line, col);
        }
        self.field = Some(path.to_owned());
        self
    }

    pub fn suggest(mut self, suggestion: impl Into<String>) -> Diagnostic {
        self.suggestion = Some(shorten(suggestion.into()));
        self
    }

    /// Marks the diagnostic as an unresolved reference to `id` of `kind`.
    pub fn refers_to(mut self, kind: RefKind, id: impl Into<String>) -> Diagnostic {
        self.refers_to = Some((kind, id.into()));
        self
    }

    /// rustc-style text: `error: message`, ` --> file:line:col`, the line and a caret.
    pub fn render_human(&self, root: &Path) -> String {
        let mut out = String::new();
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(out, "{label}: {}", self.message);
        let file = self.file.strip_prefix(root).unwrap_or(&self.file).display().to_string();
        match (self.line, self.column) {
            (Some(l), Some(c)) => {
                let _ = write!(out, "  --> {file}:{l}:{c}");
            }
            (Some(l), None) => {
                let _ = write!(out, "  --> {file}:{l}");
            }
            _ => {
                let _ = write!(out, "  --> {file}");
            }
        }
        if let Some(field) = &self.field {
            let _ = write!(out, " (field `{field}`)");
        }
        out.push('\n');
        if let (Some(l), Some(src)) = (self.line, &self.source_line) {
            let gutter = l.to_string().len();
            // Cut first: a hostile file may hold a line of megabytes.
            let (src, col) = window(src, self.column.unwrap_or(1).max(1));
            let src = printable(&src.replace('\t', " "));
            let _ = writeln!(out, "{:gutter$} |", "");
            let _ = writeln!(out, "{l} | {src}");
            let width = value_width(&src, col).clamp(1, 60);
            let _ = writeln!(out, "{:gutter$} | {}{}", "", " ".repeat(col - 1), "^".repeat(width));
        }
        if let Some(s) = &self.suggestion {
            let _ = writeln!(out, "  = help: {s}");
        }
        // Messages quote the input: a hostile file must not drive the terminal.
        printable(&out)
    }
}

/// How many characters the YAML value (or key) starting at column `col` of `line` spans, so
/// the caret underlines all of `limited company` and not its first word: a quoted value to
/// its closing quote; in a flow list or mapping, to the next `,`, `]` or `}`; a key to its
/// colon; otherwise to a comment or the end of the line, without trailing spaces.
fn value_width(line: &str, col: usize) -> usize {
    let before: String = line.chars().take(col - 1).collect();
    let rest: Vec<char> = line.chars().skip(col - 1).collect();
    if let Some(&q @ ('"' | '\'')) = rest.first() {
        return rest[1..].iter().position(|&c| c == q).map_or(rest.len(), |end| end + 2);
    }
    let flow = before.chars().filter(|c| matches!(c, '[' | '{')).count()
        > before.chars().filter(|c| matches!(c, ']' | '}')).count();
    let mut end = rest.len();
    for (i, &c) in rest.iter().enumerate() {
        let next = rest.get(i + 1).copied();
        let at_colon = c == ':' && next.map_or(true, char::is_whitespace);
        let at_comment = c == '#' && i > 0 && rest[i - 1].is_whitespace();
        if at_colon || at_comment || (flow && matches!(c, ',' | ']' | '}')) {
            end = i;
            break;
        }
    }
    rest[..end].iter().rev().skip_while(|c| c.is_whitespace()).count()
}

/// The text with control and direction characters (other than newlines) shown as `�`, so
/// quoting a hostile file cannot move the cursor or reorder what the terminal shows.
fn printable(s: &str) -> String {
    s.chars()
        .map(|c| {
            if (c.is_control() && c != '\n') || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

/// At most [`WINDOW`] characters of a long source line around column `col`, with `…` where
/// it is cut, and the column within what is shown.
fn window(src: &str, col: usize) -> (String, usize) {
    const WINDOW: usize = 120;
    if src.chars().nth(WINDOW).is_none() {
        return (src.to_string(), col);
    }
    let start = col.saturating_sub(1 + WINDOW / 3);
    let mut shown: String = src.chars().skip(start).take(WINDOW).collect();
    if start == 0 && shown.len() == src.len() {
        return (shown, col);
    }
    let mut col = col - start;
    let cut_end = src.chars().nth(start + WINDOW).is_some();
    if start > 0 {
        shown.insert(0, '…');
        col += 1;
    }
    if cut_end {
        shown.push('…');
    }
    (shown, col)
}

/// How many diagnostics one file may give before the rest are summed up in one line: a
/// hostile file can hold a million mistakes, and nobody reads past the first screens.
pub const MAX_PER_FILE: usize = 200;

/// The note that ends a file's diagnostics when there were more than [`MAX_PER_FILE`].
pub fn more_in_file(file: impl Into<PathBuf>) -> Diagnostic {
    Diagnostic::error(file, format!("checking stopped after {MAX_PER_FILE} problems in this file"))
        .suggest("fix these and check again")
}

/// All the diagnostics of one run, in a stable order.
#[derive(Debug, Default)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, mut d: Diagnostic) {
        let more = std::mem::take(&mut d.more);
        self.items.push(d);
        self.items.extend(more);
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        for d in ds {
            self.push(d);
        }
    }

    pub fn errors(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Error).count()
    }

    pub fn warnings(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Warning).count()
    }

    /// "1 error, 2 warnings": the last line of a human report.
    pub fn summary(&self) -> String {
        format!("{}, {}", counted(self.errors(), "error"), counted(self.warnings(), "warning"))
    }

    /// Sorts by file, then line, so output does not depend on thread scheduling.
    pub fn sort(&mut self) {
        self.items
            .sort_by(|a, b| (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message)));
    }

    pub fn render_human(&self, root: &Path) -> String {
        let mut out = String::new();
        for d in &self.items {
            out.push_str(&d.render_human(root));
            out.push('\n');
        }
        out
    }

    /// Errors in full; warnings grouped by kind (the message with its quoted values and
    /// numbers taken out), most frequent first, each kind with its first `first` in full
    /// and a count of the rest. What `build` prints: a large register's warnings can
    /// number thousands, and `check` lists them all.
    pub fn render_summary(&self, root: &Path, first: usize) -> String {
        let mut out = String::new();
        for d in self.items.iter().filter(|d| d.severity == Severity::Error) {
            out.push_str(&d.render_human(root));
            out.push('\n');
        }
        let mut kinds: Vec<(String, Vec<&Diagnostic>)> = Vec::new();
        for d in self.items.iter().filter(|d| d.severity == Severity::Warning) {
            let k = kind_of(&d.message);
            match kinds.iter_mut().find(|(kk, _)| *kk == k) {
                Some((_, v)) => v.push(d),
                None => kinds.push((k, vec![d])),
            }
        }
        kinds.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
        let mut hidden = 0;
        let place = |d: &Diagnostic| {
            let file = d.file.strip_prefix(root).unwrap_or(&d.file).display().to_string();
            format!("{file}{}", d.line.map(|l| format!(":{l}")).unwrap_or_default())
        };
        for (_, ds) in &kinds {
            // The heading quotes a real warning of the kind: a pattern with its values taken
            // out ("expired on N-N-N") reads as a fault of the tool.
            if let [one] = ds.as_slice() {
                let _ = writeln!(out, "1 warning: {}: {}", place(one), one.message);
                continue;
            }
            let _ = writeln!(out, "{} like this one: {}", counted(ds.len(), "warning"), ds[0].message);
            for d in ds.iter().take(first) {
                let _ = writeln!(out, "  {}: {}", place(d), d.message);
            }
            if ds.len() > first {
                let _ = writeln!(out, "  … and {} more", ds.len() - first);
                hidden += ds.len() - first;
            }
        }
        if hidden > 0 {
            let _ = writeln!(out, "run `landscape check` to see every warning in full, or build with --verbose");
        }
        printable(&out)
    }

    pub fn render_json(&self, root: &Path) -> String {
        let items: Vec<_> = self
            .items
            .iter()
            .map(|d| {
                let mut d = d.clone();
                d.file = d.file.strip_prefix(root).map(Path::to_path_buf).unwrap_or(d.file);
                d
            })
            .collect();
        serde_json::to_string_pretty(&serde_json::json!({
            "errors": self.errors(),
            "warnings": self.warnings(),
            "diagnostics": items,
        }))
        .expect("diagnostics serialise")
    }
}

/// The candidate closest to `wrong` by edit distance, if it is close enough to be a typo.
pub fn did_you_mean<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (wrong.chars().count() / 3).clamp(1, 4);
    candidates.into_iter().map(|c| (edit_distance(wrong, c), c)).filter(|(d, _)| *d <= limit).min().map(|(_, c)| c)
}

/// Edit distance counting a swap of two neighbouring letters as one edit (the optimal
/// string alignment distance): `emial` is one slip from `email`, not two.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows: two back, one back, and the current one.
    let mut two: Vec<usize> = Vec::new();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 0..a.len() {
        let mut cur = vec![i + 1; b.len() + 1];
        for j in 0..b.len() {
            let cost = usize::from(a[i] != b[j]);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            if i > 0 && j > 0 && a[i] == b[j - 1] && a[i - 1] == b[j] {
                cur[j + 1] = cur[j + 1].min(two[j - 1] + 1);
            }
        }
        two = std::mem::replace(&mut prev, cur);
    }
    prev[b.len()]
}

/// What kind of problem a message describes: the message with each quoted value (between
/// backticks) shown as `…` and each run of digits as `N`, so "award `ukcp` expired on
/// 2026-01-02" and "award `bacp` expired on 2025-11-30" are one kind.
pub fn kind_of(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut quoted = false;
    let mut digits = false;
    for c in message.chars() {
        if c == '`' {
            if !quoted {
                out.push_str("`…`");
            }
            quoted = !quoted;
            digits = false;
        } else if quoted {
        } else if c.is_ascii_digit() {
            if !digits {
                out.push('N');
            }
            digits = true;
        } else {
            digits = false;
            out.push(c);
        }
    }
    out
}

/// `n` things, with the plural only where English wants it.
pub fn counted(n: usize, thing: &str) -> String {
    crate::words::counted(n as f64, thing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_misses_only() {
        let ids = ["hackney", "havering", "newham"];
        assert_eq!(did_you_mean("hackny", ids), Some("hackney"));
        assert_eq!(did_you_mean("islington", ids), None);
        assert_eq!(did_you_mean("hakcney", ids), Some("hackney"));
        assert_eq!(did_you_mean("emial", ["email", "phone"]), Some("email"));
        assert_eq!(edit_distance("abc", "abc"), 0);
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn long_lines_are_cut_around_the_column_and_control_characters_hidden() {
        let line = format!("description: {}BAD{}", "a ".repeat(200), " z".repeat(200));
        let col = line.find("BAD").unwrap() + 1;
        let d = Diagnostic::error("x.yaml", "bad \u{1b}[31mred").at(&line, 1, col);
        let s = d.render_human(Path::new(""));
        let shown = s.lines().nth(3).unwrap();
        assert!(shown.chars().count() < 140 && shown.contains("BAD") && shown.contains('…'), "{s}");
        let caret = s.lines().nth(4).unwrap();
        let at = caret.chars().position(|c| c == '^').unwrap();
        assert_eq!(shown.chars().skip(at).take(3).collect::<String>(), "BAD", "{s}");
        assert!(!s.contains('\u{1b}') && s.contains("bad \u{FFFD}[31mred"), "{s}");
    }

    #[test]
    fn warnings_are_summed_up_by_kind() {
        assert_eq!(kind_of("award `ukcp` expired on 2026-01-02"), "award `…` expired on N-N-N");
        let mut ds = Diagnostics::default();
        for i in 0..5 {
            ds.push(Diagnostic::warning(format!("p{i}.yaml"), format!("award `s{i}` expired on 2026-01-0{i}")));
        }
        ds.push(Diagnostic::warning("q.yaml", "listing not reviewed for 14 months"));
        ds.push(Diagnostic::error("e.yaml", "unknown area `x`"));
        let s = ds.render_summary(Path::new(""), 3);
        assert!(s.starts_with("error: unknown area `x`"), "{s}");
        assert!(
            s.contains(
                "5 warnings like this one: award `s0` expired on 2026-01-00\n  p0.yaml: award `s0` expired on 2026-01-00\n"
            ),
            "{s}"
        );
        assert!(s.contains("  … and 2 more\n1 warning: q.yaml: listing not reviewed for 14 months\n"), "{s}");
        // No heading shows the pattern a kind is found by.
        assert!(!s.contains('…') || s.matches('…').count() == 1, "{s}");
        assert!(!s.contains("N-N-N") && !s.contains(" N "), "{s}");
        assert!(s.contains("landscape check"), "{s}");
        assert!(!s.contains("p3.yaml"), "{s}");
    }

    #[test]
    fn the_caret_spans_the_whole_value() {
        let caret = |line: &str, col: usize| {
            let d = Diagnostic::error("x.yaml", "bad").at(line, 1, col);
            let s = d.render_human(Path::new(""));
            s.lines().nth(4).unwrap().trim_start_matches([' ', '|']).to_string()
        };
        assert_eq!(caret("legal_form: limited company", 13), "^".repeat(15));
        assert_eq!(caret("legal_form: limited company   # its form", 13), "^".repeat(15));
        assert_eq!(caret("name: \"Acorn, Tree: Therapies\" # x", 7), "^".repeat(24));
        assert_eq!(caret("areas: [north hackney, newham]", 9), "^".repeat(13));
        assert_eq!(caret("- {id: x, parent: no where}", 19), "^".repeat(8));
        assert_eq!(caret("acepting: true", 1), "^".repeat(8));
        assert_eq!(caret("url: https://example.org/a#b", 6), "^".repeat(23));
    }

    #[test]
    fn human_rendering_points_at_the_column() {
        let text = "name: x\nareas: [hackny]\n";
        let d = Diagnostic::error("providers/orgs/x.yaml", "unknown area `hackny`")
            .at(text, 2, 9)
            .suggest("did you mean `hackney`?");
        let s = d.render_human(Path::new(""));
        assert!(s.contains("--> providers/orgs/x.yaml:2:9"), "{s}");
        assert!(s.contains("2 | areas: [hackny]"), "{s}");
        assert!(s.contains("  |         ^^^^^^\n"), "{s}");
        assert!(s.contains("help: did you mean `hackney`?"), "{s}");
    }
}
