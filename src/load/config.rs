/*!
Checks on `site.yaml` that its types cannot express: the `search:` section names facets and
sort orders by word, and a misspelt one would otherwise just leave a filter off the page.
*/

use crate::diagnostic::{did_you_mean, Diagnostic, Diagnostics};
use crate::model::SiteConfig;
use crate::model::{FACETS, SORTS};
use std::path::Path;

fn unknown(file: &Path, text: &str, path: &str, what: &str, name: &str, known: &[&str]) -> Diagnostic {
    let d = Diagnostic::error(file, format!("unknown {what} `{name}`")).field(text, path);
    match did_you_mean(name, known.iter().copied()) {
        Some(m) => d.suggest(format!("did you mean `{m}`? The {what}s are: {}", known.join(", "))),
        None => d.suggest(format!("the {what}s are: {}", known.join(", "))),
    }
}

pub fn check(file: &Path, text: &str, config: &SiteConfig, diags: &mut Diagnostics) {
    let search = &config.search;
    for (i, f) in search.facets.iter().enumerate() {
        let path = format!("search.facets[{i}]");
        if !FACETS.contains(&f.as_str()) {
            diags.push(unknown(file, text, &path, "facet", f, &FACETS));
        } else if search.facets[..i].contains(f) {
            diags.push(
                Diagnostic::warning(file, format!("facet `{f}` is listed twice; it is shown once, in its first place"))
                    .field(text, &path),
            );
        }
    }
    for name in search.labels.keys() {
        if !FACETS.contains(&name.as_str()) {
            diags.push(unknown(file, text, &format!("search.labels.{name}"), "facet", name, &FACETS));
        }
    }
    if let Some(sort) = &search.sort {
        if !SORTS.contains(&sort.as_str()) {
            diags.push(unknown(file, text, "search.sort", "sort order", sort, &SORTS));
        }
    }
    if search.results_per_page == 0 || search.results_per_page > 200 {
        diags.push(
            Diagnostic::error(file, format!("results_per_page is {}", search.results_per_page))
                .field(text, "search.results_per_page")
                .suggest("use a number from 1 to 200; 20 suits phones"),
        );
    }
}
