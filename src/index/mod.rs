/*!
Stage 4, **index**: the files that describe the site rather than show it. Each is built from
the linked [`Site`] (and, for the sitemap, the list of pages render wrote), never from the
source files:

- [`search`]: the search page's data, for the browser;
- [`exports`]: `data/providers.json` and `data/services.csv`, for spreadsheets and notebooks;
- [`hsds`]: `data/hsds/`, Open Referral UK (HSDS 3.0), for directories and referral systems;
- [`schema`]: `data/schema/`, the JSON Schema of each kind of register file, for editors and
  systems that write records;
- [`feeds`]: `feeds/`, Atom feeds of changes, for feed readers;
- [`jsonld`]: schema.org JSON-LD on provider pages, for search engines;
- [`sitemap`]: `sitemap.xml` and `robots.txt`, for crawlers.

The sitemap, the feeds and the HSDS export hold absolute URLs, so they are written only
when the base URL is absolute; [`relative_base_warning`] says so in the build's output.
*/

pub mod exports;
pub mod feeds;
pub mod hsds;
pub mod jsonld;
pub mod schema;
pub mod search;
pub mod sitemap;

use crate::diagnostic::Diagnostic;
use crate::link::Site;
use std::path::Path;

/// The open-data files: the exports and the record schemas always; the HSDS package and the feeds only with an
/// absolute base URL (`absolute`, ending in `/`). Paths are relative to the site root.
pub fn open_data(site: &Site, absolute: Option<&str>) -> Vec<(String, Vec<u8>)> {
    let mut out = vec![
        ("data/providers.json".to_string(), exports::providers_json(site)),
        ("data/services.csv".to_string(), exports::services_csv(site)),
    ];
    out.extend(schema::files());
    if let Some(abs) = absolute {
        out.extend(hsds::files(site, abs));
        out.extend(feeds::files(site, abs));
    }
    out
}

/// The warning for a build whose base URL has no host: what it leaves out, and the fix.
pub fn relative_base_warning(root: &Path, base_url: &str) -> Diagnostic {
    Diagnostic::warning(
        root.join("site.yaml"),
        format!(
            "base_url `{base_url}` is not an absolute URL, so sitemap.xml, the Atom feeds under feeds/ and the Open Referral export under data/hsds/ were not written (each needs absolute links), and robots.txt names no sitemap"
        ),
    )
    .suggest("set `base_url: https://your.host/` in site.yaml, or build with `--base-url https://your.host/`")
}
