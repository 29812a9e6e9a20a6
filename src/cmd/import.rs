//! `landscape import SOURCE`: providers from an Open Referral UK / HSDS 3.0 source (JSON or
//! the tabular package) or from the commissioner's spreadsheet, written into the register
//! beside what is there, then checked. See docs/IMPORT.md.

use super::build::parse_date;
use crate::date::Date;
use crate::diagnostic::Diagnostics;
use crate::import::{hsds, map, sheet, write, Mapping, Notes, Region};
use crate::pipeline::{load_and_link, Report};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// What to import: a folder or file of HSDS JSON (API pages, service or organization
    /// documents), a folder holding the tabular package's datapackage.json, or a spreadsheet
    /// (.csv) in the columns of docs/import-template.csv.
    pub source: PathBuf,
    /// The site root: holds site.yaml, providers/ and content/.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// A CSV mapping the source's taxonomy terms to the register's kinds of support
    /// (columns `term` and `intervention`).
    #[arg(long)]
    pub mapping: Option<PathBuf>,
    /// Replace provider files the import did not write, or that were edited since.
    #[arg(long)]
    pub overwrite: bool,
    /// Judge dates against this day instead of today (YYYY-MM-DD); also the `reviewed` date
    /// of a record whose source gives none.
    #[arg(long, value_parser = parse_date)]
    pub today: Option<Date>,
}

fn fail(message: &str, help: &str) -> ExitCode {
    eprintln!("error: {message}");
    if !help.is_empty() {
        eprintln!("  = help: {help}");
    }
    ExitCode::from(2)
}

pub fn run(args: &Args) -> ExitCode {
    if !args.root.join("providers").is_dir() {
        return fail(
            &format!("no providers/ folder in {}", args.root.display()),
            "run this in a site root, pass --root, or start one with `landscape init DIR`",
        );
    }
    if !args.source.exists() {
        return fail(&format!("{} does not exist", args.source.display()), "");
    }
    let today = args.today.unwrap_or_else(Date::today);
    let mut diags = Diagnostics::default();
    let loaded = crate::load::load(&args.root, &mut diags);
    let region = Region::from_register(&loaded.register);
    let mapping = match &args.mapping {
        None => Mapping::default(),
        Some(p) => match std::fs::read_to_string(p) {
            Err(e) => return fail(&format!("{}: {e}", p.display()), ""),
            Ok(t) => match Mapping::parse(&t, &region) {
                Ok(m) => m,
                Err(errors) => {
                    for e in errors {
                        eprintln!("error: {}: {e}", p.display());
                    }
                    return ExitCode::from(1);
                }
            },
        },
    };
    let mut notes = Notes::default();
    let mut records = match read(&args.source, &region, &mapping, today, &mut notes) {
        Ok(r) => r,
        Err(errors) => {
            for e in &errors {
                eprintln!("error: {e}");
            }
            eprintln!("{} problem(s) in {}; nothing was written", errors.len(), args.source.display());
            return ExitCode::from(1);
        }
    };
    if records.is_empty() {
        eprint!("{}", notes.render());
        eprintln!("error: no provider in {} could be imported; nothing was written", args.source.display());
        return ExitCode::from(1);
    }
    let outcome = match write::write(&args.root, &mut records, args.overwrite) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let list = |v: &[String]| v.join(", ");
    println!(
        "imported {} provider(s) from {}: {} added, {} changed, {} unchanged, {} gone",
        records.len(),
        args.source.display(),
        outcome.added.len(),
        outcome.changed.len(),
        outcome.unchanged.len(),
        outcome.gone.len()
    );
    for (label, v) in [("added", &outcome.added), ("changed", &outcome.changed), ("gone (removed)", &outcome.gone)] {
        if !v.is_empty() {
            println!("  {label}: {}", list(v));
        }
    }
    for (id, why) in &outcome.kept {
        println!("  kept providers/orgs/{id}.yaml: {why}");
    }
    if !notes.items.is_empty() {
        println!("not imported or written with a default, in the register's words:");
        print!("{}", notes.render());
    }
    // The import's output is held to the same rules as any record.
    let mut diags = Diagnostics::default();
    let _ = load_and_link(&args.root, today, &mut diags, &mut Report::default());
    diags.sort();
    if diags.errors() > 0 {
        eprint!("{}", diags.render_human(&args.root));
        eprintln!("{}", diags.summary());
        eprintln!("the register does not pass `landscape check` yet: correct the records above");
        return ExitCode::from(1);
    }
    println!("the register passes `landscape check` ({})", diags.summary());
    ExitCode::SUCCESS
}

fn read(
    source: &Path,
    region: &Region,
    mapping: &Mapping,
    today: Date,
    notes: &mut Notes,
) -> Result<Vec<crate::import::Record>, Vec<String>> {
    if source.is_file() && source.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv")) {
        let text = std::fs::read_to_string(source).map_err(|e| vec![format!("{}: {e}", source.display())])?;
        if !sheet::is_sheet(text.trim_start_matches('\u{feff}').lines().next().unwrap_or("")) {
            return Err(vec![format!(
                "{}: not the import spreadsheet (its first row names no `provider` and `kind_of_support` columns); for the HSDS tabular package give the folder with datapackage.json",
                source.display()
            )]);
        }
        return sheet::read(&text, region, mapping)
            .map_err(|es| es.into_iter().map(|e| format!("{}: {e}", source.display())).collect());
    }
    let (docs, problems) = hsds::read_source(source).map_err(|e| vec![e])?;
    for p in problems {
        notes.note(p, source.display().to_string());
    }
    Ok(map::providers(&docs, region, mapping, today, notes))
}
