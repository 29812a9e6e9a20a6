/*!
Stage 1, **load**: read the site root into memory.

Reads `site.yaml`, every record under `providers/`, every markdown file under `content/`
and the theme's templates and assets, and hands them to **link** as plain values. Files
are read once, here; no later stage touches the source tree. Every problem becomes a
[`Diagnostic`] naming the file; the stage goes on to find the rest.
*/

pub mod content;
pub mod locate;
pub mod register;
pub mod theme;
mod yaml;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{ContentPage, Register, SiteConfig};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The largest file we read. A register file is a few kilobytes; anything this big is a
/// mistake, and refusing it keeps memory bounded on hostile input.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Everything the later stages need from disk.
pub struct Loaded {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub register: Register,
    pub content: Vec<ContentPage>,
    pub theme: theme::Theme,
}

pub fn load(root: &Path, diags: &mut Diagnostics) -> Option<Loaded> {
    let config_path = root.join("site.yaml");
    let config = match read_text(&config_path) {
        Ok(text) => match yaml::parse::<SiteConfig>(&config_path, &text) {
            Ok(c) => Some(c),
            Err(d) => {
                diags.push(d);
                None
            }
        },
        Err(d) => {
            diags.push(d.suggest("a site root holds site.yaml, providers/ and content/; pass --root"));
            None
        }
    };
    let register = register::load(&root.join("providers"), diags);
    let content = content::load(&root.join("content"), diags);
    let theme = theme::load(root, config.as_ref().map_or("default", |c| c.theme.as_str()), diags);
    Some(Loaded { root: root.to_path_buf(), config: config?, register, content, theme: theme? })
}

/// Reads a UTF-8 text file, without a byte-order mark, refusing oversized or binary files.
pub fn read_text(path: &Path) -> Result<Arc<str>, Diagnostic> {
    let meta = std::fs::metadata(path).map_err(|e| Diagnostic::error(path, format!("cannot read file: {e}")))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(path, format!("file is {} bytes; the limit is {MAX_FILE_BYTES}", meta.len()))
            .suggest("split the text or move large documents out of the register"));
    }
    let bytes = std::fs::read(path).map_err(|e| Diagnostic::error(path, format!("cannot read file: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let before = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let mut d = Diagnostic::error(path, "file is not valid UTF-8 text")
            .suggest("save the file as UTF-8 (most editors offer this under 'Save with encoding')");
        d.line = Some(line);
        d
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    Ok(Arc::from(text))
}

/// Files under `dir` with extension `ext`, sorted, following symlinks but refusing loops.
pub fn files_with_ext(dir: &Path, ext: &str, diags: &mut Diagnostics) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name() {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let p = e.into_path();
                if p.extension().and_then(|x| x.to_str()) == Some(ext) {
                    out.push(p);
                }
            }
            Ok(_) => {}
            Err(e) => {
                let path = e.path().map(Path::to_path_buf).unwrap_or_else(|| dir.to_path_buf());
                let msg = if e.loop_ancestor().is_some() {
                    "symbolic link loops back to a folder above it; skipped".to_string()
                } else {
                    format!("cannot read: {e}")
                };
                diags.push(Diagnostic::error(path, msg));
            }
        }
    }
    out
}
