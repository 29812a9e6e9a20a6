/*!
The link check: every internal link a rendered page carries must lead to an address of the
[`Plan`](super::Plan). It runs on each page as it is made, so a template or a record that
links a page the site does not have stops the build with an error naming the page, instead
of a 404 a reader finds later.

A link is internal when it starts with the site's base path (`/` or `/therapies/`) or its
absolute base URL. Links to other sites, `mailto:` and `tel:` are not ours to check, and a
link within the page (`#…`) is left to the HTML checker.
*/

use super::Plan;

/// The internal links of `html` that lead to no planned address, as written on the page.
/// `base` is the path every internal link starts with; `absolute` the base URL with its
/// host, where the site has one.
pub fn unplanned(html: &str, plan: &Plan, base: &str, absolute: Option<&str>) -> Vec<String> {
    unplanned_of(link_values(html), plan, base, absolute)
}

/// The link values of `html` as [`unplanned`] reads them, kept to check a piece of HTML that
/// many pages carry (a list entry) without reading it again on each.
pub fn values(html: &str) -> Vec<String> {
    link_values(html).map(str::to_string).collect()
}

/// The values among `values` that lead to no planned address.
pub fn unplanned_of<'v>(
    values: impl IntoIterator<Item = &'v str>,
    plan: &Plan,
    base: &str,
    absolute: Option<&str>,
) -> Vec<String> {
    let mut out = Vec::new();
    for value in values {
        let value = decode(value);
        let Some(rest) = internal(&value, base, absolute) else { continue };
        let address = rest.split(['#', '?']).next().unwrap_or_default();
        if !plan.has(address) && !out.contains(&value) {
            out.push(value);
        }
    }
    out
}

/// The part of a link after the site's base, when the link is internal.
fn internal<'v>(value: &'v str, base: &str, absolute: Option<&str>) -> Option<&'v str> {
    if let Some(rest) = absolute.and_then(|a| value.strip_prefix(a)) {
        return Some(rest);
    }
    if value.starts_with("//") {
        return None;
    }
    value.strip_prefix(base)
}

/// The values of every `href`, `src` and `action` attribute, as they stand in the page
/// (quoted with `"`, as the templates, tera's escaper and the markdown sanitiser write them).
fn link_values(html: &str) -> impl Iterator<Item = &str> {
    let bytes = html.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while let Some(i) = memchr_eq(&bytes[at..]) {
            let eq = at + i;
            at = eq + 1;
            if bytes.get(eq + 1) != Some(&b'"') {
                continue;
            }
            let name_end = eq;
            let name_start = bytes[..name_end].iter().rposition(|b| !b.is_ascii_alphabetic()).map_or(0, |p| p + 1);
            let name = &html[name_start..name_end];
            let preceded_by_space = name_start > 0 && bytes[name_start - 1].is_ascii_whitespace();
            if !preceded_by_space || !matches!(name, "href" | "src" | "action") {
                continue;
            }
            let start = eq + 2;
            let end = start + html[start..].find('"')?;
            at = end + 1;
            return Some(&html[start..end]);
        }
        None
    })
}

fn memchr_eq(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'=')
}

/// The character references an attribute value holds in our pages, decoded (`&amp;` in a
/// query string); anything else stays as written.
fn decode(v: &str) -> String {
    if !v.contains('&') {
        return v.to_string();
    }
    v.replace("&amp;", "&").replace("&#x2F;", "/").replace("&#x27;", "'").replace("&quot;", "\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(addresses: &[&str]) -> Plan {
        Plan { pages: Vec::new(), addresses: addresses.iter().map(|a| a.to_string()).collect(), files: Vec::new() }
    }

    #[test]
    fn a_link_to_an_unplanned_page_is_found() {
        let p = plan(&["", "providers/", "assets/style.css", "glossary/"]);
        let html = r##"<link rel="stylesheet" href="/assets/style.css"><a href="/">Home</a>
<a href="/providers/#top">A</a> <a class="x" href="/about/">About</a>
<a href="/search/?area=hackney&amp;delivery=online">Find</a> <img alt="" src="/logo.png">
<a href="https://example.com/about/">elsewhere</a> <a href="mailto:a@b.c">mail</a> <a href="#main">skip</a>
<form action="/search/"></form> <a data-href="/nowhere/">not a link</a>"##;
        assert_eq!(
            unplanned(html, &p, "/", None),
            ["/about/", "/search/?area=hackney&delivery=online", "/logo.png", "/search/"]
        );
    }

    #[test]
    fn links_under_a_base_path_and_an_absolute_base() {
        let p = plan(&["", "areas/hackney/"]);
        let html = r##"<link rel="canonical" href="https://example.org/t/areas/hackney/"><a href="/t/areas/hackney/">H</a>
<a href="https://example.org/t/areas/newham/">N</a> <a href="/other/">outside the base: another site's</a>
<a href="//cdn.example/x.js">protocol-relative</a>"##;
        assert_eq!(unplanned(html, &p, "/t/", Some("https://example.org/t/")), ["https://example.org/t/areas/newham/"]);
    }

    #[test]
    fn the_not_found_page_is_no_address() {
        let p = plan(&["", "404.html"]);
        assert_eq!(unplanned(r#"<a href="/404.html">x</a>"#, &p, "/", None), ["/404.html"]);
    }
}
