/*!
Search data: the files `themes/default/static/search.js` reads to search and filter the
directory in the browser, built from the linked [`Site`] (part of stage 4, **index**).

Everything goes under `search/data/`, one module per concept:

- [`facets`]: the filters and their options, shared by the form in `search.html` and the
  manifest;
- [`columns`]: `c.<column>.*.dat`, the facet index over services and providers;
- [`display`]: `d.N.*.dat` and `f.<sort>.*.dat`, what a result card shows;
- [`words`] and [`terms`]: how text becomes terms, and `t.N.*.dat`, `names.*.dat` and
  `pages.*.dat`, the word index;
- [`near`]: `s.<AREA>.*.dat`, the postcode sector table in slices, for distances;
- [`files`]: compression, file names by hash, and `manifest.json`, which names them all.
*/

pub mod columns;
pub mod display;
pub mod facets;
pub mod files;
pub mod near;
pub mod terms;
pub mod words;

pub use display::{DISPLAY_GROUP, NAME_HEAD};
pub use facets::{page_context, FACETS, SORTS};
pub use terms::{field, SHARD_BYTES};
pub use words::{fold, stem, words};

use crate::link::Site;

/// Every search data file, as (path relative to the site root, bytes).
pub fn build(site: &Site) -> Vec<(String, Vec<u8>)> {
    // `LANDSCAPE_TRACE_SEARCH=1` prints where the time goes, for bench/README.md.
    let trace = std::env::var_os("LANDSCAPE_TRACE_SEARCH").is_some();
    let started = std::time::Instant::now();
    let lap = |what: &str| {
        if trace {
            eprintln!("search: {what} at {:.0} ms", started.elapsed().as_secs_f64() * 1e3);
        }
    };
    let f = facets::facets(site);
    let n = site.providers.len();
    let lots = columns::Lots::new(site, &f);
    // Raw files by family (`c.iv`, `d`, `t`…), compressed together at the end.
    let mut raw: Vec<(String, Vec<u8>)> = columns::build(site, &f, &lots);
    lap("columns");
    raw.extend(display::build(site, &lots));
    raw.extend(near::slices());
    lap("display records");
    let (mut terms, pages) = terms::collect(site, &lap);
    let docs = n + pages.len();
    raw.push(("pages".into(), serde_json::to_vec(&pages).expect("json")));
    lap("page terms");
    terms::drop_common(&mut terms, n);
    let (shards, shard_first) = terms::shards(&terms);
    raw.extend(shards);
    raw.push(("names".into(), terms::names(&terms)));
    lap("shards");
    files::pack(site, &f, &lots, raw, files::Counts { docs, shard_first }, &lap)
}
