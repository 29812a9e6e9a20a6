/*!
`data/providers.json` and `data/services.csv`: the register for people who work in
spreadsheets, notebooks and their own systems, such as a commissioner joining it to a contract
register or to spend figures. Statuses are judged as of the build date, as on the pages.

`providers.json` holds one document per provider; `services.csv` one row per service, UTF-8
with a header row, ISO 8601 dates, and lists in one cell separated by [`SEPARATOR`]. Both are
described field by field in docs/OPEN-DATA.md.
*/

use crate::link::{judge, urls, Site};
use crate::model::{Premises, Provider};
use serde_json::{Map, Value};

/// Between the values of a list in one CSV cell: ids never contain it.
pub const SEPARATOR: &str = ";";

/// The columns of `services.csv`, in order.
pub const SERVICE_COLUMNS: [&str; 24] = [
    "provider_id",
    "provider_name",
    "intervention_id",
    "intervention_name",
    "category",
    "areas",
    "area_gss_codes",
    "online_areas",
    "age_from",
    "age_to",
    "delivery",
    "wait_weeks",
    "accepting",
    "languages",
    "cost",
    "postcode",
    "postcode_sector",
    "funding",
    "lots",
    "current_awards",
    "sector",
    "sme",
    "reviewed",
    "page",
];

/// A value as JSON without nulls: absent fields are left out rather than written as null.
fn put(m: &mut Map<String, Value>, k: &str, v: impl Into<Value>) {
    let v = v.into();
    if !v.is_null() {
        m.insert(k.to_string(), v);
    }
}

fn kebab<T: serde::Serialize>(v: T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// One provider's document in `providers.json`.
/// A premises' postcode sector (`E8 1`), or nothing where none is stated.
fn premises_sector(premises: Premises<'_>) -> String {
    match premises {
        Premises::Postcode(p) | Premises::Sector(p) => p.sector().to_string(),
        Premises::NotFromPremises | Premises::NotStated => String::new(),
    }
}

pub fn provider_document(site: &Site, pi: usize) -> Value {
    let p = &site.providers[pi];
    let mut d = Map::new();
    put(&mut d, "id", p.id.as_str());
    put(&mut d, "name", p.name.as_str());
    put(&mut d, "page", urls::provider(&p.id));
    put(&mut d, "legal_form", kebab(p.legal_form));
    put(&mut d, "sector", kebab(p.sector()));
    put(&mut d, "sme", p.sme);
    put(&mut d, "vcse", p.vcse);
    let mut reg = Map::new();
    put(&mut reg, "charity", p.registrations.charity.clone());
    put(&mut reg, "company", p.registrations.company.clone());
    put(&mut reg, "ofsted_urn", p.registrations.ofsted_urn.clone());
    put(&mut d, "registrations", reg);
    put(&mut d, "summary", p.summary.as_str());
    put(&mut d, "languages", p.languages.clone());
    put(&mut d, "practice_models", p.practice_models.clone());
    let mut c = Map::new();
    put(&mut c, "email", p.contact.email.clone());
    put(&mut c, "phone", p.contact.phone.clone());
    put(&mut c, "website", p.contact.website.clone());
    put(&mut c, "referral", p.contact.referral.clone());
    put(&mut c, "address", p.contact.address.clone());
    put(&mut c, "postcode", p.contact.postcode.clone());
    put(&mut d, "contact", c);
    put(&mut d, "reviewed", p.reviewed.to_string());
    let services: Vec<Value> = p
        .services
        .iter()
        .map(|s| {
            let iv = &site.interventions[site.intervention_ix[&s.intervention]];
            let mut m = Map::new();
            put(&mut m, "intervention", s.intervention.as_str());
            put(&mut m, "intervention_name", iv.name.as_str());
            put(&mut m, "category", kebab(iv.category));
            put(&mut m, "age_from", s.ages.from);
            put(&mut m, "age_to", s.ages.to);
            put(&mut m, "delivery", kebab(&s.delivery));
            put(&mut m, "areas", s.areas.clone());
            put(&mut m, "online_areas", s.online_areas.clone());
            // Where it is delivered from: the sector always, the postcode only where it is
            // public (not a children's home's).
            let premises = s.premises();
            put(
                &mut m,
                "postcode",
                match premises {
                    Premises::Postcode(p) => Some(p.as_str()),
                    _ => None,
                },
            );
            put(&mut m, "postcode_sector", Some(premises_sector(premises)).filter(|s| !s.is_empty()));
            put(&mut m, "places", s.places);
            put(&mut m, "home_type", s.home_type.map(kebab));
            put(&mut m, "wait_weeks", s.wait_weeks);
            put(&mut m, "accepting", s.accepting);
            put(&mut m, "languages", s.languages.clone());
            put(&mut m, "cost", s.cost.clone());
            put(&mut m, "funding", kebab(&s.funding));
            Value::Object(m)
        })
        .collect();
    put(&mut d, "services", services);
    let lots: Vec<Value> = p
        .lots
        .iter()
        .zip(&site.memberships[pi])
        .map(|(m, k)| {
            let f = &site.frameworks[k.framework];
            let lot = &f.lots[k.lot];
            let mut o = Map::new();
            put(&mut o, "lot", lot.id.as_str());
            put(&mut o, "framework", f.id.as_str());
            put(&mut o, "lot_number", lot.number);
            put(&mut o, "lot_title", lot.title.as_str());
            put(&mut o, "state", kebab(judge::membership(m, site.today)));
            put(&mut o, "joined", m.joined.to_string());
            put(&mut o, "status_since", m.status_since().to_string());
            put(&mut o, "rank", m.rank);
            Value::Object(o)
        })
        .collect();
    put(&mut d, "lots", lots);
    let awards: Vec<Value> = p
        .awards
        .iter()
        .zip(&site.award_states[pi])
        .map(|(a, j)| {
            let s = &site.schemes[site.scheme_ix[&a.scheme]];
            let mut o = Map::new();
            put(&mut o, "scheme", a.scheme.as_str());
            put(&mut o, "scheme_name", s.name.as_str());
            put(&mut o, "state", kebab(j.state));
            put(&mut o, "awarded", a.awarded.map(|d| d.to_string()));
            put(&mut o, "expires", a.expires.map(|d| d.to_string()));
            put(&mut o, "status_since", a.status_since.map(|d| d.to_string()));
            put(&mut o, "inspected", a.inspected.map(|d| d.to_string()));
            put(&mut o, "grade", a.grade.clone());
            put(&mut o, "reference", a.reference.clone());
            Value::Object(o)
        })
        .collect();
    put(&mut d, "awards", awards);
    Value::Object(d)
}

/// `data/providers.json`: the build date and every provider's document, in directory order.
pub fn providers_json(site: &Site) -> Vec<u8> {
    let mut out = Vec::new();
    write_providers_json(site, &mut out).expect("writing to memory");
    out
}

/// [`providers_json`] written out as made: each provider's document is built as it is
/// written and dropped after, so memory holds one provider's document, not the register
/// twice over.
pub fn write_providers_json(site: &Site, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    // One provider a line, unindented: indenting every level made the file half as large
    // again, and a line per provider still reads and diffs one provider at a time.
    let text = |s: &str| serde_json::to_string(s).map_err(std::io::Error::other);
    write!(
        out,
        "{{\"as_of\":{},\"publisher\":{},\"title\":{},\"providers\":[",
        text(&site.today.to_string())?,
        text(&site.config.publisher)?,
        text(&site.config.title)?
    )?;
    for i in 0..site.providers.len() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *out, &provider_document(site, i)).map_err(std::io::Error::other)?;
    }
    out.write_all(b"\n]}\n")
}

