//! minify-html changes nothing a reader sees or follows: the example, with one more provider
//! and one more page whose text holds what minifiers get wrong, built with minify-html (as its
//! `site.yaml` asks) and without it, reads the same page by page in Chromium at 320 px, and
//! every link and source on every page resolves to the same URL
//! (`tests/browser/same_text.mjs`). The browser test fails, never skips, when Chromium or the
//! npm packages are missing; tests/run.sh installs them.

use crate::common;
use common::*;
use std::path::PathBuf;
use std::process::Command;

const WEBSITE: &str = awkward::WEBSITE;

/// The example plus the awkward records, built minified and not, in a temporary folder.
struct Builds {
    _tmp: tempfile::TempDir,
    minified: PathBuf,
    plain: PathBuf,
}

fn builds() -> Builds {
    let tmp = tempfile::tempdir().unwrap();
    let (minified, plain) = (tmp.path().join("minified"), tmp.path().join("plain"));
    for (name, out, minify) in [("minified-root", &minified, true), ("plain-root", &plain, false)] {
        let root = tmp.path().join(name);
        awkward::site(&root, minify);
        let o = build(&root, out, &[]);
        assert!(o.status.success(), "exit {:?}\n{}", o.status.code(), stderr(&o));
    }
    Builds { _tmp: tmp, minified, plain }
}

#[test]
fn awkward_text_and_query_strings_survive_minify_html() {
    let b = builds();
    let (a, p) = (tree(&b.minified), tree(&b.plain));
    assert_eq!(a.keys().collect::<Vec<_>>(), p.keys().collect::<Vec<_>>(), "the same files");
    let bytes = |t: &std::collections::BTreeMap<String, Vec<u8>>| t.values().map(Vec::len).sum::<usize>();
    assert!(bytes(&a) < bytes(&p), "minify-html should make the site smaller");
    for (path, html) in a.iter().filter(|(k, _)| k.ends_with(".html")) {
        let html = String::from_utf8_lossy(html);
        assert!(!html.contains("&ampsection"), "{path}: a reference lost its semicolon");
    }
    let page = String::from_utf8_lossy(&a["providers/quotes-and-brackets/index.html"]).into_owned();
    assert!(attr_values(&page, "href").iter().any(|h| h == WEBSITE), "the website link in {page}");
    // The theme's stylesheet and script are minified too, and stay what they were otherwise.
    for asset in ["assets/style.css", "assets/search.js"] {
        if let (Some(min), Some(plain)) = (a.get(asset), p.get(asset)) {
            assert!(min.len() < plain.len(), "{asset} is not minified");
        }
    }
    let css = String::from_utf8_lossy(&a["assets/style.css"]);
    assert!(css.contains(".hl .hl-entity.hl-name") || css.contains(".hl .hl-name.hl-entity"), "highlight rules kept");
}

#[test]
fn minified_builds_are_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("root");
    awkward::site(&root, true);
    let (one, two) = (tmp.path().join("one"), tmp.path().join("two"));
    for out in [&one, &two] {
        let o = build(&root, out, &[]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    assert!(tree(&one) == tree(&two), "two minified builds of one site differ");
}

#[test]
#[cfg_attr(not(feature = "external-tools"), ignore = "needs Chromium, Node.js or Java: tests/run.sh turns these on")]
fn pages_read_and_link_the_same_with_and_without_minify_html() {
    let root = repo_root();
    let browser_dir = root.join("tests/browser");
    assert!(
        browser_dir.join("node_modules/playwright-core").is_dir(),
        "tests/browser/node_modules is missing: run `npm ci --prefix tests/browser` (tests/run.sh does)"
    );
    let b = builds();
    let out = Command::new("node")
        .arg(browser_dir.join("same_text.mjs"))
        .arg(&b.minified)
        .arg(&b.plain)
        .env("CHROMIUM", std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()))
        .output()
        .expect("run node: install Node.js 18 or later");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    println!("{text}");
    assert!(out.status.success(), "pages differ:\n{text}");
    assert!(text.contains(WEBSITE), "the awkward website was not among the links compared:\n{text}");
}
