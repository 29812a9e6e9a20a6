//! What templates see: each record turned into plain values with its links, labels and
//! judged statuses already worked out, so templates only lay things out and never decide
//! whether something is current.

use super::markdown::untrusted_html;
use crate::link::{judge, right_to_left, urls, AwardState, LotKey, MembershipState, Site};
use crate::model::*;
use serde_json::{json, Value};

pub fn link(name: &str, url: String) -> Value {
    json!({ "name": name, "url": url })
}

pub fn area_link(site: &Site, a: usize) -> Value {
    let a = &site.areas[a];
    link(&a.name, urls::area(&a.id))
}

pub fn intervention_link(site: &Site, i: usize) -> Value {
    let i = &site.interventions[i];
    link(&i.name, urls::intervention(&i.id))
}

pub fn lot_link(site: &Site, k: LotKey) -> Value {
    let (f, l) = site.lot(k);
    json!({
        "name": format!("Lot {}: {}", l.number, l.title),
        "id": l.id,
        "url": urls::lot(&f.id, l.number),
        "framework": link(&f.name, urls::framework(&f.id)),
        "call_off": l.call_off.label(),
    })
}

/// A lot membership as the build date finds it, in words: "Suspended since 1 September
/// 2025; joined 1 April 2024", "Joins on 1 April 2027", with its rank on a ranked list.
pub fn membership(site: &Site, m: &LotMembership) -> Value {
    let state = judge::membership(m, site.today);
    let text = match (state, m.status_since) {
        (MembershipState::Joins, _) => format!("Joins on {}", m.joined.long()),
        (MembershipState::Active, _) => format!("Active since {}", m.joined.long()),
        (MembershipState::Suspended, Some(d)) => format!("Suspended since {}; joined {}", d.long(), m.joined.long()),
        (MembershipState::Ended, Some(d)) => format!("Ended on {}; joined {}", d.long(), m.joined.long()),
        // No date of the change: say only what is known.
        (MembershipState::Suspended, None) => format!("Suspended; joined {}", m.joined.long()),
        (MembershipState::Ended, None) => format!("Ended; joined {}", m.joined.long()),
    };
    json!({
        "state": state,
        "status": state.label(),
        "active": state == MembershipState::Active,
        "text": text,
        "joined": m.joined.long(),
        "joined_iso": m.joined.to_string(),
        "status_since": m.status_since.map(Date::long),
        "rank": m.rank,
    })
}

/// A framework's reservation in words: "Reserved under PPN 005 to suppliers in …".
pub fn reservation_notice(r: &Reservation) -> Option<&'static str> {
    r.notice.map(ReservationNotice::label)
}

fn compliance_label(c: Compliance) -> &'static str {
    match c {
        Compliance::Met => "Met",
        Compliance::Partly => "Partly met",
        Compliance::NotMet => "Not met",
    }
}

fn weeks(w: Option<u32>) -> String {
    match w {
        None => "Not stated".into(),
        Some(0) => "No wait".into(),
        Some(1) => "1 week".into(),
        Some(n) => format!("{n} weeks"),
    }
}

/// A short row for lists: enough to choose whether to open the provider's page.
pub fn provider_row(site: &Site, pi: usize) -> Value {
    let p = &site.providers[pi];
    let accepting = p.services.iter().any(|s| s.accepting);
    let mut interventions: Vec<&str> =
        p.services.iter().map(|s| site.interventions[site.intervention_ix[&s.intervention]].name.as_str()).collect();
    interventions.dedup();
    let rtl = right_to_left(&p.name);
    // What a panel routes a request by, so a list answers it without opening each provider.
    let lots: Vec<Value> = p
        .lots
        .iter()
        .zip(&site.memberships[pi])
        .filter(|(m, _)| m.status == MembershipStatus::Active && m.joined <= site.today)
        .map(|(_, k)| lot_link(site, *k))
        .collect();
    let waits: Vec<String> = p
        .services
        .iter()
        .map(|s| {
            format!(
                "{}: {}",
                site.interventions[site.intervention_ix[&s.intervention]].name,
                crate::words::in_sentence(&weeks(s.wait_weeks))
            )
        })
        .collect();
    let awards_today: Vec<&str> = p
        .awards
        .iter()
        .zip(&site.award_states[pi])
        .filter(|(_, j)| j.state.is_current())
        .map(|(a, _)| site.schemes[site.scheme_ix[&a.scheme]].name.as_str())
        .collect();
    json!({
        "id": p.id,
        "name": p.name,
        "name_dir": rtl.map(|_| "rtl"),
        "name_lang": rtl.and_then(|r| r.lang),
        "url": urls::provider(&p.id),
        "summary": p.summary,
        "accepting": accepting,
        "interventions": interventions,
        "current_award": site.has_current_award(pi),
        "lots": lots,
        "waits": waits,
        "awards_today": awards_today,
    })
}

