//! End-to-end: a generated region builds cleanly, and generation is deterministic.

use crate::common;
use common::*;

#[test]
fn a_generated_region_builds_with_every_link_resolving() {
    let tmp = tempfile::tempdir().unwrap();
    let (site, out) = (tmp.path().join("site"), tmp.path().join("out"));
    generate(&site, "300", "7");
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("error"), "{}", stderr(&o));
    let pages = tree(&out);
    let providers = pages.keys().filter(|k| k.starts_with("providers/") && k.matches('/').count() == 2).count();
    assert_eq!(providers, 300);
    let broken = broken_links(&out, "/");
    assert!(broken.is_empty(), "{} broken, first: {:#?}", broken.len(), &broken[..broken.len().min(10)]);
}

#[test]
fn generation_is_a_pure_function_of_size_and_seed() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, c) = (tmp.path().join("a"), tmp.path().join("b"), tmp.path().join("c"));
    generate(&a, "120", "3");
    generate(&b, "120", "3");
    generate(&c, "120", "4");
    assert_eq!(tree(&a), tree(&b));
    assert_ne!(tree(&a), tree(&c));
}

/// What open data and compare add to the host, per provider, beyond one Open Referral document
/// per service (which the register's services need): few files and few bytes, so that a
/// national register stays within what a static host accepts.
#[test]
fn open_data_and_compare_add_few_files_and_bytes_per_provider() {
    const PROVIDERS: usize = 300;
    // Files beyond one a service, and bytes of everything, per provider: it was over two
    // files (a document per organisation, a comparison record per provider) and 54 kB.
    const MOST_FILES: f64 = 0.2;
    const MOST_BYTES: usize = 27_000;
    let tmp = tempfile::tempdir().unwrap();
    let (site, out) = (tmp.path().join("site"), tmp.path().join("out"));
    generate(&site, &PROVIDERS.to_string(), "1");
    let o = build(&site, &out, &["--base-url", "https://register.example.org/"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let files = tree(&out);
    let ours: Vec<(&String, &Vec<u8>)> =
        files.iter().filter(|(k, _)| k.starts_with("data/") || k.starts_with("compare/")).collect();
    let service_documents = ours
        .iter()
        .filter(|(k, _)| k.starts_with("data/hsds/services/") && !k.starts_with("data/hsds/services/pages/"))
        .count();
    let services: usize = std::fs::read_dir(site.join("providers/orgs"))
        .unwrap()
        .flatten()
        .map(|f| {
            let y: serde_yaml::Value = serde_yaml::from_str(&std::fs::read_to_string(f.path()).unwrap()).unwrap();
            y["services"].as_sequence().map_or(0, |s| s.len())
        })
        .sum();
    assert_eq!(service_documents, services, "one document per service");
    let extra_files = (ours.len() - service_documents) as f64 / PROVIDERS as f64;
    let bytes = ours.iter().map(|(_, b)| b.len()).sum::<usize>() / PROVIDERS;
    assert!(extra_files <= MOST_FILES, "{extra_files:.2} files a provider beyond one a service");
    eprintln!("{extra_files:.3} files and {bytes} bytes a provider");
    assert!(bytes <= MOST_BYTES, "{bytes} bytes a provider");
}
