/*!
Minifying finished pages and the theme's stylesheets and scripts, when `site.yaml` sets
`minify: true`.

Pages go through minify-html configured to stay valid HTML: attribute values keep their quotes
whenever an unquoted value would break the specification's rules, attributes keep the space
between them, and character references keep their semicolons (so a link such as
`?id=7&section=2` is not republished as `?id=7&ampsection=2`). These are minify-html's own
defaults; the settings it offers to trade validity for bytes stay off.

Stylesheets go through lightningcss and scripts through oxc, the two minifiers minify-html
itself uses for `<style>` and `<script>`. A file either cannot parse is published as written:
the theme is the site author's, and a byte saved is not worth a script that stops working.
*/

use std::borrow::Cow;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// minify-html's settings for pages: nothing that the Nu HTML Checker would refuse.
fn page_cfg() -> minify_html::Cfg {
    minify_html::Cfg {
        // The defaults are the specification-compliant choices; named here so that a reader
        // sees they are meant, not forgotten.
        allow_noncompliant_unquoted_attribute_values: false,
        allow_removing_spaces_between_attributes: false,
        allow_optimal_entities: false,
        minify_doctype: false,
        // Pages carry no inline script or style of their own, only JSON-LD, which is data.
        minify_js: false,
        minify_css: false,
        ..minify_html::Cfg::default()
    }
}

/// A finished page, minified. Should minify-html ever fail on a page (it parses any input,
/// so this is a guard, not a path the tests reach), the page is published as rendered: it is
/// already valid, only larger.
pub fn page(html: String) -> Vec<u8> {
    let cfg = page_cfg();
    match quietly(|| minify_html::minify(html.as_bytes(), &cfg)) {
        Some(min) => min,
        None => html.into_bytes(),
    }
}

/// A piece of a page (one list entry), minified on its own: the same settings as a page, so
/// the piece reads as it would inside one. A failure keeps the piece as rendered, as [`page`] does.
pub fn fragment(html: &str) -> String {
    let cfg = page_cfg();
    quietly(|| minify_html::minify(html.as_bytes(), &cfg))
        .and_then(|m| String::from_utf8(m).ok())
        .unwrap_or_else(|| html.to_string())
}

/// A theme file under `assets/`, minified if it is a stylesheet or a script, by its extension.
/// Anything else, and a stylesheet or script that does not parse, comes back as it is.
pub fn asset<'b>(path: &str, bytes: &'b [u8]) -> Cow<'b, [u8]> {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e).to_ascii_lowercase();
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Cow::Borrowed(bytes);
    };
    let min = match ext.as_str() {
        "css" => quietly(|| css(text)).flatten(),
        "js" | "mjs" => quietly(|| js(text, ext == "mjs")).flatten(),
        _ => None,
    };
    match min {
        Some(m) if m.len() < bytes.len() => Cow::Owned(m.into_bytes()),
        _ => Cow::Borrowed(bytes),
    }
}

fn css(text: &str) -> Option<String> {
    use lightningcss::stylesheet::{MinifyOptions, ParserOptions, PrinterOptions, StyleSheet};
    let mut sheet = StyleSheet::parse(text, ParserOptions::default()).ok()?;
    sheet.minify(MinifyOptions::default()).ok()?;
    let printer = PrinterOptions { minify: true, ..PrinterOptions::default() };
    Some(sheet.to_css(printer).ok()?.code)
}

/// A script minified. A classic script and a module differ in meaning (strict mode, what its
/// top-level names are), so a `.js` file is read as a classic script unless only a module can
/// hold it (it imports or exports). Top-level names are never renamed: another script, or a
/// module importing this one, may use them.
fn js(text: &str, module: bool) -> Option<String> {
    use oxc_allocator::Allocator;
    use oxc_codegen::{Codegen, CodegenOptions, CommentOptions, LegalComment};
    use oxc_minifier::{CompressOptions, MangleOptions, Minifier, MinifierOptions};
    use oxc_parser::Parser;
    use oxc_span::SourceType;

    let alloc = Allocator::default();
    // `unambiguous`: a module if it has `import` or `export`, else a classic script.
    let kind = if module { SourceType::mjs() } else { SourceType::unambiguous() };
    let parsed = Parser::new(&alloc, text, kind).parse();
    if !parsed.errors.is_empty() || parsed.panicked {
        return None;
    }
    let mut program = parsed.program;
    let options = MinifierOptions {
        mangle: Some(MangleOptions { top_level: false, ..MangleOptions::default() }),
        // The conservative set: nothing that needs the whole program to be known.
        compress: Some(CompressOptions::safest()),
    };
    let ret = Minifier::new(options).minify(&alloc, &mut program);
    let code = Codegen::new()
        // Comments go, except a licence's (`/*!`, `@license`), which a theme's author may owe.
        .with_options(CodegenOptions {
            comments: CommentOptions { legal: LegalComment::Inline, ..CommentOptions::disabled() },
            ..CodegenOptions::minify()
        })
        .with_scoping(ret.scoping)
        .with_private_member_mappings(ret.class_private_mappings)
        .build(&program)
        .code;
    Some(code)
}

