//! `landscape serve` end to end: an edit rebuilds the same site a whole build would, and the
//! real server, driven over HTTP, shows edits, errors and their fixes.

use crate::common;

use common::{bin, copy_site, repo_root, tree, TODAY};
use landscape::rebuild::{Live, Options};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

fn example_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_site(&repo_root(), &root);
    (dir, root.canonicalize().unwrap())
}

/// `serve`'s rebuilder on `root` into `out`, as the command starts it, after its first
/// whole build.
fn start_live(root: &Path, out: &Path) -> (Live, landscape::rebuild::Step) {
    Live::start(Options {
        root: root.to_path_buf(),
        output: out.to_path_buf(),
        base_url: "/".into(),
        today: TODAY.parse().unwrap(),
    })
}

fn edit(path: &Path, f: impl FnOnce(String) -> String) {
    let text = std::fs::read_to_string(path).unwrap();
    let new = f(text.clone());
    assert_ne!(text, new, "the edit changed nothing in {}", path.display());
    std::fs::write(path, new).unwrap();
}

/// A whole build of `root` into a fresh folder, as `build` makes it.
/// The 1-based line of `path` that holds `text`, as an editor numbers it.
fn line_of(path: &Path, text: &str) -> usize {
    let file = std::fs::read_to_string(path).unwrap();
    1 + file.lines().position(|l| l.contains(text)).unwrap_or_else(|| panic!("`{text}` in {path:?}"))
}

fn whole_build(root: &Path, out: &Path) {
    let mut diags = landscape::diagnostic::Diagnostics::default();
    let opts = landscape::pipeline::Options {
        root: root.to_path_buf(),
        output: out.to_path_buf(),
        base_url: Some("/".into()),
        today: TODAY.parse().unwrap(),
        force: true,
    };
    assert!(landscape::pipeline::build(&opts, &mut diags).is_ok(), "{}", diags.render_human(root));
}

fn assert_same_site(live_out: &Path, whole_out: &Path) {
    let (a, b) = (tree(live_out), tree(whole_out));
    let only_a: Vec<&String> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    let only_b: Vec<&String> = b.keys().filter(|k| !a.contains_key(*k)).collect();
    assert!(only_a.is_empty() && only_b.is_empty(), "only after edits: {only_a:?}\nonly in a whole build: {only_b:?}");
    let differ: Vec<&String> = a.keys().filter(|k| a[*k] != b[*k]).collect();
    assert!(differ.is_empty(), "pages that differ from a whole build: {differ:?}");
}

/// A copy of the example with `size` providers to a list page, served live into `live/`.
fn live_with_page_size(size: usize) -> (tempfile::TempDir, PathBuf, PathBuf, Live, landscape::rebuild::Step) {
    let (dir, root) = example_copy();
    edit(&root.join("site.yaml"), |t| t.replace("page_size: 50", &format!("page_size: {size}")));
    let out = dir.path().join("live");
    let (live, step) = start_live(&root, &out);
    (dir, root, out, live, step)
}

/// With lists of three to a page, an edit re-renders only the pages of a long list it can
/// change (the one holding the provider, the first, or every page when it joins, leaves or
/// moves along the list); what it leaves alone must still be what a whole build writes.
#[test]
fn edits_on_long_paginated_lists_give_the_site_a_whole_build_gives() {
    let (dir, root, out, mut live, step) = live_with_page_size(3);
    assert!(step.whole && live.errors_text().is_none(), "{:?}", live.errors_text());
    let amara = root.join("providers/orgs/amara-okafor-psychotherapy.yaml");
    let edits: [fn(String) -> String; 6] = [
        // Its text only: it keeps its place on every list.
        |t| t.replace("A UKCP-registered", "An UKCP-registered"),
        // Its online service's catchment widened to the region, then narrowed again: it
        // joins and leaves the audit's cells of other boroughs, and every cell of the region
        // counts the region's online list.
        |t| t.replace("online_areas: [waltham-forest, redbridge]", "online_areas: [north-east-london]"),
        |t| t.replace("online_areas: [north-east-london]", "online_areas: [redbridge]"),
        // A funding route more and a way of delivery more: it joins two lists.
        |t| t.replacen("funding: [asgsf, council, self-funded]", "funding: [asgsf, council, icb, self-funded]", 1),
        |t| t.replacen("delivery: [in-person, online]", "delivery: [in-person, online, home-visits]", 1),
        // A new name: it moves along every list it is on.
        |t| t.replace("name: Dr Amara Okafor, Adolescent Psychotherapy", "name: Zawadi Okafor Psychotherapy"),
    ];
    let mut rendered = Vec::new();
    for change in edits {
        edit(&amara, change);
        let step = live.changed(std::slice::from_ref(&amara));
        assert!(!step.whole && step.errors == 0, "{:?} {:?}", step, live.errors_text());
        rendered.push(step.rendered);
        live.flush_search().unwrap();
        let whole = dir.path().join("whole");
        let _ = std::fs::remove_dir_all(&whole);
        whole_build(&root, &whole);
        assert_same_site(&out, &whole);
    }
    // Keeping its place re-renders fewer pages than moving along every list.
    assert!(rendered[0] < rendered[5], "{rendered:?}");
}

