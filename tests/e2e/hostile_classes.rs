//! The second round of hostile input, one test per class of failure: amplifying aliases,
//! quadratic work on many bad entries, text `check` accepts that `build` cannot publish,
//! errors reported away from where they are, odd values accepted in silence, raw HTML that
//! breaks a handbook page, and an output folder that is not the tool's to replace.

use crate::common;
use common::html::scan;
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

const ACORN: &str = "providers/orgs/acorn.yaml";

fn minimal() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_site(&repo_root().join("tests/fixtures/minimal"), dir.path());
    dir
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap()
}

fn write(p: &Path, text: impl AsRef<[u8]>) {
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// Replaces `from` by `to` in the file `rel` under `root`, which must hold it.
fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let p = root.join(rel);
    let text = read(&p);
    assert!(text.contains(from), "{rel} does not hold {from:?}");
    write(&p, text.replacen(from, to, 1));
}

/// Runs `cmd`, killing it when its resident memory passes `max_kb` or it runs past
/// `limit`; returns its output and peak resident memory. A test of a memory bound must not
/// itself take the machine's memory when the bound is broken.
fn run_bounded(cmd: Command, max_kb: u64, limit: Duration) -> (Output, u64) {
    let shown = format!("{cmd:?}");
    match run_watched(cmd, limit, max_kb) {
        Ok(w) => (w.out, w.peak_kb),
        Err((took, peak)) => panic!("{shown} used {peak} kB after {took:?}: over the bound"),
    }
}

fn check_cmd(root: &Path) -> Command {
    let mut c = bin();
    c.args(["check", "--today", TODAY, "--format", "json", "--root"]).arg(root);
    c
}

/// `check --format json` on `root`: the exit code and the diagnostics.
fn check(root: &Path) -> (i32, Vec<Value>) {
    let out = check_cmd(root).output().unwrap();
    diagnostics(&out)
}

fn diagnostics(out: &Output) -> (i32, Vec<Value>) {
    let v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", String::from_utf8_lossy(&out.stdout), stderr(out)));
    (out.status.code().unwrap_or(-1), v["diagnostics"].as_array().unwrap().clone())
}

/// The one error in `file` whose message holds `words`, with its line and column.
fn error_at(ds: &[Value], file: &str, words: &str) -> (u64, u64) {
    let d = ds
        .iter()
        .find(|d| d["file"] == file && d["message"].as_str().unwrap().contains(words) && d["severity"] == "error")
        .unwrap_or_else(|| panic!("no error in {file} with {words:?}: {ds:#?}"));
    (d["line"].as_u64().unwrap_or(0), d["column"].as_u64().unwrap_or(0))
}

fn errors(ds: &[Value]) -> Vec<&Value> {
    ds.iter().filter(|d| d["severity"] == "error").collect()
}

// ---------------------------------------------------------------------------------------
// Resources

/// A long text anchored once and repeated by thousands of aliases in a list: refused
/// before it is expanded, at the anchor's line, in a few tens of megabytes.
#[test]
fn aliases_are_bounded_before_they_expand() {
    for (text_bytes, aliases) in [(100_000, 16_000), (1_000_000, 60_000)] {
        let site = minimal();
        let r = site.path();
        let big = "x".repeat(text_bytes);
        edit(
            r,
            ACORN,
            "summary: Family therapy for adoptive and kinship families.",
            &format!("summary: &big \"{big}\""),
        );
        edit(r, ACORN, "languages: [English, Turkish]", &format!("languages: [{}]", vec!["*big"; aliases].join(", ")));
        let size = std::fs::metadata(r.join(ACORN)).unwrap().len();
        let (out, peak_kb) = run_bounded(check_cmd(r), 300_000, Duration::from_secs(60));
        let (code, ds) = diagnostics(&out);
        assert_eq!(code, 1);
        let (line, column) = error_at(&ds, ACORN, "aliases expand this record past 1 MiB");
        assert_eq!((line, column), (8, 10), "the anchor's line and column");
        assert!(peak_kb < 300_000, "{size} bytes took {peak_kb} kB");
    }
}

