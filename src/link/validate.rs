//! The register's rules: every id well formed and unique, every reference resolved, every
//! value well formed, and the domain rules (funding, dates, grades) that keep it true.

use super::handbook::{Handbook, ItemKind};
use super::urls::{is_slug, slugify};
use super::IdIndex;
use crate::date::Date;
use crate::diagnostic::{did_you_mean, more_in_file, Diagnostic, Diagnostics, RefKind, MAX_PER_FILE};
use crate::model::*;
use rayon::prelude::*;
use std::collections::HashMap;

pub struct Ctx<'a> {
    pub today: Date,
    pub area_ix: &'a IdIndex,
    pub intervention_ix: &'a IdIndex,
    pub scheme_ix: &'a IdIndex,
    pub framework_ix: &'a IdIndex,
    pub practice_model_ix: &'a IdIndex,
    pub lots: &'a LotIndex,
    pub areas: &'a [Sourced<Area>],
    pub interventions: &'a [Sourced<Intervention>],
    pub schemes: &'a [Sourced<Scheme>],
    pub frameworks: &'a [Sourced<Framework>],
    pub handbook: &'a Handbook,
}

/// Collects diagnostics for one record, so records can be checked in parallel.
struct Rec<'a, T> {
    s: &'a Sourced<T>,
    /// Field path prefix: `[3].` for an entry of a list file, "" for a one-record file.
    at: String,
    out: Vec<Diagnostic>,
    /// Past [`MAX_PER_FILE`], diagnostics are counted here, not placed in the text.
    more: usize,
    /// Where a diagnostic past the limit goes, so callers can still set its suggestion.
    spare: Diagnostic,
}

impl<'a, T> Rec<'a, T> {
    fn new(s: &'a Sourced<T>, at: String) -> Self {
        Rec { s, at, out: Vec::new(), more: 0, spare: Diagnostic::error(&s.file, "") }
    }
    fn push(&mut self, d: Diagnostic, field: &str) -> &mut Diagnostic {
        // Finding a field's line reads the file: a record with a million mistakes must not
        // read it a million times.
        if self.out.len() >= MAX_PER_FILE {
            self.more += 1;
            return &mut self.spare;
        }
        let path = format!("{}{field}", self.at);
        self.out.push(d.field(&self.s.text, &path));
        self.out.last_mut().unwrap()
    }
    fn err(&mut self, field: &str, msg: impl Into<String>) -> &mut Diagnostic {
        let d = Diagnostic::error(&self.s.file, msg);
        self.push(d, field)
    }
    fn warn(&mut self, field: &str, msg: impl Into<String>) -> &mut Diagnostic {
        let d = Diagnostic::warning(&self.s.file, msg);
        self.push(d, field)
    }
    /// The record's diagnostics, with a note if some were left out.
    fn finish(mut self) -> Vec<Diagnostic> {
        if self.more > 0 {
            self.out.push(more_in_file(&self.s.file));
        }
        self.out
    }
    /// Reports `id` if it is not a key of `ix`, suggesting the nearest one.
    fn reference(&mut self, field: &str, kind: RefKind, id: &str, ix: &IdIndex) {
        if !ix.contains_key(id) {
            let best = did_you_mean(id, ix.keys().map(String::as_str)).map(str::to_owned);
            let d = self.err(field, format!("unknown {} `{id}`", kind_word(kind)));
            d.refers_to = Some((kind, id.to_string()));
            if let Some(b) = best {
                d.suggestion = Some(format!("did you mean `{b}`?"));
            }
        }
    }
    fn url(&mut self, field: &str, url: &str) {
        if let Err(m) = check_url(url) {
            self.err(field, m).suggestion = Some("write a full https:// address".into());
        }
    }
    /// Every text field is untrusted: bounded in size, and free of characters that are
    /// invisible on the page but change what it shows.
    fn text(&mut self, field: &str, text: &str, limit: usize) {
        if text.len() > limit {
            self.err(field, format!("text is {} bytes; the limit for this field is {limit}", text.len())).suggestion =
                Some("shorten it; a page of the site is not the place for a long document".into());
        }
        if text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r')) {
            self.err(field, "text holds control characters").suggestion =
                Some("retype the text; it was probably pasted from a binary file".into());
        }
        if let Some(c) = text.chars().find(|&c| is_bidi_control(c)) {
            self.err(field, format!("text holds an invisible direction control (U+{:04X})", c as u32)).suggestion =
                Some("delete it: it can make text show in a different order from the one written".into());
        }
    }
    /// A short text shown on one line: a name, a language, a price.
    fn line(&mut self, field: &str, text: &str, limit: usize) {
        self.text(field, text, limit);
        if text.trim().is_empty() {
            self.err(field, "text is empty");
        } else if text.trim_end().contains(['\n', '\r']) {
            self.err(field, "text runs over more than one line").suggestion =
                Some("write it on one line; use the description for longer text".into());
        }
    }
}

fn kind_word(kind: RefKind) -> &'static str {
    match kind {
        RefKind::Area => "area",
        RefKind::Intervention => "intervention",
        RefKind::Scheme => "scheme",
        RefKind::Framework => "framework",
        RefKind::Provider => "provider",
        RefKind::Item => "standard",
        RefKind::Page => "page",
        RefKind::Url => "page",
        RefKind::PracticeModel => "practice model",
    }
}

/// Every lot of the register, by its id and by framework and number.
#[derive(Debug, Default)]
pub struct LotIndex {
    /// Lot id → (framework, lot), both indexes into the register's frameworks.
    pub by_id: HashMap<Id, (usize, usize)>,
    /// (framework, lot number) → lot index.
    pub by_number: HashMap<(usize, u32), usize>,
}

/// The id a lot has when its record gives none.
pub fn default_lot_id(framework: &str, number: u32) -> Id {
    format!("{framework}-lot-{number}")
}

