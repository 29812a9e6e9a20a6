//! Where things are: postcodes, the sectors they fall in, and straight-line distance on the
//! Ordnance Survey national grid.
//!
//! The tables are derived from the ONS postcode directory by `data/refresh-postcodes.py` and
//! built into the binary, so neither a build nor a test reaches the network. A position is a
//! postcode sector's centroid (the mean of its postcodes' grid positions): a few hundred
//! metres from any one address, which is as near as a directory should say, and the same
//! figure the browser computes from the same table.

use std::fmt;
use std::sync::OnceLock;

const SECTORS: &str = include_str!("../data/postcode-sectors.tsv");
const CENTRES: &str = include_str!("../data/authority-centres.tsv");
const AUTHORITIES: &str = include_str!("../data/uk_local_authorities.tsv");

/// Metres in a statute mile.
pub const METRES_PER_MILE: f64 = 1609.344;

/// A position on the OS national grid (OSGB36), in metres east and north of the grid's
/// false origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Grid {
    pub easting: u32,
    pub northing: u32,
}

impl Grid {
    /// Straight-line ("as the crow flies") distance in metres. Over the distances a family
    /// travels the grid's scale error is well under one per cent.
    pub fn metres_to(self, other: Grid) -> f64 {
        let de = f64::from(self.easting) - f64::from(other.easting);
        let dn = f64::from(self.northing) - f64::from(other.northing);
        (de * de + dn * dn).sqrt()
    }

    pub fn miles_to(self, other: Grid) -> f64 {
        self.metres_to(other) / METRES_PER_MILE
    }

    /// Latitude and longitude on WGS84, as open data and maps expect. The OS grid's own
    /// datum (OSGB36) differs from WGS84 by up to about 120 m; a seven-parameter Helmert
    /// transformation takes it to within a few metres, far finer than a sector's centroid.
    pub fn to_wgs84(self) -> LatLon {
        let osgb = grid_to_osgb36(f64::from(self.easting), f64::from(self.northing));
        osgb36_to_wgs84(osgb)
    }
}

/// A distance as the site writes it: tenths of a mile under ten miles, whole miles from
/// ten (`0.4 miles`, `1 mile`, `14 miles`). The search script rounds the same way, so a
/// distance reads the same with and without JavaScript.
pub fn miles_text(miles: f64) -> String {
    let shown = if miles < 9.95 { (miles * 10.0).round() / 10.0 } else { miles.round() };
    if shown == 1.0 {
        "1 mile".to_string()
    } else {
        format!("{shown} miles")
    }
}

/// Degrees north and east.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LatLon {
    pub latitude: f64,
    pub longitude: f64,
}

/// A UK postcode in its written form: outward code, one space, inward code (`E8 1DY`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Postcode(String);

/// Why a postcode was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PostcodeError {
    /// Not the shape of a UK postcode; with the postcode it was probably meant to be when a
    /// letter O or I stands where a digit must.
    Shape { suggestion: Option<String> },
    /// A Northern Ireland postcode: its positions are licensed separately and not in the table.
    NorthernIreland,
    /// The right shape, but no postcode in the directory starts so; with the nearest sector
    /// that exists.
    NoSuchSector { sector: String, suggestion: Option<String> },
}

impl fmt::Display for PostcodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PostcodeError::Shape { .. } => f.write_str("is not the shape of a UK postcode (like E8 1DY or RM1 3BB)"),
            PostcodeError::NorthernIreland => {
                f.write_str("is in Northern Ireland, whose postcode positions this register does not hold")
            }
            PostcodeError::NoSuchSector { sector, .. } => {
                write!(f, "is in no postcode sector that exists (`{sector}`)")
            }
        }
    }
}

impl PostcodeError {
    pub fn suggestion(&self) -> Option<&str> {
        match self {
            PostcodeError::Shape { suggestion } | PostcodeError::NoSuchSector { suggestion, .. } => {
                suggestion.as_deref()
            }
            PostcodeError::NorthernIreland => None,
        }
    }
}

impl Postcode {
    /// Reads a postcode written with any spacing and case. Checks the shape only; see
    /// [`Postcode::sector_entry`] for whether it exists.
    pub fn parse(text: &str) -> Result<Postcode, PostcodeError> {
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_uppercase).collect();
        if let Some(p) = shaped(&compact) {
            if p.0.starts_with("BT") {
                return Err(PostcodeError::NorthernIreland);
            }
            return Ok(p);
        }
        Err(PostcodeError::Shape { suggestion: misread(&compact).map(|p| p.0) })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The outward code, which is the postcode district: `E8`.
    pub fn district(&self) -> &str {
        self.0.split_once(' ').map_or(&self.0, |(out, _)| out)
    }

