//! End-to-end: build the example site in the repository root and read it back.

mod common;
use common::*;

#[test]
fn example_site_builds_links_resolve_and_is_deterministic() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    let out = build(&repo_root(), &a, &[]);
    assert!(out.status.success(), "build failed:\n{}", stderr(&out));
    let out = build(&repo_root(), &b, &[]);
    assert!(out.status.success(), "{}", stderr(&out));

    let (ta, tb) = (tree(&a), tree(&b));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (k, v) in &ta {
        assert!(v == &tb[k], "{k} differs between two builds of the same input");
    }

    let broken = broken_links(&a, "/");
    assert!(broken.is_empty(), "{} broken links, first: {:#?}", broken.len(), &broken[..broken.len().min(20)]);

    // Every record has its page.
    let root = repo_root();
    for f in std::fs::read_dir(root.join("providers/orgs")).unwrap().flatten() {
        let id = f.path().file_stem().unwrap().to_string_lossy().to_string();
        assert!(ta.contains_key(&format!("providers/{id}/index.html")), "no page for provider {id}");
    }
    for f in std::fs::read_dir(root.join("providers/frameworks")).unwrap().flatten() {
        let id = f.path().file_stem().unwrap().to_string_lossy().to_string();
        assert!(ta.contains_key(&format!("frameworks/{id}/index.html")), "no page for framework {id}");
        assert!(ta.contains_key(&format!("frameworks/{id}/lot-1/index.html")), "no page for lot 1 of {id}");
    }
    for (list, dir) in [("areas.yaml", "areas"), ("interventions.yaml", "interventions"), ("schemes.yaml", "schemes")] {
        let text = std::fs::read_to_string(root.join("providers").join(list)).unwrap();
        for line in text.lines() {
            if let Some(id) = line.strip_prefix("- id: ") {
                let id = id.trim();
                assert!(ta.contains_key(&format!("{dir}/{id}/index.html")), "no page for {dir}/{id}");
            }
        }
    }
    for must in
        ["index.html", "404.html", "sitemap.xml", "robots.txt", "handbook/print/index.html", "landscape/index.html"]
    {
        assert!(ta.contains_key(must), "missing {must}");
    }
}

#[test]
fn works_under_a_sub_path() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("site");
    let out = build(&repo_root(), &out_dir, &["--base-url", "https://example.org/therapies/"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let broken = broken_links(&out_dir, "/therapies/");
    assert!(broken.is_empty(), "{} broken, first: {:#?}", broken.len(), &broken[..broken.len().min(20)]);
    let sitemap = std::fs::read_to_string(out_dir.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://example.org/therapies/providers/</loc>"), "{}", &sitemap[..400]);
}
