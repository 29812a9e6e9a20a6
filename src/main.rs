//! The `landscape` command line: see `cmd/` for one file per subcommand.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

use landscape::cmd;

// glibc's allocator fragments under rayon's many short-lived page buffers, so the cost of a
// page grew with the region; mimalloc keeps it flat (figures in bench/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "landscape",
    version,
    about = "Publish a region's therapeutic landscape for children as a static site"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check the register and content, then build the site into the output folder.
    Build(cmd::build::Args),
    /// Check the register and content without building.
    Check(cmd::check::Args),
    /// Build, serve the site on 127.0.0.1, and rebuild what each saved edit changes.
    Serve(cmd::serve::Args),
    /// Write a synthetic region of N providers (for tests and benchmarks).
    Generate(cmd::generate::Args),
    /// Start a new site for one region, with its authorities chosen by name or GSS code.
    Init(cmd::init::Args),
    /// Import providers from an Open Referral UK (HSDS 3.0) source or a spreadsheet.
    Import(cmd::import::Args),
    /// Add a new provider, framework, area or scheme to the register.
    New(cmd::new::Args),
    /// Write the JSON Schema of each kind of register file, for editors, into schemas/.
    Schema(cmd::schema::Args),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // clap uses 0 for --help/--version and 2 for usage errors, as we do.
            return ExitCode::from(e.exit_code() as u8);
        }
    };
    match cli.command {
        Command::Build(args) => cmd::build::run(&args),
        Command::Check(args) => cmd::check::run(&args),
        Command::Serve(args) => cmd::serve::run(&args),
        Command::Generate(args) => cmd::generate::run(&args),
        Command::Init(args) => cmd::init::run(&args),
        Command::Import(args) => cmd::import::run(&args),
        Command::New(args) => cmd::new::run(&args),
        Command::Schema(args) => cmd::schema::run(&args),
    }
}
