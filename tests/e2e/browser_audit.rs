//! The landscape audit in a real browser: `node tests/browser/audit.mjs` drives Debian's
//! Chromium against the example site served by `landscape serve`: axe-core on `/landscape/`
//! and an area page at 1280 and 320 px, no sideways scrolling at 320 px, named charts, and
//! the audit visible in print. Fails, never skips, without Chromium or the node modules.

use crate::common;
use common::*;

#[test]
#[cfg_attr(not(feature = "external-tools"), ignore = "needs Chromium, Node.js or Java: tests/run.sh turns these on")]
fn the_audit_is_accessible_fits_a_phone_and_prints() {
    let root = repo_root();
    let (browser_dir, chromium) = browser_env();
    let tmp = tempfile::tempdir().unwrap();
    let server = serve(&root, &tmp.path().join("site"));
    let url = server.url.clone();
    // A sub-region: its page has the audit of the authorities inside it.
    run_browser_script(&browser_dir.join("audit.mjs"), &[url.as_ref(), "areas/north-east-london/".as_ref()], &chromium);
    drop(server);
}
