//! Helpers for end-to-end tests: run the real binary on a real site, read the HTML back.
#![allow(dead_code)]

pub mod awkward;
pub mod harness;
pub mod html;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const TODAY: &str = "2026-11-23";

pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_landscape"))
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `landscape build` on `root` into `out`, with extra arguments.
pub fn build(root: &Path, out: &Path, extra: &[&str]) -> Output {
    bin()
        .args(["build", "--quiet", "--today", TODAY, "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .args(extra)
        .output()
        .expect("run landscape")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file under `dir`, relative, with its bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Attribute values of `name` in `html`, quoted or not (the minifier drops quotes).
pub fn attr_values(html: &str, name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let needle = format!(" {name}=");
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        let after = &rest[i + needle.len()..];
        let (value, used) = match after.as_bytes().first() {
            Some(b'"') => {
                let end = after[1..].find('"').unwrap_or(after.len() - 1);
                (&after[1..1 + end], end + 2)
            }
            Some(b'\'') => {
                let end = after[1..].find('\'').unwrap_or(after.len() - 1);
                (&after[1..1 + end], end + 2)
            }
            _ => {
                let end = after.find(|c: char| c.is_whitespace() || c == '>').unwrap_or(after.len());
                (&after[..end], end)
            }
        };
        out.push(html_unescape(value));
        rest = &after[used.min(after.len())..];
    }
    out
}

pub fn html_unescape(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&#x2F;", "/")
        .replace("&#47;", "/")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// Checks every internal link and fragment in the built site resolves; returns the broken
/// ones as "page -> href". `base` is the path prefix the site was built for.
pub fn broken_links(out: &Path, base: &str) -> Vec<String> {
    let files = tree(out);
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, bytes) in &files {
        if path.ends_with(".html") {
            let html = String::from_utf8_lossy(bytes);
            ids.insert(path.clone(), attr_values(&html, "id").into_iter().collect());
        }
    }
    let mut broken = Vec::new();
    for (path, bytes) in &files {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
        for attr in ["href", "src", "action"] {
            for href in attr_values(&html, attr) {
                if href.starts_with("http://")
                    || href.starts_with("https://")
                    || href.starts_with("mailto:")
                    || href.starts_with("tel:")
                    || href.starts_with("//")
                {
                    continue;
                }
                let (target, frag) = match href.split_once('#') {
                    Some((t, f)) => (t.to_string(), Some(f.to_string())),
                    None => (href.clone(), None),
                };
                let target = target.split('?').next().unwrap().to_string();
                let file = if target.is_empty() {
                    path.clone()
                } else if let Some(abs) = target.strip_prefix(base) {
                    resolve_file(&files, abs)
                } else if target.starts_with('/') {
                    broken.push(format!("{path} -> {href} (outside base {base})"));
                    continue;
                } else {
                    resolve_file(&files, &format!("{dir}/{target}"))
                };
                if !files.contains_key(&file) {
                    broken.push(format!("{path} -> {href}"));
                    continue;
                }
                if let Some(f) = frag {
                    if !f.is_empty() && file.ends_with(".html") && !ids.get(&file).is_some_and(|s| s.contains(&f)) {
                        broken.push(format!("{path} -> {href} (no id `{f}`)"));
                    }
                }
            }
        }
    }
    broken
}

fn resolve_file(files: &BTreeMap<String, Vec<u8>>, rel: &str) -> String {
    let rel = rel.trim_start_matches('/');
    if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else if files.contains_key(rel) {
        rel.to_string()
    } else {
        format!("{rel}/index.html")
    }
}

/// Copies the site at `from` (site.yaml, providers/, content/, and any themes/ or
/// templates/) into `to`, leaving out built output.
pub fn copy_site(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name().into_iter().flatten() {
        let rel = entry.path().strip_prefix(from).unwrap();
        let top = rel.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned()).unwrap_or_default();
        if !rel.as_os_str().is_empty()
            && !matches!(top.as_str(), "site.yaml" | "providers" | "content" | "themes" | "templates")
        {
            continue;
        }
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A `landscape serve` started by a test, stopped when dropped (even when the test fails).
pub struct Served {
    child: std::process::Child,
    /// The address it printed, e.g. `http://127.0.0.1:41234/`.
    pub url: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `landscape serve` on `root` into `out`, on a free port, judged on [`TODAY`], and
/// waits for the address it prints.
pub fn serve(root: &Path, out: &Path) -> Served {
    use std::io::{BufRead, BufReader};
    let mut child = bin()
        .args(["serve", "--port", "0", "--today", TODAY, "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start landscape serve");
    let stdout = child.stdout.take().unwrap();
    let mut served = Served { child, url: String::new() };
    for line in BufReader::new(stdout).lines() {
        let line = line.unwrap();
        if let Some(i) = line.find("http://") {
            served.url = line[i..].split_whitespace().next().unwrap().to_string();
            break;
        }
    }
    assert!(!served.url.is_empty(), "landscape serve printed no address");
    served
}

/// A run of a command watched from outside: its output, how long it took and its peak
/// resident memory.
pub struct Watched {
    pub out: Output,
    pub took: std::time::Duration,
    pub peak_kb: u64,
}

/// Runs `cmd`, draining its pipes on threads (so a chatty child cannot block on a full pipe)
/// and sampling its peak resident memory; kills it once it runs past `limit` or its peak
/// passes `max_kb`, and then gives how long it had run and its peak.
pub fn run_watched(
    mut cmd: Command,
    limit: std::time::Duration,
    max_kb: u64,
) -> Result<Watched, (std::time::Duration, u64)> {
    use std::process::Stdio;
    let started = std::time::Instant::now();
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn");
    let (mut so, mut se) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let t_out = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut so, &mut v).map(|_| v)
    });
    let t_err = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut se, &mut v).map(|_| v)
    });
    let mut peak_kb = 0;
    let status = loop {
        if let Ok(s) = std::fs::read_to_string(format!("/proc/{}/status", child.id())) {
            if let Some(kb) = s.lines().find_map(|l| l.strip_prefix("VmHWM:")) {
                peak_kb = peak_kb.max(kb.trim().trim_end_matches("kB").trim().parse().unwrap_or(0));
            }
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if peak_kb > max_kb || started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return Err((started.elapsed(), peak_kb));
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    let out = Output { status, stdout: t_out.join().unwrap().unwrap(), stderr: t_err.join().unwrap().unwrap() };
    Ok(Watched { out, took: started.elapsed(), peak_kb })
}

/// `landscape generate`: a region of `n` providers from `seed`, into `out`.
pub fn generate(out: &Path, n: &str, seed: &str) {
    let o = bin()
        .args(["generate", "--providers", n, "--seed", seed, "--out"])
        .arg(out)
        .arg("--handbook-from")
        .arg(repo_root())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
}

/// Runs one of the browser scripts with its arguments and the Chromium to drive, prints
/// what it said and fails the test if it failed.
pub fn run_browser_script(script: &Path, args: &[&std::ffi::OsStr], chromium: &str) {
    let out = Command::new("node").arg(script).args(args).env("CHROMIUM", chromium).output().expect("run node");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    println!("{text}");
    assert!(out.status.success(), "browser checks failed:\n{text}");
}

/// The browser tests' folder and the Chromium to drive, failing (never skipping) when the
/// npm packages or Chromium are missing.
pub fn browser_env() -> (PathBuf, String) {
    let dir = repo_root().join("tests/browser");
    assert!(
        dir.join("node_modules/playwright-core").is_dir() && dir.join("node_modules/axe-core").is_dir(),
        "tests/browser/node_modules is missing: run `npm ci --prefix tests/browser` (tests/run.sh does)"
    );
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        Path::new(&chromium).exists(),
        "Chromium is missing at {chromium}: run `apt-get install -y chromium` (tests/run.sh does)"
    );
    (dir, chromium)
}
