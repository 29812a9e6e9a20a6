/*!
The whole build: load → link → render → index → write, with the time each stage took.

Each stage gets only what it needs from the one before; the linked [`Site`] is read-only from
render on. `landscape build`, `check` and `serve` all run through here.
*/

use crate::date::Date;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::link::Site;
use crate::load::theme::Theme;
use crate::plan::{Job, Page, Plan};
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
    /// Replace the output folder even when this tool did not write it.
    pub force: bool,
}

/// What a build did, for the summary line and `--timings`.
#[derive(Default)]
pub struct Report {
    pub pages: usize,
    pub files: usize,
    pub written: usize,
    pub reused: usize,
    /// Each stage's name, time, and the process's peak resident memory when it ended (on
    /// Linux; where the system does not say, none).
    pub stages: Vec<(&'static str, Duration, Option<u64>)>,
    pub templates: Vec<(String, usize, Duration)>,
    pub markdown: Duration,
    pub minify: Duration,
    pub highlighted_blocks: usize,
}

impl Report {
    pub fn stage(&mut self, name: &'static str, took: Duration) {
        self.stages.push((name, took, peak_resident_bytes()));
    }
}

/// The most memory the process has held resident so far (`VmHWM`), read from `/proc`.
pub fn peak_resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.trim_start_matches("VmHWM:").trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(kb * 1024)
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
    report.stage("load", t.elapsed());
    link_loaded(loaded, today, diags, report)
}

/// The second half of [`load_and_link`], for a caller that keeps part of what was loaded
/// (`serve` keeps the register's reference records to check one edited record against).
pub fn link_loaded(
    loaded: crate::load::Loaded,
    today: Date,
    diags: &mut Diagnostics,
    report: &mut Report,
) -> Option<(Site, Theme)> {
    let t = Instant::now();
    // Without site.yaml, link the rest under default settings: its own errors still count.
    let config = loaded.config.or_else(crate::load::placeholder_config)?;
    let site = crate::link::link(config, loaded.register, loaded.content, today, diags);
    report.stage("link", t.elapsed());
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
    // Staging folders of builds that were killed go first, whether or not this one succeeds.
    crate::write::clean_leftovers(&opts.output);
    let (site, theme) = load_and_link(&opts.root, opts.today, diags, &mut report).ok_or(Failure::Content)?;
    let base_url = opts.base_url.clone().unwrap_or_else(|| site.config.base_url.clone());
    if crate::render::split_base_url(&base_url).1.is_none() {
        diags.push(crate::index::relative_base_warning(&opts.root, &base_url));
    }

    let t = Instant::now();
    let renderer = Renderer::new(&site, &theme, &base_url).map_err(|e| Failure::Other(format!("templates: {e}")))?;
    report.stage("templates", t.elapsed());

    let staging = Staging::begin(&opts.output, opts.force)
        .map_err(|e| Failure::Other(format!("cannot prepare {}: {e}", opts.output.display())))?;
    // Text that check accepted must never stop the build with a panic: a page whose
    // rendering panics becomes an error naming its record, and nothing is published.
    let panics = Mutex::new(Vec::new());
    let result = quietly(|| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            render_and_write(&site, &renderer, &theme, &staging, &mut report, (&opts.root, &panics))
        }))
        .unwrap_or_else(|p| Err(format!("the build stopped on an internal error: {}", panic_message(&*p))))
    });
    let panics = panics.into_inner().unwrap_or_else(|e| e.into_inner());
    if !panics.is_empty() {
        staging.abort();
        diags.extend(panics);
        return Err(Failure::Content);
    }
    match result {
        Ok(_plan) => {
            let t = Instant::now();
            report.written = staging.written.load(std::sync::atomic::Ordering::Relaxed);
            report.reused = staging.reused.load(std::sync::atomic::Ordering::Relaxed);
            staging.commit().map_err(|e| Failure::Other(format!("cannot replace {}: {e}", opts.output.display())))?;
            report.stage("swap", t.elapsed());
            Ok(report)
        }
        Err(e) => {
            staging.abort();
            Err(Failure::Other(e))
        }
    }
}

/// Runs `f` with the default panic message silenced: a panic in rendering is reported as a
/// diagnostic, and the message of the panic hook would only repeat it as noise.
fn quietly<T>(f: impl FnOnce() -> T) -> T {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let out = f();
    std::panic::set_hook(previous);
    out
}

/// Panics on the page of the provider named by `LANDSCAPE_FAULT_PANIC_PAGE`: the end-to-end
/// test of what a panic in rendering does needs one on demand, since no text should cause it.
fn fault_injected(site: &Site, job: &Job) {
    if let (Job::Provider(i), Some(id)) = (job, std::env::var_os("LANDSCAPE_FAULT_PANIC_PAGE")) {
        if site.providers[*i].id == *id.to_string_lossy() {
            panic!("fault injected for a test");
        }
    }
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic with no message".into())
}

