/*!
Stage 3, **render**: the linked [`Site`] becomes HTML pages.

The renderer lists every page the site has as a [`Job`], then renders jobs in parallel with
tera, handing each finished page to a sink (the writer) as soon as it is done, so the whole
site is never held in memory at once. Templates are parsed once per build.
*/

pub mod audit;
pub mod charts;
pub mod compact;
pub mod compare;
pub mod entries;
pub mod highlight;
pub mod markdown;
pub mod minify;
pub mod models;
pub mod pages;
pub mod views;

use crate::link::Site;
use crate::load::theme::Theme;
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub use pages::Job;

/// A list entry, finished once and shared by every page that lists it.
pub type Card = std::sync::Arc<entries::Entry>;

/// One finished output file, relative to the output root.
pub struct Output {
    pub path: String,
    pub bytes: Vec<u8>,
    /// Internal links on the page to addresses the plan does not have, as written.
    pub unplanned: Vec<String>,
}

/// Time spent per template and in the steps inside rendering, for `--timings`.
#[derive(Default)]
pub struct Timings {
    pub per_template: BTreeMap<String, (usize, Duration)>,
    pub markdown: Duration,
    pub minify: Duration,
}

pub struct Renderer<'a> {
    pub site: &'a Site,
    tera: std::sync::Arc<tera::Tera>,
    pub hl: highlight::Highlighter,
    /// Path prefix every internal link starts with: `/` or `/therapies/`.
    pub base: String,
    /// Absolute site URL for canonical links and the sitemap, if the base URL has a host.
    pub absolute: Option<String>,
    pub timings: Mutex<Timings>,
    pub minify: bool,
    letters: std::sync::OnceLock<Vec<(String, Vec<usize>)>>,
    /// Each provider's entry in the pre-built lists, rendered once: a provider is on a list
    /// for its letter and on one for every area and kind of support it offers.
    /// Held finished (minified when the site asks): see [`entries`].
    cards: Vec<std::sync::OnceLock<Card>>,
    /// Each distinct row of the audit's lists, finished, by provider and what it shows: a
    /// provider's row is the same on the list of every area whose lots it shares.
    rows: Vec<Mutex<Vec<(audit::lists::RowKey, Card)>>>,
    /// Each area's and each kind of support's page without its list, with the providers
    /// on the list: the same for every page of the list.
    area_heads: Vec<std::sync::OnceLock<(serde_json::Value, Vec<usize>)>>,
    intervention_heads: Vec<std::sync::OnceLock<(serde_json::Value, Vec<usize>)>>,
    /// The landscape audit, worked out once for `/landscape/`, area pages and their lists.
    audit: std::sync::OnceLock<crate::audit::Audit>,
    /// The pages a template may link only when they exist (content pages, the lists by
    /// funding route and by delivery), as a map from address to `true`: see [`Renderer::use_plan`].
    planned: std::sync::OnceLock<serde_json::Value>,
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, theme: &Theme, base_url: &str) -> Result<Renderer<'a>, String> {
        let tera = parse_templates(theme)?;
        Ok(Renderer::with_templates(site, std::sync::Arc::new(tera), base_url))
    }

    /// A renderer for `site` with templates another renderer parsed (see [`Renderer::templates`]):
    /// `serve` parses them once, not once per edit.
    pub fn with_templates(site: &'a Site, tera: std::sync::Arc<tera::Tera>, base_url: &str) -> Renderer<'a> {
        let (base, absolute) = split_base_url(base_url);
        Renderer {
            site,
            tera,
            hl: highlight::Highlighter::new(),
            base,
            absolute,
            timings: Mutex::new(Timings::default()),
            minify: site.config.minify,
            letters: std::sync::OnceLock::new(),
            cards: (0..site.providers.len()).map(|_| std::sync::OnceLock::new()).collect(),
            rows: (0..site.providers.len()).map(|_| Mutex::default()).collect(),
            area_heads: (0..site.areas.len()).map(|_| std::sync::OnceLock::new()).collect(),
            intervention_heads: (0..site.interventions.len()).map(|_| std::sync::OnceLock::new()).collect(),
            audit: std::sync::OnceLock::new(),
            planned: std::sync::OnceLock::new(),
        }
    }

    /// The parsed templates, to hand to [`Renderer::with_templates`].
    pub fn templates(&self) -> std::sync::Arc<tera::Tera> {
        self.tera.clone()
    }

    /// Renders one template with a context, timing it under the template's name.
    pub fn render(&self, template: &str, ctx: &tera::Context) -> Result<String, String> {
        let t = Instant::now();
        let out = self.tera.render(template, ctx).map_err(|e| describe_tera_error(&e))?;
        let mut tm = self.timings.lock().expect("timings");
        let e = tm.per_template.entry(template.to_string()).or_default();
        e.0 += 1;
        e.1 += t.elapsed();
        Ok(out)
    }

    /// Providers grouped by first letter, worked out once per build.
    pub fn letters(&self) -> &[(String, Vec<usize>)] {
        self.letters.get_or_init(|| pages::letters(self.site))
    }

    /// Renders every provider's entry in the pre-built lists, once. The build calls it
    /// before rendering pages in parallel, so no two list pages race to render them all.
    pub fn prepare_cards(&self) -> Result<(), String> {
        use rayon::prelude::*;
        (0..self.site.providers.len()).into_par_iter().try_for_each(|i| self.card(i).map(drop))
    }

    /// Provider `p`'s entry in the pre-built lists, from `provider_card.html`.
    pub fn card(&self, p: usize) -> Result<&Card, String> {
        if let Some(card) = self.cards[p].get() {
            return Ok(card);
        }
        let mut ctx = tera::Context::new();
        ctx.insert("p", &views::provider_row(self.site, p));
        ctx.insert("base", &self.base);
        ctx.insert("today", &self.site.today.long());
        let card = self.entry(self.render("provider_card.html", &ctx)?);
        Ok(self.cards[p].get_or_init(|| card))
    }

    /// A row of one of the audit's lists, from `audit_row.html`, made once for each distinct key.
    pub fn audit_row(&self, key: audit::lists::RowKey) -> Result<Card, String> {
        let slot = &self.rows[key.provider];
        if let Some((_, e)) = slot.lock().expect("rows").iter().find(|(k, _)| *k == key) {
            return Ok(e.clone());
        }
        let mut ctx = tera::Context::new();
        ctx.insert("r", &audit::lists::row(self.site, &key));
        ctx.insert("cell", &key.cell);
        ctx.insert("online_list", &key.online_list);
        ctx.insert("base", &self.base);
        let e = self.entry(self.render("audit_row.html", &ctx)?);
        let mut held = slot.lock().expect("rows");
        // Two threads may make the same row at once; both made the same bytes, and one is kept.
        if let Some((_, kept)) = held.iter().find(|(k, _)| *k == key) {
            return Ok(kept.clone());
        }
        held.push((key, e.clone()));
        Ok(e)
    }

    /// A rendered entry, finished: its links read, minified if the site asks, timed as minify.
    fn entry(&self, rendered: String) -> Card {
        let t = Instant::now();
        let e = std::sync::Arc::new(entries::Entry::new(rendered, self.minify));
        if self.minify {
            self.timings.lock().expect("timings").minify += t.elapsed();
        }
        e
    }

    /// Takes list entries rendered by an earlier renderer of the same templates, by
    /// provider index, so `serve` re-renders only the entry of a provider that changed.
    pub fn reuse_cards(&mut self, cards: Vec<Option<Card>>) {
        for (slot, card) in self.cards.iter_mut().zip(cards) {
            if let Some(card) = card {
                *slot = std::sync::OnceLock::from(card);
            }
        }
    }

    /// The list entries rendered so far, by provider index.
    pub fn take_cards(&mut self) -> Vec<Option<Card>> {
        self.cards.iter_mut().map(std::sync::OnceLock::take).collect()
    }

    /// Takes an audit of this renderer's site already worked out (the list of pages needs
    /// one too), so that it is not worked out twice.
    pub fn use_audit(&self, audit: crate::audit::Audit) {
        let _ = self.audit.set(audit);
    }

    /// Takes from the plan the optional pages templates ask about (`planned["glossary/"]`):
    /// the content pages, which a region may delete, and the lists by funding route and by
    /// delivery, which exist only when a provider is on them.
    pub fn use_plan(&self, plan: &crate::plan::Plan) {
        let _ = self.planned.set(planned_map(plan));
    }

    pub(crate) fn planned(&self) -> &serde_json::Value {
        static NONE: serde_json::Value = serde_json::Value::Null;
        self.planned.get().unwrap_or(&NONE)
    }

    pub fn audit(&self) -> &crate::audit::Audit {
        self.audit.get_or_init(|| crate::audit::Audit::build(self.site))
    }

    pub fn has_template(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|n| n == name)
    }

    /// Minifies a finished HTML page with minify-html, if the site asks for it; see
    /// [`minify`] for the settings that keep it valid HTML.
    pub fn finish_html(&self, html: String) -> Vec<u8> {
        if !self.minify {
            return html.into_bytes();
        }
        let t = Instant::now();
        let out = minify::page(html);
        self.timings.lock().expect("timings").minify += t.elapsed();
        out
    }

    pub fn note_markdown(&self, d: Duration) {
        self.timings.lock().expect("timings").markdown += d;
    }
}

