//! `landscape init DIR`: a new, minimal site for one region that passes `check` and builds
//! at once, with a comment on every field saying what it is for.
//!
//! The region's local authorities are chosen by name or GSS code from the UK list built
//! into the binary (`data/uk_local_authorities.tsv`, from mySociety's names and codes).

use crate::diagnostic::did_you_mean;
use crate::link::urls::slugify;
use crate::load::schema;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The folder to create the site in (new, or empty).
    pub dir: PathBuf,
    /// A local authority of the region, by name or ONS GSS code (`Hackney`, `E09000012`).
    /// Repeat it, or separate several with commas.
    #[arg(long = "authority", required = true, value_delimiter = ',')]
    pub authorities: Vec<String>,
    /// The region's name [default: the authorities' region in the ONS list].
    #[arg(long)]
    pub region: Option<String>,
}

/// One local authority of the UK list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authority {
    pub gss: String,
    pub name: String,
    pub official_name: String,
    pub nation: String,
    pub region: String,
}

const AUTHORITIES: &str = include_str!("../../data/uk_local_authorities.tsv");

pub fn authorities() -> Vec<Authority> {
    AUTHORITIES
        .lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            Some(Authority {
                gss: f.first()?.to_string(),
                name: f.get(1)?.to_string(),
                official_name: f.get(2)?.to_string(),
                nation: f.get(3)?.to_string(),
                region: f.get(4)?.to_string(),
            })
        })
        .collect()
}

/// The authority `wanted` names: by GSS code, or by its name or official name, in any case.
pub fn find(all: &[Authority], wanted: &str) -> Result<Authority, String> {
    let w = wanted.trim().to_lowercase();
    if let Some(a) = all.iter().find(|a| a.gss.to_lowercase() == w) {
        return Ok(a.clone());
    }
    let by_name: Vec<&Authority> =
        all.iter().filter(|a| a.name.to_lowercase() == w || a.official_name.to_lowercase() == w).collect();
    match by_name.as_slice() {
        [one] => Ok((*one).clone()),
        [] => {
            let names: Vec<&str> = all.iter().map(|a| a.name.as_str()).collect();
            let hint = match did_you_mean(wanted.trim(), names.iter().copied()) {
                Some(n) => format!("did you mean `{n}`?"),
                None => {
                    let starts: Vec<&str> =
                        names.iter().copied().filter(|n| n.to_lowercase().starts_with(&w)).take(5).collect();
                    if starts.is_empty() {
                        "give the name as the ONS list writes it (`Newcastle upon Tyne`) or its GSS code (`E08000021`)"
                            .into()
                    } else {
                        format!("names that start so: {}", starts.join(", "))
                    }
                }
            };
            Err(format!("no local authority `{wanted}` in the UK list; {hint}"))
        }
        many => Err(format!(
            "`{wanted}` names {} authorities: give the GSS code of one ({})",
            many.len(),
            many.iter().map(|a| format!("{} {}", a.gss, a.official_name)).collect::<Vec<_>>().join(", ")
        )),
    }
}

pub fn run(args: &Args) -> ExitCode {
    let all = authorities();
    let mut chosen: Vec<Authority> = Vec::new();
    let mut failed = false;
    for wanted in args.authorities.iter().filter(|w| !w.trim().is_empty()) {
        match find(&all, wanted) {
            Ok(a) if chosen.contains(&a) => {}
            Ok(a) => chosen.push(a),
            Err(e) => {
                eprintln!("error: {e}");
                failed = true;
            }
        }
    }
    if failed || chosen.is_empty() {
        if chosen.is_empty() && !failed {
            eprintln!("error: name at least one local authority with --authority");
        }
        return ExitCode::from(2);
    }
    if args.dir.exists() && std::fs::read_dir(&args.dir).map_or(true, |mut d| d.next().is_some()) {
        eprintln!("error: {} already exists and is not empty; nothing was written", args.dir.display());
        eprintln!("  = help: choose a new folder");
        return ExitCode::from(2);
    }
    let region = args.region.clone().unwrap_or_else(|| {
        let first = &chosen[0].region;
        if chosen.iter().all(|a| &a.region == first) && !first.is_empty() {
            first.clone()
        } else {
            "Our region".into()
        }
    });
    match write_site(&args.dir, &region, &chosen) {
        Ok(()) => {
            println!("created a site for {region} in {}", args.dir.display());
            println!("next: `landscape serve --root {}` and open the address it prints;", args.dir.display());
            println!("      then see \"Start your own region\" in the README for what to change first");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: writing {}: {e}", args.dir.display());
            ExitCode::from(1)
        }
    }
}

