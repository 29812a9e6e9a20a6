/*!
Stage 2, **link**: turn the loaded register and content into one linked, validated model.

Every reference by id is resolved to an index here, every relation is computed in both
directions (a lot's providers and a provider's lots), and every status is judged against the
build date. The result, [`Site`], is immutable: render and index read it and never go back
to the files. A register with any error produces no `Site`.
*/

pub mod handbook;
pub mod judge;
mod premises;
pub mod refs;
mod sanity;
pub mod statements;
pub use crate::urls;
mod validate;
pub mod xref;

use crate::date::Date;
use crate::diagnostic::Diagnostics;
use crate::model::*;
use std::collections::HashMap;

/// An index from a record's id to its position: looked up for every service on every page
/// that counts by kind of support or area, so hashed with a fast hash, not SipHash.
pub type IdIndex = HashMap<Id, usize, rustc_hash::FxBuildHasher>;

pub use handbook::{Handbook, ItemKind, NumberedItem, Page};
pub use judge::{AwardState, Judged, MembershipState};
pub use validate::default_lot_id;

/// A provider's place on a lot, resolved.
#[derive(Debug, Clone, Copy)]
pub struct LotKey {
    pub framework: usize,
    pub lot: usize,
}

/// The linked site model.
#[derive(Clone)]
pub struct Site {
    pub config: SiteConfig,
    pub today: Date,
    pub areas: Vec<Area>,
    pub interventions: Vec<Intervention>,
    pub schemes: Vec<Scheme>,
    pub frameworks: Vec<Framework>,
    /// Sorted by [`sort_key`] of the name, then id. Each membership's `framework` is filled
    /// in, and each service's `languages` (from the provider's when it names none).
    pub providers: Vec<Provider>,
    pub practice_models: Vec<PracticeModel>,
    /// Demand periods, earliest first.
    pub demand: Vec<DemandPeriod>,
    pub handbook: Handbook,

    pub area_ix: IdIndex,
    pub intervention_ix: IdIndex,
    pub scheme_ix: IdIndex,
    pub framework_ix: IdIndex,
    pub provider_ix: IdIndex,
    pub practice_model_ix: IdIndex,
    /// Every lot by its id.
    pub lot_ix: HashMap<Id, LotKey>,

    /// For each area, itself and every area above it (nearest first).
    pub area_up: Vec<Vec<usize>>,
    /// For each area, every area below it (not itself).
    pub area_down: Vec<Vec<usize>>,
    /// Per provider, per award: the judged state.
    pub award_states: Vec<Vec<Judged>>,
    /// Per provider, per lot membership: the resolved lot.
    pub memberships: Vec<Vec<LotKey>>,
    /// Per framework, per lot: (provider, membership index), in provider order.
    pub lot_members: Vec<Vec<Vec<(usize, usize)>>>,
    /// Per scheme: (provider, award index).
    pub scheme_holders: Vec<Vec<(usize, usize)>>,
    /// Per intervention: (provider, service index).
    pub offered_by: Vec<Vec<(usize, usize)>>,
    /// Per area: (provider, service index) for in-person services covering the whole area,
    /// directly or through an area above it.
    pub serving: Vec<Vec<(usize, usize)>>,
    /// Per area: (provider, service index) for in-person services offered anywhere in it:
    /// one of the service's areas is the area, one above it, or one inside it.
    pub present: Vec<Vec<(usize, usize)>>,
    /// Per area: (provider, service index) for online or phone services whose catchment
    /// reaches families anywhere in it (a catchment area is the area, above it or inside it).
    pub online: Vec<Vec<(usize, usize)>>,
}

