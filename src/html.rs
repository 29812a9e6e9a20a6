/*!
Escaping text for HTML and for JSON inside a `<script>` element: one escaper for every page,
chart, feed and sitemap, below every stage that writes markup.
*/

/// The five characters that can end a text or a quoted attribute value, as references.
/// Tera's own escaping also turns every `/` into `&#x2F;`, which protects nothing in a
/// quoted attribute and makes every link six bytes a slash longer.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#x27;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
    out
}

/// JSON text that cannot close a `<script>` element or open a comment inside one.
pub fn script_safe_json(v: &serde_json::Value) -> String {
    serde_json::to_string(v)
        .expect("json")
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_can_end_text_or_an_attribute() {
        assert_eq!(
            escape(r#"<a href="x" title='y'>&amp;</a>"#),
            "&lt;a href=&quot;x&quot; title=&#x27;y&#x27;&gt;&amp;amp;&lt;/a&gt;"
        );
        assert_eq!(escape("/providers/é/"), "/providers/é/");
    }

    #[test]
    fn json_cannot_close_its_script() {
        let v = serde_json::json!({ "a": "</script><!--\u{2028}" });
        let s = script_safe_json(&v);
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('\u{2028}'), "{s}");
    }
}
