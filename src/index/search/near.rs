/*!
Near a postcode: what `search.js` needs to tell a family how far each in-person service is
from a postcode they type, without the postcode leaving the browser. Writes, under
`search/data/`:

- `s.<AREA>.*.dat`: one slice of the postcode sector table per postcode **area** (the
  leading letters: `E`, `SW`, `AB`), as JSON `{"E8 1":[easting,northing],…}`. The browser
  fetches only the slice of the area typed, so the server learns at most those one or two
  letters. An area rather than a district (the outward code, `E8`) because it is about 120
  files rather than about 3,000 and says less about where the family lives; the largest
  slice (`L`, Liverpool) is a few kB compressed.
- the column `c.ps` (see [`super::columns`]): for each service delivered in a place (not
  only online or by phone) whose postcode is in the table, its premises' position, the
  sector's centroid, as `[easting, northing]`; an empty row for any other service.

The manifest lists the areas that have a slice, so a postcode in no area of the table is
refused without a request.
*/

use crate::geo::{sectors, Grid};
use crate::link::Site;
use std::collections::BTreeMap;

/// The postcode area of a sector or postcode: its leading letters.
pub fn area_of(code: &str) -> &str {
    let end = code.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(code.len());
    &code[..end]
}

/// Every area's slice of the sector table, as (`s.<AREA>`, JSON bytes), in area order.
pub(super) fn slices() -> Vec<(String, Vec<u8>)> {
    let mut by_area: BTreeMap<&str, String> = BTreeMap::new();
    for s in sectors().all() {
        let out = by_area.entry(area_of(s.code)).or_default();
        out.push(if out.is_empty() { '{' } else { ',' });
        // Sector codes are letters, digits and one space: nothing to escape.
        out.push_str(&format!("\"{}\":[{},{}]", s.code, s.grid.easting, s.grid.northing));
    }
    by_area
        .into_iter()
        .map(|(area, mut json)| {
            json.push('}');
            (format!("s.{area}"), json.into_bytes())
        })
        .collect()
}

/// The areas that have a slice, in order.
pub(super) fn areas() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = sectors().all().iter().map(|s| area_of(s.code)).collect();
    out.dedup();
    out
}

/// Where a service is delivered from, for distance: its postcode's sector centroid, when it
/// is delivered in a place and its postcode is in the table. An online or phone service has
/// no distance, and a service without a postcode has none stated.
pub fn premises(s: &crate::model::Service) -> Option<Grid> {
    if s.delivery.iter().all(|d| d.is_remote()) {
        return None;
    }
    s.postcode.as_ref().and_then(|p| p.grid())
}

/// The `ps` column's rows, one per service in provider order.
pub(super) fn positions(site: &Site) -> Vec<Option<Grid>> {
    site.providers.iter().flat_map(|p| p.services.iter().map(premises)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_are_the_leading_letters() {
        assert_eq!(area_of("E8 1"), "E");
        assert_eq!(area_of("SW1A 1"), "SW");
        assert_eq!(area_of("AB10 1"), "AB");
    }

    #[test]
    fn every_sector_is_in_its_areas_slice_and_no_slice_is_large() {
        let slices = slices();
        assert_eq!(slices.len(), areas().len());
        assert!(slices.len() > 100 && slices.len() < 130, "{}", slices.len());
        let mut total = 0;
        for (stem, bytes) in &slices {
            let area = stem.strip_prefix("s.").unwrap();
            let table: BTreeMap<String, [u32; 2]> = serde_json::from_slice(bytes).unwrap();
            assert!(table.keys().all(|k| area_of(k) == area), "{stem}");
            // Raw JSON; compressed it is about a third of this.
            assert!(bytes.len() < 40_000, "{stem} is {} bytes", bytes.len());
            total += table.len();
        }
        assert_eq!(total, sectors().all().len());
        let e: BTreeMap<String, [u32; 2]> =
            serde_json::from_slice(&slices.iter().find(|(s, _)| s == "s.E").unwrap().1).unwrap();
        let e8 = sectors().get("E8 1").unwrap().grid;
        assert_eq!(e["E8 1"], [e8.easting, e8.northing]);
        assert!(!e.contains_key("EN1 2"), "EN is an area of its own");
    }
}