/// A small, legitimate alias (a list of areas given once and used again) still reads.
#[test]
fn a_modest_alias_is_still_read() {
    let site = minimal();
    let r = site.path();
    edit(r, ACORN, "areas: [hackney, newham]", "areas: &ours [hackney, newham]");
    let text = read(&r.join(ACORN));
    assert!(text.matches("areas:").count() >= 1);
    let (code, ds) = check(r);
    assert_eq!(code, 0, "{ds:#?}");
}

/// 100,000 malformed one-line entries in `areas.yaml`, and as many in `schemes.yaml`: every
/// stage is linear, so the run ends (the time is in the note, not asserted here) with the
/// first 200 problems at their lines, one line saying the rest were not shown, and the
/// good entries still read (no reference to them is reported).
#[test]
fn a_hundred_thousand_bad_entries() {
    let site = minimal();
    let r = site.path();
    let areas_before = read(&r.join("providers/areas.yaml")).lines().count();
    let mut areas = read(&r.join("providers/areas.yaml"));
    for i in 0..100_000 {
        areas.push_str(&format!("- {{id: b{i}, name: B, kind: county}}\n"));
    }
    write(&r.join("providers/areas.yaml"), areas);
    let schemes_before = read(&r.join("providers/schemes.yaml")).lines().count();
    let mut schemes = read(&r.join("providers/schemes.yaml"));
    for i in 0..100_000 {
        schemes.push_str(&format!("- {{id: s{i}, nmae: S}}\n"));
    }
    write(&r.join("providers/schemes.yaml"), schemes);
    let (out, _) = run_bounded(check_cmd(r), 2_000_000, Duration::from_secs(300));
    let (code, ds) = diagnostics(&out);
    assert_eq!(code, 1);
    for (file, first_line, words) in [
        ("providers/areas.yaml", areas_before + 1, "unknown variant `county`"),
        ("providers/schemes.yaml", schemes_before + 1, "unknown field `nmae`"),
    ] {
        let mine: Vec<&Value> = ds.iter().filter(|d| d["file"] == file).collect();
        assert_eq!(mine.len(), 201, "{file}: 200 problems and the note");
        let placed: Vec<&&Value> = mine.iter().filter(|d| d["line"].is_u64()).collect();
        assert_eq!(placed.len(), 200);
        assert_eq!(placed[0]["line"], first_line as u64, "{:#?}", placed[0]);
        let on_first = placed.iter().filter(|d| d["line"] == first_line as u64);
        assert!(on_first.clone().any(|d| d["message"].as_str().unwrap().contains(words)), "{placed:#?}");
        assert!(placed.windows(2).all(|w| w[0]["line"].as_u64() <= w[1]["line"].as_u64()));
        assert!(mine.iter().any(|d| d["message"].as_str().unwrap().contains("checking stopped after 200")));
    }
    // The good areas and schemes were kept: nothing else is wrong with the site.
    assert!(ds.iter().all(|d| d["file"] == "providers/areas.yaml" || d["file"] == "providers/schemes.yaml"), "{ds:#?}");
}

// ---------------------------------------------------------------------------------------
// Input that check accepts must build

const QUOTES: &str = "x'\">";