/// Gives each lot without an id its default one, then indexes every lot, refusing an id
/// that is not a slug or is used twice across the register.
pub fn index_lots(frameworks: &mut [Sourced<Framework>], diags: &mut Diagnostics) -> LotIndex {
    let mut ix = LotIndex::default();
    let mut first_at: HashMap<Id, String> = HashMap::new();
    for (fi, s) in frameworks.iter_mut().enumerate() {
        let fid = s.record.id.clone();
        for lot in s.record.lots.iter_mut() {
            if lot.id.is_empty() {
                lot.id = default_lot_id(&fid, lot.number);
            }
        }
        let s = &*s;
        for (j, lot) in s.record.lots.iter().enumerate() {
            ix.by_number.entry((fi, lot.number)).or_insert(j);
            let field = format!("lots[{j}].id");
            if !is_slug(&lot.id) {
                diags.push(
                    Diagnostic::error(&s.file, format!("lot id `{}` is not a safe slug", lot.id))
                        .field(&s.text, &field)
                        .suggest(format!(
                            "ids use lower-case letters, digits and single hyphens, e.g. `{}`",
                            slugify(&lot.id)
                        )),
                );
                continue;
            }
            let here = format!("lot {} of `{}`", lot.number, fid);
            if let Some(first) = first_at.get(&lot.id) {
                diags.push(
                    Diagnostic::error(&s.file, format!("lot id `{}` is already used by {first}", lot.id))
                        .field(&s.text, &field)
                        .suggest("lot ids are unique across the register: give this lot its own `id:`"),
                );
                continue;
            }
            first_at.insert(lot.id.clone(), here);
            ix.by_id.insert(lot.id.clone(), (fi, j));
        }
    }
    ix
}

/// Why a membership's lot could not be found.
pub struct LotProblem {
    /// The field to point at: `framework` or `lot`.
    pub field: &'static str,
    pub message: String,
    pub suggestion: Option<String>,
    /// An unknown framework, for the loader's excuse when its file could not be read.
    pub framework: Option<Id>,
}

/// Resolves the lot a membership names: a number on its `framework`, a lot id, or
/// `framework/number`. `lot_numbers(f)` lists framework `f`'s lot numbers, for the advice.
pub fn resolve_lot(
    m: &LotMembership,
    framework_ix: &IdIndex,
    lots: &LotIndex,
    lot_numbers: impl Fn(usize) -> Vec<u32>,
) -> Result<(usize, usize), LotProblem> {
    let problem =
        |field, message: String, suggestion: Option<String>| LotProblem { field, message, suggestion, framework: None };
    let by_number = |fid: &str, n: u32| -> Result<(usize, usize), LotProblem> {
        let Some(&f) = framework_ix.get(fid) else {
            let best = did_you_mean(fid, framework_ix.keys().map(String::as_str));
            return Err(LotProblem {
                framework: Some(fid.to_string()),
                ..problem(
                    if m.framework.is_empty() { "lot" } else { "framework" },
                    format!("unknown framework `{fid}`"),
                    best.map(|b| format!("did you mean `{b}`?")),
                )
            });
        };
        match lots.by_number.get(&(f, n)) {
            Some(&l) => Ok((f, l)),
            None => {
                let have: Vec<String> = lot_numbers(f).iter().map(u32::to_string).collect();
                Err(problem(
                    "lot",
                    format!("framework `{fid}` has no lot {n}"),
                    Some(format!("its lots are {}", have.join(", "))),
                ))
            }
        }
    };
    match &m.lot {
        LotRef::Number(n) => {
            if m.framework.is_empty() {
                return Err(problem(
                    "lot",
                    format!("lot {n} needs its framework"),
                    Some("add `framework: <framework id>`, or cite the lot by its id".into()),
                ));
            }
            by_number(&m.framework, *n)
        }
        LotRef::Id(id) => {
            let found = if let Some((fid, n)) = id.split_once('/') {
                let Ok(n) = n.trim().parse::<u32>() else {
                    return Err(problem(
                        "lot",
                        format!("`{id}` is not a lot: after the `/` comes the lot's number"),
                        Some(format!("write `{fid}/1`, or the lot's id")),
                    ));
                };
                by_number(fid.trim(), n)?
            } else {
                match lots.by_id.get(id) {
                    Some(&k) => k,
                    None => {
                        let best = did_you_mean(id, lots.by_id.keys().map(String::as_str));
                        return Err(problem(
                            "lot",
                            format!("unknown lot `{id}`"),
                            Some(match best {
                                Some(b) => format!("did you mean `{b}`?"),
                                None => "cite a lot by its id, or by `framework:` and its number".into(),
                            }),
                        ));
                    }
                }
            };
            if !m.framework.is_empty() && framework_ix.get(&m.framework) != Some(&found.0) {
                let actual = framework_ix.iter().find(|(_, &v)| v == found.0).map(|(k, _)| k.as_str()).unwrap_or("");
                return Err(problem(
                    "framework",
                    format!("lot `{id}` is on framework `{actual}`, not `{}`", m.framework),
                    Some(format!("write `framework: {actual}`, or leave `framework:` out")),
                ));
            }
            Ok(found)
        }
    }
}

/// Unicode's explicit direction embeddings, overrides and isolates. Right-to-left text
/// needs none of them (the browser orders Arabic and Urdu itself); in a record they can
/// only make a name or an address read differently from the bytes that were reviewed.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Diagnostics given per file across the records in it, so a list file with a hundred
/// thousand bad entries costs no more to check than one with a few hundred.
#[derive(Default)]
struct Budget {
    used: HashMap<std::path::PathBuf, usize>,
    over: std::collections::BTreeSet<std::path::PathBuf>,
}

impl Budget {
    /// Whether `file` has had its share (and so the rest of it goes unchecked).
    fn spent(&mut self, file: &std::path::Path) -> bool {
        let spent = self.used.get(file).is_some_and(|&u| u >= MAX_PER_FILE);
        if spent {
            self.over.insert(file.to_path_buf());
        }
        spent
    }
    fn take(&mut self, out: Vec<Diagnostic>, diags: &mut Diagnostics) {
        if let Some(d) = out.first() {
            *self.used.entry(d.file.clone()).or_default() += out.len();
        }
        diags.extend(out);
    }
    fn finish(self, diags: &mut Diagnostics) {
        diags.extend(self.over.into_iter().map(more_in_file));
    }
}

