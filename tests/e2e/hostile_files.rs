//! Oversized and odd files, interrupted and failed builds, and text in many scripts.
//!
//! Each odd file must give a clear error or be read correctly: never a panic, a hang or
//! unbounded memory. Every run here has a time limit and its peak memory is watched.

use crate::common;
use common::html::scan;
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The minimal fixture site, copied into a temporary folder.
fn minimal() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_site(&repo_root().join("tests/fixtures/minimal"), dir.path());
    dir
}

fn write(p: &Path, bytes: impl AsRef<[u8]>) {
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

/// A finished run: its output, how long it took, and its peak resident memory in kB.
struct Run {
    out: Output,
    took: Duration,
    peak_kb: u64,
}

/// Runs `cmd`, killing it after `limit` (then `None`); watches its peak memory.
fn try_run_limited(cmd: Command, limit: Duration) -> Option<Run> {
    run_watched(cmd, limit, u64::MAX).ok().map(|w| Run { out: w.out, took: w.took, peak_kb: w.peak_kb })
}

fn run_limited(cmd: Command, limit: Duration) -> Run {
    let shown = format!("{cmd:?}");
    try_run_limited(cmd, limit).unwrap_or_else(|| panic!("{shown} did not finish within {limit:?}"))
}

fn check_cmd(root: &Path) -> Command {
    let mut c = bin();
    c.args(["check", "--today", TODAY, "--format", "json", "--root"]).arg(root);
    c
}

fn build_cmd(root: &Path, out: &Path) -> Command {
    let mut c = bin();
    c.args(["build", "--quiet", "--today", TODAY, "--root"]).arg(root).arg("--output").arg(out);
    c
}

/// What a run must have done.
enum Expect {
    /// No errors (warnings allowed).
    Clean,
    /// An error in this file (relative to the root) whose message contains these words.
    Error(&'static str, &'static str),
}

struct Odd {
    name: &'static str,
    make: fn(&Path),
    expect: Expect,
}

const ACORN: &str = "providers/orgs/acorn.yaml";

fn acorn(root: &Path) -> String {
    std::fs::read_to_string(root.join(ACORN)).unwrap()
}

fn odd_files() -> Vec<Odd> {
    vec![
        Odd {
            name: "three-megabyte description",
            make: |r| {
                let big = format!("  {}\n", "A very long line of description text. ".repeat(40));
                let text = acorn(r).replace("  It has **two** clinics.\n", &big.repeat(3_000_000 / big.len()));
                write(&r.join(ACORN), text);
            },
            expect: Expect::Error(ACORN, "the limit for this field is 65536"),
        },
        Odd {
            name: "five-megabyte file",
            make: |r| write(&r.join(ACORN), acorn(r) + &"# padding\n".repeat(500_000)),
            expect: Expect::Error(ACORN, "the limit is 4194304"),
        },
        Odd {
            name: "one-megabyte name on one line",
            make: |r| {
                let name = format!("name: {}\n", "N".repeat(1_000_000));
                write(&r.join(ACORN), acorn(r).replace("name: Acorn Tree Therapies\n", &name));
            },
            expect: Expect::Error(ACORN, "the limit for this field is 200"),
        },
        Odd {
            name: "byte-order mark",
            make: |r| write(&r.join(ACORN), format!("\u{feff}{}", acorn(r))),
            expect: Expect::Clean,
        },
        Odd {
            name: "CRLF line endings",
            make: |r| {
                write(&r.join(ACORN), acorn(r).replace('\n', "\r\n"));
                let page = r.join("content/guides/fees.md");
                write(&page, std::fs::read_to_string(&page).unwrap().replace('\n', "\r\n"));
            },
            expect: Expect::Clean,
        },
        Odd {
            name: "byte-order mark and CRLF in a content page",
            make: |r| {
                let page = r.join("content/guides/choosing.md");
                write(&page, format!("\u{feff}{}", std::fs::read_to_string(&page).unwrap().replace('\n', "\r\n")));
            },
            expect: Expect::Clean,
        },
        Odd {
            name: "CRLF with an error keeps the line",
            make: |r| write(&r.join(ACORN), acorn(r).replace("wait_weeks: 6", "wait_weeks: six").replace('\n', "\r\n")),
            expect: Expect::Error(ACORN, "`wait_weeks` must be a whole number"),
        },
        Odd {
            name: "tabs inside values",
            make: |r| {
                let line = "summary: Family therapy for adoptive and kinship families.";
                write(&r.join(ACORN), acorn(r).replace(line, "summary: \"Family\ttherapy,\twith tabs\""))
            },
            expect: Expect::Clean,
        },
        Odd {
            name: "empty list file",
            make: |r| write(&r.join("providers/areas.yaml"), ""),
            expect: Expect::Error(ACORN, "unknown area `hackney`"),
        },
        Odd {
            name: "empty content page",
            make: |r| write(&r.join("content/guides/empty.md"), ""),
            expect: Expect::Error("content/guides/empty.md", "no front matter"),
        },
        Odd {
            name: "NUL byte",
            make: |r| write(&r.join(ACORN), acorn(r).replace("sme: true", "sme: tr\0ue")),
            expect: Expect::Error(ACORN, "the file holds a control character"),
        },
        Odd {
            name: "two YAML documents in one record",
            make: |r| write(&r.join(ACORN), format!("{}---\nname: Other\n", acorn(r))),
            expect: Expect::Error(ACORN, "a second YAML document starts here"),
        },
        Odd {
            name: "symbolic link loop",
            make: |r| std::os::unix::fs::symlink("..", r.join("providers/orgs/loop")).unwrap(),
            expect: Expect::Error("providers/orgs/loop", "loops back to a folder above it"),
        },
        Odd {
            name: "two symbolic links that point at each other",
            make: |r| {
                std::os::unix::fs::symlink("b.yaml", r.join("providers/orgs/a.yaml")).unwrap();
                std::os::unix::fs::symlink("a.yaml", r.join("providers/orgs/b.yaml")).unwrap();
            },
            expect: Expect::Error("providers/orgs/a.yaml", "cannot read"),
        },
        Odd {
            name: "symbolic-link loop through two folders",
            make: |r| {
                std::fs::create_dir_all(r.join("providers/orgs/group")).unwrap();
                std::os::unix::fs::symlink("../../frameworks", r.join("providers/orgs/group/frameworks")).unwrap();
                std::os::unix::fs::symlink("../orgs", r.join("providers/frameworks/orgs")).unwrap();
            },
            expect: Expect::Error("providers/frameworks/orgs/group/frameworks", "loops back to a folder above it"),
        },
        Odd {
            name: "link to /dev/zero",
            make: |r| std::os::unix::fs::symlink("/dev/zero", r.join("providers/orgs/zero.yaml")).unwrap(),
            expect: Expect::Error("providers/orgs/zero.yaml", "not a regular file"),
        },
        Odd {
            name: "named pipe",
            make: |r| {
                let p = r.join("providers/orgs/pipe.yaml");
                assert!(Command::new("mkfifo").arg(&p).status().unwrap().success());
            },
            expect: Expect::Error("providers/orgs/pipe.yaml", "not a regular file"),
        },
        Odd {
            name: "site.yaml is a pipe",
            make: |r| {
                std::fs::remove_file(r.join("site.yaml")).unwrap();
                assert!(Command::new("mkfifo").arg(r.join("site.yaml")).status().unwrap().success());
            },
            expect: Expect::Error("site.yaml", "not a regular file"),
        },
        Odd {
            name: "broken link to a hidden file is passed over",
            make: |r| std::os::unix::fs::symlink("nobody@host.1234", r.join("content/guides/.#fees.md")).unwrap(),
            expect: Expect::Clean,
        },
        Odd {
            name: "file name that is not UTF-8",
            make: |r| {
                use std::os::unix::ffi::OsStrExt;
                let name = std::ffi::OsStr::from_bytes(b"caf\xe9.yaml");
                write(&r.join("providers/orgs").join(name), acorn(r));
            },
            expect: Expect::Error("providers/orgs/caf\u{fffd}.yaml", "is not a safe id"),
        },
        Odd {
            name: "percent-encoded dots in a content path",
            make: |r| write(&r.join("content/%2e%2e/x.md"), "---\ntitle: X\n---\n"),
            expect: Expect::Error("content/%2e%2e/x.md", "is not URL-safe"),
        },
        Odd {
            name: "alias bomb in a list file",
            make: |r| {
                let mut s = String::from(
                    "- id: a\n  name: A\n  kind: region\n  x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
                );
                for k in 1..9 {
                    let prev = format!("*a{}", k - 1);
                    s.push_str(&format!("  x{k}: &a{k} [{}]\n", [prev.as_str(); 9].join(", ")));
                }
                s.push_str("- id: b\n  name: *a8\n  kind: region\n");
                write(&r.join("providers/areas.yaml"), s);
            },
            expect: Expect::Error("providers/areas.yaml", "aliases expand this record past 1 MiB"),
        },
        Odd {
            name: "deeply nested YAML",
            make: |r| write(&r.join("providers/areas.yaml"), format!("- {}\n", "[".repeat(200_000))),
            expect: Expect::Error("providers/areas.yaml", ""),
        },
        Odd {
            name: "deeply nested front matter",
            make: |r| write(&r.join("content/deep.md"), format!("---\ntitle: {}\n---\n", "{a: ".repeat(100_000))),
            expect: Expect::Error("content/deep.md", ""),
        },
    ]
}

#[test]
fn odd_files_are_clear_errors_or_read_correctly() {
    let mut failures = Vec::new();
    for odd in odd_files() {
        let dir = minimal();
        (odd.make)(dir.path());
        let Some(run) = try_run_limited(check_cmd(dir.path()), Duration::from_secs(30)) else {
            failures.push(format!("{}: did not finish within 30s", odd.name));
            continue;
        };
        let err = String::from_utf8_lossy(&run.out.stderr);
        let report: Value = match serde_json::from_slice(&run.out.stdout) {
            Ok(v) => v,
            Err(e) => {
                failures.push(format!("{}: no JSON ({e}); stderr: {err}", odd.name));
                continue;
            }
        };
        let code = run.out.status.code();
        let mut problems = Vec::new();
        if err.contains("panicked") {
            problems.push(format!("panicked: {err}"));
        }
        if run.peak_kb > 1_000_000 {
            problems.push(format!("peak memory {} MB", run.peak_kb / 1024));
        }
        let diags = report["diagnostics"].as_array().unwrap();
        match odd.expect {
            Expect::Clean => {
                if code != Some(0) || report["errors"] != 0 {
                    problems.push(format!("expected no errors, got {report:#}"));
                }
            }
            Expect::Error(file, words) => {
                let hit = diags.iter().any(|d| {
                    d["severity"] == "error"
                        && d["file"].as_str() == Some(file)
                        && d["message"].as_str().is_some_and(|m| m.contains(words))
                });
                if code != Some(1) || !hit {
                    problems.push(format!("expected an error in {file} containing `{words}`, got {report:#}"));
                }
            }
        }
        if !problems.is_empty() {
            failures.push(format!("{} ({:?}): {}", odd.name, run.took, problems.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn human_output_of_a_huge_line_stays_small() {
    let dir = minimal();
    let name = format!("name: \"{}\\u001b[2J{}\"\n", "N".repeat(500_000), "M".repeat(500_000));
    write(&dir.path().join(ACORN), acorn(dir.path()).replace("name: Acorn Tree Therapies\n", &name));
    let mut cmd = bin();
    cmd.args(["check", "--today", TODAY, "--root"]).arg(dir.path());
    let run = run_limited(cmd, Duration::from_secs(30));
    let err = String::from_utf8_lossy(&run.out.stderr);
    assert_eq!(run.out.status.code(), Some(1));
    assert!(err.len() < 4_000, "{} bytes of output", err.len());
    assert!(!err.contains('\u{1b}'), "a terminal escape reached the output");
}

/// Markdown built to break a parser's stack: deep quotes, lists, brackets, emphasis, HTML.
fn deep_markdown(n: usize, brackets: bool) -> String {
    let mut s = String::new();
    s.push_str(&">".repeat(n));
    s.push_str(" quoted\n\n");
    for i in 0..(n / 50).min(200) {
        s.push_str(&"  ".repeat(i));
        s.push_str("- item\n");
    }
    s.push('\n');
    if brackets {
        s.push_str(&"[".repeat(n));
        s.push_str("\n\n");
    }
    s.push_str(&"*a ".repeat(n / 4));
    s.push_str("\n\n");
    // Balanced: content refuses an element left open, so depth is what is tested here.
    s.push_str(&"<div>".repeat(n / 4));
    s.push_str(&"</div>".repeat(n / 4));
    s.push_str("\n\n");
    s.push_str(&"`".repeat(n / 10));
    s.push_str("\n\n");
    s.push_str(&"|a".repeat(n / 10));
    s.push_str("|\n|");
    s.push_str(&"-|".repeat(n / 10));
    s.push_str("\n\n");
    s.push_str(&"[^x]: ".repeat(n / 10));
    s
}

#[test]
fn deeply_nested_markdown_builds_without_overflow() {
    let dir = minimal();
    let root = dir.path();
    // Content pages may be large; provider text is held to 64 KB.
    write(&root.join("content/guides/deep.md"), format!("---\ntitle: Deep\n---\n\n{}\n", deep_markdown(200_000, true)));
    // Not brackets: a record holding more than 128 unclosed ones is refused before parsing.
    let desc = deep_markdown(6_000, false);
    assert!(desc.len() < 64 * 1024, "{}", desc.len());
    let text = acorn(root).replace(
        "description: |\n  Acorn Tree works with families in east London.\n\n  It has **two** clinics.\n",
        &format!("description: {}\n", serde_json::to_string(&desc).unwrap()),
    );
    write(&root.join(ACORN), text);
    let out = root.join("public");
    let run = run_limited(build_cmd(root, &out), Duration::from_secs(120));
    let err = String::from_utf8_lossy(&run.out.stderr);
    assert!(run.out.status.success(), "{err}");
    assert!(run.peak_kb < 2_000_000, "peak memory {} MB", run.peak_kb / 1024);
    let page = std::fs::read_to_string(out.join("providers/acorn/index.html")).unwrap();
    // Provider text is flattened past eight levels of quotes and lists.
    assert!(page.matches("<blockquote").count() <= 8, "{} blockquotes", page.matches("<blockquote").count());
    assert!(out.join("guides/deep/index.html").exists());
}

fn mtimes(dir: &Path) -> Vec<(String, std::time::SystemTime)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .map(|e| (e.path().strip_prefix(dir).unwrap().display().to_string(), e.metadata().unwrap().modified().unwrap()))
        .collect()
}

#[test]
fn a_failed_build_never_changes_the_published_site() {
    let dir = minimal();
    let root = dir.path();
    let out = root.join("public");
    assert!(run_limited(build_cmd(root, &out), Duration::from_secs(60)).out.status.success());
    let (before, times) = (tree(&out), mtimes(&out));
    let staging = || {
        std::fs::read_dir(root)
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains("staging"))
            .count()
    };

    // An error in the content: nothing is rendered.
    let acorn_text = acorn(root);
    write(&root.join(ACORN), acorn_text.replace("areas: [hackney, newham]", "areas: [hackny]"));
    let run = run_limited(build_cmd(root, &out), Duration::from_secs(60));
    assert_eq!(run.out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.out.stderr).contains("nothing was published"));
    assert_eq!(before, tree(&out));
    assert_eq!(times, mtimes(&out));
    write(&root.join(ACORN), acorn_text);

    // A template that fails part-way through rendering: pages were already staged.
    write(&root.join("templates/provider.html"), "<p>{{ no_such_thing.x }}</p>");
    let run = run_limited(build_cmd(root, &out), Duration::from_secs(60));
    assert_eq!(run.out.status.code(), Some(1), "{}", String::from_utf8_lossy(&run.out.stderr));
    assert_eq!(before, tree(&out));
    assert_eq!(times, mtimes(&out));
    assert_eq!(staging(), 0, "the failed build left its staging folder");
}

/// A site big enough that a build takes a while: `landscape generate`, or the minimal site
/// with its providers copied many times if generate is not available.
fn big_site(root: &Path, providers: usize) {
    let ok = bin()
        .args(["generate", "--providers", &providers.to_string(), "--out"])
        .arg(root)
        .arg("--handbook-from")
        .arg(repo_root())
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        let _ = std::fs::remove_dir_all(root);
        copy_site(&repo_root().join("tests/fixtures/minimal"), root);
        let text = acorn(root);
        for i in 0..providers {
            write(&root.join(format!("providers/orgs/copy-{i}.yaml")), &text);
        }
    }
}

fn site_title(root: &Path) -> String {
    let text = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    text.lines().find_map(|l| l.strip_prefix("title: ")).unwrap().trim().trim_matches('"').to_string()
}

/// Which of the two titles every page of the site carries; panics on a mix.
fn one_title(out: &Path, old: &str, new: &str) -> &'static str {
    let (mut olds, mut news, mut neither) = (0, 0, Vec::new());
    for e in walkdir::WalkDir::new(out).into_iter().flatten() {
        if e.path().extension().is_some_and(|x| x == "html") {
            let html = std::fs::read_to_string(e.path()).unwrap();
            match (html.contains(old), html.contains(new)) {
                (true, false) => olds += 1,
                (false, true) => news += 1,
                _ => neither.push(e.path().display().to_string()),
            }
        }
    }
    assert!(neither.is_empty(), "pages with neither or both titles: {:?}", &neither[..neither.len().min(5)]);
    assert!(olds == 0 || news == 0, "a mix of old ({olds} pages) and new ({news} pages)");
    if news > 0 {
        "new"
    } else {
        "old"
    }
}

#[test]
fn an_interrupted_build_leaves_the_old_site_or_the_new_never_a_mix() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    big_site(&root, 3000);
    let out = tmp.path().join("public");
    let first = run_limited(build_cmd(&root, &out), Duration::from_secs(300));
    assert!(first.out.status.success(), "{}", String::from_utf8_lossy(&first.out.stderr));
    let old = site_title(&root);
    let new = "Interrupted build test: the new title";
    let site_yaml = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    let site_yaml: Vec<String> = site_yaml
        .lines()
        .map(|l| if l.starts_with("title:") { format!("title: \"{new}\"") } else { l.to_string() })
        .collect();
    write(&root.join("site.yaml"), site_yaml.join("\n") + "\n");
    let old = html_escape_title(&old);
    let full = first.took;

    // First a kill timed by what is on disk, so that it surely lands mid-write: the build
    // has staged some pages of the new site and is still writing the rest.
    let mut child = build_cmd(&root, &out).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    let deadline = Instant::now() + full * 4 + Duration::from_secs(30);
    while staged_files(tmp.path(), 50) < 50 {
        assert!(child.try_wait().unwrap().is_none(), "the build ended before 50 pages were staged");
        assert!(Instant::now() < deadline, "no pages were staged within {:?}", full * 4);
        std::thread::sleep(Duration::from_millis(2));
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(staged_files(tmp.path(), 50) > 0, "the killed build left no staging folder: was it mid-write?");
    assert_eq!(one_title(&out, &old, new), "old", "a build killed mid-write changed the published site");

    // Then kills at points spread over how long a whole build takes.
    let mut seen = Vec::new();
    for tenth in [0, 1, 2, 4, 6, 8, 9, 10, 12] {
        let mut child = build_cmd(&root, &out).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        std::thread::sleep(full * tenth / 10);
        let _ = child.kill();
        let _ = child.wait();
        seen.push(one_title(&out, &old, new));
    }
    // The next build clears what the killed ones left, and publishes the new site.
    let last = run_limited(build_cmd(&root, &out), Duration::from_secs(300));
    assert!(last.out.status.success());
    assert_eq!(one_title(&out, &old, new), "new");
    let left: Vec<PathBuf> = std::fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().contains("staging"))
        .collect();
    assert!(left.is_empty(), "staging folders left behind: {left:?}");
    assert!(seen.contains(&"old"), "no kill landed before the swap: {seen:?} (a full build took {full:?})");
}

