//! Hostile records cannot put script into the site.
//!
//! The example site is copied into a temporary folder with one hostile provider added, and
//! hostile text in an area, an intervention, a scheme, a framework and a content page. Every
//! text field carries a payload from a corpus of script injections. The site is built with the
//! real binary, and every file it writes is read back: HTML is tokenised as a browser would,
//! JSON-LD and the search index are parsed, and the payloads must come through as text.

use crate::common;
use common::html::{problems, scan};
use common::*;
use serde_json::Value;
use std::path::Path;

/// Script injections: tags, event handlers, script URLs, SVG and MathML, attribute
/// break-outs, comment and CDATA tricks, `</script>` escapes for JSON-LD, entity-encoded
/// schemes, mutation-XSS shapes, and template syntax.
const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//xss.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(2)>",
    "<svg onload=alert(3)>",
    "<svg><script>alert(4)</script></svg>",
    "<iframe src=\"javascript:alert(5)\"></iframe>",
    "\"><script>alert(6)</script>",
    "'><img src=x onerror=alert(7)>",
    "\" onmouseover=\"alert(8)",
    "' onfocus='alert(9)' autofocus='",
    "</script><script>alert(10)</script>",
    "</SCRIPT ><script>alert(11)</script>",
    "<!--<script>alert(12)</script>-->",
    "]]><script>alert(13)</script>",
    "<a href=\"javascript:alert(14)\">x</a>",
    "[click](javascript:alert(15))",
    "[click](JaVaScRiPt:alert(16))",
    "[click](  javascript:alert(17))",
    "[click](java\tscript:alert(18))",
    "<javascript:alert(19)>",
    "![x](javascript:alert(20))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgyMSk8L3NjcmlwdD4=)",
    "[x](vbscript:msgbox(22))",
    "<math><mi xlink:href=\"javascript:alert(23)\">x</mi></math>",
    "<details open ontoggle=alert(24)>",
    "<body onload=alert(25)>",
    "<style>@import 'javascript:alert(26)';</style>",
    "<object data=\"javascript:alert(27)\"></object>",
    "<embed src=\"javascript:alert(28)\">",
    "<form action=\"javascript:alert(29)\"><button>x</button></form>",
    "<input onfocus=alert(30) autofocus>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(31)\">",
    "<base href=\"javascript:alert(32)//\">",
    "{{ 7*7 }} {% raw %} {# x #}",
    "line\u{2028}separator\u{2029}paragraph <!-- <script>",
    "&lt;script&gt;alert(36)&lt;/script&gt;",
    "[x](https://ok.example/\"onmouseover=\"alert(37))",
    "<a href=https://ok.example/ onclick=alert(38)>x</a>",
    "`<script>alert(39)</script>`",
    "<div>\n<script>alert(40)</script>\n</div>",
    "<<script>script>alert(41)<</script>/script>",
    "<scr<script>ipt>alert(42)</script>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(43)>\">",
    "<template><script>alert(44)</script></template>",
    "<xmp><script>alert(45)</script></xmp>",
    "<a href=\"&#106;avascript:alert(46)\">x</a>",
    "[x](&#106;avascript:alert(47))",
    "[x](<javascript:alert(48)>)",
    "<a href=\"jav&#x09;ascript:alert(49)\">x</a>",
    "<img src=\"x\" style=\"background:url(javascript:alert(50))\">",
    "[link][ref]\n\n[ref]: javascript:alert(51)",
    "<svg><a xlink:href=\"javascript:alert(52)\"><text>x</text></a></svg>",
];

/// The hostile provider's name: short enough for a name, on one line.
const NAME: &str = "Hostile <script>alert('name')</script> \"Co\" & 'Sons' {{ 7*7 }}";
const SUMMARY: &str = "</script><script>alert('summary')</script><!--<script>\u{2028}line\u{2029}end";

/// A YAML scalar holding `s` exactly: a JSON string is valid YAML.
fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

fn one_line(p: &str) -> String {
    p.replace(['\n', '\t', '\u{2028}', '\u{2029}'], " ")
}

