/*!
Search data: the files `themes/default/static/search.js` reads to search and filter the
directory in the browser, built from the linked [`Site`] (part of stage 4, **index**).

Everything goes under `search/data/`. One small `manifest.json` (fetched first, never
cached for long) names every other file by a hash of its bytes, so those can be cached for
ever. The other files are gzip-compressed JSON with the `.dat` extension (compressed here,
so the bytes on the wire do not depend on the server; the script checks the gzip magic
number, so a server that adds its own encoding still works):

- `c.<column>.*.dat`: the facet index, one column per attribute over every **service** (not
  provider), so filters combine per service: family therapy, Hackney, age 12, accepting
  must all be true of the same service. Provider-level facts (awards, SME / VCSE, review
  date) are columns over providers. Counts are worked out in the browser from these
  columns, so no combination of filters is ever pre-built.
- `t.N.*.dat`: the term index, range-sharded by term: each shard holds a run of sorted
  terms with their postings (document, fields-matched mask), at most about
  [`SHARD_BYTES`] before compression; a very common term gets a shard of its own.
- `names.*.dat`: every word that appears in a name or title, for typo-tolerant matching.
- `d.N.*.dat`: provider display records in groups of [`DISPLAY_GROUP`], fetched only for
  the providers on the visible page of results.
- `f.<sort>.*.dat`: for each sort order, the providers of the first page of results with
  no filter and no words, and their display records, so changing the order of the whole
  directory needs one file rather than one per display group. The name order's file holds
  the first [`NAME_HEAD`] providers, where a filtered list by name nearly always starts.
- `pages.*.dat`: title, kind and address of the documents that are not providers
  (handbook pages, standards, competencies, kinds of support, areas, schemes, lots).

Tokenising here and in `search.js` must agree: lower case, accents folded, split on
anything not a letter or digit (a dot between digits stays: `3.2`), stop words dropped,
and a light plural stem (`therapies` → `therapy`, `families` → `family`).
*/

use crate::link::{urls, AwardState, Site};
use crate::model::*;
use rayon::prelude::*;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::BuildHasherDefault;
use std::io::Write;

/// Providers per display file: small enough that a page of results sorted by waiting time
/// (spread across the alphabet) still downloads little. (Groups of 16 were tried: fewer
/// files for a filtered list by name, but more bytes and no quicker first results.)
pub const DISPLAY_GROUP: usize = 8;
/// Providers at the head of the name order whose records come with the first page by name:
/// a filter's first results by name are nearly always among them (for every kind of
/// support, delivery, funding route and "accepting" at 10,000 providers, the fourth match
/// is within the first 51), so ticking one needs no display file. About 6 kB compressed.
pub const NAME_HEAD: usize = 64;
/// Target size of one term shard before compression.
pub const SHARD_BYTES: usize = 16_000;

/// Which fields of a document a term was found in; the browser turns them into "matched in…".
pub mod field {
    pub const NAME: u8 = 1;
    pub const SUPPORT: u8 = 2;
    pub const SUMMARY: u8 = 4;
    pub const AREA: u8 = 8;
    pub const OTHER: u8 = 16;
    pub const TEXT: u8 = 32;
}

/// Every facet the search page can show, in the default order.
pub const FACETS: [&str; 10] =
    ["intervention", "area", "age", "accepting", "lot", "scheme", "delivery", "funding", "organisation", "language"];

/// The sort orders a site may choose as its default in `search.sort`; with words typed the
/// best match comes first whatever the default.
pub const SORTS: [&str; 3] = ["name", "wait", "reviewed"];

fn default_label(id: &str) -> &'static str {
    match id {
        "intervention" => "Kind of support",
        "area" => "Area",
        "age" => "Child's age",
        "accepting" => "Referrals",
        "lot" => "Framework and lot",
        "scheme" => "Accreditation",
        "delivery" => "How it is delivered",
        "funding" => "Who can pay",
        "organisation" => "Type of organisation",
        "language" => "Language",
        _ => "",
    }
}

/// One option of a facet: `param=value` in the URL.
struct Opt {
    param: &'static str,
    value: String,
    label: String,
    depth: usize,
}

