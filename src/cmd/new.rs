//! `landscape new provider|framework|area|scheme "Name"`: a new record with a safe id made
//! from the name, every required field filled with a value to replace, and the optional
//! fields as comments. It never overwrites: a provider or framework file that exists, or an
//! area or scheme id already in its list, is refused.

use super::init::quoted;
use crate::diagnostic::Diagnostics;
use crate::link::urls::slugify;
use crate::load::schema;
use crate::model::AreaKind;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub kind: Kind,
    /// The site root: holds site.yaml, providers/ and content/.
    #[arg(long, default_value = ".", global = true)]
    pub root: PathBuf,
}

#[derive(clap::Subcommand)]
pub enum Kind {
    /// A provider: providers/orgs/<id>.yaml.
    Provider { name: String },
    /// A commissioning framework with one lot: providers/frameworks/<id>.yaml.
    Framework { name: String },
    /// An area, added to providers/areas.yaml.
    Area {
        name: String,
        /// nation, region, sub-region or local-authority.
        #[arg(long, default_value = "local-authority")]
        kind: String,
        /// The id of the area it is part of.
        #[arg(long)]
        parent: Option<String>,
        /// Its ONS GSS code.
        #[arg(long)]
        gss: Option<String>,
    },
    /// An accreditation or registration scheme, added to providers/schemes.yaml.
    Scheme { name: String },
}

