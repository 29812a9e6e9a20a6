/*!
List entries made once and placed into every list that holds them.

A provider is on the list of every area above the places it works, of every kind of support
it offers and of every funding route that pays for it: the same entry, in tens of pages.
Minifying each page whole would read those bytes once per page. Instead each distinct entry
is rendered and minified once ([`Entry`]); a list page is rendered with [`MARK`] where its
entries go, the page around them is minified as before, and the entries' bytes are put in
place of the mark ([`Entries::splice`]).

The mark is an element whose name no template or record can write: provider text is escaped,
so a `<` of its own never reaches the page, and minify-html keeps an unknown element as it is.
An entry's internal links are read once too, when it is made, and held against the plan on
every page that carries it.
*/

use std::sync::Arc;

/// Where a page's entries go, in the page as rendered and as minified.
pub const MARK: &str = "<landscape-entries></landscape-entries>";

/// One list entry, finished: minified if the site asks for it.
#[derive(Debug)]
pub struct Entry {
    pub html: String,
    /// The values of its `href`, `src` and `action` attributes, as the link check reads them.
    pub links: Vec<String>,
}

impl Entry {
    /// An entry from its rendered HTML: its links read, then minified when `minify` is on.
    pub fn new(rendered: String, minify: bool) -> Entry {
        let links = crate::plan::links::values(&rendered);
        let html = if minify { super::minify::fragment(&rendered) } else { rendered };
        Entry { html, links }
    }
}

/// The entries one page shows, in order.
#[derive(Debug, Default)]
pub struct Entries {
    items: Vec<Arc<Entry>>,
}

impl Entries {
    pub fn push(&mut self, e: Arc<Entry>) {
        self.items.push(e);
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The link values of every entry, for the link check.
    pub fn links(&self) -> impl Iterator<Item = &str> {
        self.items.iter().flat_map(|e| e.links.iter().map(String::as_str))
    }

    /// The finished page: `page` with its one mark replaced by the entries. A page without a
    /// mark is returned as it is; a page whose template holds the mark twice is an error, since
    /// no reading of it is right.
    pub fn splice(&self, page: Vec<u8>) -> Result<Vec<u8>, String> {
        let mark = MARK.as_bytes();
        let Some(at) = find(&page, mark) else {
            return if self.items.is_empty() {
                Ok(page)
            } else {
                Err("the template does not show its list (`list.cards` or `rows_html`)".into())
            };
        };
        if find(&page[at + mark.len()..], mark).is_some() {
            return Err("the template shows its list twice".into());
        }
        let len = page.len() - mark.len() + self.items.iter().map(|e| e.html.len()).sum::<usize>();
        let mut out = Vec::with_capacity(len);
        out.extend_from_slice(&page[..at]);
        for e in &self.items {
            out.extend_from_slice(e.html.as_bytes());
        }
        out.extend_from_slice(&page[at + mark.len()..]);
        Ok(out)
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(html: &str) -> Arc<Entry> {
        Arc::new(Entry::new(html.to_string(), true))
    }

    #[test]
    fn the_mark_survives_minifying_and_the_entries_take_its_place() {
        let page = format!(
            "<!DOCTYPE html><html lang=\"en\"><title>t</title><ul class=\"a b\">\n  {MARK}\n</ul><p>after</p></html>"
        );
        let shell = super::super::minify::page(page);
        let s = String::from_utf8(shell.clone()).unwrap();
        assert!(s.contains(MARK), "{s}");
        let mut es = Entries::default();
        es.push(entry("<li>\n  <a href=\"/providers/a/\">A</a>\n</li>"));
        es.push(entry("<li><a href=\"/providers/b/\">B</a></li>"));
        let out = String::from_utf8(es.splice(shell).unwrap()).unwrap();
        assert!(!out.contains("landscape-entries"), "{out}");
        assert!(out.contains("/providers/a/") && out.contains("/providers/b/"), "{out}");
        assert_eq!(es.links().collect::<Vec<_>>(), ["/providers/a/", "/providers/b/"]);
    }

    #[test]
    fn a_page_holding_the_mark_twice_or_entries_without_a_mark_is_refused() {
        let mut es = Entries::default();
        es.push(entry("<li>x</li>"));
        assert!(es.splice(format!("<p>{MARK}{MARK}").into_bytes()).is_err());
        assert!(es.splice(b"<p>none</p>".to_vec()).is_err());
        assert_eq!(Entries::default().splice(b"<p>none</p>".to_vec()).unwrap(), b"<p>none</p>");
    }
}
