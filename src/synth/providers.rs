//! The providers: legal form, name, registrations, services, lot memberships, awards,
//! governance answers and contact details, each drawn so that every rule the link stage
//! enforces holds (funding within the intervention's routes, memberships inside their
//! framework's dates, graded awards with an inspection date).

use super::catalogue::{schemes_for, INTERVENTIONS, OFSTED, OFSTED_GRADES, PRACTICE_MODELS, RESIDENTIAL, SCHEMES};
use super::commissioning::LotKey;
use super::geography::{Geo, REGIONS};
use super::names::{postcode, slug, NAME_FIRST, NAME_SECOND, NAME_SUFFIX, STREETS};
use super::rng::Rng;
use super::text::{description, join_and, lower_first, EVIDENCE, LANGUAGES, PRACTICE_MODEL, REFERRAL};
use super::BUILD_DATE;
use crate::model::{
    AgeRange, Award, AwardStatus, CallOff, ChecklistAnswer, Compliance, Contact, Date, Delivery, Framework,
    FundingRoute, Governance, HomeType, LegalForm, LotMembership, LotRef, MembershipStatus, Postcode, ProcurementRoute,
    Provider, Registrations, Service,
};

/// The most lots one synthetic provider is on.
const MAX_LOTS_PER_PROVIDER: usize = 4;