/// The facets this site shows, in its order, with its labels and every option.
struct Facets {
    list: Vec<(&'static str, String, Vec<Opt>)>,
    /// Index of each language's option (languages are matched case-insensitively).
    languages: BTreeMap<String, usize>,
}

const FUNDING: [FundingRoute; 5] = [
    FundingRoute::Asgsf,
    FundingRoute::DsgHighNeeds,
    FundingRoute::Council,
    FundingRoute::Icb,
    FundingRoute::SelfFunded,
];
const DELIVERY: [Delivery; 6] = [
    Delivery::InPerson,
    Delivery::Online,
    Delivery::HomeVisits,
    Delivery::Phone,
    Delivery::Residential,
    Delivery::SchoolBased,
];

fn funding_id(f: FundingRoute) -> &'static str {
    match f {
        FundingRoute::Asgsf => "asgsf",
        FundingRoute::DsgHighNeeds => "dsg-high-needs",
        FundingRoute::Council => "council",
        FundingRoute::Icb => "icb",
        FundingRoute::SelfFunded => "self-funded",
    }
}
fn delivery_id(d: Delivery) -> &'static str {
    match d {
        Delivery::InPerson => "in-person",
        Delivery::Online => "online",
        Delivery::Phone => "phone",
        Delivery::HomeVisits => "home-visits",
        Delivery::Residential => "residential",
        Delivery::SchoolBased => "school-based",
    }
}

/// Intervention groups in first-seen order, with a slug each.
fn groups(site: &Site) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for iv in &site.interventions {
        if !out.iter().any(|(g, _)| g == &iv.group) {
            out.push((iv.group.clone(), urls::slugify(&iv.group)));
        }
    }
    out
}

/// Areas in tree order (each followed by the areas inside it), with their depth.
fn area_order(site: &Site) -> Vec<(usize, usize)> {
    fn walk(site: &Site, a: usize, depth: usize, out: &mut Vec<(usize, usize)>) {
        out.push((a, depth));
        let mut kids: Vec<usize> = (0..site.areas.len())
            .filter(|&c| site.areas[c].parent.as_deref() == Some(site.areas[a].id.as_str()))
            .collect();
        kids.sort_by_key(|&c| crate::link::sort_key(&site.areas[c].name));
        for c in kids {
            walk(site, c, depth + 1, out);
        }
    }
    let mut out = Vec::new();
    let mut roots: Vec<usize> = (0..site.areas.len()).filter(|&a| site.area_up[a].len() == 1).collect();
    roots.sort_by_key(|&a| crate::link::sort_key(&site.areas[a].name));
    for r in roots {
        walk(site, r, 0, &mut out);
    }
    out
}

fn lang_key(l: &str) -> String {
    urls::slugify(&fold(l))
}

fn facets(site: &Site) -> Facets {
    let cfg = &site.config.search;
    let order: Vec<&'static str> = if cfg.facets.is_empty() {
        FACETS.to_vec()
    } else {
        let mut v: Vec<&'static str> = Vec::new();
        for f in &cfg.facets {
            // Unknown and repeated names are reported by `load::config`; here they are left out.
            if let Some(x) = FACETS.iter().find(|x| **x == f.as_str()) {
                if !v.contains(x) {
                    v.push(x);
                }
            }
        }
        v
    };
    let mut languages: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for p in &site.providers {
        for s in &p.services {
            for l in &s.languages {
                languages.entry(lang_key(l)).or_insert_with(|| (l.trim().to_string(), 0)).1 += 1;
            }
        }
    }
    let mut lang_ix = BTreeMap::new();
    let mut list = Vec::new();
    for id in order {
        let label = cfg.labels.get(id).cloned().unwrap_or_else(|| default_label(id).to_string());
        let o = |param, value: &str, label: &str, depth| Opt {
            param,
            value: value.to_string(),
            label: label.to_string(),
            depth,
        };
        let opts: Vec<Opt> = match id {
            "intervention" => {
                let mut v = Vec::new();
                for (g, slug) in groups(site) {
                    v.push(o("group", &slug, &format!("Any {}", g.to_lowercase()), 0));
                    for iv in site.interventions.iter().filter(|i| i.group == g) {
                        v.push(o("intervention", &iv.id, &iv.name, 1));
                    }
                }
                v
            }
            "area" => std::iter::once(o("area", "online", "Online, from anywhere", 0))
                .chain(area_order(site).into_iter().map(|(a, d)| o("area", &site.areas[a].id, &site.areas[a].name, d)))
                .collect(),
            "age" => (0..=25u8).map(|a| o("age", &a.to_string(), &a.to_string(), 0)).collect(),
            "accepting" => vec![o("accepting", "yes", "Only services accepting referrals", 0)],
            "lot" => {
                let mut v = Vec::new();
                for f in &site.frameworks {
                    v.push(o("framework", &f.id, &format!("Any lot of {}", f.name), 0));
                    for l in &f.lots {
                        v.push(o(
                            "lot",
                            &format!("{}/{}", f.id, l.number),
                            &format!("Lot {}: {}", l.number, l.title),
                            1,
                        ));
                    }
                }
                v
            }
            "scheme" => site.schemes.iter().map(|s| o("scheme", &s.id, &s.name, 0)).collect(),
            "delivery" => DELIVERY.iter().map(|d| o("delivery", delivery_id(*d), d.label(), 0)).collect(),
            "funding" => FUNDING.iter().map(|f| o("funding", funding_id(*f), f.label(), 0)).collect(),
            "organisation" => vec![
                o("org", "sme", "Small or medium-sized enterprise (SME)", 0),
                o("org", "vcse", "Voluntary, community or social enterprise (VCSE)", 0),
            ],
            "language" => {
                let mut by_use: Vec<(&String, &(String, usize))> = languages.iter().collect();
                by_use.sort_by(|a, b| b.1 .1.cmp(&a.1 .1).then_with(|| a.0.cmp(b.0)));
                by_use
                    .into_iter()
                    .enumerate()
                    .map(|(i, (k, (name, _)))| {
                        lang_ix.insert(k.clone(), i);
                        o("language", k, name, 0)
                    })
                    .collect()
            }
            _ => unreachable!(),
        };
        list.push((id, label, opts));
    }
    Facets { list, languages: lang_ix }
}

