//! `landscape check`: every problem in the register and content, in one run.

use super::build::parse_date;
use crate::date::Date;
use crate::diagnostic::Diagnostics;
use crate::pipeline::{load_and_link, Report};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The site root: holds site.yaml, providers/ and content/.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Judge dates against this day instead of today (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    pub today: Option<Date>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Exit 1 on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// Exit codes: 0 no errors (warnings allowed unless denied), 1 errors in the content,
/// 2 a usage error (clap's own code for bad arguments, and a root that is not a folder).
pub fn run(args: &Args) -> ExitCode {
    if !args.root.is_dir() {
        eprintln!("error: the site root {} is not a folder", args.root.display());
        eprintln!("  = help: pass --root with the folder that holds site.yaml, providers/ and content/");
        return ExitCode::from(2);
    }
    let mut diags = Diagnostics::default();
    let mut report = Report::default();
    let _ = load_and_link(&args.root, args.today.unwrap_or_else(Date::today), &mut diags, &mut report);
    diags.sort();
    match args.format {
        Format::Json => println!("{}", diags.render_json(&args.root)),
        Format::Human => {
            eprint!("{}", diags.render_human(&args.root));
            eprintln!("{}", diags.summary());
        }
    }
    if diags.errors() > 0 || (args.deny_warnings && diags.warnings() > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