    /// The sector: the outward code and the inward code's digit, `E8 1`.
    pub fn sector(&self) -> &str {
        &self.0[..self.0.len() - 2]
    }

    /// The sector's row in the table, or why there is none.
    pub fn sector_entry(&self) -> Result<&'static Sector, PostcodeError> {
        let table = sectors();
        table.get(self.sector()).ok_or_else(|| PostcodeError::NoSuchSector {
            sector: self.sector().to_string(),
            suggestion: table.nearest_to(self).map(|s| s.code.to_string()),
        })
    }

    /// Where the postcode is, as its sector's centroid.
    pub fn grid(&self) -> Option<Grid> {
        self.sector_entry().ok().map(|s| s.grid)
    }
}

impl fmt::Display for Postcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for Postcode {
    type Err = PostcodeError;
    fn from_str(s: &str) -> Result<Self, PostcodeError> {
        Postcode::parse(s)
    }
}

/// The compact form as a postcode, if it has the shape of one. Outward codes are A9, A99,
/// AA9, AA99, A9A or AA9A; the inward code is a digit and two letters, never C, I, K, M, O
/// or V (Royal Mail leaves those out of inward codes).
fn shaped(compact: &str) -> Option<Postcode> {
    let b = compact.as_bytes();
    if !(5..=7).contains(&b.len()) || !b.iter().all(u8::is_ascii_alphanumeric) {
        return None;
    }
    let (outward, inward) = b.split_at(b.len() - 3);
    let inward_ok =
        inward[0].is_ascii_digit() && inward[1..].iter().all(|c| c.is_ascii_uppercase() && !b"CIKMOV".contains(c));
    let letter = |c: u8| c.is_ascii_uppercase();
    let digit = |c: u8| c.is_ascii_digit();
    let outward_ok = match outward {
        [a, b] => letter(*a) && digit(*b),
        [a, b, c] => letter(*a) && ((digit(*b) && (digit(*c) || letter(*c))) || (letter(*b) && digit(*c))),
        [a, b, c, d] => letter(*a) && letter(*b) && digit(*c) && (digit(*d) || letter(*d)),
        _ => false,
    };
    (inward_ok && outward_ok).then(|| {
        Postcode(format!(
            "{} {}",
            std::str::from_utf8(outward).unwrap_or_default(),
            std::str::from_utf8(inward).unwrap_or_default()
        ))
    })
}

/// A postcode mistyped with the letter O for zero, I or L for one, or S for five where a
/// digit must stand (and the reverse where a letter must).
fn misread(compact: &str) -> Option<Postcode> {
    if compact.len() < 5 {
        return None;
    }
    let as_digit = |c: char| match c {
        'O' => '0',
        'I' | 'L' => '1',
        'S' => '5',
        c => c,
    };
    let as_letter = |c: char| match c {
        '0' => 'O',
        '1' => 'I',
        '5' => 'S',
        c => c,
    };
    let chars: Vec<char> = compact.chars().collect();
    let n = chars.len();
    // The inward code's digit is the one place a digit must always stand; the outward
    // code's first letter is the one place a letter must.
    let mut fixed = chars.clone();
    fixed[n - 3] = as_digit(chars[n - 3]);
    fixed[0] = as_letter(chars[0]);
    let candidate: String = fixed.iter().collect();
    if candidate == compact {
        return None;
    }
    shaped(&candidate).filter(|p| !p.0.starts_with("BT"))
}

/// One postcode sector: where its postcodes lie on average and in which local authority
/// district most of them are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sector {
    /// `E8 1`.
    pub code: &'static str,
    pub grid: Grid,
    /// The ONS code of the local authority district most of its postcodes are in.
    pub district: &'static str,
    /// How many postcodes it has.
    pub postcodes: u32,
    /// A real postcode in it: the one nearest its centroid.
    pub nearest: &'static str,
    /// The upper-tier authority of `district` (the county of a two-tier district; the
    /// district itself where it is a unitary), which is the one that runs children's
    /// services.
    pub upper: &'static str,
}

impl Sector {
    /// The outward code: `E8` for `E8 1`.
    pub fn outward(&self) -> &'static str {
        self.code.split_once(' ').map_or(self.code, |(out, _)| out)
    }
}

/// Every sector, sorted by code.
pub struct Sectors {
    rows: Vec<Sector>,
}