/// The site's order for results with no words typed.
fn default_sort(site: &Site) -> &'static str {
    let want = site.config.search.sort.as_deref().unwrap_or("name");
    SORTS.iter().find(|s| **s == want).copied().unwrap_or("name")
}

/// What `search.html` needs to lay out the filter form: every facet with its options.
pub fn page_context(site: &Site) -> Value {
    let f = facets(site);
    let facets: Vec<Value> = f
        .list
        .iter()
        .map(|(id, label, opts)| {
            json!({
                "id": id, "label": label,
                "options": opts.iter().map(|o| json!({"param": o.param, "value": o.value, "label": o.label, "depth": o.depth})).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({ "facets": facets, "per_page": site.config.search.results_per_page, "default_sort": default_sort(site) })
}

// ---------------------------------------------------------------------------------------
// Words
// ---------------------------------------------------------------------------------------

/// Words too common to search for.
fn is_stop(w: &str) -> bool {
    matches!(
        w,
        "a" | "an"
            | "and"
            | "are"
            | "as"
            | "at"
            | "be"
            | "but"
            | "by"
            | "for"
            | "from"
            | "has"
            | "have"
            | "in"
            | "is"
            | "it"
            | "its"
            | "of"
            | "on"
            | "or"
            | "our"
            | "so"
            | "that"
            | "the"
            | "their"
            | "them"
            | "they"
            | "this"
            | "to"
            | "us"
            | "was"
            | "we"
            | "were"
            | "which"
            | "who"
            | "will"
            | "with"
            | "you"
            | "your"
    )
}

/// Lower case with accents folded, as `search.js` does with NFD plus a few letters.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        let r: &str = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
            'æ' => "ae",
            'ç' | 'ć' | 'ĉ' | 'č' => "c",
            'ď' | 'đ' | 'ð' => "d",
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
            'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
            'ł' | 'ľ' | 'ļ' | 'ĺ' => "l",
            'ñ' | 'ń' | 'ň' | 'ņ' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
            'œ' => "oe",
            'ř' | 'ŕ' => "r",
            'ś' | 'š' | 'ş' | 'ș' => "s",
            'ß' => "ss",
            'ť' | 'ţ' | 'ț' => "t",
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
            'ŵ' => "w",
            'ý' | 'ÿ' | 'ŷ' => "y",
            'ź' | 'ż' | 'ž' => "z",
            '’' | '\'' => "",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(r);
    }
    out
}

/// A word as it is stored: plural endings taken off.
pub fn stem(w: &str) -> String {
    let mut out = String::new();
    stem_into(w, &mut out);
    out
}

fn stem_into(w: &str, out: &mut String) {
    out.clear();
    if w.len() > 4 && w.ends_with("ies") {
        out.push_str(&w[..w.len() - 3]);
        out.push('y');
    } else if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        out.push_str(&w[..w.len() - 1]);
    } else {
        out.push_str(w);
    }
}

/// The words of a text, folded, before stemming; stop words and single letters dropped.
pub fn words(text: &str) -> Vec<String> {
    let folded = fold(text);
    let chars: Vec<char> = folded.chars().collect();
    let mut out = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let keep_dot =
            c == '.' && i > 0 && chars[i - 1].is_ascii_digit() && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit());
        if c.is_alphanumeric() || keep_dot {
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out.retain(|w| (w.chars().count() > 1 || w.chars().all(|c| c.is_ascii_digit())) && !is_stop(w));
    out
}

/// The plain text of a markdown string.
fn markdown_text(md: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut s = String::with_capacity(md.len());
    for ev in Parser::new(md) {
        if let Event::Text(t) | Event::Code(t) = ev {
            s.push_str(&t);
            s.push(' ');
        }
    }
    s
}

// ---------------------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------------------

/// Accumulates postings: for each term, (document, fields) in document order.
#[derive(Default)]
struct Terms {
    ids: HashMap<String, u32, BuildHasherDefault<Fx>>,
    posts: Vec<Vec<(u32, u8)>>,
    names: BTreeSet<String>,
    word: String,
    stemmed: String,
}

/// A fast hash for short words (the Firefox / rustc "Fx" hash); the keys are not
/// attacker-chosen in a way that matters for a build.
#[derive(Default)]
struct Fx(u64);

impl std::hash::Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
}