pub fn run(args: &Args) -> ExitCode {
    let (name, what) = match &args.kind {
        Kind::Provider { name } => (name, "provider"),
        Kind::Framework { name } => (name, "framework"),
        Kind::Area { name, .. } => (name, "area"),
        Kind::Scheme { name } => (name, "scheme"),
    };
    let id = slugify(name);
    if id.is_empty() || name.trim().is_empty() || name.contains(['\n', '\r']) {
        eprintln!("error: `{name}` cannot be a {what}'s name: give it letters or digits, on one line");
        return ExitCode::from(2);
    }
    let providers = args.root.join("providers");
    if !providers.is_dir() {
        eprintln!("error: no providers/ folder in {}", args.root.display());
        eprintln!("  = help: run this in a site root, pass --root, or start one with `landscape init DIR`");
        return ExitCode::from(2);
    }
    let result = match &args.kind {
        Kind::Provider { name } => {
            let (intervention, area) = first_ids(&args.root);
            let rel = PathBuf::from(format!("providers/orgs/{id}.yaml"));
            new_file(&args.root.join(&rel), &schema::with_modeline(&rel, &provider(name, &intervention, &area)))
        }
        Kind::Framework { name } => {
            let (intervention, area) = first_ids(&args.root);
            let rel = PathBuf::from(format!("providers/frameworks/{id}.yaml"));
            new_file(&args.root.join(&rel), &schema::with_modeline(&rel, &framework(name, &intervention, &area)))
        }
        Kind::Area { name, kind, parent, gss } => {
            let kinds = ["nation", "region", "sub-region", "local-authority"];
            if !kinds.contains(&kind.as_str()) {
                eprintln!("error: `--kind {kind}` is not a kind of area; use one of {}", kinds.join(", "));
                return ExitCode::from(2);
            }
            append_entry(
                &args.root,
                &providers.join("areas.yaml"),
                &id,
                &area(&id, name, kind, parent.as_deref(), gss.as_deref()),
            )
        }
        Kind::Scheme { name } => append_entry(&args.root, &providers.join("schemes.yaml"), &id, &scheme(&id, name)),
    };
    match result {
        Ok(path) => {
            println!("wrote {what} `{id}` in {}", path.strip_prefix(&args.root).unwrap_or(&path).display());
            // The record names its schema: a site from before the schemas gets them now.
            let schemas = args.root.join(schema::FOLDER);
            if !schemas.exists() {
                match super::schema::write(&schemas) {
                    Ok(_) => println!("wrote the schemas editors check records against in {}/", schema::FOLDER),
                    Err(e) => eprintln!("warning: cannot write the schemas to {}: {e}", schemas.display()),
                }
            }
            println!("replace the example values, then run `landscape check`");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

/// The first kind of support and the first local authority in the register, so the new
/// record refers to things that exist and passes `check` as written.
fn first_ids(root: &Path) -> (String, String) {
    let mut diags = Diagnostics::default();
    let loaded = crate::load::load(root, &mut diags);
    let reg = &loaded.register;
    let intervention = reg.interventions.first().map_or("counselling".into(), |i| i.record.id.clone());
    let area = reg
        .areas
        .iter()
        .find(|a| a.record.kind == AreaKind::LocalAuthority)
        .or(reg.areas.first())
        .map_or("your-area".into(), |a| a.record.id.clone());
    (intervention, area)
}

fn new_file(path: &Path, text: &str) -> Result<PathBuf, String> {
    if path.exists() {
        return Err(format!("{} already exists; nothing was written", path.display()));
    }
    std::fs::create_dir_all(path.parent().expect("a folder")).map_err(|e| e.to_string())?;
    // create_new: never replaces a file made meanwhile.
    use std::io::Write as _;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    f.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    Ok(path.to_path_buf())
}

/// Adds an entry to a list file, refusing an id that is already in it.
fn append_entry(root: &Path, path: &Path, id: &str, entry: &str) -> Result<PathBuf, String> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let taken = text.lines().any(|l| {
        let l = l.trim_start_matches(['-', ' ']);
        l.strip_prefix("id:").is_some_and(|v| v.trim().trim_matches(['"', '\'']) == id)
    });
    if taken {
        return Err(format!("`{id}` is already in {}; nothing was written", path.display()));
    }
    let rel = path.strip_prefix(root).unwrap_or(path);
    let mut out = schema::with_modeline(rel, &text);
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push('\n');
    out.push_str(entry);
    std::fs::write(path, out).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path.to_path_buf())
}

fn provider(name: &str, intervention: &str, area: &str) -> String {
    format!(
        "\
# A provider; the file name is its id. Replace every example value, then run `landscape check`.
name: {name}
legal_form: charity                # charity, charitable-incorporated-organisation, community-interest-company,
                                   # company, partnership, sole-trader, local-authority, nhs-trust
summary: One sentence on what the provider offers, and to whom.
# sme: true                        # a small or medium-sized enterprise
# vcse: true                       # a voluntary, community or social enterprise
# sector: voluntary                # council, nhs, independent or voluntary (else worked out from legal_form)
# registrations: {{ charity: \"1123456\", company: \"01234567\", ofsted_urn: SC123456 }}
# languages: [English]             # languages of every service that names none
# practice_models: [trauma-informed]   # ids from practice-models.yaml
# description: |                   # markdown, a few paragraphs
#   What the provider does, for whom, and how.
# practice_model: |                # markdown: its model of care
#   …
services:
  - intervention: {intervention}   # a kind of support from interventions.yaml
    ages: 5-18                     # the ages it serves, from-to
    delivery: [in-person]          # in-person, online, phone, home-visits, school-based, residential
    areas: [{area}]                # where it is offered in person (ids from areas.yaml)
    accepting: true                # taking new referrals now
    # online_areas: [england]      # where online or phone delivery reaches (needed with online or phone)
    # places: 4                    # residential only: how many children
    # home_type: small-group       # residential only: solo, small-group, therapeutic-community, other
    # wait_weeks: 6                # typical wait
    # languages: [English]
    # cost: £80 per session
    # funding: [council]           # asgsf, dsg-high-needs, council, icb, self-funded (those the intervention allows)
# lots:
#   - {{ framework: framework-id, lot: 1, status: active, joined: 2026-04-01 }}   # or lot: a-lot-id
# awards:
#   - {{ scheme: scheme-id, status: current, awarded: 2026-01-15, expires: 2028-01-14 }}
# governance:                      # the technical governance checklist: met, partly or not-met, with evidence
#   workforce: {{ answer: met, evidence: Every therapist is registered and supervised monthly. }}
contact:
  referral: How to refer, in plain words.
  email: referrals@example.org     # an email, phone or website: at least one
  # phone: 020 7946 0000
  # website: https://example.org
  # postcode: E8 1AA
reviewed: {}                       # when this listing was last checked with the provider (YYYY-MM-DD)
",
        crate::date::Date::today(),
        name = quoted(name)
    )
}

fn framework(name: &str, intervention: &str, area: &str) -> String {
    let today = crate::date::Date::today();
    format!(
        "\
# A commissioning framework; the file name is its id. Replace every example value.
name: {name}
lead: The council or NHS body that runs it
route: open-framework              # open-framework, dynamic-purchasing-system or approved-provider-list
# regime: light-touch              # the procurement regime: light-touch or standard
# procurement_started: {today}     # when the procurement started
summary: One paragraph on what the framework buys and how providers are called off.
starts: {today}                    # YYYY-MM-DD
ends: {}                           # YYYY-MM-DD
# partners: [Another council]
# reopens: [2027-04-01]            # dates it re-opens to new providers
# funding: [council]
# reservation: {{ areas: [{area}], sme_vcse: true, notice: ppn-005 }}
# url: https://example.org/tender
lots:
  - number: 1
    # id: a-stable-lot-id          # default: <framework id>-lot-1
    title: The lot's title
    interventions: [{intervention}] # kinds of support it buys
    areas: [{area}]                 # where it buys them
    call_off: direct-award          # direct-award, ranked-list, mini-competition or family-choice
    # summary: One paragraph on the lot.
",
        today.add_months(48),
        name = quoted(name)
    )
}

fn area(id: &str, name: &str, kind: &str, parent: Option<&str>, gss: Option<&str>) -> String {
    let mut s = format!(
        "- id: {id}\n  name: {}\n  kind: {kind}               # nation, region, sub-region or local-authority\n",
        quoted(name)
    );
    match gss {
        Some(g) => s.push_str(&format!("  gss: {}\n", quoted(g))),
        None => s.push_str("  # gss: E09000012              # its ONS GSS code\n"),
    }
    match parent {
        Some(p) => s.push_str(&format!("  parent: {p}\n")),
        None => s.push_str("  # parent: region-id            # the area it is part of\n"),
    }
    s
}

fn scheme(id: &str, name: &str) -> String {
    format!(
        "\
- id: {id}
  name: {}
  body: The organisation that runs it
  url: https://example.org/scheme
  kind: accreditation               # accreditation, registration, professional-register or membership
  summary: One or two sentences on what holding it shows.
  # grades: [Outstanding, Good]     # the grades it gives, best first
  # assesses: [TS-1.1]              # handbook standards its assessment covers
",
        quoted(name)
    )
}
