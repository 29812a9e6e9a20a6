/*!
Stage 1, **load**: read the site root into memory.

Reads `site.yaml`, every record under `providers/`, every markdown file under `content/`
and the theme's templates and assets, and hands them to **link** as plain values. Files
are read once, here; no later stage touches the source tree. Every problem becomes a
[`Diagnostic`] naming the file; the stage goes on to find the rest.
*/

pub mod config;
pub mod content;
pub use crate::locate;
pub mod register;
pub mod schema;
pub mod theme;
mod yaml;

use crate::diagnostic::{Diagnostic, Diagnostics, RefKind};
use crate::model::{ContentPage, Register, SiteConfig};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The largest file we read. A register file is a few kilobytes; anything this big is a
/// mistake, and refusing it keeps memory bounded on hostile input.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Everything the later stages need from disk. A part that could not be read is absent
/// (its diagnostics already say why); link still checks the rest, so one run reports
/// every problem.
pub struct Loaded {
    pub root: PathBuf,
    pub config: Option<SiteConfig>,
    pub register: Register,
    pub content: Vec<ContentPage>,
    pub theme: Option<theme::Theme>,
    /// Records that exist but could not be read.
    pub unread: Unread,
}

/// What exists on disk but could not be read. A reference to one of these is not a second
/// mistake: the reader's error already covers it, so link's "unknown …" for it is dropped.
#[derive(Debug, Default)]
pub struct Unread {
    /// Kinds whose whole file could not be read (a syntax error in `areas.yaml`): no
    /// reference to one can be checked.
    pub kinds: BTreeSet<RefKind>,
    /// Single records that could not be read, by kind and id.
    pub ids: BTreeSet<(RefKind, String)>,
    /// Numbers (`3.2`) of numbered headings on content pages that could not be read; the
    /// prefix comes from the section, so a reference to any `X-3.2` may be one of them.
    pub item_numbers: BTreeSet<String>,
}

impl Unread {
    /// Whether `d` only reports a reference to something that could not be read.
    pub fn covers(&self, d: &Diagnostic) -> bool {
        let Some((kind, id)) = &d.refers_to else { return false };
        if self.kinds.contains(kind) || self.ids.contains(&(*kind, id.clone())) {
            return true;
        }
        *kind == RefKind::Item && id.rsplit_once('-').is_some_and(|(_, n)| self.item_numbers.contains(n))
    }

    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty() && self.ids.is_empty() && self.item_numbers.is_empty()
    }
}

pub fn load(root: &Path, diags: &mut Diagnostics) -> Loaded {
    let config_path = root.join("site.yaml");
    let config = match read_text(&config_path) {
        Ok(text) => match yaml::parse::<SiteConfig>(&config_path, &text) {
            Ok(c) => {
                config::check(&config_path, &text, &c, diags);
                Some(c)
            }
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
    let mut unread = Unread::default();
    let register = register::load(&root.join("providers"), diags, &mut unread);
    let theme = theme::load(root, config.as_ref().map_or("default", |c| c.theme.as_str()), diags);
    let templates = theme.as_ref().map(|t| &t.templates);
    let content = content::load(&root.join("content"), templates, diags, &mut unread);
    Loaded { root: root.to_path_buf(), config, register, content, theme, unread }
}

/// Settings to link under when `site.yaml` could not be read, so the register and content
/// are still checked. Never used to build: the missing file is an error.
pub fn placeholder_config() -> Option<SiteConfig> {
    serde_json::from_value(serde_json::json!({ "title": "", "publisher": "", "corrections_email": "" })).ok()
}

/// Reads a UTF-8 text file, without a byte-order mark, refusing oversized, binary and
/// special files (a FIFO would hang the read, `/dev/zero` would never end).
pub fn read_text(path: &Path) -> Result<Arc<str>, Diagnostic> {
    use std::io::Read as _;
    let cannot = |e: std::io::Error| Diagnostic::error(path, format!("cannot read file: {e}"));
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if !meta.is_file() {
        return Err(
            Diagnostic::error(path, "not a regular file").suggest("register and content files are plain text files")
        );
    }
    let too_big = |len: u64| {
        Diagnostic::error(path, format!("file is {len} bytes; the limit is {MAX_FILE_BYTES}"))
            .suggest("split the text or move large documents out of the register")
    };
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big(meta.len()));
    }
    // The file may grow between the two calls: read no more than the limit allows.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path).map_err(cannot)?.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(cannot)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    decode_text(path, bytes)
}

/// Turns a file's bytes into text: UTF-8 only, a leading byte-order mark dropped, line
/// endings made `\n`. An error names the line of the first byte that is not UTF-8.
pub fn decode_text(path: &Path, bytes: Vec<u8>) -> Result<Arc<str>, Diagnostic> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let before = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
        let mut d = Diagnostic::error(path, "file is not valid UTF-8 text")
            .suggest("save the file as UTF-8 (most editors offer this under 'Save with encoding')");
        d.line = Some(line);
        d.column = Some(column);
        d
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    // One kind of line ending, so every line number agrees: the YAML parser counts a lone
    // carriage return as a line break, `str::lines` does not.
    if text.contains('\r') {
        return Ok(Arc::from(text.replace("\r\n", "\n").replace('\r', "\n")));
    }
    Ok(Arc::from(text))
}

/// How deep a folder of the register or content may go, and how many entries a walk may
/// visit: a symbolic link to `/` must not send the loader round the whole disk.
const MAX_DEPTH: usize = 16;
const MAX_ENTRIES: usize = 200_000;

/// Files under `dir` with extension `ext`, sorted, following symlinks but refusing loops.
pub fn files_with_ext(dir: &Path, ext: &str, diags: &mut Diagnostics) -> Vec<PathBuf> {
    let mut all = files(dir, diags);
    all.retain(|p| p.extension().and_then(|x| x.to_str()) == Some(ext));
    all
}

/// Every regular file under `dir`, sorted, following symlinks but refusing loops. Special
/// files (FIFOs, devices) are reported and left out. Hidden files and folders (`.git`, an
/// editor's `.#page.md` lock link) are not part of the site and are passed over.
pub fn files(dir: &Path, diags: &mut Diagnostics) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let walk = walkdir::WalkDir::new(dir).follow_links(true).max_depth(MAX_DEPTH).sort_by_file_name();
    let visible = |e: &walkdir::DirEntry| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.');
    for (n, entry) in walk.into_iter().filter_entry(visible).enumerate() {
        if n == MAX_ENTRIES {
            diags.push(
                Diagnostic::error(dir, format!("more than {MAX_ENTRIES} files and folders; stopped reading here"))
                    .suggest("check for a symbolic link to a large folder"),
            );
            break;
        }
        match entry {
            Ok(e) if e.file_type().is_file() => out.push(e.into_path()),
            Ok(e) if e.file_type().is_dir() => {}
            // A FIFO would hang a read, a device would never end: say so rather than read it.
            Ok(e) => diags.push(
                Diagnostic::error(e.path(), "not a regular file (a device, socket or pipe); skipped")
                    .suggest("register and content files are plain text files"),
            ),
            Err(e) => {
                let path = e.path().map(Path::to_path_buf).unwrap_or_else(|| dir.to_path_buf());
                // A hidden entry that cannot be followed (an editor's lock link) is not ours.
                if path != dir && path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')) {
                    continue;
                }
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
