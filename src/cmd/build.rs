//! `landscape build`: check, then render the site into the output folder.

use crate::date::Date;
use crate::diagnostic::{counted, Diagnostics};
use crate::pipeline::{self, Failure, Options, Report};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    /// The site root: holds site.yaml, providers/ and content/.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site [default: ROOT/public].
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Where the site will be hosted, e.g. https://example.org/therapies/ (overrides site.yaml).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Judge every status against this date instead of today (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    pub today: Option<Date>,
    /// Print the time spent in each stage and template.
    #[arg(long)]
    pub timings: bool,
    /// Replace the output folder even if it holds files landscape did not write.
    #[arg(long)]
    pub force: bool,
    /// Print nothing but errors.
    #[arg(long, short, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print every warning in full, as `check` does (by default: a summary by kind).
    #[arg(long, short)]
    pub verbose: bool,
}

/// Warnings of each kind shown in full before the rest are counted.
const FIRST_OF_EACH_KIND: usize = 3;

/// A line on the terminal saying the build is still going, from the second second on, and
/// only when stderr is a terminal (never in CI or a log). Cleared when dropped.
struct Progress {
    done: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    fn start(show: bool) -> Progress {
        use std::io::IsTerminal as _;
        let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let thread = (show && std::io::stderr().is_terminal()).then(|| {
            let done = done.clone();
            std::thread::spawn(move || {
                let started = Instant::now();
                let mut shown = false;
                while !done.load(std::sync::atomic::Ordering::Relaxed) {
                    std::thread::sleep(std::time::Duration::from_millis(250));
                    let secs = started.elapsed().as_secs();
                    if secs >= 1 && !done.load(std::sync::atomic::Ordering::Relaxed) {
                        eprint!("\rbuilding… {secs} s");
                        shown = true;
                    }
                }
                if shown {
                    eprint!("\r\x1b[2K");
                }
            })
        });
        Progress { done, thread }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.done.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

pub fn parse_date(s: &str) -> Result<Date, String> {
    s.parse()
}

pub fn run(args: &Args) -> ExitCode {
    let started = Instant::now();
    let opts = Options {
        root: args.root.clone(),
        output: args.output.clone().unwrap_or_else(|| args.root.join("public")),
        base_url: args.base_url.clone(),
        today: args.today.unwrap_or_else(Date::today),
        force: args.force,
    };
    let mut diags = Diagnostics::default();
    let progress = Progress::start(!args.quiet);
    let result = pipeline::build(&opts, &mut diags);
    drop(progress);
    diags.sort();
    if args.verbose {
        eprint!("{}", diags.render_human(&args.root));
    } else if args.quiet {
        diags.items.retain(|d| d.severity == crate::diagnostic::Severity::Error);
        eprint!("{}", diags.render_human(&args.root));
    } else {
        eprint!("{}", diags.render_summary(&args.root, FIRST_OF_EACH_KIND));
    }
    match result {
        Ok(report) => {
            if args.timings {
                eprint!("{}", timings_table(&report));
            }
            if !args.quiet {
                println!(
                    "built {} pages ({} files: {} written, {} unchanged) into {} in {:.2}s{}",
                    report.pages,
                    report.files,
                    report.written,
                    report.reused,
                    opts.output.display(),
                    started.elapsed().as_secs_f64(),
                    if diags.warnings() > 0 {
                        format!(", {}", counted(diags.warnings(), "warning"))
                    } else {
                        String::new()
                    }
                );
            }
            ExitCode::SUCCESS
        }
        Err(Failure::Content) => {
            eprintln!(
                "error: {}; nothing was published and {} is unchanged",
                counted(diags.errors(), "error"),
                opts.output.display()
            );
            ExitCode::from(1)
        }
        Err(Failure::Other(m)) => {
            eprintln!("error: {m}\nnothing was published and {} is unchanged", opts.output.display());
            ExitCode::from(1)
        }
    }
}

pub fn timings_table(r: &Report) -> String {
    use std::fmt::Write as _;
    let mut s = String::from("stage                         time      peak memory so far\n");
    for (name, d, peak) in &r.stages {
        let peak = peak.map_or(String::new(), |b| format!("{:>8.0} MB", b as f64 / 1e6));
        let _ = writeln!(s, "  {name:<28}{:>8.1} ms  {peak}", d.as_secs_f64() * 1e3);
    }
    let _ = writeln!(s, "inside render (summed over threads)");
    for (name, n, d) in &r.templates {
        let _ = writeln!(s, "  template {name:<19}{:>8.1} ms  ({n} pages)", d.as_secs_f64() * 1e3);
    }
    let _ = writeln!(s, "  markdown + views            {:>8.1} ms", r.markdown.as_secs_f64() * 1e3);
    let _ = writeln!(s, "  minify                      {:>8.1} ms", r.minify.as_secs_f64() * 1e3);
    let _ = writeln!(s, "  highlight                   {:>8} blocks (each distinct block once)", r.highlighted_blocks);
    s
}
