/*!
Synthetic regions: a complete site root of N invented providers, for tests and benchmarks
(`landscape generate`).

The generator builds a register in memory as the [`crate::model`] types ([`region_for`]),
then writes every record as YAML text in the shape `docs/FORMATS.md` gives and copies the
handbook's `content/` folder beside it ([`write`]), so the result builds like a real site.
Everything is invented (names, GSS codes, URNs, postcodes in real formats, `.example`
domains, Ofcom's drama phone range) but every rule the link stage enforces holds: ids
resolve, funding obeys the intervention's routes, graded awards carry an inspection date,
lot memberships fall inside their framework's dates.

Output is a pure function of `(providers, seed)`: the generator has its own PRNG
(splitmix64), draws in a fixed order and never reads the clock, so two runs write
byte-identical files and a benchmark can be repeated anywhere.

This file is the driver: [`build`] draws the register in memory and [`write`] writes it.
The pieces live by concept:
- [`rng`]: the PRNG;
- [`cited`]: the ids the copied handbook links to, which the first records must take;
- [`geography`]: England, regions, sub-regions and local authorities;
- [`catalogue`]: the example's fixed lists (interventions, schemes, practice models);
- [`commissioning`]: frameworks, lots and demand;
- [`providers`]: providers with their services, memberships and awards;
- [`names`] and [`text`]: invented names and prose;
- [`yaml`]: the records as YAML text (`serde_yaml` stays in `load::yaml`);
- [`hugo`]: the same providers as a plain Hugo site, the peer `bench/run.sh` builds.
*/

mod catalogue;
mod cited;
mod commissioning;
mod geography;
pub mod hugo;
mod names;
mod providers;
mod rng;
mod text;
pub(crate) mod yaml;

pub use cited::Cited;
pub use text::word_count;

use crate::model::{Area, DemandPeriod, Framework, Intervention, PracticeModel, Provider, Scheme};
use catalogue::{interventions, schemes, PRACTICE_MODELS};
use commissioning::{demand, frameworks, lot_index};
use geography::{geography, MAX_AUTHORITIES};
use providers::provider;
use rng::Rng;
use std::fs;
use std::io;
use std::path::Path;
use yaml::{
    areas_yaml, demand_yaml, framework_yaml, interventions_yaml, practice_models_yaml, provider_yaml, schemes_yaml,
    site_yaml,
};

/// The date the generated register is written against. Build with `--today 2026-11-23` to
/// see what the generator intended: about 15% of awards expired, none of them yet marked so.
pub const BUILD_DATE: &str = "2026-11-23";

/// What [`generate`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub providers: usize,
    pub areas: usize,
    pub frameworks: usize,
    pub lots: usize,
    /// Every byte written under the output folder, handbook copy included.
    pub bytes: u64,
}

/// A generated register, before it is written.
pub struct Region {
    pub seed: u64,
    pub areas: Vec<Area>,
    pub interventions: Vec<Intervention>,
    pub schemes: Vec<Scheme>,
    pub frameworks: Vec<Framework>,
    pub providers: Vec<Provider>,
    pub practice_models: Vec<PracticeModel>,
    pub demand: Vec<DemandPeriod>,
}

/// Writes a synthetic site root of `providers` providers at `out`, with the `content/`
/// folder of the site root `handbook_from` copied beside the register. Refuses (NotFound)
/// when `handbook_from` has no `content/`: without the handbook, the schemes' standards
/// would not resolve and the site would not build.
pub fn generate(out: &Path, providers: usize, seed: u64, handbook_from: &Path) -> io::Result<Summary> {
    let region = region_for(providers, seed, handbook_from)?;
    write(&region, out, handbook_from)
}

/// The region [`generate`] writes beside the handbook of the site root `handbook_from`:
/// the same `(providers, seed)` always gives the same region, with the ids the handbook
/// cites (see [`Cited`]) given to its first records.
pub fn region_for(providers: usize, seed: u64, handbook_from: &Path) -> io::Result<Region> {
    let cited = Cited::scan(&content_dir(handbook_from)?)?;
    Ok(build(providers, seed, &cited))
}

