//! The landscape audit in a real browser: `node tests/browser/audit.mjs` drives Debian's
//! Chromium against the example site served by `landscape serve`: axe-core on `/landscape/`
//! and an area page at 1280 and 320 px, no sideways scrolling at 320 px, named charts, and
//! the audit visible in print. Fails, never skips, without Chromium or the node modules.

use crate::common;
use common::*;
use std::process::Command;

#[test]
#[cfg_attr(not(feature = "external-tools"), ignore = "needs Chromium, Node.js or Java: tests/run.sh turns these on")]
fn the_audit_is_accessible_fits_a_phone_and_prints() {
    let root = repo_root();
    let (browser_dir, chromium) = browser_env();
    let tmp = tempfile::tempdir().unwrap();
    let server = serve(&root, &tmp.path().join("site"));
    let url = server.url.clone();
    // A sub-region: its page has the audit of the authorities inside it.
    let out = Command::new("node")
        .arg(browser_dir.join("audit.mjs"))
        .arg(&url)
        .arg("areas/north-east-london/")
        .env("CHROMIUM", &chromium)
        .output()
        .expect("run node");
    drop(server);
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    println!("{text}");
    assert!(out.status.success(), "browser checks of the audit failed:\n{text}");
}
