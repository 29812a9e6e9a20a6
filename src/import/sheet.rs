//! The commissioner's spreadsheet: a CSV with one row per service, in the columns of
//! `docs/import-template.csv`. Rows with the same provider name are one provider. Every bad
//! cell is reported by row and column, all in one run; nothing is written while any is bad.

use super::{Mapping, Record, Region};
use crate::date::Date;
use crate::link::urls::slugify;
use crate::model::{
    AgeRange, Contact, Delivery, FundingRoute, Governance, LotMembership, LotRef, MembershipStatus, Provider,
    Registrations, Service,
};

/// The columns, in the template's order; the first row of the file names them (in any order).
pub const COLUMNS: [&str; 20] = [
    "provider",
    "legal_form",
    "summary",
    "kind_of_support",
    "ages",
    "areas",
    "online_areas",
    "delivery",
    "accepting",
    "wait_weeks",
    "languages",
    "cost",
    "funding",
    "email",
    "phone",
    "website",
    "referral",
    "framework_lot",
    "lot_joined",
    "reviewed",
];

/// Columns a row cannot leave empty.
const REQUIRED: [&str; 8] =
    ["provider", "legal_form", "summary", "kind_of_support", "ages", "delivery", "accepting", "reviewed"];

/// Whether a CSV's header row is the spreadsheet's.
pub fn is_sheet(header: &str) -> bool {
    let cols: Vec<String> = header.split(',').map(|c| c.trim().trim_matches('"').to_lowercase()).collect();
    cols.iter().any(|c| c == "provider") && cols.iter().any(|c| c == "kind_of_support")
}

/// A spreadsheet column's letter, as a spreadsheet shows it (A, B, … Z, AA).
fn letter(mut i: usize) -> String {
    let mut s = String::new();
    loop {
        s.insert(0, (b'A' + (i % 26) as u8) as char);
        if i < 26 {
            return s;
        }
        i = i / 26 - 1;
    }
}

fn split(cell: &str) -> Vec<String> {
    cell.split([';', ',']).map(str::trim).filter(|x| !x.is_empty()).map(str::to_string).collect()
}