/// The map of [`Renderer::use_plan`], in address order.
pub fn planned_map(plan: &crate::plan::Plan) -> serde_json::Value {
    use crate::plan::Job;
    let mut optional: Vec<&str> = plan
        .pages
        .iter()
        .filter(|p| match &p.job {
            Job::Content(_) => true,
            Job::AuditList { list, page: 1 } => {
                matches!(list, crate::audit::ListKind::Funding(_) | crate::audit::ListKind::Delivery(_))
            }
            _ => false,
        })
        .map(|p| p.url.as_str())
        .collect();
    optional.sort_unstable();
    serde_json::Value::Object(optional.into_iter().map(|u| (u.to_string(), serde_json::Value::Bool(true))).collect())
}

pub use crate::html::escape as escape_html;

/// `https://example.org/therapies/` → (`/therapies/`, Some(`https://example.org/therapies/`)).
pub fn split_base_url(base_url: &str) -> (String, Option<String>) {
    let b = base_url.trim();
    let with_slash = |s: &str| if s.ends_with('/') { s.to_string() } else { format!("{s}/") };
    if let Some(rest) = b.strip_prefix("https://").or_else(|| b.strip_prefix("http://")) {
        let path = rest.find('/').map_or("/", |i| &rest[i..]);
        (with_slash(path), Some(with_slash(b)))
    } else {
        let p = if b.starts_with('/') { b.to_string() } else { format!("/{b}") };
        (with_slash(&p), None)
    }
}