impl Terms {
    /// Adds every word of `text` to document `doc`. Documents must be added in order.
    fn add(&mut self, doc: u32, field: u8, text: &str) {
        let mut word = std::mem::take(&mut self.word);
        let folded = if text.is_ascii() {
            let mut f = text.to_ascii_lowercase();
            f.retain(|c| c != '\'');
            f
        } else {
            fold(text)
        };
        let mut chars = folded.chars().peekable();
        let mut prev_digit = false;
        loop {
            let c = chars.next();
            let keep = match c {
                Some(c) if c.is_alphanumeric() => true,
                Some('.') => prev_digit && chars.peek().is_some_and(|n| n.is_ascii_digit()),
                _ => false,
            };
            if keep {
                word.push(c.expect("char"));
            } else if !word.is_empty() {
                self.word_done(doc, field, &word);
                word.clear();
            }
            prev_digit = c.is_some_and(|c| c.is_ascii_digit());
            if c.is_none() {
                break;
            }
        }
        self.word = word;
    }

    fn word_done(&mut self, doc: u32, field: u8, w: &str) {
        if (w.len() < 2 && !w.bytes().all(|b| b.is_ascii_digit())) || is_stop(w) {
            return;
        }
        let mut t = std::mem::take(&mut self.stemmed);
        stem_into(w, &mut t);
        if field == field::NAME && !self.names.contains(&t) {
            self.names.insert(t.clone());
        }
        let id = match self.ids.get(t.as_str()) {
            Some(&id) => id,
            None => {
                let id = self.posts.len() as u32;
                self.ids.insert(t.clone(), id);
                self.posts.push(Vec::new());
                id
            }
        };
        self.stemmed = t;
        let list = &mut self.posts[id as usize];
        match list.last_mut() {
            Some((d, m)) if *d == doc => *m |= field,
            _ => list.push((doc, field)),
        }
    }
}

impl Terms {
    /// Appends another set of postings whose documents all come after this one's.
    fn append(&mut self, other: Terms) {
        let mut by_id: Vec<(String, u32)> = other.ids.into_iter().collect();
        by_id.sort_unstable_by_key(|(_, i)| *i);
        let mut other_posts = other.posts;
        for (t, i) in by_id {
            let posts = std::mem::take(&mut other_posts[i as usize]);
            match self.ids.get(t.as_str()) {
                Some(&mine) => self.posts[mine as usize].extend(posts),
                None => {
                    self.ids.insert(t, self.posts.len() as u32);
                    self.posts.push(posts);
                }
            }
        }
        self.names.extend(other.names);
    }
}

fn gzip(bytes: &[u8], level: u32) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(level));
    e.write_all(bytes).expect("gzip");
    e.finish().expect("gzip")
}

fn state_code(s: AwardState) -> u32 {
    match s {
        AwardState::Current => 0,
        AwardState::ExpiringSoon => 1,
        AwardState::Expired => 2,
        AwardState::Suspended => 3,
        AwardState::Withdrawn => 4,
    }
}

/// A column of the facet index: rows of unsigned numbers, written as LEB128 varints (a
/// list row is its length, then its items).
#[derive(Default)]
struct Column(Vec<u8>);

impl Column {
    fn num(&mut self, mut v: u64) {
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.0.push(b);
                return;
            }
            self.0.push(b | 0x80);
        }
    }
    fn list(&mut self, items: &[usize]) {
        self.num(items.len() as u64);
        for &i in items {
            self.num(i as u64);
        }
    }
}