/// The fields of each row of a built-in table, after its header.
fn table_rows(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines().skip(1).map(|line| line.split('\t').collect())
}

/// The easting and northing in a table row's second and third fields.
fn grid_of(fields: &[&str]) -> Option<Grid> {
    Some(Grid { easting: fields.get(1)?.parse().ok()?, northing: fields.get(2)?.parse().ok()? })
}

pub fn sectors() -> &'static Sectors {
    static TABLE: OnceLock<Sectors> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut rows: Vec<Sector> = table_rows(SECTORS)
            .filter_map(|f| {
                Some(Sector {
                    code: f.first()?,
                    grid: grid_of(&f)?,
                    district: f.get(3)?,
                    postcodes: f.get(4)?.parse().ok()?,
                    nearest: f.get(5)?,
                    upper: f.get(6)?,
                })
            })
            .collect();
        rows.sort_by(|a, b| a.code.cmp(b.code));
        Sectors { rows }
    })
}

impl Sectors {
    pub fn all(&self) -> &[Sector] {
        &self.rows
    }

    pub fn get(&self, code: &str) -> Option<&Sector> {
        self.rows.binary_search_by(|s| s.code.cmp(code)).ok().map(|i| &self.rows[i])
    }

    /// The sectors of one postcode district (outward code), in order.
    pub fn in_district(&self, outward: &str) -> &[Sector] {
        // "E8 " sorts before "E80…" because a space sorts before every digit, so one
        // district's sectors are one run of the table.
        let start = self.rows.partition_point(|s| s.outward() < outward);
        let len = self.rows[start..].iter().take_while(|s| s.outward() == outward).count();
        &self.rows[start..start + len]
    }

    /// The nearest existing sector to a postcode whose own sector does not exist: the same
    /// district's sector with the nearest digit, or else the sector of a district one
    /// keystroke away (the one with most postcodes).
    pub fn nearest_to(&self, postcode: &Postcode) -> Option<&Sector> {
        let digit = |s: &str| s.bytes().last().map_or(0, |b| i32::from(b) - i32::from(b'0'));
        let wanted = digit(postcode.sector());
        let same = self.in_district(postcode.district());
        if !same.is_empty() {
            return same.iter().min_by_key(|s| ((digit(s.code) - wanted).abs(), s.code));
        }
        let outward = postcode.district();
        self.rows
            .iter()
            .filter(|s| one_edit_apart(s.outward(), outward) && digit(s.code) == wanted)
            .max_by(|a, b| a.postcodes.cmp(&b.postcodes).then(b.code.cmp(a.code)))
    }
}

/// Whether two short codes differ by one substitution, insertion, deletion or swap of
/// neighbours.
fn one_edit_apart(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a == b {
        return false;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    match ra.len() as isize - rb.len() as isize {
        0 => ra[1..] == rb[1..] || (ra.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..]),
        1 => ra[1..] == *rb,
        -1 => *ra == rb[1..],
        _ => false,
    }
}

/// The centre of an authority (its ONS code, lower or upper tier): the mean grid position
/// of all its postcodes.
pub fn authority_centre(gss: &str) -> Option<Grid> {
    static TABLE: OnceLock<Vec<(&'static str, Grid)>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut rows: Vec<(&'static str, Grid)> =
            table_rows(CENTRES).filter_map(|f| Some((*f.first()?, grid_of(&f)?))).collect();
        rows.sort_by(|a, b| a.0.cmp(b.0));
        rows
    });
    table.binary_search_by(|(c, _)| (*c).cmp(gss)).ok().map(|i| table[i].1)
}

/// A local authority as the built-in list of authorities names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Authority {
    pub gss: &'static str,
    pub name: &'static str,
    /// `London`, `South East`; for Scotland, Wales and Northern Ireland, the nation.
    pub region: &'static str,
}

/// The authority with this ONS code, if the built-in list (today's authorities) has it.
/// A code made after the list was cut (such as Sheffield's since its 2024 boundary change)
/// is not there.
pub fn authority(gss: &str) -> Option<Authority> {
    let table = authorities();
    table.binary_search_by(|a| a.gss.cmp(gss)).ok().map(|i| table[i])
}

/// Every authority of the built-in list, by code.
pub fn authorities() -> &'static [Authority] {
    static TABLE: OnceLock<Vec<Authority>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut rows: Vec<Authority> = AUTHORITIES
            .lines()
            .skip(1)
            .filter_map(|line| {
                let f: Vec<&'static str> = line.split('\t').collect();
                Some(Authority { gss: f.first()?, name: f.get(1)?, region: f.get(4)? })
            })
            .collect();
        rows.sort_by(|a, b| a.gss.cmp(b.gss));
        rows
    })
}

