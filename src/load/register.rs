//! Reads the register (`providers/`) into [`Register`]: one typed record per entry, each
//! remembering its file and text so later diagnostics can point into it.
//!
//! A record that cannot be read is reported and left out; the rest are still read, so one
//! run finds every problem. What was left out is noted in [`Unread`], so that link does not
//! report each reference to it as a second mistake.

use super::{files, read_text, yaml, Unread};
use crate::diagnostic::{more_in_file, Diagnostic, Diagnostics, RefKind, MAX_PER_FILE};
use crate::model::{Area, DemandPeriod, Framework, Intervention, PracticeModel, Provider, Register, Scheme, Sourced};
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub fn load(dir: &Path, diags: &mut Diagnostics, unread: &mut Unread) -> Register {
    if !dir.is_dir() {
        diags.push(
            Diagnostic::error(dir, "no providers/ folder")
                .suggest("the register lives in providers/ at the site root: see docs/FORMATS.md"),
        );
        unread.kinds.extend([RefKind::Area, RefKind::Intervention, RefKind::Scheme, RefKind::Framework]);
        return Register::default();
    }
    // One walk of the folder: a symbolic-link loop is reported once, not once per kind.
    let all = files(dir, diags);
    let under = |sub: &str| -> Vec<PathBuf> {
        all.iter()
            .filter(|f| f.strip_prefix(dir).is_ok_and(|r| r.starts_with(sub)) && has_ext(f, "yaml"))
            .cloned()
            .collect()
    };
    let reg = Register {
        areas: list_file::<Area>(&dir.join("areas.yaml"), RefKind::Area, diags, unread),
        interventions: list_file::<Intervention>(&dir.join("interventions.yaml"), RefKind::Intervention, diags, unread),
        schemes: list_file::<Scheme>(&dir.join("schemes.yaml"), RefKind::Scheme, diags, unread),
        frameworks: one_per_file::<Framework>(&under("frameworks"), RefKind::Framework, diags, unread),
        providers: one_per_file::<Provider>(&under("orgs"), RefKind::Provider, diags, unread),
        // Optional: a register without a list of practice models is still a register.
        practice_models: if dir.join("practice-models.yaml").exists() {
            list_file::<PracticeModel>(&dir.join("practice-models.yaml"), RefKind::PracticeModel, diags, unread)
        } else {
            Vec::new()
        },
        demand: demand_periods(&under("demand"), diags),
    };
    // Anything else in providers/ is probably a misplaced record; say so rather than ignore it.
    for f in &all {
        let rel = f.strip_prefix(dir).unwrap_or(f);
        if has_ext(f, "yml") {
            diags.push(Diagnostic::error(f, "register files end in .yaml, not .yml").suggest("rename the file"));
        } else if has_ext(f, "yaml") {
            let known = matches!(
                rel.to_str(),
                Some("areas.yaml" | "interventions.yaml" | "schemes.yaml" | "practice-models.yaml")
            ) || rel.starts_with("frameworks")
                || rel.starts_with("orgs")
                || rel.starts_with("demand");
            if !known {
                diags.push(
                    Diagnostic::warning(f, "file is not part of the register and was not read")
                        .suggest("providers go in providers/orgs/, frameworks in providers/frameworks/"),
                );
            }
        }
    }
    reg
}

fn has_ext(p: &Path, ext: &str) -> bool {
    p.extension().and_then(|x| x.to_str()) == Some(ext)
}

/// A file holding a YAML list of records (areas, interventions, schemes).
fn list_file<T: DeserializeOwned>(
    path: &Path,
    kind: RefKind,
    diags: &mut Diagnostics,
    unread: &mut Unread,
) -> Vec<Sourced<T>> {
    match read_text(path) {
        Ok(text) => parse_list(path, text, kind, diags, unread),
        Err(d) => {
            diags.push(d);
            unread.kinds.insert(kind);
            Vec::new()
        }
    }
}

