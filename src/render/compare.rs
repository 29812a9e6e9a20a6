//! Comparing providers side by side: the rows of the comparison, in the order the provider
//! page also shows them, and one small JSON record per provider, a few dozen to a file
//! (`compare/data/<n>.json`, the file found by a hash of the id), that
//! `assets/search/compare.js` fetches for the columns it is asked for in
//! `/compare/?p=id1,id2`. Every value is worked out here, with its words and its date as
//! judged on the build date, so the script only lays out text and never decides anything.

use super::{Output, Renderer};
use crate::link::judge::{self, MembershipState};
use crate::link::{urls, Site};
use crate::model::*;
use serde_json::{json, Value};

/// Most providers a comparison shows: four columns still fit a landscape A4 page.
pub const MOST: usize = 4;

/// The rows every comparison has, as (key, name), in the provider page's order (its first
/// screen, its services table's columns, then its sections), so a printed provider page
/// reads in the same order as a column here. The five
/// governance domains follow `governance` as rows of their own (`governance-0` …).
pub const ROWS: [(&str, &str); 14] = [
    ("accepting", "Accepting referrals"),
    ("support", "Kinds of support, with ages"),
    ("delivery", "Delivery and areas"),
    ("wait", "Waiting time"),
    ("funding", "Who can pay"),
    ("cost", "Cost"),
    ("languages", "Languages"),
    ("accreditation", "Accreditation, status today"),
    ("grade", "Grade, with its inspection date"),
    ("lots", "Framework lots and call-off route"),
    ("governance", "Governance checklist"),
    ("practice", "Practice model"),
    ("contact", "Call or email"),
    ("reviewed", "Last reviewed"),
];

/// The rows with the governance domains spelt out, for the compare page's table.
pub fn rows() -> Vec<Value> {
    let mut out = Vec::new();
    for (key, name) in ROWS {
        if key == "governance" {
            let domains = Governance::default();
            for (i, (domain, _)) in domains.domains().iter().enumerate() {
                out.push(json!({ "key": format!("governance-{i}"), "name": format!("Governance: {domain}") }));
            }
        } else {
            out.push(json!({ "key": key, "name": name }));
        }
    }
    out
}

fn weeks(w: Option<u32>) -> String {
    match w {
        None => "not stated".into(),
        Some(0) => "no wait".into(),
        Some(1) => "1 week".into(),
        Some(n) => format!("{n} weeks"),
    }
}

/// Lines of text, once each, in first-seen order.
fn unique(lines: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in lines {
        if !out.contains(&l) {
            out.push(l);
        }
    }
    out
}