/// Writes the hostile records into the site at `root`.
fn add_hostile_records(root: &Path) {
    let p = |i: usize| PAYLOADS[i % PAYLOADS.len()];
    let all = PAYLOADS.join("\n\n");
    let append = |file: &str, text: String| {
        let path = root.join(file);
        let mut old = std::fs::read_to_string(&path).unwrap();
        if !old.ends_with('\n') {
            old.push('\n');
        }
        std::fs::write(&path, old + &text).unwrap();
    };
    append(
        "providers/areas.yaml",
        format!("- id: hostile-area\n  name: {}\n  kind: local-authority\n  parent: north-east-london\n", q(p(3))),
    );
    append(
        "providers/interventions.yaml",
        format!(
            "- id: hostile-iv\n  name: {}\n  group: {}\n  summary: {}\n  helps: {}\n  category: other\n  funding: [council]\n",
            q(p(2)),
            q(&one_line(p(6))),
            q(p(10)),
            q(p(24))
        ),
    );
    append(
        "providers/schemes.yaml",
        format!(
            "- id: hostile-scheme\n  name: {}\n  body: {}\n  url: https://scheme.example/\n  kind: accreditation\n  summary: {}\n  grades: [\"<i>Top</i>\", {}]\n",
            q(p(7)),
            q(p(8)),
            q(p(12)),
            q(p(9))
        ),
    );
    std::fs::write(
        root.join("providers/frameworks/hostile-fw.yaml"),
        format!(
            "name: {}\nlead: {}\npartners: [{}]\nroute: open-framework\nsummary: {}\nstarts: 2024-01-01\nends: 2028-12-31\nurl: https://fw.example/\nlots:\n  - number: 1\n    title: {}\n    summary: {}\n    interventions: [hostile-iv]\n    areas: [hostile-area]\n    call_off: ranked-list\n",
            q(p(10)),
            q(p(11)),
            q(p(14)),
            q(&PAYLOADS[..20].join("\n")),
            q(p(6)),
            q(p(13))
        ),
    )
    .unwrap();
    let evidence = |i| format!("{{ answer: met, evidence: {} }}", q(p(i)));
    std::fs::write(
        root.join("providers/orgs/hostile.yaml"),
        format!(
            "name: {name}\nlegal_form: company\nsummary: {summary}\ndescription: {all}\npractice_model: {pm}\n\
services:\n  - intervention: hostile-iv\n    ages: 4-18\n    delivery: [in-person, online]\n    areas: [hostile-area, hackney]\n    online_areas: [hostile-area]\n    accepting: true\n    languages: [{l1}, \"العربية\", \"اردو\", \"Cymraeg\"]\n    cost: {cost}\n    funding: [council]\n\
lots:\n  - framework: hostile-fw\n    lot: 1\n    status: active\n    since: 2024-05-01\n\
awards:\n  - scheme: hostile-scheme\n    status: current\n    awarded: 2024-01-01\n    expires: 2028-01-01\n    reference: {reference}\n    grade: {grade}\n    inspected: 2025-01-01\n\
governance:\n  governance: {g1}\n  therapeutic_practice: {g2}\n  workforce: {g3}\n  model_of_care: {g4}\n  outcomes: {g5}\n\
contact:\n  email: x+y@hostile.example\n  phone: 020 7946 0999\n  website: https://hostile.example/?q=javascript:alert(1)#onload=alert(1)\n  referral: {referral}\n  address: {address}\n  postcode: E8 4RP\n\
reviewed: 2026-06-30\n",
            name = q(NAME),
            summary = q(SUMMARY),
            all = q(&all),
            pm = q(&PAYLOADS.join("\n")),
            l1 = q(&one_line(p(2))),
            cost = q(&one_line(p(7))),
            reference = q(&one_line(p(9))),
            grade = q(p(9)),
            g1 = evidence(24),
            g2 = evidence(25),
            g3 = evidence(30),
            g4 = evidence(32),
            g5 = evidence(49),
            referral = q(p(14)),
            address = q(p(10)),
        ),
    )
    .unwrap();
    // A content page may hold only the raw HTML docs/FORMATS.md lists, and `check` refuses
    // the rest at its line; what the policy lets through is still cleaned by the sanitiser,
    // which this page tests.
    let page = PAYLOADS
        .iter()
        .filter(|p| landscape::render::markdown::raw_html_problem(p).is_none())
        .copied()
        .collect::<Vec<_>>()
        .join("\n\n");
    std::fs::write(
        root.join("content/guides/hostile.md"),
        format!(
            "---\ntitle: {}\ndescription: {}\n---\n\nOn [[provider:hostile]] in [[area:hostile-area]], [[scheme:hostile-scheme]], \
[[intervention:hostile-iv]], [[framework:hostile-fw]] and [[lot:hostile-fw/1]].\n\n{page}\n",
            q(p(6)),
            q(p(10))
        ),
    )
    .unwrap();
}