/// The source file of the record a page shows, and how to name it in a message.
fn record_of(site: &Site, root: &Path, job: &Job) -> (PathBuf, String) {
    match job {
        Job::Provider(i) => {
            let id = &site.providers[*i].id;
            (root.join("providers/orgs").join(format!("{id}.yaml")), format!("provider `{id}`"))
        }
        Job::Framework(i) | Job::Lot { framework: i, .. } => {
            let id = &site.frameworks[*i].id;
            (root.join("providers/frameworks").join(format!("{id}.yaml")), format!("framework `{id}`"))
        }
        Job::Area { area: i, .. } => (root.join("providers/areas.yaml"), format!("area `{}`", site.areas[*i].id)),
        Job::Intervention { intervention: i, .. } => {
            (root.join("providers/interventions.yaml"), format!("intervention `{}`", site.interventions[*i].id))
        }
        Job::Scheme { scheme: i, .. } => {
            (root.join("providers/schemes.yaml"), format!("scheme `{}`", site.schemes[*i].id))
        }
        Job::Content(i) | Job::Print(i) => {
            let p = &site.handbook.pages[*i];
            (p.file.clone(), format!("page `{}`", p.key))
        }
        other => (root.to_path_buf(), format!("the {other:?} page")),
    }
}

/// The error for a page whose rendering panicked, naming the record or page it shows.
fn render_panic(site: &Site, root: &Path, job: &Job, message: &str) -> Diagnostic {
    let (file, what) = record_of(site, root, job);
    Diagnostic::error(file, format!("the page of {what} could not be rendered: {message}")).suggest(
        "nothing was published; this is a fault in landscape, not in the record: please report it with the record",
    )
}

/// The errors for pages that link addresses the plan does not have: one per address, naming
/// how many pages link it and the first few, each with its template, and the record or
/// content file of the first (a link a theme template writes on every page is one error,
/// not thousands).
fn unplanned_links(site: &Site, root: &Path, found: &[(Page, Vec<String>)]) -> Vec<Diagnostic> {
    let mut by_link: std::collections::BTreeMap<String, Vec<&Page>> = Default::default();
    for (page, links) in found {
        for l in links {
            by_link.entry(l.clone()).or_default().push(page);
        }
    }
    by_link
        .into_iter()
        .map(|(link, mut pages)| {
            pages.sort_by(|a, b| a.url.cmp(&b.url));
            let (mut file, what) = record_of(site, root, &pages[0].job);
            if file == root {
                file = template_file(site, root, pages[0].template.unwrap_or_default());
            }
            let first: Vec<String> = pages
                .iter()
                .take(3)
                .map(|p| format!("`{}` (template `{}` or one it extends)", p.url, p.template.unwrap_or("none")))
                .collect();
            let more = if pages.len() > 3 { format!(" and {} more", pages.len() - 3) } else { String::new() };
            let from = if pages.len() == 1 { format!("the page of {what}, ") } else { String::new() };
            Diagnostic::error(
                file,
                format!("`{link}` is linked from {from}{}{more}, but this site has no page there", first.join(", ")),
            )
            .suggest(
                "a theme template may link a page that only some sites have (a content page, a list by funding route or by delivery) only inside `{% if planned[\"<address>\"] %}`; a link in content must name a page of the site",
            )
        })
        .collect()
}

/// The file a template is read from: the site's own `templates/`, its theme's, or the
/// default theme's (built in, named as if it were in the site).
fn template_file(site: &Site, root: &Path, template: &str) -> PathBuf {
    let own = root.join("templates").join(template);
    if own.is_file() {
        return own;
    }
    root.join("themes").join(&site.config.theme).join("templates").join(template)
}