/// Links the loaded site. Returns `None` if any error was found; warnings still link.
pub fn link(
    config: SiteConfig,
    register: Register,
    content: Vec<ContentPage>,
    today: Date,
    diags: &mut Diagnostics,
) -> Option<Site> {
    let before = diags.errors();
    let mut reg = register;

    // Index ids first: every later check resolves against these.
    let area_ix = validate::index_ids(&reg.areas, |a: &Area| &a.id, "area", diags);
    let intervention_ix = validate::index_ids(&reg.interventions, |i: &Intervention| &i.id, "intervention", diags);
    let scheme_ix = validate::index_ids(&reg.schemes, |s: &Scheme| &s.id, "scheme", diags);
    let framework_ix = validate::index_ids(&reg.frameworks, |f: &Framework| &f.id, "framework", diags);
    let practice_model_ix =
        validate::index_ids(&reg.practice_models, |m: &PracticeModel| &m.id, "practice model", diags);
    let lots = validate::index_lots(&mut reg.frameworks, diags);

    let handbook = handbook::build(content, diags);
    statements::check(&handbook, today, diags);

    let ctx = validate::Ctx {
        today,
        area_ix: &area_ix,
        intervention_ix: &intervention_ix,
        scheme_ix: &scheme_ix,
        framework_ix: &framework_ix,
        practice_model_ix: &practice_model_ix,
        lots: &lots,
        areas: &reg.areas,
        interventions: &reg.interventions,
        schemes: &reg.schemes,
        frameworks: &reg.frameworks,
        handbook: &handbook,
    };
    validate::areas(&ctx, diags);
    validate::interventions(&ctx, diags);
    validate::schemes(&ctx, diags);
    validate::frameworks(&ctx, diags);
    validate::providers(&ctx, &reg.providers, diags);
    validate::practice_models(&reg.practice_models, diags);
    validate::demand(&ctx, &reg.demand, diags);
    let provider_names: HashMap<String, String> =
        reg.providers.iter().map(|p| (p.record.id.clone(), p.record.name.clone())).collect();
    refs::check_refs(&handbook, &ctx, &provider_names, diags);
    if diags.errors() > before {
        return None;
    }

    let areas: Vec<Area> = reg.areas.into_iter().map(|s| s.record).collect();
    let interventions: Vec<Intervention> = reg.interventions.into_iter().map(|s| s.record).collect();
    let schemes: Vec<Scheme> = reg.schemes.into_iter().map(|s| s.record).collect();
    let mut frameworks: Vec<Framework> = reg.frameworks.into_iter().map(|s| s.record).collect();
    // Registers often give no lot its areas: a lot then covers its framework's areas, and a
    // framework that names none covers the whole region the site is about.
    let roots: Vec<Id> = areas.iter().filter(|a| a.parent.is_none()).map(|a| a.id.clone()).collect();
    for f in &mut frameworks {
        let whole = if f.areas.is_empty() { roots.clone() } else { f.areas.clone() };
        for lot in f.lots.iter_mut().filter(|l| l.areas.is_empty()) {
            lot.areas = whole.clone();
        }
    }
    let practice_models: Vec<PracticeModel> = reg.practice_models.into_iter().map(|s| s.record).collect();
    let mut demand: Vec<DemandPeriod> = reg.demand.into_iter().map(|s| s.record).collect();
    demand.sort_by_key(|d| d.starts);
    let mut providers: Vec<Provider> = reg.providers.into_iter().map(|s| s.record).collect();
    for p in &mut providers {
        // Languages set once for the provider hold for every service that names none.
        if !p.languages.is_empty() {
            for sv in p.services.iter_mut().filter(|sv| sv.languages.is_empty()) {
                sv.languages = p.languages.clone();
            }
        }
    }
    providers.sort_by_cached_key(|p| (sort_key(&p.name), p.id.clone()));
    let provider_ix: IdIndex = providers.iter().enumerate().map(|(i, p)| (p.id.clone(), i)).collect();

    // Area tree, both directions.
    let area_up: Vec<Vec<usize>> = (0..areas.len())
        .map(|mut a| {
            let mut chain = vec![a];
            while let Some(p) = areas[a].parent.as_ref().and_then(|p| area_ix.get(p)) {
                if chain.contains(p) {
                    break; // a cycle was reported by validation
                }
                chain.push(*p);
                a = *p;
            }
            chain
        })
        .collect();
    let mut area_down = vec![Vec::new(); areas.len()];
    for (a, up) in area_up.iter().enumerate() {
        for &anc in &up[1..] {
            area_down[anc].push(a);
        }
    }

    let mut award_states = Vec::with_capacity(providers.len());
    let mut memberships = Vec::with_capacity(providers.len());
    let mut lot_members: Vec<Vec<Vec<(usize, usize)>>> =
        frameworks.iter().map(|f| vec![Vec::new(); f.lots.len()]).collect();
    let mut scheme_holders = vec![Vec::new(); schemes.len()];
    let mut offered_by = vec![Vec::new(); interventions.len()];
    let mut serving = vec![Vec::new(); areas.len()];
    let mut present = vec![Vec::new(); areas.len()];
    let mut online = vec![Vec::new(); areas.len()];
    // Every area above and below `a`, and `a`: where a service named at `a` is offered
    // "anywhere in it".
    let up_and_down = |a: usize| area_up[a].iter().chain(&area_down[a]).copied();
    for (pi, p) in providers.iter().enumerate() {
        award_states.push(p.awards.iter().map(|a| judge::award(a, today)).collect());
        for (ai, a) in p.awards.iter().enumerate() {
            scheme_holders[scheme_ix[&a.scheme]].push((pi, ai));
        }
        let mut keys = Vec::with_capacity(p.lots.len());
        for (mi, m) in p.lots.iter().enumerate() {
            let numbers = |f: usize| frameworks[f].lots.iter().map(|l| l.number).collect();
            let Ok((f, l)) = validate::resolve_lot(m, &framework_ix, &lots, numbers) else {
                unreachable!("memberships were resolved by validation")
            };
            lot_members[f][l].push((pi, mi));
            keys.push(LotKey { framework: f, lot: l });
        }
        memberships.push(keys);
        for (si, s) in p.services.iter().enumerate() {
            offered_by[intervention_ix[&s.intervention]].push((pi, si));
            let mut covered: Vec<usize> = Vec::new();
            for a in &s.areas {
                let a = area_ix[a];
                covered.push(a);
                covered.extend(&area_down[a]);
            }
            covered.sort_unstable();
            covered.dedup();
            for a in covered {
                serving[a].push((pi, si));
            }
            if s.delivery.iter().any(|d| !d.is_remote()) {
                let mut anywhere: Vec<usize> = s.areas.iter().flat_map(|a| up_and_down(area_ix[a])).collect();
                anywhere.sort_unstable();
                anywhere.dedup();
                for a in anywhere {
                    present[a].push((pi, si));
                }
            }
            let mut reach_online: Vec<usize> = s.online_areas.iter().flat_map(|a| up_and_down(area_ix[a])).collect();
            reach_online.sort_unstable();
            reach_online.dedup();
            for a in reach_online {
                online[a].push((pi, si));
            }
        }
    }

    // Built by pushing one entry at a time, these lists hold up to twice their length; they
    // are the register's largest relations (a national online service is on every area's).
    for list in serving.iter_mut().chain(&mut present).chain(&mut online).chain(&mut offered_by) {
        list.shrink_to_fit();
    }

    // Later stages name a membership's framework without resolving it again.
    for (p, keys) in providers.iter_mut().zip(&memberships) {
        for (m, k) in p.lots.iter_mut().zip(keys) {
            m.framework = frameworks[k.framework].id.clone();
        }
    }
    // Ranked lots list their providers by rank, the unranked after them in name order.
    for (f, lots) in lot_members.iter_mut().enumerate() {
        for (l, members) in lots.iter_mut().enumerate() {
            if frameworks[f].lots[l].call_off == CallOff::RankedList {
                members.sort_by_key(|&(p, m)| (providers[p].lots[m].rank.unwrap_or(u32::MAX), p));
            }
        }
    }
    let lot_ix: HashMap<Id, LotKey> =
        lots.by_id.iter().map(|(id, &(framework, lot))| (id.clone(), LotKey { framework, lot })).collect();

    Some(Site {
        config,
        today,
        areas,
        interventions,
        schemes,
        frameworks,
        providers,
        practice_models,
        demand,
        handbook,
        area_ix,
        intervention_ix,
        scheme_ix,
        framework_ix,
        provider_ix,
        practice_model_ix,
        lot_ix,
        area_up,
        area_down,
        award_states,
        memberships,
        lot_members,
        scheme_holders,
        offered_by,
        serving,
        present,
        online,
    })
}

