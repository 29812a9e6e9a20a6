//! Untrusted bytes through the real loader, linker and renderer, in memory, with the checks
//! every result must pass. Shared by the property tests (`tests/e2e/property.rs`) and the fuzz
//! targets (`fuzz/`, which include this file by path).
//!
//! Each entry point takes the bytes of one file, puts them where a site would hold such a
//! file (a provider record, the areas list, a content page) beside the records of the minimal
//! fixture site, and runs what `landscape build` runs. It returns what is wrong: a page with
//! script in it, a diagnostic pointing outside its file. A panic is wrong too, and shows
//! itself.

use super::html::problems;
use landscape::date::Date;
use landscape::diagnostic::{Diagnostic, Diagnostics, RefKind};
use landscape::link::Site;
use landscape::load::theme::Theme;
use landscape::load::{self, register, Unread};
use landscape::model::*;
use landscape::plan::Job;
use landscape::render::markdown::{content_html, untrusted_html};
use landscape::render::{highlight::Highlighter, Renderer};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The minimal fixture site, loaded once.
pub struct Base {
    root: PathBuf,
    config: SiteConfig,
    register: Register,
    content: Vec<ContentPage>,
    theme: Theme,
    pub today: Date,
    hl: Highlighter,
}

impl Base {
    /// Loads the site at `root` (the minimal fixture), which must be free of errors.
    pub fn load(root: &Path) -> Base {
        let mut diags = Diagnostics::default();
        let loaded = load::load(root, &mut diags);
        assert_eq!(diags.errors(), 0, "{}", diags.render_human(root));
        Base {
            root: root.to_path_buf(),
            config: loaded.config.expect("site.yaml"),
            register: loaded.register,
            content: loaded.content,
            theme: loaded.theme.expect("theme"),
            today: "2026-11-23".parse().expect("date"),
            hl: Highlighter::new(),
        }
    }

    fn register(&self) -> Register {
        Register {
            areas: self.register.areas.clone(),
            interventions: self.register.interventions.clone(),
            schemes: self.register.schemes.clone(),
            frameworks: self.register.frameworks.clone(),
            providers: self.register.providers.clone(),
            practice_models: self.register.practice_models.clone(),
            demand: self.register.demand.clone(),
        }
    }

    fn link(&self, register: Register, content: Vec<ContentPage>, diags: &mut Diagnostics) -> Option<Site> {
        landscape::link::link(self.config.clone(), register, content, self.today, diags)
    }
}

/// What is wrong with a set of diagnostics for `file` whose text is `text`: every line
/// and column inside the file, every message short and on one line.
fn diagnostics_problems(diags: &Diagnostics, file: &Path, text: &str, root: &Path) -> Vec<String> {
    let lines = text.split('\n').count().max(1);
    let mut out = Vec::new();
    for d in &diags.items {
        if d.message.is_empty() || d.message.chars().count() > 1_000 {
            out.push(format!("message of {} characters", d.message.chars().count()));
        }
        if d.file == file {
            if let Some(l) = d.line {
                if l == 0 || l > lines {
                    out.push(format!("line {l} of a {lines}-line file: {}", d.message));
                }
            }
            if d.column == Some(0) {
                out.push(format!("column 0: {}", d.message));
            }
        }
    }
    // Rendering must not fail, and a hostile value must not flood the terminal.
    let human = diags.render_human(root);
    if human.len() > 2_000 * diags.items.len().max(1) {
        out.push(format!("{} bytes of output for {} diagnostics", human.len(), diags.items.len()));
    }
    let _ = diags.render_json(root);
    out
}

/// How many pages the entry points have rendered, so a test can tell that its inputs
/// reached the renderer and did not all stop at the loader.
pub static RENDERED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn page_problems(site: &Site, theme: &Theme, job: &Job) -> Vec<String> {
    RENDERED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let renderer = match Renderer::new(site, theme, "/") {
        Ok(r) => r,
        Err(e) => return vec![format!("templates: {e}")],
    };
    match renderer.run(&landscape::plan::page(site, job.clone()), None) {
        Ok(out) => match String::from_utf8(out.bytes) {
            Ok(html) => problems(&html, "/").into_iter().map(|p| format!("{}: {p}", out.path)).collect(),
            Err(_) => vec![format!("{}: not UTF-8", out.path)],
        },
        Err(e) => vec![format!("render: {e}")],
    }
}

