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
pub mod geo;
pub mod html;
pub mod import;
pub mod index;
pub mod link;
pub mod load;
pub mod locate;
pub mod model;
pub mod pipeline;
pub mod plan;
pub mod rebuild;
pub mod render;
pub mod synth;
pub mod urls;
pub mod words;
pub mod write;

/// The stages in the order they may import one another: a module may use those before it,
/// never one after it, so no import circle can form. `ARCHITECTURE.md` says what each is.
#[cfg(test)]
const LAYERS: [&str; 20] = [
    "date",
    "html",
    "words",
    "geo",
    "model",
    "urls",
    "locate",
    "diagnostic",
    "load",
    "link",
    "audit",
    "plan",
    "index",
    "render",
    "write",
    "pipeline",
    "rebuild",
    "synth",
    "import",
    "cmd",
];

#[cfg(test)]
mod layers {
    use super::LAYERS;

    /// The imports against the order that remain, each a content check in `load` that uses
    /// a parser of a later stage. Listed so that no new one can come in unnoticed, and so
    /// that moving one down fails here until it is taken off the list.
    const KNOWN: [&str; 2] = ["load/content.rs: load -> link", "load/content.rs: load -> render"];

    /// Every module of `src/` a file of `src/` names as `crate::…`, outside comments and its
    /// tests, against [`LAYERS`].
    fn against_the_order() -> Vec<String> {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut out = Vec::new();
        for e in walkdir::WalkDir::new(&src).sort_by_file_name().into_iter().flatten() {
            let path = e.path();
            if path.extension().is_none_or(|x| x != "rs") {
                continue;
            }
            let rel = path.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
            let own = rel.split('/').next().unwrap().trim_end_matches(".rs").to_string();
            if own == "lib" || own == "main" {
                continue;
            }
            let at = LAYERS.iter().position(|l| *l == own).unwrap_or_else(|| panic!("{rel}: `{own}` is in no layer"));
            let text = std::fs::read_to_string(path).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap();
            // Block comments (a module's `/*! … */`) name modules in prose, not imports.
            let mut code = code.to_string();
            while let Some(a) = code.find("/*") {
                let b = code[a..].find("*/").map_or(code.len(), |b| a + b + 2);
                code.replace_range(a..b, "");
            }
            let mut named = std::collections::BTreeSet::new();
            for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
                for (i, _) in line.match_indices("crate::") {
                    let rest = &line[i + 7..];
                    if let Some(group) = rest.strip_prefix('{') {
                        let group = &group[..group.find('}').unwrap_or(group.len())];
                        named.extend(group.split(',').map(|s| s.trim().split("::").next().unwrap().to_string()));
                    } else {
                        named.insert(
                            rest.split(|c: char| !c.is_ascii_alphanumeric() && c != '_').next().unwrap().to_string(),
                        );
                    }
                }
            }
            for m in named {
                if let Some(to) = LAYERS.iter().position(|l| *l == m) {
                    if to > at {
                        out.push(format!("{rel}: {own} -> {m}"));
                    }
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    #[test]
    fn no_module_imports_a_later_stage() {
        assert_eq!(against_the_order(), KNOWN, "an import against the order of LAYERS in src/lib.rs");
    }
}
