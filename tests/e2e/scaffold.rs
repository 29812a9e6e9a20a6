//! `landscape init` makes a site that passes `check` and builds; every `landscape new` adds a
//! record that keeps it passing, and refuses to overwrite. `build` sums warnings up by kind.

use crate::common;

use common::{bin, stderr, TODAY};
use std::path::Path;

fn run(args: &[&str], root: &Path) -> std::process::Output {
    bin().args(args).arg("--root").arg(root).output().unwrap()
}

/// `check` on today's date: `init` and `new` date their examples around today.
fn check(root: &Path) -> std::process::Output {
    run(&["check"], root)
}

fn build_now(root: &Path, out: &Path) -> std::process::Output {
    bin().args(["build", "--root"]).arg(root).arg("--output").arg(out).output().unwrap()
}

#[test]
fn init_then_check_then_build_then_every_new() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("tyneside");
    let out = bin()
        .args(["init"])
        .arg(&root)
        .args(["--authority", "Newcastle upon Tyne", "--authority", "gateshead,E08000023"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let areas = std::fs::read_to_string(root.join("providers/areas.yaml")).unwrap();
    for want in
        ["gss: E08000021", "gss: E08000037", "gss: E08000023", "name: \"North East\"", "gss: E92000001", "mySociety"]
    {
        assert!(areas.contains(want), "{want} in\n{areas}");
    }
    // Every field of the example provider has its comment.
    let provider = std::fs::read_to_string(root.join("providers/orgs/example-family-therapy.yaml")).unwrap();
    for line in provider.lines().filter(|l| l.contains(':') && !l.trim_start().starts_with('#') && !l.ends_with(':')) {
        assert!(line.contains(" # "), "no comment on `{line}`");
    }
    let c = check(&root);
    assert!(c.status.success(), "{}", stderr(&c));
    assert!(stderr(&c).contains("0 errors, 0 warnings"), "{}", stderr(&c));
    let site = dir.path().join("site");
    let b = build_now(&root, &site);
    assert!(b.status.success(), "{}", stderr(&b));
    for page in [
        "index.html",
        "providers/example-family-therapy/index.html",
        "areas/gateshead/index.html",
        "frameworks/example-framework/lot-1/index.html",
    ] {
        assert!(site.join(page).is_file(), "{page}");
    }

    // A folder that is not empty is refused.
    let again = bin().arg("init").arg(&root).args(["--authority", "Hackney"]).output().unwrap();
    assert_eq!(again.status.code(), Some(2));
    // An authority not in the list says so, with the nearest name.
    let typo = bin().arg("init").arg(dir.path().join("x")).args(["--authority", "Gatesheed"]).output().unwrap();
    assert!(!typo.status.success() && stderr(&typo).contains("did you mean `Gateshead`"), "{}", stderr(&typo));
    assert!(!dir.path().join("x").exists());

    // Every `new`, then check still passes.
    for args in [
        &["new", "provider", "Brighter Days Play Therapy Ltd."][..],
        &["new", "framework", "Tyneside SEND therapies DPS"],
        &["new", "area", "North of Tyne", "--kind", "sub-region", "--parent", "north-east"],
        &["new", "scheme", "Play Therapy UK register"],
    ] {
        let o = run(args, &root);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        let c = check(&root);
        assert!(c.status.success(), "after {args:?}: {}", stderr(&c));
        // Asked again, it refuses and changes nothing.
        let before = common::tree(&root);
        let o = run(args, &root);
        assert_eq!(o.status.code(), Some(1), "{args:?} twice");
        assert!(stderr(&o).contains("nothing was written"), "{}", stderr(&o));
        assert_eq!(before, common::tree(&root), "{args:?} twice changed files");
    }
    let p = std::fs::read_to_string(root.join("providers/orgs/brighter-days-play-therapy-ltd.yaml")).unwrap();
    assert!(p.contains("name: \"Brighter Days Play Therapy Ltd.\"") && p.contains("# lots:"), "{p}");
    assert!(root.join("providers/frameworks/tyneside-send-therapies-dps.yaml").is_file());
    let b = build_now(&root, &site);
    assert!(b.status.success(), "{}", stderr(&b));
    assert!(site.join("areas/north-of-tyne/index.html").is_file());
    assert!(site.join("schemes/play-therapy-uk-register/index.html").is_file());
}

#[test]
fn build_sums_warnings_up_by_kind_and_points_to_check() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    common::copy_site(&common::repo_root(), &root);
    // Many listings overdue for review: one kind of warning, many times.
    for e in std::fs::read_dir(root.join("providers/orgs")).unwrap().flatten() {
        let text = std::fs::read_to_string(e.path()).unwrap();
        let old = text.lines().find(|l| l.starts_with("reviewed:")).unwrap().to_string();
        std::fs::write(e.path(), text.replace(&old, "reviewed: 2024-01-10")).unwrap();
    }
    let out = dir.path().join("out");
    let o = bin().args(["build", "--today", TODAY, "--root"]).arg(&root).arg("--output").arg(&out).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let e = stderr(&o);
    // The heading quotes a real warning of the kind, never its pattern (`N-N-N`).
    assert!(e.contains("warnings like this one: listing last reviewed on 2024-01-10, over 12 months ago"), "{e}");
    assert!(!e.contains("N-N-N") && !e.contains("`…`"), "{e}");
    assert!(e.contains("… and ") && e.contains("run `landscape check`"), "{e}");
    assert!(!e.contains("  = help"), "warnings are not printed in full by default:\n{e}");
    assert!(!e.contains("building…"), "no progress line when stderr is not a terminal");
    let v = bin()
        .args(["build", "--verbose", "--today", TODAY, "--root"])
        .arg(&root)
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    assert!(stderr(&v).matches("warning: listing last reviewed").count() > 40, "{}", stderr(&v));
    let q = bin()
        .args(["build", "--quiet", "--today", TODAY, "--root"])
        .arg(&root)
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    assert!(q.status.success() && stderr(&q).is_empty() && q.stdout.is_empty(), "{}", stderr(&q));
}
