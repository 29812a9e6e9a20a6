/*!
landscape: a static-site generator for a region's therapeutic landscape for children.

The crate is the pipeline, one module per stage:

- [`load`]: read `site.yaml`, the YAML register under `providers/`, the markdown under
  `content/` and the theme;
- [`link`]: resolve every reference, validate, and judge every status against the build date,
  giving the immutable [`link::Site`];
- [`render`]: tera templates, markdown and highlighting, page by page;
- [`index`]: sitemap, search data and exports;
- [`write`]: minified pages into a staging folder, swapped in atomically.

[`model`] holds the domain types (`Provider`, `Lot`, `Award`…); [`words`] says how names and
counts read in a sentence; [`pipeline`] runs the stages in order; [`cmd`] has one file per
subcommand; [`synth`] is the tool beside the pipeline that invents a region for tests and
benchmarks. To add a field to a provider, touch
`model.rs` (its shape), `link/validate.rs` (its rules) and the theme template that shows it.
*/

pub mod audit;
pub mod cmd;
pub mod date;
pub mod diagnostic;
pub mod import;
pub mod index;
pub mod link;
pub mod load;
pub mod model;
pub mod pipeline;
pub mod plan;
pub mod rebuild;
pub mod render;
pub mod synth;
pub mod words;
pub mod write;
