//! End-to-end: build the example site in the repository root and read it back.

use crate::common;
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
    for must in ["index.html", "404.html", "robots.txt", "handbook/print/index.html", "landscape/index.html"] {
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

#[test]
fn a_rebuild_that_changes_nothing_rewrites_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("site");
    assert!(build(&repo_root(), &out_dir, &[]).status.success());
    let mtimes = |dir: &std::path::Path| -> Vec<(String, std::time::SystemTime)> {
        walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (e.path().strip_prefix(dir).unwrap().display().to_string(), e.metadata().unwrap().modified().unwrap())
            })
            .collect()
    };
    let before = mtimes(&out_dir);
    std::thread::sleep(std::time::Duration::from_millis(50));
    let out = bin()
        .args(["build", "--today", TODAY, "--root"])
        .arg(repo_root())
        .arg("--output")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(summary.contains(" 0 written"), "{summary}");
    assert_eq!(before, mtimes(&out_dir));
}

#[test]
fn a_failed_build_leaves_the_previous_site() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("root");
    for part in ["site.yaml", "providers", "content"] {
        copy(&repo_root().join(part), &root.join(part));
    }
    let out_dir = tmp.path().join("public");
    assert!(build(&root, &out_dir, &[]).status.success());
    let before = tree(&out_dir);
    let file = root.join("providers/orgs").read_dir().unwrap().flatten().next().unwrap().path();
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("reviewed:", "reviewd:", 1)).unwrap();
    let out = build(&root, &out_dir, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("unknown field `reviewd`"), "{}", stderr(&out));
    assert_eq!(before, tree(&out_dir), "the failed build changed the published site");
}

fn copy(from: &std::path::Path, to: &std::path::Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap().flatten() {
            copy(&e.path(), &to.join(e.file_name()));
        }
    } else {
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(from, to).unwrap();
    }
}

/// `--timings` gives each stage's time and, where the system says (Linux), the peak resident
/// memory so far, which the figures in bench/README.md quote.
#[test]
fn timings_name_each_stage_with_its_time_and_peak_memory() {
    let tmp = tempfile::tempdir().unwrap();
    let out = build(&repo_root(), &tmp.path().join("site"), &["--timings"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    for stage in ["load", "link", "templates", "render+write", "swap"] {
        let line = err
            .lines()
            .find(|l| l.trim_start().starts_with(stage))
            .unwrap_or_else(|| panic!("no `{stage}` line in:\n{err}"));
        assert!(line.contains(" ms"), "{line}");
        if cfg!(target_os = "linux") {
            let mb: f64 = line
                .trim_end()
                .strip_suffix(" MB")
                .and_then(|l| l.rsplit(' ').next())
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("no peak memory on `{line}`"));
            assert!(mb > 1.0 && mb < 10_000.0, "{line}");
        }
    }
}
