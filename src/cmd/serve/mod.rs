//! `landscape serve`: build, serve the output on 127.0.0.1, and keep it up to date.
//!
//! Three parts: the HTTP server (hyper, on a small tokio runtime), the rebuild loop
//! (which owns the live site, see `crate::rebuild`, and takes the watcher's events) and
//! the search worker (which rebuilds the search data from a copy of the site, once the
//! edits pause for a tenth of a second, so a run of saves is not slowed by it). Open pages hold a request to `/_landscape/state` that the rebuild loop answers when
//! something changes: a good rebuild reloads them, a broken edit shows its errors over them.

mod files;

use super::build::parse_date;
use crate::date::Date;
use crate::rebuild::{Live, Options, SearchWork, Step};
use http_body_util::Full;
use hyper::body::Bytes;
use notify::Watcher as _;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::watch;

#[derive(clap::Args)]
pub struct Args {
    /// The site root: holds site.yaml, providers/ and content/.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site [default: ROOT/public].
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Judge every status against this date instead of today (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    pub today: Option<Date>,
    /// Build and serve, but do not watch the files for changes.
    #[arg(long)]
    pub no_watch: bool,
}

/// What open pages are told: which state of the site they may show, and its errors.
struct State {
    generation: u64,
    errors: Option<String>,
}

/// How long a page's request for news is held before it is answered with no news.
const HOLD: Duration = Duration::from_secs(20);
/// Events closer together than this are one change: an editor's save is several events.
const QUIET: Duration = Duration::from_millis(10);
/// Once every file seen changing has been closed after writing, renamed into place or
/// deleted, its save is complete: the change is taken after this much quiet instead, which
/// still gathers the files of one command (a checkout, a copy) saved back to back.
const SETTLED: Duration = Duration::from_millis(2);
/// How long the files must go unchanged before the search data is rebuilt.
const PAUSE: Duration = Duration::from_millis(100);
/// The longest one change is gathered for.
const GATHER: Duration = Duration::from_millis(500);

pub fn run(args: &Args) -> ExitCode {
    let root = match args.root.canonicalize() {
        Ok(r) if r.is_dir() => r,
        _ => {
            eprintln!("error: the site root {} is not a folder", args.root.display());
            eprintln!("  = help: pass --root with the folder that holds site.yaml, providers/ and content/");
            return ExitCode::from(2);
        }
    };
    let output = args.output.clone().unwrap_or_else(|| root.join("public"));
    let output = if output.is_absolute() { output } else { std::env::current_dir().unwrap_or_default().join(output) };
    let today = args.today.unwrap_or_else(Date::today);
    // Watching starts before the first build, so an edit saved during it is not missed.
    let watcher = if args.no_watch { None } else { Some(Watch::start(&root)) };
    let started = Instant::now();
    let (live, step) = Live::start(Options { root: root.clone(), output: output.clone(), base_url: "/".into(), today });
    report(&live, &step, started.elapsed(), None);
    if live.errors_text().is_some() && !output.join("index.html").exists() {
        eprintln!("error: the build failed and there is no earlier site to serve; fix the errors above");
        return ExitCode::from(1);
    }

    let listener = match std::net::TcpListener::bind(("127.0.0.1", args.port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on 127.0.0.1:{}: {e}", args.port);
            return ExitCode::from(1);
        }
    };
    let addr = listener.local_addr().map(|a| a.to_string()).unwrap_or_default();
    let (state, pages) = watch::channel(State { generation: live.generation, errors: live.errors_text() });

    match watcher {
        Some(Ok(w)) => w.run(live, state),
        Some(Err(e)) => {
            eprintln!("warning: cannot watch {} for changes ({e}); serving without rebuilding", root.display())
        }
        None => {}
    }
    println!("serving {} at http://{addr}/ (Ctrl-C to stop)", output.display());
    use std::io::Write as _;
    let _ = std::io::stdout().flush();
    match serve_http(listener, output, pages) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: serving: {e}");
            ExitCode::from(1)
        }
    }
}

/// The watcher on the site root, and the changes it has seen.
struct Watch {
    watcher: notify::RecommendedWatcher,
    rx: mpsc::Receiver<notify::Result<notify::Event>>,
}

impl Watch {
    fn start(root: &Path) -> notify::Result<Watch> {
        let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
        let mut watcher = notify::recommended_watcher(tx)?;
        for dir in ["providers", "content", "themes", "templates"] {
            if root.join(dir).is_dir() {
                watcher.watch(&root.join(dir), notify::RecursiveMode::Recursive)?;
            }
        }
        // site.yaml, and a folder made after the start (then watched from the next change).
        watcher.watch(root, notify::RecursiveMode::NonRecursive)?;
        Ok(Watch { watcher, rx })
    }

