/*!
`serve`'s live site: the last good build kept in memory, so that saving one provider's
file costs its page and the lists that show it, not a build of the whole site.

An edit to one provider that already has a page is taken in three steps:

1. **Check it alone.** The file is read and linked on its own against the reference
   records (areas, kinds of support, schemes, frameworks) of the last good build, with the
   same `link` that a whole build runs, so it gets the same diagnostics and the same
   resolved relations (its lots, awards, the areas it serves).
2. **Splice it in.** The linked provider replaces the old one in the kept [`Site`], at the
   place its name now sorts to, and its entries in the site's relations (the members of a
   lot, the holders of a scheme, who serves an area, who offers a kind of support) are
   replaced. Every other provider's entries only shift by one place if it moved.
3. **Render what shows it.** Its page is rendered and written first: before it, only where
   the provider showed is taken from the site (the splice overwrites it); then every page
   that lists it, before or after the edit (its letter of the A to Z, its areas, kinds of
   support, schemes, lots and frameworks, the home page's and the indexes' counts, the
   landscape audit), and list pages that no longer exist are deleted, against the count of
   each list's pages kept from the step before. Each file is replaced by a rename, so the
   server never sends half a page. The search data, which is built over every provider at
   once, is rebuilt beside, from a copy of the site, and replaces the old once it is
   complete (see [`SearchWork`]); `serve` asks for it once the edits pause.

Anything else (a new or deleted provider, an edit to any other record, the content, the
theme or `site.yaml`) rebuilds the whole site, into a staging folder swapped in at the end,
as `build` does. An edit with errors changes nothing on disk: its diagnostics are kept to
show, and the last good site stays served until the file is fixed.
*/

use crate::date::Date;
use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::link::xref::letter_of;
use crate::link::{sort_key, urls, Site};
use crate::model::*;
use crate::pipeline::{self, Report};
use crate::plan::{Job, Plan};
use crate::render::Renderer;
use crate::write::{safe_relative, Staging};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Options {
    /// The site root, absolute.
    pub root: PathBuf,
    pub output: PathBuf,
    pub base_url: String,
    pub today: Date,
}

/// The register's reference records as read, to link one edited provider against
/// without reading the register again.
struct Reference {
    config: SiteConfig,
    areas: Vec<Sourced<Area>>,
    interventions: Vec<Sourced<Intervention>>,
    schemes: Vec<Sourced<Scheme>>,
    frameworks: Vec<Sourced<Framework>>,
    practice_models: Vec<Sourced<PracticeModel>>,
}

impl Reference {
    fn of(config: &SiteConfig, reg: &Register) -> Reference {
        let mut schemes = reg.schemes.clone();
        // The standards a scheme assesses are checked against the handbook by the whole
        // build; a provider is linked without the handbook, which it never cites.
        for s in &mut schemes {
            s.record.assesses.clear();
        }
        Reference {
            config: config.clone(),
            areas: reg.areas.clone(),
            interventions: reg.interventions.clone(),
            schemes,
            frameworks: reg.frameworks.clone(),
            practice_models: reg.practice_models.clone(),
        }
    }
}

/// The last good build.
struct Good {
    site: Site,
    reference: Reference,
    /// The parsed templates.
    templates: Arc<tera::Tera>,
    /// Each provider's entry in the lists, by provider index, kept between renders.
    cards: Vec<Option<crate::render::Card>>,
    /// Each provider's letter of the A to Z, by provider index.
    letters: Vec<String>,
    /// How many pages each paginated list of the site has, by the list's address (see
    /// [`list_pages`]): what the output folder holds, to delete the pages a list loses.
    pages: BTreeMap<String, usize>,
    /// The plan of the site the output folder holds.
    plan: Plan,
}

/// What one step did.
#[derive(Debug, Default, Clone)]
pub struct Step {
    /// The whole site was rebuilt (not one provider).
    pub whole: bool,
    /// Providers re-linked and spliced in, by id.
    pub providers: Vec<String>,
    /// From the start of the step to the (last) edited provider's page written.
    pub page: Option<Duration>,
    /// Pages rendered, and of those, written because they changed.
    pub rendered: usize,
    pub written: usize,
    pub deleted: usize,
    pub total: Duration,
    /// Errors now standing in the input (0: the output is up to date).
    pub errors: usize,
    pub warnings: usize,
}

