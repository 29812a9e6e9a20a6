//! The editor schemas: committed as the record types generate them, naming every example
//! record from its first line, accepting every record the loader reads (the example, the
//! scaffolds of `init` and `new`, a generated region) and refusing what it refuses.

use crate::common;

use common::{bin, repo_root, stderr};
use landscape::load::schema::{self, kind_of, MODELINE};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The schemas generated from the types, compiled, by kind name.
fn validators() -> BTreeMap<&'static str, jsonschema::Validator> {
    schema::KINDS
        .iter()
        .map(|k| {
            let s: Value = serde_json::from_str(&k.json()).expect("a schema is JSON");
            let v = jsonschema::draft7::options().build(&s).expect("the schema compiles as draft 7");
            (k.name, v)
        })
        .collect()
}

/// YAML as the editor's extension hands it to the validator: the same tree, as JSON.
fn as_json(yaml: &str) -> Value {
    let v: serde_yaml::Value = serde_yaml::from_str(yaml).expect("the test's YAML parses");
    serde_json::to_value(v).expect("YAML with text keys is JSON")
}

fn errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc).map(|e| format!("{e} at `{}`", e.instance_path)).collect()
}

/// Every `.yaml` file under `root/providers/`, relative to `root`.
fn records(root: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(root.join("providers"))
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "yaml"))
        .map(|e| e.path().strip_prefix(root).unwrap().to_path_buf())
        .collect()
}

/// Checks every record of the site at `root` against the schema its first line names,
/// read from the path that line gives (so the relative path is shown to resolve), and that
/// it is the schema the types generate for its kind. Returns how many were checked.
fn every_record_validates(root: &Path, need_modeline: bool) -> usize {
    let all = validators();
    let files = records(root);
    let mut problems = Vec::new();
    for rel in &files {
        let text = std::fs::read_to_string(root.join(rel)).unwrap();
        let kind = kind_of(rel.strip_prefix("providers").unwrap()).unwrap_or_else(|| panic!("{rel:?} has a kind"));
        if need_modeline {
            let first = text.lines().next().unwrap_or_default();
            let named = first.strip_prefix(MODELINE).unwrap_or_else(|| panic!("{rel:?} starts `{first}`"));
            let at = root.join(rel).parent().unwrap().join(named);
            let named = std::fs::read_to_string(&at).unwrap_or_else(|e| panic!("{rel:?} names {at:?}: {e}"));
            assert_eq!(named, kind.json(), "{rel:?} names the schema of its kind");
        }
        let found = errors(&all[kind.name], &as_json(&text));
        if !found.is_empty() {
            problems.push(format!("{}: {}", rel.display(), found.join("; ")));
        }
    }
    assert!(problems.is_empty(), "records the schema refuses:\n{}", problems.join("\n"));
    files.len()
}

#[test]
fn the_committed_schemas_are_what_the_record_types_generate() {
    let dir = repo_root().join(schema::FOLDER);
    let committed: BTreeMap<String, String> = std::fs::read_dir(&dir)
        .expect("schemas/ at the repository root")
        .flatten()
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read_to_string(e.path()).unwrap()))
        .collect();
    let generated: BTreeMap<String, String> = schema::files().into_iter().collect();
    let names = |m: &BTreeMap<String, String>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&committed), names(&generated), "run `cargo run -- schema` and commit schemas/");
    for (name, text) in &generated {
        assert!(
            committed[name] == *text,
            "schemas/{name} differs from the types: run `cargo run -- schema` and commit it"
        );
    }
    // The command writes the same bytes.
    let out = tempfile::tempdir().unwrap();
    let run = bin().arg("schema").arg("--out").arg(out.path()).output().unwrap();
    assert!(run.status.success(), "{}", stderr(&run));
    for (name, text) in &generated {
        assert_eq!(std::fs::read_to_string(out.path().join(name)).unwrap(), *text, "{name}");
    }
    // Every field is described, for the editor's hover.
    for kind in &schema::KINDS {
        let s: Value = serde_json::from_str(&kind.json()).unwrap();
        let mut groups = vec![("root".to_string(), &s)];
        groups.extend(s["definitions"].as_object().into_iter().flatten().map(|(n, d)| (n.clone(), d)));
        for (group, g) in groups {
            for (field, f) in g["properties"].as_object().into_iter().flatten() {
                assert!(f.get("description").is_some(), "{}: {group}.{field} has no doc comment", kind.name);
            }
        }
    }
}