    /// Starts the threads that rebuild and re-index.
    fn run(self, live: Live, pages: watch::Sender<State>) {
        rebuild_loop(self, live, pages);
    }
}

fn rebuild_loop(w: Watch, mut live: Live, pages: watch::Sender<State>) {
    let Watch { mut watcher, rx } = w;
    let root = live.root().to_path_buf();

    let (work_tx, work_rx) = mpsc::channel::<SearchWork>();
    let searching = Arc::new(AtomicBool::new(false));
    let busy = searching.clone();
    std::thread::spawn(move || {
        for work in work_rx {
            let t = Instant::now();
            match work.run() {
                Ok(true) => eprintln!("search data updated in {} ms", t.elapsed().as_millis()),
                Ok(false) => {}
                Err(e) => eprintln!("error: writing the search data: {e}"),
            }
            busy.store(false, Ordering::SeqCst);
        }
    });

    let mut watched: BTreeSet<PathBuf> =
        ["providers", "content", "themes", "templates"].iter().map(|d| root.join(d)).filter(|d| d.is_dir()).collect();
    std::thread::spawn(move || loop {
        let first = match rx.recv_timeout(PAUSE) {
            Ok(e) => e,
            // The search data is rebuilt once the edits pause, not after each: copying the
            // site for it, and building it beside, would slow the next save of a run of them,
            // whose search data is thrown away anyway as soon as another edit lands.
            Err(mpsc::RecvTimeoutError::Timeout) => {
                hand_search(&mut live, &searching, &work_tx);
                continue;
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        };
        let mut paths = BTreeSet::new();
        // Files being written: seen created or changed, not yet closed.
        let mut writing = BTreeSet::new();
        let window = Instant::now();
        let mut event = first;
        loop {
            if let Ok(e) = event {
                let n = e.paths.len();
                for (i, p) in e.paths.into_iter().enumerate().filter(|(_, p)| matters(&root, p)) {
                    match Save::of(&e.kind, i, n) {
                        Save::Writing => _ = writing.insert(p.clone()),
                        Save::Done => _ = writing.remove(&p),
                        Save::Nothing => continue,
                    }
                    paths.insert(p);
                }
            }
            if window.elapsed() >= GATHER {
                break;
            }
            let quiet = if writing.is_empty() { SETTLED } else { QUIET };
            match rx.recv_timeout(quiet) {
                Ok(e) => event = e,
                Err(_) => break,
            }
        }
        if paths.is_empty() {
            continue;
        }
        if std::env::var_os("LANDSCAPE_TRACE_SERVE").is_some() {
            eprintln!("  changes gathered in {:.1} ms", window.elapsed().as_secs_f64() * 1e3);
        }
        // A folder made while serving (templates/, say) is watched from now on.
        for dir in ["providers", "content", "themes", "templates"] {
            let d = root.join(dir);
            if d.is_dir() && !watched.contains(&d) && watcher.watch(&d, notify::RecursiveMode::Recursive).is_ok() {
                watched.insert(d);
            }
        }
        let paths: Vec<PathBuf> = paths.into_iter().collect();
        let t = Instant::now();
        let step = live.changed(&paths);
        report(&live, &step, t.elapsed(), Some(&paths));
        pages.send_replace(State { generation: live.generation, errors: live.errors_text() });
    });
}

/// What one watcher event says of the save of a file it names.
enum Save {
    /// Created, written to, deleted, renamed away or otherwise changed: more may follow
    /// (an editor that renames the old file away writes the new one next).
    Writing,
    /// Closed after writing (on Linux) or renamed into place: complete.
    Done,
    /// Read, opened or closed without writing.
    Nothing,
}

impl Save {
    /// For the `i`th of the `n` files an event of `kind` names (a rename names the old
    /// name, then the new).
    fn of(kind: &notify::EventKind, i: usize, n: usize) -> Save {
        use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
        use notify::EventKind;
        match kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write))
            | EventKind::Modify(ModifyKind::Name(RenameMode::To)) => Save::Done,
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)) if i + 1 == n => Save::Done,
            EventKind::Access(_) => Save::Nothing,
            // Elsewhere than on Linux no event says a write is over: the change is taken
            // after `QUIET`, as it is after a deletion.
            EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any | EventKind::Other => {
                Save::Writing
            }
        }
    }
}