/// Both kinds of quote and a `>` in every summary field of every record kind and in a
/// page's description, and a website with a query string: `check` accepts them, so
/// `build` (minified) must publish them, as text, with the link whole; and every link's
/// resolved address is the same in the minified pages as in the unminified ones.
///
/// This fails while the one-pass minifier is in use (it panics on the quotes and drops
/// the `;` of `&amp;`); it holds once the minifier is the full `minify-html`.
#[test]
fn text_check_accepts_builds_and_minifying_keeps_every_link() {
    let site = minimal();
    let r = site.path();
    let q = format!("summary: \"Family therapy {}\"", QUOTES.replace('"', "\\\""));
    edit(r, ACORN, "summary: Family therapy for adoptive and kinship families.", &q);
    edit(r, ACORN, "website: https://acorn.example", "website: https://acorn.example/about?id=7&section=2");
    let sq = format!("summary: \"Sessions {}\"", QUOTES.replace('"', "\\\""));
    edit(r, "providers/interventions.yaml", "summary: Sessions with the whole family together.", &sq);
    let sq = format!("summary: \"Organisational {}\"", QUOTES.replace('"', "\\\""));
    edit(r, "providers/schemes.yaml", "summary: Organisational members of the UK Council for Psychotherapy.", &sq);
    let sq = format!("summary: \"Therapeutic {}\"", QUOTES.replace('"', "\\\""));
    edit(r, "providers/frameworks/nel.yaml", "summary: Therapeutic support for children, split by intervention.", &sq);
    let sq = format!("    summary: \"Lot {}\"\n    call_off: ranked-list", QUOTES.replace('"', "\\\""));
    edit(r, "providers/frameworks/nel.yaml", "    call_off: ranked-list", &sq);
    let about = r.join("content/about.md");
    let desc = format!("description: \"About {}\"\n", QUOTES.replace('"', "\\\""));
    write(
        &about,
        read(&about).replacen("---\n", &format!("---\n{desc}"), 1).replacen(&format!("{desc}{desc}"), &desc, 1),
    );
    let (code, ds) = check(r);
    assert_eq!(code, 0, "check accepts it: {ds:#?}");

    let mut pages = Vec::new();
    for minify in [false, true] {
        let cfg = r.join("site.yaml");
        let text = read(&cfg).lines().filter(|l| !l.starts_with("minify:")).collect::<Vec<_>>().join("\n");
        write(&cfg, format!("{text}\nminify: {minify}\n"));
        let out_dir = site.path().join(format!("public-{minify}"));
        let out = build(r, &out_dir, &[]);
        assert!(out.status.success(), "minify: {minify}: {}", stderr(&out));
        assert_no_staging(r);
        pages.push(tree(&out_dir));
    }
    let plain = &pages[0];
    let minified = &pages[1];
    // Read as a browser reads them: attribute values with their entities decoded.
    let links = |bytes: &[u8]| -> Vec<(String, String)> {
        scan(&String::from_utf8_lossy(bytes))
            .tags
            .into_iter()
            .flat_map(|t| t.attrs.into_iter().filter(|(a, _)| matches!(a.as_str(), "href" | "src" | "action")))
            .collect()
    };
    let text = |bytes: &[u8]| scan(&String::from_utf8_lossy(bytes)).text;
    let acorn = &minified["providers/acorn/index.html"];
    assert!(text(acorn).contains(&format!("Family therapy {QUOTES}")), "the summary is published as text");
    assert!(text(&minified["frameworks/nel/lot-1/index.html"]).contains(&format!("Lot {QUOTES}")));
    let mut compared = 0;
    for (path, bytes) in plain.iter().filter(|(p, _)| p.ends_with(".html")) {
        let before = links(bytes);
        assert_eq!(before, links(&minified[path]), "{path}: every link resolves to the same address");
        compared += before.len();
    }
    assert!(compared > 100, "{compared}");
    assert!(
        links(acorn).iter().any(|(_, v)| v == "https://acorn.example/about?id=7&section=2"),
        "the website's link is whole"
    );
}

fn assert_no_staging(root: &Path) {
    let left: Vec<PathBuf> = std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().contains(".staging-"))
        .collect();
    assert!(left.is_empty(), "staging folders left: {left:?}");
}

/// A panic while rendering one page (here made on demand for one provider) is an error
/// naming the provider's file: the build exits 1, publishes nothing and leaves no staging
/// folder; and a staging folder left by a killed build is removed by the next build, even
/// one that fails.
#[test]
fn a_panic_in_rendering_is_an_error_naming_the_record() {
    let site = minimal();
    let r = site.path();
    let out_dir = r.join("public");
    assert!(build(r, &out_dir, &[]).status.success());
    let before = tree(&out_dir);
    // A build killed part way, long ago: its process is gone.
    let leftover = r.join(".public.staging-999999999");
    write(&leftover.join("index.html"), "half a site");
    let out = bin()
        .args(["build", "--today", TODAY, "--root"])
        .arg(r)
        .arg("--output")
        .arg(&out_dir)
        .env("LANDSCAPE_FAULT_PANIC_PAGE", "acorn")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("the page of provider `acorn` could not be rendered"), "{err}");
    assert!(err.contains("providers/orgs/acorn.yaml"), "{err}");
    assert!(!err.contains("panicked at"), "the panic is reported once, as a diagnostic: {err}");
    assert_eq!(tree(&out_dir), before, "the old site is untouched");
    assert_no_staging(r);
}