pub fn index_ids<T>(items: &[Sourced<T>], id: impl Fn(&T) -> &Id, kind: &str, diags: &mut Diagnostics) -> IdIndex {
    let mut ix = IdIndex::with_capacity_and_hasher(items.len(), Default::default());
    let mut budget = Budget::default();
    // Per file: how many records it holds, and how many have been seen so far.
    let mut per_file: HashMap<&std::path::Path, (usize, usize)> = HashMap::new();
    for s in items {
        per_file.entry(&s.file).or_default().0 += 1;
    }
    for (i, s) in items.iter().enumerate() {
        let the_id = id(&s.record);
        let counts = per_file.get_mut(s.file.as_path()).expect("counted");
        let nth = counts.1;
        counts.1 += 1;
        // Records of one-per-file kinds carry the id in their file name, not a field.
        let list = counts.0 > 1
            || s.file
                .file_name()
                .is_some_and(|n| n == "areas.yaml" || n == "interventions.yaml" || n == "schemes.yaml");
        let field = if list { format!("[{nth}].id") } else { "id".to_string() };
        let quiet = budget.spent(&s.file);
        if !is_slug(the_id) {
            if quiet {
                continue;
            }
            let d = Diagnostic::error(&s.file, format!("{kind} id `{the_id}` is not a safe slug"))
                .field(&s.text, &field)
                .suggest(format!("ids use lower-case letters, digits and single hyphens, e.g. `{}`", slugify(the_id)));
            budget.take(vec![d], diags);
            continue;
        }
        if let Some(&first) = ix.get(the_id) {
            if quiet {
                continue;
            }
            let first: &Sourced<T> = &items[first];
            let d = Diagnostic::error(&s.file, format!("duplicate {kind} id `{the_id}`"))
                .field(&s.text, &field)
                .suggest(format!("it is first used in {}", first.file.display()));
            budget.take(vec![d], diags);
            continue;
        }
        ix.insert(the_id.clone(), i);
    }
    budget.finish(diags);
    ix
}

/// How many areas may stand above one another. Real areas nest four deep (nation, region,
/// sub-region, authority); a chain of thousands would make every coverage query long.
pub const MAX_AREA_DEPTH: usize = 8;

pub fn areas(ctx: &Ctx, diags: &mut Diagnostics) {
    let mut budget = Budget::default();
    for (i, s) in ctx.areas.iter().enumerate() {
        if budget.spent(&s.file) {
            continue;
        }
        let a = &s.record;
        let mut r = Rec::new(s, format!("[{i}]."));
        if let Some(g) = &a.gss {
            if !is_gss(g) {
                r.err("gss", format!("`{g}` is not a GSS code")).suggestion =
                    Some("GSS codes are a letter and 8 digits, e.g. E09000012".into());
            } else if a.kind == AreaKind::Region && !g.starts_with("E12") {
                r.warn("gss", format!("region code `{g}` does not start E12"));
            } else if a.kind == AreaKind::LocalAuthority
                && !["E06", "E07", "E08", "E09", "E10", "W06", "S12", "N09"].iter().any(|p| g.starts_with(p))
            {
                r.warn("gss", format!("`{g}` is not a local authority's code")).suggestion =
                    Some("local authority codes start E06, E07, E08, E09 or E10 in England".into());
            }
        }
        r.line("name", &a.name, 200);
        if let Some(p) = &a.parent {
            r.reference("parent", RefKind::Area, p, ctx.area_ix);
            // Walk up: a cycle would make coverage infinite.
            let mut seen = vec![i];
            let mut cur = ctx.area_ix.get(p).copied();
            while let Some(c) = cur {
                if seen.contains(&c) {
                    r.err("parent", format!("area `{}` is inside itself through its parents", a.id));
                    break;
                }
                if seen.len() > MAX_AREA_DEPTH {
                    r.err("parent", format!("area `{}` has more than {MAX_AREA_DEPTH} areas above it", a.id))
                        .suggestion = Some("areas nest as nation, region, sub-region, local authority".into());
                    break;
                }
                seen.push(c);
                cur = ctx.areas[c].record.parent.as_ref().and_then(|p| ctx.area_ix.get(p)).copied();
            }
        }
        budget.take(r.finish(), diags);
    }
    budget.finish(diags);
}

pub fn interventions(ctx: &Ctx, diags: &mut Diagnostics) {
    let mut budget = Budget::default();
    for (i, s) in ctx.interventions.iter().enumerate() {
        if budget.spent(&s.file) {
            continue;
        }
        let mut r = Rec::new(s, format!("[{i}]."));
        let iv = &s.record;
        if iv.funding.contains(&FundingRoute::Asgsf) && iv.category.asgsf_excluded() {
            r.err(
                "funding",
                format!(
                    "the Adoption and Special Guardianship Support Fund does not pay for {}",
                    crate::words::named(&iv.name, iv.category.label())
                ),
            )
            .suggestion = Some(
                "remove `asgsf`: since April 2025 the ASGSF excludes speech and language therapy, \
                 occupational therapy and physiotherapy"
                    .into(),
            );
        }
        if iv.funding.is_empty() {
            r.err("funding", "no funding route: say who can pay for this");
        }
        r.line("name", &iv.name, 200);
        r.line("group", &iv.group, 200);
        r.text("summary", &iv.summary, 2_000);
        if let Some(h) = &iv.helps {
            r.text("helps", h, 2_000);
        }
        budget.take(r.finish(), diags);
    }
    budget.finish(diags);
}

pub fn schemes(ctx: &Ctx, diags: &mut Diagnostics) {
    let mut budget = Budget::default();
    for (i, s) in ctx.schemes.iter().enumerate() {
        if budget.spent(&s.file) {
            continue;
        }
        let mut r = Rec::new(s, format!("[{i}]."));
        r.line("name", &s.record.name, 200);
        if let Some(b) = &s.record.body {
            r.line("body", b, 200);
        }
        if let Some(sm) = &s.record.summary {
            r.text("summary", sm, 2_000);
        }
        for (j, g) in s.record.grades.iter().enumerate() {
            r.line(&format!("grades[{j}]"), g, 100);
        }
        if let Some(u) = &s.record.url {
            r.url("url", u);
        }
        for (j, st) in s.record.assesses.iter().enumerate() {
            let ok = ctx.handbook.item_ix.get(st).is_some_and(|&k| ctx.handbook.items[k].kind == ItemKind::Standard);
            if !ok {
                let best = did_you_mean(
                    st,
                    ctx.handbook.items.iter().filter(|i| i.kind == ItemKind::Standard).map(|i| i.id.as_str()),
                )
                .map(str::to_owned);
                let d = r.err(&format!("assesses[{j}]"), format!("unknown standard `{st}`"));
                d.refers_to = Some((RefKind::Item, st.clone()));
                if let Some(b) = best {
                    d.suggestion = Some(format!("did you mean `{b}`?"));
                }
            }
        }
        budget.take(r.finish(), diags);
    }
    budget.finish(diags);
}

