//! Highlighted code reaches the reader: on the guide for providers, whose YAML example
//! syntect highlights, a code span's computed colour in Chromium differs from the body text's,
//! and every highlight colour passes WCAG AA contrast on screen and in print
//! (`tests/browser/highlight.mjs`). Fails, never skips, when Chromium or the npm packages
//! are missing; tests/run.sh installs them.

use crate::common;
use common::*;
use std::process::Command;

#[test]
#[cfg_attr(not(feature = "external-tools"), ignore = "needs Chromium, Node.js or Java: tests/run.sh turns these on")]
fn yaml_examples_are_coloured_with_enough_contrast_in_chromium() {
    let root = repo_root();
    let browser_dir = root.join("tests/browser");
    assert!(
        browser_dir.join("node_modules/playwright-core").is_dir(),
        "tests/browser/node_modules is missing: run `npm ci --prefix tests/browser` (tests/run.sh does)"
    );
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let o = build(&root, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let guide = "guides/correcting-your-listing/";
    let html = std::fs::read_to_string(out.join(guide).join("index.html")).unwrap();
    assert!(html.contains("hl-yaml"), "the guide's YAML example is not highlighted");

    let run = Command::new("node")
        .arg(browser_dir.join("highlight.mjs"))
        .arg(&out)
        .arg(guide)
        .env("CHROMIUM", std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()))
        .output()
        .expect("run node: install Node.js 18 or later");
    let text = format!("{}{}", String::from_utf8_lossy(&run.stdout), String::from_utf8_lossy(&run.stderr));
    println!("{text}");
    assert!(run.status.success(), "highlighting is not visible or not readable:\n{text}");
}
