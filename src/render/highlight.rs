//! Syntax highlighting of fenced code with syntect, into CSS classes.
//!
//! Loading syntect's grammars costs far more than highlighting a block, so it happens once
//! and only if a page has code. The same block (say, the example record shown on several guides) is
//! highlighted once per build.
//!
//! The colours for the `hl-*` classes are the theme's, at the end of its `style.css`, chosen
//! for contrast: syntect's bundled themes have comment greys too pale for WCAG AA.

use super::markdown::escape;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

pub struct Highlighter {
    syntaxes: OnceLock<SyntaxSet>,
    cache: Mutex<HashMap<(String, String), String>>,
    pub blocks: std::sync::atomic::AtomicUsize,
}

impl Default for Highlighter {
    fn default() -> Self {
        Self::new()
    }
}

impl Highlighter {
    pub fn new() -> Highlighter {
        Highlighter { syntaxes: OnceLock::new(), cache: Mutex::new(HashMap::new()), blocks: 0.into() }
    }

    /// A `<pre>` block for `code` in language `lang` (a fence tag such as `yaml` or `sh`).
    pub fn block(&self, lang: &str, code: &str) -> String {
        let key = (lang.to_string(), code.to_string());
        if let Some(hit) = self.cache.lock().expect("cache").get(&key) {
            return hit.clone();
        }
        self.blocks.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let html = self.highlight(lang, code);
        self.cache.lock().expect("cache").insert(key, html.clone());
        html
    }

    fn highlight(&self, lang: &str, code: &str) -> String {
        let label = if lang.is_empty() { String::new() } else { format!(" data-lang=\"{}\"", escape(lang)) };
        let plain = || format!("<pre tabindex=\"0\"{label}><code>{}</code></pre>\n", escape(code));
        if lang.is_empty() {
            return plain();
        }
        let ss = self.syntaxes.get_or_init(SyntaxSet::load_defaults_newlines);
        let Some(syntax) = ss.find_syntax_by_token(lang) else {
            return plain();
        };
        let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, ss, STYLE);
        for line in LinesWithEndings::from(code) {
            if gen.parse_html_for_line_which_includes_newline(line).is_err() {
                return plain();
            }
        }
        // Keyboard users can scroll a wide block: it is focusable (WCAG 2.1.1).
        format!("<pre class=\"hl\" tabindex=\"0\"{label}><code>{}</code></pre>\n", gen.finalize())
    }
}
