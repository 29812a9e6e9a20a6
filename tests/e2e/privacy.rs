//! What the privacy page promises, held for the example and for a site `init` makes: no built
//! page or asset sets a cookie, and nothing in one makes the browser call another host. Plain
//! `<a href>` links to providers' own websites are navigation the reader chooses, not calls.
//!
//! Read statically, from every file the build writes: HTML attributes that load or send
//! (`src`, `srcset`, `action`, `formaction`, `poster`, `data`, `ping`, `href` on anything but
//! a link), `<meta http-equiv>`, inline and linked scripts (`fetch`, `import`, the request
//! APIs), styles (`url()`, `@import`) and SVG. Where a script's address is worked out as it
//! runs, the browser tests (tests/browser/run.mjs) watch every request the pages make.

use crate::common;
use common::html::scan;
use common::*;
use std::path::Path;

/// The host the sites are built for; anything else is another host.
const ORIGIN: &str = "https://directory.example.org";
const BASE_URL: &str = "https://directory.example.org/therapies/";

/// Where `url` (as written in a page or asset) would be fetched from, if it names a host:
/// `None` for a relative URL or one with no host (`data:`, `mailto:`).
fn host_of(url: &str) -> Option<String> {
    let u = url.trim().to_ascii_lowercase();
    if let Some(rest) = u.strip_prefix("//") {
        return Some(format!("https://{}", rest.split(['/', '?', '#']).next().unwrap_or("")));
    }
    let (scheme, rest) = u.split_once(':')?;
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c));
    if !is_scheme {
        return None;
    }
    // Every scheme that reaches the network names a host after `//`.
    let rest = rest.strip_prefix("//")?;
    Some(format!("{scheme}://{}", rest.split(['/', '?', '#']).next().unwrap_or("")))
}

fn other_host(url: &str) -> bool {
    host_of(url).is_some_and(|h| h != ORIGIN)
}

/// The calls to another host in a style sheet or a `style` attribute.
fn css_problems(css: &str, at: &str, out: &mut Vec<String>) {
    let lower = css.to_ascii_lowercase();
    for (i, _) in lower.match_indices("url(") {
        let arg = &css[i + 4..];
        let arg = arg[..arg.find(')').unwrap_or(arg.len())].trim().trim_matches(['"', '\'']);
        if other_host(arg) {
            out.push(format!("{at}: url({arg}) loads from another host"));
        }
    }
    for (i, _) in lower.match_indices("@import") {
        let arg = css[i + 7..].trim_start();
        let arg = arg.strip_prefix("url(").unwrap_or(arg).trim_start_matches(['"', '\'']);
        let arg = &arg[..arg.find(['"', '\'', ')', ';']).unwrap_or(arg.len())];
        if other_host(arg) {
            out.push(format!("{at}: @import of {arg} from another host"));
        }
    }
}

/// The cookies and calls to another host in a script. A script may reach the network only
/// through `fetch` of a path under the site's own data folder (which the page gives it in a
/// `data-` attribute) and through `import` of a module beside it.
fn js_problems(js: &str, at: &str, out: &mut Vec<String>) {
    for banned in [
        "document.cookie",
        "cookieStore",
        "XMLHttpRequest",
        "sendBeacon",
        "WebSocket",
        "EventSource",
        "importScripts",
        "RTCPeerConnection",
        "://",
    ] {
        if js.contains(banned) {
            out.push(format!("{at}: the script uses `{banned}`"));
        }
    }
    // A string that starts with `//` is an address on another host.
    for q in ['"', '\'', '`'] {
        if js.contains(&format!("{q}//")) {
            out.push(format!("{at}: the script holds a protocol-relative address"));
        }
    }
    // The scripts are minified, so names cannot be relied on: a fetch must join a path onto
    // a folder held in a variable (read from the page's `data-` attributes, which are checked
    // to be on this host), never start from an address written out.
    for (i, _) in js.match_indices("fetch(") {
        let arg = js[i + 6..].trim_start();
        let name = arg.find(|c: char| !(c.is_ascii_alphanumeric() || "_$.".contains(c))).unwrap_or(arg.len());
        let joined = name > 0
            && !arg.starts_with(|c: char| c.is_ascii_digit() || c == '.')
            && arg[name..].trim_start().starts_with('+');
        if !joined {
            let shown: String = arg.chars().take(40).collect();
            out.push(format!("{at}: fetch of `{shown}`, not a path joined onto the site's data folder"));
        }
    }
    for pat in ["import(", "from '", "from \"", "import '", "import \""] {
        for (i, _) in js.match_indices(pat) {
            let arg = js[i + pat.len()..].trim_start().trim_start_matches(['"', '\'']);
            if !(arg.starts_with("./") || arg.starts_with("../")) {
                let shown: String = arg.chars().take(40).collect();
                out.push(format!("{at}: a module imported from `{shown}`, not from beside the script"));
            }
        }
    }
}

