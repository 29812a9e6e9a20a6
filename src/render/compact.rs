/*!
Whitespace taken out of the templates once, when they are read, instead of out of every page.

Most of the bytes a minifier removes from a page are the indentation of its template. Taking
that out of the template's literal text costs nothing per page; a per-page minifier costs more
than rendering does. Only literal HTML is touched: tera tags, and everything a template prints
from the register, pass through unchanged.

In literal text, a run of whitespace beside the start or end tag of a block element (a
list item, a table cell, a section) is dropped, because CSS collapses it away there; any other
run holding a line break becomes one line break, which renders as the single space it stood
for. Runs without a line break, and everything inside `pre`, `textarea`, `script` and `style`,
are kept as written.
*/

/// Elements beside whose tags whitespace never renders: block boxes, table parts, and the
/// elements of `head`.
const BLOCK: &[&str] = &[
    "!doctype",
    "address",
    "article",
    "aside",
    "base",
    "blockquote",
    "body",
    "br",
    "caption",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "link",
    "main",
    "meta",
    "nav",
    "ol",
    "p",
    "search",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
];

/// Elements whose content keeps its whitespace.
const VERBATIM: &[&str] = &["pre", "textarea", "script", "style"];

/// The template with the whitespace of its literal HTML collapsed; see the module docs.
pub fn template(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut html = Literal::default();
    let mut rest = src;
    while !rest.is_empty() {
        match next_tag(rest) {
            Some((start, end)) => {
                html.push(&rest[..start], &mut out);
                out.push_str(&rest[start..end]);
                rest = &rest[end..];
            }
            None => {
                html.push(rest, &mut out);
                break;
            }
        }
    }
    out
}

/// The byte range of the first tera tag (`{{ }}`, `{% %}`, `{# #}`) in `s`. An unclosed tag
/// runs to the end, so tera still sees it and reports it.
fn next_tag(s: &str) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    let start = (0..b.len().saturating_sub(1)).find(|&i| b[i] == b'{' && matches!(b[i + 1], b'{' | b'%' | b'#'))?;
    let close = match b[start + 1] {
        b'{' => b'}',
        c => c,
    };
    let mut i = start + 2;
    let mut quote: Option<u8> = None;
    while i < b.len() {
        match quote {
            Some(q) if b[i] == q => quote = None,
            Some(_) => {}
            // Comments are not expressions: a quote in one is just a character.
            None if close != b'#' && matches!(b[i], b'"' | b'\'' | b'`') => quote = Some(b[i]),
            None if b[i] == close && b.get(i + 1) == Some(&b'}') => return Some((start, i + 2)),
            None => {}
        }
        i += 1;
    }
    Some((start, b.len()))
}

/// What is known about the literal HTML read so far, across the tera tags between pieces.
#[derive(Default)]
struct Literal {
    /// The name of the tag most recently opened or closed, lower case.
    last_tag: String,
    /// Inside an element whose whitespace is kept, until its end tag.
    verbatim: Option<&'static str>,
}

impl Literal {
    /// Appends one piece of literal text to `out`, collapsed.
    fn push(&mut self, piece: &str, out: &mut String) {
        let b = piece.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if let Some(v) = self.verbatim {
                let end = format!("</{v}");
                match find_ci(&piece[i..], &end) {
                    Some(k) => {
                        out.push_str(&piece[i..i + k]);
                        self.verbatim = None;
                        i += k;
                    }
                    None => {
                        out.push_str(&piece[i..]);
                        return;
                    }
                }
                continue;
            }
            if b[i].is_ascii_whitespace() {
                let start = i;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                let run = &piece[start..i];
                let after_block = start > 0 && b[start - 1] == b'>' && is_block(&self.last_tag);
                let before_block = i < b.len() && b[i] == b'<' && is_block(&tag_name(&piece[i..]));
                if after_block || before_block {
                    continue;
                }
                if run.contains('\n') {
                    out.push('\n');
                } else {
                    out.push_str(run);
                }
                continue;
            }
            if b[i] == b'<' {
                let name = tag_name(&piece[i..]);
                if !name.is_empty() {
                    if !piece[i + 1..].starts_with('/') {
                        self.verbatim = VERBATIM.iter().copied().find(|v| *v == name);
                    }
                    self.last_tag = name;
                }
                // Inside a verbatim element from here: copy its start tag, then its content.
                if self.verbatim.is_some() {
                    let close = piece[i..].find('>').map_or(piece.len(), |k| i + k + 1);
                    out.push_str(&piece[i..close]);
                    i = close;
                    continue;
                }
            }
            let c = piece[i..].chars().next().expect("inside the piece");
            out.push(c);
            i += c.len_utf8();
        }
    }
}

/// `div` for `<div class=x>` and `</div>`, `!doctype` for `<!DOCTYPE html>`, empty for a `<`
/// that starts no tag.
fn tag_name(s: &str) -> String {
    let s = s.strip_prefix('<').unwrap_or(s);
    let s = s.strip_prefix('/').unwrap_or(s);
    s.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '!').collect::<String>().to_ascii_lowercase()
}

fn is_block(name: &str) -> bool {
    BLOCK.binary_search(&name).is_ok()
}

fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    hay.as_bytes().windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_list_is_sorted_for_binary_search() {
        let mut sorted = BLOCK.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, BLOCK);
    }

    #[test]
    fn indentation_beside_block_tags_goes() {
        let t = "<ul>\n  <li>\n    <a href=\"/\">Home</a>\n  </li>\n</ul>\n";
        assert_eq!(template(t), "<ul><li><a href=\"/\">Home</a></li></ul>");
    }

    #[test]
    fn space_between_inline_elements_stays_one_break() {
        let t = "<p><a href=\"/a\">A</a>\n    <a href=\"/b\">B</a>  and  <em>c</em></p>";
        assert_eq!(template(t), "<p><a href=\"/a\">A</a>\n<a href=\"/b\">B</a>  and  <em>c</em></p>");
    }

    #[test]
    fn tera_tags_pass_through_untouched() {
        let t = "<ul>\n  {% for x in xs %}\n  <li>{{ x | default(value=\"  a  }} b \") }}</li>\n  {% endfor %}\n</ul>";
        assert_eq!(
            template(t),
            "<ul>{% for x in xs %}<li>{{ x | default(value=\"  a  }} b \") }}</li>{% endfor %}</ul>"
        );
        // Whitespace between two tera tags with no HTML beside it may separate inline text.
        assert_eq!(template("{{ a }}\n   {{ b }}"), "{{ a }}\n{{ b }}");
        assert_eq!(template("{# it's\n  a comment #}\n"), "{# it's\n  a comment #}\n");
    }

    #[test]
    fn tag_split_by_an_expression_is_still_known() {
        let t = "<li class=\"{{ c }}\">\n  text\n</li>\n<span>\n x</span>";
        assert_eq!(template(t), "<li class=\"{{ c }}\">text</li><span>\nx</span>");
    }

    #[test]
    fn verbatim_elements_keep_their_whitespace() {
        let t = "<div>\n<pre>\n  a\n    b\n</pre>\n<script type=application/ld+json>\n  {{ ld }}\n</script>\n</div>";
        assert_eq!(
            template(t),
            "<div><pre>\n  a\n    b\n</pre>\n<script type=application/ld+json>\n  {{ ld }}\n</script></div>"
        );
    }

    #[test]
    fn unclosed_tera_tag_is_left_for_tera_to_report() {
        assert_eq!(template("<p>\n {{ oops </p>"), "<p>{{ oops </p>");
    }
}
