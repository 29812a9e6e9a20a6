/*!
Terms: the word index `search.js` searches when a reader types. Writes, for the browser:

- `t.N.*.dat`: range shards of the sorted terms, each term with its postings (document,
  fields-matched mask), at most about [`SHARD_BYTES`] a shard before compression (a very
  common term gets a shard of its own); the manifest lists each shard's first term, so the
  script finds a word's shard, or a prefix's shards, by binary search;
- `names.*.dat`: every word of every name and title, for typo-tolerant matching;
- `pages.*.dat`: title, kind, address and summary of the documents that are not providers
  (handbook pages, standards, competencies, kinds of support, areas, schemes, frameworks,
  lots), numbered after the providers.

A shard is varints: its number of terms, then per term its UTF-8 length and bytes, its
number of postings, and per posting the gap from the previous document and the fields mask.
*/

use super::columns::Column;
use super::words::{fold, is_stop, markdown_text, stem_into, too_short};
use crate::link::{urls, Site};
use rayon::prelude::*;
use serde_json::{json, Value};
use std::collections::{BTreeSet, HashMap};
use std::hash::BuildHasherDefault;

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

/// Accumulates postings: for each term, (document, fields) in document order.
#[derive(Default)]
pub(super) struct Terms {
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
        if too_short(w) || is_stop(w) {
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

/// The words of every document, providers first (numbered as in the directory: document
/// `i` is provider `i`), then every other page worth finding; and those pages' list.
/// `lap` marks the time spent (for `LANDSCAPE_TRACE_SEARCH`).
pub(super) fn collect(site: &Site, lap: &dyn Fn(&str)) -> (Terms, Vec<Value>) {
    let n = site.providers.len();
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
                terms.add(d, field::OTHER, s.body.as_deref().unwrap_or(""));
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
        doc(
            "Accreditation scheme",
            &s.name,
            urls::scheme(&s.id),
            s.summary.as_deref().unwrap_or(""),
            s.body.as_deref().unwrap_or(""),
            &mut terms,
        );
    }
    for fw in &site.frameworks {
        doc("Framework", &fw.name, urls::framework(&fw.id), fw.summary.as_deref().unwrap_or(""), &fw.lead, &mut terms);
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
    (terms, pages)
}

/// A word found in the descriptions of more than half of all providers says nothing about
/// any one of them: its description postings are dropped (it still matches names,
/// summaries, services and pages). This keeps the index and its build small.
pub(super) fn drop_common(terms: &mut Terms, n: usize) {
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
}

/// The term shards as (`t.N`, bytes), and each shard's first term.
pub(super) fn shards(terms: &Terms) -> (Vec<(String, Vec<u8>)>, Vec<String>) {
    let mut raw: Vec<(String, Vec<u8>)> = Vec::new();
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
    (raw, shard_first)
}

/// `names`: the words of names and titles, sorted, for typing slips.
pub(super) fn names(terms: &Terms) -> Vec<u8> {
    let names_list: Vec<&String> = terms.names.iter().collect();
    serde_json::to_vec(&names_list).expect("json")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index stores a name's words as `words` makes them, whichever path (ASCII or not)
    /// the text takes, so what the browser makes of a query is what it finds.
    #[test]
    fn the_index_holds_the_words_the_browser_makes() {
        for name in ["Ọmọ Ẹbí Attach East", "Children's Therapies, TS-3.2", "Łódź Wsparcie Rodzin", "ΟΔΥΣΣΕΑΣ Θεραπεία"]
        {
            let mut terms = Terms::default();
            terms.add(0, field::NAME, name);
            let mut stored: Vec<&String> = terms.ids.keys().collect();
            stored.sort();
            let mut want: Vec<String> = super::super::words(name).iter().map(|w| super::super::stem(w)).collect();
            want.sort();
            assert_eq!(stored, want.iter().collect::<Vec<_>>(), "{name}");
            assert!(want.iter().all(|w| terms.names.contains(w)), "{name}: not all words kept for typing slips");
        }
    }
}
