//! The whitespace taken out of the templates changes nothing a reader sees: the example
//! built with minify-html (as its `site.yaml` asks) and without it reads the same, page by
//! page, in Chromium at 320 px (`tests/browser/same_text.mjs`). Fails, never skips, when
//! Chromium or the npm packages are missing; tests/run.sh installs them.

mod common;
use common::*;
use std::process::Command;

#[test]
fn pages_read_the_same_with_and_without_minify_html() {
    let root = repo_root();
    let browser_dir = root.join("tests/browser");
    assert!(
        browser_dir.join("node_modules/playwright-core").is_dir(),
        "tests/browser/node_modules is missing: run `npm ci --prefix tests/browser` (tests/run.sh does)"
    );
    let site_yaml = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    assert!(site_yaml.contains("\nminify: true"), "the example is meant to be minified");

    let tmp = tempfile::tempdir().unwrap();
    let plain_root = tmp.path().join("plain-root");
    copy_site(&root, &plain_root);
    std::fs::write(plain_root.join("site.yaml"), site_yaml.replace("\nminify: true", "\nminify: false")).unwrap();

    let (minified, plain) = (tmp.path().join("minified"), tmp.path().join("plain"));
    for (r, out) in [(&root, &minified), (&plain_root, &plain)] {
        let o = build(r, out, &[]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let (a, b) = (tree(&minified), tree(&plain));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>(), "the same files");
    let bytes = |t: &std::collections::BTreeMap<String, Vec<u8>>| t.values().map(Vec::len).sum::<usize>();
    assert!(bytes(&a) < bytes(&b), "minify-html should make the site smaller");

    let out = Command::new("node")
        .arg(browser_dir.join("same_text.mjs"))
        .arg(&minified)
        .arg(&plain)
        .env("CHROMIUM", std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()))
        .output()
        .expect("run node: install Node.js 18 or later");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    println!("{text}");
    assert!(out.status.success(), "pages differ:\n{text}");
}