pub struct Live {
    opts: Options,
    good: Option<Good>,
    /// The files on disk have changed in a way the kept site does not follow (a whole
    /// build failed): every change rebuilds the whole site until one succeeds.
    stale: bool,
    /// Errors from the last whole build that failed.
    whole_errors: Vec<Diagnostic>,
    /// Errors of single provider files edited since, by file.
    file_errors: BTreeMap<PathBuf, Vec<Diagnostic>>,
    /// Counts every step that changed the output or the errors.
    pub generation: u64,
    /// Which state of the site the output folder shows, counted up each time it changes;
    /// held while writing, so this and the search worker never write at once.
    output_lock: Arc<Mutex<u64>>,
    /// The search data is older than the site.
    search_due: bool,
}

impl Live {
    /// Builds the whole site once.
    pub fn start(opts: Options) -> (Live, Step) {
        let mut live = Live {
            opts,
            good: None,
            stale: true,
            whole_errors: Vec::new(),
            file_errors: BTreeMap::new(),
            generation: 0,
            output_lock: Arc::new(Mutex::new(0)),
            search_due: false,
        };
        let step = live.whole();
        (live, step)
    }

    pub fn root(&self) -> &Path {
        &self.opts.root
    }

    pub fn output(&self) -> &Path {
        &self.opts.output
    }

    /// Every error now standing in the input, in file order.
    pub fn errors(&self) -> Vec<&Diagnostic> {
        let mut all: Vec<&Diagnostic> = self.whole_errors.iter().chain(self.file_errors.values().flatten()).collect();
        all.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        all
    }

    /// The errors as `check` prints them, or `None` when there are none.
    pub fn errors_text(&self) -> Option<String> {
        let errors = self.errors();
        if errors.is_empty() {
            return None;
        }
        let mut text = String::new();
        for d in &errors {
            text.push_str(&d.render_human(&self.opts.root));
            text.push('\n');
        }
        text.push_str(&crate::diagnostic::counted(errors.len(), "error"));
        Some(text)
    }

    /// Takes in changed files (as the watcher reports them) and brings the output up to
    /// date, or records why it cannot be.
    pub fn changed(&mut self, paths: &[PathBuf]) -> Step {
        let t = Instant::now();
        let edits: Option<Vec<(&PathBuf, String)>> =
            if self.stale { None } else { paths.iter().map(|p| self.provider_edit(p).map(|id| (p, id))).collect() };
        let mut step = match edits {
            Some(edits) if !edits.is_empty() => {
                let mut step = Step::default();
                for (path, id) in edits {
                    let one = self.provider(path, &id);
                    step.providers.extend(one.providers);
                    step.page = one.page.or(step.page);
                    step.rendered += one.rendered;
                    step.written += one.written;
                    step.deleted += one.deleted;
                    step.warnings += one.warnings;
                }
                step
            }
            _ => self.whole(),
        };
        self.generation += 1;
        step.errors = self.errors().len();
        step.total = t.elapsed();
        step
    }

    /// The provider's id when `path` is the file of a provider the kept site has.
    fn provider_edit(&self, path: &Path) -> Option<String> {
        let good = self.good.as_ref()?;
        let rel = path.strip_prefix(self.opts.root.join("providers").join("orgs")).ok()?;
        if rel.extension().and_then(|e| e.to_str()) != Some("yaml") || !path.is_file() {
            return None;
        }
        let id = crate::load::register::id_from_file_name(rel);
        good.site.provider_ix.contains_key(&id).then_some(id)
    }

