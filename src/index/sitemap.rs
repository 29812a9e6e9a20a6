/*!
`sitemap.xml` and `robots.txt`, for search engines: every built page by its absolute URL,
with the date its record was last reviewed where the page shows one record.

A sitemap may only hold absolute URLs, so with a relative `base_url` no sitemap is written
and `robots.txt` names none (the build warns; see [`super::needs_absolute_base`]).
*/

use crate::html::escape;
use crate::link::{urls, Site};
use crate::model::Date;
use std::collections::HashMap;

/// The date to give as `lastmod` for each page that shows one record: a provider's page
/// changes when its record is reviewed. List pages change with any of their providers and
/// content pages carry no date, so they get none rather than a guess.
pub fn lastmods(site: &Site) -> HashMap<String, Date> {
    site.providers.iter().map(|p| (urls::provider(&p.id), p.reviewed)).collect()
}

/// `sitemap.xml` for the pages at `urls` (relative to the site root, in any order; sorted
/// here so the file is the same for the same site).
pub fn sitemap(absolute_base: &str, urls: &[String], lastmod: &HashMap<String, Date>) -> String {
    let mut urls: Vec<&String> = urls.iter().collect();
    urls.sort();
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for u in urls {
        out.push_str("<url><loc>");
        out.push_str(&escape(&format!("{absolute_base}{u}")));
        out.push_str("</loc>");
        if let Some(d) = lastmod.get(u.as_str()) {
            out.push_str(&format!("<lastmod>{d}</lastmod>"));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// `robots.txt`: everything may be crawled; the sitemap is named only when there is one.
pub fn robots(absolute_base: Option<&str>) -> String {
    match absolute_base {
        Some(a) => format!("User-agent: *\nAllow: /\n\nSitemap: {a}sitemap.xml\n"),
        None => "User-agent: *\nAllow: /\n".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemap_is_sorted_escaped_and_dated() {
        let d: Date = "2026-03-01".parse().unwrap();
        let lastmod = HashMap::from([("b/".to_string(), d)]);
        let s = sitemap("https://x.example/", &["b/".into(), "a/?q=1&r=2".into()], &lastmod);
        let a = s.find("a/?q=1&amp;r=2").unwrap();
        let b = s.find("x.example/b/</loc><lastmod>2026-03-01</lastmod>").unwrap();
        assert!(a < b);
    }

    #[test]
    fn robots_names_a_sitemap_only_when_there_is_one() {
        assert!(robots(Some("https://x.example/")).contains("Sitemap: https://x.example/sitemap.xml"));
        assert!(!robots(None).contains("Sitemap"));
    }
}
