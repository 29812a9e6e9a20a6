//! Writing the register as YAML text, in the shape `docs/FORMATS.md` gives. Hand-written on
//! purpose: `serde_yaml` stays in `load::yaml`, and the output looks like what editors write
//! (block scalars for markdown, one provider per file), which is what the loader must be fast
//! on.

use super::Region;
use crate::model::{Area, Date, DemandPeriod, Framework, Intervention, PracticeModel, Provider, Scheme};
use serde::Serialize;
use std::fmt::Write as _;

// Writing into a String cannot fail, so the fmt::Result is dropped here, once.
macro_rules! out {
    ($s:expr, $($arg:tt)*) => {{ let _ = writeln!($s, $($arg)*); }};
}

/// A double-quoted YAML scalar, which can hold any text: `"`, `\` and control characters
/// are escaped, everything else is kept (YAML is UTF-8).
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || c == '\u{feff}' || c == '\u{2028}' || c == '\u{2029}' => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A key with multi-line markdown: a literal block, as an editor writes it, unless the
/// text is something a block cannot carry faithfully (leading white space, control
/// characters, a missing final newline), which falls back to a quoted scalar.
fn block(s: &mut String, indent: &str, key: &str, text: &str) {
    let plain = text.ends_with('\n')
        && !text.ends_with("\n\n")
        && !text.starts_with('\n')
        && text.lines().all(|l| !l.starts_with([' ', '\t']) && !l.ends_with([' ', '\t']))
        && !text.chars().any(|c| c.is_control() && c != '\n');
    if !plain {
        out!(s, "{indent}{key}: {}", q(text));
        return;
    }
    out!(s, "{indent}{key}: |");
    for line in text.lines() {
        if line.is_empty() {
            s.push('\n');
        } else {
            out!(s, "{indent}  {line}");
        }
    }
}

/// An enum value as the model spells it in YAML (`in-person`, `local-authority`): asked of
/// serde itself, so the generator cannot drift from the model's renames.
pub(crate) fn tok<T: Serialize>(x: &T) -> String {
    match serde_json::to_value(x) {
        Ok(serde_json::Value::String(s)) => s,
        other => unreachable!("unit enum variants serialise as strings, not {other:?}"),
    }
}

/// `[a, b]` of ids or enum values, which are plain YAML scalars by construction.
fn flow<T: AsRef<str>>(items: &[T]) -> String {
    format!("[{}]", items.iter().map(|x| x.as_ref()).collect::<Vec<_>>().join(", "))
}

fn flow_tok<T: Serialize>(items: &[T]) -> String {
    flow(&items.iter().map(tok).collect::<Vec<_>>())
}

fn flow_q(items: &[String]) -> String {
    flow(&items.iter().map(|x| q(x)).collect::<Vec<_>>())
}

pub(super) fn site_yaml(region: &Region) -> String {
    let mut s = String::new();
    out!(s, "# A synthetic region from `landscape generate`: every provider is invented.");
    out!(s, "title: {}", q(&format!("Synthetic region: {} providers (seed {})", region.providers.len(), region.seed)));
    out!(s, "publisher: {}", q("Synthetic Children's Commissioning Partnership"));
    out!(s, "corrections_email: {}", q("corrections@synthetic-region.example"));
    out!(s, "base_url: /");
    out!(s, "page_size: 50");
    // As in the example: the bench must build the site users get, minified.
    out!(s, "minify: true");
    s
}

pub(super) fn areas_yaml(areas: &[Area]) -> String {
    let mut s = String::new();
    for a in areas {
        out!(s, "- id: {}", a.id);
        out!(s, "  name: {}", q(&a.name));
        out!(s, "  kind: {}", tok(&a.kind));
        if let Some(gss) = &a.gss {
            out!(s, "  gss: {gss}");
        }
        if let Some(parent) = &a.parent {
            out!(s, "  parent: {parent}");
        }
    }
    s
}

pub(super) fn interventions_yaml(interventions: &[Intervention]) -> String {
    let mut s = String::new();
    for i in interventions {
        out!(s, "- id: {}", i.id);
        out!(s, "  name: {}", q(&i.name));
        out!(s, "  group: {}", q(&i.group));
        out!(s, "  summary: {}", q(&i.summary));
        out!(s, "  category: {}", tok(&i.category));
        if let Some(helps) = &i.helps {
            out!(s, "  helps: {}", q(helps));
        }
        out!(s, "  funding: {}", flow_tok(&i.funding));
    }
    s
}

pub(super) fn practice_models_yaml(models: &[PracticeModel]) -> String {
    let mut s = String::new();
    for m in models {
        out!(s, "- id: {}", m.id);
        out!(s, "  name: {}", q(&m.name));
        out!(s, "  summary: {}", q(&m.summary));
    }
    s
}