pub fn practice_models(models: &[Sourced<PracticeModel>], diags: &mut Diagnostics) {
    let mut budget = Budget::default();
    for (i, s) in models.iter().enumerate() {
        if budget.spent(&s.file) {
            continue;
        }
        let mut r = Rec::new(s, format!("[{i}]."));
        r.line("name", &s.record.name, 200);
        r.text("summary", &s.record.summary, 2_000);
        if s.record.summary.trim().is_empty() {
            r.err("summary", "say in plain words what this practice model means");
        }
        budget.take(r.finish(), diags);
    }
    budget.finish(diags);
}

/// The first day the Procurement Act 2023 applies, and with it PPN 005; procurements started
/// before it reserve under PPN 11/20.
pub fn ppn_005_from() -> Date {
    "2025-02-24".parse().expect("a date")
}

/// Demand records hold aggregates only. Their strings are ids and the period label, each
/// checked here, so no field can carry words about a child.
pub fn demand(ctx: &Ctx, periods: &[Sourced<DemandPeriod>], diags: &mut Diagnostics) {
    let mut spans: Vec<(Date, Date, &Sourced<DemandPeriod>)> = Vec::new();
    for s in periods {
        let d = &s.record;
        let mut r = Rec::new(s, String::new());
        let stem = crate::load::register::id_from_file_name(&s.file);
        if d.period.is_empty() || d.period.len() > 16 || !d.period.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
            r.err("period", format!("period `{}` may hold only digits and hyphens", d.period)).suggestion =
                Some("name the period by its years, e.g. `period: 2025-26`".into());
        } else if d.period != stem {
            r.err("period", format!("period `{}` differs from the file name `{stem}`", d.period)).suggestion =
                Some(format!("rename the file to `{}.yaml`, or write `period: {stem}`", d.period));
        }
        if d.ends < d.starts {
            r.err("ends", format!("period ends ({}) before it starts ({})", d.ends, d.starts));
        } else {
            spans.push((d.starts, d.ends, s));
        }
        if d.counts.is_empty() {
            r.warn("counts", "no counts for this period").suggestion =
                Some("add a count per area and kind of support, or delete the file".into());
        }
        let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
        for (i, c) in d.counts.iter().enumerate() {
            let at = format!("counts[{i}]");
            r.reference(&format!("{at}.area"), RefKind::Area, &c.area, ctx.area_ix);
            r.reference(&format!("{at}.intervention"), RefKind::Intervention, &c.intervention, ctx.intervention_ix);
            if let Some(first) = seen.insert((&c.area, &c.intervention), i) {
                r.err(
                    &format!("{at}.intervention"),
                    format!(
                        "`{}` in `{}` is counted twice in this period (first as counts[{first}])",
                        c.intervention, c.area
                    ),
                )
                .suggestion = Some("add the figures together into one count".into());
            }
            match (c.spot_purchases, c.spot_spend) {
                (None | Some(0), Some(spend)) if spend > 0 => {
                    r.err(&format!("{at}.spot_spend"), format!("spot spend of £{spend} with no spot purchases"))
                        .suggestion =
                        Some("add `spot_purchases:`, the number of purchases that spend is made of".into());
                }
                (Some(n), Some(spend)) if spend >= u64::from(n) * SPOT_PURCHASE_LIMIT => {
                    r.err(
                        &format!("{at}.spot_spend"),
                        format!("{n} spot purchases under £10,000 each cannot total £{spend}"),
                    )
                    .suggestion = Some(
                        "check the figures: a purchase of £10,000 or more is not a spot purchase here; count it as a call-off or contract".into(),
                    );
                }
                _ => {}
            }
            if c.panel_requests.is_none() && c.call_offs.is_none() && c.spot_purchases.is_none() {
                r.warn(&at, "a count with no figures").suggestion =
                    Some("give panel_requests, call_offs or spot_purchases, or remove the count".into());
            }
        }
        diags.extend(r.finish());
    }
    // Periods must not overlap, or the same demand would be counted twice.
    spans.sort_by_key(|&(starts, ends, s)| (starts, ends, s.file.clone()));
    for w in spans.windows(2) {
        let ((_, a_ends, a), (b_starts, _, b)) = (w[0], w[1]);
        if b_starts <= a_ends {
            let mut r = Rec::new(b, String::new());
            r.err(
                "starts",
                format!(
                    "period `{}` starts on {b_starts}, before period `{}` ends ({a_ends})",
                    b.record.period, a.record.period
                ),
            )
            .suggestion = Some("periods must not overlap: start the day after the other one ends".into());
            diags.extend(r.finish());
        }
    }
}