#[test]
fn every_example_record_names_its_schema_and_validates() {
    let n = every_record_validates(&repo_root(), true);
    assert!(n > 50, "only {n} records under providers/");
}

#[test]
fn the_scaffolds_of_init_and_new_validate() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let init = bin().arg("init").arg(&root).args(["--authority", "Hackney"]).output().unwrap();
    assert!(init.status.success(), "{}", stderr(&init));
    assert_eq!(every_record_validates(&root, true), 6);
    for args in [
        &["provider", "Oak & Ash Therapy"][..],
        &["framework", "Therapies Framework 2027"],
        &["area", "Islington", "--parent", "london", "--gss", "E09000019"],
        &["scheme", "Play Therapy Register"],
    ] {
        let new = bin().arg("new").args(args).arg("--root").arg(&root).output().unwrap();
        assert!(new.status.success(), "new {args:?}: {}", stderr(&new));
    }
    assert_eq!(every_record_validates(&root, true), 8);
    let areas = std::fs::read_to_string(root.join("providers/areas.yaml")).unwrap();
    assert_eq!(areas.matches(MODELINE).count(), 1, "one line naming the schema:\n{areas}");
    // The scaffolds pass `check` with the line (the loader reads it as the comment it is).
    let check = bin().arg("check").arg("--root").arg(&root).output().unwrap();
    assert!(check.status.success(), "{}", stderr(&check));

    // A site from before the schemas gets them with its next new record.
    std::fs::remove_dir_all(root.join(schema::FOLDER)).unwrap();
    let new = bin().args(["new", "provider", "Birch Counselling", "--root"]).arg(&root).output().unwrap();
    assert!(new.status.success(), "{}", stderr(&new));
    assert_eq!(every_record_validates(&root, true), 9);
}

#[test]
fn a_generated_region_validates() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("region");
    let gen = bin().args(["generate", "--providers", "200", "--out"]).arg(&root).output().unwrap();
    assert!(gen.status.success(), "{}", stderr(&gen));
    // Like the example's, every generated record names its schema, which the region carries.
    let n = every_record_validates(&root, true);
    assert!(n > 200, "{n}");
}

/// A change to a record's text.
type Change = fn(&str) -> String;

/// A provider record with one line changed.
fn example_provider(change: impl Fn(&str) -> String) -> String {
    let text = std::fs::read_to_string(repo_root().join("providers/orgs/amara-okafor-psychotherapy.yaml")).unwrap();
    change(&text)
}

/// The schema's verdict and the loader's on the same provider text: (schema errors, loader error).
fn both_on_provider(text: &str) -> (Vec<String>, Option<String>) {
    let all = validators();
    let schema = errors(&all["provider"], &as_json(text));
    let loader = serde_yaml::from_str::<landscape::model::Provider>(text).err().map(|e| e.to_string());
    (schema, loader)
}

#[test]
fn a_misspelt_field_and_a_wrong_value_are_refused_as_the_loader_refuses_them() {
    let (schema, loader) = both_on_provider(&example_provider(|t| t.to_string()));
    assert!(schema.is_empty() && loader.is_none(), "{schema:?} {loader:?}");
    let cases: [(&str, Change); 7] = [
        ("a misspelt field", |t| t.replacen("  referral:", "  refferal:", 1)),
        ("a field nobody knows", |t| format!("{t}rating: 5\n")),
        ("a yes for true", |t| t.replacen("accepting: true", "accepting: yes", 1)),
        ("words for a number", |t| replace_value(t, "    wait_weeks", "six")),
        ("a month 13", |t| replace_value(t, "reviewed", "2026-13-01")),
        ("a kind not in the list", |t| t.replacen("legal_form: sole-trader", "legal_form: sole-trade", 1)),
        ("an age past 25", |t| replace_value(t, "    ages", "12-30")),
    ];
    for (what, change) in cases {
        let text = example_provider(change);
        let (schema, loader) = both_on_provider(&text);
        assert!(!schema.is_empty(), "the schema takes {what}:\n{text}");
        // The age range and the date are the loader's to refuse too: all of them are.
        assert!(loader.is_some(), "the loader takes {what}");
    }
    let (schema, _) = both_on_provider(&example_provider(|t| t.replacen("  referral:", "  refferal:", 1)));
    assert!(schema.iter().any(|e| e.contains("refferal")), "{schema:?}");
}

