//! `landscape serve`'s live reload and error overlay in a real browser: `node
//! tests/browser/serve.mjs` drives Debian's Chromium against `serve` on a copy of the example
//! site, edits one provider's file, and checks that open pages reload with a good edit, show
//! `check`'s diagnostics over the last good page after a broken one (announced, keyboard
//! dismissable, axe-clean, no sideways scrolling at 320 px), and clear when it is fixed.
//! Fails, never skips, without Chromium or the node modules.

use crate::common;
use common::*;
use std::process::Command;

#[test]
#[cfg_attr(not(feature = "external-tools"), ignore = "needs Chromium, Node.js or Java: tests/run.sh turns these on")]
fn open_pages_reload_on_a_good_edit_and_show_the_errors_of_a_broken_one_until_it_is_fixed() {
    let (browser_dir, chromium) = browser_env();
    // A copy: the browser script edits a provider's file, and the server watches it.
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_site(&repo_root(), &root);
    let root = root.canonicalize().unwrap();
    let id = "amara-okafor-psychotherapy";
    let file = root.join("providers/orgs").join(format!("{id}.yaml"));
    assert!(file.is_file(), "the example has no {}", file.display());

    let server = serve(&root, &tmp.path().join("out"));
    let url = server.url.clone();
    let out = Command::new("node")
        .arg(browser_dir.join("serve.mjs"))
        .arg(&url)
        .arg(&file)
        .arg(id)
        .env("CHROMIUM", &chromium)
        // To run `check` on the broken file and compare its errors with the overlay's.
        .env("LANDSCAPE", env!("CARGO_BIN_EXE_landscape"))
        .env("TODAY", TODAY)
        .output()
        .expect("run node");
    drop(server);
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    println!("{text}");
    assert!(out.status.success(), "browser checks of serve's overlay failed:\n{text}");
    // The run saw every check: a script that stopped early must not pass.
    assert!(text.contains("8 passed, 0 failed"), "not every check ran:\n{text}");
}