/// A cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, or a tab or carriage
/// return first) gets a leading apostrophe, so a provider's text can never run as one.
pub fn cell(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

fn joined<I: IntoIterator<Item = S>, S: AsRef<str>>(items: I) -> String {
    items.into_iter().map(|s| s.as_ref().to_string()).collect::<Vec<_>>().join(SEPARATOR)
}

fn kebab_str<T: serde::Serialize>(v: T) -> String {
    kebab(v).as_str().unwrap_or_default().to_string()
}

/// The lots a provider is on today (active, not suspended or ended or still to join).
fn active_lots(site: &Site, pi: usize) -> Vec<&str> {
    let p: &Provider = &site.providers[pi];
    p.lots
        .iter()
        .zip(&site.memberships[pi])
        .filter(|(m, _)| judge::membership(m, site.today) == judge::MembershipState::Active)
        .map(|(_, k)| site.frameworks[k.framework].lots[k.lot].id.as_str())
        .collect()
}

/// `data/services.csv`: one row per service, providers in directory order.
pub fn services_csv(site: &Site) -> Vec<u8> {
    let mut out = Vec::new();
    write_services_csv(site, &mut out).expect("writing to memory");
    out
}

/// [`services_csv`] written out as made.
pub fn write_services_csv(site: &Site, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(SERVICE_COLUMNS)?;
    for (pi, p) in site.providers.iter().enumerate() {
        let lots = joined(active_lots(site, pi));
        let awards = joined(
            p.awards
                .iter()
                .zip(&site.award_states[pi])
                .filter(|(_, j)| j.state.is_current())
                .map(|(a, _)| a.scheme.as_str()),
        );
        for s in &p.services {
            let iv = &site.interventions[site.intervention_ix[&s.intervention]];
            let gss = joined(s.areas.iter().filter_map(|a| site.areas[site.area_ix[a]].gss.as_deref()));
            let row: [String; 24] = [
                p.id.clone(),
                cell(&p.name),
                s.intervention.clone(),
                cell(&iv.name),
                kebab_str(iv.category),
                joined(&s.areas),
                gss,
                joined(&s.online_areas),
                s.ages.from.to_string(),
                s.ages.to.to_string(),
                joined(s.delivery.iter().map(kebab_str)),
                s.wait_weeks.map(|w| w.to_string()).unwrap_or_default(),
                s.accepting.to_string(),
                cell(&joined(&s.languages)),
                cell(s.cost.as_deref().unwrap_or_default()),
                match s.premises() {
                    Premises::Postcode(p) => p.as_str().to_string(),
                    _ => String::new(),
                },
                premises_sector(s.premises()),
                joined(s.funding.iter().map(kebab_str)),
                lots.clone(),
                awards.clone(),
                kebab_str(p.sector()),
                // Not stated is an empty cell, never `false`.
                p.sme.map(|v| v.to_string()).unwrap_or_default(),
                p.reviewed.to_string(),
                urls::provider(&p.id),
            ];
            w.write_record(&row)?;
        }
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_other_text_kept() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("£85 per session"), "£85 per session");
    }
}