pub fn frameworks(ctx: &Ctx, diags: &mut Diagnostics) {
    for s in ctx.frameworks {
        let f = &s.record;
        let mut r = Rec::new(s, String::new());
        r.line("name", &f.name, 200);
        r.line("lead", &f.lead, 200);
        for (j, p) in f.partners.iter().enumerate() {
            r.line(&format!("partners[{j}]"), p, 200);
        }
        if let Some(sm) = &f.summary {
            r.text("summary", sm, 2_000);
        }
        for (k, a) in f.areas.iter().enumerate() {
            r.reference(&format!("areas[{k}]"), RefKind::Area, a, ctx.area_ix);
        }
        if f.ends < f.starts {
            r.err("ends", format!("framework ends ({}) before it starts ({})", f.ends, f.starts));
        }
        for (j, d) in f.reopens.iter().enumerate() {
            if *d < f.starts || *d > f.ends {
                r.err(&format!("reopens[{j}]"), format!("re-opening date {d} is outside the framework's dates"));
            }
        }
        if let Some(u) = &f.url {
            r.url("url", u);
        }
        if let Some(res) = &f.reservation {
            for (j, a) in res.areas.iter().enumerate() {
                r.reference(&format!("reservation.areas[{j}]"), RefKind::Area, a, ctx.area_ix);
            }
            if res.areas.is_empty() {
                r.err("reservation.areas", "a reservation is by location: name its areas");
            }
            let started = f.procurement_started.unwrap_or(f.starts);
            let from = ppn_005_from();
            match res.notice {
                Some(ReservationNotice::Ppn1120) if started >= from => {
                    r.err(
                        "reservation.notice",
                        format!("PPN 11/20 applies only to procurements started before 24 February 2025; this one started {started}"),
                    )
                    .suggestion = Some(
                        "write `notice: ppn-005`, or give `procurement_started:` if the procurement started earlier".into(),
                    );
                }
                Some(ReservationNotice::Ppn005) if started < from => {
                    r.err(
                        "reservation.notice",
                        format!(
                            "PPN 005 applies to procurements started from 24 February 2025; this one started {started}"
                        ),
                    )
                    .suggestion = Some(format!(
                        "write `notice: ppn-11-20`{}",
                        if f.procurement_started.is_none() { ", or give `procurement_started:`" } else { "" }
                    ));
                }
                _ => {}
            }
        }
        if let Some(d) = f.procurement_started {
            if d > f.starts {
                r.err(
                    "procurement_started",
                    format!("procurement started {d}, after the framework starts ({})", f.starts),
                );
            }
        }
        if f.lots.is_empty() {
            r.err("lots", "a framework needs at least one lot");
        }
        let mut numbers = HashMap::new();
        for (j, lot) in f.lots.iter().enumerate() {
            r.line(&format!("lots[{j}].title"), &lot.title, 200);
            if let Some(sm) = &lot.summary {
                r.text(&format!("lots[{j}].summary"), sm, 2_000);
            }
            if let Some(first) = numbers.insert(lot.number, j) {
                r.err(
                    &format!("lots[{j}].number"),
                    format!("lot {} is numbered twice (first as lots[{first}])", lot.number),
                );
            }
            for (k, iv) in lot.interventions.iter().enumerate() {
                r.reference(&format!("lots[{j}].interventions[{k}]"), RefKind::Intervention, iv, ctx.intervention_ix);
            }
            for (k, a) in lot.areas.iter().enumerate() {
                r.reference(&format!("lots[{j}].areas[{k}]"), RefKind::Area, a, ctx.area_ix);
            }
        }
        diags.extend(r.finish());
    }
}

pub fn providers(ctx: &Ctx, providers: &[Sourced<Provider>], diags: &mut Diagnostics) {
    let mut ids: HashMap<&str, &Sourced<Provider>> = HashMap::with_capacity(providers.len());
    for s in providers {
        if !is_slug(&s.record.id) {
            diags.push(
                Diagnostic::error(&s.file, format!("file name `{}` is not a safe id", s.record.id))
                    .suggest(format!("rename the file to `{}.yaml`", slugify(&s.record.id))),
            );
        } else if let Some(first) = ids.insert(&s.record.id, s) {
            diags.push(
                Diagnostic::error(&s.file, format!("duplicate provider id `{}`", s.record.id))
                    .suggest(format!("it is also {}", first.file.display())),
            );
        }
    }
    let found: Vec<Vec<Diagnostic>> = providers.par_iter().map(|s| provider(ctx, s)).collect();
    for f in found {
        diags.extend(f);
    }
    // Values well formed but odd (a null name, a duplicated grade), across the register.
    super::sanity::check(ctx, providers, diags);
}