/// `bytes` as the provider file `providers/orgs/fuzzed.yaml`.
pub fn provider(base: &Base, bytes: &[u8]) -> Vec<String> {
    let file = base.root.join("providers/orgs/fuzzed.yaml");
    let mut diags = Diagnostics::default();
    let text = match load::decode_text(&file, bytes.to_vec()).and_then(|t| {
        if t.len() as u64 > load::MAX_FILE_BYTES {
            return Err(Diagnostic::error(&file, "too big"));
        }
        Ok(t)
    }) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return diagnostics_problems(&diags, &file, &String::from_utf8_lossy(bytes), &base.root);
        }
    };
    let record = match register::parse_record::<Provider>(&file, text.clone()) {
        Ok(r) => r,
        Err(d) => {
            diags.push(d);
            return diagnostics_problems(&diags, &file, &text, &base.root);
        }
    };
    let mut reg = base.register();
    reg.providers.push(record);
    let site = base.link(reg, base.content.clone(), &mut diags);
    let mut out = diagnostics_problems(&diags, &file, &text, &base.root);
    if let Some(site) = site {
        let pi = site.provider_ix["fuzzed"];
        out.extend(page_problems(&site, &base.theme, &Job::Provider(pi)));
    }
    out
}

/// `bytes` as `providers/areas.yaml`, read entry by entry as the loader does.
pub fn areas(base: &Base, bytes: &[u8]) -> Vec<String> {
    let file = base.root.join("providers/areas.yaml");
    let mut diags = Diagnostics::default();
    let text: Arc<str> = match load::decode_text(&file, bytes.to_vec()) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return diagnostics_problems(&diags, &file, &String::from_utf8_lossy(bytes), &base.root);
        }
    };
    let mut unread = Unread::default();
    let areas = register::parse_list::<Area>(&file, text.clone(), RefKind::Area, &mut diags, &mut unread);
    let mut reg = base.register();
    reg.areas = areas;
    let _ = base.link(reg, base.content.clone(), &mut diags);
    diags.items.retain(|d| !unread.covers(d));
    diagnostics_problems(&diags, &file, &text, &base.root)
}

/// `bytes` as the content page `content/guides/fuzzed.md`; if the site links, its page
/// is rendered and read back.
pub fn page(base: &Base, bytes: &[u8]) -> Vec<String> {
    let file = base.root.join("content/guides/fuzzed.md");
    let mut diags = Diagnostics::default();
    let text = match load::decode_text(&file, bytes.to_vec()) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return diagnostics_problems(&diags, &file, &String::from_utf8_lossy(bytes), &base.root);
        }
    };
    let page = match load::content::parse_page(&file, "guides/fuzzed.md".into(), &text) {
        Ok(p) => p,
        Err(d) => {
            diags.push(d);
            return diagnostics_problems(&diags, &file, &text, &base.root);
        }
    };
    let mut content = base.content.clone();
    content.push(page);
    let site = base.link(base.register(), content, &mut diags);
    let mut out = diagnostics_problems(&diags, &file, &text, &base.root);
    if let Some(site) = site {
        if site.handbook.pages.iter().all(|p| p.front.template.is_none()) {
            let i = site.handbook.page_ix["guides/fuzzed"];
            out.extend(page_problems(&site, &base.theme, &Job::Content(i)));
        }
    }
    out
}

/// The elements provider text may produce: markdown's own, with headings as bold paragraphs.
const UNTRUSTED_TAGS: &[&str] =
    &["p", "strong", "em", "del", "a", "ul", "ol", "li", "blockquote", "code", "pre", "br", "hr"];

/// `bytes` as markdown, through both renderers.
pub fn markdown(base: &Base, bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut out = Vec::new();
    let html = untrusted_html(&text);
    out.extend(problems(&html, "/").into_iter().map(|p| format!("untrusted: {p}")));
    for t in super::html::scan(&html).tags {
        if !UNTRUSTED_TAGS.contains(&t.name.as_str()) {
            out.push(format!("untrusted: <{}> element", t.name));
        }
        for (n, v) in &t.attrs {
            let ok = match (t.name.as_str(), n.as_str()) {
                ("a", "href") => ["https://", "http://", "mailto:", "tel:"]
                    .iter()
                    .any(|p| v.trim().to_ascii_lowercase().starts_with(p)),
                ("a", "rel") => true,
                ("ol", "start") => true,
                ("code", "class") | ("pre", "class") => true,
                _ => false,
            };
            if !ok {
                out.push(format!("untrusted: <{} {n}={v:?}>", t.name));
            }
        }
    }
    let html = content_html(&text, &base.hl, "/", 1);
    out.extend(problems(&html, "/").into_iter().map(|p| format!("content: {p}")));
    out
}