/// Every cookie set and every call to another host in the site built into `out`.
fn problems(out: &Path) -> (Vec<String>, usize, usize) {
    let (mut problems, mut pages, mut outbound) = (Vec::new(), 0, 0);
    for (rel, bytes) in tree(out) {
        let text = String::from_utf8_lossy(&bytes);
        let name = rel.rsplit('/').next().unwrap_or(&rel);
        // Files a static host reads for response headers.
        if matches!(name, "_headers" | ".htaccess" | "netlify.toml" | "vercel.json" | "staticwebapp.config.json") {
            problems.push(format!("{rel}: a file that sets response headers"));
        }
        if rel.ends_with(".js") || rel.ends_with(".mjs") {
            js_problems(&text, &rel, &mut problems);
        } else if rel.ends_with(".css") {
            css_problems(&text, &rel, &mut problems);
        } else if rel.ends_with(".html") || rel.ends_with(".svg") {
            pages += usize::from(rel.ends_with(".html"));
            for tag in scan(&text).tags {
                let attr = |n: &str| tag.attrs.iter().find(|(a, _)| a == n).map(|(_, v)| v.to_ascii_lowercase());
                let at = format!("{rel}: <{}>", tag.name);
                if tag.name == "meta" {
                    match attr("http-equiv").as_deref() {
                        Some("set-cookie") => problems.push(format!("{at} sets a cookie")),
                        Some("refresh") => {
                            let content = attr("content").unwrap_or_default();
                            let to = content.split_once("url=").map_or("", |(_, u)| u);
                            if other_host(to.trim_matches(['"', '\''])) {
                                problems.push(format!("{at} sends the reader to another host by itself"));
                            }
                        }
                        _ => {}
                    }
                }
                for (a, v) in &tag.attrs {
                    let link = matches!(tag.name.as_str(), "a" | "area");
                    let calls = match a.as_str() {
                        "src" | "action" | "formaction" | "poster" | "data" | "ping" | "background" | "manifest"
                        | "longdesc" | "lowsrc" | "dynsrc" | "codebase" | "archive" | "classid"
                        // The folders the scripts fetch from.
                        | "data-data" | "data-base" => other_host(v),
                        "srcset" | "imagesrcset" => {
                            v.split(',').any(|c| other_host(c.split_whitespace().next().unwrap_or("")))
                        }
                        "href" | "xlink:href" if link => {
                            outbound += usize::from(other_host(v));
                            false
                        }
                        "href" | "xlink:href" => other_host(v),
                        "style" => {
                            css_problems(v, &at, &mut problems);
                            false
                        }
                        _ => false,
                    };
                    if calls {
                        problems.push(format!("{at} {a}=\"{v}\" calls another host"));
                    }
                }
                match (tag.name.as_str(), &tag.raw) {
                    ("style", Some(raw)) => css_problems(raw, &at, &mut problems),
                    // JSON-LD is data for search engines, not a script the browser runs.
                    ("script", Some(raw)) if attr("type").as_deref() != Some("application/ld+json") => {
                        js_problems(raw, &at, &mut problems)
                    }
                    _ => {}
                }
            }
        }
    }
    (problems, pages, outbound)
}

