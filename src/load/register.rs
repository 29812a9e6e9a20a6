//! Reads the register (`providers/`) into [`Register`]: one typed record per entry, each
//! remembering its file and text so later diagnostics can point into it.

use super::{files_with_ext, read_text, yaml};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Framework, Provider, Register, Sourced};
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use std::path::Path;

pub fn load(dir: &Path, diags: &mut Diagnostics) -> Register {
    if !dir.is_dir() {
        diags.push(
            Diagnostic::error(dir, "no providers/ folder")
                .suggest("the register lives in providers/ at the site root: see docs/FORMATS.md"),
        );
        return Register::default();
    }
    let mut reg = Register {
        areas: list_file(&dir.join("areas.yaml"), diags),
        interventions: list_file(&dir.join("interventions.yaml"), diags),
        schemes: list_file(&dir.join("schemes.yaml"), diags),
        ..Register::default()
    };
    reg.frameworks = one_per_file::<Framework>(&dir.join("frameworks"), diags, |f, id| {
        if f.id.is_empty() {
            f.id = id;
            Ok(())
        } else if f.id == id {
            Ok(())
        } else {
            Err(format!("`id: {}` differs from the file name `{id}`", f.id))
        }
    });
    reg.providers = one_per_file::<Provider>(&dir.join("orgs"), diags, |p, id| {
        if p.id.is_empty() {
            p.id = id;
            Ok(())
        } else if p.id == id {
            Ok(())
        } else {
            Err(format!("`id: {}` differs from the file name `{id}`", p.id))
        }
    });
    // Anything else in providers/ is probably a misplaced record; say so rather than ignore it.
    for f in files_with_ext(dir, "yml", diags) {
        diags.push(Diagnostic::error(&f, "register files end in .yaml, not .yml").suggest("rename the file"));
    }
    for f in files_with_ext(dir, "yaml", diags) {
        let rel = f.strip_prefix(dir).unwrap_or(&f);
        let known = matches!(rel.to_str(), Some("areas.yaml" | "interventions.yaml" | "schemes.yaml"))
            || rel.starts_with("frameworks")
            || rel.starts_with("orgs");
        if !known {
            diags.push(
                Diagnostic::warning(&f, "file is not part of the register and was not read")
                    .suggest("providers go in providers/orgs/, frameworks in providers/frameworks/"),
            );
        }
    }
    reg
}

/// A file holding a YAML list of records (areas, interventions, schemes).
fn list_file<T: DeserializeOwned + Send>(path: &Path, diags: &mut Diagnostics) -> Vec<Sourced<T>> {
    let text = match read_text(path) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return Vec::new();
        }
    };
    match yaml::parse::<Option<Vec<T>>>(path, &text) {
        Ok(items) => items
            .unwrap_or_default()
            .into_iter()
            .map(|record| Sourced { file: path.to_path_buf(), text: text.clone(), record })
            .collect(),
        Err(d) => {
            diags.push(d);
            Vec::new()
        }
    }
}

/// A folder with one record per `.yaml` file, the file name (without extension) its id.
fn one_per_file<T: DeserializeOwned + Send>(
    dir: &Path,
    diags: &mut Diagnostics,
    set_id: impl Fn(&mut T, String) -> Result<(), String> + Sync,
) -> Vec<Sourced<T>> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let files = files_with_ext(dir, "yaml", diags);
    let results: Vec<Result<Sourced<T>, Diagnostic>> = files
        .par_iter()
        .map(|path| {
            let text = read_text(path)?;
            if text.trim().is_empty() {
                return Err(Diagnostic::error(path, "file is empty")
                    .suggest("delete it, or copy an existing record as a starting point"));
            }
            let mut record: T = yaml::parse(path, &text)?;
            let id = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
            set_id(&mut record, id).map_err(|m| Diagnostic::error(path, m).field(&text, "id"))?;
            Ok(Sourced { file: path.clone(), text, record })
        })
        .collect();
    let mut out = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(s) => out.push(s),
            Err(d) => diags.push(d),
        }
    }
    out
}
