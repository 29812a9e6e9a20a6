/*!
`landscape import`: register records from what a commissioning team already holds.

- [`hsds`] reads an Open Referral UK / HSDS 3.0 source, as JSON (API pages, single service or
  organization documents, a folder of them) or as the tabular package (`datapackage.json`
  and one CSV per object), into nested organization documents;
- [`map`] turns those documents into providers of this register, matching kinds of support,
  areas, schemes and lots against the region's own lists, and notes everything it could not
  place;
- [`sheet`] reads the commissioner's spreadsheet (one row per service) into the same
  providers, reporting every bad cell by row and column;
- [`write`] writes the records as YAML text and keeps a manifest of what it wrote, so a
  second import updates only its own records and says what was added, changed or gone.

The region's lists (areas, kinds of support, schemes, frameworks) are the region's own:
an import never writes them, it only refers to them.
*/

pub mod hsds;
pub mod map;
pub mod sheet;
pub mod write;

use crate::model::{AreaKind, Register};
use std::collections::BTreeMap;

/// What the import can refer to: the region's lists, as loaded from its `providers/`.
#[derive(Debug, Default, Clone)]
pub struct Region {
    /// (id, name, GSS code, kind)
    pub areas: Vec<(String, String, Option<String>, Option<AreaKind>)>,
    /// (id, name)
    pub interventions: Vec<(String, String)>,
    pub schemes: Vec<String>,
    pub practice_models: Vec<String>,
    /// (lot id, framework id, lot number)
    pub lots: Vec<(String, String, u32)>,
}

impl Region {
    pub fn from_register(reg: &Register) -> Region {
        let mut lots = Vec::new();
        for f in &reg.frameworks {
            let fid = f.record.id.clone();
            for l in &f.record.lots {
                let id = if l.id.is_empty() { format!("{fid}-lot-{}", l.number) } else { l.id.clone() };
                lots.push((id, fid.clone(), l.number));
            }
        }
        Region {
            areas: reg
                .areas
                .iter()
                .map(|a| (a.record.id.clone(), a.record.name.clone(), a.record.gss.clone(), Some(a.record.kind)))
                .collect(),
            interventions: reg.interventions.iter().map(|i| (i.record.id.clone(), i.record.name.clone())).collect(),
            schemes: reg.schemes.iter().map(|s| s.record.id.clone()).collect(),
            practice_models: reg.practice_models.iter().map(|m| m.record.id.clone()).collect(),
            lots,
        }
    }

    /// The area a GSS code, an id or a name (in any case) names.
    pub fn area(&self, key: &str) -> Option<&str> {
        let k = key.trim();
        let lower = k.to_lowercase();
        self.areas
            .iter()
            .find(|a| a.2.as_deref().is_some_and(|g| g.eq_ignore_ascii_case(k)))
            .or_else(|| self.areas.iter().find(|a| a.0 == lower))
            .or_else(|| self.areas.iter().find(|a| a.1.to_lowercase() == lower))
            .map(|a| a.0.as_str())
    }

    /// The kind of support an id or a name (in any case) names.
    pub fn intervention(&self, key: &str) -> Option<&str> {
        let lower = key.trim().to_lowercase();
        self.interventions.iter().find(|i| i.0 == lower || i.1.to_lowercase() == lower).map(|i| i.0.as_str())
    }

    /// A lot by its id or as `framework/number`: (framework id, lot number).
    pub fn lot(&self, key: &str) -> Option<(&str, u32)> {
        let k = key.trim().to_lowercase();
        self.lots.iter().find(|l| l.0 == k || format!("{}/{}", l.1, l.2) == k).map(|l| (l.1.as_str(), l.2))
    }
}

/// A mapping file: which of the register's kinds of support a source's taxonomy term means.
/// A CSV with the columns `term` (the term's code, name or id, in any case) and
/// `intervention` (an id from `interventions.yaml`).
#[derive(Debug, Default, Clone)]
pub struct Mapping {
    pub terms: BTreeMap<String, String>,
}

