/*!
A JSON Schema for each kind of register file, for editors.

Each schema is derived from the record types in [`crate::model`] (with `schemars`), so a
field added there is in the schema at the next `landscape schema`; a test fails while the
committed `schemas/` differs. An editor that knows the schema (VS Code with the YAML
extension, through the `# yaml-language-server: $schema=…` first line of each record)
completes field names, shows each field's doc comment on hover and marks a misspelt field
or a wrong value as it is typed.

The schemas accept what the loader accepts, so an editor never marks a record `check`
reads. Two readings of the YAML reader need saying in the schema, because the types alone
do not show them:

- a text field takes any single value as its text: `charity: 1234567` is the text
  `1234567`, so a text may be written as a number or `true` too;
- a field that may be left out may also be left empty (`partners:` with nothing after it),
  which reads as no list, no text or no group when it is a list, a text or a group whose
  fields may all be left out.

Draft 7 of JSON Schema, the one editors have supported longest.
*/

use crate::model::{Area, DemandPeriod, Framework, Intervention, PracticeModel, Provider, Scheme};
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};
use serde_json::{Map, Value};
use std::path::Path;

/// The folder, at a site's root, that holds the schemas (`schemas/provider.schema.json`).
pub const FOLDER: &str = "schemas";

/// A kind of file in `providers/`, with the schema that describes it.
pub struct FileKind {
    /// The schema's file name is `<name>.schema.json`.
    pub name: &'static str,
    /// Where such files live, relative to `providers/`, for the schema's title.
    pub place: &'static str,
    /// What one file holds.
    pub holds: &'static str,
    root: fn() -> Schema,
}

impl FileKind {
    /// The schema's file name, e.g. `provider.schema.json`.
    pub fn file_name(&self) -> String {
        format!("{}.schema.json", self.name)
    }

    /// The schema, pretty-printed, ending in a newline: the same bytes on every run.
    pub fn json(&self) -> String {
        let mut schema = (self.root)();
        schema.insert("title".into(), Value::String(format!("providers/{}", self.place)));
        schema.insert("description".into(), Value::String(self.holds.to_string()));
        let mut value = schema.to_value();
        as_the_loader_reads(&mut value);
        let mut text = serde_json::to_string_pretty(&value).expect("a schema is JSON");
        text.push('\n');
        text
    }

    /// The first line of a file of this kind at `rel` (relative to the site root, e.g.
    /// `providers/orgs/acorn.yaml`), naming its schema by a path relative to the file, so
    /// it resolves in a clone of the site wherever that is.
    pub fn modeline(&self, rel: &Path) -> String {
        let depth = rel.parent().map_or(0, |p| p.components().count());
        format!("{MODELINE}{}{FOLDER}/{}\n", "../".repeat(depth), self.file_name())
    }
}

/// Every kind of file the register holds, in the order docs/FORMATS.md gives them.
pub const KINDS: [FileKind; 7] = [
    FileKind {
        name: "areas",
        place: "areas.yaml",
        holds: "The areas: a list of nations, regions, sub-regions and local authorities.",
        root: list::<Area>,
    },
    FileKind {
        name: "interventions",
        place: "interventions.yaml",
        holds: "The interventions: a list of the kinds of therapeutic service, with the funding routes that may pay for each.",
        root: list::<Intervention>,
    },
    FileKind {
        name: "schemes",
        place: "schemes.yaml",
        holds: "The schemes: a list of accreditations, registrations, professional registers and memberships.",
        root: list::<Scheme>,
    },
    FileKind {
        name: "practice-models",
        place: "practice-models.yaml",
        holds: "The practice models: a list of named ways of working that providers can say they follow.",
        root: list::<PracticeModel>,
    },
    FileKind {
        name: "framework",
        place: "frameworks/<id>.yaml",
        holds: "One commissioning framework and its lots. The file name is its id.",
        root: one::<Framework>,
    },
    FileKind {
        name: "provider",
        place: "orgs/<id>.yaml",
        holds: "One provider: who they are, their services, lots, awards and contact. The file name is its id.",
        root: one::<Provider>,
    },
    FileKind {
        name: "demand",
        place: "demand/<period>.yaml",
        holds: "One period's demand and off-contract spend, in counts per area and kind of support only.",
        root: one::<DemandPeriod>,
    },
];