#[allow(clippy::too_many_arguments)]
pub(super) fn provider(
    rng: &mut Rng,
    more: &mut Rng,
    geo: &Geo,
    frameworks: &[Framework],
    lots: &[LotKey],
    i: usize,
    n: usize,
    cited_id: Option<&str>,
) -> Provider {
    let today: Date = BUILD_DATE.parse().expect("BUILD_DATE is a date");
    let r = rng.below(REGIONS.len());
    let region = &geo.regions[r];
    let home = *rng.pick(&region.las);

    use LegalForm::*;
    let forms = [
        Charity,
        CharitableIncorporatedOrganisation,
        CommunityInterestCompany,
        Company,
        Partnership,
        SoleTrader,
        LocalAuthority,
        NhsTrust,
    ];
    let mut legal_form = forms[rng.weighted(&[20, 12, 14, 34, 6, 10, 2, 2])];
    let residential = matches!(legal_form, Charity | Company | CommunityInterestCompany) && rng.chance(10);
    // Councils run homes of their own (in-house provision); some partnerships are LLPs and
    // some charities community benefit societies.
    let residential = residential || (legal_form == LocalAuthority && more.chance(40));
    if legal_form == Partnership && more.chance(40) {
        legal_form = LimitedLiabilityPartnership;
    } else if legal_form == Charity && !residential && more.chance(10) {
        legal_form = CommunityBenefitSociety;
    }

    let words = format!("{} {}", rng.pick(&NAME_FIRST), rng.pick(&NAME_SECOND));
    let name = match legal_form {
        // The authorities are real councils: invented words keep a generated provider from
        // reading as one of their own services.
        LocalAuthority if residential => format!("{words} Council Children's Homes"),
        LocalAuthority => format!("{words} Council Therapeutic Service"),
        NhsTrust => format!("{words} Children's Health NHS Trust"),
        SoleTrader => format!("{words} Therapy"),
        _ if residential => format!("{words} Children's Homes"),
        CommunityInterestCompany => format!("{words} {} CIC", rng.pick(&NAME_SUFFIX)),
        Company => format!("{words} {} Ltd", rng.pick(&NAME_SUFFIX)),
        _ => format!("{words} {}", rng.pick(&NAME_SUFFIX)),
    };
    let stem = slug(&words);
    let id = cited_id.map_or_else(|| format!("provider-{i:06}-{stem}"), str::to_string);
    let host = format!("{stem}-{i:06}.example");

    let public = matches!(legal_form, LocalAuthority | NhsTrust);
    let sme = !public && (legal_form != Company || rng.chance(85));
    let vcse = matches!(legal_form, Charity | CharitableIncorporatedOrganisation | CommunityInterestCompany);
    let urn_step = (900_000 / n.max(1)).max(1);
    let registrations = Registrations {
        charity: matches!(legal_form, Charity | CharitableIncorporatedOrganisation)
            .then(|| format!("1{:06}", rng.below(1_000_000))),
        company: (matches!(legal_form, Company | CommunityInterestCompany)
            || (legal_form == Charity && rng.chance(50)))
        .then(|| format!("{:08}", rng.range(1_000_000, 15_999_999))),
        ofsted_urn: residential.then(|| format!("SC{:06}", 100_000 + (i * urn_step + rng.below(urn_step)) % 900_000)),
    };

    // Services: residential homes lead with residential care; everyone else draws from
    // the community interventions.
    let n_services = 1 + rng.weighted(&[35, 35, 20, 10]);
    let mut ivs: Vec<usize> = Vec::new();
    if residential {
        ivs.push(RESIDENTIAL);
    }
    for j in rng.sample(INTERVENTIONS.len() - 1, n_services) {
        if ivs.len() < n_services {
            ivs.push(j + 1);
        }
    }
    let mut services: Vec<Service> = ivs.iter().map(|&iv| service(rng, more, geo, r, iv)).collect();
    // Some providers state their languages once, for every service.
    let languages = if services.len() > 1 && more.chance(40) {
        let shared = services[0].languages.clone();
        for sv in services.iter_mut().filter(|sv| sv.languages == shared) {
            sv.languages.clear();
        }
        shared
    } else {
        Vec::new()
    };
    let practice_models: Vec<String> = if more.chance(70) {
        let k = more.range(1, 3) as usize;
        let mut picked = more.sample(PRACTICE_MODELS.len(), k);
        picked.sort_unstable();
        picked.into_iter().map(|j| PRACTICE_MODELS[j].0.to_string()).collect()
    } else {
        Vec::new()
    };

    let first = INTERVENTIONS[ivs[0]].1;
    let mut list: Vec<String> = ivs.iter().map(|&iv| lower_first(INTERVENTIONS[iv].1)).collect();
    list[0] = first.to_string();
    let summary = if services[0].areas.is_empty() {
        format!("{} online, for children and young people across England.", join_and(&list))
    } else {
        format!("{} for children and young people in {}.", join_and(&list), geo.name(home))
    };
    let description = description(rng, &name, geo.name(home), &lower_first(first));
    let practice_model = rng.chance(90).then(|| {
        let k = rng.range(3, 5) as usize;
        let picked: Vec<&str> = rng.sample(PRACTICE_MODEL.len(), k).into_iter().map(|j| PRACTICE_MODEL[j]).collect();
        format!("{}\n", picked.join(" "))
    });

    // Lot memberships: lots in the home region that buy one of this provider's services,
    // each with a 40% chance, and at most four: a provider bids for a few lots, not for
    // every lot a large region lets.
    let eligible: Vec<&LotKey> = lots
        .iter()
        .filter(|key| key.regions.contains(&r) && key.interventions.iter().any(|iv| ivs.contains(iv)))
        .collect();
    let wanted = eligible.iter().filter(|_| rng.chance(40)).count().min(MAX_LOTS_PER_PROVIDER);
    let mut memberships = Vec::new();
    let mut picked = rng.sample(eligible.len(), wanted);
    picked.sort_unstable();
    for key in picked.into_iter().map(|j| eligible[j]) {
        let fw = &frameworks[key.framework];
        let lot = fw.lots.iter().find(|l| l.number == key.number).expect("the lot is on its framework");
        // A framework past its end date has ended for everyone on it.
        let status = if fw.ends < today {
            MembershipStatus::Ended
        } else {
            [MembershipStatus::Active, MembershipStatus::Suspended, MembershipStatus::Ended][rng.weighted(&[85, 8, 7])]
        };
        // Providers join when a framework opens or re-opens (a dynamic purchasing system at
        // any time), and a few join at a re-opening still to come.
        let opened: Vec<Date> =
            std::iter::once(fw.starts).chain(fw.reopens.iter().copied()).filter(|&d| d <= today).collect();
        let upcoming = fw.reopens.iter().copied().find(|&d| d > today && d <= fw.ends);
        let drawn = if fw.route == ProcurementRoute::DynamicPurchasingSystem || opened.is_empty() {
            rng.date_between(fw.starts, fw.ends.min(today))
        } else {
            let open = opened[more.below(opened.len())];
            rng.date_between(open, open.add_days(90).min(fw.ends).min(today))
        };
        let joined = match upcoming {
            Some(d) if status == MembershipStatus::Active && more.chance(3) => d,
            _ => drawn,
        };
        let status_since = match status {
            MembershipStatus::Active => None,
            _ if fw.ends < today && joined <= fw.ends => Some(fw.ends),
            _ => Some(more.date_between(joined, today)),
        };
        // About half cite the lot by its id, the rest by framework and number.
        let (framework, lot_ref) = if more.chance(50) {
            (String::new(), LotRef::Id(lot.id.clone()))
        } else {
            (fw.id.clone(), LotRef::Number(key.number))
        };
        memberships.push(LotMembership {
            framework,
            lot: lot_ref,
            status,
            joined,
            status_since,
            rank: (lot.call_off == CallOff::RankedList && more.chance(80)).then(|| more.range(1, 12) as u32),
        });
    }

    let awards = awards(rng, more, &ivs, registrations.ofsted_urn.as_deref(), today);
    let governance = governance(rng);
    let contact = Contact {
        email: Some(format!("referrals@{host}")),
        phone: Some(format!("020 7946 0{:03}", rng.below(1000))),
        website: rng.chance(90).then(|| format!("https://{host}")),
        referral: Some(rng.pick(&REFERRAL).to_string()),
        address: rng.chance(75).then(|| format!("{} {}, {}", rng.range(1, 240), rng.pick(&STREETS), geo.name(home))),
        postcode: rng.chance(75).then(|| postcode(rng)),
    };
    // Most listings were confirmed within the year; about one in seven is overdue, which
    // the build warns about, as it should.
    let reviewed = if rng.chance(85) {
        rng.date_between(today.add_days(-364), today.add_days(-1))
    } else {
        rng.date_between(Date::from_ymd(2025, 1, 1).expect("date"), today.add_days(-366))
    };
    Provider {
        id,
        name,
        legal_form,
        sme: Some(sme),
        vcse: Some(vcse),
        sector: None,
        registrations,
        summary,
        description,
        practice_model,
        practice_models,
        languages,
        services,
        lots: memberships,
        awards,
        governance,
        contact,
        reviewed,
    }
}