/// Writes the payloads as fuzzing seeds for `fuzz/run.sh`, in the format of the target named
/// by `LANDSCAPE_FUZZ_TARGET`, into the folder named by `LANDSCAPE_FUZZ_SEEDS`. The payloads
/// stay in one place (this file) and the fuzzer starts from them.
#[test]
#[ignore = "run by fuzz/run.sh"]
fn write_fuzz_seeds() {
    let dir = std::path::PathBuf::from(std::env::var_os("LANDSCAPE_FUZZ_SEEDS").expect("LANDSCAPE_FUZZ_SEEDS"));
    let target = std::env::var("LANDSCAPE_FUZZ_TARGET").expect("LANDSCAPE_FUZZ_TARGET");
    std::fs::create_dir_all(&dir).unwrap();
    match target.as_str() {
        "markdown" => {
            for (i, p) in PAYLOADS.iter().enumerate() {
                std::fs::write(dir.join(format!("xss-{i:02}")), p).unwrap();
            }
            std::fs::write(dir.join("xss-all"), PAYLOADS.join("\n\n")).unwrap();
        }
        "load_provider" => {
            // The hostile records, written into an otherwise empty site, then taken out as
            // one provider record (first byte 2) and one content page (first byte 1).
            let tmp = tempfile::tempdir().unwrap();
            let root = tmp.path();
            for d in ["providers/frameworks", "providers/orgs", "content/guides"] {
                std::fs::create_dir_all(root.join(d)).unwrap();
            }
            for f in ["areas.yaml", "interventions.yaml", "schemes.yaml"] {
                std::fs::write(root.join("providers").join(f), "").unwrap();
            }
            add_hostile_records(root);
            for (mode, file, name) in [
                (2u8, "providers/orgs/hostile.yaml", "02-xss-provider"),
                (1u8, "content/guides/hostile.md", "01-xss-page"),
                (0u8, "providers/areas.yaml", "00-xss-areas"),
            ] {
                let mut bytes = vec![mode];
                bytes.extend(std::fs::read(root.join(file)).unwrap());
                std::fs::write(dir.join(name), bytes).unwrap();
            }
        }
        other => panic!("no fuzz target `{other}`"),
    }
}

/// The JSON-LD of a page, parsed.
fn json_ld(html: &str) -> Vec<Value> {
    scan(html)
        .tags
        .into_iter()
        .filter(|t| t.name == "script" && t.attrs.iter().any(|(n, v)| n == "type" && v == "application/ld+json"))
        .map(|t| serde_json::from_str(t.raw.as_deref().unwrap_or("")).unwrap())
        .collect()
}

/// Every string anywhere inside a JSON value.
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(o) => o.iter().for_each(|(k, x)| {
            out.push(k.clone());
            strings(x, out)
        }),
        _ => {}
    }
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut child = std::process::Command::new("gzip")
        .arg("-dc")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("gzip");
    let mut stdin = child.stdin.take().unwrap();
    let data = bytes.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&data));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(out.status.success(), "gzip -dc failed");
    out.stdout
}