#[test]
fn edits_to_one_provider_give_the_site_a_whole_build_gives() {
    let (dir, root) = example_copy();
    let out = dir.path().join("live");
    let (mut live, step) = start_live(&root, &out);
    assert!(step.whole && live.errors_text().is_none(), "{:?}", live.errors_text());
    let orgs = root.join("providers/orgs");
    let amara = orgs.join("amara-okafor-psychotherapy.yaml");

    // 1. A new summary and a service that stops taking referrals.
    edit(&amara, |t| {
        t.replace("accepting: true", "accepting: false").replace("A UKCP-registered", "An UKCP-registered")
    });
    let step = live.changed(std::slice::from_ref(&amara));
    assert!(!step.whole && step.page.is_some() && step.errors == 0, "{step:?}");
    // Its page, its letter, its areas and kinds of support, and the indexes: not the site.
    assert!(step.rendered > 5 && step.rendered < 60, "{step:?}");

    // 2. A new name that moves it to another letter, and an area fewer.
    edit(&amara, |t| {
        t.replace("name: Dr Amara Okafor, Adolescent Psychotherapy", "name: Zawadi Okafor Psychotherapy")
            .replace("areas: [waltham-forest, redbridge]", "areas: [redbridge]")
    });
    let step = live.changed(std::slice::from_ref(&amara));
    assert!(!step.whole && step.errors == 0, "{step:?}");

    // 3. A broken edit changes nothing and is reported as `check` reports it…
    let good = std::fs::read_to_string(&amara).unwrap();
    edit(&amara, |t| t.replace("sme: true", "sme: true\ncolour: blue"));
    let step = live.changed(std::slice::from_ref(&amara));
    assert_eq!(step.errors, 1, "{step:?}");
    let errors = live.errors_text().unwrap();
    let at = format!("providers/orgs/amara-okafor-psychotherapy.yaml:{}", line_of(&amara, "colour: blue"));
    assert!(errors.contains(&at), "{at} in {errors}");
    assert!(errors.contains("colour") && errors.contains('^'), "{errors}");
    // …until it is fixed.
    std::fs::write(&amara, &good).unwrap();
    let step = live.changed(std::slice::from_ref(&amara));
    assert!(step.errors == 0 && live.errors_text().is_none(), "{step:?}");

    // 4. Another provider, whose awards and lots change.
    let other = std::fs::read_dir(&orgs)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| std::fs::read_to_string(p).unwrap().contains("\n    status: current\n") && p != &amara)
        .unwrap();
    edit(&other, |t| {
        t.replacen("\n    status: current\n", "\n    status: withdrawn\n    status_since: 2026-10-01\n", 1)
    });
    let step = live.changed(std::slice::from_ref(&other));
    assert!(!step.whole && step.errors == 0, "{:?} {:?}", step, live.errors_text());

    live.flush_search().unwrap();
    let whole = dir.path().join("whole");
    whole_build(&root, &whole);
    assert_same_site(&out, &whole);

    // A change to anything but one provider rebuilds the whole site.
    edit(&root.join("site.yaml"), |t| t.replace("page_size: 50", "page_size: 10"));
    let step = live.changed(&[root.join("site.yaml")]);
    assert!(step.whole && step.errors == 0, "{step:?}");
    whole_build(&root, &whole);
    assert_same_site(&out, &whole);
}