/// Where a service is delivered from, for a service that has premises: its postcode; for a
/// home only its postcode sector, since children's homes' addresses are kept private for
/// the safety of the children who live there (Ofsted does not publish them either); or
/// nothing stated. Null for a service with no premises (online, phone, home visits).
fn premises(s: &Service) -> Value {
    match s.premises() {
        Premises::NotFromPremises => Value::Null,
        Premises::NotStated => json!({ "stated": false }),
        Premises::Sector(pc) => json!({ "stated": true, "sector": pc.sector() }),
        Premises::Postcode(pc) => json!({ "stated": true, "postcode": pc.as_str() }),
    }
}

/// Everything the provider page shows.
pub fn provider(site: &Site, pi: usize, jsonld: String) -> Value {
    let p = &site.providers[pi];
    let any_accepting = p.services.iter().any(|s| s.accepting);
    let all_accepting = p.services.iter().all(|s| s.accepting);
    let mut served: Vec<usize> = p.services.iter().flat_map(|s| s.areas.iter().map(|a| site.area_ix[a])).collect();
    served.sort_unstable();
    served.dedup();
    let online = p.services.iter().any(|s| s.delivery.iter().any(|d| d.is_remote()));
    let mut catchment: Vec<usize> =
        p.services.iter().flat_map(|s| s.online_areas.iter().map(|a| site.area_ix[a])).collect();
    catchment.sort_unstable();
    catchment.dedup();
    let min_age = p.services.iter().map(|s| s.ages.from).min().unwrap_or(0);
    let max_age = p.services.iter().map(|s| s.ages.to).max().unwrap_or(0);
    let services: Vec<Value> = p
        .services
        .iter()
        .map(|s| {
            let iv = site.intervention_ix[&s.intervention];
            json!({
                "intervention": intervention_link(site, iv),
                "ages": s.ages.to_string(),
                "delivery": s.delivery.iter().map(|d| d.label()).collect::<Vec<_>>(),
                "areas": s.areas.iter().map(|a| area_link(site, site.area_ix[a])).collect::<Vec<_>>(),
                "online_areas": s.online_areas.iter().map(|a| area_link(site, site.area_ix[a])).collect::<Vec<_>>(),
                "places": s.places,
                "home_type": s.home_type.map(HomeType::label),
                "premises": premises(s),
                "wait": weeks(s.wait_weeks),
                "accepting": s.accepting,
                "languages": s.languages,
                "cost": s.cost,
                "funding": s.funding.iter().map(|f| f.label()).collect::<Vec<_>>(),
            })
        })
        .collect();
    let awards: Vec<Value> = p
        .awards
        .iter()
        .zip(&site.award_states[pi])
        .map(|(a, j)| {
            let s = &site.schemes[site.scheme_ix[&a.scheme]];
            let words = crate::link::judge::award_words(a, j);
            json!({
                "scheme": link(&s.name, urls::scheme(&s.id)),
                "body": s.body,
                "state": j.state,
                "state_label": words.label,
                "when": words.when,
                "current": j.state.is_current(),
                "registration": s.kind == SchemeKind::Registration,
                "awarded": a.awarded.map(Date::long),
                "expires": a.expires.map(Date::long),
                "expires_iso": a.expires.map(|d| d.to_string()),
                "reference": a.reference,
                // A grade is never shown without the inspection that gave it.
                "grade": a.grade.as_ref().and(a.inspected).and(a.grade.as_ref()),
                "inspected": a.inspected.map(Date::long),
            })
        })
        .collect();
    let lots: Vec<Value> = p
        .lots
        .iter()
        .zip(&site.memberships[pi])
        .map(|(m, k)| {
            let mut v = membership(site, m);
            v["lot"] = lot_link(site, *k);
            v
        })
        .collect();
    let governance: Vec<Value> = p
        .governance
        .domains()
        .iter()
        .zip(crate::render::audit::governance::ANCHORS)
        .map(|((domain, a), anchor)| match a {
            Some(a) => json!({ "domain": domain, "anchor": anchor, "answer": compliance_label(a.answer), "class": format!("{:?}", a.answer).to_lowercase(), "evidence": a.evidence }),
            None => json!({ "domain": domain, "anchor": anchor, "answer": "Not stated", "class": "unknown", "evidence": null }),
        })
        .collect();
    let c = &p.contact;
    let rtl = right_to_left(&p.name);
    let mut v = json!({
        "id": p.id,
        "name": p.name,
        "name_dir": rtl.map(|_| "rtl"),
        "name_lang": rtl.and_then(|r| r.lang),
        "url": urls::provider(&p.id),
        "summary": p.summary,
        "legal_form": p.legal_form.label(),
        "sector": p.sector().label(),
        "council_run": p.sector() == Sector::Council,
        "languages": p.languages,
        "online_catchment": catchment.iter().map(|&a| area_link(site, a)).collect::<Vec<_>>(),
        "practice_models": p.practice_models.iter().map(|m| {
            let pm = &site.practice_models[site.practice_model_ix[m]];
            json!({ "name": pm.name, "url": urls::practice_model(&pm.id), "summary": pm.summary })
        }).collect::<Vec<_>>(),
        "sme": stated(p.sme),
        "vcse": stated(p.vcse),
        "registrations": p.registrations,
        "accepting": if all_accepting { "yes" } else if any_accepting { "some" } else { "no" },
        "areas_served": served.iter().map(|&a| area_link(site, a)).collect::<Vec<_>>(),
        "online": online,
        "ages": format!("{min_age} to {max_age}"),
        "contact": {
            "email": c.email,
            "phone": c.phone,
            "tel": c.phone.as_ref().map(|p| p.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect::<String>()),
            "website": c.website,
            "referral": c.referral,
            "address": c.address,
            "postcode": c.postcode,
        },
        "reviewed": p.reviewed.long(),
        "reviewed_iso": p.reviewed.to_string(),
        "stale": site.is_stale(p),
    });
    // Moved in rather than written in `json!`, which would serialize a copy of each.
    v["services"] = services.into();
    v["awards"] = awards.into();
    v["lots"] = lots.into();
    v["governance"] = governance.into();
    v["description_html"] = untrusted_html(&p.description).into();
    v["practice_model_html"] = p.practice_model.as_deref().map(untrusted_html).into();
    v["jsonld"] = jsonld.into();
    v
}

/// schema.org JSON-LD for a provider page, safe inside a `<script>` element: see
/// [`crate::index::jsonld`].
pub fn provider_jsonld(site: &Site, pi: usize, abs_url: &str) -> String {
    crate::index::jsonld::provider_script(site, pi, abs_url)
}

pub use crate::html::script_safe_json;

/// An award state's CSS class and words, for the scheme page.
pub fn state_words(s: AwardState) -> (&'static str, &'static str) {
    let class = match s {
        AwardState::Current => "current",
        AwardState::ExpiringSoon => "expiring",
        AwardState::Expired => "expired",
        AwardState::Suspended => "suspended",
        AwardState::Withdrawn => "withdrawn",
    };
    (class, s.label())
}