fn service(rng: &mut Rng, more: &mut Rng, geo: &Geo, r: usize, iv: usize) -> Service {
    const AGES: [(u8, u8); 13] = [
        (0, 5),
        (2, 11),
        (3, 18),
        (4, 18),
        (5, 16),
        (5, 18),
        (8, 18),
        (11, 18),
        (11, 25),
        (13, 25),
        (0, 18),
        (4, 11),
        (16, 25),
    ];
    const RESIDENTIAL_AGES: [(u8, u8); 5] = [(8, 17), (10, 18), (11, 18), (7, 18), (12, 21)];
    let region = &geo.regions[r];
    let residential = iv == RESIDENTIAL;
    let (from, to) = *rng.pick(if residential { &RESIDENTIAL_AGES[..] } else { &AGES[..] });
    let delivery = if residential {
        vec![Delivery::Residential]
    } else {
        let modes =
            [(Delivery::InPerson, 80), (Delivery::Online, 55), (Delivery::Phone, 20), (Delivery::HomeVisits, 30)];
        let mut d: Vec<Delivery> = modes.iter().filter(|m| rng.chance(m.1)).map(|m| m.0).collect();
        if d.is_empty() {
            d.push(Delivery::InPerson);
        }
        if more.chance(10) {
            d.push(Delivery::SchoolBased);
        }
        d
    };
    let in_person = delivery.iter().any(|d| !d.is_remote());
    // The catchment of online or phone delivery: England, the home region, or a few of its
    // authorities.
    let online_areas: Vec<String> = if !delivery.iter().any(|d| d.is_remote()) {
        vec![]
    } else {
        match more.weighted(&[50, 30, 20]) {
            0 => vec!["england".to_string()],
            1 => vec![geo.id(region.area).to_string()],
            _ => {
                let k = more.range(1, 4) as usize;
                let mut picked = more.sample(region.las.len(), k);
                picked.sort_unstable();
                picked.into_iter().map(|j| geo.id(region.las[j]).to_string()).collect()
            }
        }
    };
    let (places, home_type) = if residential {
        let home_type = [HomeType::Solo, HomeType::SmallGroup, HomeType::TherapeuticCommunity, HomeType::Other]
            [more.weighted(&[20, 60, 15, 5])];
        let places = match home_type {
            HomeType::Solo => 1,
            HomeType::SmallGroup => more.range(2, 6) as u32,
            HomeType::TherapeuticCommunity => more.range(6, 24) as u32,
            HomeType::Other => more.range(2, 10) as u32,
        };
        (more.chance(95).then_some(places), Some(home_type))
    } else {
        (None, None)
    };
    // Online and phone services leave `areas` empty, as the format allows.
    let served: Vec<usize> = if !in_person {
        vec![]
    } else {
        match rng.weighted(&[15, 25, 60]) {
            0 => vec![region.area],
            1 => vec![*rng.pick(&region.subs)],
            _ => {
                let k = rng.range(1, 5) as usize;
                let mut picked = rng.sample(region.las.len(), k);
                picked.sort_unstable();
                picked.into_iter().map(|j| region.las[j]).collect()
            }
        }
    };
    let areas: Vec<String> = served.iter().map(|&a| geo.id(a).to_string()).collect();
    // Premises at a real postcode: the one nearest the middle of a sector of an authority
    // the service serves, so that distances in a generated region are real ones.
    let postcode = if delivery.iter().any(|d| d.from_premises()) {
        let placeable: Vec<usize> =
            served.iter().flat_map(|&a| geo.las_within(a)).filter(|&la| !geo.sectors[la].is_empty()).collect();
        (!placeable.is_empty()).then(|| {
            let la = placeable[more.below(placeable.len())];
            let sector = geo.sectors[la][more.below(geo.sectors[la].len())];
            Postcode::parse(sector.nearest).expect("the table's postcodes are well formed")
        })
    } else {
        None
    };
    let allowed = INTERVENTIONS[iv].5;
    let mut funding: Vec<FundingRoute> = allowed.iter().copied().filter(|_| rng.chance(60)).collect();
    if funding.is_empty() {
        funding.push(*rng.pick(allowed));
    }
    let mut languages = vec!["English".to_string()];
    let extra = rng.weighted(&[60, 28, 12]);
    languages.extend(rng.sample(LANGUAGES.len(), extra).into_iter().map(|j| LANGUAGES[j].to_string()));
    let cost = rng.chance(60).then(|| {
        if residential {
            format!("£{} per week", 4_500 + 250 * rng.below(21))
        } else if rng.chance(80) {
            format!("£{} per session", 45 + 5 * rng.below(20))
        } else {
            format!("£{} per hour", 50 + 5 * rng.below(20))
        }
    });
    Service {
        intervention: INTERVENTIONS[iv].0.to_string(),
        ages: AgeRange { from, to },
        delivery,
        areas,
        online_areas,
        postcode,
        places,
        home_type,
        wait_weeks: rng.chance(85).then(|| {
            if rng.chance(80) {
                rng.range(0, 10) as u32
            } else {
                rng.range(11, 30) as u32
            }
        }),
        accepting: rng.chance(80),
        languages,
        cost,
        funding,
    }
}

