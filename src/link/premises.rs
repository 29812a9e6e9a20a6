//! Whether a service's premises lie in an area it claims to serve.
//!
//! A premises is placed by its postcode's sector, and a sector by the local authority most
//! of its postcodes are in (and that authority's upper tier, which runs children's services
//! in a two-tier county). An area a service claims may be an authority, a sub-region, a
//! region or a nation: the premises is inside it when the area is, or contains, that
//! authority. Only a clear "outside" is reported: an area whose extent the register and the
//! built-in tables cannot tell (a sub-region with no code and no listed authorities) is
//! never said to leave the premises out.

use super::IdIndex;
use crate::geo::{authority, region_name, Sector};
use crate::model::{Area, Id, Sourced};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    Inside,
    Outside,
    /// The area's extent is not known well enough to say.
    Unknown,
}

/// What an area's own ONS code says about the sector.
fn by_code(gss: Option<&str>, sector: &Sector) -> Placement {
    let Some(code) = gss else { return Placement::Unknown };
    if code == sector.district || code == sector.upper {
        return Placement::Inside;
    }
    let country = |c: &str| c.chars().next();
    let yes = |inside: bool| if inside { Placement::Inside } else { Placement::Outside };
    match code.get(..3) {
        // England, Wales, Scotland: every authority whose code starts with the nation's
        // letter.
        Some("E92" | "W92" | "S92") => yes(country(code) == country(sector.district)),
        // Great Britain and the United Kingdom.
        Some("K03") => yes(matches!(country(sector.district), Some('E' | 'W' | 'S'))),
        Some("K02") => yes(matches!(country(sector.district), Some('E' | 'W' | 'S' | 'N'))),
        Some("E12") => match (region_name(code), authority(sector.district).or_else(|| authority(sector.upper))) {
            (Some(region), Some(a)) => yes(a.region == region),
            // An English region cannot hold an authority of another nation.
            (Some(_), None) if country(sector.district) != Some('E') => Placement::Outside,
            _ => Placement::Unknown,
        },
        // A local authority's own code, which is neither the district nor its county.
        Some("E06" | "E07" | "E08" | "E09" | "E10" | "W06" | "S12" | "N09") => Placement::Outside,
        _ => Placement::Unknown,
    }
}

/// Where the premises in `sector` lie against the areas a service claims: inside if any
/// claimed area holds it, outside only if every claimed area clearly does not.
pub fn placement(areas: &[Sourced<Area>], area_ix: &IdIndex, claimed: &[Id], sector: &Sector) -> Placement {
    let own: Vec<Placement> = areas.iter().map(|a| by_code(a.record.gss.as_deref(), sector)).collect();
    let mut unknown = claimed.is_empty();
    for id in claimed {
        let Some(&c) = area_ix.get(id) else {
            unknown = true; // an unresolved area is reported on its own
            continue;
        };
        // The claimed area and every area the register places under it.
        let within: Vec<usize> = (0..areas.len()).filter(|&x| is_within(areas, area_ix, x, c)).collect();
        if within.iter().any(|&x| own[x] == Placement::Inside) {
            return Placement::Inside;
        }
        let decided = own[c] == Placement::Outside || within.iter().any(|&x| own[x] == Placement::Outside);
        if !decided {
            unknown = true;
        }
    }
    if unknown {
        Placement::Unknown
    } else {
        Placement::Outside
    }
}

/// Whether area `x` is `c` or lies under it.
fn is_within(areas: &[Sourced<Area>], area_ix: &IdIndex, mut x: usize, c: usize) -> bool {
    // A cycle is reported by validation; the bound keeps this from looping on one.
    for _ in 0..=areas.len() {
        if x == c {
            return true;
        }
        match areas[x].record.parent.as_ref().and_then(|p| area_ix.get(p)) {
            Some(&p) => x = p,
            None => return false,
        }
    }
    false
}

