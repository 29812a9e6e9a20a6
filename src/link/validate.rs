//! The register's rules: every id well formed and unique, every reference resolved, every
//! value well formed, and the domain rules (funding, dates, grades) that keep it true.

use super::handbook::{Handbook, ItemKind};
use super::urls::{is_slug, slugify};
use crate::date::Date;
use crate::diagnostic::{did_you_mean, more_in_file, Diagnostic, Diagnostics, RefKind, MAX_PER_FILE};
use crate::model::*;
use rayon::prelude::*;
use std::collections::HashMap;

pub struct Ctx<'a> {
    pub today: Date,
    pub area_ix: &'a HashMap<Id, usize>,
    pub intervention_ix: &'a HashMap<Id, usize>,
    pub scheme_ix: &'a HashMap<Id, usize>,
    pub framework_ix: &'a HashMap<Id, usize>,
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
    fn reference(&mut self, field: &str, kind: RefKind, id: &str, ix: &HashMap<Id, usize>) {
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

pub fn index_ids<T>(
    items: &[Sourced<T>],
    id: impl Fn(&T) -> &Id,
    kind: &str,
    diags: &mut Diagnostics,
) -> HashMap<Id, usize> {
    let mut ix = HashMap::with_capacity(items.len());
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
        let no_asgsf = ["speech", "occupational", "physio"];
        let lower = format!("{} {}", iv.id, iv.name).to_lowercase();
        if iv.funding.contains(&FundingRoute::Asgsf) && no_asgsf.iter().any(|w| lower.contains(w)) {
            r.err("funding", format!("the adoption support fund does not pay for {}", iv.name)).suggestion =
                Some("remove `asgsf`: since April 2025 the ASGSF excludes SALT, OT and physiotherapy".into());
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
        r.line("body", &s.record.body, 200);
        r.text("summary", &s.record.summary, 2_000);
        for (j, g) in s.record.grades.iter().enumerate() {
            r.line(&format!("grades[{j}]"), g, 100);
        }
        r.url("url", &s.record.url);
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

pub fn frameworks(ctx: &Ctx, diags: &mut Diagnostics) {
    for s in ctx.frameworks {
        let f = &s.record;
        let mut r = Rec::new(s, String::new());
        r.line("name", &f.name, 200);
        r.line("lead", &f.lead, 200);
        for (j, p) in f.partners.iter().enumerate() {
            r.line(&format!("partners[{j}]"), p, 200);
        }
        r.text("summary", &f.summary, 2_000);
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
                r.err("reservation.areas", "a reservation under PPN 005 is by location: name its areas");
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
        let in_person = sv.delivery.iter().any(|d| !matches!(d, Delivery::Online | Delivery::Phone));
        if in_person && sv.areas.is_empty() {
            r.err(&format!("{at}.areas"), "an in-person service must name the areas it serves");
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
    for (i, m) in p.lots.iter().enumerate() {
        let at = format!("lots[{i}]");
        let Some(&fi) = ctx.framework_ix.get(&m.framework) else {
            r.reference(&format!("{at}.framework"), RefKind::Framework, &m.framework, ctx.framework_ix);
            continue;
        };
        let f = &ctx.frameworks[fi].record;
        if !f.lots.iter().any(|l| l.number == m.lot) {
            let have: Vec<String> = f.lots.iter().map(|l| l.number.to_string()).collect();
            r.err(&format!("{at}.lot"), format!("framework `{}` has no lot {}", f.id, m.lot)).suggestion =
                Some(format!("its lots are {}", have.join(", ")));
        }
        if m.since < f.starts || m.since > f.ends {
            r.err(
                &format!("{at}.since"),
                format!("joined {} but the framework runs {} to {}", m.since, f.starts, f.ends),
            );
        }
        if p.lots[..i].iter().any(|o| o.framework == m.framework && o.lot == m.lot) {
            r.err(&format!("{at}.lot"), "the same lot is listed twice");
        }
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
        if let Some(e) = a.expires {
            if e < a.awarded {
                r.err(&format!("{at}.expires"), format!("expires ({e}) before it was awarded ({})", a.awarded));
            } else if e < ctx.today && a.status == AwardStatus::Current {
                r.warn(
                    &format!("{at}.expires"),
                    format!("{} award expired on {e}; the site shows it as expired", scheme.name),
                );
            }
        }
        if a.awarded > ctx.today {
            r.err(&format!("{at}.awarded"), format!("awarded date {} is in the future", a.awarded));
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
    r.text("contact.referral", &c.referral, 2_000);
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
