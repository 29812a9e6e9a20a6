//! Property tests without a framework: deterministic pseudo-random inputs through the loader,
//! the linker, the renderer and both markdown paths, in memory. Every input must give a
//! clear result (no panic), every diagnostic must point inside its file, and every page
//! and fragment of HTML must be free of script. The same checks drive the fuzz targets in
//! `fuzz/`; these run in CI in a few seconds with fixed seeds.

use crate::common;
use common::harness::{self, Base};
use common::*;

/// xorshift64*: small, fast, and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// Pieces of YAML, markdown and hostile text that mutations splice in.
const TOKENS: &[&str] = &[
    ":",
    ": ",
    "- ",
    "-",
    "[",
    "]",
    "{",
    "}",
    ",",
    "\"",
    "'",
    "\n",
    "\n  ",
    "\t",
    " ",
    "#",
    "&a ",
    "*a",
    "!!str ",
    "|\n  ",
    ">\n  ",
    "---\n",
    "...\n",
    "~",
    "null",
    "true",
    "2026-02-30",
    "2026-06-30",
    "4-18",
    "18-4",
    "hackney",
    "hackny",
    "family-therapy",
    "ukcp",
    "ofsted",
    "nel",
    "grade: Good\n    inspected: 2026-01-01\n",
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "[x](javascript:alert(1))",
    "</script>",
    "<!--",
    "{{ 7*7 }}",
    "\u{202e}",
    "\u{2028}",
    "\u{feff}",
    "\0",
    "é",
    "ł",
    "ŵ",
    "مركز",
    "🌈",
    "[[TS-1.1]]",
    "[[provider:acorn]]",
    "[[lot:nel/9]]",
    "(/guides/fees/)",
    "(/guides/nope/)",
    "(../../x/)",
    "#TS-1.2",
    "*",
    "**",
    "_",
    "`",
    "```\n",
    "> ",
    "1. ",
    "# ",
    "## 1.3 New {aligns=TS-1.1}\n",
    "|",
    "<div>",
    "</div>",
    "&#106;",
    "&lt;",
    "\\",
    "~~",
    "[^1]",
    "[^1]: n\n",
];

fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut b = seed.to_vec();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(b.len() + 1);
        match rng.below(7) {
            0 if !b.is_empty() => {
                let i = at.min(b.len() - 1);
                b[i] = rng.next() as u8;
            }
            1 => {
                let end = (at + rng.below(40)).min(b.len());
                b.drain(at..end);
            }
            2 | 3 => {
                let t = rng.pick(TOKENS).as_bytes().to_vec();
                b.splice(at..at, t);
            }
            4 => {
                // Copy a line somewhere else.
                let text = String::from_utf8_lossy(&b).into_owned();
                let lines: Vec<&str> = text.lines().collect();
                if !lines.is_empty() {
                    let line = format!("{}\n", rng.pick(&lines));
                    let at = text.match_indices('\n').map(|(i, _)| i + 1).nth(rng.below(lines.len())).unwrap_or(0);
                    b.splice(at.min(b.len())..at.min(b.len()), line.into_bytes());
                }
            }
            5 => {
                let t = rng.pick(TOKENS).repeat(1 + rng.below(300));
                b.splice(at..at, t.into_bytes());
            }
            _ => b.insert(at, *rng.pick(&[b'\r', 0xff, 0xc3, b'\t', b' ', b'\n', b'-', b':'])),
        }
    }
    b
}

fn base() -> Base {
    Base::load(&repo_root().join("tests/fixtures/minimal"))
}

fn fixture(rel: &str) -> Vec<u8> {
    std::fs::read(repo_root().join("tests/fixtures/minimal").join(rel)).unwrap()
}

/// Runs `check` on `n` mutations of each seed and fails with the first inputs that break it.
fn run(n: usize, seed: u64, seeds: &[Vec<u8>], check: impl Fn(&[u8]) -> Vec<String>) {
    let mut rng = Rng(seed);
    let mut failures = Vec::new();
    for i in 0..n {
        let input = mutate(&mut rng, &seeds[i % seeds.len()]);
        let found = check(&input);
        if !found.is_empty() {
            failures.push(format!("case {i}: {:?}\n  {}", String::from_utf8_lossy(&input), found.join("\n  ")));
            if failures.len() >= 3 {
                break;
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn provider_records_load_link_and_render_safely() {
    let base = base();
    let seeds = [fixture("providers/orgs/acorn.yaml"), fixture("providers/orgs/birch-house.yaml")];
    let before = harness::RENDERED.load(std::sync::atomic::Ordering::Relaxed);
    run(2_000, 0x5eed_0001, &seeds, |b| harness::provider(&base, b));
    let rendered = harness::RENDERED.load(std::sync::atomic::Ordering::Relaxed) - before;
    assert!(rendered > 30, "only {rendered} of the mutated records linked and rendered");
}

#[test]
fn list_files_are_read_entry_by_entry_safely() {
    let base = base();
    run(3_000, 0x5eed_0002, &[fixture("providers/areas.yaml")], |b| harness::areas(&base, b));
}

#[test]
fn content_pages_link_and_render_safely() {
    let base = base();
    let seeds = [fixture("content/guides/choosing.md"), fixture("content/handbook/standards/practice.md")];
    run(1_500, 0x5eed_0003, &seeds, |b| harness::page(&base, b));
}

#[test]
fn markdown_from_anyone_renders_without_script() {
    let base = base();
    let mut rng = Rng(0x5eed_0004);
    // Token soup: markdown and HTML pieces in random order.
    let seeds: Vec<Vec<u8>> =
        (0..50).map(|_| (0..rng.below(60)).map(|_| *rng.pick(TOKENS)).collect::<String>().into_bytes()).collect();
    run(10_000, 0x5eed_0005, &seeds, |b| harness::markdown(&base, b));
}