    /// One provider's file changed: check it alone, splice it in, render what shows it.
    fn provider(&mut self, path: &Path, id: &str) -> Step {
        let started = Instant::now();
        let mut step = Step { providers: vec![id.to_string()], ..Step::default() };
        let good = self.good.as_mut().expect("a kept site");
        let parsed =
            crate::load::read_text(path).and_then(|text| crate::load::register::parse_record::<Provider>(path, text));
        let record = match parsed {
            Ok(r) => r,
            Err(d) => {
                self.file_errors.insert(path.to_path_buf(), vec![d]);
                return step;
            }
        };
        let trace = std::env::var_os("LANDSCAPE_TRACE_SERVE").is_some();
        let lap = |what: &str| {
            if trace {
                eprintln!("  {what}: {:.1} ms", started.elapsed().as_secs_f64() * 1e3);
            }
        };
        lap("read");
        let mut diags = Diagnostics::default();
        let alone = link_alone(&good.reference, record, self.opts.today, &mut diags);
        diags.sort();
        step.warnings = diags.warnings();
        let errors: Vec<Diagnostic> = diags.items.into_iter().filter(|d| d.severity == Severity::Error).collect();
        let alone = match alone {
            Some(site) if errors.is_empty() => site,
            _ => {
                self.file_errors.insert(path.to_path_buf(), errors);
                return step;
            }
        };
        self.file_errors.remove(path);

        lap("linked alone");
        let mut version = self.output_lock.lock().expect("output lock");
        *version += 1;
        // Only what the splice overwrites and the provider's page does not need is taken
        // before it: where the provider showed (a few milliseconds). Everything else waits
        // until its page is on disk.
        let old = good.site.provider_ix[id];
        let before = Shown::of(&good.site, &good.letters, old);
        let before_places = places(&good.site, old);
        let old_record = good.site.providers[old].clone();
        lap("where it showed");
        let at = splice(&mut good.site, old, alone);
        lap("spliced");
        good.cards.remove(old);
        good.cards.insert(at, None);
        good.letters.remove(old);
        good.letters.insert(at, letter_of(&good.site.providers[at].name));

        let Good { site, templates, cards, letters, pages: before_pages, plan: before_plan, .. } = good;
        let mut r = Renderer::with_templates(site, templates.clone(), &self.opts.base_url);
        r.reuse_cards(std::mem::take(cards));
        // Its page first, against the plan of the site before the edit: the pages it may
        // link that exist only in some sites are the content pages and the lists by funding
        // and delivery, and should the edit add or take one away, the whole site is built.
        r.use_plan(before_plan);
        let output = &self.opts.output;
        let own = crate::plan::page(site, Job::Provider(at));
        let page = r.run(&own, None).and_then(|o| put(output, &o.path, &o.bytes).map_err(|e| e.to_string()));
        match page {
            Ok(written) => {
                step.rendered += 1;
                step.written += usize::from(written);
                step.page = Some(started.elapsed());
            }
            Err(e) => self.whole_errors = vec![Diagnostic::error(path, format!("rendering its page: {e}"))],
        }
        lap("its page written");

        let after = Shown::of(site, letters, at);
        let after_places = places(site, at);
        let named_anew = before.name != after.name;
        let text_only = text_only(&old_record, &site.providers[at]);
        // The plan of the site as it now is (the audit worked out once for it), and from it
        // how many pages each list now has.
        let audit = crate::audit::Audit::build(site);
        let plan = Plan::of(site, &audit, before_plan.files.iter().map(String::as_str));
        if crate::render::planned_map(&plan) != crate::render::planned_map(before_plan) {
            drop(r);
            drop(version);
            return self.whole();
        }
        let after_pages = list_pages(site, &plan);
        let r = r;
        r.use_audit(audit);
        lap("pages of the site listed");

        // Every other page that showed it before or shows it now.
        let todo: Vec<&crate::plan::Page> = plan
            .pages
            .iter()
            .filter(|p| !matches!(p.job, Job::Provider(_)))
            .filter(|p| {
                let j = &p.job;
                // Every letter's page links to every letter: a provider that changes letter
                // can add or take away one.
                (before.letter != after.letter && matches!(j, Job::ProvidersLetter { .. }))
                    || before.lists(site, j, named_anew)
                    || after.lists(site, j, named_anew)
            })
            // Of a long list, only the pages the edit can change.
            .filter(|p| page_changes(site, &p.job, &before_places, &after_places, text_only).unwrap_or(true))
            .collect();
        if trace {
            // The pages to re-render, by kind (the name of the job).
            let mut kinds = BTreeMap::<String, usize>::new();
            for p in &todo {
                let name = format!("{:?}", p.job);
                *kinds.entry(name.split([' ', '(']).next().unwrap_or_default().to_string()).or_default() += 1;
            }
            eprintln!("  to re-render: {kinds:?}");
        }
        let written = std::sync::atomic::AtomicUsize::new(0);
        let result = todo.par_iter().try_for_each(|page| {
            // The same guard as a whole build's: a page that panics is an error, not a crash.
            let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| r.run(page, Some(&plan))))
                .unwrap_or_else(|_| Err(format!("the page `{}` could not be rendered: an internal error", page.url)))?;
            if !out.unplanned.is_empty() {
                return Err(format!(
                    "the page `{}` links to {}, which this site does not have",
                    page.url,
                    out.unplanned.join(", ")
                ));
            }
            if put(output, &out.path, &out.bytes).map_err(|e| format!("writing {}: {e}", out.path))? {
                written.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            Ok::<(), String>(())
        });
        if let Err(e) = result {
            self.whole_errors = vec![Diagnostic::error(path, format!("rendering the pages that list it: {e}"))];
            self.stale = true;
        }
        step.rendered += todo.len();
        step.written += written.into_inner();
        lap("lists written");
        // A list that is now shorter by a page loses its last page.
        for (base, &n) in before_pages.iter() {
            let now = after_pages.get(base).copied().unwrap_or(0);
            for gone in now + 1..=n {
                let rel = format!("{}index.html", urls::paged(base, gone));
                if let Ok(p) = safe_relative(&rel) {
                    if std::fs::remove_file(output.join(&p)).is_ok() {
                        step.deleted += 1;
                        if let Some(dir) = output.join(&p).parent() {
                            let _ = std::fs::remove_dir(dir);
                        }
                    }
                }
            }
        }
        // A page more or fewer: the sitemap lists every page, as the output folder now holds them.
        // Only under an absolute base URL is there a sitemap at all (see `index::sitemap`).
        if let (true, Some(abs)) = (*before_pages != after_pages || before.letter != after.letter, &r.absolute) {
            let urls: Vec<String> = walkdir::WalkDir::new(output)
                .into_iter()
                .flatten()
                .filter(|e| e.file_type().is_file() && e.file_name() == "index.html")
                .filter_map(|e| {
                    let rel = e.path().strip_prefix(output).ok()?.to_string_lossy().replace('\\', "/");
                    Some(rel.strip_suffix("index.html")?.to_string())
                })
                .collect();
            let lastmod = crate::index::sitemap::lastmods(site);
            if let Err(e) = put(output, "sitemap.xml", crate::index::sitemap::sitemap(abs, &urls, &lastmod).as_bytes())
            {
                self.whole_errors = vec![Diagnostic::error(path, format!("writing the sitemap: {e}"))];
            }
        }
        *before_pages = after_pages;
        let mut r = r;
        *cards = r.take_cards();
        drop(r);
        *before_plan = plan;
        self.search_due = true;
        step
    }

    /// Loads, links and renders everything, into a staging folder swapped in at the end.
    fn whole(&mut self) -> Step {
        let mut step = Step { whole: true, ..Step::default() };
        let mut diags = Diagnostics::default();
        let mut report = Report::default();
        let loaded = crate::load::load(&self.opts.root, &mut diags);
        let reference = loaded.config.as_ref().map(|c| Reference::of(c, &loaded.register));
        let linked = pipeline::link_loaded(loaded, self.opts.today, &mut diags, &mut report);
        diags.sort();
        step.warnings = diags.warnings();
        self.file_errors.clear();
        let (Some((site, theme)), Some(reference)) = (linked, reference) else {
            self.whole_errors = diags.items.into_iter().filter(|d| d.severity == Severity::Error).collect();
            self.stale = true;
            return step;
        };
        let mut version = self.output_lock.lock().expect("output lock");
        *version += 1;
        let written = (|| {
            let mut r = Renderer::new(&site, &theme, &self.opts.base_url).map_err(|e| format!("templates: {e}"))?;
            crate::write::clean_leftovers(&self.opts.output);
            let staging = Staging::begin(&self.opts.output, false)
                .map_err(|e| format!("cannot prepare {}: {e}", self.opts.output.display()))?;
            let panics = Mutex::new(Vec::new());
            let result =
                pipeline::render_and_write(&site, &r, &theme, &staging, &mut report, (&self.opts.root, &panics));
            let panics = panics.into_inner().unwrap_or_else(|e| e.into_inner());
            if let Some(p) = panics.first() {
                staging.abort();
                return Err(p.message.clone());
            }
            let plan = match result {
                Ok(plan) => plan,
                Err(e) => {
                    staging.abort();
                    return Err(e);
                }
            };
            let written = staging.written.load(std::sync::atomic::Ordering::Relaxed);
            staging.commit().map_err(|e| format!("cannot replace {}: {e}", self.opts.output.display()))?;
            Ok((written, r.templates(), r.take_cards(), plan))
        })();
        drop(version);
        match written {
            Ok((written, templates, cards, plan)) => {
                step.rendered = report.pages;
                step.written = written;
                self.whole_errors.clear();
                self.stale = false;
                self.search_due = false;
                let letters = site.providers.iter().map(|p| letter_of(&p.name)).collect();
                let pages = list_pages(&site, &plan);
                self.good = Some(Good { site, reference, templates, cards, letters, pages, plan });
            }
            Err(e) => {
                self.whole_errors = vec![Diagnostic::error(self.opts.root.join("themes"), e)];
                self.stale = true;
            }
        }
        step
    }

    /// A copy of the site for the search data, when the search data is older than the
    /// site; marks it as taken.
    pub fn search_work(&mut self) -> Option<SearchWork> {
        if !self.search_due {
            return None;
        }
        let good = self.good.as_ref()?;
        self.search_due = false;
        Some(SearchWork {
            version: *self.output_lock.lock().expect("output lock"),
            site: good.site.clone(),
            output: self.opts.output.clone(),
            lock: self.output_lock.clone(),
        })
    }

    /// Builds and writes the search data now, on this thread (for tests and benchmarks).
    pub fn flush_search(&mut self) -> io::Result<()> {
        if let Some(work) = self.search_work() {
            work.run()?;
        }
        Ok(())
    }
}