/// Renders every page of the site's plan and the search data into `staging`, with the
/// assets and the sitemap; returns the plan.
pub fn render_and_write(
    site: &Site,
    r: &Renderer,
    theme: &Theme,
    staging: &Staging,
    report: &mut Report,
    (root, panics): (&Path, &Mutex<Vec<Diagnostic>>),
) -> Result<Plan, String> {
    let t = Instant::now();
    let audit = crate::audit::Audit::build(site);
    let files: Vec<String> = theme
        .assets
        .keys()
        .map(|path| format!("{}{path}", crate::link::urls::ASSETS))
        .chain(crate::index::linkable(site, r.absolute.as_deref()))
        .collect();
    let plan = Plan::of(site, &audit, files.iter().map(String::as_str));
    r.use_audit(audit);
    r.use_plan(&plan);
    report.stage("plan", t.elapsed());
    let t = Instant::now();
    let urls = Mutex::new(Vec::with_capacity(plan.pages.len()));
    let unplanned: Mutex<Vec<(Page, Vec<String>)>> = Mutex::new(Vec::new());
    let page = |page: &Page| {
        let out = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            fault_injected(site, &page.job);
            r.run(page, Some(&plan))
        })) {
            Ok(out) => out?,
            Err(p) => {
                let d = render_panic(site, root, &page.job, &panic_message(&*p));
                panics.lock().unwrap_or_else(|e| e.into_inner()).push(d);
                return Err("a page could not be rendered".to_string());
            }
        };
        if !out.unplanned.is_empty() {
            unplanned.lock().unwrap_or_else(|e| e.into_inner()).push((page.clone(), out.unplanned));
            return Ok(());
        }
        staging.write(&out.path, &out.bytes).map_err(|e| format!("writing {}: {e}", out.path))?;
        if let Some(u) = out.path.strip_suffix("index.html") {
            urls.lock().expect("urls").push(u.to_string());
        }
        Ok::<(), String>(())
    };
    // The audit's page is the largest of the site, and takes many times its size in memory
    // while it is made: made first, on its own, it does not add to the peak of
    // memory that the search data and open data make beside the other pages. Beside it, every
    // provider's entry in the lists is rendered, once, for the list pages to take.
    let (alone, pages): (Vec<&Page>, Vec<&Page>) = plan.pages.iter().partition(|p| p.job == Job::Landscape);
    let (alone_done, cards) = rayon::join(|| alone.iter().try_for_each(|p| page(p)), || r.prepare_cards());
    alone_done?;
    cards?;
    // Each page is written as soon as it is rendered: memory holds a few pages, not the site.
    // The search index needs only the linked site, so it is built beside the pages, on
    // whichever core is free, rather than after them.
    let (pages, ((search, search_time, assets), (open_data, open_time))) = rayon::join(
        || pages.par_iter().try_for_each(|p| page(p)),
        || {
            rayon::join(
                || {
                    let t = Instant::now();
                    let search = crate::index::search::build(site);
                    let search_time = t.elapsed();
                    // The theme's files too: minifying its stylesheets and scripts takes a while.
                    (search, search_time, write_assets(r, theme, staging))
                },
                || {
                    // Written here, as soon as made: at scale the files are tens of megabytes
                    // (and the HSDS package tens of thousands of documents), not worth holding
                    // until the pages are done.
                    let t = Instant::now();
                    let files = crate::index::open_data(site, r.absolute.as_deref(), &StagingSink(staging));
                    (files, t.elapsed())
                },
            )
        },
    );
    pages?;
    let unplanned = unplanned.into_inner().unwrap_or_else(|e| e.into_inner());
    if !unplanned.is_empty() {
        panics.lock().unwrap_or_else(|e| e.into_inner()).extend(unplanned_links(site, root, &unplanned));
    }
    let files = assets?;
    for (path, bytes) in &search {
        staging.write(path, bytes).map_err(|e| format!("writing {path}: {e}"))?;
    }
    let open_data = open_data?;
    report.stage("render+write pages, search and open data beside", t.elapsed());
    report.stage("  of which search index", search_time);
    report.stage("  of which open data", open_time);
    report.pages = plan.pages.len();

    let t = Instant::now();
    let urls = urls.into_inner().expect("urls");
    let mut files = files;
    // A sitemap of relative URLs is invalid: without an absolute base there is none.
    if let Some(abs) = &r.absolute {
        let lastmod = crate::index::sitemap::lastmods(site);
        let xml = crate::index::sitemap::sitemap(abs, &urls, &lastmod);
        staging.write("sitemap.xml", xml.as_bytes()).map_err(|e| e.to_string())?;
        files += 1;
    }
    let robots = crate::index::sitemap::robots(r.absolute.as_deref());
    staging.write("robots.txt", robots.as_bytes()).map_err(|e| e.to_string())?;
    report.stage("sitemap + robots", t.elapsed());
    report.files = report.pages + files + 1 + search.len() + open_data;

    let tm = r.timings.lock().expect("timings");
    report.templates = tm.per_template.iter().map(|(k, (n, d))| (k.clone(), *n, *d)).collect();
    report.markdown = tm.markdown;
    report.minify = tm.minify;
    report.highlighted_blocks = r.hl.blocks.load(std::sync::atomic::Ordering::Relaxed);
    drop(tm);
    Ok(plan)
}

/// The open-data files go straight into the staging folder, as they are made.
struct StagingSink<'a>(&'a Staging);

impl crate::index::Sink for StagingSink<'_> {
    fn file(&self, path: &str, bytes: &[u8]) -> Result<(), String> {
        self.0.write(path, bytes).map_err(|e| format!("writing {path}: {e}"))
    }
    fn stream(
        &self,
        path: &str,
        write_to: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), String> {
        self.0.write_with(path, write_to).map_err(|e| format!("writing {path}: {e}"))
    }
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