/// A home that moves changes every authority's distances, not only those of the areas it
/// serves: an authority's homes within 20 miles count every home in the register.
#[test]
fn a_home_moved_far_away_changes_every_authoritys_distances() {
    let (dir, root) = example_copy();
    let out = dir.path().join("live");
    let (mut live, step) = start_live(&root, &out);
    assert!(step.whole && live.errors_text().is_none(), "{:?}", live.errors_text());
    // Cedar Lodge serves Enfield, Haringey and Barnet; Havering's page counts it too.
    let cedar = root.join("providers/orgs/cedar-lodge-childrens-home.yaml");
    edit(&cedar, |t| t.replace("postcode: EN1 2RR", "postcode: M1 1AE"));
    let step = live.changed(std::slice::from_ref(&cedar));
    assert!(!step.whole && step.errors == 0, "{:?} {:?}", step, live.errors_text());
    live.flush_search().unwrap();
    let whole = dir.path().join("whole");
    whole_build(&root, &whole);
    assert_same_site(&out, &whole);
}

/// What pages each list has is kept between edits: a list that loses a page (a letter
/// left with no provider) loses it on disk, and gets it back, as often as edits go to and fro.
#[test]
fn lists_shorter_by_a_page_lose_it() {
    let (dir, root, out, mut live, _) = live_with_page_size(2);
    let amara = root.join("providers/orgs/amara-okafor-psychotherapy.yaml");
    let (from, to) = ("name: Dr Amara Okafor, Adolescent Psychotherapy", "name: Zawadi Okafor Psychotherapy");
    let whole = dir.path().join("whole");
    let mut deleted = Vec::new();
    for (a, b) in [(from, to), (to, from), (from, to)] {
        edit(&amara, |t| t.replace(a, b));
        let step = live.changed(std::slice::from_ref(&amara));
        assert!(!step.whole && step.errors == 0, "{:?} {:?}", step, live.errors_text());
        deleted.push(step.deleted);
        live.flush_search().unwrap();
        let _ = std::fs::remove_dir_all(&whole);
        whole_build(&root, &whole);
        assert_same_site(&out, &whole);
    }
    // Its new letter has no other provider: going back leaves that letter with no page.
    assert!(deleted[1] > 0, "{deleted:?}");
}

/// `landscape serve` on a copy of the example, stopped when dropped.
struct Server {
    child: Child,
    addr: String,
    _stderr: std::thread::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(root: &Path, out: &Path) -> Server {
    let mut child = bin()
        .args(["serve", "--port", "0", "--today", TODAY, "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    // Drained so the server never blocks on a full pipe.
    let drain = std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let _ = line;
        }
    });
    let mut addr = None;
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        let line = line.unwrap();
        if let Some(i) = line.find("http://") {
            addr = Some(line[i + 7..].split('/').next().unwrap().to_string());
            break;
        }
    }
    Server { child, addr: addr.expect("serve printed its address"), _stderr: drain }
}

/// One raw HTTP/1.1 request: (status, headers, body).
fn raw(addr: &str, request: &[u8]) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s.write_all(request).unwrap();
    let mut bytes = Vec::new();
    let _ = s.read_to_end(&mut bytes);
    let split = bytes.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or(bytes.len());
    let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, head, bytes.get(split + 4..).unwrap_or_default().to_vec())
}

fn get(addr: &str, path: &str) -> (u16, String, String) {
    let req = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    let (status, head, body) = raw(addr, req.as_bytes());
    (status, head, String::from_utf8_lossy(&body).into_owned())
}