pub(super) fn demand_yaml(d: &DemandPeriod) -> String {
    let mut s = String::with_capacity(64 * d.counts.len());
    out!(s, "# Invented figures, aggregated: never about a child.");
    out!(s, "period: {}", q(&d.period));
    out!(s, "starts: {}", d.starts);
    out!(s, "ends: {}", d.ends);
    out!(s, "counts:");
    for c in &d.counts {
        out!(s, "  - area: {}", c.area);
        out!(s, "    intervention: {}", c.intervention);
        for (key, value) in
            [("panel_requests", c.panel_requests), ("call_offs", c.call_offs), ("spot_purchases", c.spot_purchases)]
        {
            if let Some(v) = value {
                out!(s, "    {key}: {v}");
            }
        }
        if let Some(v) = c.spot_spend {
            out!(s, "    spot_spend: {v}");
        }
    }
    s
}

pub(super) fn schemes_yaml(schemes: &[Scheme]) -> String {
    let mut s = String::new();
    for x in schemes {
        out!(s, "- id: {}", x.id);
        out!(s, "  name: {}", q(&x.name));
        if let Some(body) = &x.body {
            out!(s, "  body: {}", q(body));
        }
        if let Some(url) = &x.url {
            out!(s, "  url: {}", q(url));
        }
        out!(s, "  kind: {}", tok(&x.kind));
        if let Some(summary) = &x.summary {
            out!(s, "  summary: {}", q(summary));
        }
        if !x.grades.is_empty() {
            out!(s, "  grades: {}", flow_q(&x.grades));
        }
        if !x.assesses.is_empty() {
            out!(s, "  assesses: {}", flow(&x.assesses));
        }
    }
    s
}

pub(super) fn framework_yaml(f: &Framework) -> String {
    let mut s = String::new();
    out!(s, "name: {}", q(&f.name));
    out!(s, "lead: {}", q(&f.lead));
    if !f.partners.is_empty() {
        out!(s, "partners: {}", flow_q(&f.partners));
    }
    out!(s, "route: {}", tok(&f.route));
    if let Some(summary) = &f.summary {
        out!(s, "summary: {}", q(summary));
    }
    if !f.areas.is_empty() {
        out!(s, "areas: {}", flow(&f.areas));
    }
    out!(s, "starts: {}", f.starts);
    out!(s, "ends: {}", f.ends);
    if !f.reopens.is_empty() {
        out!(s, "reopens: {}", flow(&f.reopens.iter().map(Date::to_string).collect::<Vec<_>>()));
    }
    if !f.funding.is_empty() {
        out!(s, "funding: {}", flow_tok(&f.funding));
    }
    if let Some(r) = &f.reservation {
        out!(s, "reservation:");
        out!(s, "  areas: {}", flow(&r.areas));
        out!(s, "  sme_vcse: {}", r.sme_vcse);
        if let Some(n) = r.notice {
            out!(s, "  notice: {}", tok(&n));
        }
    }
    if let Some(r) = f.regime {
        out!(s, "regime: {}", tok(&r));
    }
    if let Some(d) = f.procurement_started {
        out!(s, "procurement_started: {d}");
    }
    if let Some(url) = &f.url {
        out!(s, "url: {}", q(url));
    }
    out!(s, "lots:");
    for lot in &f.lots {
        out!(s, "  - number: {}", lot.number);
        if !lot.id.is_empty() {
            out!(s, "    id: {}", lot.id);
        }
        out!(s, "    title: {}", q(&lot.title));
        if let Some(summary) = &lot.summary {
            out!(s, "    summary: {}", q(summary));
        }
        out!(s, "    interventions: {}", flow(&lot.interventions));
        if !lot.areas.is_empty() {
            out!(s, "    areas: {}", flow(&lot.areas));
        }
        out!(s, "    call_off: {}", tok(&lot.call_off));
    }
    s
}