fn provider(ctx: &Ctx, s: &Sourced<Provider>) -> Vec<Diagnostic> {
    let p = &s.record;
    let mut r = Rec::new(s, String::new());
    r.line("name", &p.name, 200);
    r.text("summary", &p.summary, 400);
    r.text("description", &p.description, 64 * 1024);
    if let Some(m) = &p.practice_model {
        r.text("practice_model", m, 32 * 1024);
    }
    for (j, m) in p.practice_models.iter().enumerate() {
        r.reference(&format!("practice_models[{j}]"), RefKind::PracticeModel, m, ctx.practice_model_ix);
        if p.practice_models[..j].contains(m) {
            r.warn(&format!("practice_models[{j}]"), format!("practice model `{m}` is listed twice"));
        }
    }
    for (j, l) in p.languages.iter().enumerate() {
        r.line(&format!("languages[{j}]"), l, 60);
    }
    match (p.legal_form, p.sector) {
        (LegalForm::LocalAuthority, Some(s)) if s != Sector::Council => {
            r.err(
                "sector",
                format!("a local authority is council-run, not {}", crate::words::in_sentence(s.label())),
            )
            .suggestion = Some("remove `sector:` (a local authority is council-run), or correct `legal_form`".into());
        }
        (LegalForm::NhsTrust, Some(s)) if s != Sector::Nhs => {
            r.err("sector", format!("an NHS trust is in the NHS, not {}", crate::words::in_sentence(s.label())))
                .suggestion = Some("remove `sector:`, or correct `legal_form`".into());
        }
        _ => {}
    }
    if let Some(urn) = &p.registrations.ofsted_urn {
        if !(urn.len() >= 6 && urn.len() <= 8 && urn.trim_start_matches("SC").bytes().all(|b| b.is_ascii_digit())) {
            r.err("registrations.ofsted_urn", format!("`{urn}` is not an Ofsted URN")).suggestion =
                Some("children's home URNs look like SC123456 (or six digits)".into());
        }
    }
    if let Some(c) = &p.registrations.charity {
        if !(c.len() >= 6 && c.len() <= 8 && c.bytes().all(|b| b.is_ascii_digit() || b == b'-')) {
            r.err("registrations.charity", format!("`{c}` is not a charity number")).suggestion =
                Some("charity numbers are six to eight digits, e.g. 1123456".into());
        }
    }
    if let Some(c) = &p.registrations.company {
        if !(c.len() == 8 && c.bytes().all(|b| b.is_ascii_alphanumeric())) {
            r.err("registrations.company", format!("`{c}` is not a Companies House number")).suggestion =
                Some("company numbers are 8 characters, e.g. 06123456 or SC123456".into());
        }
    }
    if p.services.is_empty() {
        r.err("services", "a provider needs at least one service");
    }
    for (i, sv) in p.services.iter().enumerate() {
        let at = format!("services[{i}]");
        r.reference(&format!("{at}.intervention"), RefKind::Intervention, &sv.intervention, ctx.intervention_ix);
        for (j, a) in sv.areas.iter().enumerate() {
            r.reference(&format!("{at}.areas[{j}]"), RefKind::Area, a, ctx.area_ix);
        }
        for (j, l) in sv.languages.iter().enumerate() {
            r.line(&format!("{at}.languages[{j}]"), l, 60);
        }
        if let Some(c) = &sv.cost {
            r.line(&format!("{at}.cost"), c, 200);
        }
        if sv.delivery.is_empty() {
            r.err(&format!("{at}.delivery"), "say how the service is delivered").suggestion =
                Some("e.g. delivery: [in-person, online]".into());
        }
        let in_person = sv.delivery.iter().any(|d| !d.is_remote());
        let remote = sv.delivery.iter().any(|d| d.is_remote());
        if in_person && sv.areas.is_empty() {
            r.err(&format!("{at}.areas"), "an in-person service must name the areas it serves");
        }
        if !in_person && !sv.areas.is_empty() {
            r.err(
                &format!("{at}.areas"),
                "`areas` are where a service is offered in person; this one is only online or by phone",
            )
            .suggestion = Some("move these areas to `online_areas:`, the catchment of the online service".into());
        }
        for (j, a) in sv.online_areas.iter().enumerate() {
            r.reference(&format!("{at}.online_areas[{j}]"), RefKind::Area, a, ctx.area_ix);
        }
        if remote && sv.online_areas.is_empty() {
            r.err(&format!("{at}.delivery"), "an online or phone service must say where families can use it from")
                .suggestion =
                Some("add `online_areas: [england]`, or the region or areas the service takes referrals from".into());
        }
        if !remote && !sv.online_areas.is_empty() {
            r.err(
                &format!("{at}.online_areas"),
                "`online_areas` is the catchment of online or phone delivery, and this service has neither",
            )
            .suggestion = Some("add `online` or `phone` to `delivery`, or remove `online_areas`".into());
        }
        if let Some(pc) = &sv.postcode {
            premises(ctx, &mut r, &at, sv, pc);
        }
        let residential = sv.delivery.contains(&Delivery::Residential);
        if !residential {
            if sv.places.is_some() {
                r.err(&format!("{at}.places"), "places are for a residential service").suggestion =
                    Some("add `residential` to `delivery`, or remove `places`".into());
            }
            if sv.home_type.is_some() {
                r.err(&format!("{at}.home_type"), "a home type is for a residential service").suggestion =
                    Some("add `residential` to `delivery`, or remove `home_type`".into());
            }
        } else {
            match sv.places {
                None => {
                    r.warn(&format!("{at}.delivery"), "a residential service without its number of places")
                        .suggestion = Some("add `places:`, the number of beds".into());
                }
                Some(0) => {
                    r.err(&format!("{at}.places"), "a home with no places").suggestion =
                        Some("give the number of beds; a home that has closed is removed from the register".into());
                }
                Some(n) if n > 200 => {
                    r.warn(&format!("{at}.places"), format!("{n} places in one home: check the figure"));
                }
                _ => {}
            }
        }
        if let Some(&iv) = ctx.intervention_ix.get(&sv.intervention) {
            let allowed = &ctx.interventions[iv].record.funding;
            for (j, f) in sv.funding.iter().enumerate() {
                if !allowed.contains(f) {
                    let name = &ctx.interventions[iv].record.name;
                    r.err(&format!("{at}.funding[{j}]"), format!("{} does not pay for {name}", f.label())).suggestion =
                        Some(format!(
                            "{name} can be paid for by: {}",
                            allowed.iter().map(|f| f.label()).collect::<Vec<_>>().join(", ")
                        ));
                }
            }
        }
        if sv.wait_weeks.is_some_and(|w| w > 104) {
            r.warn(&format!("{at}.wait_weeks"), "a wait of over two years: check the figure");
        }
    }
    let mut resolved: Vec<(usize, usize)> = Vec::with_capacity(p.lots.len());
    for (i, m) in p.lots.iter().enumerate() {
        let at = format!("lots[{i}]");
        let numbers = |f: usize| ctx.frameworks[f].record.lots.iter().map(|l| l.number).collect();
        let (fi, li) = match resolve_lot(m, ctx.framework_ix, ctx.lots, numbers) {
            Ok(k) => k,
            Err(e) => {
                let d = r.err(&format!("{at}.{}", e.field), e.message);
                d.suggestion = e.suggestion;
                d.refers_to = e.framework.map(|f| (RefKind::Framework, f));
                continue;
            }
        };
        let f = &ctx.frameworks[fi].record;
        let lot = &f.lots[li];
        // The field the join date was written under: `joined`, or the older `since`.
        let since = format!("{at}.since");
        let written_as_since = crate::load::locate::locate(&s.text, &since)
            .and_then(|(line, _)| s.text.lines().nth(line - 1))
            .is_some_and(|l| l.trim_start().trim_start_matches("- ").starts_with("since:"));
        let joined_field = if written_as_since { since } else { format!("{at}.joined") };
        if m.joined < f.starts || m.joined > f.ends {
            // A site would say the provider joined a framework that did not exist then.
            let when = if m.joined < f.starts { "before it began" } else { "after it ended" };
            r.err(&joined_field, format!("joined {} but the framework runs {} to {}", m.joined, f.starts, f.ends))
                .suggestion = Some(format!(
                "a provider cannot join a framework {when}: check the date it joined, or whether it is on another framework"
            ));
        } else if f.route != ProcurementRoute::DynamicPurchasingSystem && !joined_in_a_window(f, m.joined) {
            // A dynamic purchasing system admits suppliers at any time; the other routes
            // only when they open or re-open.
            let windows: Vec<String> =
                std::iter::once(f.starts).chain(f.reopens.iter().copied()).map(|d| d.to_string()).collect();
            r.warn(
                &joined_field,
                format!(
                    "joined {}, not within {JOIN_WINDOW_DAYS} days of the framework opening or re-opening",
                    m.joined
                ),
            )
            .suggestion = Some(format!(
                "it opens on {}: check the date, or add the re-opening to the framework's `reopens`",
                windows.join(", ")
            ));
        }
        if let Some(ss) = m.status_since {
            if ss < m.joined {
                r.err(
                    &format!("{at}.status_since"),
                    format!("status changed on {ss}, before the provider joined ({})", m.joined),
                );
            } else if ss > ctx.today {
                r.err(&format!("{at}.status_since"), format!("status_since {ss} is in the future")).suggestion =
                    Some("record a change of status once it has happened".into());
            }
        } else if m.status != MembershipStatus::Active {
            r.warn(&format!("{at}.status"), format!("{} without the date it changed", status_word(m.status)))
                .suggestion =
                Some("add `status_since: YYYY-MM-DD`; otherwise the join date is shown as the date it changed".into());
        }
        if let Some(rank) = m.rank {
            if lot.call_off != CallOff::RankedList {
                r.err(&format!("{at}.rank"), format!("lot {} of `{}` is not a ranked list", lot.number, f.id))
                    .suggestion = Some("remove `rank`: only ranked-list lots rank their providers".into());
            } else if rank == 0 {
                r.err(&format!("{at}.rank"), "ranks start at 1").suggestion =
                    Some("the first-ranked provider is `rank: 1`".into());
            }
        }
        if resolved.contains(&(fi, li)) {
            r.err(&format!("{at}.lot"), "the same lot is listed twice");
        }
        resolved.push((fi, li));
        if m.status == MembershipStatus::Active && f.ends < ctx.today {
            r.warn(&format!("{at}.status"), format!("active on a framework that ended on {}", f.ends)).suggestion =
                Some("set `status: ended`, or move the provider to the framework that replaced it".into());
        }
    }
    for (i, a) in p.awards.iter().enumerate() {
        let at = format!("awards[{i}]");
        let Some(&si) = ctx.scheme_ix.get(&a.scheme) else {
            r.reference(&format!("{at}.scheme"), RefKind::Scheme, &a.scheme, ctx.scheme_ix);
            continue;
        };
        let scheme = &ctx.schemes[si].record;
        if let Some(rf) = &a.reference {
            r.line(&format!("{at}.reference"), rf, 100);
        }
        match a.awarded {
            None if scheme.kind != SchemeKind::Registration => {
                r.err(&at, format!("missing field `awarded`: when was the {} award made?", scheme.name)).suggestion =
                    Some("add `awarded: YYYY-MM-DD`; only a registration may leave it out".into());
            }
            None if a.inspected.is_none() => {
                r.warn(&at, "a registration with neither an award nor an inspection date").suggestion =
                    Some("add `inspected: YYYY-MM-DD`, the date of the last inspection".into());
            }
            _ => {}
        }
        match (a.status, a.status_since) {
            (AwardStatus::Withdrawn | AwardStatus::Suspended, None) => {
                let word = if a.status == AwardStatus::Withdrawn { "withdrawn" } else { "suspended" };
                r.err(&format!("{at}.status"), format!("a {word} award needs the date it was {word}")).suggestion =
                    Some(format!("add `status_since: YYYY-MM-DD`, the day it was {word}"));
            }
            (_, Some(d)) if d > ctx.today => {
                r.err(&format!("{at}.status_since"), format!("status_since {d} is in the future"));
            }
            (_, Some(d)) if a.awarded.is_some_and(|aw| d < aw) => {
                r.err(&format!("{at}.status_since"), format!("status changed on {d}, before the award was made"));
            }
            _ => {}
        }
        if let Some(e) = a.expires {
            if let Some(aw) = a.awarded.filter(|&aw| e < aw) {
                r.err(&format!("{at}.expires"), format!("expires ({e}) before it was awarded ({aw})"));
            } else if e < ctx.today && a.status == AwardStatus::Current {
                r.warn(
                    &format!("{at}.expires"),
                    format!("{} award expired on {e}; the site shows it as expired", scheme.name),
                );
            }
        }
        if let Some(aw) = a.awarded.filter(|&aw| aw > ctx.today) {
            r.err(&format!("{at}.awarded"), format!("awarded date {aw} is in the future"));
        }
        match (&a.grade, scheme.grades.is_empty()) {
            (Some(g), true) => {
                r.err(&format!("{at}.grade"), format!("{} does not grade; remove the grade `{g}`", scheme.name));
            }
            (Some(g), false) => {
                if !scheme.grades.contains(g) {
                    let best = did_you_mean(g, scheme.grades.iter().map(String::as_str)).map(str::to_owned);
                    let d = r.err(&format!("{at}.grade"), format!("`{g}` is not a grade of {}", scheme.name));
                    d.suggestion = Some(match best {
                        Some(b) => format!("did you mean `{b}`?"),
                        None => format!("grades are: {}", scheme.grades.join(", ")),
                    });
                }
                match a.inspected {
                    None => {
                        r.err(&format!("{at}.grade"), "a grade needs the date of the inspection that gave it")
                            .suggestion = Some("add `inspected: YYYY-MM-DD`".into());
                    }
                    Some(d) if d > ctx.today => {
                        r.err(&format!("{at}.inspected"), format!("inspection date {d} is in the future"));
                    }
                    _ => {}
                }
            }
            (None, _) => {}
        }
    }
    let c = &p.contact;
    if let Some(e) = &c.email {
        if !is_email(e) {
            r.err("contact.email", format!("`{e}` is not an email address"));
        }
    }
    if let Some(ph) = &c.phone {
        if !is_uk_phone(ph) {
            r.err("contact.phone", format!("`{ph}` is not a UK phone number")).suggestion =
                Some("write it with its area code, e.g. 020 7946 0123".into());
        }
    }
    if let Some(u) = &c.website {
        r.url("contact.website", u);
    }
    if let Some(pc) = &c.postcode {
        if !is_uk_postcode(pc) {
            r.err("contact.postcode", format!("`{pc}` is not a UK postcode")).suggestion =
                Some("postcodes look like E8 4RP or RM1 3BB".into());
        }
    }
    if c.email.is_none() && c.phone.is_none() && c.website.is_none() {
        r.err("contact", "no way to contact this provider").suggestion = Some("add an email, phone or website".into());
    }
    if let Some(rf) = &c.referral {
        r.text("contact.referral", rf, 2_000);
    }
    if let Some(a) = &c.address {
        r.text("contact.address", a, 300);
    }
    for (key, answer) in [
        ("governance", &p.governance.governance),
        ("therapeutic_practice", &p.governance.therapeutic_practice),
        ("workforce", &p.governance.workforce),
        ("model_of_care", &p.governance.model_of_care),
        ("outcomes", &p.governance.outcomes),
    ] {
        if let Some(a) = answer {
            r.text(&format!("governance.{key}.evidence"), &a.evidence, 2_000);
        }
    }
    if p.reviewed > ctx.today {
        r.err("reviewed", format!("reviewed date {} is in the future", p.reviewed));
    } else if p.reviewed < ctx.today.add_months(-12) {
        r.warn("reviewed", format!("listing last reviewed on {}, over 12 months ago", p.reviewed)).suggestion =
            Some("confirm the listing with the provider and update `reviewed`".into());
    }
    r.finish()
}

