//! HSDS organization documents → providers of this register. What has a place is placed;
//! everything else is noted, in the register's words, for the person importing to read.

use super::hsds::{list, text};
use super::{Mapping, Notes, Record, Region};
use crate::date::Date;
use crate::index::hsds::TABLES;
use crate::link::urls::slugify;
use crate::model::{
    AgeRange, Award, AwardStatus, Contact, Delivery, FundingRoute, Governance, LegalForm, LotMembership, LotRef,
    MembershipStatus, Postcode, Provider, Registrations, Service,
};
use serde_json::{Map, Value};

type Doc = Map<String, Value>;

/// The lists nested in an organization that import reads.
const ORG_NESTED: &[&str] = &["services", "organization_identifiers", "contacts", "phones", "attributes"];
/// The lists nested in a service that import reads.
const SERVICE_NESTED: &[&str] = &[
    "service_areas",
    "languages",
    "cost_options",
    "funding",
    "contacts",
    "phones",
    "attributes",
    "service_at_locations",
];

/// Whether import reads field `k` of an `object` record: one of the columns the register's
/// own export writes for it (the register has a place for exactly those), or one of
/// `nested`. Any other field with a value is noted as having no place.
fn reads(object: &str, nested: &[&str], k: &str) -> bool {
    nested.contains(&k) || TABLES.iter().any(|t| t.object == object && t.columns.contains(&k))
}

/// Which of the register's own taxonomies (as this site's export names them) a term is in.
fn taxonomy_of(attr: &Doc, term: &Doc) -> &'static str {
    let name = text(term, "taxonomy").unwrap_or_default();
    let link = text(attr, "link_type").unwrap_or_default();
    for (key, words) in [
        ("kinds-of-support", "Kinds of support"),
        ("schemes", "Accreditation schemes"),
        ("lots", "Framework lots"),
        ("delivery", "Ways of delivery"),
        ("referrals", "Referral status"),
        ("organisation", "Kind of organisation"),
        ("practice-models", "Practice models"),
        ("residential", "Residential homes"),
        ("governance", "Governance checklist"),
    ] {
        if link == key || name == words || name.ends_with(&format!(": {words}")) {
            return key;
        }
    }
    ""
}

fn terms(d: &Doc) -> Vec<(&'static str, Doc, Option<String>)> {
    list(d, "attributes")
        .filter_map(|a| {
            let t = a.get("taxonomy_term")?.as_object()?.clone();
            Some((taxonomy_of(a, &t), t, text(a, "value")))
        })
        .collect()
}

/// The GSS code in a service area's URI (`…/statistical-geography/E09000012`) or extent.
pub fn gss_code(area: &Doc) -> Option<String> {
    let is_code =
        |s: &str| s.len() == 9 && s.starts_with(['E', 'W', 'S', 'N']) && s[1..].bytes().all(|b| b.is_ascii_digit());
    let from_uri = text(area, "uri").and_then(|u| u.trim_end_matches('/').rsplit('/').next().map(str::to_string));
    let extent = if text(area, "extent_type").is_some_and(|t| t.eq_ignore_ascii_case("gss_code")) {
        text(area, "extent")
    } else {
        None
    };
    from_uri.into_iter().chain(extent).map(|s| s.to_uppercase()).find(|s| is_code(s))
}

/// A legal form from HSDS's free-text `legal_status`, by the register's labels and ids first,
/// then by the words a UK directory uses.
pub fn legal_form(s: &str) -> Option<LegalForm> {
    use LegalForm::*;
    let l = s.trim().to_lowercase();
    if let Some(f) = LegalForm::ALL.iter().find(|f| f.label().to_lowercase() == l || crate::synth::yaml::tok(*f) == l) {
        return Some(*f);
    }
    let has = |w: &str| l.contains(w);
    Some(if has("charitable incorporated") || l == "cio" {
        CharitableIncorporatedOrganisation
    } else if has("community interest") || l == "cic" {
        CommunityInterestCompany
    } else if has("community benefit") {
        CommunityBenefitSociety
    } else if has("limited liability partnership") || l == "llp" {
        LimitedLiabilityPartnership
    } else if has("charity") {
        Charity
    } else if has("nhs") {
        NhsTrust
    } else if has("council") || has("local authority") {
        LocalAuthority
    } else if has("sole trader") {
        SoleTrader
    } else if has("partnership") {
        Partnership
    } else if has("limited") || has("ltd") || has("company") || has("plc") {
        Company
    } else {
        return None;
    })
}