/// The key names sort by: case-folded, with a leading "The " and any emoji, quotes or other
/// symbols before the first letter or digit ignored, and Latin letters folded to their base
/// (by canonical decomposition, then a few letters that have none), so "Ærwen", "Łódź House"
/// and "Ŵyn" sort among the A, L and W names and "🌈 Rainbow" among the R names. Other
/// scripts keep their own letters and sort after Latin.
pub fn sort_key(name: &str) -> String {
    let lower = name.trim().to_lowercase();
    let lower = lower.strip_prefix("the ").unwrap_or(&lower);
    let lower = match lower.find(char::is_alphanumeric) {
        Some(i) => &lower[i..],
        None => lower,
    };
    let mut key = String::with_capacity(lower.len());
    for c in icu_normalizer::DecomposingNormalizerBorrowed::new_nfd().normalize_iter(lower.chars()) {
        match c {
            // The combining accents that decomposition splits off Latin letters.
            '\u{300}'..='\u{36f}' => {}
            'ł' | 'ŀ' => key.push('l'),
            'ø' => key.push('o'),
            'đ' | 'ð' => key.push('d'),
            'ħ' => key.push('h'),
            'ı' => key.push('i'),
            'ŧ' => key.push('t'),
            'ŋ' => key.push('n'),
            'ĸ' => key.push('k'),
            'æ' => key.push_str("ae"),
            'œ' => key.push_str("oe"),
            'ß' => key.push_str("ss"),
            'þ' => key.push_str("th"),
            c => key.push(c),
        }
    }
    key
}