/// How long after a framework opens or re-opens a provider may join without a warning: the
/// evaluation and award take some weeks.
pub const JOIN_WINDOW_DAYS: i64 = 120;

/// Whether `joined` falls within [`JOIN_WINDOW_DAYS`] after the framework's start or one of
/// its re-opening dates.
/// A service's postcode: only for delivery from premises, in a sector that exists, and
/// (a warning) inside an area the service claims.
fn premises(ctx: &Ctx, r: &mut Rec<Provider>, at: &str, sv: &Service, pc: &Postcode) {
    let field = format!("{at}.postcode");
    if !sv.delivery.iter().any(|d| d.from_premises()) {
        let how: Vec<String> = sv.delivery.iter().map(|d| crate::words::in_sentence(d.label())).collect();
        r.err(
            &field,
            format!("a postcode places the premises a service is delivered from, and this one has none (delivery: {})", how.join(", ")),
        )
        .suggestion = Some(
            "remove `postcode` (online, phone and home-visit services are placed by their areas), or add `in-person`, `residential` or `school-based` to `delivery`".into(),
        );
        return;
    }
    let sector = match pc.sector_entry() {
        Ok(sector) => sector,
        Err(e) => {
            r.err(&field, format!("postcode `{pc}` {e}")).suggestion = Some(match e.suggestion() {
                Some(near) => {
                    format!("the nearest sector that exists is `{near}`: check the postcode against the address")
                }
                None => "check the postcode against the address".into(),
            });
            return;
        }
    };
    if super::premises::placement(ctx.areas, ctx.area_ix, &sv.areas, sector) == super::premises::Placement::Outside {
        let place = super::premises::authority_name(ctx.areas, sector);
        let claimed: Vec<&str> = sv.areas.iter().map(|a| a.as_str()).collect();
        r.warn(
            &field,
            format!("postcode `{pc}` is in {place}, outside every area this service names ({})", claimed.join(", ")),
        )
        .suggestion = Some(
            "check the postcode, or add the area the premises is in to `areas` if the service is offered there".into(),
        );
    }
}