/// Every search data file, as (path relative to the site root, bytes).
pub fn build(site: &Site) -> Vec<(String, Vec<u8>)> {
    // `LANDSCAPE_TRACE_SEARCH=1` prints where the time goes, for docs/SEARCH.md.
    let trace = std::env::var_os("LANDSCAPE_TRACE_SEARCH").is_some();
    let started = std::time::Instant::now();
    let lap = |what: &str| {
        if trace {
            eprintln!("search: {what} at {:.0} ms", started.elapsed().as_secs_f64() * 1e3);
        }
    };
    let f = facets(site);
    let n = site.providers.len();
    // Raw files by family (`c.iv`, `d`, `t`…), compressed together at the end.
    let mut raw: Vec<(String, Vec<u8>)> = Vec::new();

    let opt_ix = |facet: &str, param: &str, value: &str| -> Option<usize> {
        f.list
            .iter()
            .find(|(id, _, _)| *id == facet)
            .and_then(|(_, _, opts)| opts.iter().position(|o| o.param == param && o.value == value))
    };
    let groups = groups(site);
    // Every lot numbered across frameworks.
    let mut lot_base = Vec::new();
    let mut all_lots = Vec::new();
    for (fi, fw) in site.frameworks.iter().enumerate() {
        lot_base.push(all_lots.len());
        for l in &fw.lots {
            all_lots.push((fi, l));
        }
    }

    // Each lot's option in the lot facet, and its framework's.
    let lot_options: Vec<(Option<usize>, Option<usize>)> = all_lots
        .iter()
        .map(|(fi, l)| {
            let fw = &site.frameworks[*fi];
            (opt_ix("lot", "lot", &format!("{}/{}", fw.id, l.number)), opt_ix("lot", "framework", &fw.id))
        })
        .collect();

    // Columns over services, in provider order; a few over providers.
    let names = ["sp", "iv", "af", "at", "dl", "fd", "ac", "wt", "ar", "lg", "lt", "aw", "og", "rv"];
    let mut col: BTreeMap<&str, Column> = names.iter().map(|k| (*k, Column::default())).collect();
    macro_rules! c {
        ($k:expr) => {
            col.get_mut($k).expect("column")
        };
    }
    let epoch: Date = "2000-01-01".parse().expect("date");
    for (pi, p) in site.providers.iter().enumerate() {
        c!("sp").num(p.services.len() as u64);
        let active: Vec<(usize, usize)> = p
            .lots
            .iter()
            .zip(&site.memberships[pi])
            .filter(|(m, _)| m.status == MembershipStatus::Active)
            .map(|(_, k)| (k.framework, k.lot))
            .collect();
        for s in &p.services {
            c!("iv").num(site.intervention_ix[&s.intervention] as u64);
            c!("af").num(u64::from(s.ages.from));
            c!("at").num(u64::from(s.ages.to));
            c!("dl")
                .num(DELIVERY.iter().enumerate().filter(|(_, d)| s.delivery.contains(d)).map(|(b, _)| 1u64 << b).sum());
            c!("fd")
                .num(FUNDING.iter().enumerate().filter(|(_, x)| s.funding.contains(x)).map(|(b, _)| 1u64 << b).sum());
            c!("ac").num(u64::from(s.accepting));
            // 0 for "not stated", otherwise weeks + 1.
            c!("wt").num(s.wait_weeks.map_or(0, |w| u64::from(w) + 1));
            let areas: Vec<usize> = s.areas.iter().chain(&s.online_areas).map(|a| site.area_ix[a]).collect();
            c!("ar").list(&areas);
            let mut langs: Vec<usize> =
                s.languages.iter().filter_map(|l| f.languages.get(&lang_key(l)).copied()).collect();
            langs.sort_unstable();
            langs.dedup();
            c!("lg").list(&langs);
            // A service is on a lot when its provider is an active member of the lot and
            // the lot buys this kind of support.
            let mut lots: Vec<usize> = Vec::new();
            for &(fi, li) in &active {
                let lot = &site.frameworks[fi].lots[li];
                if lot.interventions.is_empty() || lot.interventions.contains(&s.intervention) {
                    let (lv, fv) = lot_options[lot_base[fi] + li];
                    for v in [lv, fv].into_iter().flatten() {
                        if !lots.contains(&v) {
                            lots.push(v);
                        }
                    }
                }
            }
            lots.sort_unstable();
            c!("lt").list(&lots);
        }
        let awards: Vec<usize> = p
            .awards
            .iter()
            .zip(&site.award_states[pi])
            .map(|(a, j)| site.scheme_ix[&a.scheme] * 8 + state_code(j.state) as usize)
            .collect();
        c!("aw").list(&awards);
        c!("og").num(u64::from(p.sme) | (u64::from(p.vcse) << 1));
        c!("rv").num(epoch.days_until(p.reviewed).max(0) as u64);
    }
    for (k, v) in col {
        raw.push((format!("c.{k}"), v.0));
    }

    lap("columns");
    // Display records for providers, in groups: what a result shows beyond the columns.
    let record = |pi: usize| -> Value {
        let p = &site.providers[pi];
        let awards: Vec<Value> = p
            .awards
            .iter()
            .zip(&site.award_states[pi])
            .map(|(a, j)| json!([site.scheme_ix[&a.scheme], state_code(j.state), a.expires.map(|d| d.to_string())]))
            .collect();
        let lots: Vec<Value> = p
            .lots
            .iter()
            .zip(&site.memberships[pi])
            .filter(|(m, _)| m.status == MembershipStatus::Active)
            .map(|(_, k)| json!(lot_base[k.framework] + k.lot))
            .collect();
        let services: Vec<Value> = p
            .services
            .iter()
            .map(|s| {
                json!([
                    site.intervention_ix[&s.intervention],
                    s.ages.from,
                    s.ages.to,
                    s.delivery.iter().map(|d| DELIVERY.iter().position(|x| x == d)).collect::<Vec<_>>(),
                    s.areas.iter().map(|a| site.area_ix[a]).collect::<Vec<_>>(),
                    s.wait_weeks,
                    s.accepting,
                    s.funding.iter().map(|f| FUNDING.iter().position(|x| x == f)).collect::<Vec<_>>(),
                    s.languages,
                ])
            })
            .collect();
        json!([p.name, p.id, p.summary, p.reviewed.to_string(), lots, awards, services])
    };
    let ids: Vec<usize> = (0..n).collect();
    let display_files = n.div_ceil(DISPLAY_GROUP);
    let groups_out: Vec<(String, Vec<u8>)> = ids
        .par_chunks(DISPLAY_GROUP)
        .enumerate()
        .map(|(g, chunk)| {
            let recs: Vec<Value> = chunk.iter().map(|&pi| record(pi)).collect();
            (format!("d.{g}"), serde_json::to_vec(&recs).expect("json"))
        })
        .collect();
    raw.extend(groups_out);
    // The first page of each sort order before any filter or word, with its records: a
    // page sorted by wait is spread over as many display groups as it has results, and
    // each fetch costs more than its bytes, so choosing an order is one fetch (or none, when
    // the script fetched it ahead). Orders as in `search.js`: ties keep name order.
    let per_page = site.config.search.results_per_page.clamp(1, 200);
    for sort in SORTS {
        let mut order: Vec<usize> = (0..n).collect();
        match sort {
            "wait" => order.sort_by_key(|&pi| {
                let w = site.providers[pi].services.iter().filter_map(|s| s.wait_weeks).min();
                (w.is_none(), w)
            }),
            "reviewed" => {
                order.sort_by_key(|&pi| std::cmp::Reverse(epoch.days_until(site.providers[pi].reviewed).max(0)))
            }
            _ => {}
        }
        order.truncate(if sort == "name" { per_page.max(NAME_HEAD) } else { per_page });
        let recs: Vec<Value> = order.iter().map(|&pi| record(pi)).collect();
        raw.push((format!("f.{sort}"), serde_json::to_vec(&json!([order, recs])).expect("json")));
    }

    lap("display records");
    // Documents: providers first, then every other page worth finding.
    // Providers' words, in parallel runs of providers, joined in document order.
    let provider_terms = |range: std::ops::Range<usize>| -> Terms {
        let mut terms = Terms::default();
        for pi in range {
            let p = &site.providers[pi];
            let d = pi as u32;
            terms.add(d, field::NAME, &p.name);
            terms.add(d, field::SUMMARY, &p.summary);
            for s in &p.services {
                let i = &site.interventions[site.intervention_ix[&s.intervention]];
                terms.add(d, field::SUPPORT, &i.name);
                terms.add(d, field::SUPPORT, &i.group);
                for a in &s.areas {
                    terms.add(d, field::AREA, &site.areas[site.area_ix[a]].name);
                }
                for l in &s.languages {
                    terms.add(d, field::OTHER, l);
                }
            }
            for a in &p.awards {
                let s = &site.schemes[site.scheme_ix[&a.scheme]];
                terms.add(d, field::OTHER, &s.name);
                terms.add(d, field::OTHER, &s.body);
            }
            for k in &site.memberships[pi] {
                let (fw, lot) = site.lot(*k);
                terms.add(d, field::OTHER, &lot.title);
                terms.add(d, field::OTHER, &fw.name);
            }
            // Provider text is plain enough that its markdown marks only add stray words
            // such as `**`; they are not letters, so the tokeniser drops them.
            terms.add(d, field::TEXT, &p.description);
            if let Some(pm) = &p.practice_model {
                terms.add(d, field::TEXT, pm);
            }
        }
        terms
    };
    let runs = rayon::current_num_threads().max(1) * 2;
    let step = n.div_ceil(runs).max(1);
    let parts: Vec<Terms> =
        (0..n.div_ceil(step)).into_par_iter().map(|r| provider_terms(r * step..((r + 1) * step).min(n))).collect();
    let mut terms = Terms::default();
    for part in parts {
        terms.append(part);
    }
    lap("provider terms");
    let mut pages: Vec<Value> = Vec::new();
    let mut doc = |kind: &str, title: &str, url: String, summary: &str, body: &str, terms: &mut Terms| {
        let d = (n + pages.len()) as u32;
        terms.add(d, field::NAME, title);
        terms.add(d, field::SUMMARY, summary);
        terms.add(d, field::TEXT, body);
        let summary: String = summary.chars().take(200).collect();
        pages.push(json!([kind, title, url, summary]));
    };
    for i in &site.interventions {
        doc(
            "Kind of support",
            &i.name,
            urls::intervention(&i.id),
            &i.summary,
            i.helps.as_deref().unwrap_or(""),
            &mut terms,
        );
    }
    for a in &site.areas {
        doc("Area", &a.name, urls::area(&a.id), "", a.gss.as_deref().unwrap_or(""), &mut terms);
    }
    for s in &site.schemes {
        doc("Accreditation scheme", &s.name, urls::scheme(&s.id), &s.summary, &s.body, &mut terms);
    }
    for fw in &site.frameworks {
        doc("Framework", &fw.name, urls::framework(&fw.id), &fw.summary, &fw.lead, &mut terms);
        for l in &fw.lots {
            let title = format!("Lot {}: {}", l.number, l.title);
            doc("Lot", &title, urls::lot(&fw.id, l.number), l.summary.as_deref().unwrap_or(""), &fw.name, &mut terms);
        }
    }
    let hb = &site.handbook;
    for (pi, page) in hb.pages.iter().enumerate() {
        if page.own_dir.as_deref() == Some("") {
            continue; // the home page's lead text
        }
        // Split the body at numbered headings so each standard is found by its own text.
        let mut own = String::new();
        let mut item_text: HashMap<&str, String> = HashMap::new();
        let mut current: Option<&str> = None;
        for line in page.body.lines() {
            if line.starts_with("## ") {
                current = line
                    .trim_end()
                    .strip_suffix('}')
                    .and_then(|l| l.rsplit_once("{#"))
                    .map(|(_, id)| id)
                    .filter(|id| hb.item_ix.contains_key(*id));
            }
            let target = match current {
                Some(id) => item_text.entry(id).or_default(),
                None => &mut own,
            };
            target.push_str(line);
            target.push('\n');
        }
        let kind = if hb.book_of(pi) == "guides" { "Guide" } else { "Handbook" };
        let description = page.front.description.as_deref().unwrap_or("");
        doc(kind, &page.front.title, page.url.clone(), description, &markdown_text(&own), &mut terms);
        for &it in &page.items {
            let item = &hb.items[it];
            let kind = match item.kind {
                crate::link::ItemKind::Standard => "Standard",
                crate::link::ItemKind::Competency => "Competency",
            };
            let raw = item_text.get(item.id.as_str()).map(String::as_str).unwrap_or("");
            let text = markdown_text(raw);
            let title = format!("{} {}", item.id, item.title);
            // The summary shown in results: the start of the item's text, after its heading.
            let body = markdown_text(raw.split_once('\n').map_or("", |(_, b)| b));
            let snippet: String = body.split_whitespace().take(30).collect::<Vec<_>>().join(" ");
            doc(kind, &title, format!("{}#{}", page.url, item.id), &snippet, &text, &mut terms);
        }
    }
    let docs = n + pages.len();
    raw.push(("pages".into(), serde_json::to_vec(&pages).expect("json")));

    lap("page terms");

    // A word found in the descriptions of more than half of all providers says nothing
    // about any one of them: its description postings are dropped (it still matches names,
    // summaries, services and pages). This keeps the index and its build small.
    let common = n / 2;
    for posts in terms.posts.iter_mut() {
        let in_text = posts.iter().filter(|(d, m)| (*d as usize) < n && m & field::TEXT != 0).count();
        if n >= 20 && in_text > common {
            for (d, m) in posts.iter_mut() {
                if (*d as usize) < n {
                    *m &= !field::TEXT;
                }
            }
            posts.retain(|(_, m)| *m != 0);
        }
    }
    // Range shards of sorted terms.
    let mut sorted: Vec<(&String, u32)> = terms.ids.iter().map(|(t, i)| (t, *i)).collect();
    sorted.sort_unstable();
    let mut shard_first: Vec<String> = Vec::new();
    // A shard: its number of terms, then per term its UTF-8 length and bytes, its number
    // of postings, and per posting the gap from the previous document and the fields mask.
    let mut cur = Column::default();
    let mut cur_count = 0;
    let mut shards = 0;
    let mut shard = |cur: &mut Column, count: &mut usize, shards: &mut usize| {
        if *count > 0 {
            let mut head = Column::default();
            head.num(*count as u64);
            head.0.extend_from_slice(&cur.0);
            raw.push((format!("t.{shards}"), head.0));
            *shards += 1;
            cur.0.clear();
            *count = 0;
        }
    };
    for (term, id) in sorted {
        let posts = &terms.posts[id as usize];
        if posts.is_empty() {
            continue;
        }
        if cur_count > 0 && cur.0.len() + posts.len() * 2 > SHARD_BYTES {
            shard(&mut cur, &mut cur_count, &mut shards);
        }
        if cur_count == 0 {
            shard_first.push(term.clone());
        }
        cur.num(term.len() as u64);
        cur.0.extend_from_slice(term.as_bytes());
        cur.num(posts.len() as u64);
        let mut last = 0u32;
        for &(d, m) in posts {
            cur.num(u64::from(d - last));
            cur.num(u64::from(m));
            last = d;
        }
        cur_count += 1;
    }
    shard(&mut cur, &mut cur_count, &mut shards);
    let names_list: Vec<&String> = terms.names.iter().collect();
    raw.push(("names".into(), serde_json::to_vec(&names_list).expect("json")));

    lap("shards");
    // Compress in parallel; name each file by a hash of its family's bytes, so a cached
    // copy is never stale.
    // The many term and display files get a quicker level: a few per cent larger, a third
    // of the time.
    let packed: Vec<(String, Vec<u8>)> = raw
        .into_par_iter()
        .map(|(stem, bytes)| {
            let level = if stem.starts_with("t.") || stem.starts_with("d.") { 3 } else { 7 };
            (stem, gzip(&bytes, level))
        })
        .collect();
    let family = |stem: &str| -> String {
        match stem.split_once('.') {
            Some((f @ ("d" | "t"), _)) => f.to_string(),
            _ => stem.to_string(),
        }
    };
    let mut hashes: BTreeMap<String, u64> = BTreeMap::new();
    for (stem, bytes) in &packed {
        let h = hashes.entry(family(stem)).or_insert(0xcbf29ce484222325);
        for b in bytes {
            *h ^= u64::from(*b);
            *h = h.wrapping_mul(0x100000001b3);
        }
    }
    let hashes: BTreeMap<String, String> =
        hashes.into_iter().map(|(k, h)| (k, format!("{:08x}", (h >> 32) as u32 ^ h as u32))).collect();
    let mut files: Vec<(String, Vec<u8>)> = packed
        .into_iter()
        .map(|(stem, bytes)| (format!("search/data/{stem}.{}.dat", hashes[&family(&stem)]), bytes))
        .collect();

    lap("compressed");
    // The manifest: labels and structure the script needs, and every file's name.
    let facets: Vec<Value> = f
        .list
        .iter()
        .map(|(id, label, opts)| {
            json!({
                "id": id, "label": label,
                "options": opts.iter().map(|o| json!([o.param, o.value, o.label])).collect::<Vec<_>>(),
            })
        })
        .collect();
    let manifest = json!({
        "version": 1,
        "providers": n,
        "docs": docs,
        "per_page": site.config.search.results_per_page,
        "sort": default_sort(site),
        "hashes": hashes,
        "display_files": display_files,
        "shards": shards,
        "shard_first": shard_first,
        "display_group": DISPLAY_GROUP,
        "facets": facets,
        "interventions": site.interventions.iter().map(|i| json!([i.name, groups.iter().position(|(g, _)| g == &i.group), i.id])).collect::<Vec<_>>(),
        "areas": (0..site.areas.len()).map(|a| json!([site.areas[a].name, site.area_up[a].get(1), site.areas[a].id])).collect::<Vec<_>>(),
        "schemes": site.schemes.iter().map(|s| &s.name).collect::<Vec<_>>(),
        "frameworks": site.frameworks.iter().map(|fw| json!([fw.name, fw.id])).collect::<Vec<_>>(),
        "lots": all_lots.iter().map(|(fi, l)| json!([l.number, l.title, fi, crate::render::views::call_off_label(l.call_off), l.interventions.iter().map(|i| site.intervention_ix[i]).collect::<Vec<_>>()])).collect::<Vec<_>>(),
        "delivery": DELIVERY.iter().map(|d| d.label()).collect::<Vec<_>>(),
        "funding": FUNDING.iter().map(|x| x.label()).collect::<Vec<_>>(),
        "today": site.today.to_string(),
        "epoch": epoch.to_string(),
    });
    let mut bytes = serde_json::to_vec(&manifest).expect("json");
    bytes.push(b'\n');
    files.push(("search/data/manifest.json".into(), bytes));
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_fold_stem_and_keep_numbers() {
        let w: Vec<String> = words("The Children's Therapies, TS-3.2 and Łódź Café!").iter().map(|w| stem(w)).collect();
        assert_eq!(w, ["children", "therapy", "ts", "3.2", "lodz", "cafe"]);
        assert_eq!(stem("families"), "family");
        assert_eq!(stem("class"), "class");
        assert_eq!(stem("focus"), "focus");
    }
}
