//! End-to-end: a generated region builds cleanly, and generation is deterministic.

use crate::common;
use common::*;

fn generate(out: &std::path::Path, n: &str, seed: &str) {
    let o = bin()
        .args(["generate", "--providers", n, "--seed", seed, "--out"])
        .arg(out)
        .arg("--handbook-from")
        .arg(repo_root())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
}

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
