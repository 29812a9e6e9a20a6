//! `data/schema/`: the JSON Schema of each kind of register file, for people and systems
//! that write records for the register (or read its YAML) without a clone of the site. The
//! same bytes as the site's `schemas/` folder, so a record that names a published schema is
//! checked exactly as one that names the committed file.

use crate::load::schema;

/// Every schema as (path under the output folder, bytes).
pub fn files() -> Vec<(String, Vec<u8>)> {
    schema::files().into_iter().map(|(name, text)| (format!("data/schema/{name}"), text.into_bytes())).collect()
}