/// The nation's own GSS code, for the top of the area tree.
fn nation_code(nation: &str) -> Option<&'static str> {
    match nation {
        "England" => Some("E92000001"),
        "Wales" => Some("W92000004"),
        "Scotland" => Some("S92000003"),
        "Northern Ireland" => Some("N92000002"),
        _ => None,
    }
}

/// The ONS GSS code (E12…) of an English region as the UK list names it. Wales, Scotland
/// and Northern Ireland have no regions: the list gives the nation's name there.
fn region_code(region: &str) -> Option<&'static str> {
    Some(match region {
        "North East" => "E12000001",
        "North West" => "E12000002",
        "Yorkshire and The Humber" => "E12000003",
        "East Midlands" => "E12000004",
        "West Midlands" => "E12000005",
        "East of England" => "E12000006",
        "London" => "E12000007",
        "South East" => "E12000008",
        "South West" => "E12000009",
        _ => return None,
    })
}

/// A YAML string in double quotes.
pub fn quoted(s: &str) -> String {
    serde_json::to_string(s).expect("a string")
}

fn write_site(dir: &Path, region: &str, chosen: &[Authority]) -> std::io::Result<()> {
    let region_id = slugify(region);
    let first = &chosen[0];
    let la = slugify(&first.name);
    let files = site_files(region, &region_id, chosen, &la);
    for (rel, text) in files {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().expect("a folder"))?;
        // Each record names its schema, which the site carries in schemas/, so an editor
        // checks it as it is typed.
        std::fs::write(path, schema::with_modeline(Path::new(rel), &text))?;
    }
    super::schema::write(&dir.join(schema::FOLDER))?;
    Ok(())
}