/// One provider's cells: each row is a list of lines; an empty list is "not stated".
pub fn record(site: &Site, pi: usize) -> Value {
    let p = &site.providers[pi];
    let today = site.today;
    let iv_name = |s: &Service| site.interventions[site.intervention_ix[&s.intervention]].name.clone();
    let area_names =
        |ids: &[Id]| ids.iter().map(|a| site.areas[site.area_ix[a]].name.clone()).collect::<Vec<_>>().join(", ");
    let accepting = {
        let yes = p.services.iter().filter(|s| s.accepting).count();
        let words = match yes {
            0 => "No".to_string(),
            n if n == p.services.len() => "Yes".to_string(),
            n => format!("For {n} of {} services", p.services.len()),
        };
        vec![format!("{words}, as of {}", p.reviewed.long())]
    };
    let support: Vec<String> = p.services.iter().map(|s| format!("{}, ages {}", iv_name(s), s.ages)).collect();
    let delivery: Vec<String> = p
        .services
        .iter()
        .map(|s| {
            let how = s.delivery.iter().map(|d| d.label()).collect::<Vec<_>>().join(", ");
            let mut place = Vec::new();
            if !s.areas.is_empty() {
                place.push(format!("in {}", area_names(&s.areas)));
            }
            if !s.online_areas.is_empty() {
                place.push(format!("remotely across {}", area_names(&s.online_areas)));
            }
            let place = if place.is_empty() { "areas not stated".to_string() } else { place.join("; ") };
            format!("{}: {how}; {place}", iv_name(s))
        })
        .collect();
    let wait: Vec<String> = p.services.iter().map(|s| format!("{}: {}", iv_name(s), weeks(s.wait_weeks))).collect();
    let funding = unique(p.services.iter().flat_map(|s| s.funding.iter().map(|f| f.label().to_string())));
    let languages = unique(p.services.iter().flat_map(|s| s.languages.iter().cloned()));
    let cost: Vec<String> =
        p.services.iter().filter_map(|s| s.cost.as_ref().map(|c| format!("{}: {c}", iv_name(s)))).collect();
    let mut accreditation = Vec::new();
    let mut grade = Vec::new();
    for (a, j) in p.awards.iter().zip(&site.award_states[pi]) {
        let scheme = &site.schemes[site.scheme_ix[&a.scheme]].name;
        let words = crate::link::judge::award_words(a, j);
        // A registration without an expiry is dated by its inspection.
        let inspected = match (&words.when, a.inspected) {
            (None, Some(d)) => format!(", inspected {}", d.long()),
            _ => String::new(),
        };
        accreditation.push(format!("{scheme}: {}{inspected}", words.text()));
        // A grade is never shown without the inspection that gave it.
        if let (Some(g), Some(d)) = (&a.grade, a.inspected) {
            grade.push(format!("{scheme}: {g}, inspected {}", d.long()));
        }
    }
    let mut lots: Vec<String> = p
        .lots
        .iter()
        .zip(&site.memberships[pi])
        .map(|(m, k)| {
            let (f, l) = site.lot(*k);
            let state = match judge::membership(m, today) {
                MembershipState::Joins => format!("joins on {}", m.joined.long()),
                s => crate::words::in_sentence(s.label()),
            };
            format!(
                "{} lot {}: {} ({state}); call-off: {}",
                f.name,
                l.number,
                l.title,
                crate::words::in_sentence(l.call_off.label())
            )
        })
        .collect();
    // No lot and no award are facts, not silences.
    if lots.is_empty() {
        lots.push("Not on any framework lot: work would be a spot purchase".into());
    }
    if accreditation.is_empty() {
        accreditation.push("No accreditation or registration recorded".into());
    }
    let mut practice: Vec<String> = p
        .practice_models
        .iter()
        .filter_map(|m| site.practice_model_ix.get(m))
        .map(|&i| site.practice_models[i].name.clone())
        .collect();
    if let Some(text) = &p.practice_model {
        practice.push(text.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    let mut reviewed = vec![p.reviewed.long()];
    if site.is_stale(p) {
        reviewed.push("Not reviewed for over a year: check with the provider".into());
    }
    let mut cells = json!({
        "accepting": accepting, "support": support, "delivery": delivery, "wait": wait, "funding": funding,
        "languages": languages, "cost": cost, "accreditation": accreditation, "grade": grade, "lots": lots,
        "practice": practice, "reviewed": reviewed,
    });
    for (i, (_, a)) in p.governance.domains().iter().enumerate() {
        let line = a.map(|a| {
            let answer = match a.answer {
                Compliance::Met => "Met",
                Compliance::Partly => "Partly met",
                Compliance::NotMet => "Not met",
            };
            if a.evidence.trim().is_empty() {
                answer.to_string()
            } else {
                format!("{answer}: {}", a.evidence.trim())
            }
        });
        cells[format!("governance-{i}")] = json!(line.into_iter().collect::<Vec<_>>());
    }
    let c = &p.contact;
    json!({
        "id": p.id,
        "name": p.name,
        "url": urls::provider(&p.id),
        "summary": p.summary,
        "cells": cells,
        "phone": c.phone,
        "tel": c.phone.as_ref().map(|p| p.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect::<String>()),
        "email": c.email,
    })
}

impl Renderer<'_> {
    /// `compare/data/<n>.json`: the comparison records of the providers whose id falls in
    /// file `n`, in directory order, one a line.
    pub fn compare_data(&self, n: usize) -> Output {
        let site = self.site;
        let files = urls::compare_files(site.providers.len());
        let mut bytes = b"[".to_vec();
        for (pi, p) in site.providers.iter().enumerate() {
            if urls::compare_file_of(&p.id, files) == n {
                bytes.extend_from_slice(if bytes.len() == 1 { b"\n" } else { b",\n" });
                bytes.extend(serde_json::to_vec(&record(site, pi)).expect("json"));
            }
        }
        bytes.extend_from_slice(b"\n]\n");
        Output { path: urls::compare_data(n), bytes, unplanned: Vec::new() }
    }

    /// The compare page: the rows, and how many files the records are spread over.
    pub fn compare_page(&self) -> Value {
        let files = urls::compare_files(self.site.providers.len());
        json!({ "title": "Compare providers", "rows": rows(), "most": MOST, "files": files })
    }
}