/// Builds `root` into `out` judged on the real date: `init` dates its records today.
fn build_today(root: &Path, out: &Path) -> std::process::Output {
    bin()
        .args(["build", "--quiet", "--base-url", BASE_URL, "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .output()
        .unwrap()
}

fn assert_private(out: &Path, what: &str, pages_at_least: usize) {
    let (problems, pages, _) = problems(out);
    assert!(pages >= pages_at_least, "{what}: only {pages} pages read");
    assert!(problems.is_empty(), "{what}: {} problems:\n  {}", problems.len(), problems.join("\n  "));
    // The walk saw the privacy page itself, and the footer link to it.
    let privacy = std::fs::read_to_string(out.join("privacy/index.html")).expect("a privacy page");
    assert!(privacy.contains("cookie"), "{what}: the privacy page does not mention cookies");
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("/therapies/privacy/"), "{what}: no footer link to the privacy page");
    assert!(home.contains("/therapies/accessibility/"), "{what}: no footer link to the accessibility statement");
}

#[test]
fn the_example_sets_no_cookie_and_calls_no_other_host() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = build(&repo_root(), &out, &["--base-url", BASE_URL]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_private(&out, "example", 100);
    // Providers' websites are linked, and that is allowed: the walk did see them.
    let (_, _, outbound) = problems(&out);
    assert!(outbound > 10, "only {outbound} links to other hosts: the walk may not be reading links");
}

#[test]
fn a_site_init_makes_sets_no_cookie_and_calls_no_other_host() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let o = bin().arg("init").arg(&root).args(["--authority", "Hackney"]).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let out = tmp.path().join("out");
    let o = build_today(&root, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_private(&out, "init", 10);
    let statement = std::fs::read_to_string(out.join("accessibility/index.html")).unwrap();
    assert!(statement.contains("[Fill in:"), "the statement's fields to fill are not marked");

    // A site without the two pages gets no footer link that leads nowhere.
    std::fs::remove_file(root.join("content/privacy.md")).unwrap();
    std::fs::remove_file(root.join("content/accessibility.md")).unwrap();
    let o = build_today(&root, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!home.contains("/therapies/privacy/") && !home.contains("/therapies/accessibility/"), "{home}");
}

#[test]
fn the_walk_finds_each_kind_of_call() {
    let dir = tempfile::tempdir().unwrap();
    let write = |rel: &str, text: &str| {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write(
        "index.html",
        "<meta http-equiv=Set-Cookie content=a=1><img src=https://tracker.example/p.gif>\
         <a href=https://provider.example/>ok</a><a href=/x ping=//tracker.example/>p</a>\
         <link rel=preconnect href=https://fonts.example><form action=https://forms.example/></form>\
         <p style=\"background:url('https://img.example/a.png')\">x</p>\
         <script>document.cookie = 'a=1'; fetch('https://api.example/')</script>\
         <script type=application/ld+json>{\"url\": \"https://provider.example/\"}</script>",
    );
    write("assets/a.css", "@import url(\"https://fonts.example/css\"); b { background: url(//cdn.example/b.png) }");
    write("assets/a.js", "import { x } from 'https://cdn.example/x.js'; navigator.sendBeacon(u);");
    write("_headers", "/*\n  Set-Cookie: a=1\n");
    let (found, pages, outbound) = problems(dir.path());
    assert_eq!((pages, outbound), (1, 1));
    let has = |s: &str| found.iter().any(|p| p.contains(s));
    for s in [
        "sets a cookie",
        "src=\"https://tracker.example/p.gif\"",
        "ping=\"//tracker.example/\"",
        "href=\"https://fonts.example\"",
        "action=\"https://forms.example/\"",
        "url(https://img.example/a.png)",
        "`document.cookie`",
        "fetch of `'https://api.example/')`",
        "@import of https://fonts.example/css",
        "url(//cdn.example/b.png)",
        "a module imported from `https://cdn.example/x.js",
        "`sendBeacon`",
        "_headers",
    ] {
        assert!(has(s), "`{s}` not found in:\n  {}", found.join("\n  "));
    }
    assert!(!found.iter().any(|p| p.contains("provider.example")), "{found:?}");
}