/// What a name written right to left needs on its element: `dir="rtl"` always, and the
/// language where its letters show which one it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RightToLeft {
    pub lang: Option<&'static str>,
}

/// Whether `text` runs right to left, decided by its first letter as the Unicode
/// bidirectional algorithm decides a paragraph's direction (digits, emoji and punctuation
/// do not count). A page is marked `lang="en-GB"`, so an Urdu or Arabic name needs its own
/// `dir` to be laid out and its own `lang` to be read aloud correctly. The language is named
/// only where the letters leave no doubt: letters only Urdu uses among these (ٹ ڈ ڑ ں ے ہ ھ)
/// mean `ur`; the 28 letters of Arabic alone mean `ar`; Hebrew letters mean `he`. Any other
/// right-to-left text (Persian, Pashto, Syriac…) gets the direction and no language.
pub fn right_to_left(text: &str) -> Option<RightToLeft> {
    let first = text.chars().find(|c| c.is_alphabetic())?;
    if !is_rtl_letter(first) {
        return None;
    }
    let letters = || text.chars().filter(|&c| c.is_alphabetic() && is_rtl_letter(c));
    let lang = if ('\u{590}'..='\u{5ff}').contains(&first) || ('\u{fb1d}'..='\u{fb4f}').contains(&first) {
        letters()
            .all(|c| ('\u{590}'..='\u{5ff}').contains(&c) || ('\u{fb1d}'..='\u{fb4f}').contains(&c))
            .then_some("he")
    } else if letters().any(|c| matches!(c, 'ٹ' | 'ڈ' | 'ڑ' | 'ں' | 'ے' | 'ۓ' | 'ہ' | 'ھ')) {
        Some("ur")
    } else if letters().all(|c| ('\u{621}'..='\u{64a}').contains(&c)) {
        Some("ar")
    } else {
        None
    };
    Some(RightToLeft { lang })
}

/// The blocks whose letters are written right to left: Hebrew, Arabic, Syriac, Thaana, N'Ko,
/// Samaritan, Mandaic and the Arabic extensions and presentation forms, and the historic
/// right-to-left scripts of the supplementary planes.
fn is_rtl_letter(c: char) -> bool {
    matches!(c, '\u{590}'..='\u{8ff}' | '\u{fb1d}'..='\u{fdff}' | '\u{fe70}'..='\u{feff}' | '\u{10800}'..='\u{10fff}' | '\u{1e800}'..='\u{1efff}')
}

impl Site {
    pub fn lot(&self, k: LotKey) -> (&Framework, &Lot) {
        let f = &self.frameworks[k.framework];
        (f, &f.lots[k.lot])
    }

    /// Whether a provider has at least one award judged current today.
    pub fn has_current_award(&self, provider: usize) -> bool {
        self.award_states[provider].iter().any(|j| j.state.is_current())
    }

    /// Whether a service's areas (in person, or `online_areas`) cover the whole of area `a`:
    /// one of them is `a` or an area above it.
    pub fn covers_whole(&self, named: &[Id], a: usize) -> bool {
        named.iter().any(|n| self.area_ix.get(n).is_some_and(|x| self.area_up[a].contains(x)))
    }