fn content_dir(handbook_from: &Path) -> io::Result<std::path::PathBuf> {
    let content = handbook_from.join("content");
    if content.is_dir() {
        return Ok(content);
    }
    Err(io::Error::new(
        io::ErrorKind::NotFound,
        format!(
            "{} has no content/ folder: pass the example site root (the repository root) as the handbook",
            handbook_from.display()
        ),
    ))
}

/// The register for `providers` providers and `seed`, in memory. Proportions: 9 regions,
/// 1 to 4 sub-regions each, N/60 local authorities (at least 10, and at most 153, the number
/// of English councils with children's services), max(2, N/500) frameworks.
fn build(providers: usize, seed: u64, cited: &Cited) -> Region {
    let mut rng = Rng::new(seed);
    // A national register grows by providers, not by councils: past England's 153, more
    // invented councils would put every region-wide service on ever more area pages.
    let n_las = (providers / 60).clamp(10, MAX_AUTHORITIES).max(cited.areas.len());
    let geo = geography(&mut rng, n_las, &cited.areas);
    let interventions = interventions();
    let schemes = schemes();
    let n_frameworks = (providers / 500).max(2).max(cited.frameworks.len());
    // The fields added for commissioning draw from a second stream, so the first draws
    // what it always drew and earlier figures stay comparable.
    let mut more = Rng::new(seed.rotate_left(17) ^ 0x636f_6d6d_6973_7369);
    let frameworks = frameworks(&mut rng, &mut more, &geo, n_frameworks, &cited.frameworks);
    let lots = lot_index(&geo, &frameworks);
    let providers = (0..providers)
        .map(|i| {
            let id = cited.providers.get(i).map(String::as_str);
            provider(&mut rng, &mut more, &geo, &frameworks, &lots, i, providers, id)
        })
        .collect();
    let demand = demand(&mut more, &geo);
    let practice_models = PRACTICE_MODELS
        .iter()
        .map(|&(id, name, summary)| PracticeModel { id: id.into(), name: name.into(), summary: summary.into() })
        .collect();
    Region { seed, areas: geo.areas, interventions, schemes, frameworks, providers, practice_models, demand }
}

/// Writes `region` as a site root at `out` (created), with `handbook_from/content` copied
/// in. Returns what was written.
pub fn write(region: &Region, out: &Path, handbook_from: &Path) -> io::Result<Summary> {
    let content = content_dir(handbook_from)?;
    let providers_dir = out.join("providers");
    fs::create_dir_all(providers_dir.join("frameworks"))?;
    fs::create_dir_all(providers_dir.join("orgs"))?;
    let mut bytes = 0u64;
    // Each register file names its schema on its first line, as the example's do, and the
    // region carries the schemas, so an editor opened on it completes and checks fields.
    let mut put = |path: &Path, text: String| -> io::Result<()> {
        let rel = path.strip_prefix(out).unwrap_or(path);
        let text = crate::load::schema::with_modeline(rel, &text);
        bytes += text.len() as u64;
        fs::write(path, text)
    };
    fs::create_dir_all(out.join(crate::load::schema::FOLDER))?;
    for (name, json) in crate::load::schema::files() {
        put(&out.join(crate::load::schema::FOLDER).join(name), json)?;
    }
    put(&out.join("site.yaml"), site_yaml(region))?;
    put(&providers_dir.join("areas.yaml"), areas_yaml(&region.areas))?;
    put(&providers_dir.join("interventions.yaml"), interventions_yaml(&region.interventions))?;
    put(&providers_dir.join("schemes.yaml"), schemes_yaml(&region.schemes))?;
    for fw in &region.frameworks {
        put(&providers_dir.join("frameworks").join(format!("{}.yaml", fw.id)), framework_yaml(fw))?;
    }
    for p in &region.providers {
        put(&providers_dir.join("orgs").join(format!("{}.yaml", p.id)), provider_yaml(p))?;
    }
    put(&providers_dir.join("practice-models.yaml"), practice_models_yaml(&region.practice_models))?;
    if !region.demand.is_empty() {
        fs::create_dir_all(providers_dir.join("demand"))?;
    }
    for d in &region.demand {
        put(&providers_dir.join("demand").join(format!("{}.yaml", d.period)), demand_yaml(d))?;
    }
    bytes += copy_tree(&content, &out.join("content"))?;
    Ok(Summary {
        providers: region.providers.len(),
        areas: region.areas.len(),
        frameworks: region.frameworks.len(),
        lots: region.frameworks.iter().map(|f| f.lots.len()).sum(),
        bytes,
    })
}