/// The authority a sector is in, named as the register names it or else as the built-in
/// list does: for messages.
pub fn authority_name(areas: &[Sourced<Area>], sector: &Sector) -> String {
    areas
        .iter()
        .find(|a| a.record.gss.as_deref() == Some(sector.district))
        .map(|a| a.record.name.clone())
        .or_else(|| authority(sector.district).map(|a| a.name.to_string()))
        .unwrap_or_else(|| sector.district.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::sectors;
    use crate::model::AreaKind;

    fn area(id: &str, kind: AreaKind, gss: Option<&str>, parent: Option<&str>) -> Sourced<Area> {
        Sourced {
            file: "areas.yaml".into(),
            text: "".into(),
            record: Area {
                id: id.into(),
                name: id.into(),
                kind,
                gss: gss.map(Into::into),
                parent: parent.map(Into::into),
            },
        }
    }

    fn register() -> (Vec<Sourced<Area>>, IdIndex) {
        use AreaKind::*;
        let areas = vec![
            area("england", Nation, Some("E92000001"), None),
            area("london", Region, Some("E12000007"), Some("england")),
            area("north-east-london", SubRegion, None, Some("london")),
            area("hackney", LocalAuthority, Some("E09000012"), Some("north-east-london")),
            area("havering", LocalAuthority, Some("E09000016"), Some("north-east-london")),
            area("hertfordshire", LocalAuthority, Some("E10000015"), None),
            area("somewhere", SubRegion, None, None),
            area("south-east", Region, Some("E12000008"), None),
        ];
        let ix = areas.iter().enumerate().map(|(i, a)| (a.record.id.clone(), i)).collect();
        (areas, ix)
    }

    fn at(claimed: &[&str], sector: &str) -> Placement {
        let (areas, ix) = register();
        let claimed: Vec<Id> = claimed.iter().map(|c| (*c).into()).collect();
        placement(&areas, &ix, &claimed, sectors().get(sector).unwrap())
    }

    #[test]
    fn a_premises_is_inside_an_area_that_is_or_holds_its_authority() {
        use Placement::*;
        // E8 1 is in Hackney.
        assert_eq!(at(&["hackney"], "E8 1"), Inside);
        assert_eq!(at(&["north-east-london"], "E8 1"), Inside);
        assert_eq!(at(&["london"], "E8 1"), Inside);
        assert_eq!(at(&["england"], "E8 1"), Inside);
        assert_eq!(at(&["havering", "hackney"], "E8 1"), Inside);
        assert_eq!(at(&["havering"], "E8 1"), Outside);
        assert_eq!(at(&["south-east"], "E8 1"), Outside);
        // AL1 1 is in St Albans, a district of Hertfordshire, in the East of England.
        assert_eq!(at(&["hertfordshire"], "AL1 1"), Inside);
        assert_eq!(at(&["london"], "AL1 1"), Outside);
        assert_eq!(at(&["north-east-london"], "AL1 1"), Outside);
        // Edinburgh is in no English area.
        assert_eq!(at(&["england"], "EH1 1"), Outside);
        assert_eq!(at(&["london"], "EH1 1"), Outside);
    }

    #[test]
    fn an_area_of_unknown_extent_is_never_said_to_leave_a_premises_out() {
        assert_eq!(at(&["somewhere"], "E8 1"), Placement::Unknown);
        assert_eq!(at(&["havering", "somewhere"], "E8 1"), Placement::Unknown);
        assert_eq!(at(&["no-such-area"], "E8 1"), Placement::Unknown);
    }

    #[test]
    fn the_authority_is_named_as_the_register_names_it() {
        let (areas, _) = register();
        assert_eq!(authority_name(&areas, sectors().get("E8 1").unwrap()), "hackney");
        assert_eq!(authority_name(&areas, sectors().get("RM1 3").unwrap()), "havering");
        assert_eq!(authority_name(&areas, sectors().get("AL1 1").unwrap()), "St Albans");
    }
}
