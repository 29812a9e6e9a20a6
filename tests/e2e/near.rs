//! Near a postcode in search: the postcode rules shared with the browser
//! (`tests/fixtures/postcodes.json`), distances worked out by hand from the sector table, and
//! the data the build writes for the browser: the sector table in slices by postcode area
//! and each service's premises position. The browser side is `tests/browser/near.mjs`, run
//! by `browser::near_a_postcode_in_chromium`.

use crate::common;
use common::*;
use landscape::geo::{miles_text, sectors, Postcode, PostcodeError};
use std::io::Read;

pub fn fixture() -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(repo_root().join("tests/fixtures/postcodes.json")).unwrap()).unwrap()
}

/// What the Rust side makes of a typed postcode, in the fixture's terms.
fn read(typed: &str) -> (Option<String>, Option<&'static str>, Option<String>) {
    match Postcode::parse(typed) {
        Ok(p) => match p.sector_entry() {
            Ok(_) => (Some(p.to_string()), None, None),
            Err(e) => (None, Some("sector"), e.suggestion().map(str::to_string)),
        },
        Err(PostcodeError::NorthernIreland) => (None, Some("ni"), None),
        Err(e) => (None, Some("shape"), e.suggestion().map(str::to_string)),
    }
}

#[test]
fn the_rust_side_reads_postcodes_as_the_shared_table_says() {
    let table = fixture();
    for case in table["cases"].as_array().unwrap() {
        let typed = case["typed"].as_str().unwrap();
        let (postcode, error, suggestion) = read(typed);
        assert_eq!(postcode.as_deref(), case["postcode"].as_str(), "{typed:?}");
        assert_eq!(error, case["error"].as_str(), "{typed:?}");
        if error.is_some() {
            assert_eq!(suggestion.as_deref(), case["suggestion"].as_str(), "{typed:?}");
        }
    }
}

/// Pairs worked out by hand from `data/postcode-sectors.tsv`: E8 1 is at 534612 E, 184631 N.
/// E11 1 (539317, 187811): √(4705² + 3180²) = 5678.9 m = 3.53 miles.
/// N7 6 (530601, 185943): √(4011² + 1312²) = 4220.1 m = 2.62 miles.
/// IG11 8 (544353, 184376): √(9741² + 255²) = 9744.3 m = 6.05 miles.
/// EN1 2 (533245, 195564): √(1367² + 10933²) = 11018.1 m = 6.85 miles.
/// RM2 5 (552136, 189230): √(17524² + 4599²) = 18117.4 m = 11.26 miles.
pub const BY_HAND: [(&str, &str); 5] = [
    ("E11 1", "3.5 miles"),
    ("N7 6", "2.6 miles"),
    ("IG11 8", "6.1 miles"),
    ("EN1 2", "6.8 miles"),
    ("RM2 5", "11 miles"),
];

#[test]
fn distances_from_a_postcode_are_those_worked_out_by_hand() {
    let e8 = Postcode::parse("E8 1DY").unwrap().grid().unwrap();
    assert_eq!((e8.easting, e8.northing), (534_612, 184_631));
    for (sector, text) in BY_HAND {
        let g = sectors().get(sector).unwrap().grid;
        assert_eq!(miles_text(e8.miles_to(g)), text, "{sector}");
    }
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes).read_to_end(&mut out).unwrap();
        out
    } else {
        bytes.to_vec()
    }
}

/// Rows of a list column: varints, each row its length then its items.
fn list_rows(bytes: &[u8]) -> Vec<Vec<u64>> {
    let mut vals = Vec::new();
    let (mut v, mut shift) = (0u64, 0);
    for &b in bytes {
        v |= u64::from(b & 0x7f) << shift;
        shift += 7;
        if b & 0x80 == 0 {
            vals.push(v);
            (v, shift) = (0, 0);
        }
    }
    let mut rows = Vec::new();
    let mut it = vals.into_iter();
    while let Some(n) = it.next() {
        rows.push((0..n).map(|_| it.next().unwrap()).collect());
    }
    rows
}

#[test]
fn the_build_writes_the_sector_table_in_slices_and_each_premises_position() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let o = build(&repo_root(), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let files = tree(&out.join("search/data"));
    let manifest: serde_json::Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
    let areas: Vec<&str> = manifest["postcode_areas"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
    assert!(areas.contains(&"E") && areas.contains(&"SW") && !areas.contains(&"BT"), "{areas:?}");
    let slices: Vec<(&String, &Vec<u8>)> = files.iter().filter(|(k, _)| k.starts_with("s.")).collect();
    assert_eq!(slices.len(), areas.len());
    let mut largest = 0;
    for (name, bytes) in &slices {
        largest = largest.max(bytes.len());
        assert!(bytes.len() < 150_000, "{name} is {} bytes to fetch", bytes.len());
    }
    println!("{} slices, the largest {} bytes compressed", slices.len(), largest);
    let e = slices.iter().find(|(k, _)| k.starts_with("s.E.")).unwrap();
    let e: serde_json::Value = serde_json::from_slice(&gunzip(e.1)).unwrap();
    assert_eq!(e["E8 1"], serde_json::json!([534612, 184631]));
    assert!(e.get("EN1 2").is_none(), "EN is an area of its own");

    // The positions column, service by service, against the linked example.
    let ps = files.iter().find(|(k, _)| k.starts_with("c.ps.")).expect("c.ps").1;
    let rows = list_rows(&gunzip(ps));
    let mut diags = landscape::diagnostic::Diagnostics::default();
    let mut report = landscape::pipeline::Report::default();
    let (site, _) = landscape::pipeline::load_and_link(&repo_root(), TODAY.parse().unwrap(), &mut diags, &mut report)
        .expect("the example links");
    let services: Vec<&landscape::model::Service> = site.providers.iter().flat_map(|p| &p.services).collect();
    assert_eq!(rows.len(), services.len());
    let (mut placed, mut remote) = (0, 0);
    for (row, s) in rows.iter().zip(&services) {
        let only_remote = s.delivery.iter().all(|d| d.is_remote());
        match s.postcode.as_ref().and_then(|p| p.grid()) {
            Some(g) if !only_remote => {
                assert_eq!(row, &vec![u64::from(g.easting), u64::from(g.northing)]);
                placed += 1;
            }
            _ => {
                assert!(row.is_empty(), "{s:?}");
                remote += usize::from(only_remote);
            }
        }
    }
    assert!(placed >= 10 && remote >= 1, "{placed} services with a position, {remote} only online or by phone");
}