/// Gives the search worker a copy of the site when it is idle and the search data is old.
fn hand_search(live: &mut Live, searching: &AtomicBool, work: &mpsc::Sender<SearchWork>) {
    if searching.load(Ordering::SeqCst) {
        return;
    }
    if let Some(w) = live.search_work() {
        searching.store(true, Ordering::SeqCst);
        let _ = work.send(w);
    }
}

/// Whether a change to `path` can change the site: the files the loader reads, not an
/// editor's swap, backup or lock files, nor `sed -i`'s scratch copy.
fn matters(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else { return false };
    let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    let name = parts.last().map(String::as_str).unwrap_or_default();
    if parts.iter().any(|p| p.starts_with('.')) || name.ends_with('~') {
        return false;
    }
    let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or_default();
    match parts.first().map(String::as_str) {
        Some("site.yaml") => parts.len() == 1,
        Some("providers") => matches!(ext, "yaml" | "yml"),
        Some("content") => ext == "md",
        Some("templates") => ext == "html",
        Some("themes") => {
            (parts.get(2).map(String::as_str) == Some("templates") && ext == "html")
                || (parts.get(2).map(String::as_str) == Some("static")
                    && !matches!(ext, "swp" | "swx" | "tmp" | "part" | ""))
        }
        _ => false,
    }
}

/// One line on the terminal per step; the errors in full when there are any.
fn report(live: &Live, step: &Step, took: Duration, paths: Option<&[PathBuf]>) {
    let ms = |d: Duration| format!("{:.0} ms", d.as_secs_f64() * 1e3);
    let what = match paths {
        Some(p) if p.len() == 1 => p[0].strip_prefix(live.root()).unwrap_or(&p[0]).display().to_string(),
        Some(p) => format!("{} files", p.len()),
        None => "the site".into(),
    };
    if let Some(errors) = live.errors_text() {
        eprint!("{errors}\n  (the last good site is still served; pages show these errors until they are fixed)\n");
        return;
    }
    if step.whole {
        eprintln!(
            "{what}: built {} pages in {}{}",
            step.rendered,
            ms(took),
            if step.warnings > 0 {
                format!(", {} (see `landscape check`)", crate::diagnostic::counted(step.warnings, "warning"))
            } else {
                String::new()
            }
        );
    } else {
        eprintln!(
            "{what}: page updated in {}; {} pages that list it in {} ({} changed, {} removed)",
            step.page.map_or("-".into(), ms),
            step.rendered.saturating_sub(1),
            ms(took),
            step.written.saturating_sub(1),
            step.deleted
        );
    }
}

/// Serves the output folder on `listener` until the process is stopped.
fn serve_http(listener: std::net::TcpListener, output: PathBuf, state: watch::Receiver<State>) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_io().enable_time().build()?;
    runtime.block_on(async move {
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        loop {
            let Ok((stream, _)) = listener.accept().await else { continue };
            let (output, state) = (output.clone(), state.clone());
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |request| {
                    let (output, state) = (output.clone(), state.clone());
                    async move { Ok::<_, std::convert::Infallible>(answer(request, output, state).await) }
                });
                // A request hyper cannot parse (`GET /%aé` with raw bytes) gets its 400.
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                    .await;
            });
        }
    })
}

type Reply = hyper::Response<Full<Bytes>>;

