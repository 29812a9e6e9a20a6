//! Invented names: providers' trading names, streets and contact postcodes, and the slugs
//! that turn a name into an id. Real-looking but never real, so no generated page can be
//! mistaken for a listing of an actual organisation. (The authorities are real councils,
//! from the built-in list, so that distances are real.)

use super::rng::Rng;

pub(super) const NAME_FIRST: [&str; 30] = [
    "Acorn",
    "Willow",
    "Harbour",
    "Lantern",
    "Beacon",
    "Kestrel",
    "Meadow",
    "Compass",
    "Orchard",
    "Riverbank",
    "Heron",
    "Bridgeway",
    "Hazel",
    "Juniper",
    "Skylark",
    "Foxglove",
    "Cedar",
    "Oakleaf",
    "Rowan",
    "Sunflower",
    "Bluebell",
    "Linden",
    "Tideway",
    "Hillside",
    "Northstar",
    "Evergreen",
    "Wren",
    "Larkspur",
    "Millstone",
    "Brook",
];
pub(super) const NAME_SECOND: [&str; 14] = [
    "Tree", "House", "Path", "Light", "Garden", "Place", "Way", "Circle", "Haven", "Hill", "Bridge", "Nest", "Field",
    "Cottage",
];
pub(super) const NAME_SUFFIX: [&str; 8] = [
    "Therapies",
    "Therapy Service",
    "Family Support",
    "Children's Services",
    "Therapeutic Care",
    "Counselling",
    "Psychology",
    "Partnership",
];

pub(super) const STREETS: [&str; 15] = [
    "Mare Street",
    "High Street",
    "Church Road",
    "Station Road",
    "Mill Lane",
    "Victoria Road",
    "Park Avenue",
    "London Road",
    "Queen Street",
    "Market Place",
    "Chapel Lane",
    "Albert Road",
    "Bridge Street",
    "Green Lane",
    "North Street",
];
const POSTCODE_AREAS: [&str; 30] = [
    "E", "N", "SE", "SW", "W", "NW", "B", "M", "L", "LS", "S", "NE", "BS", "NG", "LE", "CV", "BN", "PO", "SO", "OX",
    "CB", "NR", "YO", "HU", "DE", "ST", "WV", "PL", "EX", "TR",
];
/// Letters a postcode's inward code may use (never C, I, K, M, O or V).
const INWARD_LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";

/// `tower-hamlets` → `Tower Hamlets`.
pub(super) fn title_from_id(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// A valid UK postcode shape: `E8 4RP`, `LS12 3AB`.
pub(super) fn postcode(rng: &mut Rng) -> String {
    let letter = |rng: &mut Rng| INWARD_LETTERS[rng.below(INWARD_LETTERS.len())] as char;
    format!("{}{} {}{}{}", rng.pick(&POSTCODE_AREAS), rng.range(1, 20), rng.range(0, 9), letter(rng), letter(rng))
}

/// A name as an id: lower-case ASCII letters and digits, single hyphens between words.
pub(super) fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}
