//! Every kind of page is valid HTML to the Nu HTML Checker (vnu), minified and not: the
//! example plus the awkward records of `tests/e2e/common/awkward.rs` is built both ways, and the
//! first, middle and last page of each kind (a kind is the first folder and the depth, so
//! `providers/x/` and `areas/x/page/2/` are kinds) go to vnu in one run. Needs Java and
//! `npm ci --prefix tests/browser` (npm `vnu-jar`); tests/run.sh installs both. Fails, never
//! skips, without them.

use crate::common;
use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// `providers/*/` for `providers/attach-east/index.html`, `areas/*/page/*/` for a later page
/// of an area's list, `` for the home page.
fn kind(rel: &str) -> String {
    let dir = rel.strip_suffix("index.html").unwrap_or(rel).trim_end_matches('/');
    if dir.is_empty() {
        return String::new();
    }
    let parts: Vec<&str> = dir.split('/').collect();
    let mut k = parts[0].to_string();
    for (i, p) in parts.iter().enumerate().skip(1) {
        k.push('/');
        // Fixed words in a path (`page`, `lots`) name the kind; what follows them is data.
        k.push_str(if i % 2 == 0 && matches!(*p, "page" | "lots") { p } else { "*" });
    }
    k + "/"
}

/// The first, middle and last page of each kind under `out`.
fn sample(out: &Path) -> BTreeMap<String, Vec<PathBuf>> {
    let mut by_kind: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for rel in tree(out).into_keys().filter(|k| k.ends_with(".html")) {
        by_kind.entry(kind(&rel)).or_default().push(rel);
    }
    by_kind
        .into_iter()
        .map(|(k, mut pages)| {
            pages.sort();
            let mut picked = vec![pages[0].clone(), pages[pages.len() / 2].clone(), pages[pages.len() - 1].clone()];
            picked.dedup();
            (k, picked.into_iter().map(|p| out.join(p)).collect())
        })
        .collect()
}

#[test]
fn page_kinds_are_found() {
    assert_eq!(kind("index.html"), "");
    assert_eq!(kind("providers/attach-east/index.html"), "providers/*/");
    assert_eq!(kind("areas/hackney/page/2/index.html"), "areas/*/page/*/");
    assert_eq!(kind("404.html"), "404.html/");
}

#[test]
#[cfg_attr(not(feature = "external-tools"), ignore = "needs Chromium, Node.js or Java: tests/run.sh turns these on")]
fn every_kind_of_page_is_valid_html_minified_and_not() {
    let jar = repo_root().join("tests/browser/node_modules/vnu-jar/build/dist/vnu.jar");
    assert!(jar.is_file(), "{} is missing: run `npm ci --prefix tests/browser` (tests/run.sh does)", jar.display());
    let java = Command::new("java").arg("-version").output();
    assert!(
        java.is_ok_and(|o| o.status.success()),
        "java is missing: install a Java runtime (`apt-get install -y default-jre-headless`; tests/run.sh does)"
    );

    let tmp = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    let mut kinds = Vec::new();
    for (name, minify) in [("minified", true), ("plain", false)] {
        let root = tmp.path().join(format!("{name}-root"));
        awkward::site(&root, minify);
        let out = tmp.path().join(name);
        let o = build(&root, &out, &[]);
        assert!(o.status.success(), "{}", stderr(&o));
        let s = sample(&out);
        // Each kind of page the site has, including the awkward records' own.
        for must in [
            "",
            "providers/*/",
            "areas/*/",
            "a-z/*/",
            "search/",
            "awkward-text/",
            "handbook/*/",
            "accessibility/",
            "privacy/",
        ] {
            assert!(s.contains_key(must), "no `{must}` pages in the {name} build: {:?}", s.keys());
        }
        kinds.push(format!("{name}: {} kinds", s.len()));
        files.extend(s.into_values().flatten());
        // The awkward provider, whichever place its name takes in the list.
        let awkward = out.join("providers/quotes-and-brackets/index.html");
        assert!(awkward.is_file());
        if !files.contains(&awkward) {
            files.push(awkward);
        }
    }
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "json"])
        .args(&files)
        .output()
        .expect("run java");
    // vnu writes its JSON report to stderr, and exits 1 when it found errors.
    let report: serde_json::Value = serde_json::from_slice(&out.stderr)
        .unwrap_or_else(|e| panic!("vnu's report is not JSON ({e}): {}", String::from_utf8_lossy(&out.stderr)));
    let messages = report["messages"].as_array().expect("messages");
    let tmp_url = format!("file:{}", tmp.path().display());
    let errors: Vec<String> = messages
        .iter()
        .filter(|m| m["type"] != "info")
        .map(|m| {
            format!(
                "{}:{}: {} {}",
                m["url"].as_str().unwrap_or("?").replace(&tmp_url, ""),
                m["lastLine"],
                m["message"].as_str().unwrap_or("?"),
                m["extract"].as_str().unwrap_or("")
            )
        })
        .collect();
    println!("vnu checked {} pages ({}), {} errors", files.len(), kinds.join(", "), errors.len());
    assert!(errors.is_empty(), "vnu found {} errors:\n{}", errors.len(), errors.join("\n"));
    assert!(out.status.success(), "vnu failed: {}", String::from_utf8_lossy(&out.stderr));
}