/// Files in the staging folders beside the output folder in `dir`, counting up to `enough`.
fn staged_files(dir: &Path, enough: usize) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("staging"))
        .map(|e| {
            walkdir::WalkDir::new(e.path())
                .into_iter()
                .flatten()
                .filter(|f| f.file_type().is_file())
                .take(enough)
                .count()
        })
        .sum()
}

/// The title as the pages write it (the templates escape it).
fn html_escape_title(t: &str) -> String {
    t.replace('&', "&amp;").replace('\'', "&#x27;")
}

// ---------------------------------------------------------------------------------------
// Welsh, Polish, Urdu, Arabic and emoji
// ---------------------------------------------------------------------------------------

const NAMES: &[(&str, &str, &str)] = &[
    // (file id, name, A to Z group)
    ("ysgol", "Ysgol Gymraeg Ŵyn a Môr", "y"),
    ("wyn", "Ŵyn Bach Therapi", "w"),
    ("lodz", "Łódź Wsparcie Rodzin", "l"),
    ("zrodlo", "Źródło Terapii", "z"),
    ("urdu", "امید مرکز برائے اطفال", "other"),
    ("arabic", "مركز الأمل للأطفال", "other"),
    ("emoji", "🌈 Rainbow Play Therapy", "r"),
    ("lantern", "Lantern 🏮 Family Support", "l"),
    ("vale", "Vale Therapies", "v"),
    ("mosaic", "Mosaic Counselling", "m"),
    ("zebra", "Zebra Crossing Therapy", "z"),
];