#[test]
fn the_scanner_sees_what_a_browser_would() {
    let bad = [
        "<img src=x onerror=alert(1)>",
        "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
        "<a href='JAVASCRIPT:alert(1)'>x</a>",
        "<a href=\"&#x01; javascript:alert(1)\">x</a>",
        "<p><svg/onload=alert(1)></p>",
        "<script>alert(1)</script>",
        "<script type=application/ld+json>{\"a\":\"</script><script>alert(1)</script>\"}</script>",
        "<div style=\"background:url(javascript:alert(1))\">",
        "<meta http-equiv=refresh content=\"0;url=javascript:alert(1)\">",
        "<iframe src=https://x.example></iframe>",
    ];
    for b in bad {
        assert!(!problems(b, "/").is_empty(), "not caught: {b}");
    }
    let good = [
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; onerror=alert(1) javascript:alert(1)</p>",
        "<p>&LTscript>alert(1)&LT/script></p>",
        "<a href=\"https://x.example/?q=javascript:1\">x</a>",
        "<a href=\"jav&#x08;ascript:1\">a relative address, not a scheme</a>",
        "<meta name=description content=\"url=data:x\">",
        "<a title='\" onmouseover=\"alert(1)'>x</a>",
        "<script type=application/ld+json>{\"a\":\"\\u003c/script\\u003e\"}</script>",
        "<script src=/assets/search.js defer></script>",
        "<script type=module src=/assets/search.js></script>",
        "<textarea><img src=x onerror=alert(1)></textarea>",
    ];
    for g in good {
        assert_eq!(problems(g, "/"), Vec::<String>::new(), "wrongly caught: {g}");
    }
}

#[test]
fn hostile_records_cannot_put_script_into_any_page() {
    assert!(PAYLOADS.len() >= 30);
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_site(&repo_root(), &root);
    add_hostile_records(&root);
    let out_dir = tmp.path().join("public");
    let out = build(&root, &out_dir, &[]);
    assert!(out.status.success(), "the hostile site should build:\n{}", stderr(&out));
    let refused = PAYLOADS.iter().filter(|p| landscape::render::markdown::raw_html_problem(p).is_some()).count();
    assert!(refused > 10 && refused < PAYLOADS.len() - 10, "{refused} of the payloads are refused in content");

    let files = tree(&out_dir);
    for must in [
        "providers/hostile/index.html",
        "areas/hostile-area/index.html",
        "interventions/hostile-iv/index.html",
        "schemes/hostile-scheme/index.html",
        "frameworks/hostile-fw/index.html",
        "frameworks/hostile-fw/lot-1/index.html",
        "guides/hostile/index.html",
    ] {
        assert!(files.contains_key(must), "no {must}");
    }

    let mut found = Vec::new();
    let mut search_strings = Vec::new();
    for (path, bytes) in &files {
        let ext = path.rsplit('.').next().unwrap_or("");
        match ext {
            "html" => {
                let html = String::from_utf8(bytes.clone()).unwrap();
                found.extend(problems(&html, "/").into_iter().map(|p| format!("{path}: {p}")));
            }
            "json" => match serde_json::from_slice::<Value>(bytes) {
                Ok(v) => strings(&v, &mut search_strings),
                Err(e) => found.push(format!("{path}: not JSON: {e}")),
            },
            "dat" => {
                // The search index: JSON, or packed binary columns and terms that the
                // script reads as numbers and text, never as markup.
                let raw = if bytes.starts_with(&[0x1f, 0x8b]) { gunzip(bytes) } else { bytes.clone() };
                match serde_json::from_slice::<Value>(&raw) {
                    Ok(v) => strings(&v, &mut search_strings),
                    Err(_) => search_strings.push(String::from_utf8_lossy(&raw).into_owned()),
                }
            }
            "xml" | "txt" if String::from_utf8_lossy(bytes).to_ascii_lowercase().contains("<script") => {
                found.push(format!("{path}: holds <script"));
            }
            _ => {}
        }
    }
    assert!(found.is_empty(), "{} problems:\n{}", found.len(), found.join("\n"));

    // The text comes through literally: in the page, in its JSON-LD, in the search index.
    let page = String::from_utf8(files["providers/hostile/index.html"].clone()).unwrap();
    let text = scan(&page).text;
    // Raw HTML in markdown is dropped; plain-text fields show every character.
    for literal in [NAME, PAYLOADS[2], PAYLOADS[7], PAYLOADS[10], PAYLOADS[9], "{{ 7*7 }}", "العربية"] {
        assert!(text.contains(literal), "`{literal}` is not in the page's text");
    }
    let ld = json_ld(&page);
    assert_eq!(ld.len(), 1);
    assert_eq!(ld[0]["name"], NAME);
    assert_eq!(ld[0]["description"], SUMMARY);
    assert!(search_strings.iter().any(|s| s.contains(NAME)), "the search index does not carry the name literally");
}