/// The theme's templates, parsed. What renders is each template with the whitespace of its
/// literal HTML taken out; an error is reported against the templates as written, so that it
/// names the line the author sees (parsing them twice costs time only when there is one).
fn parse_templates(theme: &Theme) -> Result<tera::Tera, String> {
    let compacted: Vec<(&str, String)> =
        theme.templates.iter().map(|(n, t)| (n.as_str(), compact::template(t))).collect();
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape_html);
    register_words(&mut tera);
    if let Err(compacted_error) = tera.add_raw_templates(compacted.iter().map(|(n, t)| (*n, t.as_str()))) {
        let mut written = tera::Tera::default();
        written.autoescape_on(vec![".html", ".xml"]);
        written
            .add_raw_templates(theme.templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| describe_tera_error(&e))?;
        return Err(format!("after taking out whitespace: {}", describe_tera_error(&compacted_error)));
    }
    Ok(tera)
}

/// The filters through which templates word counts and names (see [`crate::words`]):
/// `{{ n | counted(noun="provider") }}` gives "1 provider" or "2 providers" (`plural=` for a
/// noun with an irregular plural);
/// `{{ name | in_sentence }}` gives a name as it reads inside a sentence, acronyms kept.
fn register_words(tera: &mut tera::Tera) {
    use std::collections::HashMap;
    use tera::{to_value, try_get_value, Value};
    tera.register_filter("counted", |v: &Value, args: &HashMap<String, Value>| {
        let noun = match args.get("noun") {
            Some(x) => try_get_value!("counted", "noun", String, x),
            None => return Err("the `counted` filter needs `noun`, e.g. counted(noun=\"provider\")".into()),
        };
        let many = match args.get("plural") {
            Some(p) => try_get_value!("counted", "plural", String, p),
            None => crate::words::plural(&noun),
        };
        // A count may come as text: grouped in thousands ("1,204"), or held back as too
        // small to publish ("fewer than 5"), which takes the plural.
        let n = match v {
            Value::String(t) => match t.replace(',', "").parse::<f64>() {
                Ok(n) => n,
                Err(_) => return Ok(to_value(format!("{t} {many}"))?),
            },
            _ => try_get_value!("counted", "value", f64, v),
        };
        let words = crate::words::counted_as(n, &noun, &many);
        Ok(to_value(words)?)
    });
    tera.register_filter("in_sentence", |v: &Value, _: &HashMap<String, Value>| {
        let s = try_get_value!("in_sentence", "value", String, v);
        Ok(to_value(crate::words::in_sentence(&s))?)
    });
}

fn describe_tera_error(e: &tera::Error) -> String {
    use std::error::Error as _;
    let mut msg = e.to_string();
    let mut src = e.source();
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::{parse_templates, split_base_url};

    #[test]
    fn a_template_error_names_the_line_as_written() {
        let theme = |body: &str| crate::load::theme::Theme {
            templates: [("page.html".to_string(), body.to_string())].into(),
            assets: Default::default(),
        };
        let good = "<main>\n\n    <p>\n      {{ title }}\n    </p>\n</main>\n";
        assert!(parse_templates(&theme(good)).is_ok());
        // Taking out the whitespace joins these lines; the error must still say line 5.
        let bad = "<main>\n\n    <p>\n      {{ title }}\n      {% if %}\n    </p>\n</main>\n";
        let err = parse_templates(&theme(bad)).expect_err("a broken template is refused");
        assert!(err.contains("page.html"), "{err}");
        assert!(err.contains("5:"), "the line as written: {err}");
    }

    #[test]
    fn base_urls() {
        assert_eq!(split_base_url("/"), ("/".into(), None));
        assert_eq!(
            split_base_url("https://example.org/therapies"),
            ("/therapies/".into(), Some("https://example.org/therapies/".into()))
        );
        assert_eq!(split_base_url("https://example.org"), ("/".into(), Some("https://example.org/".into())));
    }
}