/// The attributes of the first `<tag>` element whose content holds `text`.
fn attrs_around(html: &str, tag: &str, text: &str) -> Vec<(String, String)> {
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut from = 0;
    while let Some(i) = html[from..].find(&open) {
        let start = from + i;
        from = start + 1;
        if !html[start + open.len()..].starts_with([' ', '>']) {
            continue; // a longer name, such as <picture> for <p
        }
        let end = html[start..].find(&close).map_or(html.len(), |e| start + e);
        if html[start..end].contains(text) {
            let gt = start + html[start..].find('>').unwrap();
            return scan(&html[start..=gt]).tags.remove(0).attrs;
        }
    }
    panic!("no <{tag}> holds `{text}`")
}

fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

#[test]
fn names_in_many_scripts_render_and_sort() {
    let dir = minimal();
    let root = dir.path();
    let base = acorn(root);
    for (id, name, _) in NAMES {
        let text = base
            .replace("name: Acorn Tree Therapies", &format!("name: {}", serde_json::to_string(name).unwrap()))
            .replace("languages: [English, Turkish]", "languages: [Cymraeg, Polski, اردو, العربية]")
            .replace(
                "summary: Family therapy for adoptive and kinship families.",
                &format!("summary: {}", serde_json::to_string(&format!("{name}: family therapy")).unwrap()),
            );
        write(&root.join(format!("providers/orgs/{id}.yaml")), text);
    }
    let out = root.join("public");
    let run = run_limited(build_cmd(root, &out), Duration::from_secs(60));
    assert!(run.out.status.success(), "{}", String::from_utf8_lossy(&run.out.stderr));

    for (id, name, group) in NAMES {
        let page = std::fs::read_to_string(out.join(format!("providers/{id}/index.html"))).unwrap();
        assert!(
            page.contains(&format!("<h1>{name}</h1>")) || page.contains(&format!(">{name}</h1>")),
            "{id}: no heading with the name"
        );
        assert!(page.contains(&format!("<title>{name}")), "{id}: no title with the name");
        let tags = scan(&page).tags;
        let charset = tags.iter().find(|t| t.name == "meta").and_then(|t| attr(&t.attrs, "charset"));
        assert!(charset.is_some_and(|c| c.eq_ignore_ascii_case("utf-8")), "{id}: the first meta is not charset utf-8");
        let ld =
            page.split("application/ld+json>").nth(1).or_else(|| page.split("application/ld+json\">").nth(1)).unwrap();
        let ld: Value = serde_json::from_str(ld.split("</script>").next().unwrap()).unwrap();
        assert_eq!(ld["name"], *name);
        let letter = std::fs::read_to_string(out.join(format!("a-z/{group}/index.html"))).unwrap();
        assert!(letter.contains(name), "{name} is not under {group}");

        // Right-to-left names carry their direction and language, on their own page and in
        // every list; left-to-right names carry neither, and the page stays en-GB.
        let (dir, lang) = match *id {
            "urdu" => (Some("rtl"), Some("ur")),
            "arabic" => (Some("rtl"), Some("ar")),
            _ => (None, None),
        };
        let h1 = attrs_around(&page, "h1", name);
        assert_eq!((attr(&h1, "dir"), attr(&h1, "lang")), (dir, lang), "{id}: the heading's dir and lang");
        let h3 = attrs_around(&letter, "h3", name);
        assert_eq!((attr(&h3, "dir"), attr(&h3, "lang")), (dir, lang), "{id}: the A to Z entry's dir and lang");
        let html = tags.iter().find(|t| t.name == "html").unwrap();
        assert_eq!(attr(&html.attrs, "lang"), Some("en-GB"));
        // The summary, which starts with the name, follows its text's direction.
        let summary = attrs_around(&page, "p", &format!("{name}: family therapy"));
        assert_eq!(attr(&summary, "dir"), Some("auto"), "{id}: the summary's dir");
    }
    // Within a letter, names sort by their folded form: "Lantern" before "Łódź".
    let l = std::fs::read_to_string(out.join("a-z/l/index.html")).unwrap();
    assert!(l.find("Lantern").unwrap() < l.find("Łódź").unwrap());
    // Accented Latin names are filed with their base letter, not under "other".
    let other = std::fs::read_to_string(out.join("a-z/other/index.html")).unwrap();
    assert!(!other.contains("Łódź") && !other.contains("Źródło") && !other.contains("Ŵyn"));
    assert!(!other.contains("Rainbow"), "an emoji in front of a name files it under other");

    // A list of every provider (all serve Hackney) is in name order, with Ł beside L,
    // Ŵ beside W and Ź beside Z, the emoji ignored, and right-to-left names after Z.
    let area = std::fs::read_to_string(out.join("areas/hackney/index.html")).unwrap();
    let order = [
        "Acorn Tree Therapies",
        "Lantern 🏮 Family Support",
        "Łódź Wsparcie Rodzin",
        "Mosaic Counselling",
        "🌈 Rainbow Play Therapy",
        "Vale Therapies",
        "Ŵyn Bach Therapi",
        "Ysgol Gymraeg Ŵyn a Môr",
        "Zebra Crossing Therapy",
        "Źródło Terapii",
    ];
    let at = |n: &str| area.find(&format!(">{n}<")).unwrap_or_else(|| panic!("{n} is not on the Hackney page"));
    for pair in order.windows(2) {
        assert!(at(pair[0]) < at(pair[1]), "{} should come before {} on the Hackney page", pair[0], pair[1]);
    }
    for rtl in ["امید مرکز برائے اطفال", "مركز الأمل للأطفال"] {
        assert!(at("Źródło Terapii") < at(rtl), "{rtl} should come after the Latin names");
    }
    // Lists that show a name in running text (a scheme's holders, a lot's members) let each
    // name take its own direction, so an Arabic name does not reorder the words around it.
    for list in ["schemes/ukcp/index.html", "frameworks/nel/lot-1/index.html"] {
        let html = std::fs::read_to_string(out.join(list)).unwrap();
        for (id, name, _) in NAMES {
            let a = attrs_around(&html, "a", name);
            assert_eq!(attr(&a, "dir"), Some("auto"), "{id}: the link on {list}");
        }
    }
}