/// Runs a minifier, turning a panic inside it into `None` without printing it: the caller
/// then publishes the input unminified, which is what it would have been without `minify`.
fn quietly<T>(f: impl FnOnce() -> T) -> Option<T> {
    catch_unwind(AssertUnwindSafe(f)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_str(s: &str) -> String {
        String::from_utf8(page(s.to_string())).unwrap()
    }

    #[test]
    fn quotes_and_references_stay_where_the_specification_needs_them() {
        let min = page_str(
            "<!DOCTYPE html><html lang=\"en-GB\"><body>\n  <p title=\"x&#x27;&quot;&gt;\">x&#x27;&quot;&gt;</p>\n  \
             <a href=\"https://a.example/?id=7&amp;section=2\" class=\"a b\">site</a>\n</body></html>",
        );
        assert!(!min.contains("&ampsection"), "{min}");
        assert!(min.contains("?id=7&amp;section=2") || min.contains("?id=7&section=2"), "{min}");
        // Two attributes are never run together, and a value holding a space keeps quotes.
        assert!(min.contains("class=\"a b\"") || min.contains("class='a b'"), "{min}");
        assert!(!min.contains("\"class") && !min.contains("'class"), "{min}");
        assert!(min.to_ascii_lowercase().starts_with("<!doctype html>"), "{min}");
    }

    #[test]
    fn text_holding_every_kind_of_quote_and_a_bracket_minifies() {
        for s in ["x'\">", "'\"`=<>&", "\"'", "a=b c", "&amp;&lt;&#x27;"] {
            let esc = crate::render::escape_html(s);
            let html = format!("<p data-x=\"{esc}\" title=\"{esc}\">{esc}</p><meta content=\"{esc}\">");
            let min = page_str(&html);
            assert!(min.len() <= html.len(), "{min}");
        }
    }

    #[test]
    fn stylesheets_and_scripts_shrink_and_stay_the_same_twice() {
        let css = ".a { color: #ff0000; margin: 0px 0px 0px 0px }\n\n/* why */\n.b{color:red}\n";
        let a = asset("style.css", css.as_bytes());
        assert!(a.len() < css.len(), "{}", String::from_utf8_lossy(&a));
        assert_eq!(a, asset("style.css", css.as_bytes()));

        let script = "function setup(longName) {\n  // why\n  const another = longName + 1;\n  return another;\n}\nwindow.setup = setup;\n";
        let s = asset("search.js", script.as_bytes());
        let text = String::from_utf8_lossy(&s);
        assert!(s.len() < script.len(), "{text}");
        assert!(text.contains("function setup("), "a classic script keeps its top-level names: {text}");
        assert_eq!(s, asset("search.js", script.as_bytes()));

        let module = "import { x } from './x.js';\nexport function longExportedName(value) { return x(value); }\n";
        let m = asset("search/main.js", module.as_bytes());
        let text = String::from_utf8_lossy(&m);
        assert!(text.contains("longExportedName") && text.contains("./x.js"), "{text}");
    }

    #[test]
    fn what_does_not_parse_or_is_not_css_or_js_is_kept() {
        let bad = "function ( {";
        assert_eq!(asset("a.js", bad.as_bytes()), bad.as_bytes());
        let svg = "<svg>  </svg>";
        assert_eq!(asset("a.svg", svg.as_bytes()), svg.as_bytes());
        assert_eq!(asset("a.css", b"\xff\xfe"), &b"\xff\xfe"[..]);
    }
}