/// The name of an English region by its ONS code (`E12000007` is London), as the list of
/// authorities writes it.
pub fn region_name(gss: &str) -> Option<&'static str> {
    REGIONS.iter().find(|(code, _)| *code == gss).map(|(_, name)| *name)
}

/// England's nine regions: their ONS codes and names.
pub const REGIONS: [(&str, &str); 9] = [
    ("E12000001", "North East"),
    ("E12000002", "North West"),
    ("E12000003", "Yorkshire and The Humber"),
    ("E12000004", "East Midlands"),
    ("E12000005", "West Midlands"),
    ("E12000006", "East of England"),
    ("E12000007", "London"),
    ("E12000008", "South East"),
    ("E12000009", "South West"),
];

// --- from the grid to latitude and longitude ----------------------------------------------
// The formulas are the Ordnance Survey's published ones for the transverse Mercator
// projection of the national grid (Airy 1830 ellipsoid) and for a Helmert transformation.

const AIRY_A: f64 = 6_377_563.396;
const AIRY_B: f64 = 6_356_256.909;
const GRS80_A: f64 = 6_378_137.0;
const GRS80_B: f64 = 6_356_752.314_1;
const F0: f64 = 0.999_601_271_7;
const E0: f64 = 400_000.0;
const N0: f64 = -100_000.0;

/// Latitude and longitude on OSGB36, in degrees.
fn grid_to_osgb36(e: f64, n: f64) -> LatLon {
    let phi0 = 49f64.to_radians();
    let lambda0 = (-2f64).to_radians();
    let (a, b) = (AIRY_A, AIRY_B);
    let e2 = 1.0 - (b * b) / (a * a);
    let nn = (a - b) / (a + b);
    let (n2, n3) = (nn * nn, nn * nn * nn);
    let meridional = |phi: f64| {
        let (d, s) = (phi - phi0, phi + phi0);
        b * F0
            * ((1.0 + nn + 1.25 * n2 + 1.25 * n3) * d - (3.0 * nn + 3.0 * n2 + 2.625 * n3) * d.sin() * s.cos()
                + (1.875 * n2 + 1.875 * n3) * (2.0 * d).sin() * (2.0 * s).cos()
                - (35.0 / 24.0) * n3 * (3.0 * d).sin() * (3.0 * s).cos())
    };
    let mut phi = (n - N0) / (a * F0) + phi0;
    let mut m = meridional(phi);
    for _ in 0..20 {
        if (n - N0 - m).abs() < 1e-5 {
            break;
        }
        phi += (n - N0 - m) / (a * F0);
        m = meridional(phi);
    }
    let sin = phi.sin();
    let nu = a * F0 / (1.0 - e2 * sin * sin).sqrt();
    let rho = a * F0 * (1.0 - e2) / (1.0 - e2 * sin * sin).powf(1.5);
    let eta2 = nu / rho - 1.0;
    let t = phi.tan();
    let (t2, t4, t6) = (t * t, t.powi(4), t.powi(6));
    let sec = 1.0 / phi.cos();
    let vii = t / (2.0 * rho * nu);
    let viii = t / (24.0 * rho * nu.powi(3)) * (5.0 + 3.0 * t2 + eta2 - 9.0 * t2 * eta2);
    let ix = t / (720.0 * rho * nu.powi(5)) * (61.0 + 90.0 * t2 + 45.0 * t4);
    let x = sec / nu;
    let xi = sec / (6.0 * nu.powi(3)) * (nu / rho + 2.0 * t2);
    let xii = sec / (120.0 * nu.powi(5)) * (5.0 + 28.0 * t2 + 24.0 * t4);
    let xiia = sec / (5040.0 * nu.powi(7)) * (61.0 + 662.0 * t2 + 1320.0 * t4 + 720.0 * t6);
    let de = e - E0;
    let lat = phi - vii * de.powi(2) + viii * de.powi(4) - ix * de.powi(6);
    let lon = lambda0 + x * de - xi * de.powi(3) + xii * de.powi(5) - xiia * de.powi(7);
    LatLon { latitude: lat.to_degrees(), longitude: lon.to_degrees() }
}