fn date_of(s: &str) -> Option<Date> {
    s.get(..10)?.parse().ok()
}

fn funding_route(s: &str) -> Option<FundingRoute> {
    use FundingRoute::*;
    let l = s.trim().to_lowercase();
    [Asgsf, DsgHighNeeds, Council, Icb, SelfFunded]
        .into_iter()
        .find(|f| f.label().to_lowercase() == l || crate::synth::yaml::tok(f) == l)
}

fn delivery_of(code: &str) -> Option<Delivery> {
    use Delivery::*;
    [InPerson, Online, Phone, HomeVisits, Residential, SchoolBased]
        .into_iter()
        .find(|d| crate::synth::yaml::tok(d) == code || d.label().eq_ignore_ascii_case(code))
}

/// `key=value;…` of this site's export's attribute values.
fn pairs(v: &str) -> impl Iterator<Item = (&str, &str)> {
    v.split(';').filter_map(|p| p.split_once('='))
}

/// Maps every organization; ids are made from names (or, for this site's own export, taken
/// from the provider's page address) and kept distinct from each other.
pub fn providers(docs: &[Doc], region: &Region, mapping: &Mapping, today: Date, notes: &mut Notes) -> Vec<Record> {
    let mut out: Vec<Record> = Vec::new();
    for o in docs {
        let Some(p) = provider(o, region, mapping, today, notes) else { continue };
        let mut p = p;
        let base = p.id.clone();
        let mut n = 2;
        while out.iter().any(|r| r.provider.id == p.id) {
            p.id = format!("{base}-{n}");
            n += 1;
        }
        out.push(Record { source: text(o, "id").unwrap_or_else(|| p.id.clone()), provider: p });
    }
    out
}

