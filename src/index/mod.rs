/*!
Stage 4, **index**: the files that describe the site rather than show it: the sitemap,
`robots.txt`, and (with the search issue) search data and open-data exports. Each is built
from the linked [`Site`] and the list of pages render wrote, never from the source files.
*/

pub mod search;

use crate::render::markdown::escape;

/// `sitemap.xml` for the pages at `urls` (relative, in any order; sorted here).
pub fn sitemap(absolute_base: &str, urls: &[String]) -> String {
    let mut urls: Vec<&String> = urls.iter().collect();
    urls.sort();
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for u in urls {
        out.push_str("<url><loc>");
        out.push_str(&escape(&format!("{absolute_base}{u}")));
        out.push_str("</loc></url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

pub fn robots(absolute_base: &str) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {absolute_base}sitemap.xml\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemap_is_sorted_and_escaped() {
        let s = sitemap("https://x.example/", &["b/".into(), "a/?q=1&r=2".into()]);
        let a = s.find("a/?q=1&amp;r=2").unwrap();
        let b = s.find("x.example/b/").unwrap();
        assert!(a < b);
    }
}