/// Copies a folder tree of files as is, in name order; returns the bytes copied.
fn copy_tree(from: &Path, to: &Path) -> io::Result<u64> {
    fs::create_dir_all(to)?;
    let mut entries: Vec<_> = fs::read_dir(from)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    let mut bytes = 0;
    for e in entries {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            bytes += copy_tree(&e.path(), &target)?;
        } else if e.path().is_file() {
            bytes += fs::copy(e.path(), &target)?;
        }
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::names::slug;
    use super::text::{join_and, word_count};
    use super::yaml::{
        areas_yaml, demand_yaml, framework_yaml, interventions_yaml, practice_models_yaml, provider_yaml, schemes_yaml,
        site_yaml, tok,
    };
    use super::*;
    use crate::model::{
        AreaKind, AwardStatus, Date, Delivery, Framework, FundingRoute, Intervention, LegalForm, LotRef,
        MembershipStatus, Scheme, SchemeKind,
    };
    use std::collections::{HashMap, HashSet};

    fn region(providers: usize, seed: u64) -> Region {
        build(providers, seed, &Cited::default())
    }

    /// Every file the writer would produce, in a fixed order.
    fn rendered(region: &Region) -> Vec<String> {
        let mut files = vec![
            site_yaml(region),
            areas_yaml(&region.areas),
            interventions_yaml(&region.interventions),
            schemes_yaml(&region.schemes),
        ];
        files.extend(region.frameworks.iter().map(framework_yaml));
        files.extend(region.providers.iter().map(provider_yaml));
        files.push(practice_models_yaml(&region.practice_models));
        files.extend(region.demand.iter().map(demand_yaml));
        files
    }

    #[test]
    fn same_seed_same_bytes_other_seed_other_bytes() {
        assert_eq!(rendered(&region(300, 7)), rendered(&region(300, 7)));
        assert_ne!(rendered(&region(300, 7)), rendered(&region(300, 8)));
    }

    #[test]
    fn writes_identical_trees_with_the_handbook() {
        let handbook = tempfile::tempdir().unwrap();
        fs::create_dir_all(handbook.path().join("content/handbook")).unwrap();
        fs::write(handbook.path().join("content/_index.md"), "---\ntitle: Home\n---\n").unwrap();
        fs::write(handbook.path().join("content/handbook/a.md"), "---\ntitle: A\n---\nText\n").unwrap();
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let sa = generate(a.path(), 50, 3, handbook.path()).unwrap();
        let sb = generate(b.path(), 50, 3, handbook.path()).unwrap();
        assert_eq!(sa, sb);
        assert_eq!(sa.providers, 50);
        let files = |root: &Path| {
            let mut v: Vec<_> = walkdir::WalkDir::new(root)
                .sort_by_file_name()
                .into_iter()
                .map(|e| e.unwrap())
                .filter(|e| e.file_type().is_file())
                .map(|e| (e.path().strip_prefix(root).unwrap().to_owned(), fs::read(e.path()).unwrap()))
                .collect();
            v.sort();
            v
        };
        let (fa, fb) = (files(a.path()), files(b.path()));
        assert_eq!(fa, fb);
        assert_eq!(fa.iter().map(|f| f.1.len() as u64).sum::<u64>(), sa.bytes);
        assert!(a.path().join("content/handbook/a.md").is_file());
        assert_eq!(fs::read_dir(a.path().join("providers/orgs")).unwrap().count(), 50);
        let missing = tempfile::tempdir().unwrap();
        let e = generate(&a.path().join("x"), 5, 1, missing.path()).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::NotFound);
    }

    #[test]
    fn cited_ids_become_the_first_records() {
        let mut cited = Cited::default();
        cited.add_text(
            "See [[framework:nel-therapeutic-support]], [[lot:nel-therapeutic-support/9|lot 9]],\n\
             [[area:tower-hamlets]], [[provider:acorn-tree-therapies]], [[TS-3.2]], \
             [[scheme:ukcp]] and [[framework:nel-send-therapies-dps]].",
        );
        assert_eq!(
            cited.frameworks,
            [("nel-therapeutic-support".to_string(), 9), ("nel-send-therapies-dps".to_string(), 0)]
        );
        let r = build(100, 1, &cited);
        assert_eq!(r.frameworks[0].id, "nel-therapeutic-support");
        assert!(r.frameworks[0].lots.iter().any(|l| l.number == 9));
        assert_eq!(r.frameworks[1].id, "nel-send-therapies-dps");
        let hamlets = r.areas.iter().find(|a| a.id == "tower-hamlets").unwrap();
        assert_eq!((hamlets.name.as_str(), hamlets.kind), ("Tower Hamlets", AreaKind::LocalAuthority));
        assert_eq!(r.providers[0].id, "acorn-tree-therapies");
    }

    #[test]
    fn authorities_are_real_councils_and_premises_are_real_postcodes_in_them() {
        let r = region(2500, 3);
        let gss: HashMap<&str, &str> =
            r.areas.iter().filter_map(|a| Some((a.id.as_str(), a.gss.as_deref()?))).collect();
        let parent: HashMap<&str, &str> =
            r.areas.iter().filter_map(|a| Some((a.id.as_str(), a.parent.as_deref()?))).collect();
        for a in r.areas.iter().filter(|a| a.kind == AreaKind::LocalAuthority) {
            let code = a.gss.as_deref().unwrap();
            let real = crate::geo::authority(code).unwrap_or_else(|| panic!("{code} is no council"));
            assert_eq!(real.name, a.name);
            assert!(crate::geo::authority_centre(code).is_some(), "{code} has no centre");
            // In its real region.
            let region = parent[parent[a.id.as_str()]];
            assert_eq!(crate::geo::region_name(gss[region]), Some(real.region), "{}", a.id);
        }
        let mut placed = 0;
        for p in &r.providers {
            for sv in &p.services {
                let premises = sv.delivery.iter().any(|d| d.from_premises());
                assert_eq!(sv.postcode.is_some(), premises, "{} {:?}", p.id, sv.delivery);
                let Some(pc) = &sv.postcode else { continue };
                placed += 1;
                let sector = pc.sector_entry().unwrap();
                assert!(crate::geo::sectors().get(sector.code).is_some_and(|s| s.nearest == pc.as_str()));
                // The sector is in an authority the service serves (by its county, for a
                // district of one).
                let la = r.areas.iter().find(|a| a.gss.as_deref() == Some(sector.upper)).unwrap();
                let mut id = la.id.as_str();
                while !sv.areas.iter().any(|a| a == id) {
                    id = parent.get(id).unwrap_or_else(|| panic!("{} {pc} in {} serves {:?}", p.id, la.id, sv.areas));
                }
            }
        }
        assert!(placed > 1000, "only {placed} premises");
        // And the records say so.
        let written: usize = r.providers.iter().map(|p| provider_yaml(p).matches("\n    postcode: ").count()).sum();
        assert_eq!(written, placed);
        // The same seed places them the same.
        let again = region(2500, 3);
        let postcodes = |r: &Region| -> Vec<Option<String>> {
            r.providers
                .iter()
                .flat_map(|p| p.services.iter().map(|s| s.postcode.as_ref().map(|c| c.to_string())))
                .collect()
        };
        assert_eq!(postcodes(&r), postcodes(&again));
    }

    #[test]
    fn asgsf_never_pays_for_salt_or_ot() {
        let r = region(3000, 11);
        let barred = ["speech-and-language-therapy", "occupational-therapy"];
        for i in &r.interventions {
            if barred.contains(&i.id.as_str()) {
                assert!(!i.funding.contains(&FundingRoute::Asgsf), "{}", i.id);
            }
        }
        let mut seen = 0;
        for p in &r.providers {
            for v in &p.services {
                if barred.contains(&v.intervention.as_str()) {
                    seen += 1;
                    assert!(!v.funding.contains(&FundingRoute::Asgsf), "{} {}", p.id, v.intervention);
                }
            }
        }
        assert!(seen > 100, "the test should see many SALT and OT services, saw {seen}");
    }

    #[test]
    fn every_reference_resolves_and_every_rule_holds() {
        let n = 2500;
        let r = region(n, 5);
        let today: Date = BUILD_DATE.parse().unwrap();
        let is_id = |s: &str| {
            !s.is_empty()
                && !s.starts_with('-')
                && !s.ends_with('-')
                && !s.contains("--")
                && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        };

        // Areas: unique ids, parents listed first, well-formed unique GSS codes.
        let mut areas = HashMap::new();
        let mut gss = HashSet::new();
        for a in &r.areas {
            assert!(is_id(&a.id), "{}", a.id);
            if let Some(p) = &a.parent {
                assert!(areas.contains_key(p.as_str()), "{} before its parent {p}", a.id);
            }
            if let Some(code) = &a.gss {
                let (prefix, digits) = code.split_at(3);
                let want: &[&str] = match a.kind {
                    AreaKind::Nation => &["E92"],
                    AreaKind::Region => &["E12"],
                    _ => &["E06", "E08", "E09", "E10"],
                };
                assert!(want.contains(&prefix), "{code}");
                assert!(digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit()), "{code}");
                assert!(gss.insert(code.clone()), "duplicate GSS {code}");
            }
            assert!(areas.insert(a.id.as_str(), a).is_none(), "duplicate area {}", a.id);
        }
        let count = |k| r.areas.iter().filter(|a| a.kind == k).count();
        assert_eq!(count(AreaKind::Region), 9);
        assert_eq!(count(AreaKind::LocalAuthority), (n / 60).max(10));
        assert!(r.areas.iter().filter(|a| a.kind == AreaKind::LocalAuthority).all(|a| a.gss.is_some()));

        // Schemes cite only TS-1.1 to TS-10.3.
        let standards: HashSet<String> = (1..=10).flat_map(|t| (1..=3).map(move |s| format!("TS-{t}.{s}"))).collect();
        for s in &r.schemes {
            assert!(s.assesses.iter().all(|x| standards.contains(x)), "{}", s.id);
        }
        let schemes: HashMap<&str, &Scheme> = r.schemes.iter().map(|s| (s.id.as_str(), s)).collect();
        let interventions: HashMap<&str, &Intervention> = r.interventions.iter().map(|i| (i.id.as_str(), i)).collect();

        // Frameworks: 4 to 8 lots, each naming known interventions and areas.
        assert_eq!(r.frameworks.len(), (n / 500).max(2));
        let mut lots = HashSet::new();
        let mut lot_ids: HashMap<&str, (&str, u32)> = HashMap::new();
        for f in &r.frameworks {
            assert!(is_id(&f.id) && f.starts < f.ends, "{}", f.id);
            assert!((4..=8).contains(&f.lots.len()), "{} has {} lots", f.id, f.lots.len());
            for lot in &f.lots {
                assert!(lot.interventions.iter().all(|i| interventions.contains_key(i.as_str())));
                assert!(lot.areas.iter().all(|a| areas.contains_key(a.as_str())));
                lots.insert((f.id.as_str(), lot.number));
                assert!(lot_ids.insert(lot.id.as_str(), (f.id.as_str(), lot.number)).is_none(), "{}", lot.id);
            }
            if let Some(res) = &f.reservation {
                assert!(res.areas.iter().all(|a| areas.contains_key(a.as_str())));
            }
        }
        let frameworks: HashMap<&str, &Framework> = r.frameworks.iter().map(|f| (f.id.as_str(), f)).collect();

        let mut ids = HashSet::new();
        let (mut awards, mut expired) = (0, 0);
        for p in &r.providers {
            assert!(is_id(&p.id) && ids.insert(p.id.as_str()), "{}", p.id);
            assert!(!p.summary.contains('\n'));
            let words = word_count(&p.description);
            assert!((100..=600).contains(&words), "{} has {words} words", p.id);
            assert!((1..=4).contains(&p.services.len()));
            for v in &p.services {
                let iv = interventions[v.intervention.as_str()];
                assert!(v.ages.from <= v.ages.to && v.ages.to <= 25);
                assert!(!v.funding.is_empty() && v.funding.iter().all(|f| iv.funding.contains(f)));
                assert!(v.areas.iter().all(|a| areas.contains_key(a.as_str())));
                assert!(!v.delivery.is_empty());
            }
            for v in &p.services {
                let remote = v.delivery.iter().any(|d| d.is_remote());
                assert_eq!(remote, !v.online_areas.is_empty(), "{}", p.id);
                assert!(v.online_areas.iter().all(|a| areas.contains_key(a.as_str())));
                assert_eq!(v.places.is_some() || v.home_type.is_some(), v.home_type.is_some());
                assert_eq!(v.home_type.is_some(), v.delivery.contains(&Delivery::Residential));
            }
            for m in &p.lots {
                let (fid, number) = match &m.lot {
                    LotRef::Number(n) => (m.framework.as_str(), *n),
                    LotRef::Id(id) => lot_ids[id.as_str()],
                };
                let f = frameworks[fid];
                assert!(lots.contains(&(fid, number)));
                assert!(f.starts <= m.joined && m.joined <= f.ends);
                assert!(m.joined <= today || m.status == MembershipStatus::Active);
                assert_eq!(m.status_since.is_some(), m.status != MembershipStatus::Active);
                assert!(m.status_since.is_none_or(|d| m.joined <= d && d <= today));
            }
            for a in &p.awards {
                let s = schemes[a.scheme.as_str()];
                assert!(a.awarded.is_none_or(|d| d <= today));
                assert!(a.awarded.is_some() || s.kind == SchemeKind::Registration);
                assert_eq!(a.status_since.is_some(), a.status != AwardStatus::Current);
                if let Some(g) = &a.grade {
                    assert!(s.grades.contains(g) && a.inspected.is_some());
                }
                assert_eq!(a.grade.is_some(), !s.grades.is_empty());
                if s.id == "ofsted-childrens-home" {
                    let urn = p.registrations.ofsted_urn.as_deref().expect("URN for an Ofsted award");
                    assert!(urn.len() == 8 && urn.starts_with("SC"));
                }
                awards += 1;
                expired += usize::from(a.expires.is_some_and(|e| e < today));
            }
            let c = &p.contact;
            assert!(c.email.as_deref().unwrap().ends_with(".example"));
            if let Some(w) = &c.website {
                assert!(w.starts_with("https://") && w.ends_with(".example"), "{w}");
            }
            assert!(c.phone.as_deref().unwrap().starts_with("020 7946 0"));
            assert!(p.reviewed.ymd().0 >= 2025 && p.reviewed < today);
        }
        let share = expired * 100 / awards;
        assert!((10..=20).contains(&share), "{share}% of {awards} awards expired");
    }

    #[test]
    fn slugs_and_tokens() {
        assert_eq!(slug("Little Marlwick 2"), "little-marlwick-2");
        assert_eq!(slug("Children's Homes"), "children-s-homes");
        assert_eq!(tok(&Delivery::HomeVisits), "home-visits");
        assert_eq!(tok(&LegalForm::CharitableIncorporatedOrganisation), "charitable-incorporated-organisation");
        assert_eq!(join_and(&["A".into(), "b".into(), "c".into()]), "A, b and c");
    }
}