fn provider(o: &Doc, region: &Region, mapping: &Mapping, today: Date, notes: &mut Notes) -> Option<Provider> {
    let Some(name) = text(o, "name").map(|n| n.replace(['\n', '\r'], " ")) else {
        notes.note("an organization with no name: left out", text(o, "id").unwrap_or_default());
        return None;
    };
    let here = name.clone();
    for (k, v) in o {
        if !reads("organization", ORG_NESTED, k) && !is_empty(v) {
            notes.note(format!("organization field `{k}`: the register has no place for it, not imported"), &here);
        }
    }
    // This site's own export gives each organization its page, `…/providers/<id>/`.
    let id = text(o, "uri")
        .and_then(|u| {
            let mut parts = u.trim_end_matches('/').rsplit('/');
            let id = parts.next()?.to_string();
            (parts.next()? == "providers" && slugify(&id) == id).then_some(id)
        })
        .unwrap_or_else(|| slugify(&name));
    if id.is_empty() {
        notes.note("an organization whose name has no letters or digits: left out", &here);
        return None;
    }
    let legal = text(o, "legal_status");
    let legal_form = match legal.as_deref().and_then(legal_form) {
        Some(f) => f,
        None => {
            notes.note(
                match &legal {
                    Some(l) => format!("legal status `{l}` is not a legal form the register knows: written as `company`; correct `legal_form`"),
                    None => "no legal status: written as `company`; correct `legal_form`".into(),
                },
                &here,
            );
            LegalForm::Company
        }
    };
    let mut registrations = Registrations::default();
    for i in list(o, "organization_identifiers") {
        let (Some(scheme), Some(value)) = (text(i, "identifier_scheme"), text(i, "identifier")) else { continue };
        match scheme.to_uppercase().as_str() {
            "GB-CHC" => registrations.charity = Some(value),
            // Companies House numbers are 8 characters; a shorter one is not padded on a guess.
            "GB-COH" if value.len() == 8 => registrations.company = Some(value),
            "GB-COH" => notes.note(format!("company number `{value}` is not 8 characters: not imported"), &here),
            "GB-OFSTED" => registrations.ofsted_urn = Some(value),
            other => notes.note(
                format!("identifier scheme `{other}`: the register keeps only charity, company and Ofsted numbers"),
                &here,
            ),
        }
    }
    let description = text(o, "description").unwrap_or_default();
    let first_para = description.split("\n\n").next().unwrap_or("").replace(['\n', '\r'], " ");
    let summary = if first_para.trim().is_empty() {
        notes.note("no description: summary written as \"Not stated\"", &here);
        "Not stated".to_string()
    } else {
        first_para.trim().to_string()
    };
    let description = if description.trim() == summary { String::new() } else { description.trim().to_string() + "\n" };

    let services_docs: Vec<&Doc> = list(o, "services").collect();
    let mut contact = Contact {
        email: text(o, "email"),
        phone: None,
        website: text(o, "website").filter(|w| w.starts_with("https://") || w.starts_with("http://")),
        referral: None,
        address: None,
        postcode: None,
    };
    let contacts = list(o, "contacts").chain(services_docs.iter().flat_map(|s| list(s, "contacts")));
    for c in contacts {
        if contact.email.is_none() {
            contact.email = text(c, "email");
        }
        for p in list(c, "phones") {
            if contact.phone.is_none() {
                contact.phone = text(p, "number").map(|n| n.trim_matches('"').to_string());
            }
        }
    }
    for p in list(o, "phones").chain(services_docs.iter().flat_map(|s| list(s, "phones"))) {
        if contact.phone.is_none() {
            contact.phone = text(p, "number").map(|n| n.trim_matches('"').to_string());
        }
    }
    for s in &services_docs {
        if contact.email.is_none() {
            contact.email = text(s, "email");
        }
        if contact.referral.is_none() {
            contact.referral = text(s, "application_process").map(|t| t.replace(['\n', '\r'], " "));
        }
    }
    if contact.referral.is_none() {
        notes.note("no application process: how to refer left out (the page says \"Not stated\")", &here);
    }

    let mut services = Vec::new();
    let mut reviewed: Option<Date> = None;
    for s in &services_docs {
        let at = format!("{here}: {}", text(s, "name").unwrap_or_else(|| "a service".into()));
        for d in ["assured_date", "last_modified"] {
            if let Some(d) = text(s, d).as_deref().and_then(date_of) {
                reviewed = Some(reviewed.map_or(d, |r: Date| r.max(d)));
            }
        }
        services.extend(service(s, region, mapping, notes, &at));
    }
    if services.is_empty() {
        notes.note("an organization with no service the register can list: left out", &here);
        return None;
    }
    let reviewed = reviewed.unwrap_or_else(|| {
        notes.note("no assured or last-modified date: `reviewed` written as the day of the import", &here);
        today
    });

    let mut awards = Vec::new();
    let mut lots = Vec::new();
    let (mut sme, mut vcse): (Option<bool>, Option<bool>) = (None, None);
    let mut practice_models = Vec::new();
    let mut governance = Governance::default();
    for (tax, term, value) in terms(o) {
        let code = text(&term, "code").unwrap_or_default();
        let value = value.unwrap_or_default();
        let get = |k: &str| pairs(&value).find(|p| p.0 == k).map(|p| p.1.to_string());
        let day = |k: &str| get(k).as_deref().and_then(date_of);
        match tax {
            "schemes" if region.schemes.contains(&code) => awards.push(Award {
                scheme: code,
                status: match get("state").as_deref() {
                    Some("suspended") => AwardStatus::Suspended,
                    Some("withdrawn") => AwardStatus::Withdrawn,
                    _ => AwardStatus::Current,
                },
                awarded: day("awarded"),
                status_since: day("status_since"),
                expires: day("expires"),
                reference: None,
                grade: get("grade"),
                inspected: day("inspected"),
            }),
            "lots" => match (region.lot(&code), day("joined")) {
                (Some((framework, number)), Some(joined)) => lots.push(LotMembership {
                    framework: framework.to_string(),
                    lot: LotRef::Number(number),
                    status: match get("state").as_deref() {
                        Some("suspended") => MembershipStatus::Suspended,
                        Some("ended") => MembershipStatus::Ended,
                        _ => MembershipStatus::Active,
                    },
                    joined,
                    status_since: day("status_since").filter(|d| *d != joined),
                    rank: get("rank").and_then(|r| r.parse().ok()),
                }),
                (None, _) => notes.note(
                    format!("framework lot `{code}` is not a lot of this region's frameworks: not imported"),
                    &here,
                ),
                (_, None) => notes.note(format!("lot `{code}` has no join date: not imported"), &here),
            },
            "practice-models" if region.practice_models.contains(&code) => practice_models.push(code),
            "practice-models" => {
                notes.note(format!("practice model `{code}` is not in practice-models.yaml: not imported"), &here)
            }
            "governance" => {
                use crate::model::{ChecklistAnswer, Compliance};
                let (answer, evidence) = value.split_once(": ").unwrap_or((value.as_str(), ""));
                let answer = match answer {
                    "met" => Compliance::Met,
                    "partly" => Compliance::Partly,
                    "not-met" => Compliance::NotMet,
                    _ => continue,
                };
                let a = Some(ChecklistAnswer { answer, evidence: evidence.to_string() });
                match code.as_str() {
                    "governance" => governance.governance = a,
                    "therapeutic-practice" => governance.therapeutic_practice = a,
                    "workforce-structures" => governance.workforce = a,
                    "model-of-care" => governance.model_of_care = a,
                    "outcomes" => governance.outcomes = a,
                    _ => {}
                }
            }
            "organisation" if code == "sme" => sme = Some(value == "true"),
            "organisation" if code == "vcse" => vcse = Some(value == "true"),
            "schemes" => {
                notes.note(format!("scheme `{code}` is not in schemes.yaml: the award is not imported"), &here)
            }
            _ => notes.note(
                format!(
                    "organization term `{}`: the register has no place for it",
                    text(&term, "name").unwrap_or(code)
                ),
                &here,
            ),
        }
    }
    Some(Provider {
        id,
        name,
        legal_form,
        sme,
        vcse,
        sector: None,
        registrations,
        summary,
        description,
        practice_model: None,
        practice_models,
        languages: Vec::new(),
        services,
        lots,
        awards,
        governance,
        contact,
        reviewed,
    })
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// One HSDS service → one register service per kind of support it maps to.
fn service(s: &Doc, region: &Region, mapping: &Mapping, notes: &mut Notes, at: &str) -> Vec<Service> {
    for (k, v) in s {
        if !reads("service", SERVICE_NESTED, k) && !is_empty(v) {
            notes.note(format!("service field `{k}`: the register has no place for it, not imported"), at);
        }
    }
    let status = text(s, "status").unwrap_or_else(|| "active".into()).to_lowercase();
    if status == "inactive" || status == "defunct" {
        notes.note(format!("service status `{status}`: the register lists only running services, left out"), at);
        return Vec::new();
    }
    let mut kinds: Vec<String> = Vec::new();
    let mut delivery: Vec<Delivery> = Vec::new();
    let mut accepting: Option<bool> = None;
    let (mut places, mut home_type) = (None, None);
    for (tax, term, value) in terms(s) {
        let code = text(&term, "code").unwrap_or_default();
        let name = text(&term, "name").unwrap_or_default();
        match tax {
            "delivery" => delivery.extend(delivery_of(&code)),
            "referrals" => accepting = value.map(|v| v == "true"),
            "residential" if code == "places" => places = value.and_then(|v| v.parse().ok()),
            "residential" => {
                use crate::model::HomeType::*;
                home_type = [Solo, SmallGroup, TherapeuticCommunity, Other]
                    .into_iter()
                    .find(|h| code == format!("home-type/{}", crate::synth::yaml::tok(h)))
            }
            _ => {
                let keys = [code.clone(), name.clone(), text(&term, "id").unwrap_or_default()];
                let found = keys
                    .iter()
                    .filter(|k| !k.is_empty())
                    .find_map(|k| mapping.terms.get(&k.to_lowercase()).cloned())
                    .or_else(|| region.intervention(&code).or_else(|| region.intervention(&name)).map(str::to_string));
                match found {
                    Some(iv) if !kinds.contains(&iv) => kinds.push(iv),
                    Some(_) => {}
                    None => notes.note(
                        format!(
                            "taxonomy term `{}` is no kind of support in this region: add it to a mapping file",
                            if name.is_empty() { &code } else { &name }
                        ),
                        at,
                    ),
                }
            }
        }
    }
    if kinds.is_empty() {
        notes.note("a service with no kind of support the region lists: left out", at);
        return Vec::new();
    }
    let age = |k: &str| text(s, k).and_then(|a| a.parse::<f64>().ok()).filter(|a| (0.0..=255.0).contains(a));
    let (Some(from), Some(to)) = (age("minimum_age"), age("maximum_age")) else {
        notes.note("a service without both a minimum and a maximum age: left out (the register needs its ages)", at);
        return Vec::new();
    };
    // The register lists support for children and young people: to 25 at the oldest (SEND).
    if from > 25.0 {
        notes.note("a service for ages above 25 only: left out (the register's services end at 25)", at);
        return Vec::new();
    }
    let to = if to > 25.0 {
        notes.note(format!("maximum age {to} is past 25: written as 25, the oldest the register lists"), at);
        25.0
    } else {
        to
    };
    if delivery.is_empty() {
        for l in list(s, "service_at_locations") {
            match l.get("location").and_then(Value::as_object).and_then(|l| text(l, "location_type")).as_deref() {
                Some("virtual") => delivery.push(Delivery::Online),
                Some("physical") => delivery.push(Delivery::InPerson),
                _ => {}
            }
        }
        delivery.sort();
        delivery.dedup();
    }
    if delivery.is_empty() {
        notes.note("delivery not stated: written as in person", at);
        delivery.push(Delivery::InPerson);
    }
    let mut areas = Vec::new();
    let mut online_areas = Vec::new();
    for a in list(s, "service_areas") {
        let name = text(a, "name").unwrap_or_default();
        let found = gss_code(a).and_then(|c| region.area(&c)).or_else(|| region.area(&name)).map(str::to_string);
        let Some(id) = found else {
            let what = gss_code(a)
                .map_or(format!("`{}`", name.chars().take(60).collect::<String>()), |c| format!("GSS code {c}"));
            notes.note(
                format!("service area {what} matches no area in areas.yaml (by GSS code or name): not imported"),
                at,
            );
            continue;
        };
        let online = text(a, "description").is_some_and(|d| d.starts_with("Online or by phone:"));
        let list = if online { &mut online_areas } else { &mut areas };
        if !list.contains(&id) {
            list.push(id);
        }
    }
    let postcode = if delivery.iter().any(|d| d.from_premises()) { premises(s, notes, at) } else { None };
    let remote = delivery.iter().any(|d| d.is_remote());
    let in_place = delivery.iter().any(|d| !d.is_remote());
    if remote && online_areas.is_empty() {
        online_areas = areas.clone();
    }
    if !in_place {
        areas.clear();
    }
    let wait_weeks = text(s, "wait_time").and_then(|w| {
        let n = w.split_whitespace().next().and_then(|n| n.parse().ok());
        let weeks = w.split_whitespace().nth(1).is_some_and(|u| u.starts_with("week"));
        if n.is_none() || !weeks {
            notes.note(
                format!("wait time `{}` is not in weeks: not imported", w.chars().take(40).collect::<String>()),
                at,
            );
        }
        n.filter(|_| weeks)
    });
    let accepting = accepting.unwrap_or_else(|| {
        notes.note(
            "HSDS says nothing of referrals: an active service is written as accepting them; check `accepting`",
            at,
        );
        status == "active"
    });
    let languages: Vec<String> =
        list(s, "languages").filter_map(|l| text(l, "name")).filter(|l| l.len() <= 60).collect();
    let cost = text(s, "fees_description").or_else(|| {
        list(s, "cost_options").find_map(|c| {
            text(c, "amount_description").map(|d| match text(c, "amount") {
                Some(a) => format!("£{a} {d}"),
                None => d,
            })
        })
    });
    let mut funding = Vec::new();
    for f in list(s, "funding") {
        let Some(src) = text(f, "source") else { continue };
        match funding_route(&src) {
            Some(r) if !funding.contains(&r) => funding.push(r),
            Some(_) => {}
            None => notes.note(
                format!(
                    "funding source `{}` is not a funding route the register knows: not imported",
                    src.chars().take(60).collect::<String>()
                ),
                at,
            ),
        }
    }
    kinds
        .into_iter()
        .map(|intervention| Service {
            intervention,
            ages: AgeRange { from: from as u8, to: to as u8 },
            delivery: delivery.clone(),
            areas: areas.clone(),
            online_areas: online_areas.clone(),
            postcode: postcode.clone(),
            places,
            home_type,
            wait_weeks,
            accepting,
            languages: languages.clone(),
            cost: cost.clone(),
            funding: funding.clone(),
        })
        .collect()
}

/// The postcode of the premises a service is delivered at: the postal code of the physical
/// address of a location it is offered at. Only a postcode whose sector exists is taken;
/// with several, the first, and a note.
fn premises(s: &Doc, notes: &mut Notes, at: &str) -> Option<Postcode> {
    let mut found: Vec<Postcode> = Vec::new();
    for l in list(s, "service_at_locations") {
        let Some(location) = l.get("location").and_then(Value::as_object) else { continue };
        if text(location, "location_type").as_deref() == Some("virtual") {
            continue;
        }
        let mut addresses: Vec<&Doc> = list(location, "addresses").collect();
        // A physical address before a postal one: the postal may be a head office.
        addresses.sort_by_key(|a| text(a, "address_type").as_deref() != Some("physical"));
        // A location with no address may name its postcode as its identifier, as this
        // tool's own export does.
        let identified = || {
            (text(location, "external_identifier_type").as_deref() == Some("postcode"))
                .then(|| text(location, "external_identifier"))
                .flatten()
        };
        let Some(code) = addresses.iter().find_map(|a| text(a, "postal_code")).or_else(identified) else { continue };
        match Postcode::parse(&code).map_err(|e| e.to_string()).and_then(|p| match p.sector_entry() {
            Ok(_) => Ok(p),
            Err(e) => Err(e.to_string()),
        }) {
            Ok(p) if !found.contains(&p) => found.push(p),
            Ok(_) => {}
            Err(why) => notes.note(
                format!("location postal code `{}` {why}: not imported", code.chars().take(20).collect::<String>()),
                at,
            ),
        }
    }
    if found.len() > 1 {
        notes.note(
            format!(
                "offered at {} postcodes ({}): the first is written as its premises; list the others as services of their own if they are",
                found.len(),
                found.iter().map(Postcode::as_str).collect::<Vec<_>>().join(", ")
            ),
            at,
        );
    }
    found.into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn gss_codes_from_uris_and_extents() {
        let a = json!({"uri": "http://statistics.data.gov.uk/id/statistical-geography/E09000012"});
        assert_eq!(gss_code(a.as_object().unwrap()).as_deref(), Some("E09000012"));
        let b = json!({"extent_type": "gss_code", "extent": "e06000047"});
        assert_eq!(gss_code(b.as_object().unwrap()).as_deref(), Some("E06000047"));
        let c = json!({"uri": "http://example.com", "extent_type": "geojson", "extent": "{}"});
        assert_eq!(gss_code(c.as_object().unwrap()), None);
    }

    #[test]
    fn inactive_services_and_services_without_ages_are_left_out_and_said() {
        let region = Region {
            interventions: vec![("counselling".into(), "Counselling".into())],
            areas: vec![("hackney".into(), "Hackney".into(), Some("E09000012".into()), None)],
            ..Region::default()
        };
        let term = json!([{"taxonomy_term": {"code": "counselling", "name": "Counselling"}}]);
        let doc = json!({"id": "o", "name": "Org", "legal_status": "charity", "services": [
            {"id": "a", "name": "Gone", "status": "defunct", "minimum_age": 5, "maximum_age": 9, "attributes": term},
            {"id": "b", "name": "Ageless", "status": "active", "attributes": term},
            {"id": "c", "name": "Kept", "status": "active", "minimum_age": 5, "maximum_age": 9, "attributes": term,
             "service_areas": [{"extent_type": "gss_code", "extent": "E09000012"}]}]});
        let mut notes = Notes::default();
        let today: Date = "2026-11-23".parse().unwrap();
        let out = providers(&[doc.as_object().unwrap().clone()], &region, &Mapping::default(), today, &mut notes);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].provider.services.len(), 1);
        assert_eq!(out[0].provider.services[0].areas, ["hackney"]);
        let said = notes.render();
        assert!(said.contains("service status `defunct`") && said.contains("Org: Gone"), "{said}");
        assert!(said.contains("without both a minimum and a maximum age") && said.contains("Org: Ageless"), "{said}");
    }

    #[test]
    fn a_location_postal_code_becomes_the_premises_postcode() {
        let region = Region {
            interventions: vec![("counselling".into(), "Counselling".into())],
            areas: vec![("hackney".into(), "Hackney".into(), Some("E09000012".into()), None)],
            ..Region::default()
        };
        let term = json!([{"taxonomy_term": {"code": "counselling", "name": "Counselling"}}]);
        let area = json!([{"extent_type": "gss_code", "extent": "E09000012"}]);
        let at = |code: &str, kind: &str| {
            json!({"location": {"location_type": kind, "addresses": [
                {"address_type": "postal", "postal_code": "N1 9GU"},
                {"address_type": "physical", "postal_code": code}]}})
        };
        // Delivery is read from the locations' types: physical is in person.
        let service = |id: &str, locations: Value| {
            json!({"id": id, "name": id, "status": "active", "minimum_age": 5, "maximum_age": 9,
                "attributes": term, "service_areas": area, "service_at_locations": locations})
        };
        let doc = json!({"id": "o", "name": "Org", "legal_status": "charity", "services": [
            service("clinic", json!([at("e8 1dn", "physical")])),
            service("two", json!([at("E8 3LR", "physical"), at("E8 2BF", "physical")])),
            service("nowhere", json!([at("E8 6ZZ", "physical")])),
            service("video", json!([at("E8 1DN", "virtual")])),
        ]});
        let mut notes = Notes::default();
        let today: Date = "2026-11-23".parse().unwrap();
        let out = providers(&[doc.as_object().unwrap().clone()], &region, &Mapping::default(), today, &mut notes);
        let postcodes: Vec<Option<&str>> =
            out[0].provider.services.iter().map(|s| s.postcode.as_ref().map(Postcode::as_str)).collect();
        assert_eq!(postcodes, [Some("E8 1DN"), Some("E8 3LR"), None, None]);
        let said = notes.render();
        assert!(said.contains("offered at 2 postcodes (E8 3LR, E8 2BF)"), "{said}");
        assert!(said.contains("location postal code `E8 6ZZ` is in no postcode sector that exists"), "{said}");
    }

    #[test]
    fn legal_forms_from_free_text() {
        assert_eq!(legal_form("Registered charity"), Some(LegalForm::Charity));
        assert_eq!(legal_form("Limited Company"), Some(LegalForm::Company));
        assert_eq!(legal_form("CIC"), Some(LegalForm::CommunityInterestCompany));
        assert_eq!(legal_form("community-benefit-society"), Some(LegalForm::CommunityBenefitSociety));
        assert_eq!(legal_form("a club"), None);
    }
}