/// `text` with the value of its first `key:` line replaced.
fn replace_value(text: &str, key: &str, value: &str) -> String {
    let at = text.find(&format!("\n{key}:")).unwrap_or_else(|| panic!("{key} in the example")) + 1;
    let end = at + text[at..].find('\n').unwrap();
    format!("{}{key}: {value}{}", &text[..at], &text[end..])
}

#[test]
fn the_schema_accepts_each_spelling_the_loader_accepts() {
    use landscape::model::LotMembership;
    let all = validators();
    let provider = &all["provider"];
    // Lot memberships: the schema and the loader agree on each.
    let lot = |fields: &str| format!("{{{fields}}}");
    let memberships = [
        ("framework: nel, lot: 2, status: active, joined: 2025-04-01", true),
        ("framework: nel, lot: 2, status: active, since: 2025-04-01", true),
        ("lot: nel-lot-2, status: active, joined: 2025-04-01", true),
        ("lot: nel/2, status: active, since: 2025-04-01", true),
        ("lot: 2, status: active, joined: 2025-04-01, since: 2025-04-01", false),
        ("lot: 2, status: active", false),
        ("lot: true, status: active, joined: 2025-04-01", false),
        ("lot: -1, status: active, joined: 2025-04-01", false),
        ("lot: 2, status: active, joined: 2025-04-01, rank: 1, status_since: 2025-05-01", true),
    ];
    let membership_schema = {
        let s: Value =
            serde_json::from_str(&schema::KINDS.iter().find(|k| k.name == "provider").unwrap().json()).unwrap();
        let mut one = s["definitions"]["LotMembership"].clone();
        one["definitions"] = s["definitions"].clone();
        jsonschema::draft7::options().build(&one).unwrap()
    };
    for (fields, ok) in memberships {
        let yaml = lot(fields);
        let loader = serde_yaml::from_str::<LotMembership>(&yaml).is_ok();
        let schema = membership_schema.is_valid(&as_json(&yaml));
        assert_eq!((loader, schema), (ok, ok), "`{yaml}`: loader {loader}, schema {schema}");
    }
    // Text written as a number, lists and groups left empty, spaces in an age range.
    let readings = [
        ("registrations: { charity: 1123456 }\n", true),
        ("languages:\n", true),
        ("registrations:\n", true),
        ("description:\n", true),
        // Left empty, SME is "not stated", as when the field is absent.
        ("sme:\n", true),
        ("sme: maybe\n", false),
        ("services:\n  - { intervention: counselling, ages: ' 5 - 18 ', delivery: [online], online_areas: [england], accepting: true }\n", true),
        ("services:\n  - { intervention: counselling, ages: 18-5x, delivery: [online], accepting: true }\n", false),
    ];
    let base = "name: Acorn\nlegal_form: charity\nsummary: S\ncontact: { referral: R }\nreviewed: 2026-01-01\n";
    for (extra, ok) in readings {
        let yaml = if extra.starts_with("services") {
            format!("{base}{extra}")
        } else {
            format!("{base}services: []\n{extra}")
        };
        let loader = serde_yaml::from_str::<landscape::model::Provider>(&yaml).is_ok();
        let schema = provider.is_valid(&as_json(&yaml));
        assert_eq!((loader, schema), (ok, ok), "`{extra}`: loader {loader}, schema {schema}");
    }
    // A list file may be empty.
    assert!(all["areas"].is_valid(&as_json("# no areas yet\n")));
    assert!(!all["areas"].is_valid(&as_json("id: london\n")), "a list file holds a list");
}

#[test]
fn the_build_publishes_the_schemas_under_data_schema() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let b = common::build(&repo_root(), &out, &[]);
    assert!(b.status.success(), "{}", stderr(&b));
    let published = common::tree(&out.join("data/schema"));
    let generated: BTreeMap<String, Vec<u8>> = schema::files().into_iter().map(|(n, t)| (n, t.into_bytes())).collect();
    assert_eq!(published, generated);
}