fn joined_in_a_window(f: &Framework, joined: Date) -> bool {
    std::iter::once(f.starts).chain(f.reopens.iter().copied()).any(|open| {
        let days = open.days_until(joined);
        (0..=JOIN_WINDOW_DAYS).contains(&days)
    })
}

fn status_word(s: MembershipStatus) -> &'static str {
    match s {
        MembershipStatus::Active => "active",
        MembershipStatus::Suspended => "suspended",
        MembershipStatus::Ended => "ended",
    }
}

/// Only http and https: a `javascript:` or `data:` address in a record would run script.
pub fn check_url(url: &str) -> Result<(), String> {
    let lower = url.trim().to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return Err(format!("`{url}` is not a web address: only http:// and https:// are allowed"));
    }
    let host = &url.trim()[url.find("//").map_or(0, |i| i + 2)..];
    let host = host.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || !host.contains('.') && !host.starts_with("localhost") {
        return Err(format!("`{url}` has no host name"));
    }
    if url.chars().any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>' || c == '`') {
        return Err(format!("`{url}` holds spaces or quotes"));
    }
    Ok(())
}

pub fn is_gss(s: &str) -> bool {
    s.len() == 9 && matches!(s.as_bytes()[0], b'E' | b'W' | b'S' | b'N') && s[1..].bytes().all(|b| b.is_ascii_digit())
}

fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || "@._+-'".contains(c))
}

fn is_uk_phone(s: &str) -> bool {
    let digits: String = s.chars().filter(|c| !matches!(c, ' ' | '-' | '(' | ')')).collect();
    let national = digits.strip_prefix("+44").map(|d| format!("0{d}")).unwrap_or(digits);
    national.starts_with('0') && (10..=11).contains(&national.len()) && national.bytes().all(|b| b.is_ascii_digit())
}

/// UK postcode shape: outward code (A9, A99, AA9, AA99, A9A, AA9A), a space, inward 9AA.
pub fn is_uk_postcode(s: &str) -> bool {
    let s = s.trim().to_ascii_uppercase();
    let Some((out, inw)) = s.split_once(' ') else { return false };
    let ib = inw.as_bytes();
    let inward_ok =
        ib.len() == 3 && ib[0].is_ascii_digit() && ib[1].is_ascii_alphabetic() && ib[2].is_ascii_alphabetic();
    let ob = out.as_bytes();
    let outward_ok = (2..=4).contains(&ob.len())
        && ob[0].is_ascii_alphabetic()
        && ob.iter().all(|b| b.is_ascii_alphanumeric())
        && ob.iter().any(|b| b.is_ascii_digit());
    inward_ok && outward_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_refuse_script_schemes() {
        assert!(check_url("https://acorn.example/x").is_ok());
        for bad in [
            "javascript:alert(1)",
            "data:text/html,x",
            "JAVASCRIPT:x",
            "ftp://x.example",
            "https://",
            "https://a.example/\"onload",
        ] {
            assert!(check_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn postcodes_phones_gss() {
        for ok in ["E8 4RP", "RM1 3BB", "EC2A 1NT", "IG1 1AA", "N1 9GU", "SW1A 1AA"] {
            assert!(is_uk_postcode(ok), "{ok}");
        }
        for bad in ["E84RP", "12 345", "E8 RRP", "hackney"] {
            assert!(!is_uk_postcode(bad), "{bad}");
        }
        assert!(is_uk_phone("020 7946 0123"));
        assert!(is_uk_phone("+44 20 7946 0123"));
        assert!(!is_uk_phone("call us"));
        assert!(is_gss("E09000012"));
        assert!(!is_gss("E0900001"));
    }
}