pub fn read(text: &str, region: &Region, mapping: &Mapping) -> Result<Vec<Record>, Vec<String>> {
    let text = text.trim_start_matches('\u{feff}');
    let mut rd = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers: Vec<String> = match rd.headers() {
        Ok(h) => h.iter().map(|h| h.trim().to_lowercase()).collect(),
        Err(e) => return Err(vec![format!("row 1: cannot read the header row: {e}")]),
    };
    let mut errors = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        if !h.is_empty() && !COLUMNS.contains(&h.as_str()) {
            let hint = crate::diagnostic::did_you_mean(h, COLUMNS)
                .map(|c| format!("; did you mean `{c}`?"))
                .unwrap_or_default();
            errors.push(format!("row 1, column {} `{h}`: not a column of the template{hint}", letter(i)));
        }
    }
    for c in REQUIRED {
        if !headers.iter().any(|h| h == c) {
            errors.push(format!("row 1: no column `{c}`; the template has it"));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut out: Vec<Record> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (n, rec) in rd.records().enumerate() {
        let row = n + 2;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                errors.push(format!("row {row}: {e}"));
                continue;
            }
        };
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |name: &str| -> (String, String) {
            let i = headers.iter().position(|h| h == name);
            let v = i.and_then(|i| rec.get(i)).unwrap_or("").trim().to_string();
            (v, i.map_or_else(|| name.to_string(), |i| format!("{} `{name}`", letter(i))))
        };
        let (name, _) = cell("provider");
        // A provider's own cells (legal form, summary, contact) are read from its first row.
        let first = seen.insert(name.clone());
        let mut bad = |col: &str, msg: String| errors.push(format!("row {row}, column {col}: {msg}"));
        for c in REQUIRED {
            let (v, col) = cell(c);
            if v.is_empty() && (first || !matches!(c, "legal_form" | "summary")) {
                bad(&col, "empty; the register needs it".into());
            }
        }
        for c in COLUMNS {
            let (v, col) = cell(c);
            if v.contains(['\n', '\r']) && c != "summary" && c != "referral" {
                bad(&col, "holds a line break; keep it on one line".into());
            }
        }
        let (kind, col) = cell("kind_of_support");
        let intervention =
            mapping.terms.get(&kind.to_lowercase()).cloned().or_else(|| region.intervention(&kind).map(str::to_string));
        if intervention.is_none() && !kind.is_empty() {
            let hint = crate::diagnostic::did_you_mean(&kind, region.interventions.iter().map(|i| i.0.as_str()))
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_else(|| "; use an id or name from interventions.yaml, or a mapping file".into());
            bad(&col, format!("`{kind}` is not a kind of support in this region{hint}"));
        }
        let (ages, col) = cell("ages");
        let parsed = ages
            .replace(" to ", "-")
            .split_once('-')
            .and_then(|(a, b)| Some((a.trim().parse::<u8>().ok()?, b.trim().parse::<u8>().ok()?)))
            .filter(|(a, b)| a <= b);
        if parsed.is_none() && !ages.is_empty() {
            bad(&col, format!("`{ages}` is not an age range; write from-to in years, like `4-18`"));
        }
        let mut delivery = Vec::new();
        let (d, col) = cell("delivery");
        for x in split(&d) {
            match [
                Delivery::InPerson,
                Delivery::Online,
                Delivery::Phone,
                Delivery::HomeVisits,
                Delivery::Residential,
                Delivery::SchoolBased,
            ]
            .into_iter()
            .find(|v| crate::synth::yaml::tok(v) == x.to_lowercase() || v.label().eq_ignore_ascii_case(&x))
            {
                Some(v) => delivery.push(v),
                None => bad(&col, format!("`{x}` is not a way of delivery; use in-person, online, phone, home-visits, residential or school-based")),
            }
        }
        let mut area_list = |column: &str| -> Vec<String> {
            let (v, col) = cell(column);
            let mut ids = Vec::new();
            for a in split(&v) {
                match region.area(&a) {
                    Some(id) => ids.push(id.to_string()),
                    None => errors.push(format!(
                        "row {row}, column {col}: `{a}` is no area in areas.yaml; give its id, name or GSS code"
                    )),
                }
            }
            ids
        };
        let areas = area_list("areas");
        let online_areas = area_list("online_areas");
        let mut bad = |col: &str, msg: String| errors.push(format!("row {row}, column {col}: {msg}"));
        let (acc, col) = cell("accepting");
        let accepting = match acc.to_lowercase().as_str() {
            "yes" | "true" | "y" => Some(true),
            "no" | "false" | "n" => Some(false),
            "" => None,
            _ => {
                bad(&col, format!("`{acc}` is not yes or no"));
                None
            }
        };
        let (w, col) = cell("wait_weeks");
        let wait_weeks = if w.is_empty() {
            None
        } else {
            match w.parse::<u32>() {
                Ok(n) => Some(n),
                Err(_) => {
                    bad(&col, format!("`{w}` is not a whole number of weeks"));
                    None
                }
            }
        };
        let (f, col) = cell("funding");
        let mut funding = Vec::new();
        for x in split(&f) {
            use FundingRoute::*;
            match [Asgsf, DsgHighNeeds, Council, Icb, SelfFunded]
                .into_iter()
                .find(|r| crate::synth::yaml::tok(r) == x.to_lowercase() || r.label().eq_ignore_ascii_case(&x))
            {
                Some(r) => funding.push(r),
                None => bad(
                    &col,
                    format!("`{x}` is not a funding route; use asgsf, dsg-high-needs, council, icb or self-funded"),
                ),
            }
        }
        let (lf, col) = cell("legal_form");
        let legal_form = super::map::legal_form(&lf).or((!first).then_some(crate::model::LegalForm::Company));
        if legal_form.is_none() && !lf.is_empty() {
            bad(&col, format!("`{lf}` is not a legal form; use charity, company, community-interest-company, sole-trader, … (docs/FORMATS.md)"));
        }
        let (rv, col) = cell("reviewed");
        let reviewed: Option<Date> = rv.parse().ok();
        if reviewed.is_none() && !rv.is_empty() {
            bad(&col, format!("`{rv}` is not a date; write YYYY-MM-DD"));
        }
        let (lot, col) = cell("framework_lot");
        let (joined_text, jcol) = cell("lot_joined");
        let mut membership = None;
        if !lot.is_empty() {
            let joined: Option<Date> = joined_text.parse().ok();
            match (region.lot(&lot), joined) {
                (Some((framework, number)), Some(joined)) => {
                    membership = Some(LotMembership {
                        framework: framework.to_string(),
                        lot: LotRef::Number(number),
                        status: MembershipStatus::Active,
                        joined,
                        status_since: None,
                        rank: None,
                    })
                }
                (None, _) => bad(
                    &col,
                    format!("`{lot}` is not a lot of this region's frameworks; give its id or framework/number"),
                ),
                (_, None) => {
                    bad(&jcol, format!("`{joined_text}`: a lot needs the date the provider joined it, YYYY-MM-DD"))
                }
            }
        }
        let (email, _) = cell("email");
        let (phone, _) = cell("phone");
        let (website, wcol) = cell("website");
        if !website.is_empty() && !website.starts_with("https://") && !website.starts_with("http://") {
            bad(&wcol, format!("`{website}` is not a web address; start it with https://"));
        }
        if first && email.is_empty() && phone.is_empty() && website.is_empty() {
            bad("email, phone, website", "none given; the register needs at least one way to get in touch".into());
        }
        let (Some(intervention), Some((from, to)), Some(accepting), Some(legal_form), Some(reviewed), false) =
            (intervention, parsed, accepting, legal_form, reviewed, delivery.is_empty())
        else {
            continue;
        };
        let opt = |s: String| Some(s).filter(|s| !s.is_empty());
        let (languages, _) = cell("languages");
        let (cost, _) = cell("cost");
        let service = Service {
            intervention,
            ages: AgeRange { from, to },
            delivery,
            areas,
            online_areas,
            postcode: None,
            places: None,
            home_type: None,
            wait_weeks,
            accepting,
            languages: split(&languages),
            cost: opt(cost),
            funding,
        };
        if let Some(r) = out.iter_mut().find(|r| r.source == name) {
            let p = &mut r.provider;
            p.services.push(service);
            p.lots.extend(membership);
            p.reviewed = p.reviewed.max(reviewed);
            continue;
        }
        let (summary, _) = cell("summary");
        let (referral, _) = cell("referral");
        out.push(Record {
            source: name.clone(),
            provider: Provider {
                id: slugify(&name),
                name: name.clone(),
                legal_form,
                sme: None,
                vcse: None,
                sector: None,
                registrations: Registrations::default(),
                summary: summary.replace(['\n', '\r'], " "),
                description: String::new(),
                practice_model: None,
                practice_models: Vec::new(),
                languages: Vec::new(),
                services: vec![service],
                lots: membership.into_iter().collect(),
                awards: Vec::new(),
                governance: Governance::default(),
                contact: Contact {
                    email: opt(email),
                    phone: opt(phone),
                    website: opt(website),
                    referral: opt(referral.replace(['\n', '\r'], " ")),
                    address: None,
                    postcode: None,
                },
                reviewed,
            },
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region() -> Region {
        Region {
            areas: vec![("hackney".into(), "Hackney".into(), Some("E09000012".into()), None)],
            interventions: vec![("family-therapy".into(), "Family therapy".into())],
            schemes: vec![],
            practice_models: vec![],
            lots: vec![("nel-1".into(), "nel".into(), 1)],
        }
    }

    #[test]
    fn every_bad_cell_is_reported_by_row_and_column_in_one_run() {
        let csv = "provider,legal_form,summary,kind_of_support,ages,areas,delivery,accepting,email,reviewed\n\
                   A,charity,Good.,family therapy,4-18,E09000012,in-person,yes,a@x.example,2026-01-01\n\
                   B,club,Good.,famly-therapy,18-4,Hakney,by bus,maybe,,2026-13-01\n";
        let errs = read(csv, &region(), &Mapping::default()).unwrap_err();
        let all = errs.join("\n");
        for want in [
            "row 3, column B `legal_form`",
            "row 3, column D `kind_of_support`: `famly-therapy`",
            "did you mean `family-therapy`",
            "row 3, column E `ages`",
            "row 3, column F `areas`: `Hakney`",
            "row 3, column G `delivery`: `by bus`",
            "row 3, column H `accepting`",
            "row 3, column email, phone, website",
            "row 3, column J `reviewed`",
        ] {
            assert!(all.contains(want), "missing {want:?} in\n{all}");
        }
        assert!(!all.contains("row 2"), "{all}");
    }

    #[test]
    fn rows_of_one_provider_are_one_record() {
        let csv = "provider,legal_form,summary,kind_of_support,ages,areas,delivery,accepting,email,reviewed,framework_lot,lot_joined\n\
                   A,charity,Good.,family-therapy,4-18,hackney,in-person,yes,a@x.example,2026-01-01,nel/1,2025-04-01\n\
                   A,,,Family therapy,11 to 18,Hackney,online,no,,2026-02-01,,\n";
        let mut region = region();
        region.areas.push(("london".into(), "London".into(), None, None));
        let r = read(csv.replace(",online,", ",in-person,").as_str(), &region, &Mapping::default());
        let r = r.unwrap();
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].provider.services.len(), 2);
        assert_eq!(r[0].provider.lots.len(), 1);
        assert_eq!(r[0].provider.reviewed.to_string(), "2026-02-01");
        assert_eq!(letter(0), "A");
        assert_eq!(letter(26), "AA");
    }
}