/// Parses the text of a list file. When one entry is wrong, every entry is read on its own,
/// so each bad entry is reported and the good ones are kept.
///
/// The records kept share a copy of the text with the lines of the entries left out blanked,
/// so that the n-th entry in the text is the n-th record, as link's field paths
/// (`[n].parent`) assume, while every line keeps its number.
pub fn parse_list<T: DeserializeOwned>(
    path: &Path,
    text: Arc<str>,
    kind: RefKind,
    diags: &mut Diagnostics,
    unread: &mut Unread,
) -> Vec<Sourced<T>> {
    let sourced = |text: &Arc<str>, record| Sourced { file: path.to_path_buf(), text: text.clone(), record };
    let first = match yaml::parse::<Option<Vec<T>>>(path, &text) {
        Ok(items) => return items.unwrap_or_default().into_iter().map(|r| sourced(&text, r)).collect(),
        Err(d) => d,
    };
    let Some(entries) = yaml::top_level_entries(&text) else {
        // Not a block list we can take apart (a syntax error, or flow style): the first
        // error is all we can say, and no record of this kind can be relied on.
        diags.push(first);
        unread.kinds.insert(kind);
        return Vec::new();
    };
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut blank = vec![false; lines.len()];
    let mut records = Vec::with_capacity(entries.len());
    let mut reported = 0;
    for (index, (start, end)) in entries.into_iter().enumerate() {
        match yaml::parse_entry::<T>(path, &lines, (index, start, end), reported < MAX_PER_FILE) {
            Ok(record) => records.push(record),
            Err((mut d, id)) => {
                // Past the limit the entry is still left out and noted, just not shown.
                let room = MAX_PER_FILE.saturating_sub(reported);
                let found = 1 + d.more.len();
                if room > 0 {
                    d.more.truncate(room - 1);
                    diags.push(d);
                }
                reported += found;
                match id {
                    Some(id) => {
                        unread.ids.insert((kind, id));
                    }
                    None => {
                        unread.kinds.insert(kind);
                    }
                }
                blank[start..end].iter_mut().for_each(|b| *b = true);
            }
        }
    }
    if reported > MAX_PER_FILE {
        diags.push(more_in_file(path));
    }
    let kept: String = lines.iter().zip(&blank).map(|(l, &b)| if b { "\n" } else { l }).collect();
    let kept: Arc<str> = Arc::from(kept);
    records.into_iter().map(|r| sourced(&kept, r)).collect()
}

/// A folder with one record per `.yaml` file, the file name (without extension) its id.
fn one_per_file<T: DeserializeOwned + Send + HasId>(
    files: &[PathBuf],
    kind: RefKind,
    diags: &mut Diagnostics,
    unread: &mut Unread,
) -> Vec<Sourced<T>> {
    let results: Vec<Result<Sourced<T>, Diagnostic>> =
        files.par_iter().map(|path| read_text(path).and_then(|text| parse_record(path, text))).collect();
    let mut out = Vec::with_capacity(results.len());
    for (r, path) in results.into_iter().zip(files) {
        match r {
            Ok(s) => out.push(s),
            Err(d) => {
                diags.push(d);
                unread.ids.insert((kind, id_from_file_name(path)));
            }
        }
    }
    out
}

/// The demand records, one period a file. Nothing refers to a period, so one that cannot be
/// read is reported and left out with nothing further to excuse.
fn demand_periods(files: &[PathBuf], diags: &mut Diagnostics) -> Vec<Sourced<DemandPeriod>> {
    let mut out = Vec::with_capacity(files.len());
    for path in files {
        let read = read_text(path).and_then(|text| {
            if text.trim().is_empty() {
                return Err(Diagnostic::error(path, "file is empty")
                    .suggest("delete it, or give the period's `period`, `starts`, `ends` and `counts`"));
            }
            let record = yaml::parse::<DemandPeriod>(path, &text)?;
            Ok(Sourced { file: path.to_path_buf(), text, record })
        });
        match read {
            Ok(s) => out.push(s),
            Err(d) => diags.push(d),
        }
    }
    out
}

/// A record type whose id may be left out of its file, the file name giving it.
pub trait HasId {
    fn id_mut(&mut self) -> &mut String;
}