// ---------------------------------------------------------------------------------------
// Every error where it is

#[test]
fn control_bytes_are_reported_at_their_line_and_column() {
    for (byte, name) in [('\0', "U+0000"), ('\u{7}', "U+0007")] {
        let site = minimal();
        let r = site.path();
        edit(r, ACORN, "  It has **two** clinics.", &format!("  It has **two**{byte} clinics."));
        let line = read(&r.join(ACORN)).lines().position(|l| l.contains(byte)).unwrap() as u64 + 1;
        let (code, ds) = check(r);
        assert_eq!(code, 1);
        assert_eq!(error_at(&ds, ACORN, &format!("control character ({name})")), (line, 17));
    }
}

#[test]
fn a_line_separator_in_a_description_is_text() {
    let site = minimal();
    let r = site.path();
    edit(
        r,
        ACORN,
        "  It has **two** clinics.",
        "  It has **two**\u{2028}clinics, and\u{2029}more.\n\n  Five lines on.",
    );
    let (code, ds) = check(r);
    assert_eq!(code, 0, "{ds:#?}");
    let out = build(r, &r.join("public"), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = read(&r.join("public/providers/acorn/index.html"));
    assert!(page.contains("Five lines on."), "the text after it is kept");
}

#[test]
fn a_duplicate_key_is_reported_at_the_duplicate() {
    // In a nested block mapping of a provider.
    let site = minimal();
    let r = site.path();
    edit(r, ACORN, "contact:\n", "contact:\n  phone: 020 7946 0999\n");
    // The duplicate is the record's own phone line, the second `phone:` after `contact:`.
    let text = read(&r.join(ACORN));
    let contact = text.lines().position(|l| l == "contact:").unwrap();
    let line =
        text.lines().enumerate().skip(contact).filter(|(_, l)| l.trim_start().starts_with("phone:")).nth(1).unwrap().0
            + 1;
    let (_, ds) = check(r);
    assert_eq!(error_at(&ds, ACORN, "duplicate field `phone`"), (line as u64, 3));
    // In a flow mapping of a list file.
    let site = minimal();
    let r = site.path();
    let areas = r.join("providers/areas.yaml");
    write(&areas, read(&areas) + "- {id: zed, name: Zed, kind: region, kind: nation}\n");
    let line = read(&areas).lines().count() as u64;
    let (_, ds) = check(r);
    assert_eq!(error_at(&ds, "providers/areas.yaml", "duplicate field `kind`"), (line, 38));
}

#[test]
fn a_second_document_and_a_flow_entry_error_have_their_line() {
    let site = minimal();
    let r = site.path();
    let areas = r.join("providers/areas.yaml");
    let first = read(&areas).lines().count() as u64;
    write(&areas, read(&areas) + "---\n- id: other\n  name: Other\n  kind: region\n");
    let (_, ds) = check(r);
    assert_eq!(error_at(&ds, "providers/areas.yaml", "a second YAML document starts here"), (first + 1, 1));

    let site = minimal();
    let r = site.path();
    let areas = r.join("providers/areas.yaml");
    let first = read(&areas).lines().count() as u64;
    write(&areas, read(&areas) + "- {id: zed, name: Zed,\n   kind: county}\n");
    let (_, ds) = check(r);
    assert_eq!(error_at(&ds, "providers/areas.yaml", "unknown variant `county`"), (first + 2, 10));
    let d = ds.iter().find(|d| d["message"].as_str().unwrap().contains("county")).unwrap();
    assert_eq!(d["field"], format!("[{}].kind", 3), "the entry's own index");
}

// ---------------------------------------------------------------------------------------
// Nothing odd accepted silently

/// One mutation of the minimal site and the error it must give: file, words, line.
struct Odd {
    rel: &'static str,
    from: &'static str,
    to: &'static str,
    words: &'static str,
}

#[test]
fn odd_values_are_refused_at_their_line() {
    let cases = [
        Odd { rel: ACORN, from: "name: Acorn Tree Therapies", to: "name: ~", words: "`name` is empty" },
        Odd { rel: ACORN, from: "name: Acorn Tree Therapies", to: "name: null", words: "`name` is empty" },
        Odd { rel: "providers/areas.yaml", from: "  name: Hackney", to: "  name: ~", words: "`name` is empty" },
        Odd {
            rel: ACORN,
            from: "name: Acorn Tree Therapies",
            to: "name: !evil Acorn",
            words: "unknown YAML tag `!evil`",
        },
        Odd {
            rel: ACORN,
            from: "website: https://acorn.example",
            to: "website: https://acorn.example/'onmouseover='x",
            words: "holds a quote",
        },
        Odd {
            rel: ACORN,
            from: "website: https://acorn.example",
            to: "website: https://\u{430}corn.example",
            words: "mixes Cyrillic and Latin letters",
        },
        Odd {
            rel: "providers/schemes.yaml",
            from: "grades: [Outstanding, Good, Requires improvement, Inadequate]",
            to: "grades: [Outstanding, Good, Requires improvement, Good]",
            words: "grade `Good` is listed twice",
        },
        Odd { rel: "content/about.md", from: "title: About", to: "title: \"\"", words: "the page has no title" },
        Odd { rel: "content/about.md", from: "title: About", to: "title: ~", words: "the page has no title" },
    ];
    for c in cases {
        let site = minimal();
        let r = site.path();
        edit(r, c.rel, c.from, c.to);
        let line = read(&r.join(c.rel)).lines().position(|l| l.contains(c.to.trim())).unwrap() as u64 + 1;
        let (code, ds) = check(r);
        assert_eq!(code, 1, "{}: {ds:#?}", c.to);
        assert_eq!(error_at(&ds, c.rel, c.words).0, line, "{}", c.to);
    }
    // `name: "~"`, quoted, is a deliberate text.
    let site = minimal();
    edit(site.path(), ACORN, "name: Acorn Tree Therapies", "name: \"~\"");
    assert_eq!(check(site.path()).0, 0);
}

/// An award that expires the day it was awarded cannot be right.
#[test]
fn an_award_expiring_on_its_own_day_is_refused() {
    let site = minimal();
    let r = site.path();
    let text = read(&r.join(ACORN));
    let awarded = text.lines().find_map(|l| l.trim().strip_prefix("awarded: ")).unwrap().to_string();
    let expires = text.lines().find(|l| l.trim().starts_with("expires: ")).unwrap().to_string();
    edit(r, ACORN, &expires, &format!("    expires: {awarded}"));
    let (code, ds) = check(r);
    assert_eq!(code, 1);
    error_at(&ds, ACORN, "the day it was awarded");
}

#[test]
fn a_cross_reference_holding_brackets_is_flagged() {
    for (written, words) in [
        ("[[provider:acorn|Acorn [East]]]", "`[[` begins no cross-reference"),
        ("[[provider:acorn|Acorn ]] Tree]]", "`]]` closes no cross-reference"),
    ] {
        let site = minimal();
        let r = site.path();
        let page = r.join("content/about.md");
        write(&page, read(&page) + &format!("\nSee {written} here.\n"));
        let line = read(&page).lines().count() as u64;
        let (code, ds) = check(r);
        assert_eq!(code, 1);
        assert_eq!(error_at(&ds, "content/about.md", words).0, line, "{written}");
    }
}

// ---------------------------------------------------------------------------------------
// Raw HTML in the handbook

#[test]
fn handbook_html_that_would_break_the_page_is_refused() {
    for (html, words) in [
        ("<details>\n<summary>More</summary>\n\nHidden.\n", "`<details>` is never closed"),
        ("An image <img src=x> here.\n", "`<img>` is not allowed"),
        ("<iframe src=\"https://x.example\"></iframe>\n", "`<iframe>` is not allowed"),
        ("Text </div> here.\n", "`</div>` closes an element that was never opened"),
    ] {
        let site = minimal();
        let r = site.path();
        let page = r.join("content/about.md");
        let line = read(&page).lines().count() as u64 + 2;
        write(&page, read(&page) + "\n" + html);
        let (code, ds) = check(r);
        assert_eq!(code, 1, "{html}");
        assert_eq!(error_at(&ds, "content/about.md", words).0, line, "{html}");
    }
    // What the handbook may hold builds, and the disclosure closes where it was written.
    let site = minimal();
    let r = site.path();
    let page = r.join("content/about.md");
    write(
        &page,
        read(&page)
            + "\n<details>\n<summary>Terms</summary>\n\nThe <abbr title=\"Special guardianship order\">SGO</abbr> \
               and <kbd>Ctrl</kbd>.\n\n</details>\n\nAfter.\n",
    );
    let out = build(r, &r.join("public"), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = read(&r.join("public/about/index.html"));
    let closed = html.find("</details>").unwrap();
    assert!(html.find("After.").unwrap() > closed, "the rest of the page is outside the disclosure");
}

// ---------------------------------------------------------------------------------------
// The output folder

#[test]
fn build_refuses_a_folder_it_did_not_write() {
    let site = minimal();
    let r = site.path();
    let mine = r.join("mine");
    write(&mine.join("thesis.docx"), "years of work");
    let out = build(r, &mine, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    assert_eq!(read(&mine.join("thesis.docx")), "years of work");
    assert_no_staging(r);
    // With --force it is replaced.
    let out = build(r, &mine, &["--force"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!mine.join("thesis.docx").exists() && mine.join("index.html").exists());
    // A folder the tool wrote is replaced build after build, with its marker.
    let public = r.join("public");
    for _ in 0..2 {
        let out = build(r, &public, &[]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(public.join(".landscape-output").is_file());
    }
    // A site built before the marker existed (the home page, 404 page and stylesheet every
    // build writes, no marker) is still the tool's.
    std::fs::remove_file(public.join(".landscape-output")).unwrap();
    assert!(build(r, &public, &[]).status.success());
    // An empty folder is fine too.
    let empty = r.join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert!(build(r, &empty, &[]).status.success());
}

// ---------------------------------------------------------------------------------------
// Every mistake of shape in one run, in the register's words

/// Five mistakes of shape in one provider and a missing field in a framework: one run
/// reports all six, each at its own line, in words about the field rather than Rust types,
/// and a missing field with a one-line example.
#[test]
fn every_mistake_of_shape_is_reported_in_one_run() {
    let site = minimal();
    let r = site.path();
    edit(r, ACORN, "legal_form: charity", "legal_form: charty");
    edit(r, ACORN, "wait_weeks: 6", "wait_weeks: six");
    edit(r, ACORN, "accepting: true", "acepting: true");
    // A lot may be cited by number or id, so a lot id is no mistake of shape; a rank in words is.
    edit(r, ACORN, "    since: 2024-04-01\n", "    since: 2024-04-01\n    rank: first\n");
    edit(r, ACORN, "reviewed:", "reveiwed:");
    // A framework's summary may be left out (real registers often lack one); its lead may not.
    edit(r, "providers/frameworks/nel.yaml", "lead: London Borough of Hackney\n", "");
    let text = read(&r.join(ACORN));
    let line_of = |s: &str| text.lines().position(|l| l.contains(s)).unwrap() as u64 + 1;
    let (code, ds) = check(r);
    assert_eq!(code, 1);
    assert_eq!(errors(&ds).len(), 6, "{ds:#?}");
    assert_eq!(error_at(&ds, ACORN, "unknown variant `charty`").0, line_of("charty"));
    assert_eq!(
        error_at(&ds, ACORN, "`wait_weeks` must be a whole number, but here it is the text `six`").0,
        line_of("six")
    );
    assert_eq!(error_at(&ds, ACORN, "unknown field `acepting`").0, line_of("acepting"));
    assert_eq!(error_at(&ds, ACORN, "unknown field `reveiwed`").0, line_of("reveiwed"));
    let rank = ds.iter().find(|d| d["field"] == "lots[0].rank").unwrap();
    assert_eq!(rank["line"], line_of("rank: first"));
    assert!(rank["message"].as_str().unwrap().contains("`rank` must be a whole number"), "{rank:#?}");
    let lead = ds.iter().find(|d| d["message"] == "missing field `lead`").unwrap();
    assert_eq!(lead["file"], "providers/frameworks/nel.yaml");
    assert!(lead["suggestion"].as_str().unwrap().starts_with("add a line such as `lead: "), "{lead:#?}");
    assert!(ds.iter().all(|d| !d["message"].as_str().unwrap().contains("invalid type")), "{ds:#?}");
}
