//! The landscape audit in a real browser: `node tests/browser/audit.mjs` drives Debian's
//! Chromium against the example site served by `landscape serve`: axe-core on `/landscape/`
//! and an area page at 1280 and 320 px, no sideways scrolling at 320 px, named charts, and
//! the audit visible in print. Fails, never skips, without Chromium or the node modules.

mod common;
use common::*;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn the_audit_is_accessible_fits_a_phone_and_prints() {
    let root = repo_root();
    let browser_dir = root.join("tests/browser");
    assert!(
        browser_dir.join("node_modules/playwright-core").is_dir() && browser_dir.join("node_modules/axe-core").is_dir(),
        "tests/browser/node_modules is missing: run `npm ci --prefix tests/browser` (tests/run.sh does)"
    );
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        std::path::Path::new(&chromium).exists(),
        "Chromium is missing at {chromium}: run `apt-get install -y chromium`"
    );
    let tmp = tempfile::tempdir().unwrap();
    let mut child = bin()
        .args(["serve", "--port", "0", "--today", TODAY, "--root"])
        .arg(&root)
        .arg("--output")
        .arg(tmp.path().join("site"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start landscape serve");
    let stdout = child.stdout.take().unwrap();
    let server = Server(child);
    let mut url = None;
    for line in BufReader::new(stdout).lines() {
        let line = line.unwrap();
        if let Some(i) = line.find("http://") {
            url = Some(line[i..].split_whitespace().next().unwrap().to_string());
            break;
        }
    }
    let url = url.expect("landscape serve printed no address");
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
