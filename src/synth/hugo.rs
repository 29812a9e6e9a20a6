//! The Hugo peer of a synthetic region: the same providers as a plain Hugo site, with one
//! page per provider and the same markdown, which `bench/run.sh` builds against so the two
//! builds do comparable work. Written from the same [`Region`] as the site root, so the
//! two never drift apart.

use super::yaml::tok;
use super::Region;
use crate::model::Provider;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

const HUGO_CONFIG: &str = r#"# The Hugo peer of a synthetic region, from `landscape generate --hugo`.
baseURL = "/"
languageCode = "en-gb"
title = "Synthetic region (Hugo peer)"
# One page per provider plus list pages: no tag pages or feeds, which landscape does not make.
disableKinds = ["taxonomy", "term", "RSS"]
# Plain HTML, Hugo's default: the peer is the plain equivalent landscape is measured against.
"#;

const HUGO_BASEOF: &str = r#"<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ .Site.Title }}</title>
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>
<main id="main">{{ block "main" . }}{{ end }}</main>
<footer><p>Invented providers, for benchmarks.</p></footer>
</body>
</html>
"#;

const HUGO_SINGLE: &str = r#"{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
{{ with .Params.tags }}<ul class="tags">{{ range . }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}
{{ .Content }}
</article>
{{ end }}
"#;

const HUGO_LIST: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
"#;

/// Writes the Hugo peer: `hugo.toml`, three templates and one markdown page per provider
/// (summary then description as the body; title and three tags as front matter). Returns
/// the bytes written.
pub fn write_hugo_peer(region: &Region, dir: &Path) -> io::Result<u64> {
    let layouts = dir.join("layouts/_default");
    let pages = dir.join("content/providers");
    fs::create_dir_all(&layouts)?;
    fs::create_dir_all(&pages)?;
    let mut bytes = 0u64;
    let mut put = |path: PathBuf, text: &str| -> io::Result<()> {
        bytes += text.len() as u64;
        fs::write(path, text)
    };
    put(dir.join("hugo.toml"), HUGO_CONFIG)?;
    put(layouts.join("baseof.html"), HUGO_BASEOF)?;
    put(layouts.join("single.html"), HUGO_SINGLE)?;
    put(layouts.join("list.html"), HUGO_LIST)?;
    put(
        dir.join("content/_index.md"),
        "---\ntitle: \"Synthetic region\"\n---\nThe providers of an invented region.\n",
    )?;
    put(pages.join("_index.md"), "---\ntitle: \"Providers\"\n---\n")?;
    for p in &region.providers {
        put(pages.join(format!("{}.md", p.id)), &hugo_page(p))?;
    }
    Ok(bytes)
}

fn hugo_page(p: &Provider) -> String {
    // A JSON string is a valid YAML double-quoted scalar, so serde_json quotes safely.
    let quote = |s: &str| serde_json::to_string(s).expect("a string serialises");
    let first = &p.services[0];
    let tags = [quote(&first.intervention), quote(&tok(&p.legal_form)), quote(&tok(&first.delivery[0]))];
    format!("---\ntitle: {}\ntags: [{}]\n---\n{}\n\n{}", quote(&p.name), tags.join(", "), p.summary, p.description)
}
