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
    #[arg(long, short)]
    pub quiet: bool,
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
    let result = pipeline::build(&opts, &mut diags);
    diags.sort();
    if !args.quiet || diags.errors() > 0 {
        eprint!("{}", diags.render_human(&args.root));
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
    let mut s = String::from("stage                         time\n");
    for (name, d) in &r.stages {
        let _ = writeln!(s, "  {name:<28}{:>8.1} ms", d.as_secs_f64() * 1e3);
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