// ---------------------------------------------------------------------------------------
// Paths that try to leave the output folder
// ---------------------------------------------------------------------------------------

#[test]
fn no_id_or_file_name_can_reach_outside_the_output_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_site(&repo_root().join("tests/fixtures/minimal"), &root);
    let abs = tmp.path().join("abs-escape");
    let edit = |file: &str, from: &str, to: &str| {
        let p = root.join(file);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "{file} has no `{from}`");
        write(&p, text.replacen(from, to, 1));
    };
    edit("providers/areas.yaml", "- id: newham", "- id: ../../../escape-area");
    edit("providers/interventions.yaml", "- id: family-therapy", &format!("- id: {}", abs.display()));
    edit("providers/schemes.yaml", "- id: ukcp", "- id: \"%2e%2e%2fescape-scheme\"");
    edit(ACORN, "name: Acorn Tree Therapies", "id: ../../escape-provider\nname: Acorn Tree Therapies");
    write(
        &root.join("providers/frameworks/%2E%2E.yaml"),
        std::fs::read(root.join("providers/frameworks/nel.yaml")).unwrap(),
    );
    write(&root.join("content/guides/%2e%2e%2fescape-page.md"), "---\ntitle: Out\n---\nText.\n");
    // A name starting with a dot is a hidden file, passed over like `.git`: never a page.
    write(&root.join("content/guides/..%2fescape-too.md"), "---\ntitle: Out\n---\nText.\n");

    let run = run_limited(check_cmd(&root), Duration::from_secs(60));
    assert_eq!(run.out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&run.out.stdout).unwrap();
    for (file, words) in [
        ("providers/areas.yaml", "escape-area"),
        ("providers/interventions.yaml", "abs-escape"),
        ("providers/schemes.yaml", "escape-scheme"),
        (ACORN, "escape-provider"),
        ("providers/frameworks/%2E%2E.yaml", "%2E%2E"),
        ("content/guides/%2e%2e%2fescape-page.md", "%2e%2e%2fescape-page"),
    ] {
        let hit = report["diagnostics"].as_array().unwrap().iter().any(|d| {
            d["severity"] == "error"
                && d["file"] == file
                && d["message"]
                    .as_str()
                    .is_some_and(|m| m.contains(words) && (m.contains("safe") || m.contains("differs")))
        });
        assert!(hit, "no error in {file} about `{words}`: {report:#}");
    }
    // No advice to rename a file to a name that climbs out of its folder.
    let advice = report["diagnostics"].as_array().unwrap().iter().filter_map(|d| d["suggestion"].as_str());
    for a in advice.filter(|a| a.contains("rename")) {
        assert!(!a.contains("../") && !a.contains(&abs.display().to_string()), "suggests an unsafe name: {a}");
    }

    let out = tmp.path().join("deep/public");
    let run = run_limited(build_cmd(&root, &out), Duration::from_secs(60));
    assert_eq!(run.out.status.code(), Some(1), "{}", String::from_utf8_lossy(&run.out.stderr));
    assert!(!abs.exists());
    let outside: Vec<String> = walkdir::WalkDir::new(tmp.path())
        .into_iter()
        .flatten()
        .filter(|e| !e.path().starts_with(&root) && e.path() != tmp.path())
        .map(|e| e.path().display().to_string())
        .collect();
    assert!(outside.is_empty(), "the failed build wrote outside the site: {outside:?}");
}
