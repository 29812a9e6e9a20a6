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
use std::io;
use std::path::Path;

/// Where open-data files go as they are made. At scale they are tens of megabytes each, and
/// the HSDS package tens of thousands of documents: written as made, none is held whole.
pub trait Sink: Sync {
    /// A file made whole in memory (small, or one of many made in parallel).
    fn file(&self, path: &str, bytes: &[u8]) -> Result<(), String>;
    /// A file written out as `write_to` makes it.
    fn stream(&self, path: &str, write_to: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>) -> Result<(), String>;
}

/// The open-data files into `sink`: the exports and the record schemas always; the HSDS package
/// and the feeds only with an absolute base URL (`absolute`, ending in `/`). Paths are relative
/// to the site root. Returns how many files were written.
pub fn open_data(site: &Site, absolute: Option<&str>, sink: &dyn Sink) -> Result<usize, String> {
    sink.stream("data/providers.json", &mut |w| exports::write_providers_json(site, w))?;
    sink.stream("data/services.csv", &mut |w| exports::write_services_csv(site, w))?;
    let mut files = 2;
    for (path, bytes) in schema::files() {
        sink.file(&path, &bytes)?;
        files += 1;
    }
    if let Some(abs) = absolute {
        files += hsds::write(site, abs, sink)?;
        for (path, bytes) in feeds::files(site, abs) {
            sink.file(&path, &bytes)?;
            files += 1;
        }
    }
    Ok(files)
}

/// The files [`open_data`] writes that a page may link (a content page pointing readers at
/// the exports, a page's feed in its head), for the plan's link check.
pub fn linkable(site: &Site, absolute: Option<&str>) -> Vec<String> {
    let mut out = vec!["data/providers.json".to_string(), "data/services.csv".to_string()];
    out.extend(schema::files().into_iter().map(|(path, _)| path));
    if absolute.is_some() {
        out.extend(hsds::linkable());
        out.push(feeds::SITE_FEED.to_string());
        out.extend(site.areas.iter().map(|a| feeds::area_feed(&a.id)));
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
