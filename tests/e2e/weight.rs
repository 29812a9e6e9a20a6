//! End-to-end: the weight of the pages. Each list entry is minified once and placed into every
//! list that shows it, so a page must read byte for byte as it would minified whole; and the
//! HTML a provider adds to the site stays under a ceiling of files and bytes.

use crate::common;
use common::*;
use std::path::Path;

fn generate(out: &Path, n: &str, seed: &str, base_url: &str) {
    common::generate(out, n, seed);
    set(out, "base_url", base_url);
}

/// Sets a top-level key of the generated `site.yaml`.
fn set(site: &Path, key: &str, value: &str) {
    let path = site.join("site.yaml");
    let yaml = std::fs::read_to_string(&path).unwrap();
    let prefix = format!("{key}:");
    assert!(yaml.lines().any(|l| l.starts_with(&prefix)), "site.yaml has no {key}");
    let yaml: Vec<String> =
        yaml.lines().map(|l| if l.starts_with(&prefix) { format!("{key}: {value}") } else { l.to_string() }).collect();
    std::fs::write(&path, yaml.join("\n") + "\n").unwrap();
}

/// The HTML pages a generated region of a few hundred providers publishes, per provider.
/// A region this small has many areas holding one other area, whose lists the plan does not
/// copy; the provider pages weigh about 14 kB each. The ceilings leave a little room and no
/// more: a list published twice, or a provider page grown by a kilobyte, goes over.
#[test]
fn the_html_pages_stay_under_a_ceiling_of_files_and_bytes_per_provider() {
    const PROVIDERS: usize = 300;
    let tmp = tempfile::tempdir().unwrap();
    let (site, out) = (tmp.path().join("site"), tmp.path().join("out"));
    generate(&site, &PROVIDERS.to_string(), "7", "https://register.example.org/");
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let pages = tree(&out);
    let html: Vec<(&String, usize)> =
        pages.iter().filter(|(p, _)| p.ends_with(".html")).map(|(p, b)| (p, b.len())).collect();
    let per = |n: usize| n as f64 / PROVIDERS as f64;
    let files = per(html.len());
    let bytes = per(html.iter().map(|(_, n)| n).sum());
    let provider_pages: Vec<usize> =
        html.iter().filter(|(p, _)| p.starts_with("providers/") && p.matches('/').count() == 2).map(|x| x.1).collect();
    assert_eq!(provider_pages.len(), PROVIDERS);
    let provider_page = per(provider_pages.iter().sum());
    assert!(files <= 3.0, "{files:.2} HTML files per provider");
    // Distances (each authority's nearest, the audit's) and premises brought this from 41 kB
    // to 43.4 kB.
    assert!(bytes <= 44_500.0, "{bytes:.0} bytes of HTML per provider");
    assert!(provider_page <= 14_500.0, "{provider_page:.0} bytes per provider page");
}

#[test]
fn every_page_reads_as_it_would_minified_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    generate(&site, "250", "5", "https://register.example.org/");
    let (min, plain) = (tmp.path().join("min"), tmp.path().join("plain"));
    set(&site, "minify", "true");
    let o = build(&site, &min, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    set(&site, "minify", "false");
    let o = build(&site, &plain, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (min, plain) = (tree(&min), tree(&plain));
    let mut lists = 0;
    for (path, bytes) in plain.iter().filter(|(p, _)| p.ends_with(".html")) {
        let text = String::from_utf8(bytes.clone()).unwrap();
        lists += usize::from(text.contains("class=\"provider-list\"") || text.contains("id=\"list-caption\""));
        let whole = landscape::render::minify::page(text);
        assert!(
            min[path] == whole,
            "{path}: the page with its entries minified once differs from the page minified whole:\n{}\n---\n{}",
            String::from_utf8_lossy(&min[path]),
            String::from_utf8_lossy(&whole)
        );
    }
    assert!(lists > 100, "the region has list pages to compare: {lists}");
}

#[test]
fn an_area_with_one_child_links_the_childs_lists_instead_of_copying_them() {
    // The example's England holds London alone: England's list of family therapy in person is
    // London's, row for row.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = build(&repo_root(), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!out.join("areas/england/family-therapy").exists(), "a copy of London's list is published");
    assert!(out.join("areas/london/family-therapy/index.html").exists());
    let landscape = std::fs::read_to_string(out.join("landscape/index.html")).unwrap();
    // The page is minified: an address stands quoted or not.
    let href = |addr: &str| [format!("href=\"{addr}\""), format!("href={addr}>"), format!("href={addr} ")];
    let has = |html: &str, addr: &str| href(addr).iter().any(|h| html.contains(h.as_str()));
    let row = |area: &str| {
        let at = href(&format!("/areas/{area}/"))
            .iter()
            .find_map(|h| landscape.find(h.as_str()))
            .unwrap_or_else(|| panic!("no row for {area}"));
        let end = at + landscape[at..].find("<tr").unwrap_or(landscape.len() - at);
        landscape[at..end].to_string()
    };
    assert!(has(&row("england"), "/areas/london/family-therapy/"), "{}", row("england"));
    assert!(!has(&landscape, "/areas/england/family-therapy/"), "a link to the list not published");
}