/// The kind of the register file at `rel`, relative to `providers/`, as the loader sorts
/// them; `None` for a file the loader does not read.
pub fn kind_of(rel: &Path) -> Option<&'static FileKind> {
    if rel.extension().and_then(|x| x.to_str()) != Some("yaml") {
        return None;
    }
    let name = match rel.to_str()? {
        "areas.yaml" => "areas",
        "interventions.yaml" => "interventions",
        "schemes.yaml" => "schemes",
        "practice-models.yaml" => "practice-models",
        _ if rel.starts_with("frameworks") => "framework",
        _ if rel.starts_with("orgs") => "provider",
        _ if rel.starts_with("demand") => "demand",
        _ => return None,
    };
    KINDS.iter().find(|k| k.name == name)
}

/// The first line that names a register file's schema, for the file at `rel` (relative to
/// the site root), or `None` for a file that is not a register file.
pub fn modeline_for(rel: &Path) -> Option<String> {
    let kind = kind_of(rel.strip_prefix("providers").ok()?)?;
    Some(kind.modeline(rel))
}

/// `text` with the line naming its schema first, unless it has one already.
pub fn with_modeline(rel: &Path, text: &str) -> String {
    match modeline_for(rel) {
        Some(line) if !text.starts_with(MODELINE) => format!("{line}{text}"),
        _ => text.to_string(),
    }
}

/// How the first line naming a file's schema starts.
pub const MODELINE: &str = "# yaml-language-server: $schema=";

/// Every schema as (file name, bytes), for `schemas/` and the published `data/schema/`.
pub fn files() -> Vec<(String, String)> {
    KINDS.iter().map(|k| (k.file_name(), k.json())).collect()
}

fn generator() -> schemars::SchemaGenerator {
    SchemaSettings::draft07().into_generator()
}

/// A file holding one record.
fn one<T: JsonSchema>() -> Schema {
    generator().into_root_schema_for::<T>()
}

/// A file holding a list of records; an empty file is an empty list.
fn list<T: JsonSchema>() -> Schema {
    generator().into_root_schema_for::<Option<Vec<T>>>()
}

/// Rewrites a derived schema to accept the two readings the module comment describes.
fn as_the_loader_reads(root: &mut Value) {
    // Whether each definition is a group whose every field may be left out: left empty,
    // the loader reads it as the group with no fields.
    let all_optional: Map<String, Value> = root
        .get("definitions")
        .and_then(Value::as_object)
        .map(|defs| {
            defs.iter()
                .map(|(name, d)| {
                    let group = d.get("properties").is_some();
                    let none_required = !matches!(d.get("required"), Some(Value::Array(r)) if !r.is_empty());
                    (name.clone(), Value::Bool(group && none_required))
                })
                .collect()
        })
        .unwrap_or_default();
    walk(root, &all_optional);
}

fn walk(schema: &mut Value, all_optional: &Map<String, Value>) {
    let Some(object) = schema.as_object_mut() else { return };
    widen_text(object);
    // A default of nothing (no text, no date, a group of nothing) says no more than the
    // field's being optional, and an editor would write it in when completing the field.
    let nothing = |d: &Value| match d {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Object(o) => o.values().all(Value::is_null),
        _ => false,
    };
    if object.get("default").is_some_and(nothing) {
        object.remove("default");
    }
    // A doc comment's lines were wrapped for the source: an editor wraps to its own width.
    if let Some(Value::String(d)) = object.get_mut("description") {
        *d = d.split("\n\n").map(|p| p.split('\n').collect::<Vec<_>>().join(" ")).collect::<Vec<_>>().join("\n\n");
    }
    let required: Vec<String> = object
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(|f| f.as_str().map(str::to_owned)).collect())
        .unwrap_or_default();
    if let Some(properties) = object.get_mut("properties").and_then(Value::as_object_mut) {
        for (name, property) in properties.iter_mut() {
            if !required.contains(name) {
                may_be_empty(property, all_optional);
            }
        }
    }
    for (_, child) in object.iter_mut() {
        match child {
            Value::Object(_) => walk(child, all_optional),
            Value::Array(items) => items.iter_mut().for_each(|i| walk(i, all_optional)),
            _ => {}
        }
    }
}