fn awards(rng: &mut Rng, more: &mut Rng, ivs: &[usize], urn: Option<&str>, today: Date) -> Vec<Award> {
    let mut schemes: Vec<usize> = Vec::new();
    if urn.is_some() {
        schemes.push(OFSTED);
    }
    for &iv in ivs {
        for &s in schemes_for(iv) {
            if !schemes.contains(&s) && rng.chance(70) {
                schemes.push(s);
            }
        }
    }
    schemes
        .into_iter()
        .map(|s| {
            let status =
                [AwardStatus::Current, AwardStatus::Suspended, AwardStatus::Withdrawn][rng.weighted(&[90, 6, 4])];
            if s == OFSTED {
                // Registration does not expire; the inspection grade is what changes.
                let inspected = rng.date_between(today.add_days(-3 * 365), today.add_days(-7));
                let registered = rng.date_between(Date::from_ymd(2008, 1, 1).expect("date"), inspected);
                return Award {
                    scheme: SCHEMES[s].0.into(),
                    status,
                    // A registration need not state when it was made: many records give only
                    // the last inspection.
                    awarded: more.chance(50).then_some(registered),
                    status_since: (status != AwardStatus::Current).then(|| more.date_between(inspected, today)),
                    expires: None,
                    reference: urn.map(str::to_string),
                    grade: Some(OFSTED_GRADES[rng.weighted(&[20, 55, 18, 7])].to_string()),
                    inspected: Some(inspected),
                };
            }
            // Ofsted awards never expire, so the rest are drawn a little over 15% expired
            // to give about 15% overall, each still saying `current`, as a stale register does.
            let (awarded, expires) = match rng.weighted(&[17, 58, 25]) {
                0 => {
                    let expires = today.add_days(-rng.range(1, 540));
                    (expires.add_days(-rng.range(365, 1095)), Some(expires))
                }
                1 => {
                    let expires = today.add_days(rng.range(1, 1095));
                    let awarded = expires.add_days(-rng.range(365, 1095)).min(today.add_days(-rng.range(1, 200)));
                    (awarded, Some(expires))
                }
                _ => (today.add_days(-rng.range(30, 3650)), None),
            };
            let reference = rng.chance(70).then(|| {
                let prefix = match SCHEMES[s].0 {
                    "community-of-communities" => "CoC",
                    "hcpc" => "HCPC-ORG",
                    "bacp" => "BACP",
                    "ukcp" => "UKCP-ORG",
                    "tctc-membership" => "TCTC",
                    _ => "BAPT",
                };
                format!("{prefix}-{:05}", rng.below(100_000))
            });
            let status_since = (status != AwardStatus::Current).then(|| more.date_between(awarded, today));
            Award {
                scheme: SCHEMES[s].0.into(),
                status,
                awarded: Some(awarded),
                status_since,
                expires,
                reference,
                grade: None,
                inspected: None,
            }
        })
        .collect()
}

fn governance(rng: &mut Rng) -> Governance {
    let mut answers = EVIDENCE.iter().map(|choices| {
        rng.chance(85).then(|| {
            let a = rng.weighted(&[60, 28, 12]);
            ChecklistAnswer {
                answer: [Compliance::Met, Compliance::Partly, Compliance::NotMet][a],
                evidence: rng.pick(choices[a]).to_string(),
            }
        })
    });
    let mut next = || answers.next().flatten();
    Governance {
        governance: next(),
        therapeutic_practice: next(),
        workforce: next(),
        model_of_care: next(),
        outcomes: next(),
    }
}
