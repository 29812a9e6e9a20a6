/*!
The whole build: load → link → render → index → write, with the time each stage took.

Each stage gets only what it needs from the one before; the linked [`Site`] is read-only from
render on. `landscape build`, `check` and `serve` all run through here.
*/

use crate::date::Date;
use crate::diagnostic::Diagnostics;
use crate::link::Site;
use crate::load::theme::Theme;
use crate::render::Renderer;
use crate::write::Staging;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct Options {
    pub root: PathBuf,
    pub output: PathBuf,
    /// Overrides `base_url` in site.yaml.
    pub base_url: Option<String>,
    pub today: Date,
}

/// What a build did, for the summary line and `--timings`.
#[derive(Default)]
pub struct Report {
    pub pages: usize,
    pub files: usize,
    pub written: usize,
    pub reused: usize,
    pub stages: Vec<(&'static str, Duration)>,
    pub templates: Vec<(String, usize, Duration)>,
    pub markdown: Duration,
    pub minify: Duration,
    pub highlighted_blocks: usize,
}

pub enum Failure {
    /// The input has errors; the diagnostics say which.
    Content,
    /// Something outside the input went wrong: the disk, or a template.
    Other(String),
}

/// Load and link: what `check` runs, and the first half of every build.
///
/// Link runs even when load found errors, on the records that were read, so that one run
/// reports every problem. A reference to a record that exists but could not be read is not
/// reported again: the reader's error already covers it. Returns the site only when there
/// is no error at all.
pub fn load_and_link(root: &Path, today: Date, diags: &mut Diagnostics, report: &mut Report) -> Option<(Site, Theme)> {
    let t = Instant::now();
    let loaded = crate::load::load(root, diags);
    report.stages.push(("load", t.elapsed()));
    let t = Instant::now();
    // Without site.yaml, link the rest under default settings: its own errors still count.
    let config = loaded.config.or_else(crate::load::placeholder_config)?;
    let site = crate::link::link(config, loaded.register, loaded.content, today, diags);
    report.stages.push(("link", t.elapsed()));
    if !loaded.unread.is_empty() {
        diags.items.retain(|d| !loaded.unread.covers(d));
    }
    if diags.errors() > 0 {
        return None;
    }
    Some((site?, loaded.theme?))
}

pub fn build(opts: &Options, diags: &mut Diagnostics) -> Result<Report, Failure> {
    let mut report = Report::default();
    let (site, theme) = load_and_link(&opts.root, opts.today, diags, &mut report).ok_or(Failure::Content)?;
    let base_url = opts.base_url.clone().unwrap_or_else(|| site.config.base_url.clone());

    let t = Instant::now();
    let renderer = Renderer::new(&site, &theme, &base_url).map_err(|e| Failure::Other(format!("templates: {e}")))?;
    report.stages.push(("templates", t.elapsed()));

    let staging = Staging::begin(&opts.output)
        .map_err(|e| Failure::Other(format!("cannot prepare {}: {e}", opts.output.display())))?;
    let result = render_and_write(&site, &renderer, &theme, &staging, &mut report);
    match result {
        Ok(()) => {
            let t = Instant::now();
            report.written = staging.written.load(std::sync::atomic::Ordering::Relaxed);
            report.reused = staging.reused.load(std::sync::atomic::Ordering::Relaxed);
            staging.commit().map_err(|e| Failure::Other(format!("cannot replace {}: {e}", opts.output.display())))?;
            report.stages.push(("swap", t.elapsed()));
            Ok(report)
        }
        Err(e) => {
            staging.abort();
            Err(Failure::Other(e))
        }
    }
}

fn render_and_write(
    site: &Site,
    r: &Renderer,
    theme: &Theme,
    staging: &Staging,
    report: &mut Report,
) -> Result<(), String> {
    let t = Instant::now();
    let jobs = crate::render::pages::jobs(site);
    let urls = Mutex::new(Vec::with_capacity(jobs.len()));
    // Each page is written as soon as it is rendered: memory holds a few pages, not the site.
    // The search index needs only the linked site, so it is built beside the pages, on
    // whichever core is free, rather than after them.
    let (pages, (search, search_time, assets)) = rayon::join(
        || {
            r.prepare_cards()?;
            jobs.par_iter().try_for_each(|job| {
                let out = r.run(job)?;
                staging.write(&out.path, &out.bytes).map_err(|e| format!("writing {}: {e}", out.path))?;
                if let Some(u) = out.path.strip_suffix("index.html") {
                    urls.lock().expect("urls").push(u.to_string());
                }
                Ok::<(), String>(())
            })
        },
        || {
            let t = Instant::now();
            let search = crate::index::search::build(site);
            let search_time = t.elapsed();
            // The theme's files too: minifying its stylesheets and scripts takes a while.
            (search, search_time, write_assets(r, theme, staging))
        },
    );
    pages?;
    let files = assets?;
    for (path, bytes) in &search {
        staging.write(path, bytes).map_err(|e| format!("writing {path}: {e}"))?;
    }
    report.stages.push(("render+write pages, search beside", t.elapsed()));
    report.stages.push(("  of which search index", search_time));
    report.pages = jobs.len();

    let t = Instant::now();
    let abs = r.absolute.clone().unwrap_or_else(|| r.base.clone());
    let urls = urls.into_inner().expect("urls");
    staging.write("sitemap.xml", crate::index::sitemap(&abs, &urls).as_bytes()).map_err(|e| e.to_string())?;
    staging.write("robots.txt", crate::index::robots(&abs).as_bytes()).map_err(|e| e.to_string())?;
    report.stages.push(("sitemap + robots", t.elapsed()));
    report.files = report.pages + files + 2 + search.len();

    let tm = r.timings.lock().expect("timings");
    report.templates = tm.per_template.iter().map(|(k, (n, d))| (k.clone(), *n, *d)).collect();
    report.markdown = tm.markdown;
    report.minify = tm.minify;
    report.highlighted_blocks = r.hl.blocks.load(std::sync::atomic::Ordering::Relaxed);
    Ok(())
}

/// Writes the theme's files under `assets/`, its stylesheets and scripts minified (whatever
/// their names) if the site minifies; returns how many.
fn write_assets(r: &Renderer, theme: &Theme, staging: &Staging) -> Result<usize, String> {
    let t = Instant::now();
    for (path, bytes) in &theme.assets {
        let bytes = if r.minify { crate::render::minify::asset(path, bytes) } else { bytes.into() };
        staging.write(&format!("assets/{path}"), &bytes).map_err(|e| format!("writing assets/{path}: {e}"))?;
    }
    if r.minify {
        r.timings.lock().expect("timings").minify += t.elapsed();
    }
    Ok(theme.assets.len())
}
