//! Benchmark for `landscape serve`: how long from saving one provider's file to its page
//! being updated on disk, over a run of edits with one in ten broken, and whether the server
//! keeps answering and its memory stays flat. Run by `bench/serve-edit.sh`; see bench/README.md.
//!
//! ```sh
//! cargo run --release --example serve_edit -- SITE_ROOT [EDITS] [BROKEN_EVERY]
//! ```
//!
//! Each edit rewrites one provider's `summary:` line in place (as an editor saves) and
//! polls the provider's page in the output folder until the new words are in it. A broken
//! edit adds a field that does not exist; the run waits until the server reports the error,
//! checks that the last good page is still served, and the next edit fixes the file. Before
//! each edit the run waits for the previous one to finish (lists and counts included), as
//! a person saving again would; the search data is rebuilt in the background meanwhile.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let root = PathBuf::from(args.get(1).expect("usage: serve_edit SITE_ROOT [EDITS] [BROKEN_EVERY]"));
    let edits: usize = args.get(2).map_or(1000, |n| n.parse().expect("EDITS is a number"));
    let broken_every: usize = args.get(3).map_or(10, |n| n.parse().expect("BROKEN_EVERY is a number"));
    let bin = std::env::var("LANDSCAPE")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/release/landscape"));
    let out = std::env::temp_dir().join(format!("serve-edit-{}", std::process::id()));
    let log = std::fs::File::create(out.with_extension("log")).expect("log file");

    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("providers/orgs"))
        .expect("a site root with providers/orgs/")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    let originals: Vec<String> = files.iter().map(|f| std::fs::read_to_string(f).expect("read")).collect();

    let load_before = load_average();
    let started = Instant::now();
    let mut child = Command::new(&bin)
        .args(["serve", "--port", "0", "--today", "2026-11-23", "--root"])
        .arg(&root)
        .arg("--output")
        .arg(&out)
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .expect("start landscape serve");
    let pid = child.id();
    let mut addr = String::new();
    for line in BufReader::new(child.stdout.take().expect("stdout")).lines() {
        let line = line.expect("line");
        if let Some(i) = line.find("http://") {
            addr = line[i + 7..].split('/').next().unwrap_or_default().to_string();
            break;
        }
    }
    assert!(!addr.is_empty(), "serve printed no address");
    println!(
        "{} providers; first build and serve in {:.1} s; {edits} edits, one in {broken_every} broken",
        files.len(),
        started.elapsed().as_secs_f64()
    );

    let mut latencies = Vec::new();
    let mut fix_latencies = Vec::new();
    // Each good edit's latency by its place in the run, for the first and the last hundred.
    let mut in_order: Vec<(usize, Duration)> = Vec::new();
    let mut rss = Vec::new();
    let mut answered = 0;
    let (mut broken_edits, mut answered_broken) = (0, 0);
    let mut generation = state(&addr).0;
    let mut broken_file: Option<usize> = None;
    for i in 0..edits {
        // A fix goes to the file the broken edit broke; otherwise a provider spread over the register.
        let f = broken_file.take().unwrap_or((i * 7919) % files.len());
        let id = files[f].file_stem().unwrap().to_string_lossy().to_string();
        let page = out.join("providers").join(&id).join("index.html");
        // The run's own number in the words: a region edited by an earlier run already holds
        // that run's words, and a page found to hold them at once would time nothing.
        let words = format!("Bench run {} edit number {i}.", std::process::id());
        let good = replace_summary(&originals[f], &words);
        let broken = (i + 1) % broken_every == 0;
        let t = Instant::now();
        if broken {
            std::fs::write(&files[f], format!("{good}colour: blue\n")).expect("write");
            // Wait for the server to report it.
            loop {
                let (g, errors) = wait_state(&addr, generation);
                generation = g;
                if errors {
                    break;
                }
            }
            broken_file = Some(f);
            let (status, body) = get(&addr, &format!("/providers/{id}/"));
            assert!(status == 200 && !body.contains(&words), "the last good page is served while broken");
        } else {
            std::fs::write(&files[f], &good).expect("write");
            loop {
                if std::fs::read_to_string(&page).is_ok_and(|p| p.contains(&words)) {
                    break;
                }
                assert!(t.elapsed() < Duration::from_secs(60), "edit {i}: page not updated after 60 s");
                std::thread::sleep(Duration::from_micros(500));
            }
            let took = t.elapsed();
            in_order.push((i, took));
            if i > 0 && i % broken_every == 0 {
                fix_latencies.push(took);
            } else {
                latencies.push(took);
            }
            // The edit is done when the server says so (lists and counts written too).
            loop {
                let (g, errors) = wait_state(&addr, generation);
                generation = g;
                if !errors {
                    break;
                }
            }
        }
        let answers = get(&addr, "/").0 == 200;
        answered += usize::from(answers);
        if broken {
            broken_edits += 1;
            answered_broken += usize::from(answers);
        }
        rss.push(rss_kib(pid));
        // A line every fifty edits, so a long run shows how it goes (and a stopped one
        // leaves figures).
        if (i + 1) % 50 == 0 {
            let mut recent: Vec<Duration> = in_order.iter().filter(|(j, _)| *j + 50 > i).map(|(_, d)| *d).collect();
            recent.sort();
            let ms = |d: &Duration| d.as_secs_f64() * 1e3;
            println!(
                "edits {}-{}: median {:.1} ms, max {:.1} ms; answered {answered} of {}; resident memory {:.0} MB; {:.0} s in",
                i - 48,
                i + 1,
                recent.get(recent.len() / 2).map_or(0.0, ms),
                recent.last().map_or(0.0, ms),
                i + 1,
                rss.last().copied().unwrap_or(0) as f64 / 1024.0,
                started.elapsed().as_secs_f64()
            );
            let _ = std::io::stdout().flush();
        }
    }
    // The search data is rebuilt once the edits pause, so not during a run of them: pause
    // now and sample the memory while it is rebuilt, from a copy of the site.
    let log_path = out.with_extension("log");
    let rebuilt = || std::fs::read_to_string(&log_path).unwrap_or_default().matches("search data updated").count();
    let (before, paused) = (rebuilt(), Instant::now());
    let mut search_rss = Vec::new();
    while rebuilt() == before && paused.elapsed() < Duration::from_secs(120) {
        search_rss.push(rss_kib(pid));
        std::thread::sleep(Duration::from_millis(20));
    }
    let search_done = (rebuilt() > before).then(|| paused.elapsed());
    for (f, text) in files.iter().zip(&originals) {
        std::fs::write(f, text).expect("restore");
    }
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&out);

    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    latencies.sort();
    fix_latencies.sort();
    let pct = |v: &[Duration], p: f64| v.get(((v.len() as f64 - 1.0) * p).round() as usize).map_or(0.0, |d| ms(*d));
    println!(
        "save to page on disk, {} good edits: median {:.1} ms, p90 {:.1} ms, max {:.1} ms",
        latencies.len(),
        pct(&latencies, 0.5),
        pct(&latencies, 0.9),
        pct(&latencies, 1.0)
    );
    println!(
        "the {} fixes of a broken file: median {:.1} ms, max {:.1} ms",
        fix_latencies.len(),
        pct(&fix_latencies, 0.5),
        pct(&fix_latencies, 1.0)
    );
    let hundred = |from: usize, to: usize| {
        let mut v: Vec<Duration> = in_order.iter().filter(|(i, _)| (from..to).contains(i)).map(|(_, d)| *d).collect();
        v.sort();
        (v.len(), pct(&v, 0.5), pct(&v, 0.9), pct(&v, 1.0))
    };
    for (label, from, to) in [("first", 0, 100.min(edits)), ("last", edits.saturating_sub(100), edits)] {
        let (n, med, p90, max) = hundred(from, to);
        println!(
            "  {label} 100 edits (edits {}-{}, {n} good): median {med:.1} ms, p90 {p90:.1} ms, max {max:.1} ms",
            from + 1,
            to
        );
    }
    println!(
        "server answered GET / after {answered} of {edits} edits, {answered_broken} of them the {broken_edits} broken ones"
    );
    let head = &rss[..rss.len().min(100)];
    let tail = &rss[rss.len().saturating_sub(100)..];
    let mb = |v: &[u64]| (v.iter().copied().max().unwrap_or(0) as f64 / 1024.0, median(v) as f64 / 1024.0);
    let (h_max, h_med) = mb(head);
    let (t_max, t_med) = mb(tail);
    println!(
        "resident memory, first 100 edits: peak {h_max:.0} MB, median {h_med:.0} MB; last 100: peak {t_max:.0} MB, median {t_med:.0} MB"
    );
    match search_done {
        Some(took) => println!(
            "search data rebuilt after the last edit in {:.1} s; resident memory meanwhile: peak {:.0} MB",
            took.as_secs_f64(),
            search_rss.iter().copied().max().unwrap_or(0) as f64 / 1024.0
        ),
        None => println!("search data not rebuilt within 120 s of the last edit"),
    }
    println!("total {:.0} s", started.elapsed().as_secs_f64());
    // The figures mean little on a busy machine: say how busy it was.
    println!("load average (1, 5, 15 min): {load_before} at the start, {} at the end", load_average());
}

