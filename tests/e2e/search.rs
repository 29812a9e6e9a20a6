//! End-to-end: the search data a build writes, and the no-JavaScript path to every provider.

use crate::common;
use common::*;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::io::Read;
use std::path::Path;

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut out).expect("gzip");
    out
}

/// Pages reachable from the home page in at most `depth` links, by following `href`s.
fn reachable(files: &BTreeMap<String, Vec<u8>>, depth: usize) -> BTreeSet<String> {
    let mut seen: BTreeSet<String> = BTreeSet::from(["index.html".to_string()]);
    let mut queue = VecDeque::from([("index.html".to_string(), 0)]);
    while let Some((page, d)) = queue.pop_front() {
        if d == depth {
            continue;
        }
        let html = String::from_utf8_lossy(&files[&page]);
        for href in attr_values(&html, "href") {
            let Some(path) = href.strip_prefix('/') else { continue };
            let path = path.split(['#', '?']).next().unwrap_or("");
            if !(path.is_empty() || path.ends_with('/')) {
                continue;
            }
            let file = format!("{path}index.html");
            if files.contains_key(&file) && seen.insert(file.clone()) {
                queue.push_back((file, d + 1));
            }
        }
    }
    seen
}

#[test]
fn the_example_writes_search_data_the_manifest_names() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let o = build(&repo_root(), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("search/data/manifest.json")).unwrap()).unwrap();
    let hashes = manifest["hashes"].as_object().unwrap();
    for col in ["sp", "iv", "af", "at", "dl", "fd", "ac", "wt", "ar", "lg", "lt", "aw", "og", "rv"] {
        let h = hashes[&format!("c.{col}")].as_str().unwrap();
        let f = out.join(format!("search/data/c.{col}.{h}.dat"));
        assert!(f.exists(), "missing column {col}");
    }
    let providers = manifest["providers"].as_u64().unwrap() as usize;
    let group = manifest["display_group"].as_u64().unwrap() as usize;
    assert_eq!(manifest["display_files"].as_u64().unwrap() as usize, providers.div_ceil(group));
    let d = hashes["d"].as_str().unwrap();
    let first: serde_json::Value =
        serde_json::from_slice(&gunzip(&std::fs::read(out.join(format!("search/data/d.0.{d}.dat"))).unwrap())).unwrap();
    assert_eq!(first.as_array().unwrap().len(), group.min(providers));
    // Each term shard starts with the term the manifest says, so the browser finds it.
    let t = hashes["t"].as_str().unwrap();
    let firsts = manifest["shard_first"].as_array().unwrap();
    assert_eq!(firsts.len(), manifest["shards"].as_u64().unwrap() as usize);
    for (i, want) in firsts.iter().enumerate() {
        let bytes = gunzip(&std::fs::read(out.join(format!("search/data/t.{i}.{t}.dat"))).unwrap());
        // count (varint), then the first term's length and bytes.
        let mut p = 0;
        while bytes[p] & 0x80 != 0 {
            p += 1;
        }
        p += 1;
        let len = bytes[p] as usize;
        assert_eq!(std::str::from_utf8(&bytes[p + 1..p + 1 + len]).unwrap(), want.as_str().unwrap());
    }
    // The filter form lists every facet, and the links the home page makes are options.
    let html = std::fs::read_to_string(out.join("search/index.html")).unwrap();
    for facet in
        ["intervention", "area", "age", "accepting", "lot", "scheme", "delivery", "funding", "organisation", "language"]
    {
        assert!(
            html.contains(&format!("data-facet={facet}")) || html.contains(&format!("data-facet=\"{facet}\"")),
            "no {facet} facet"
        );
    }
    assert!(html.contains("value=asgsf") || html.contains("value=\"asgsf\""), "no funding=asgsf option");
    assert!(html.contains("value=family-therapy") || html.contains("value=\"family-therapy\""));
    assert!(html.contains("id=search-nojs") || html.contains("id=\"search-nojs\""));
}