/// The search data for one state of the site, built from its own copy on another thread
/// while edits go on.
pub struct SearchWork {
    /// The state of the site it is for (see `Live::output_lock`).
    version: u64,
    site: Site,
    output: PathBuf,
    lock: Arc<Mutex<u64>>,
}

impl SearchWork {
    /// Builds the search data and, if the site on disk is still the one it was built from,
    /// writes it: the data files first (their names carry a hash of their bytes), then the
    /// manifest that names them, then deletes the files no longer named. A later edit has
    /// asked for its own; this one is then dropped (returns false).
    pub fn run(self) -> io::Result<bool> {
        if *self.lock.lock().expect("output lock") != self.version {
            return Ok(false);
        }
        let files = crate::index::search::build(&self.site);
        let (manifest, data): (Vec<_>, Vec<_>) = files.iter().partition(|(p, _)| p.ends_with("manifest.json"));
        // The data files are named by their bytes, so writing them changes nothing a page
        // uses until the manifest names them: edits go on meanwhile.
        for (path, bytes) in &data {
            put(&self.output, path, bytes)?;
        }
        // The spreadsheet-friendly exports list every provider too. (The Open Referral
        // package and the feeds, written only under an absolute base URL, follow on the
        // next whole build.) Made before taking the lock, which an edit waits for.
        let exports = [
            ("data/providers.json", crate::index::exports::providers_json(&self.site)),
            ("data/services.csv", crate::index::exports::services_csv(&self.site)),
        ];
        let version = self.lock.lock().expect("output lock");
        if *version != self.version {
            return Ok(false);
        }
        for (path, bytes) in &manifest {
            put(&self.output, path, bytes)?;
        }
        for (path, bytes) in &exports {
            put(&self.output, path, bytes)?;
        }
        let keep: BTreeSet<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        let dir = self.output.join("search").join("data");
        if let Ok(entries) = std::fs::read_dir(&dir) {
            for e in entries.flatten() {
                let rel = format!("search/data/{}", e.file_name().to_string_lossy());
                if !keep.contains(rel.as_str()) {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
        Ok(true)
    }
}

/// Links one provider on its own against the reference records, with the same `link` a
/// whole build runs: its diagnostics and relations are those a whole build would give it.
fn link_alone(
    reference: &Reference,
    provider: Sourced<Provider>,
    today: Date,
    diags: &mut Diagnostics,
) -> Option<Site> {
    let register = Register {
        areas: reference.areas.clone(),
        interventions: reference.interventions.clone(),
        schemes: reference.schemes.clone(),
        frameworks: reference.frameworks.clone(),
        providers: vec![provider],
        practice_models: reference.practice_models.clone(),
        // Demand figures are about areas and kinds of support, never a provider: checked
        // by the whole build.
        demand: Vec::new(),
    };
    crate::link::link(reference.config.clone(), register, Vec::new(), today, diags)
}

/// Replaces provider `old` of `site` with the one provider of `alone`, at the place its
/// name sorts to; returns that place.
fn splice(site: &mut Site, old: usize, alone: Site) -> usize {
    // Named field by field, with no `..`: a relation added to `Site` must be spliced too,
    // and the compiler says so here.
    let Site {
        config: _,
        today: _,
        areas: _,
        interventions: _,
        schemes: _,
        frameworks: _,
        providers: mut new_providers,
        practice_models: _,
        demand: _,
        handbook: _,
        area_ix: _,
        intervention_ix: _,
        scheme_ix: _,
        framework_ix: _,
        provider_ix: _,
        practice_model_ix: _,
        lot_ix: _,
        area_up: _,
        area_down: _,
        award_states: mut new_award_states,
        memberships: mut new_memberships,
        lot_members: new_lot_members,
        scheme_holders: new_scheme_holders,
        offered_by: new_offered_by,
        serving: new_serving,
        present: new_present,
        online: new_online,
    } = alone;
    let provider = new_providers.pop().expect("one provider");

    // Out with the old…
    site.providers.remove(old);
    site.award_states.remove(old);
    site.memberships.remove(old);
    for list in relations(site) {
        list.retain(|&(p, _)| p != old);
        for e in list.iter_mut().filter(|e| e.0 > old) {
            e.0 -= 1;
        }
    }
    // …in with the new, where a whole link would have sorted it.
    let key = (sort_key(&provider.name), provider.id.clone());
    let at = site.providers.partition_point(|q| (sort_key(&q.name), q.id.clone()) < key);
    site.providers.insert(at, provider);
    site.award_states.insert(at, new_award_states.pop().expect("one provider"));
    site.memberships.insert(at, new_memberships.pop().expect("one provider"));
    let incoming = new_lot_members
        .into_iter()
        .flatten()
        .chain(new_scheme_holders)
        .chain(new_offered_by)
        .chain(new_serving)
        .chain(new_present)
        .chain(new_online);
    for (list, mut new) in relations(site).into_iter().zip(incoming) {
        for e in list.iter_mut().filter(|e| e.0 >= at) {
            e.0 += 1;
        }
        let i = list.partition_point(|e| e.0 < at);
        for e in &mut new {
            e.0 = at;
        }
        list.splice(i..i, new);
    }
    // Ranked lots list their members by rank, then by name, as `link` orders them.
    for (f, lots) in site.lot_members.iter_mut().enumerate() {
        for (l, members) in lots.iter_mut().enumerate() {
            if site.frameworks[f].lots[l].call_off == CallOff::RankedList {
                members.sort_by_key(|&(p, m)| (site.providers[p].lots[m].rank.unwrap_or(u32::MAX), p));
            }
        }
    }
    let (lo, hi) = (old.min(at), old.max(at));
    for i in lo..=hi {
        site.provider_ix.insert(site.providers[i].id.clone(), i);
    }
    at
}

/// Every relation of the site that lists providers, in one fixed order: each lot's
/// members, each scheme's holders, each kind of support's offers, each area's services.
fn relations(site: &mut Site) -> Vec<&mut Vec<(usize, usize)>> {
    site.lot_members
        .iter_mut()
        .flatten()
        .chain(site.scheme_holders.iter_mut())
        .chain(site.offered_by.iter_mut())
        .chain(site.serving.iter_mut())
        .chain(site.present.iter_mut())
        .chain(site.online.iter_mut())
        .collect()
}

/// Where one provider shows, outside its own page.
struct Shown {
    name: String,
    id: String,
    letter: String,
    areas: BTreeSet<usize>,
    interventions: BTreeSet<usize>,
    schemes: BTreeSet<usize>,
    frameworks: BTreeSet<usize>,
    lots: BTreeSet<(usize, usize)>,
    models: BTreeSet<usize>,
    /// The audit's cells (area, kind of support) whose lists show it.
    cells: BTreeSet<(usize, usize)>,
    /// Whether it has premises or a home: every authority's distances (its nearest
    /// provider of a kind, its homes within 20 miles) may count it, served or not.
    placed: bool,
}

impl Shown {
    fn of(site: &Site, letters: &[String], pi: usize) -> Shown {
        let p = &site.providers[pi];
        let holds = |list: &Vec<(usize, usize)>| list.iter().any(|e| e.0 == pi);
        let which = |lists: &Vec<Vec<(usize, usize)>>| -> BTreeSet<usize> {
            lists.iter().enumerate().filter(|(_, l)| holds(l)).map(|(i, _)| i).collect()
        };
        Shown {
            name: p.name.clone(),
            id: p.id.clone(),
            letter: letters[pi].clone(),
            areas: which(&site.serving).into_iter().chain(which(&site.present)).chain(which(&site.online)).collect(),
            interventions: which(&site.offered_by),
            schemes: which(&site.scheme_holders),
            frameworks: site.memberships[pi].iter().map(|k| k.framework).collect(),
            lots: site.memberships[pi].iter().map(|k| (k.framework, k.lot)).collect(),
            models: p.practice_models.iter().filter_map(|m| site.practice_model_ix.get(m).copied()).collect(),
            cells: cells_of(site, p),
            placed: p.services.iter().any(|s| {
                s.delivery.contains(&Delivery::Residential)
                    || (s.postcode.is_some() && s.delivery.iter().any(|d| !d.is_remote()))
            }),
        }
    }

    /// Whether page `job` lists or counts this provider. Content pages name a provider
    /// they cite, so they change only when its name does.
    fn lists(&self, site: &Site, job: &Job, named_anew: bool) -> bool {
        match job {
            Job::Home
            | Job::Landscape
            | Job::Search
            | Job::ProvidersIndex
            | Job::AreasIndex
            | Job::InterventionsIndex
            | Job::SchemesIndex
            | Job::FrameworksIndex
            | Job::PracticeModels
            | Job::AuditList {
                list: crate::audit::ListKind::Funding(_) | crate::audit::ListKind::Delivery(_), ..
            }
            | Job::Compare => true,
            Job::AuditList {
                list:
                    crate::audit::ListKind::Cell { area, intervention }
                    | crate::audit::ListKind::Online { area, intervention },
                ..
            } => self.cells.contains(&(*area, *intervention)),
            Job::CompareData(n) => {
                crate::urls::compare_file_of(&self.id, crate::urls::compare_files(site.providers.len())) == *n
            }
            Job::NotFound | Job::Provider(_) => false,
            Job::ProvidersLetter { letter, .. } => *letter == self.letter,
            Job::Area { area, page } => self.areas.contains(area) || (self.placed && *page == 1),
            Job::Intervention { intervention, .. } => self.interventions.contains(intervention),
            Job::Scheme { scheme, .. } => self.schemes.contains(scheme),
            Job::Framework(f) => self.frameworks.contains(f),
            Job::PracticeModel { model, .. } => self.models.contains(model),
            Job::Lot { framework, lot } => self.lots.contains(&(*framework, *lot)),
            Job::Content(i) | Job::Print(i) => {
                named_anew && site.handbook.pages.get(*i).is_some_and(|p| p.body.contains(self.id.as_str()))
            }
        }
    }
}

/// The audit's cells (area, kind of support) whose pages show provider `p`, worked out from
/// its services as `audit::coverage` places them: every area an in-person service's areas
/// reach, every area an online or phone service's catchments reach, each area above and
/// below a named one (a cell's page lists both, and counts the online lists of the
/// catchments that reach it, which then name the provider).
fn cells_of(site: &Site, p: &Provider) -> BTreeSet<(usize, usize)> {
    let mut out = BTreeSet::new();
    for s in &p.services {
        let Some(&i) = site.intervention_ix.get(&s.intervention) else { continue };
        let in_person = s.delivery.iter().any(|d| !d.is_remote());
        let remote = s.delivery.iter().any(|d| d.is_remote());
        let named = in_person.then_some(&s.areas).into_iter().chain(remote.then_some(&s.online_areas));
        for id in named.flatten() {
            if let Some(&a) = site.area_ix.get(id) {
                out.extend(site.area_up[a].iter().chain(&site.area_down[a]).map(|&x| (x, i)));
            }
        }
    }
    out
}

/// How many pages each paginated list has, by the list's address, counted from the site's
/// plan: a list's pages are numbered from 1 with none missing.
fn list_pages(site: &Site, plan: &Plan) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for p in &plan.pages {
        let (base, page) = match &p.job {
            Job::ProvidersLetter { letter, page } => (urls::letter(letter), *page),
            Job::Area { area, page } => (urls::area(&site.areas[*area].id), *page),
            Job::Intervention { intervention, page } => {
                (urls::intervention(&site.interventions[*intervention].id), *page)
            }
            Job::Scheme { scheme, page } => (urls::scheme(&site.schemes[*scheme].id), *page),
            Job::PracticeModel { model, page } => (urls::practice_model(&site.practice_models[*model].id), *page),
            Job::AuditList { list, page } => (crate::audit::lists::url(site, *list), *page),
            _ => continue,
        };
        let n = out.entry(base).or_insert(0);
        *n = page.max(*n);
    }
    out
}

/// Writes one file of the site in place, by writing a hidden file beside it and renaming
/// it over the old one, so a reader sees the old file or the new, never part of one.
/// Returns false when the file already held these bytes.
pub fn put(output: &Path, rel: &str, bytes: &[u8]) -> io::Result<bool> {
    let dest = output.join(safe_relative(rel)?);
    if std::fs::read(&dest).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    let dir = dest.parent().ok_or_else(|| io::Error::other("no folder"))?;
    std::fs::create_dir_all(dir)?;
    let name = dest.file_name().ok_or_else(|| io::Error::other("no name"))?.to_string_lossy();
    let tmp = dir.join(format!(".{name}.{}.part", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, &dest)?;
    Ok(true)
}

/// Where a provider sits on each long paginated list it can be on (practice models, areas, kinds of support,
/// the audit's lists by funding route and by delivery): (its rank among the list's members,
/// if it is one; the list's length). The lists hold providers in site order, so one that
/// stays on a list at the same rank, of the same length, moves no other entry: only the page
/// that holds it changes, and the first page, where a list's counts are.
#[derive(PartialEq)]
struct Place {
    rank: Option<usize>,
    total: usize,
}

fn places(site: &Site, pi: usize) -> BTreeMap<String, Place> {
    use crate::audit::{lists, ListKind};
    let mut out = BTreeMap::new();
    let place = |members: &mut dyn Iterator<Item = usize>| {
        let (mut rank, mut total, mut last) = (None, 0, usize::MAX);
        for p in members {
            if p == last {
                continue;
            }
            last = p;
            if p == pi {
                rank = Some(total);
            }
            total += 1;
        }
        Place { rank, total }
    };
    for (m, citing) in crate::render::models::citing(site).into_iter().enumerate() {
        out.insert(urls::practice_model(&site.practice_models[m].id), place(&mut citing.into_iter()));
    }
    for a in 0..site.areas.len() {
        out.insert(urls::area(&site.areas[a].id), place(&mut site.present[a].iter().map(|e| e.0)));
    }
    for i in 0..site.interventions.len() {
        out.insert(urls::intervention(&site.interventions[i].id), place(&mut site.offered_by[i].iter().map(|e| e.0)));
    }
    let kinds = lists::FUNDING.map(ListKind::Funding).into_iter().chain(lists::DELIVERY.map(ListKind::Delivery));
    for list in kinds {
        let on = |p: &Provider| {
            p.services.iter().any(|s| match list {
                ListKind::Funding(f) => s.funding.contains(&f),
                ListKind::Delivery(d) => s.delivery.contains(&d),
                _ => false,
            })
        };
        let mut members = (0..site.providers.len()).filter(|&p| on(&site.providers[p]));
        out.insert(lists::url(site, list), place(&mut members));
    }
    out
}

/// For a page of one of the lists `places` knows: whether an edit that moved the provider
/// from `before` to `after` can change it. `None` for any other page.
fn page_changes(
    site: &Site,
    job: &Job,
    before: &BTreeMap<String, Place>,
    after: &BTreeMap<String, Place>,
    text_only: bool,
) -> Option<bool> {
    // Pages that count or tabulate providers but never show their prose (a scheme's list
    // shows each holder's name and award).
    if text_only
        && matches!(
            job,
            Job::Home
                | Job::Landscape
                | Job::AuditList { .. }
                | Job::AreasIndex
                | Job::InterventionsIndex
                | Job::SchemesIndex
                | Job::FrameworksIndex
                | Job::PracticeModels
                | Job::Scheme { .. }
        )
    {
        return Some(false);
    }
    let (key, page) = match *job {
        Job::Area { area, page } => (urls::area(&site.areas[area].id), page),
        Job::Intervention { intervention, page } => (urls::intervention(&site.interventions[intervention].id), page),
        Job::AuditList { list, page } => (crate::audit::lists::url(site, list), page),
        Job::PracticeModel { model, page } => (urls::practice_model(&site.practice_models[model].id), page),
        _ => return None,
    };
    let size = site.config.page_size.max(1);
    let (b, a) = (before.get(&key)?, after.get(&key)?);
    if b.rank.is_none() && a.rank.is_none() {
        // Not on it before or after; its counts on the first page still may be (an area
        // page counts services reached online, which its list does not show).
        return Some(page == 1 && !text_only && !matches!(job, Job::AuditList { .. }));
    }
    if b != a {
        // On it or off it, or moved along it: every entry after it moved, and every page
        // says how long the list is.
        return Some(true);
    }
    let holds = b.rank.is_some_and(|r| r / size + 1 == page);
    // A first page's counts cannot change with the provider's prose.
    Some(holds || (page == 1 && !text_only))
}

/// Whether an edit changed only the provider's prose (its summary, description and words on
/// its practice model): text shown on its own page and in its entry on lists, never counted.
fn text_only(before: &Provider, after: &Provider) -> bool {
    let facts = |p: &Provider| {
        let mut v = serde_json::to_value(p).unwrap_or_default();
        for prose in ["summary", "description", "practice_model"] {
            v[prose] = serde_json::Value::Null;
        }
        v
    };
    facts(before) == facts(after)
}
