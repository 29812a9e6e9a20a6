//! `landscape schema`: writes the JSON Schema of each kind of register file into
//! `schemas/` (or `--out DIR`), for editors. The schemas come from the record types (see
//! `load::schema`); run this after changing a record's shape, and commit the result.

use crate::load::schema;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The site root: the schemas go in its schemas/ folder unless --out says otherwise.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The folder to write the schemas to.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub fn run(args: &Args) -> ExitCode {
    let out = args.out.clone().unwrap_or_else(|| args.root.join(schema::FOLDER));
    match write(&out) {
        Ok(n) => {
            println!("wrote {n} schemas to {}", out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write the schemas to {}: {e}", out.display());
            ExitCode::from(2)
        }
    }
}

/// Writes every schema into `dir` (made if missing), returning how many. A file already
/// holding the same bytes is left alone, so its modification time says when it last changed.
pub fn write(dir: &std::path::Path) -> std::io::Result<usize> {
    std::fs::create_dir_all(dir)?;
    let files = schema::files();
    for (name, text) in &files {
        let path = dir.join(name);
        if std::fs::read(&path).ok().as_deref() != Some(text.as_bytes()) {
            std::fs::write(&path, text)?;
        }
    }
    Ok(files.len())
}