/// The 1, 5 and 15 minute load averages, as the kernel gives them.
fn load_average() -> String {
    let text = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let v: Vec<&str> = text.split_whitespace().take(3).collect();
    if v.is_empty() {
        "unknown".into()
    } else {
        v.join(" ")
    }
}

fn median(v: &[u64]) -> u64 {
    let mut v = v.to_vec();
    v.sort_unstable();
    v.get(v.len() / 2).copied().unwrap_or(0)
}

fn replace_summary(text: &str, words: &str) -> String {
    let mut out = String::with_capacity(text.len() + 40);
    for line in text.lines() {
        if line.starts_with("summary:") {
            out.push_str(&format!("summary: \"{words}\""));
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

fn get(addr: &str, path: &str) -> (u16, String) {
    let Ok(mut s) = TcpStream::connect(addr) else { return (0, String::new()) };
    let _ = s.set_read_timeout(Some(Duration::from_secs(60)));
    let _ = s.write_all(format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes());
    let mut bytes = Vec::new();
    let _ = s.read_to_end(&mut bytes);
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let status = text.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

/// The server's (generation, has errors) now.
fn state(addr: &str) -> (u64, bool) {
    parse_state(&get(addr, "/_landscape/state").1)
}

/// The server's state once its generation is past `since`.
fn wait_state(addr: &str, since: u64) -> (u64, bool) {
    loop {
        let s = parse_state(&get(addr, &format!("/_landscape/state?since={since}")).1);
        if s.0 > since {
            return s;
        }
    }
}

fn parse_state(body: &str) -> (u64, bool) {
    let v: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
    (v["generation"].as_u64().unwrap_or(0), v["errors"].is_string())
}