/// Answers one request: the live endpoints, or a file of the site. HEAD gets the same
/// headers with no body (hyper leaves it out).
async fn answer(
    request: hyper::Request<hyper::body::Incoming>,
    output: PathBuf,
    state: watch::Receiver<State>,
) -> Reply {
    use hyper::Method;
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let mut r = reply(405, "text/plain; charset=utf-8", b"only GET and HEAD\n".to_vec());
        r.headers_mut().insert("Allow", hyper::header::HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let url = request.uri().path_and_query().map_or("/", |p| p.as_str()).to_string();
    if let Some(rest) = url.strip_prefix("/_landscape/") {
        return live_endpoint(rest, state).await;
    }
    tokio::task::spawn_blocking(move || site_file(&output, &url))
        .await
        .unwrap_or_else(|_| reply(500, "text/plain; charset=utf-8", b"internal error\n".to_vec()))
}

fn reply(status: u16, content_type: &'static str, body: Vec<u8>) -> Reply {
    hyper::Response::builder()
        .status(status)
        .header("Content-Type", content_type)
        .header("Cache-Control", "no-cache")
        .header("X-Content-Type-Options", "nosniff")
        .body(Full::new(Bytes::from(body)))
        .expect("a valid response")
}

fn site_file(output: &Path, url: &str) -> Reply {
    let not_found = || {
        let page = std::fs::read(output.join("404.html"))
            .unwrap_or_else(|_| b"<!doctype html><title>Not found</title><p>Not found".to_vec());
        reply(404, "text/html; charset=utf-8", files::with_live_script(page))
    };
    match files::resolve(output, url) {
        files::Resolved::File(path) => match std::fs::read(&path) {
            Ok(bytes) => {
                let ctype = files::content_type(&path);
                let bytes = if ctype.starts_with("text/html") { files::with_live_script(bytes) } else { bytes };
                reply(200, ctype, bytes)
            }
            Err(_) => not_found(),
        },
        files::Resolved::Redirect(to) => {
            let mut r = reply(301, "text/plain; charset=utf-8", Vec::new());
            if let Ok(v) = hyper::header::HeaderValue::from_str(&to) {
                r.headers_mut().insert("Location", v);
            }
            r
        }
        files::Resolved::NotFound => not_found(),
        files::Resolved::BadRequest => {
            reply(400, "text/plain; charset=utf-8", b"bad request: not a path of this site\n".to_vec())
        }
    }
}

async fn live_endpoint(rest: &str, mut state: watch::Receiver<State>) -> Reply {
    let (name, query) = rest.split_once('?').unwrap_or((rest, ""));
    match name {
        "live.js" => reply(200, "text/javascript; charset=utf-8", include_bytes!("live.js").to_vec()),
        "state" => {
            // `since`: the generation the page shows; held until there is a newer one.
            let since = query.split('&').find_map(|kv| kv.strip_prefix("since=")).and_then(|v| v.parse::<i64>().ok());
            let newer = async {
                while since == Some(state.borrow_and_update().generation as i64) {
                    if state.changed().await.is_err() {
                        break;
                    }
                }
            };
            let _ = tokio::time::timeout(HOLD, newer).await;
            let s = state.borrow();
            let body = serde_json::json!({ "generation": s.generation, "errors": s.errors });
            reply(200, "application/json", body.to_string().into_bytes())
        }
        _ => reply(404, "text/plain; charset=utf-8", b"not found\n".to_vec()),
    }
}

#[cfg(test)]
mod tests {
    use super::Save;
    use notify::event::{AccessKind, AccessMode, CreateKind, DataChange, ModifyKind, RemoveKind, RenameMode};
    use notify::EventKind;

    /// Whether a file that saw these events, in order, is saved: the watcher then waits
    /// only `SETTLED` for more.
    fn saved(events: &[EventKind]) -> bool {
        let mut writing = false;
        for kind in events {
            match Save::of(kind, 0, 1) {
                Save::Writing => writing = true,
                Save::Done => writing = false,
                Save::Nothing => {}
            }
        }
        !writing
    }

    #[test]
    fn a_save_is_complete_when_the_file_is_closed_or_renamed_into_place() {
        let data = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        let open = EventKind::Access(AccessKind::Open(AccessMode::Any));
        let closed = EventKind::Access(AccessKind::Close(AccessMode::Write));
        // Written in place: opened, truncated, written, closed.
        assert!(!saved(&[open, data, data]));
        assert!(saved(&[open, data, data, closed]));
        // Written beside and renamed over it (`sed -i`, many editors).
        assert!(saved(&[EventKind::Modify(ModifyKind::Name(RenameMode::To))]));
        // The old file renamed away or deleted, the new one not yet written: wait.
        assert!(!saved(&[EventKind::Modify(ModifyKind::Name(RenameMode::From))]));
        assert!(!saved(&[EventKind::Remove(RemoveKind::File)]));
        assert!(!saved(&[EventKind::Remove(RemoveKind::File), EventKind::Create(CreateKind::File), data]));
        assert!(saved(&[EventKind::Remove(RemoveKind::File), EventKind::Create(CreateKind::File), data, closed]));
        // Read only: nothing to wait for.
        assert!(saved(&[open, EventKind::Access(AccessKind::Close(AccessMode::Read))]));
        // Of a rename that names both files, the new name is complete, the old one gone.
        let both = EventKind::Modify(ModifyKind::Name(RenameMode::Both));
        assert!(matches!(Save::of(&both, 1, 2), Save::Done));
        assert!(matches!(Save::of(&both, 0, 2), Save::Writing));
    }
}