#[test]
fn search_config_chooses_facets_their_order_and_labels() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("root");
    copy_site(&repo_root(), &root);
    let mut yaml = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    yaml.push_str(
        "search:\n  facets: [area, intervention]\n  labels: { area: Where the child lives }\n  results_per_page: 10\n",
    );
    std::fs::write(root.join("site.yaml"), yaml).unwrap();
    let out = tmp.path().join("site");
    let o = build(&root, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(out.join("search/index.html")).unwrap();
    let area = html.find("Where the child lives").expect("area label");
    let iv = html.find("Kind of support").expect("intervention facet");
    assert!(area < iv, "facets not in the configured order");
    assert!(
        !html.contains("data-facet=language") && !html.contains("data-facet=\"language\""),
        "an unlisted facet is shown"
    );
    let manifest = std::fs::read_to_string(out.join("search/data/manifest.json")).unwrap();
    assert!(manifest.contains("\"per_page\":10"));
}

/// Without JavaScript every provider is at most three links from the home page, through
/// the A to Z list, even when each letter runs to several pages.
fn assert_three_links(root: &Path) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let o = build(root, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let files = tree(&out);
    let near = reachable(&files, 3);
    let far: Vec<&String> = files
        .keys()
        .filter(|k| k.starts_with("providers/") && k.ends_with("/index.html") && k.matches('/').count() == 2)
        .filter(|k| !near.contains(*k))
        .collect();
    assert!(
        far.is_empty(),
        "{} providers are more than three links from home, e.g. {:?}",
        far.len(),
        &far[..far.len().min(5)]
    );
}

#[test]
fn every_example_provider_is_three_links_from_home() {
    assert_three_links(&repo_root());
}

#[test]
fn every_provider_is_three_links_from_home_when_letters_run_to_many_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("gen");
    let o = bin()
        .args(["generate", "--providers", "400", "--seed", "3", "--out"])
        .arg(&site)
        .arg("--handbook-from")
        .arg(repo_root())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    let yaml: String = yaml.lines().filter(|l| !l.starts_with("page_size")).map(|l| format!("{l}\n")).collect();
    std::fs::write(site.join("site.yaml"), format!("{yaml}page_size: 5\n")).unwrap();
    assert_three_links(&site);
}

/// User + system CPU seconds of this process so far (Linux), and its peak resident memory.
fn cpu_and_peak() -> (f64, u64) {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat.rsplit_once(')').map(|(_, r)| r.split_whitespace().collect()).unwrap_or_default();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok())
        .unwrap_or(0);
    ((ticks(11) + ticks(12)) / 100.0, peak)
}

#[test]
#[ignore = "a measurement for bench/README.md: cargo test --release --test e2e search:: -- --ignored --nocapture"]
fn measure_the_search_index_at_10000_providers() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("gen");
    let o = bin()
        .args(["generate", "--providers", "10000", "--seed", "1", "--out"])
        .arg(&root)
        .arg("--handbook-from")
        .arg(repo_root())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let mut diags = landscape::diagnostic::Diagnostics::default();
    let mut report = landscape::pipeline::Report::default();
    let (site, _) =
        landscape::pipeline::load_and_link(&root, TODAY.parse().unwrap(), &mut diags, &mut report).expect("links");
    let (cpu0, peak0) = cpu_and_peak();
    let t = std::time::Instant::now();
    let files = landscape::index::search::build(&site);
    let wall = t.elapsed().as_secs_f64();
    let (cpu1, peak1) = cpu_and_peak();
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    println!(
        "search index for {} providers: {:.2} s wall, {:.2} s CPU, {} files, {:.2} MB; peak RSS {} MB after linking, {} MB after indexing",
        site.providers.len(),
        wall,
        cpu1 - cpu0,
        files.len(),
        bytes as f64 / 1e6,
        peak0 / 1024,
        peak1 / 1024
    );
}