    /// The local authorities in area `a` (itself, if it is one), in area order.
    pub fn authorities_in(&self, a: usize) -> Vec<usize> {
        if self.areas[a].kind == AreaKind::LocalAuthority {
            return vec![a];
        }
        let mut v: Vec<usize> =
            self.area_down[a].iter().copied().filter(|&d| self.areas[d].kind == AreaKind::LocalAuthority).collect();
        v.sort_unstable();
        v
    }

    /// Whether the provider's listing is older than a year.
    pub fn is_stale(&self, p: &Provider) -> bool {
        p.reviewed < self.today.add_months(-12)
    }
}

#[cfg(test)]
mod tests {
    use super::{right_to_left, sort_key, RightToLeft};

    #[test]
    fn right_to_left_names_are_found_by_their_first_letter() {
        let rtl = |lang| Some(RightToLeft { lang });
        assert_eq!(right_to_left("امید مرکز برائے اطفال"), rtl(Some("ur")));
        assert_eq!(right_to_left("مركز الأمل للأطفال"), rtl(Some("ar")));
        assert_eq!(right_to_left("🌈 ١٢ مركز الأمل"), rtl(Some("ar")));
        assert_eq!(right_to_left("בית הילדים"), rtl(Some("he")));
        // Persian letters: right to left, and no language guessed.
        assert_eq!(right_to_left("خانه کودک"), rtl(None));
        for ltr in ["Acorn Tree", "Łódź Wsparcie", "Ŵyn Bach", "🌈 Rainbow", "12 Oaks مركز", "", "🌈"] {
            assert_eq!(right_to_left(ltr), None, "{ltr}");
        }
    }

    #[test]
    fn sort_key_folds_case_accents_and_articles() {
        let mut names = vec!["Zebra", "Łódź House", "the Acorn", "Ærwen", "ash"];
        names.sort_by_key(|n| sort_key(n));
        assert_eq!(names, vec!["the Acorn", "Ærwen", "ash", "Łódź House", "Zebra"]);
    }

    #[test]
    fn welsh_and_polish_letters_sort_beside_their_base_letter_not_after_z() {
        let mut names = vec![
            "Zebra",
            "Ŵyn Bach",
            "Łódź Wsparcie",
            "Lantern",
            "Mosaic",
            "Wren",
            "Vale",
            "Ẁyn",
            "Ỳr Hafan",
            "Źródło",
            "Ysgol",
            "Ńiebo",
            "Ósemka",
            "Ćma",
            "Ęko",
            "Śnieg",
            "Żaba",
        ];
        names.sort_by_key(|n| sort_key(n));
        let pos = |n: &str| names.iter().position(|x| *x == n).unwrap();
        assert!(pos("Lantern") < pos("Łódź Wsparcie") && pos("Łódź Wsparcie") < pos("Mosaic"), "{names:?}");
        assert!(pos("Vale") < pos("Ŵyn Bach") && pos("Ŵyn Bach") < pos("Ysgol"), "{names:?}");
        assert!(pos("Wren") < pos("Ẁyn") && pos("Ẁyn") < pos("Ysgol"), "{names:?}");
        assert!(pos("Ŵyn Bach") < pos("Ỳr Hafan") && pos("Ỳr Hafan") < pos("Ysgol"), "{names:?}");
        for n in ["Ńiebo", "Ósemka", "Ćma", "Ęko", "Śnieg"] {
            assert!(pos(n) < pos("Zebra"), "{n} sorts after Z: {names:?}");
        }
        for (name, first) in [("Żaba", 'z'), ("Źródło", 'z'), ("Ŵyn Bach", 'w'), ("Łódź", 'l'), ("Ćma", 'c')] {
            assert_eq!(sort_key(name).chars().next(), Some(first), "{name}");
        }
    }

    #[test]
    fn symbols_before_a_name_do_not_decide_where_it_sorts() {
        assert!(sort_key("🌈 Rainbow Play").starts_with("rainbow"));
        assert!(sort_key("\"Quoted\" Therapies").starts_with("quoted"));
        assert!(sort_key("The 🏮 Lantern").starts_with("lantern"));
        // A name of symbols alone keeps them, so it still has a key.
        assert_eq!(sort_key("🌈🌈"), "🌈🌈");
        // Right-to-left names keep their own letters and sort after every Latin name.
        assert!(sort_key("مركز الأمل") > sort_key("Zzz"));
        assert!(sort_key("امید مرکز") > sort_key("Zzz"));
    }
}