pub(crate) fn provider_yaml(p: &Provider) -> String {
    let mut s = String::with_capacity(4096);
    out!(s, "name: {}", q(&p.name));
    out!(s, "legal_form: {}", tok(&p.legal_form));
    if let Some(sme) = p.sme {
        out!(s, "sme: {sme}");
    }
    if let Some(vcse) = p.vcse {
        out!(s, "vcse: {vcse}");
    }
    if let Some(sector) = p.sector {
        out!(s, "sector: {}", tok(&sector));
    }
    let r = &p.registrations;
    if r.charity.is_some() || r.company.is_some() || r.ofsted_urn.is_some() {
        out!(s, "registrations:");
        for (key, value) in [("charity", &r.charity), ("company", &r.company), ("ofsted_urn", &r.ofsted_urn)] {
            if let Some(v) = value {
                out!(s, "  {key}: {}", q(v));
            }
        }
    }
    out!(s, "summary: {}", q(&p.summary));
    block(&mut s, "", "description", &p.description);
    if let Some(pm) = &p.practice_model {
        block(&mut s, "", "practice_model", pm);
    }
    if !p.practice_models.is_empty() {
        out!(s, "practice_models: {}", flow(&p.practice_models));
    }
    if !p.languages.is_empty() {
        out!(s, "languages: {}", flow_q(&p.languages));
    }
    out!(s, "services:");
    for v in &p.services {
        out!(s, "  - intervention: {}", v.intervention);
        out!(s, "    ages: {}-{}", v.ages.from, v.ages.to);
        out!(s, "    delivery: {}", flow_tok(&v.delivery));
        if !v.areas.is_empty() {
            out!(s, "    areas: {}", flow(&v.areas));
        }
        if !v.online_areas.is_empty() {
            out!(s, "    online_areas: {}", flow(&v.online_areas));
        }
        if let Some(p) = &v.postcode {
            out!(s, "    postcode: {p}");
        }
        if let Some(n) = v.places {
            out!(s, "    places: {n}");
        }
        if let Some(h) = v.home_type {
            out!(s, "    home_type: {}", tok(&h));
        }
        if let Some(w) = v.wait_weeks {
            out!(s, "    wait_weeks: {w}");
        }
        out!(s, "    accepting: {}", v.accepting);
        if !v.languages.is_empty() {
            out!(s, "    languages: {}", flow_q(&v.languages));
        }
        if let Some(cost) = &v.cost {
            out!(s, "    cost: {}", q(cost));
        }
        if !v.funding.is_empty() {
            out!(s, "    funding: {}", flow_tok(&v.funding));
        }
    }
    if !p.lots.is_empty() {
        out!(s, "lots:");
        for m in &p.lots {
            if m.framework.is_empty() {
                out!(s, "  - lot: {}", m.lot);
            } else {
                out!(s, "  - framework: {}", m.framework);
                out!(s, "    lot: {}", m.lot);
            }
            out!(s, "    status: {}", tok(&m.status));
            out!(s, "    joined: {}", m.joined);
            if let Some(d) = m.status_since {
                out!(s, "    status_since: {d}");
            }
            if let Some(r) = m.rank {
                out!(s, "    rank: {r}");
            }
        }
    }
    if !p.awards.is_empty() {
        out!(s, "awards:");
        for a in &p.awards {
            out!(s, "  - scheme: {}", a.scheme);
            out!(s, "    status: {}", tok(&a.status));
            if let Some(d) = a.status_since {
                out!(s, "    status_since: {d}");
            }
            if let Some(d) = a.awarded {
                out!(s, "    awarded: {d}");
            }
            if let Some(d) = a.expires {
                out!(s, "    expires: {d}");
            }
            if let Some(r) = &a.reference {
                out!(s, "    reference: {}", q(r));
            }
            if let Some(g) = &a.grade {
                out!(s, "    grade: {}", q(g));
            }
            if let Some(d) = a.inspected {
                out!(s, "    inspected: {d}");
            }
        }
    }
    let domains = [
        ("governance", &p.governance.governance),
        ("therapeutic_practice", &p.governance.therapeutic_practice),
        ("workforce", &p.governance.workforce),
        ("model_of_care", &p.governance.model_of_care),
        ("outcomes", &p.governance.outcomes),
    ];
    if domains.iter().any(|d| d.1.is_some()) {
        out!(s, "governance:");
        for (key, answer) in domains {
            if let Some(a) = answer {
                out!(s, "  {key}: {{ answer: {}, evidence: {} }}", tok(&a.answer), q(&a.evidence));
            }
        }
    }
    let c = &p.contact;
    out!(s, "contact:");
    for (key, value) in [("email", &c.email), ("phone", &c.phone), ("website", &c.website)] {
        if let Some(v) = value {
            out!(s, "  {key}: {}", q(v));
        }
    }
    if let Some(referral) = &c.referral {
        out!(s, "  referral: {}", q(referral));
    }
    for (key, value) in [("address", &c.address), ("postcode", &c.postcode)] {
        if let Some(v) = value {
            out!(s, "  {key}: {}", q(v));
        }
    }
    out!(s, "reviewed: {}", p.reviewed);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_survives_hostile_text() {
        assert_eq!(q(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(q("line\nnext\ttab\u{7}"), "\"line\\nnext\\ttab\\u0007\"");
        assert_eq!(q("£95 – café"), "\"£95 – café\"");
        let mut s = String::new();
        block(&mut s, "", "description", "  starts with spaces\n");
        assert!(s.starts_with("description: \""), "{s}");
        let mut s = String::new();
        block(&mut s, "", "description", "One.\n\nTwo.\n");
        assert_eq!(s, "description: |\n  One.\n\n  Two.\n");
    }
}
