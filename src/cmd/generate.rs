/*!
`landscape generate`: write a synthetic region (see [`crate::synth`]) as a site root, and
optionally the same providers as a plain Hugo site (see [`crate::synth::hugo`]): the peer
`bench/run.sh` builds against, with one page per provider and the same markdown, so the
two builds do comparable work.
*/

use crate::synth;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    /// How many providers to write.
    #[arg(long, default_value_t = 1000)]
    pub providers: usize,
    /// Seed for the deterministic generator.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Folder to write the site into (created; must be empty or absent).
    #[arg(long)]
    pub out: PathBuf,
    /// Site root whose `content/` (the handbook) is copied into the generated site.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub handbook_from: PathBuf,
    /// Also write the providers as a plain Hugo site here, for benchmarks (created; must
    /// be empty or absent).
    #[arg(long, value_name = "DIR")]
    pub hugo: Option<PathBuf>,
}

pub fn run(args: &Args) -> ExitCode {
    // Refuse before writing anything: generating into a folder that holds a real site
    // would mix invented providers into it.
    for dir in std::iter::once(&args.out).chain(&args.hugo) {
        if !empty_or_absent(dir) {
            let dir = dir.display();
            eprintln!("error: {dir} is not empty; generate writes only into a new or empty folder");
            return ExitCode::from(2);
        }
    }
    if args.hugo.as_ref() == Some(&args.out) {
        eprintln!("error: --out and --hugo must be different folders");
        return ExitCode::from(2);
    }
    if !args.handbook_from.join("content").is_dir() {
        let from = args.handbook_from.display();
        eprintln!("error: {from} has no content/ folder; pass the repository root with --handbook-from");
        return ExitCode::from(2);
    }

    let started = Instant::now();
    let summary = match synth::generate(&args.out, args.providers, args.seed, &args.handbook_from) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: writing {}: {e}", args.out.display());
            return ExitCode::from(1);
        }
    };
    // The generator is deterministic, so drawing the region again gives the providers just
    // written; that costs a fraction of a second and keeps `synth` one call for the site.
    let peer = match &args.hugo {
        None => String::new(),
        Some(dir) => match synth::region_for(args.providers, args.seed, &args.handbook_from)
            .and_then(|region| synth::hugo::write_hugo_peer(&region, dir))
        {
            Ok(bytes) => format!("; Hugo peer {:.1} MB in {}", mb(bytes), dir.display()),
            Err(e) => {
                eprintln!("error: writing the Hugo peer into {}: {e}", dir.display());
                return ExitCode::from(1);
            }
        },
    };
    println!(
        "generated {} providers, {} areas, {} frameworks ({} lots), {:.1} MB in {} ({:.2} s, seed {}){peer}",
        summary.providers,
        summary.areas,
        summary.frameworks,
        summary.lots,
        mb(summary.bytes),
        args.out.display(),
        started.elapsed().as_secs_f64(),
        args.seed,
    );
    ExitCode::SUCCESS
}

fn empty_or_absent(dir: &Path) -> bool {
    match fs::read_dir(dir) {
        Ok(mut entries) => entries.next().is_none(),
        Err(e) => e.kind() == io::ErrorKind::NotFound,
    }
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1_000_000.0
}
