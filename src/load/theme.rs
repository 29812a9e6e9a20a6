//! Reads the theme: tera templates and static assets.
//!
//! Lookup order for each file: the site's own `templates/` (to override a single template),
//! then `themes/<name>/` under the site root, then the default theme built into the binary,
//! so a site made by `landscape generate` or a new region needs no theme folder at all.

use super::read_text;
use crate::diagnostic::{Diagnostic, Diagnostics};
use std::collections::BTreeMap;
use std::path::Path;

include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

pub struct Theme {
    /// Template name (`provider.html`) → source.
    pub templates: BTreeMap<String, String>,
    /// Output path under `assets/` → bytes.
    pub assets: BTreeMap<String, Vec<u8>>,
}

pub fn load(root: &Path, name: &str, diags: &mut Diagnostics) -> Option<Theme> {
    let mut theme = Theme { templates: BTreeMap::new(), assets: BTreeMap::new() };
    for (path, bytes) in DEFAULT_THEME {
        if let Some(t) = path.strip_prefix("templates/") {
            theme.templates.insert(t.to_string(), String::from_utf8_lossy(bytes).into_owned());
        } else if let Some(a) = path.strip_prefix("static/") {
            theme.assets.insert(a.to_string(), bytes.to_vec());
        }
    }
    let theme_dir = root.join("themes").join(name);
    if name != "default" && !theme_dir.is_dir() {
        diags.push(Diagnostic::error(root.join("site.yaml"), format!("theme `{name}` not found in themes/")));
        return None;
    }
    for (dir, overrides) in [(theme_dir.join("templates"), true), (root.join("templates"), true)] {
        if !dir.is_dir() || !overrides {
            continue;
        }
        for f in super::files_with_ext(&dir, "html", diags) {
            let rel = f.strip_prefix(&dir).unwrap_or(&f).to_string_lossy().replace('\\', "/");
            match read_text(&f) {
                Ok(t) => {
                    theme.templates.insert(rel, t.to_string());
                }
                Err(d) => diags.push(d),
            }
        }
    }
    let static_dir = theme_dir.join("static");
    if static_dir.is_dir() {
        for e in walkdir::WalkDir::new(&static_dir).sort_by_file_name().into_iter().flatten() {
            if e.file_type().is_file() {
                let rel = e.path().strip_prefix(&static_dir).unwrap_or(e.path()).to_string_lossy().replace('\\', "/");
                match std::fs::read(e.path()) {
                    Ok(b) => {
                        theme.assets.insert(rel, b);
                    }
                    Err(err) => diags.push(Diagnostic::error(e.path(), format!("cannot read: {err}"))),
                }
            }
        }
    }
    Some(theme)
}
