//! Writes imported providers as `providers/orgs/<id>.yaml`, and keeps
//! `providers/imported.csv`: which file it wrote for which source record, with a hash of the
//! text it wrote. With it a second import knows its own records from the register's: it
//! updates a file it wrote that nobody has edited since, and leaves every other file alone
//! unless told to overwrite.

use super::Record;
use crate::load::schema;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const MANIFEST: &str = "providers/imported.csv";

/// What an import did, provider by provider.
#[derive(Debug, Default)]
pub struct Outcome {
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub unchanged: Vec<String>,
    /// Providers an earlier import wrote that this source no longer has: their files removed.
    pub gone: Vec<String>,
    /// Files left as they are, and why.
    pub kept: Vec<(String, String)>,
}

/// FNV-1a, 64 bits: enough to tell whether a file is still the text the import wrote.
fn hash(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// (file → (source, hash)) from the manifest's text.
fn read_manifest(text: &str) -> BTreeMap<String, (String, String)> {
    let mut rd = csv::Reader::from_reader(text.as_bytes());
    rd.records()
        .filter_map(Result::ok)
        .filter_map(|r| Some((r.get(0)?.to_string(), (r.get(1)?.to_string(), r.get(2)?.to_string()))))
        .collect()
}

fn write_manifest(m: &BTreeMap<String, (String, String)>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(["file", "source", "hash"]);
    for (file, (source, h)) in m {
        let _ = w.write_record([file.as_str(), source.as_str(), h.as_str()]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// A provider's record as YAML text, naming its schema. Fields the source did not state are
/// left out (SME and VCSE are then `None`, never `false`, which would be a claim).
pub fn provider_text(rel: &Path, p: &crate::model::Provider) -> String {
    let body: String = crate::synth::yaml::provider_yaml(p)
        .lines()
        .filter(|l| *l != "description: \"\"")
        .map(|l| format!("{l}\n"))
        .collect();
    let head = "# Written by `landscape import`. A later import replaces this file while it is unedited;\n\
                # once you edit it, imports leave it alone (see docs/IMPORT.md).\n";
    schema::with_modeline(rel, &format!("{head}{body}"))
}

/// Writes `records` under `root`, never replacing a file the import did not write (or that
/// was edited since) unless `overwrite`.
pub fn write(root: &Path, records: &mut [Record], overwrite: bool) -> Result<Outcome, String> {
    let mpath = root.join(MANIFEST);
    let before = match std::fs::read_to_string(&mpath) {
        Ok(t) => read_manifest(&t),
        Err(_) => BTreeMap::new(),
    };
    // A source record keeps the file it was first written to, even if its name changed.
    for r in records.iter_mut() {
        if let Some((file, _)) = before.iter().find(|(_, (s, _))| *s == r.source) {
            if let Some(stem) = Path::new(file).file_stem().and_then(|s| s.to_str()) {
                r.provider.id = stem.to_string();
            }
        }
    }
    let mut after = BTreeMap::new();
    let mut out = Outcome::default();
    std::fs::create_dir_all(root.join("providers/orgs")).map_err(|e| format!("providers/orgs: {e}"))?;
    for r in records.iter() {
        let id = r.provider.id.clone();
        let rel = PathBuf::from(format!("providers/orgs/{id}.yaml"));
        let key = rel.to_string_lossy().replace('\\', "/");
        let text = provider_text(&rel, &r.provider);
        let path = root.join(&rel);
        match std::fs::read_to_string(&path) {
            Ok(old) if old == text => out.unchanged.push(id),
            Ok(old) => {
                let ours = before.get(&key).is_some_and(|(_, h)| *h == hash(&old));
                if !ours && !overwrite {
                    let why = if before.contains_key(&key) {
                        "edited since the last import; not replaced (--overwrite replaces it)"
                    } else {
                        "a record the import did not write; not replaced (--overwrite replaces it)"
                    };
                    out.kept.push((id, why.into()));
                    if let Some(m) = before.get(&key) {
                        after.insert(key, m.clone());
                    }
                    continue;
                }
                std::fs::write(&path, &text).map_err(|e| format!("{}: {e}", rel.display()))?;
                out.changed.push(id);
            }
            Err(_) => {
                std::fs::write(&path, &text).map_err(|e| format!("{}: {e}", rel.display()))?;
                out.added.push(id);
            }
        }
        after.insert(key, (r.source.clone(), hash(&text)));
    }
    for (file, (_, h)) in &before {
        if after.contains_key(file) {
            continue;
        }
        let id = Path::new(file).file_stem().and_then(|s| s.to_str()).unwrap_or(file).to_string();
        // Only a file under providers/orgs/ is ever removed, whatever the manifest says.
        if !file.starts_with("providers/orgs/") || file.contains("..") {
            continue;
        }
        let path = root.join(file);
        match std::fs::read_to_string(&path) {
            Ok(old) if hash(&old) == *h => {
                std::fs::remove_file(&path).map_err(|e| format!("{file}: {e}"))?;
                out.gone.push(id);
            }
            Ok(_) => {
                out.kept.push((id, "no longer in the source, but edited since the last import; not removed".into()))
            }
            Err(_) => out.gone.push(id),
        }
    }
    if !after.is_empty() || !before.is_empty() {
        std::fs::write(&mpath, write_manifest(&after)).map_err(|e| format!("{MANIFEST}: {e}"))?;
    }
    Ok(out)
}