fn osgb36_to_wgs84(p: LatLon) -> LatLon {
    // Onto the Airy ellipsoid's cartesian axes (height taken as zero).
    let (phi, lambda) = (p.latitude.to_radians(), p.longitude.to_radians());
    let e2 = 1.0 - (AIRY_B * AIRY_B) / (AIRY_A * AIRY_A);
    let nu = AIRY_A / (1.0 - e2 * phi.sin().powi(2)).sqrt();
    let (x, y, z) = (nu * phi.cos() * lambda.cos(), nu * phi.cos() * lambda.sin(), (1.0 - e2) * nu * phi.sin());
    // OSGB36 to WGS84: the published WGS84-to-OSGB36 parameters with their signs reversed.
    let arcsec = |s: f64| (s / 3600.0).to_radians();
    let (tx, ty, tz) = (446.448, -125.157, 542.060);
    let s = -20.4894e-6;
    let (rx, ry, rz) = (arcsec(0.1502), arcsec(0.2470), arcsec(0.8421));
    let x2 = tx + (1.0 + s) * x - rz * y + ry * z;
    let y2 = ty + rz * x + (1.0 + s) * y - rx * z;
    let z2 = tz - ry * x + rx * y + (1.0 + s) * z;
    // Back to latitude and longitude on the GRS80 ellipsoid WGS84 uses.
    let e2 = 1.0 - (GRS80_B * GRS80_B) / (GRS80_A * GRS80_A);
    let pxy = (x2 * x2 + y2 * y2).sqrt();
    let mut phi = z2.atan2(pxy * (1.0 - e2));
    for _ in 0..10 {
        let nu = GRS80_A / (1.0 - e2 * phi.sin().powi(2)).sqrt();
        phi = (z2 + e2 * nu * phi.sin()).atan2(pxy);
    }
    LatLon { latitude: phi.to_degrees(), longitude: y2.atan2(x2).to_degrees() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postcodes_are_read_in_any_spacing_and_case() {
        for (typed, written) in [
            ("e81dy", "E8 1DY"),
            (" SW1A 1aa ", "SW1A 1AA"),
            ("RM1  3BB", "RM1 3BB"),
            ("M1 1AE", "M1 1AE"),
            ("W1A0AX", "W1A 0AX"),
        ] {
            let p = Postcode::parse(typed).unwrap();
            assert_eq!(p.as_str(), written);
        }
        let p = Postcode::parse("SW1A 1AA").unwrap();
        assert_eq!((p.district(), p.sector()), ("SW1A", "SW1A 1"));
    }

    #[test]
    fn wrong_shapes_are_refused_with_the_likely_postcode() {
        for bad in ["", "E8", "E8 1D", "8E 1DY", "E8 1DYY", "E8 1CY", "E8-1DY", "ABC1 1AA"] {
            assert!(matches!(Postcode::parse(bad), Err(PostcodeError::Shape { .. })), "{bad}");
        }
        assert_eq!(Postcode::parse("E8 ODY").unwrap_err().suggestion(), Some("E8 0DY"));
        assert_eq!(Postcode::parse("0X4 1AA").unwrap_err().suggestion(), Some("OX4 1AA"));
        assert_eq!(Postcode::parse("BT1 1AA").unwrap_err(), PostcodeError::NorthernIreland);
    }

    #[test]
    fn a_sector_that_does_not_exist_gets_the_nearest_that_does() {
        let p = Postcode::parse("E8 1DY").unwrap();
        let s = p.sector_entry().unwrap();
        assert_eq!((s.code, s.district, s.upper), ("E8 1", "E09000012", "E09000012"));
        // St Albans is a district of Hertfordshire.
        let al1 = sectors().get("AL1 1").unwrap();
        assert_eq!((al1.district, al1.upper), ("E07000240", "E10000015"));
        assert!(s.nearest.starts_with("E8 1") && Postcode::parse(s.nearest).is_ok());
        assert_eq!(sectors().all().len(), 12_008);
        // E8's sectors are 1 to 4 and 9: 6 is nearest 4.
        let err = Postcode::parse("E8 6ZZ").unwrap().sector_entry().unwrap_err();
        assert_eq!(err.suggestion(), Some("E8 4"));
        // No district E88: one keystroke from E8.
        let err = Postcode::parse("E88 1AA").unwrap().sector_entry().unwrap_err();
        assert!(err.suggestion().is_some_and(|s| s.ends_with(" 1")), "{err:?}");
    }

    #[test]
    fn every_sector_in_the_table_is_one_a_person_can_type() {
        // A sector the site cannot parse (the old Newport `NPT` codes were one) would let a
        // record's postcode through check and then fail everywhere it is read.
        for s in sectors().all() {
            let p = Postcode::parse(s.nearest).unwrap_or_else(|e| panic!("{}: {e}", s.nearest));
            assert_eq!(p.sector(), s.code);
            assert!(p.sector_entry().is_ok(), "{}", s.code);
        }
    }

    #[test]
    fn a_district_is_one_run_of_the_table() {
        let e8: Vec<&str> = sectors().in_district("E8").iter().map(|s| s.code).collect();
        assert!(e8.len() >= 4 && e8.iter().all(|c| c.starts_with("E8 ")), "{e8:?}");
        assert!(sectors().in_district("ZZ9").is_empty());
    }

    #[test]
    fn distance_is_straight_line_on_the_grid() {
        let a = Grid { easting: 530_000, northing: 180_000 };
        let b = Grid { easting: 533_000, northing: 184_000 };
        assert_eq!(a.metres_to(b), 5000.0);
        assert!((a.miles_to(b) - 3.106_855).abs() < 1e-6);
    }

    #[test]
    fn miles_read_as_the_site_writes_them() {
        for (m, text) in [
            (0.0, "0 miles"),
            (0.04, "0 miles"),
            (0.44, "0.4 miles"),
            (1.0, "1 mile"),
            (0.96, "1 mile"),
            (9.94, "9.9 miles"),
            (9.96, "10 miles"),
            (14.4, "14 miles"),
            (20.5, "21 miles"),
        ] {
            assert_eq!(miles_text(m), text, "{m}");
        }
    }

    #[test]
    fn the_grid_converts_to_latitude_and_longitude() {
        // The Ordnance Survey's own worked example of the projection (OSGB36):
        // 651409.903 E, 313177.270 N is 52°39′27.2531″ N, 1°43′4.5177″ E.
        let p = grid_to_osgb36(651_409.903, 313_177.270);
        assert!((p.latitude - (52.0 + 39.0 / 60.0 + 27.2531 / 3600.0)).abs() < 1e-7, "{p:?}");
        assert!((p.longitude - (1.0 + 43.0 / 60.0 + 4.5177 / 3600.0)).abs() < 1e-7, "{p:?}");
        // WGS84 for grid points, as PROJ's Helmert transformation for EPSG:27700 gives them.
        for (e, n, lat, lon) in [
            (529_259, 179_826, 51.502_596_94, -0.139_087_89),
            (325_000, 673_000, 55.944_167_05, -3.202_386_18),
            (392_000, 805_000, 57.135_836_82, -2.133_804_78),
        ] {
            let w = Grid { easting: e, northing: n }.to_wgs84();
            assert!((w.latitude - lat).abs() < 1e-5 && (w.longitude - lon).abs() < 1e-5, "{e},{n}: {w:?}");
        }
    }

    #[test]
    fn authorities_have_centres() {
        let hackney = authority_centre("E09000012").unwrap();
        let e8 = Postcode::parse("E8 1DY").unwrap().grid().unwrap();
        assert!(hackney.miles_to(e8) < 2.0);
        assert!(authority_centre("E99999999").is_none());
    }

    #[test]
    fn authorities_have_names_and_regions() {
        let a = authority("E09000012").unwrap();
        assert_eq!((a.name, a.region), ("Hackney", "London"));
        assert_eq!(authority("E10000015").unwrap().region, "East of England");
        assert!(authority("E99999999").is_none());
        assert_eq!(region_name("E12000007"), Some("London"));
        assert_eq!(region_name("E09000012"), None);
        // Every region an authority is in has its code.
        let list = AUTHORITIES.lines().skip(1).filter(|l| l.starts_with('E'));
        for line in list {
            let region = line.split('\t').nth(4).unwrap();
            assert!(
                [
                    "E12000001",
                    "E12000002",
                    "E12000003",
                    "E12000004",
                    "E12000005",
                    "E12000006",
                    "E12000007",
                    "E12000008",
                    "E12000009"
                ]
                .iter()
                .any(|c| region_name(c) == Some(region)),
                "{line}"
            );
        }
    }

    #[test]
    fn edits() {
        assert!(one_edit_apart("E8", "E9"));
        assert!(one_edit_apart("E8", "E88"));
        assert!(one_edit_apart("SW1A", "SW1"));
        assert!(one_edit_apart("NE12", "EN12"));
        assert!(!one_edit_apart("E8", "E8"));
        assert!(!one_edit_apart("E8", "N19"));
    }
}