fn site_files(region: &str, region_id: &str, chosen: &[Authority], la: &str) -> Vec<(&'static str, String)> {
    let q = quoted;
    // Areas: the nations of the chosen authorities, the region under them, and each authority.
    let mut areas = String::from(
        "# The areas providers serve, from the largest down: nation, region, local authorities.\n\
         # Local authority names and GSS codes come from mySociety's uk_local_authority_names_and_codes\n\
         # (MIT licence, © 2021 mySociety); nation GSS codes are the ONS codes.\n\
         # Every area has: id (a short name in lower case, used in addresses and by other records),\n\
         # name (as shown), kind (nation, region, sub-region or local-authority), and optionally gss\n\
         # (the ONS code) and parent (the id of the area it is part of).\n",
    );
    let mut nations: Vec<&str> = chosen.iter().map(|a| a.nation.as_str()).collect();
    nations.dedup();
    let region_parent = if nations.len() == 1 { Some(slugify(nations[0])) } else { None };
    if let Some(n) = &region_parent {
        areas.push_str(&format!("\n- id: {n}\n  name: {}\n  kind: nation\n", q(nations[0])));
        if let Some(code) = nation_code(nations[0]) {
            areas.push_str(&format!("  gss: {code}\n"));
        }
    }
    areas.push_str(&format!("\n- id: {region_id}\n  name: {}\n  kind: region\n", q(region)));
    // The code is known only when every authority lies in the region the site is named for.
    if let Some(code) = region_code(region).filter(|_| chosen.iter().all(|a| a.region == region)) {
        areas.push_str(&format!("  gss: {code}\n"));
    }
    if let Some(n) = &region_parent {
        areas.push_str(&format!("  parent: {n}\n"));
    }
    for a in chosen {
        areas.push_str(&format!(
            "\n- id: {}\n  name: {}\n  kind: local-authority\n  gss: {}\n  parent: {region_id}\n",
            slugify(&a.name),
            q(&a.name),
            a.gss
        ));
    }
    let council = q(&chosen[0].official_name);
    // Dates around today, so the new site has no expired award or overdue review.
    let today = crate::date::Date::today();
    let starts = today.add_months(-6);
    let ends = starts.add_months(48);
    let awarded = today.add_months(-3);
    let expires = awarded.add_months(24);
    vec![
        (
            "site.yaml",
            format!(
                "\
# Settings for the whole site.
title: {}                 # the site's name, on every page
publisher: {}             # who publishes it: shown in the footer
corrections_email: corrections@example.org   # where providers send corrections: change it first
base_url: /                                   # where the site is hosted, e.g. https://example.org/therapies/
page_size: 50                                 # providers on each page of a list
minify: true                                  # take optional characters out of every page
",
                q(&format!("{region} therapeutic landscape")),
                q(&format!("{region} children's commissioning"))
            ),
        ),
        ("providers/areas.yaml", areas),
        (
            "providers/interventions.yaml",
            "\
# The kinds of support on the register. Each has: id, name, group (a heading they are listed
# under), category (talking-therapy, creative-therapy, family-and-parenting, residential-care,
# speech-and-language-therapy, occupational-therapy, physiotherapy, assessment or other),
# summary (one or two sentences), helps (optional: who it is for) and funding (the routes
# that can pay for it: asgsf, dsg-high-needs, council, icb, self-funded).

- id: family-therapy
  name: Family therapy
  group: Family support
  category: family-and-parenting
  summary: Sessions with the whole family, helping them understand each other and change how they get on.
  helps: Families where relationships are under strain after trauma, loss or a move.
  funding: [asgsf, council, icb]

- id: counselling
  name: Counselling
  group: Talking therapies
  category: talking-therapy
  summary: Regular confidential sessions with a trained counsellor.
  funding: [asgsf, council, icb, self-funded]
"
            .into(),
        ),
        (
            "providers/schemes.yaml",
            "\
# Accreditation, registration, professional register and membership schemes. Each has: id,
# name, body (who runs it), url, kind (accreditation, registration, professional-register or
# membership), summary, and optionally grades and assesses (the handbook standards it covers).

- id: example-register
  name: Example professional register
  body: An example professional body
  url: https://example.org/register
  kind: professional-register
  summary: Replace this with a real scheme your providers hold, such as a professional register.
  assesses: [ST-1.1]
"
            .into(),
        ),
        (
            "providers/frameworks/example-framework.yaml",
            format!(
                "\
# One commissioning framework; the file name is its id.
name: {}            # the framework's name
lead: {council}           # the body that runs it
partners: []                           # optional: other bodies that buy through it
route: open-framework                  # open-framework, dynamic-purchasing-system or approved-provider-list
regime: light-touch                    # optional: the procurement regime, light-touch or standard
summary: Replace this with what the framework buys and how.   # one paragraph
starts: {starts}                     # when it starts (YYYY-MM-DD)
ends: {ends}                       # when it ends
reopens: []                            # optional: dates it re-opens to new providers
funding: [council]                     # optional: the routes that pay through it
lots:
  - number: 1                          # the lot's number within the framework
    id: example-framework-lot-1        # optional: a stable id for the lot
    title: Family therapy              # its title
    summary: Family therapy for children in care and their carers.   # optional
    interventions: [family-therapy]    # the kinds of support it buys
    areas: [{region_id}]               # where it buys them
    call_off: ranked-list              # direct-award, ranked-list, mini-competition or family-choice
",
                q(&format!("{region} therapeutic support framework"))
            ),
        ),
        (
            "providers/orgs/example-family-therapy.yaml",
            format!(
                "\
# One provider; the file name is its id. Replace this example with a real provider.
name: Example Family Therapy          # the provider's name, as shown
legal_form: charity                  # charity, company, community-interest-company, sole-trader, …
sme: true                            # a small or medium-sized enterprise
vcse: true                           # a voluntary, community or social enterprise
summary: Family therapy for children in care, adopted children and their families.   # one sentence
description: |                       # optional: markdown, a few paragraphs
  Replace this with what the provider does, for whom, and how.
services:
  - intervention: family-therapy     # a kind of support from interventions.yaml
    ages: 5-18                       # the ages it serves
    delivery: [in-person]            # in-person, online, phone, home-visits, residential
    areas: [{la}]                    # where it is offered in person
    wait_weeks: 6                    # optional: typical wait
    accepting: true                  # taking new referrals now
    funding: [council, asgsf]        # optional: routes that pay (ones the intervention allows)
lots:
  - framework: example-framework     # a framework's id
    lot: 1                           # the lot's number
    status: active                   # active, suspended or ended
    joined: {starts}                 # when it joined: the framework's start or a re-opening
    rank: 1                          # optional: its place on a ranked-list lot
awards:
  - scheme: example-register         # a scheme's id
    status: current                  # current, suspended or withdrawn
    awarded: {awarded}              # when it was awarded
    expires: {expires}              # optional: when it ends
contact:
  email: referrals@example.org       # an email, phone or website: at least one
  referral: Email the referral form; we reply within five working days.   # how to refer, in plain words
reviewed: {today}                 # when this listing was last checked with the provider
"
            ),
        ),
        (
            "providers/orgs/example-counselling.yaml",
            format!(
                "\
# A second provider, with only the fields every provider needs.
name: Example Counselling            # the provider's name
legal_form: company                  # its legal form
summary: Counselling for young people aged 11 to 18.   # one sentence
services:
  - intervention: counselling        # a kind of support from interventions.yaml
    ages: 11-18                      # the ages it serves
    delivery: [in-person]            # how it is delivered
    areas: [{region_id}]             # where: here, the whole region
    accepting: true                  # taking new referrals now
contact:
  phone: 0191 498 0000               # an email, phone or website: at least one
  referral: Young people, parents and social workers can phone or email.   # how to refer
reviewed: {today}                 # when this listing was last checked
"
            ),
        ),
        (
            "content/_index.md",
            format!(
                "\
---
title: {}
description: Therapeutic support for children in {region}, the providers who offer it and the standards they work to.
---

Replace this with a short introduction to the site: it is the home page's first paragraph.
",
                q(&format!("{region} therapeutic landscape"))
            ),
        ),
        (
            "content/accessibility.md",
            format!(
                "\
---
title: Accessibility statement
description: How accessible this site is, what is not yet accessible, and how to tell us about a problem.
weight: 70
prepared: {today}   # when this statement was first written: change it to that date
reviewed: {today}   # when the site was last tested against it; `check` warns a year on
---

<!-- A UK public body must publish this statement (the Public Sector Bodies Accessibility
     Regulations 2018). Replace every **[Fill in: …]** with your own words, then delete this note. -->

This statement covers the {region} therapeutic landscape website, run by **[Fill in: the council or partnership that runs the site]**.

We want as many people as possible to be able to use this site. You should be able to:

- change colours, contrast levels and fonts using your browser or device settings
- zoom in up to 400% without the text spilling off the screen
- use the whole site with a keyboard alone, or with a screen reader
- find any provider without JavaScript, through plain links and lists

## How accessible this site is

This site is **[Fill in: fully compliant, partially compliant or not compliant]** with the Web
Content Accessibility Guidelines (WCAG) version 2.2 at level AA.
**[Fill in: if not fully compliant, \"The parts that are not yet accessible are listed below.\"]**

## What is not accessible, and why

**[Fill in: each problem you know of, in plain words: what it is, which WCAG 2.2 success
criterion it fails, and when you plan to fix it. Write \"We know of no part of this site that
is not accessible.\" only if you have tested the whole site.]**

## Tell us about a problem, or ask for another format

If you need something on this site in a different format, such as large print, easy read, an
audio recording or braille, or you find a part of the site hard to use, email
**[Fill in: an email address that someone reads]**. Tell us the address of the page and what
you need. We will reply within **[Fill in: how many]** working days.

## Enforcement procedure

The Equality and Human Rights Commission (EHRC) enforces the Public Sector Bodies (Websites and
Mobile Applications) (No. 2) Accessibility Regulations 2018 in England, Scotland and Wales. In
Northern Ireland, the Equality Commission for Northern Ireland (ECNI) enforces them.

If you are not happy with how we answer your complaint, contact the
[Equality Advisory and Support Service (EASS)](https://www.equalityadvisoryservice.com/). In
Northern Ireland, contact the [Equality Commission for Northern Ireland](https://www.equalityni.org/).

## How we tested this site

The software that builds this site is tested with axe-core in the Chromium browser (WCAG 2.2
levels A and AA, on screens 1280 and 320 pixels wide), with journeys using a keyboard alone
and without JavaScript, and with the Nu HTML Checker. Those tests cover the software's own
example site, not your content.

**[Fill in: how you tested this site and its content, when, and by whom: for example an audit
by an accessibility specialist, or testing with people who use assistive technology.]**

## Preparation of this accessibility statement

This statement is reviewed whenever the site changes in a way that could affect it, and at
least once a year.
"
            ),
        ),
        (
            "content/privacy.md",
            format!(
                "\
---
title: Privacy
description: This site sets no cookies, asks nothing about you, and sends nothing about you anywhere.
weight: 80
reviewed: {today}   # when this page was last checked against the site
---

<!-- Replace every **[Fill in: …]** with your own words, then delete this note. The first
     sections are true of every site `landscape` builds; keep them true if you change the theme. -->

This site sets no cookies. It has no analytics, no adverts and no tracking. It never asks who
you are. Nothing you do on it is sent to us or to anyone else.

## Cookies

This site does not set any cookies, on any page.

## Nothing loads from other sites

Every page, picture, style and script of this site comes from this site. Provider pages link
to providers' own websites: if you follow a link to one, its own privacy notice applies.

## Searching and filtering

The search runs in your browser. Your browser downloads the directory's data from this site and
finds the matching providers on your device: what you type and the filters you choose are not
sent to us or to anyone else. They do appear in the address of the results page, so that you
can bookmark or share a search. If you search from the home page, or with JavaScript switched
off, your browser asks this site for the search page with your words in its address, as it
asks for any other page.

## Comparing providers

If you choose providers to compare, your browser keeps the list in its own storage on your
device. It holds only the providers' names and their ids on this site, and is never sent to
us. Remove the providers from the comparison, or clear this site's data in your browser, to
delete it.

## What our host sees

To send you a page, the web server receives the address of the page and the internet (IP)
address of your device. **[Fill in: who hosts the site, what its servers record, how long they
keep it and what for.]**

## Contacting us

**[Fill in: who the data controller is for emails sent to the site's contact addresses, how
long you keep them, and how to contact your data protection officer.]** You have the right to
complain to the Information Commissioner's Office (ICO) at [ico.org.uk](https://ico.org.uk/).
",
            ),
        ),
        (
            "content/handbook/_index.md",
            "\
---
title: Handbook
description: The standards and competencies used across the region.
---

The service standards say what a service must do; the practitioner competencies say what
its staff need to know and do.
"
            .into(),
        ),
        (
            "content/handbook/standards/_index.md",
            "\
---
title: Service standards
description: What a good therapeutic service for children does.
prefix: ST
---

Each standard has a stable id, such as ST-1.1, that contracts and other pages cite as `[[ST-1.1]]`.
"
            .into(),
        ),
        (
            "content/handbook/standards/01-practice-model.md",
            "\
---
title: Practice model
description: A service writes down its model of care and lives by it.
kind: standards
number: 1
weight: 1
---

## 1.1 A written practice model

The service has a written statement of its model of therapeutic care, shared with every
child, carer and referrer. Replace this with your own standard.
"
            .into(),
        ),
        (
            "content/handbook/competencies/_index.md",
            "\
---
title: Practitioner competencies
description: What practitioners need to know and do.
prefix: PC
---

Each competency names the standards it supports.
"
            .into(),
        ),
        (
            "content/handbook/competencies/01-practice.md",
            "\
---
title: Practice
description: Working to the service's model of care.
kind: competencies
number: 1
weight: 1
---

## 1.1 Explains the practice model to a child in words they understand {aligns=ST-1.1}

Replace this with your own competency.
"
            .into(),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorities_by_name_or_code() {
        let all = authorities();
        assert!(all.len() > 300);
        assert_eq!(find(&all, "E09000012").unwrap().name, "Hackney");
        assert_eq!(find(&all, "hackney").unwrap().gss, "E09000012");
        assert_eq!(find(&all, "London Borough of Hackney").unwrap().gss, "E09000012");
        let e = find(&all, "Hackny").unwrap_err();
        assert!(e.contains("did you mean `Hackney`"), "{e}");
    }

    #[test]
    fn the_region_has_its_gss_code_when_the_authorities_give_it() {
        let all = authorities();
        let hackney = find(&all, "Hackney").unwrap();
        let areas = |region: &str, chosen: &[Authority]| {
            site_files(region, &slugify(region), chosen, "hackney")
                .into_iter()
                .find(|(f, _)| *f == "providers/areas.yaml")
                .unwrap()
                .1
        };
        let london = areas("London", std::slice::from_ref(&hackney));
        assert!(london.contains("- id: london\n  name: \"London\"\n  kind: region\n  gss: E12000007\n"), "{london}");
        // A region of the site's own naming, or authorities of two regions: no code is known.
        let own = areas("North east London", std::slice::from_ref(&hackney));
        assert!(!own.contains("E12"), "{own}");
        let two = areas("London", &[hackney, find(&all, "Hartlepool").unwrap()]);
        assert!(!two.contains("E12"), "{two}");
        // Every region the list names in England has its code.
        for a in all.iter().filter(|a| a.nation == "England") {
            assert!(region_code(&a.region).is_some(), "{}", a.region);
        }
    }
}