/// A text with no constraint of its own (not a date, an age range or a choice from a list)
/// takes a number or `true`/`false` too, as its text.
fn widen_text(object: &mut Map<String, Value>) {
    let constrained = ["pattern", "format", "enum", "const", "minLength", "maxLength"];
    if constrained.iter().any(|k| object.contains_key(*k)) {
        return;
    }
    let types = match object.get("type") {
        Some(Value::String(t)) if t == "string" => vec![t.clone()],
        Some(Value::Array(ts)) if ts.iter().any(|t| t == "string") => {
            ts.iter().filter_map(|t| t.as_str().map(str::to_owned)).collect()
        }
        _ => return,
    };
    let mut widened = types;
    for extra in ["number", "boolean"] {
        if !widened.iter().any(|t| t == extra) {
            widened.push(extra.into());
        }
    }
    object.insert("type".into(), Value::Array(widened.into_iter().map(Value::String).collect()));
}

/// A field that may be left out, and is a list, a text or a group of optional fields, may
/// also be left empty.
fn may_be_empty(property: &mut Value, all_optional: &Map<String, Value>) {
    let Some(object) = property.as_object_mut() else { return };
    if let Some(types) = object.get("type") {
        let mut list: Vec<Value> = match types {
            Value::String(t) => vec![Value::String(t.clone())],
            Value::Array(ts) => ts.clone(),
            _ => return,
        };
        let emptiable = list.iter().any(|t| t == "string" || t == "array");
        let constrained = ["pattern", "format", "enum", "const"].iter().any(|k| object.contains_key(*k));
        if emptiable && !constrained && !list.iter().any(|t| t == "null") {
            list.push(Value::String("null".into()));
            object.insert("type".into(), Value::Array(list));
        }
        return;
    }
    // A group, named by reference (draft 7 puts a described reference in an `allOf` of one).
    let reference = object
        .get("$ref")
        .or_else(|| {
            object.get("allOf").and_then(|a| a.as_array()).filter(|a| a.len() == 1).and_then(|a| a[0].get("$ref"))
        })
        .and_then(Value::as_str)
        .map(str::to_owned);
    let Some(reference) = reference else { return };
    let name = reference.rsplit('/').next().unwrap_or_default();
    if all_optional.get(name) != Some(&Value::Bool(true)) {
        return;
    }
    object.remove("$ref");
    object.remove("allOf");
    object.insert("anyOf".into(), serde_json::json!([{ "$ref": reference }, { "type": "null" }]));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_register_file_has_a_kind_and_the_modeline_climbs_to_the_site_root() {
        let provider = kind_of(Path::new("orgs/acorn.yaml")).map(|k| k.name);
        assert_eq!(provider, Some("provider"));
        assert_eq!(kind_of(Path::new("demand/2025-26.yaml")).map(|k| k.name), Some("demand"));
        assert_eq!(kind_of(Path::new("areas.yaml")).map(|k| k.name), Some("areas"));
        assert!(kind_of(Path::new("notes.yaml")).is_none());
        assert!(kind_of(Path::new("orgs/acorn.yml")).is_none());
        let line = KINDS[5].modeline(Path::new("providers/orgs/acorn.yaml"));
        assert_eq!(line, "# yaml-language-server: $schema=../../schemas/provider.schema.json\n");
        let line = KINDS[0].modeline(Path::new("providers/areas.yaml"));
        assert_eq!(line, "# yaml-language-server: $schema=../schemas/areas.schema.json\n");
        let text = with_modeline(Path::new("providers/areas.yaml"), "- id: x\n");
        assert_eq!(text, format!("{line}- id: x\n"));
        assert_eq!(with_modeline(Path::new("providers/areas.yaml"), &text), text, "added once");
        assert_eq!(with_modeline(Path::new("site.yaml"), "title: T\n"), "title: T\n");
    }

    #[test]
    fn a_text_takes_a_number_but_a_date_does_not() {
        let provider: Value = serde_json::from_str(&KINDS[5].json()).unwrap();
        let charity = &provider["definitions"]["Registrations"]["properties"]["charity"]["type"];
        assert_eq!(charity, &serde_json::json!(["string", "null", "number", "boolean"]));
        assert_eq!(provider["definitions"]["Date"]["type"], "string");
        assert_eq!(provider["additionalProperties"], false);
    }
}