impl Mapping {
    /// Reads a mapping file's text; every bad row is an error naming its row.
    pub fn parse(text: &str, region: &Region) -> Result<Mapping, Vec<String>> {
        let mut r = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
        let headers: Vec<String> = match r.headers() {
            Ok(h) => h.iter().map(|h| h.trim().to_lowercase()).collect(),
            Err(e) => return Err(vec![format!("cannot read the header row: {e}")]),
        };
        let col = |name: &str| headers.iter().position(|h| h == name);
        let (Some(t), Some(i)) = (col("term"), col("intervention")) else {
            return Err(vec!["the header row must name the columns `term` and `intervention`".into()]);
        };
        let mut out = Mapping::default();
        let mut errors = Vec::new();
        for (n, row) in r.records().enumerate() {
            let row_no = n + 2;
            let row = match row {
                Ok(row) => row,
                Err(e) => {
                    errors.push(format!("row {row_no}: {e}"));
                    continue;
                }
            };
            let term = row.get(t).unwrap_or("").trim();
            let iv = row.get(i).unwrap_or("").trim();
            if term.is_empty() && iv.is_empty() {
                continue;
            }
            match region.intervention(iv) {
                Some(id) if !term.is_empty() => {
                    out.terms.insert(term.to_lowercase(), id.to_string());
                }
                Some(_) => errors.push(format!("row {row_no}, column `term`: empty; give the source's term")),
                None => errors.push(format!(
                    "row {row_no}, column `intervention`: `{iv}` is not a kind of support in interventions.yaml{}",
                    crate::diagnostic::did_you_mean(iv, region.interventions.iter().map(|i| i.0.as_str()))
                        .map(|s| format!("; did you mean `{s}`?"))
                        .unwrap_or_default()
                )),
            }
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }
}

/// What an import could not place, in the register's words: each message with the records
/// it was seen on.
#[derive(Debug, Default, Clone)]
pub struct Notes {
    pub items: BTreeMap<String, Vec<String>>,
}

impl Notes {
    pub fn note(&mut self, message: impl Into<String>, on: impl Into<String>) {
        let on = on.into();
        let v = self.items.entry(message.into()).or_default();
        if !v.contains(&on) {
            v.push(on);
        }
    }

    /// One line per message, with how many records and the first few of them.
    pub fn render(&self) -> String {
        let mut s = String::new();
        for (m, on) in &self.items {
            let shown: Vec<&str> = on.iter().take(3).map(String::as_str).collect();
            let more = if on.len() > 3 { format!(" and {} more", on.len() - 3) } else { String::new() };
            s.push_str(&format!("  - {m} ({}: {}{more})\n", on.len(), shown.join("; ")));
        }
        s
    }
}

/// One provider the import made, and the key it had in the source (an organization's id,
/// or a spreadsheet's provider name), which the manifest keeps.
#[derive(Debug, Clone)]
pub struct Record {
    pub source: String,
    pub provider: crate::model::Provider,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mapping_file_names_each_bad_row() {
        let region =
            Region { interventions: vec![("family-therapy".into(), "Family therapy".into())], ..Region::default() };
        let m = Mapping::parse("term,intervention\nSystemic Practice,Family therapy\n", &region).unwrap();
        assert_eq!(m.terms.get("systemic practice").map(String::as_str), Some("family-therapy"));
        let e = Mapping::parse("term,intervention\nx,famly-therapy\n,family-therapy\n", &region).unwrap_err();
        assert!(
            e[0].starts_with("row 2, column `intervention`") && e[0].contains("did you mean `family-therapy`"),
            "{e:?}"
        );
        assert!(e[1].starts_with("row 3, column `term`"), "{e:?}");
        assert!(Mapping::parse("a,b\n", &region).is_err());
    }
}
