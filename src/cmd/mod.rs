//! One file per subcommand, each a thin shell over the pipeline in `crate::build`.
pub mod build;
pub mod check;
pub mod generate;
pub mod import;
pub mod init;
pub mod new;
pub mod schema;
pub mod serve;