impl HasId for Provider {
    fn id_mut(&mut self) -> &mut String {
        &mut self.id
    }
}

impl HasId for Framework {
    fn id_mut(&mut self) -> &mut String {
        &mut self.id
    }
}

/// The id a file gives its record: its name without `.yaml`. A name that is not UTF-8 is
/// shown with replacement characters, and link refuses it as an id.
pub fn id_from_file_name(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Parses the text of a one-record file (a provider or a framework). An `id:` inside the
/// file must agree with the file name.
pub fn parse_record<T: DeserializeOwned + HasId>(path: &Path, text: Arc<str>) -> Result<Sourced<T>, Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::error(path, "file is empty")
            .suggest("delete it, or copy an existing record as a starting point"));
    }
    let mut record: T = yaml::parse(path, &text)?;
    let from_name = id_from_file_name(path);
    let id = record.id_mut();
    if id.is_empty() {
        *id = from_name;
    } else if *id != from_name {
        let m = format!("`id: {id}` differs from the file name `{from_name}`");
        // Renaming the file is advice only where the id could be a file name at all.
        let help = if crate::urls::is_slug(id) {
            format!("remove the `id:` line (the file name is the id), or rename the file to `{id}.yaml`")
        } else {
            format!("remove the `id:` line (the file name is the id); `{id}` is not a safe slug")
        };
        return Err(Diagnostic::error(path, m).field(&text, "id").suggest(help));
    }
    Ok(Sourced { file: path.to_path_buf(), text, record })
}

#[cfg(test)]
mod tests {
    use super::*;

    const AREAS: &str = "\
# areas
- id: london
  name: London
  kind: region
- id: hackney
  name: Hackney
  kind: county
  parent: london
- id: newham
  name: Newham
  kind: local-authority
  parnet: london
- id: havering
  name: Havering
  kind: local-authority
";

    #[test]
    fn a_bad_entry_does_not_hide_the_others() {
        let mut diags = Diagnostics::default();
        let mut unread = Unread::default();
        let areas: Vec<Sourced<Area>> =
            parse_list(Path::new("areas.yaml"), Arc::from(AREAS), RefKind::Area, &mut diags, &mut unread);
        let ids: Vec<&str> = areas.iter().map(|a| a.record.id.as_str()).collect();
        assert_eq!(ids, ["london", "havering"]);
        let lines: Vec<Option<usize>> = diags.items.iter().map(|d| d.line).collect();
        assert_eq!(lines, [Some(7), Some(12)], "{:#?}", diags.items);
        assert!(unread.ids.contains(&(RefKind::Area, "hackney".into())));
        assert!(unread.ids.contains(&(RefKind::Area, "newham".into())));
        // The kept text still puts the second record at entry [1], on its own line (the
        // place of its value).
        assert_eq!(crate::load::locate::locate(&areas[1].text, "[1].name"), Some((14, 9)));
        assert_eq!(diags.items[0].source_line.as_deref(), Some("  kind: county"));
    }

    #[test]
    fn a_syntax_error_makes_the_whole_kind_unread() {
        let mut diags = Diagnostics::default();
        let mut unread = Unread::default();
        let text = "- id: london\n  name: [London\n";
        let areas: Vec<Sourced<Area>> =
            parse_list(Path::new("areas.yaml"), Arc::from(text), RefKind::Area, &mut diags, &mut unread);
        assert!(areas.is_empty());
        assert_eq!(diags.errors(), 1);
        assert!(unread.kinds.contains(&RefKind::Area));
    }

    #[test]
    fn id_must_match_the_file_name() {
        let text: Arc<str> = Arc::from(
            "id: other\nname: F\nlead: L\nroute: open-framework\nsummary: S\nstarts: 2024-01-01\nends: 2025-01-01\nlots: []\n",
        );
        let e = parse_record::<Framework>(Path::new("orgs/acorn.yaml"), text).unwrap_err();
        assert!(e.message.contains("differs from the file name `acorn`"), "{}", e.message);
        assert_eq!(e.line, Some(1));
    }
}