fn wait_for(what: &str, mut ok: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(start.elapsed() < Duration::from_secs(20), "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn state(addr: &str) -> serde_json::Value {
    serde_json::from_str(&get(addr, "/_landscape/state").2).unwrap()
}

#[test]
fn serve_shows_edits_errors_and_fixes_over_http() {
    let (dir, root) = example_copy();
    let out = dir.path().join("out");
    let server = start(&root, &out);
    let addr = server.addr.as_str();
    let page = "/providers/amara-okafor-psychotherapy/";

    let (status, head, body) = get(addr, page);
    assert_eq!(status, 200);
    assert!(head.to_ascii_lowercase().contains("content-type: text/html; charset=utf-8"), "{head}");
    assert!(body.contains("/_landscape/live.js"), "serve adds the reload script");
    assert!(
        !std::fs::read_to_string(out.join("providers/amara-okafor-psychotherapy/index.html"))
            .unwrap()
            .contains("_landscape"),
        "never on disk"
    );
    let (status, _, js) = get(addr, "/_landscape/live.js");
    assert!(status == 200 && js.contains("landscape-errors") && js.contains("location.reload"));

    // Edit a provider: its page is rebuilt.
    let file = root.join("providers/orgs/amara-okafor-psychotherapy.yaml");
    edit(&file, |t| t.replace("in English and Yoruba.", "in English, Yoruba and Igbo."));
    wait_for("the rebuilt page", || get(addr, page).2.contains("Yoruba and Igbo"));
    let generation = state(addr)["generation"].as_u64().unwrap();

    // Break it: the page stays as it was, and the errors are there for the overlay.
    let good = std::fs::read_to_string(&file).unwrap();
    edit(&file, |t| t.replace("sme: true", "sme: true\ncolour: blue").replace("Yoruba and Igbo", "Yoruba and Hausa"));
    wait_for("the errors", || state(addr)["errors"].is_string());
    let s = state(addr);
    let errors = s["errors"].as_str().unwrap();
    let at = format!("providers/orgs/amara-okafor-psychotherapy.yaml:{}", line_of(&file, "colour: blue"));
    assert!(errors.contains(&at), "{at} in {errors}");
    assert!(errors.contains("colour") && errors.contains("^"), "{errors}");
    assert!(s["generation"].as_u64().unwrap() > generation);
    let (status, _, body) = get(addr, page);
    assert!(status == 200 && body.contains("Yoruba and Igbo") && !body.contains("Hausa"), "the last good page");

    // A page waiting for news hears of the fix, and the errors clear.
    let since = s["generation"].as_u64().unwrap();
    let waiter = {
        let addr = addr.to_string();
        std::thread::spawn(move || {
            serde_json::from_str::<serde_json::Value>(&get(&addr, &format!("/_landscape/state?since={since}")).2)
                .unwrap()
        })
    };
    std::thread::sleep(Duration::from_millis(200));
    std::fs::write(&file, good.replace("Yoruba and Igbo", "Yoruba and Twi")).unwrap();
    let heard = waiter.join().unwrap();
    assert!(heard["generation"].as_u64().unwrap() > since && heard["errors"].is_null(), "{heard}");
    wait_for("the fixed page", || get(addr, page).2.contains("Yoruba and Twi"));
    // Once the edits pause, the search data and the exports that list every provider follow.
    wait_for("the exports", || get(addr, "/data/providers.json").2.contains("Yoruba and Twi"));

    // Malformed requests get a 400 or the site's 404, and the server keeps answering.
    let (status, _, _) = raw(addr, "GET /%aé HTTP/1.1\r\nHost: x\r\n\r\n".as_bytes());
    assert_eq!(status, 400);
    let (status, _, _) = raw(addr, b"GET /\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n");
    assert_eq!(status, 400);
    for bad in ["/%2e%2e/site.yaml", "/a/%2E%2E/%2e%2e/site.yaml", "/%", "/%zz"] {
        assert_eq!(get(addr, bad).0, 400, "{bad}");
    }
    let (status, head, body) = get(addr, "/no/such/page/");
    assert_eq!(status, 404);
    assert!(head.to_ascii_lowercase().contains("text/html") && body.contains("Page not found"), "{body}");
    assert_eq!(get(addr, "/providers").0, 301);
    let (status, head, _) = get(addr, "/assets/style.css");
    assert!(status == 200 && head.to_ascii_lowercase().contains("content-type: text/css"), "{head}");
    let (status, head, _) = get(addr, "/robots.txt");
    assert!(status == 200 && head.to_ascii_lowercase().contains("content-type: text/plain"), "{head}");
    let (status, _, body) = get(addr, "/");
    assert!(status == 200 && body.contains("<html"));
    drop(server);
}
