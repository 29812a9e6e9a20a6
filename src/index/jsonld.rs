/*!
schema.org JSON-LD for provider pages, for search engines and other crawlers that read
structured data: the provider as an `Organization` (a `MedicalOrganization` when it offers a
clinical kind of support, the only type on which schema.org allows `isAcceptingNewPatients`),
its address as a `PostalAddress`, its current credentials, and each service as an `Offer` of
a `Service` (`makesOffer`), with the ages as a `PeopleAudience`.

Every property is one schema.org defines for the type it sits on, and nothing is ever null:
a missing value leaves its property out. tests/e2e/open_data.rs checks both against a copy of
the vocabulary.
*/

use crate::html::script_safe_json;
use crate::link::Site;
use crate::model::Category;
use serde_json::{json, Map, Value};

fn put(m: &mut Map<String, Value>, k: &str, v: impl Into<Value>) {
    let v = v.into();
    let empty = match &v {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        Value::String(s) => s.is_empty(),
        _ => false,
    };
    if !empty {
        m.insert(k.to_string(), v);
    }
}

/// Kinds of support given by clinicians (therapists, assessors), which make the provider a
/// medical organization in schema.org's sense; residential care, family support and others
/// do not.
fn clinical(c: Category) -> bool {
    matches!(
        c,
        Category::TalkingTherapy
            | Category::CreativeTherapy
            | Category::SpeechAndLanguageTherapy
            | Category::OccupationalTherapy
            | Category::Physiotherapy
            | Category::Assessment
    )
}

fn place(site: &Site, id: &str) -> Value {
    let a = &site.areas[site.area_ix[id]];
    let mut m = Map::new();
    put(&mut m, "@type", "AdministrativeArea");
    // The ONS statistical geography URI names the area for every other dataset that uses it.
    put(&mut m, "@id", a.gss.as_deref().map(super::hsds::gss_uri));
    put(&mut m, "name", a.name.as_str());
    put(&mut m, "identifier", a.gss.clone());
    Value::Object(m)
}

/// An area again, inside a service: a reference to the node the organisation's `areaServed`
/// already describes, when the area has a URI to refer by.
fn place_ref(site: &Site, id: &str) -> Value {
    let a = &site.areas[site.area_ix[id]];
    match a.gss.as_deref() {
        Some(gss) => json!({ "@id": super::hsds::gss_uri(gss) }),
        None => place(site, id),
    }
}

/// The JSON-LD object of provider `pi`, whose page is at `page_url`.
pub fn provider(site: &Site, pi: usize, page_url: &str) -> Value {
    let p = &site.providers[pi];
    let medical =
        p.services.iter().any(|s| clinical(site.interventions[site.intervention_ix[&s.intervention]].category));
    let mut o = Map::new();
    put(&mut o, "@context", "https://schema.org");
    put(&mut o, "@type", if medical { "MedicalOrganization" } else { "Organization" });
    put(&mut o, "name", p.name.as_str());
    put(&mut o, "description", p.summary.as_str());
    put(&mut o, "url", page_url);
    let website = p.contact.website.as_deref().filter(|w| w.starts_with("https://") || w.starts_with("http://"));
    put(&mut o, "sameAs", website);
    put(&mut o, "email", p.contact.email.clone());
    put(&mut o, "telephone", p.contact.phone.clone());
    if p.contact.address.is_some() || p.contact.postcode.is_some() {
        let mut a = Map::new();
        put(&mut a, "@type", "PostalAddress");
        put(&mut a, "streetAddress", p.contact.address.clone());
        put(&mut a, "postalCode", p.contact.postcode.clone());
        put(&mut a, "addressCountry", "GB");
        put(&mut o, "address", Value::Object(a));
    }
    let identifiers: Vec<Value> = [
        ("Charity Commission number", &p.registrations.charity),
        ("Companies House number", &p.registrations.company),
        ("Ofsted URN", &p.registrations.ofsted_urn),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.as_ref().map(|v| json!({"@type": "PropertyValue", "propertyID": k, "value": v})))
    .collect();
    put(&mut o, "identifier", identifiers);
    let mut areas: Vec<&str> = p.services.iter().flat_map(|s| s.areas.iter().map(String::as_str)).collect();
    areas.sort_unstable();
    areas.dedup();
    put(&mut o, "areaServed", areas.iter().map(|a| place(site, a)).collect::<Vec<_>>());
    let mut languages: Vec<&str> = p.services.iter().flat_map(|s| s.languages.iter().map(String::as_str)).collect();
    languages.sort_unstable();
    languages.dedup();
    put(&mut o, "knowsLanguage", languages);
    if medical {
        put(&mut o, "isAcceptingNewPatients", p.services.iter().any(|s| s.accepting));
    }
    let credentials: Vec<Value> = p
        .awards
        .iter()
        .zip(&site.award_states[pi])
        .filter(|(_, j)| j.state.is_current())
        .map(|(a, _)| {
            let s = &site.schemes[site.scheme_ix[&a.scheme]];
            let mut c = Map::new();
            put(&mut c, "@type", "EducationalOccupationalCredential");
            put(&mut c, "name", s.name.as_str());
            put(&mut c, "credentialCategory", serde_json::to_value(s.kind).unwrap_or_default());
            // An awarding body the register does not name is left out, not written as null.
            if let Some(body) = &s.body {
                put(&mut c, "recognizedBy", json!({"@type": "Organization", "name": body}));
            }
            put(&mut c, "expires", a.expires.map(|d| d.to_string()));
            Value::Object(c)
        })
        .collect();
    put(&mut o, "hasCredential", credentials);
    let offers: Vec<Value> = p
        .services
        .iter()
        .map(|s| {
            let iv = &site.interventions[site.intervention_ix[&s.intervention]];
            let mut svc = Map::new();
            put(&mut svc, "@type", "Service");
            put(&mut svc, "name", iv.name.as_str());
            put(&mut svc, "serviceType", iv.name.as_str());
            put(&mut svc, "category", iv.category.label());
            // No `description`: the kind of support's own summary is the same on every provider's
            // page that offers it, and its page says it; the category and name name the kind.
            put(&mut svc, "areaServed", s.areas.iter().map(|a| place_ref(site, a)).collect::<Vec<_>>());
            put(
                &mut svc,
                "audience",
                json!({"@type": "PeopleAudience", "suggestedMinAge": s.ages.from, "suggestedMaxAge": s.ages.to}),
            );
            let mut offer = Map::new();
            put(&mut offer, "@type", "Offer");
            put(&mut offer, "itemOffered", Value::Object(svc));
            put(&mut offer, "description", s.cost.clone());
            Value::Object(offer)
        })
        .collect();
    put(&mut o, "makesOffer", offers);
    Value::Object(o)
}

/// The JSON-LD of provider `pi` as text safe inside a `<script>` element.
pub fn provider_script(site: &Site, pi: usize, page_url: &str) -> String {
    script_safe_json(&provider(site, pi, page_url))
}
