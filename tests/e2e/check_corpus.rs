//! `landscape check` against a corpus of bad input: each case is one mutation of a minimal
//! valid site (tests/fixtures/minimal), written into a temporary folder and checked with
//! the real binary. Each case names the exit code, the file and line the diagnostic must
//! point at, and words its message must contain.

use crate::common;
use common::*;
use serde_json::Value;
use std::path::Path;

/// A change to the minimal site.
#[derive(Clone, Copy)]
enum Edit {
    /// Replace the one occurrence of `from` in `file` with `to`.
    Replace(&'static str, &'static str, &'static str),
    /// Write `file` (creating folders) with this text.
    Write(&'static str, &'static str),
    /// Write `file` with these bytes.
    Bytes(&'static str, &'static [u8]),
    /// Delete `file`.
    Remove(&'static str),
    /// Delete a folder and everything in it.
    RemoveDir(&'static str),
}
use Edit::*;

/// Where the diagnostic must point.
#[derive(Clone, Copy)]
enum At {
    /// The line of the first occurrence of this text in the file after the edits.
    Text(&'static str),
    /// This line.
    Line(usize),
    /// The file as a whole (no line).
    File,
}

struct Case {
    name: &'static str,
    edits: &'static [Edit],
    /// Extra arguments to `check`.
    args: &'static [&'static str],
    exit: i32,
    severity: &'static str,
    file: &'static str,
    at: At,
    message: &'static str,
    /// Words the suggestion must contain, if any.
    help: Option<&'static str>,
    /// The field path the diagnostic must name, if any.
    field: Option<&'static str>,
}

const fn case(name: &'static str, edits: &'static [Edit], file: &'static str, at: At, message: &'static str) -> Case {
    Case { name, edits, args: &[], exit: 1, severity: "error", file, at, message, help: None, field: None }
}

impl Case {
    const fn help(mut self, h: &'static str) -> Case {
        self.help = Some(h);
        self
    }
    const fn field(mut self, f: &'static str) -> Case {
        self.field = Some(f);
        self
    }
    const fn warning(mut self) -> Case {
        self.severity = "warning";
        self.exit = 0;
        self
    }
    const fn args(mut self, a: &'static [&'static str]) -> Case {
        self.args = a;
        self
    }
    const fn exit(mut self, code: i32) -> Case {
        self.exit = code;
        self
    }
}

const ACORN: &str = "providers/orgs/acorn.yaml";
const BIRCH: &str = "providers/orgs/birch-house.yaml";
const AREAS: &str = "providers/areas.yaml";
/// Birch House's one service's delivery line, after which a case adds a postcode.
const PREMISES: &str = "    delivery: [in-person]\n";
const IVS: &str = "providers/interventions.yaml";
const SCHEMES: &str = "providers/schemes.yaml";
const NEL: &str = "providers/frameworks/nel.yaml";
const DEMAND: &str = "providers/demand/2025-26.yaml";
const CHOOSING: &str = "content/guides/choosing.md";
const FEES: &str = "content/guides/fees.md";
const PRACTICE: &str = "content/handbook/standards/practice.md";
const RELATIONAL: &str = "content/handbook/competencies/relational.md";

/// "Billion laughs": nine levels of nine aliases, 9^9 strings if anything expanded them.
fn bomb() -> &'static str {
    let mut s = String::from(
        "- id: london\n  name: London\n  kind: region\n  x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for k in 1..9 {
        let prev = format!("*a{}", k - 1);
        s.push_str(&format!("  x{k}: &a{k} [{}]\n", [prev.as_str(); 9].join(", ")));
    }
    s.push_str("- id: hackney\n  name: *a8\n  kind: local-authority\n");
    Box::leak(s.into_boxed_str())
}

#[rustfmt::skip] // One case per line reads as a table.
fn cases() -> Vec<Case> {
    vec![
        // ---- YAML syntax and types -------------------------------------------------------
        case("yaml syntax error", &[Replace(ACORN, "legal_form: charity", "legal_form: charity: company")], ACORN, At::Text("legal_form"), "mapping values are not allowed"),
        case("unclosed quote", &[Replace(ACORN, "name: Acorn Tree Therapies", "name: \"Acorn Tree")], ACORN, At::Line(6), "did not find expected key"),
        case("unclosed flow list", &[Replace(ACORN, "languages: [English, Turkish]", "languages: [English, Turkish")], ACORN, At::Text("cost:"), "did not find expected ',' or ']'"),
        case("tab indentation", &[Replace(ACORN, "  - intervention: family-therapy", "\t- intervention: family-therapy")], ACORN, At::Text("\t- intervention"), "cannot start any token").help("spaces, not tabs"),
        case("number expected", &[Replace(ACORN, "wait_weeks: 6", "wait_weeks: six")], ACORN, At::Text("wait_weeks: six"), "`wait_weeks` must be a whole number"),
        case("bool expected", &[Replace(ACORN, "accepting: true", "accepting: maybe")], ACORN, At::Text("accepting: maybe"), "`accepting` must be `true` or `false`"),
        case("list expected", &[Replace(ACORN, "delivery: [in-person, online]", "delivery: in-person")], ACORN, At::Text("delivery: in-person"), "`delivery` must be a list"),
        case("unknown field", &[Replace(ACORN, "wait_weeks: 6", "wait_week: 6")], ACORN, At::Text("wait_week: 6"), "unknown field `wait_week`").help("did you mean `wait_weeks`?"),
        case("unknown top-level field", &[Replace(ACORN, "summary: Family", "sumary: Family")], ACORN, At::Text("sumary:"), "unknown field `sumary`").help("did you mean `summary`?"),
        case("unknown contact field", &[Replace(ACORN, "  email: referrals", "  emial: referrals")], ACORN, At::Text("emial"), "unknown field `emial`").help("did you mean `email`?"),
        case("unknown registration field", &[Replace(ACORN, "  charity: \"1123456\"", "  charty: \"1123456\"")], ACORN, At::Text("charty"), "unknown field `charty`"),
        case("missing required field", &[Replace(ACORN, "reviewed: 2026-06-30\n", "")], ACORN, At::Line(1), "missing field `reviewed`"),
        case("missing name", &[Replace(BIRCH, "name: Birch House\n", "")], BIRCH, At::Line(1), "missing field `name`"),
        case("missing service field", &[Replace(BIRCH, "    accepting: false\n", "")], BIRCH, At::Text("  - intervention"), "missing field `accepting`"),
        case("unknown variant", &[Replace(ACORN, "legal_form: charity", "legal_form: charty")], ACORN, At::Text("legal_form"), "unknown variant `charty`").help("did you mean `charity`?"),
        case("unknown delivery", &[Replace(ACORN, "[in-person, online]", "[inperson, online]")], ACORN, At::Text("inperson"), "unknown variant `inperson`").help("in-person"),
        case("unknown funding route", &[Replace(ACORN, "funding: [asgsf, council]", "funding: [asf, council]")], ACORN, At::Text("[asf"), "unknown variant `asf`"),
        case("date in wrong form", &[Replace(ACORN, "reviewed: 2026-06-30", "reviewed: 30/06/2026")], ACORN, At::Text("reviewed:"), "is not a date"),
        case("impossible date", &[Replace(ACORN, "awarded: 2023-05-01", "awarded: 2023-02-30")], ACORN, At::Text("awarded:"), "not a day in the calendar"),
        case("age range backwards", &[Replace(ACORN, "ages: 4-18", "ages: 18-4")], ACORN, At::Text("ages:"), "starts after it ends"),
        case("age range too old", &[Replace(ACORN, "ages: 4-18", "ages: 4-30")], ACORN, At::Text("ages:"), "goes past 25"),
        case("age range a number", &[Replace(ACORN, "ages: 4-18", "ages: 4")], ACORN, At::Text("ages:"), "should be written like `5-18`"),
        case("age range words", &[Replace(ACORN, "ages: 4-18", "ages: four-18")], ACORN, At::Text("ages:"), "two whole numbers"),
        case("alias bomb", &[Write(AREAS, "@@BOMB@@")], AREAS, At::Text("&a0"), "aliases expand this record past 1 MiB"),
        case("deeply nested yaml", &[Write(AREAS, DEEP)], AREAS, At::Line(1), "nested more than 128 deep"),
        case("list file is a mapping", &[Write(IVS, "family-therapy: {name: Family therapy}\n")], IVS, At::Line(1), "the file must be a list"),
        // ---- ids -------------------------------------------------------------------------
        case("duplicate area id", &[Replace(AREAS, "- id: newham", "- id: hackney")], AREAS, At::Text("- id: hackney\n  name: Newham"), "duplicate area id `hackney`"),
        case("duplicate intervention id", &[Replace(IVS, "- id: speech-and-language-therapy", "- id: family-therapy")], IVS, At::Text("- id: family-therapy\n  name: Speech"), "duplicate intervention id"),
        case("duplicate scheme id", &[Replace(SCHEMES, "- id: ofsted", "- id: ukcp")], SCHEMES, At::Text("- id: ukcp\n  name: Ofsted"), "duplicate scheme id"),
        case("area id not a slug", &[Replace(AREAS, "- id: newham", "- id: Newham Borough")], AREAS, At::Text("Newham Borough"), "not a safe slug").help("newham-borough"),
        case("area id escapes", &[Replace(AREAS, "- id: newham", "- id: ../newham")], AREAS, At::Text("../newham"), "not a safe slug"),
        case("intervention id percent", &[Replace(IVS, "- id: family-therapy", "- id: '%2e%2e'")], IVS, At::Text("%2e%2e"), "not a safe slug"),
        case("scheme id is an absolute path", &[Replace(SCHEMES, "- id: ukcp", "- id: /etc/ukcp")], SCHEMES, At::Text("/etc/ukcp"), "not a safe slug"),
        case("provider id climbs out", &[Replace(ACORN, "name: Acorn Tree Therapies", "id: ../../acorn\nname: Acorn Tree Therapies")], ACORN, At::Text("id: ../../acorn"), "differs from the file name").help("is not a safe slug"),
        case("provider file name with spaces", &[Write("providers/orgs/Oak Tree.yaml", MINI)], "providers/orgs/Oak Tree.yaml", At::File, "is not a safe id").help("oak-tree.yaml"),
        case("provider file name unicode", &[Write("providers/orgs/café.yaml", MINI)], "providers/orgs/café.yaml", At::File, "is not a safe id"),
        case("id differs from file name", &[Replace(ACORN, "name: Acorn Tree Therapies", "id: oak\nname: Acorn Tree Therapies")], ACORN, At::Text("id: oak"), "differs from the file name `acorn`"),
        // ---- references ------------------------------------------------------------------
        case("unknown area in service", &[Replace(ACORN, "areas: [hackney, newham]", "areas: [hackny, newham]")], ACORN, At::Text("hackny"), "unknown area `hackny`").help("did you mean `hackney`?"),
        case("unknown intervention in service", &[Replace(ACORN, "intervention: family-therapy", "intervention: family-therapi")], ACORN, At::Text("family-therapi"), "unknown intervention `family-therapi`").help("family-therapy"),
        case("unknown scheme in award", &[Replace(ACORN, "scheme: ukcp", "scheme: ukpc")], ACORN, At::Text("scheme: ukpc"), "unknown scheme `ukpc`"),
        case("unknown framework in lots", &[Replace(ACORN, "framework: nel", "framework: ne1")], ACORN, At::Text("framework: ne1"), "unknown framework `ne1`").help("did you mean `nel`?"),
        case("unknown lot number", &[Replace(ACORN, "    lot: 1", "    lot: 9")], ACORN, At::Text("lot: 9"), "has no lot 9").help("its lots are 1, 2"),
        case("same lot twice", &[Replace(BIRCH, "    since: 2025-04-01\n", "    since: 2025-04-01\n  - framework: nel\n    lot: 2\n    status: ended\n    since: 2025-04-01\n")], BIRCH, At::Line(19), "the same lot is listed twice"),
        case("unknown parent area", &[Replace(AREAS, "  parent: london\n- id: newham", "  parent: londn\n- id: newham")], AREAS, At::Text("londn"), "unknown area `londn`").help("london"),
        case("area inside itself", &[Replace(AREAS, "  gss: E12000007\n", "  gss: E12000007\n  parent: hackney\n")], AREAS, At::Text("parent: hackney"), "inside itself"),
        case("unknown intervention in lot", &[Replace(NEL, "interventions: [family-therapy]", "interventions: [family-therap]")], NEL, At::Text("family-therap]"), "unknown intervention"),
        case("unknown area in lot", &[Replace(NEL, "areas: [london]", "areas: [lodnon]")], NEL, At::Text("lodnon"), "unknown area `lodnon`"),
        case("unknown area in reservation", &[Replace(NEL, "funding: [council, icb]", "funding: [council, icb]\nreservation:\n  areas: [hackny]")], NEL, At::Text("hackny"), "unknown area `hackny`"),
        case("unknown standard assessed", &[Replace(SCHEMES, "assesses: [TS-1.1]", "assesses: [TS-9.9]")], SCHEMES, At::Text("TS-9.9"), "unknown standard `TS-9.9`"),
        case("competency aligns with nothing", &[Replace(RELATIONAL, "{aligns=TS-1.2}", "{aligns=TS-1.9}")], RELATIONAL, At::Text("## 1.1"), "aligns with `TS-1.9`, which is not a standard"),
        case("competency aligns with a competency", &[Replace(RELATIONAL, "{aligns=TS-1.2}", "{aligns=PC-1.1}")], RELATIONAL, At::Text("## 1.1"), "which is not a standard"),
        // ---- cross-references and links in markdown --------------------------------------
        case("unknown standard xref", &[Replace(CHOOSING, "[[TS-1.1]]", "[[TS-1.7]]")], CHOOSING, At::Text("[[TS-1.7]]"), "`[[TS-1.7]]` points at nothing"),
        case("unknown provider xref", &[Replace(CHOOSING, "[[provider:acorn]]", "[[provider:acron]]")], CHOOSING, At::Text("acron"), "points at nothing").help("did you mean `acorn`?"),
        case("unknown xref kind", &[Replace(CHOOSING, "[[provider:acorn]]", "[[widget:acorn]]")], CHOOSING, At::Text("widget"), "unknown kind `widget`"),
        case("unknown lot xref", &[Replace(CHOOSING, "[[lot:nel/1|lot 1]]", "[[lot:nel/7|lot 7]]")], CHOOSING, At::Text("lot:nel/7"), "points at nothing"),
        case("lot xref by an unknown lot id", &[Replace(CHOOSING, "[[lot:nel/1|lot 1]]", "[[lot:nel-lot-7]]")], CHOOSING, At::Text("lot:nel-lot-7]]"), "points at nothing").help("did you mean `nel-lot-1`?"),
        case("lot xref number not a number", &[Replace(CHOOSING, "[[lot:nel/1|lot 1]]", "[[lot:nel/one]]")], CHOOSING, At::Text("lot:nel/one]]"), "is not a number"),
        case("unknown page xref", &[Replace(CHOOSING, "[[page:about]]", "[[page:abut]]")], CHOOSING, At::Text("page:abut"), "points at nothing").help("about"),
        case("unknown scheme xref", &[Replace(CHOOSING, "[[scheme:ukcp]]", "[[scheme:bacp]]")], CHOOSING, At::Text("scheme:bacp"), "points at nothing"),
        case("unknown area xref", &[Replace("content/_index.md", "[[area:london]]", "[[area:paris]]")], "content/_index.md", At::Text("area:paris"), "points at nothing"),
        case("broken internal link", &[Replace(CHOOSING, "(/guides/fees/)", "(/guides/feez/)")], CHOOSING, At::Text("[fees guide]"), "`/guides/feez/` points at no page").help("/guides/fees/"),
        case("broken relative link", &[Replace(FEES, "(../choosing/)", "(../chosing/)")], FEES, At::Text("[choosing]"), "points at no page").help("/guides/choosing/"),
        case("link climbs out of the site", &[Replace(FEES, "(../choosing/)", "(../../../../etc/)")], FEES, At::Text("[choosing]"), "climbs out of the site"),
        case("link to a .html page", &[Replace(CHOOSING, "(/guides/fees/)", "(/guides/fees.html)")], CHOOSING, At::Text("[fees guide]"), "points at no page").help("/guides/fees/"),
        case("link to a provider that is not there", &[Replace("content/about.md", "(/guides/choosing/)", "(/providers/oak/)")], "content/about.md", At::Text("[choosing]"), "`/providers/oak/` points at no page"),
        case("image that is no page", &[Replace("content/about.md", "See [choosing]", "See ![map](/maps/) [choosing]")], "content/about.md", At::Text("![map]"), "image `/maps/` points at no page"),
        case("fragment on the wrong page", &[Replace(CHOOSING, "/handbook/standards/practice/#TS-1.2", "/guides/fees/#TS-1.2")], CHOOSING, At::Text("[standard on supervision]"), "`TS-1.2` is not on the page").help("/handbook/standards/practice/#TS-1.2"),
        case("fragment names no item", &[Replace(CHOOSING, "practice/#TS-1.2", "practice/#TS-1.9")], CHOOSING, At::Text("[standard on supervision]"), "which is no standard or competency"),
        // ---- well-formed values ----------------------------------------------------------
        case("gss code", &[Replace(AREAS, "gss: E09000012", "gss: E0900001")], AREAS, At::Text("E0900001"), "is not a GSS code"),
        case("gss region code", &[Replace(AREAS, "gss: E12000007", "gss: E09000007")], AREAS, At::Text("E09000007"), "does not start E12").warning(),
        case("postcode", &[Replace(ACORN, "postcode: E8 4RP", "postcode: E84RP")], ACORN, At::Text("E84RP"), "not a UK postcode"),
        case("service postcode shape", &[Replace(BIRCH, PREMISES, "    delivery: [in-person]\n    postcode: E8 ODY\n")], BIRCH, At::Text("E8 ODY"), "not the shape of a UK postcode").help("E8 0DY").field("services[0].postcode"),
        case("service postcode in northern ireland", &[Replace(BIRCH, PREMISES, "    delivery: [in-person]\n    postcode: BT1 1AA\n")], BIRCH, At::Text("BT1 1AA"), "Northern Ireland").field("services[0].postcode"),
        case("service postcode sector that does not exist", &[Replace(BIRCH, PREMISES, "    delivery: [in-person]\n    postcode: E8 6ZZ\n")], BIRCH, At::Text("E8 6ZZ"), "is in no postcode sector that exists (`E8 6`)").help("`E8 4`").field("services[0].postcode"),
        case("service postcode district that does not exist", &[Replace(BIRCH, PREMISES, "    delivery: [in-person]\n    postcode: E88 1AA\n")], BIRCH, At::Text("E88 1AA"), "is in no postcode sector that exists").help("nearest sector").field("services[0].postcode"),
        case("postcode on an online service", &[Replace(ACORN, "delivery: [in-person, online]\n    areas: [hackney, newham]\n", "delivery: [online]\n    postcode: E8 4RP\n")], ACORN, At::Text("postcode: E8 4RP"), "has none (delivery: online)").help("remove `postcode`").field("services[0].postcode"),
        case("postcode on home visits", &[Replace(BIRCH, PREMISES, "    delivery: [home-visits]\n    postcode: E8 1DY\n")], BIRCH, At::Text("E8 1DY"), "has none (delivery: home visits)").field("services[0].postcode"),
        case("premises outside its areas", &[Replace(BIRCH, PREMISES, "    delivery: [in-person]\n    postcode: RM1 3BB\n")], BIRCH, At::Text("RM1 3BB"), "is in Havering, outside every area this service names (hackney)").help("check the postcode").field("services[0].postcode").warning(),
        case("email", &[Replace(ACORN, "email: referrals@acorn.example", "email: referrals-at-acorn")], ACORN, At::Text("referrals-at-acorn"), "not an email address"),
        case("email with markup", &[Replace(ACORN, "email: referrals@acorn.example", "email: \"a@b.example<script>\"")], ACORN, At::Text("email:"), "not an email address"),
        case("phone", &[Replace(ACORN, "phone: 020 7946 0000", "phone: call us")], ACORN, At::Text("call us"), "not a UK phone number"),
        case("website javascript", &[Replace(ACORN, "website: https://acorn.example", "website: javascript:alert(1)")], ACORN, At::Text("javascript:"), "not a web address"),
        case("website data url", &[Replace(ACORN, "website: https://acorn.example", "website: data:text/html,hi")], ACORN, At::Text("data:"), "not a web address"),
        case("website ftp", &[Replace(ACORN, "website: https://acorn.example", "website: ftp://acorn.example")], ACORN, At::Text("ftp:"), "only http:// and https://"),
        case("website with quote", &[Replace(ACORN, "website: https://acorn.example", "website: 'https://acorn.example/\"onmouseover=x'")], ACORN, At::Text("website:"), "holds spaces or quotes"),
        case("scheme url", &[Replace(SCHEMES, "url: https://www.psychotherapy.org.uk/", "url: www.psychotherapy.org.uk")], SCHEMES, At::Text("url: www"), "not a web address"),
        case("framework url", &[Replace(NEL, "funding: [council, icb]", "funding: [council, icb]\nurl: vbscript:x")], NEL, At::Text("vbscript"), "not a web address"),
        case("ofsted urn", &[Replace(BIRCH, "ofsted_urn: SC123456", "ofsted_urn: URN-1")], BIRCH, At::Text("URN-1"), "not an Ofsted URN"),
        case("charity number", &[Replace(ACORN, "charity: \"1123456\"", "charity: \"12\"")], ACORN, At::Text("charity:"), "not a charity number"),
        case("company number", &[Replace(ACORN, "company: \"06123456\"", "company: \"61234\"")], ACORN, At::Text("company:"), "not a Companies House number"),
        case("grade not on the scale", &[Replace(BIRCH, "grade: Good", "grade: Excellent")], BIRCH, At::Text("Excellent"), "not a grade of Ofsted registration").help("Outstanding"),
        case("grade near miss", &[Replace(BIRCH, "grade: Good", "grade: Goood")], BIRCH, At::Text("Goood"), "not a grade").help("did you mean `Good`?"),
        case("grade without inspection", &[Replace(BIRCH, "    inspected: 2026-02-01\n", "")], BIRCH, At::Text("grade: Good"), "needs the date of the inspection"),
        case("grade on an ungraded scheme", &[Replace(ACORN, "    reference: UKCP-ORG-0412\n", "    reference: UKCP-ORG-0412\n    grade: Good\n    inspected: 2026-01-01\n")], ACORN, At::Text("grade: Good"), "does not grade"),
        case("inspection in the future", &[Replace(BIRCH, "inspected: 2026-02-01", "inspected: 2027-02-01")], BIRCH, At::Text("inspected:"), "in the future"),
        case("funding route not allowed", &[Replace(ACORN, "funding: [asgsf, council]", "funding: [asgsf, dsg-high-needs]")], ACORN, At::Text("dsg-high-needs]"), "does not pay for Family therapy").help("can be paid for by"),
        case("asgsf for speech therapy", &[Replace(IVS, "funding: [dsg-high-needs, icb]", "funding: [asgsf, icb]")], IVS, At::Text("funding: [asgsf, icb]"), "does not pay for Speech and language therapy"),
        case("intervention with no funding", &[Replace(IVS, "funding: [dsg-high-needs, icb]", "funding: []")], IVS, At::Text("funding: []"), "no funding route"),
        case("joined before the framework", &[Replace(ACORN, "since: 2024-04-01", "since: 2023-01-01")], ACORN, At::Text("since:"), "joined 2023-01-01 but the framework runs 2024-04-01 to 2028-03-31").help("before it began"),
        case("joined after the framework", &[Replace(ACORN, "since: 2024-04-01", "since: 2029-01-01")], ACORN, At::Text("since:"), "joined 2029-01-01").help("after it ended"),
        case("active on an ended framework", &[Replace(NEL, "ends: 2028-03-31", "ends: 2026-03-31")], ACORN, At::Text("status: active"), "active on a framework that ended on 2026-03-31").warning(),
        case("framework ends before it starts", &[Replace(NEL, "ends: 2028-03-31", "ends: 2023-03-31")], NEL, At::Text("ends:"), "ends (2023-03-31) before it starts"),
        case("re-opening outside the framework", &[Replace(NEL, "reopens: [2025-04-01]", "reopens: [2030-04-01]")], NEL, At::Text("2030-04-01"), "outside the framework's dates"),
        case("lot numbered twice", &[Replace(NEL, "  - number: 2", "  - number: 1")], NEL, At::Text("  - number: 1\n    title: Speech"), "lot 1 is numbered twice"),
        case("framework with no lots", &[Write("providers/frameworks/empty.yaml", "name: E\nlead: L\nroute: open-framework\nsummary: S\nstarts: 2024-01-01\nends: 2027-01-01\nlots: []\n")], "providers/frameworks/empty.yaml", At::Text("lots:"), "at least one lot"),
        case("expired award", &[Replace(ACORN, "expires: 2027-04-30", "expires: 2026-01-31")], ACORN, At::Text("expires:"), "expired on 2026-01-31").warning(),
        case("expired award, warnings denied", &[Replace(ACORN, "expires: 2027-04-30", "expires: 2026-01-31")], ACORN, At::Text("expires:"), "expired on 2026-01-31").warning().args(&["--deny-warnings"]).exit(1),
        case("expires before awarded", &[Replace(ACORN, "expires: 2027-04-30", "expires: 2022-04-30")], ACORN, At::Text("expires:"), "before it was awarded"),
        case("awarded in the future", &[Replace(ACORN, "awarded: 2023-05-01", "awarded: 2027-05-01")], ACORN, At::Text("awarded:"), "in the future"),
        case("not reviewed for a year", &[Replace(ACORN, "reviewed: 2026-06-30", "reviewed: 2025-06-30")], ACORN, At::Text("reviewed:"), "last reviewed on 2025-06-30, over 12 months ago").warning(),
        case("not reviewed for a year, warnings denied", &[Replace(ACORN, "reviewed: 2026-06-30", "reviewed: 2025-06-30")], ACORN, At::Text("reviewed:"), "over 12 months ago").warning().args(&["--deny-warnings"]).exit(1),
        case("reviewed in the future", &[Replace(ACORN, "reviewed: 2026-06-30", "reviewed: 2027-06-30")], ACORN, At::Text("reviewed:"), "in the future"),
        case("wait over two years", &[Replace(ACORN, "wait_weeks: 6", "wait_weeks: 300")], ACORN, At::Text("wait_weeks"), "over two years").warning(),
        case("in person without areas", &[Replace(BIRCH, "    areas: [hackney]\n", "")], BIRCH, At::Text("  - intervention"), "must name the areas"),
        case("no delivery", &[Replace(BIRCH, "delivery: [in-person]", "delivery: []")], BIRCH, At::Text("delivery"), "how the service is delivered"),
        case("no services", &[Replace(BIRCH, "services:\n  - intervention: speech-and-language-therapy\n    ages: 5-16\n    delivery: [in-person]\n    areas: [hackney]\n    accepting: false\n    funding: [dsg-high-needs]\n", "services: []\n")], BIRCH, At::Text("services"), "at least one service"),
        case("no way to contact", &[Replace(BIRCH, "  phone: 020 7946 0001\n", "")], BIRCH, At::Text("contact:"), "no way to contact"),
        case("description too long", &[Replace(ACORN, "It has **two** clinics.", LONG)], ACORN, At::Text("description:"), "the limit for this field is 65536"),
        case("control character in name", &[Replace(ACORN, "name: Acorn Tree Therapies", "name: \"Acorn\\a Tree\"")], ACORN, At::Text("name:"), "control characters"),
        case("direction override in name", &[Replace(ACORN, "name: Acorn Tree Therapies", "name: \"Acorn \\u202Eseipareht\"")], ACORN, At::Text("name:"), "direction control (U+202E)"),
        case("name over two lines", &[Replace(ACORN, "name: Acorn Tree Therapies", "name: \"Acorn\\nTree\"")], ACORN, At::Text("name:"), "more than one line"),
        case("empty name", &[Replace(ACORN, "name: Acorn Tree Therapies", "name: \"  \"")], ACORN, At::Text("name:"), "text is empty"),
        case("empty language", &[Replace(ACORN, "languages: [English, Turkish]", "languages: [English, '']")], ACORN, At::Text("languages"), "text is empty"),
        case("control character in evidence", &[Replace(ACORN, "evidence: No routine outcome measures yet.", "evidence: \"\\0 No routine outcome measures yet.\"")], ACORN, At::Text("outcomes:"), "control characters"),
        // ---- commissioning records --------------------------------------------------------
        case("intervention without category", &[Replace(IVS, "  category: family-and-parenting\n", "")], IVS, At::Text("- id: family-therapy"), "missing field `category`"),
        case("unknown category", &[Replace(IVS, "category: family-and-parenting", "category: family-therapy")], IVS, At::Text("category: family-therapy"), "unknown variant `family-therapy`").help("family-and-parenting"),
        case("asgsf for speech therapy by another name", &[Replace(IVS, "  name: Speech and language therapy\n", "  name: SLT\n"), Replace(IVS, "funding: [dsg-high-needs, icb]", "funding: [asgsf, dsg-high-needs]")], IVS, At::Text("funding: [asgsf, dsg"), "does not pay for SLT (speech and language therapy)").help("remove `asgsf`"),
        case("unknown regime", &[Replace(NEL, "route: open-framework", "route: open-framework\nregime: light")], NEL, At::Text("regime: light"), "unknown variant `light`").help("light-touch"),
        case("PPN 005 before it applied", &[Replace(NEL, "funding: [council, icb]", "funding: [council, icb]\nreservation:\n  areas: [london]\n  notice: ppn-005")], NEL, At::Text("notice: ppn-005"), "PPN 005 applies to procurements started from 24 February 2025").help("ppn-11-20"),
        case("PPN 11/20 after it was replaced", &[Replace(NEL, "funding: [council, icb]", "funding: [council, icb]\nprocurement_started: 2025-03-01\nreservation:\n  areas: [london]\n  notice: ppn-11-20"), Replace(NEL, "starts: 2024-04-01", "starts: 2025-04-01")], NEL, At::Text("notice: ppn-11-20"), "PPN 11/20 applies only to procurements started before 24 February 2025").help("ppn-005"),
        case("unknown reservation notice", &[Replace(NEL, "funding: [council, icb]", "funding: [council, icb]\nreservation:\n  areas: [london]\n  notice: ppn-5")], NEL, At::Text("notice: ppn-5"), "unknown variant `ppn-5`").help("ppn-005"),
        case("procurement started after the framework", &[Replace(NEL, "funding: [council, icb]", "funding: [council, icb]\nprocurement_started: 2024-05-01")], NEL, At::Text("procurement_started"), "after the framework starts"),
        case("lot id used twice", &[Replace(NEL, "  - number: 2\n", "  - number: 2\n    id: nel-lot-1\n")], NEL, At::Text("id: nel-lot-1"), "lot id `nel-lot-1` is already used by lot 1 of `nel`").help("unique across the register"),
        case("lot id not a slug", &[Replace(NEL, "  - number: 2\n", "  - number: 2\n    id: Lot Two\n")], NEL, At::Text("id: Lot Two"), "lot id `Lot Two` is not a safe slug").help("lot-two"),
        case("membership cites an unknown lot id", &[Replace(ACORN, "  - framework: nel\n    lot: 1\n", "  - lot: nel-lot-3\n")], ACORN, At::Text("lot: nel-lot-3"), "unknown lot `nel-lot-3`").help("did you mean"),
        case("lot number without its framework", &[Replace(ACORN, "  - framework: nel\n    lot: 1\n", "  - lot: 1\n")], ACORN, At::Text("lot: 1"), "lot 1 needs its framework").help("cite the lot by its id"),
        case("framework/number with no number", &[Replace(ACORN, "  - framework: nel\n    lot: 1\n", "  - lot: nel/one\n")], ACORN, At::Text("lot: nel/one"), "is not a lot").help("nel/1"),
        case("framework/number on an unknown framework", &[Replace(ACORN, "  - framework: nel\n    lot: 1\n", "  - lot: nle/1\n")], ACORN, At::Text("lot: nle/1"), "unknown framework `nle`").help("did you mean `nel`?"),
        case("lot id on another framework", &[Write("providers/frameworks/other.yaml", "name: O\nlead: L\nroute: open-framework\nsummary: S\nstarts: 2024-01-01\nends: 2027-01-01\nlots:\n  - number: 1\n    title: T\n    interventions: [family-therapy]\n    areas: [london]\n    call_off: direct-award\n"), Replace(ACORN, "    lot: 1\n", "    lot: other-lot-1\n")], ACORN, At::Text("framework: nel"), "lot `other-lot-1` is on framework `other`, not `nel`").help("framework: other"),
        case("rank on a lot that is not ranked", &[Replace(BIRCH, "    since: 2025-04-01\n", "    since: 2025-04-01\n    rank: 2\n")], BIRCH, At::Text("rank: 2"), "lot 2 of `nel` is not a ranked list").help("remove `rank`"),
        case("rank zero", &[Replace(ACORN, "    since: 2024-04-01\n", "    since: 2024-04-01\n    rank: 0\n")], ACORN, At::Text("rank: 0"), "ranks start at 1"),
        case("rank not a number", &[Replace(ACORN, "    since: 2024-04-01\n", "    since: 2024-04-01\n    rank: first\n")], ACORN, At::Text("rank: first"), "`rank` must be a whole number, but here it is the text `first`"),
        case("joined outside an opening", &[Replace(ACORN, "since: 2024-04-01", "joined: 2024-11-20")], ACORN, At::Text("joined:"), "not within 120 days of the framework opening or re-opening").warning().help("2024-04-01, 2025-04-01"),
        case("status changed before joining", &[Replace(ACORN, "    since: 2024-04-01\n", "    since: 2024-04-01\n    status_since: 2023-01-01\n")], ACORN, At::Text("status_since"), "before the provider joined (2024-04-01)"),
        case("status changed in the future", &[Replace(ACORN, "    since: 2024-04-01\n", "    since: 2024-04-01\n    status_since: 2027-01-01\n")], ACORN, At::Text("status_since"), "is in the future"),
        case("suspended without a date", &[Replace(ACORN, "    status: active\n", "    status: suspended\n")], ACORN, At::Text("status: suspended"), "suspended without the date it changed").warning().help("status_since"),
        case("online service without a catchment", &[Replace(ACORN, "    online_areas: [london]\n", "")], ACORN, At::Text("delivery: [in-person, online]"), "must say where families can use it from").help("online_areas: [england]"),
        case("unknown online area", &[Replace(ACORN, "online_areas: [london]", "online_areas: [englnd]")], ACORN, At::Text("englnd"), "unknown area `englnd`"),
        case("online areas on an in-person service", &[Replace(BIRCH, "    areas: [hackney]\n", "    areas: [hackney]\n    online_areas: [london]\n")], BIRCH, At::Text("online_areas"), "has neither").help("add `online` or `phone`"),
        case("online-only service with in-person areas", &[Replace(ACORN, "delivery: [in-person, online]", "delivery: [online]")], ACORN, At::Text("areas: [hackney, newham]"), "only online or by phone").help("online_areas"),
        case("unknown delivery near school-based", &[Replace(BIRCH, "delivery: [in-person]", "delivery: [in-school]")], BIRCH, At::Text("in-school"), "unknown variant `in-school`"),
        case("places on a service that is not residential", &[Replace(BIRCH, "    areas: [hackney]\n", "    areas: [hackney]\n    places: 4\n")], BIRCH, At::Text("places: 4"), "places are for a residential service").help("residential"),
        case("home type on a service that is not residential", &[Replace(BIRCH, "    areas: [hackney]\n", "    areas: [hackney]\n    home_type: solo\n")], BIRCH, At::Text("home_type"), "a home type is for a residential service"),
        case("unknown home type", &[Replace(BIRCH, "delivery: [in-person]", "delivery: [residential]"), Replace(BIRCH, "    areas: [hackney]\n", "    areas: [hackney]\n    home_type: group\n")], BIRCH, At::Text("home_type: group"), "unknown variant `group`").help("small-group"),
        case("residential without places", &[Replace(BIRCH, "delivery: [in-person]", "delivery: [residential]")], BIRCH, At::Text("delivery: [residential]"), "without its number of places").warning().help("places:"),
        case("home with no places", &[Replace(BIRCH, "delivery: [in-person]", "delivery: [residential]"), Replace(BIRCH, "    areas: [hackney]\n", "    areas: [hackney]\n    places: 0\n")], BIRCH, At::Text("places: 0"), "a home with no places"),
        case("places below zero", &[Replace(BIRCH, "delivery: [in-person]", "delivery: [residential]"), Replace(BIRCH, "    areas: [hackney]\n", "    areas: [hackney]\n    places: -2\n")], BIRCH, At::Text("places: -2"), "`places` must be a whole number, but here it is the number -2"),
        case("council sector contradicts legal form", &[Replace(BIRCH, "legal_form: company", "legal_form: local-authority\nsector: independent")], BIRCH, At::Text("sector:"), "a local authority is council-run, not independent").help("remove `sector:`"),
        case("unknown sector", &[Replace(BIRCH, "legal_form: company", "legal_form: company\nsector: private")], BIRCH, At::Text("sector: private"), "unknown variant `private`").help("independent"),
        case("unknown legal form near LLP", &[Replace(BIRCH, "legal_form: company", "legal_form: llp")], BIRCH, At::Text("legal_form: llp"), "unknown variant `llp`"),
        case("unknown practice model", &[Replace(ACORN, "practice_models: [systemic]", "practice_models: [sistemic]")], ACORN, At::Text("sistemic"), "unknown practice model `sistemic`").help("did you mean `systemic`?"),
        case("practice model without summary", &[Replace("providers/practice-models.yaml", "  summary: Difficulties are understood in the relationships around a child.\n", "")], "providers/practice-models.yaml", At::Text("- id: systemic"), "missing field `summary`"),
        case("duplicate practice model id", &[Replace("providers/practice-models.yaml", "- id: trauma-informed", "- id: systemic")], "providers/practice-models.yaml", At::Text("- id: systemic\n  name: Trauma"), "duplicate practice model id `systemic`"),
        case("empty provider language", &[Replace(ACORN, "practice_models: [systemic]", "practice_models: [systemic]\nlanguages: ['']")], ACORN, At::Text("languages: ['']"), "text is empty"),
        case("award without awarded", &[Replace(ACORN, "    awarded: 2023-05-01\n", "")], ACORN, At::Text("  - scheme: ukcp"), "missing field `awarded`").help("only a registration may leave it out"),
        case("withdrawn award without a date", &[Replace(ACORN, "    status: current\n    awarded", "    status: withdrawn\n    awarded")], ACORN, At::Text("status: withdrawn"), "a withdrawn award needs the date it was withdrawn").help("status_since"),
        case("award status changed in the future", &[Replace(ACORN, "    status: current\n    awarded", "    status: suspended\n    status_since: 2027-01-01\n    awarded")], ACORN, At::Text("status_since"), "is in the future"),
        case("award status changed before the award", &[Replace(ACORN, "    status: current\n    awarded", "    status: suspended\n    status_since: 2020-01-01\n    awarded")], ACORN, At::Text("status_since"), "before the award was made"),
        case("demand: unknown field", &[Replace(DEMAND, "    call_offs: 9\n", "    call_offs: 9\n    child: Sam\n")], DEMAND, At::Text("child: Sam"), "unknown field `child`"),
        case("demand: words where a count goes", &[Replace(DEMAND, "panel_requests: 14", "panel_requests: Sam Smith")], DEMAND, At::Text("Sam Smith"), "`panel_requests` must be a whole number"),
        case("demand: a name where an area goes", &[Replace(DEMAND, "area: hackney", "area: sam-smith")], DEMAND, At::Text("sam-smith"), "unknown area `sam-smith`"),
        case("demand: unknown intervention", &[Replace(DEMAND, "intervention: family-therapy", "intervention: family-therapi")], DEMAND, At::Text("family-therapi"), "unknown intervention").help("family-therapy"),
        case("demand: spend without purchases", &[Replace(DEMAND, "    spot_purchases: 5\n", "")], DEMAND, At::Text("spot_spend"), "spot spend of £31500 with no spot purchases").help("spot_purchases"),
        case("demand: spend too large for spot purchases", &[Replace(DEMAND, "spot_spend: 31500", "spot_spend: 50000")], DEMAND, At::Text("spot_spend"), "5 spot purchases under £10,000 each cannot total £50000"),
        case("demand: a pair counted twice", &[Replace(DEMAND, "  - area: newham\n    intervention: speech-and-language-therapy\n", "  - area: hackney\n    intervention: family-therapy\n")], DEMAND, At::Text("    intervention: family-therapy\n    panel_requests: 6"), "`family-therapy` in `hackney` is counted twice").help("add the figures together"),
        case("demand: period differs from file name", &[Replace(DEMAND, "period: 2025-26", "period: 2024-25")], DEMAND, At::Text("period:"), "differs from the file name `2025-26`"),
        case("demand: period with words", &[Replace(DEMAND, "period: 2025-26", "period: Sam's year")], DEMAND, At::Text("period:"), "may hold only digits and hyphens"),
        case("demand: overlapping periods", &[Write("providers/demand/2026.yaml", "period: \"2026\"\nstarts: 2026-01-01\nends: 2026-12-31\ncounts:\n  - area: hackney\n    intervention: family-therapy\n    panel_requests: 2\n")], "providers/demand/2026.yaml", At::Text("starts:"), "before period `2025-26` ends (2026-03-31)").help("must not overlap"),
        case("demand: ends before it starts", &[Replace(DEMAND, "ends: 2026-03-31", "ends: 2025-03-31")], DEMAND, At::Text("ends:"), "period ends (2025-03-31) before it starts"),
        case("demand: count with no figures", &[Replace(DEMAND, "    panel_requests: 6\n    call_offs: 6\n", "")], DEMAND, At::Text("  - area: newham"), "a count with no figures").warning(),
        // ---- files -----------------------------------------------------------------------
        case("empty provider file", &[Write("providers/orgs/empty.yaml", "")], "providers/orgs/empty.yaml", At::File, "file is empty"),
        case("blank provider file", &[Write("providers/orgs/empty.yaml", "\n  \n")], "providers/orgs/empty.yaml", At::File, "file is empty"),
        case("not utf-8", &[Bytes("providers/orgs/latin1.yaml", b"name: Caf\xe9\nlegal_form: charity\n")], "providers/orgs/latin1.yaml", At::Line(1), "not valid UTF-8"),
        case(".yml file", &[Write("providers/orgs/oak.yml", "name: Oak\n")], "providers/orgs/oak.yml", At::File, "end in .yaml, not .yml"),
        case("stray register file", &[Write("providers/notes.yaml", "a: 1\n")], "providers/notes.yaml", At::File, "not part of the register").warning(),
        case("missing areas file", &[Remove(AREAS)], AREAS, At::File, "cannot read file"),
        case("no providers folder", &[RemoveDir("providers")], "providers", At::File, "no providers/ folder"),
        case("missing site.yaml", &[Remove("site.yaml")], "site.yaml", At::File, "cannot read file").help("pass --root"),
        case("site.yaml unknown field", &[Replace("site.yaml", "page_size: 50", "page_sise: 50")], "site.yaml", At::Text("page_sise"), "unknown field `page_sise`").help("page_size"),
        case("unknown theme", &[Replace("site.yaml", "page_size: 50", "theme: fancy")], "site.yaml", At::File, "theme `fancy` not found"),
        case("search: unknown facet", &[Replace("site.yaml", "page_size: 50", "page_size: 50\nsearch:\n  facets: [intervention, aera, age]")], "site.yaml", At::Text("aera"), "unknown facet `aera`").help("did you mean `area`?"),
        case("search: unknown facet label", &[Replace("site.yaml", "page_size: 50", "page_size: 50\nsearch:\n  labels:\n    langauge: Spoken language")], "site.yaml", At::Text("langauge"), "unknown facet `langauge`").help("did you mean `language`?"),
        case("search: unknown sort", &[Replace("site.yaml", "page_size: 50", "page_size: 50\nsearch:\n  sort: wiat")], "site.yaml", At::Text("wiat"), "unknown sort order `wiat`").help("did you mean `wait`?"),
        // ---- several mistakes in one record: the later ones are reported in the same run ----
        case("age range as a list, then a bad legal form", &[Replace(ACORN, "ages: 4-18", "ages: [4, 18]"), Replace(ACORN, "legal_form: charity", "legal_form: limited company")], ACORN, At::Text("legal_form:"), "unknown variant `limited company`"),
        case("age range as a list, then a wait in words", &[Replace(ACORN, "ages: 4-18", "ages: [4, 18]"), Replace(ACORN, "wait_weeks: 6", "wait_weeks: six")], ACORN, At::Text("wait_weeks:"), "`wait_weeks` must be a whole number"),
        case("age range as a list is itself reported", &[Replace(ACORN, "ages: 4-18", "ages: [4, 18]"), Replace(ACORN, "wait_weeks: 6", "wait_weeks: six")], ACORN, At::Text("ages:"), "`ages`"),
        case("a mapping for a name, then a misspelt field", &[Replace(ACORN, "summary: Family", "summary: {text: Family"), Replace(ACORN, "adoptive and kinship families.", "adoptive and kinship families.}"), Replace(ACORN, "reviewed:", "reveiwed:")], ACORN, At::Text("reveiwed:"), "unknown field `reveiwed`").help("did you mean `reviewed`?"),
        case("three mistakes: the third", &[Replace(ACORN, "ages: 4-18", "ages: [4, 18]"), Replace(ACORN, "legal_form: charity", "legal_form: charty"), Replace(ACORN, "accepting: true", "accepting: [yes]")], ACORN, At::Text("accepting:"), "`accepting` must be `true` or `false`"),
        case("framework: a list for a date, then a misspelt route", &[Replace(NEL, "starts: 2024-04-01", "starts: [2024-04-01]"), Replace(NEL, "route: open-framework", "route: open-framwork")], NEL, At::Text("route:"), "unknown variant `open-framwork`").help("did you mean `open-framework`?"),
        case("area entry: two mistakes", &[Replace(AREAS, "  kind: local-authority\n  gss: E09000025", "  kind: local-authority\n  gss: [E09000025]\n  parnet: london")], AREAS, At::Text("parnet:"), "unknown field `parnet`"),
        case("ASGSF on speech and language therapy", &[Replace(IVS, "funding: [dsg-high-needs, icb]", "funding: [asgsf, dsg-high-needs, icb]")], IVS, At::Text("funding: [asgsf, dsg"), "the Adoption and Special Guardianship Support Fund does not pay for Speech and language therapy"),
        case("NHS trust in another sector", &[Replace(ACORN, "legal_form: charity", "legal_form: local-authority\nsector: nhs")], ACORN, At::Text("sector:"), "not NHS"),
        // ---- flow style: every entry has its line ----------------------------------------
        case("flow-style area with an unknown parent", &[Replace(AREAS, "- id: newham", "- {id: nowhere-town, name: Nowhere, kind: local-authority, parent: nowhere}\n- id: newham")], AREAS, At::Text("{id: nowhere-town"), "unknown area `nowhere`"),
        case("areas file one flow list", &[Write(AREAS, "[{id: london, name: London, kind: region},\n {id: hackney, name: Hackney, kind: local-authority, parent: london},\n {id: newham, name: Newham, kind: local-authority, parent: nowhere}]\n")], AREAS, At::Text("parent: nowhere"), "unknown area `nowhere`"),
        case("flow-style area with a bad code", &[Replace(AREAS, "- id: newham", "- {id: x-town, name: X, kind: local-authority, gss: E0900}\n- id: newham")], AREAS, At::Text("{id: x-town"), "`E0900` is not a GSS code"),
        case("flow-style area with an unknown field", &[Replace(AREAS, "- id: newham", "- {id: y-town, name: Y, kind: local-authority, parnet: london}\n- id: newham")], AREAS, At::Text("{id: y-town"), "unknown field `parnet`"),
        case("flow-style intervention without funding", &[Replace(IVS, "- id: speech-and-language-therapy", "- {id: art, name: Art therapy, group: Creative, category: creative-therapy, summary: Art., funding: []}\n- id: speech-and-language-therapy")], IVS, At::Text("{id: art"), "no funding route"),
        // ---- content ---------------------------------------------------------------------
        case("no front matter", &[Write("content/guides/plain.md", "# Hello\n")], "content/guides/plain.md", At::Line(1), "no front matter"),
        case("front matter not closed", &[Write("content/guides/open.md", "---\ntitle: Open\nbody\n")], "content/guides/open.md", At::Line(1), "not closed"),
        case("front matter unknown field", &[Replace(FEES, "title: Fees", "titel: Fees")], FEES, At::Text("titel"), "unknown field `titel`").help("did you mean `title`?"),
        case("front matter missing title", &[Replace(FEES, "title: Fees\n", "")], FEES, At::Line(2), "missing field `title`"),
        case("front matter bad kind", &[Replace(PRACTICE, "kind: standards", "kind: standard")], PRACTICE, At::Text("kind:"), "unknown variant `standard`").help("standards"),
        case("content file name with space", &[Write("content/guides/My Guide.md", "---\ntitle: Mine\n---\nHi\n")], "content/guides/My Guide.md", At::File, "is not URL-safe").help("content/guides/my-guide.md"),
        case("content folder name unsafe", &[Write("content/Guides Old/x.md", "---\ntitle: X\n---\nHi\n")], "content/Guides Old/x.md", At::File, "`Guides Old` in the file's path is not URL-safe"),
        case("content page on a register page", &[Write("content/providers.md", "---\ntitle: P\n---\nHi\n")], "content/providers.md", At::File, "already the providers index"),
        case("content page on a provider page", &[Write("content/providers/acorn.md", "---\ntitle: P\n---\nHi\n")], "content/providers/acorn.md", At::File, "already the page of provider `acorn`"),
        case("two content pages on one address", &[Write("content/guides/fees/_index.md", "---\ntitle: F\n---\nHi\n")], FEES, At::File, "already content/guides/fees/_index.md"),
        case("content page on a print page", &[Write("content/handbook/standards/print.md", "---\ntitle: P\n---\nHi\n")], "content/handbook/standards/print.md", At::File, "already the printable page"),
        case("unknown template", &[Replace(FEES, "weight: 2", "weight: 2\ntemplate: fancy.html")], FEES, At::Text("template:"), "template `fancy.html` does not exist"),
        case("bad prefix", &[Replace("content/handbook/standards/_index.md", "prefix: TS", "prefix: \"T S\"")], "content/handbook/standards/_index.md", At::Text("prefix:"), "not a run of letters and digits"),
        case("script in prefix", &[Replace("content/handbook/standards/_index.md", "prefix: TS", "prefix: \"<b>\"")], "content/handbook/standards/_index.md", At::Text("prefix:"), "not a run of letters"),
        case("numbered page without prefix", &[Replace("content/handbook/standards/_index.md", "prefix: TS\n", "")], PRACTICE, At::File, "numbered page has no id prefix"),
        case("item outside its topic", &[Replace(PRACTICE, "## 1.2 Reflective", "## 2.2 Reflective")], PRACTICE, At::Text("## 2.2"), "numbered outside topic 1"),
        case("item numbered twice", &[Replace(PRACTICE, "## 1.2 Reflective", "## 1.1 Reflective")], PRACTICE, At::Text("## 1.1 Reflective"), "`TS-1.1` is numbered twice"),
        case("competency aligned with nothing", &[Replace(RELATIONAL, " {aligns=TS-1.2}", "")], RELATIONAL, At::Text("## 1.1"), "names no standard it aligns with"),
        case("unknown heading attribute", &[Replace(RELATIONAL, "{aligns=TS-1.2}", "{aligns=TS-1.2 colour=red}")], RELATIONAL, At::Text("## 1.1"), "unknown heading attribute `colour=red`"),
        case("content not utf-8", &[Bytes("content/guides/latin1.md", b"---\ntitle: Caf\xe9\n---\n")], "content/guides/latin1.md", At::Line(2), "not valid UTF-8"),
    ]
}

const MINI: &str = "name: Oak\nlegal_form: charity\nsummary: x\nservices:\n  - intervention: family-therapy\n    ages: 4-18\n    delivery: [online]\n    accepting: true\ncontact:\n  email: a@b.example\n  referral: x\nreviewed: 2026-06-30\n";

const DEEP: &str = "- [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n";

/// Stands for seventy thousand bytes of description: over the field's limit, well under
/// the file's.
const LONG: &str = "@@LONG@@";

/// Copies the minimal site into a fresh folder and applies the edits.
fn mutated(edits: &[Edit]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_site(&repo_root().join("tests/fixtures/minimal"), dir.path());
    for e in edits {
        match *e {
            Replace(f, from, to) => {
                let p = dir.path().join(f);
                let text = std::fs::read_to_string(&p).unwrap();
                assert_eq!(text.matches(from).count(), 1, "`{from}` should occur once in {f}");
                std::fs::write(&p, text.replacen(from, &expand(to), 1)).unwrap();
            }
            Write(f, text) => write(&dir.path().join(f), expand(text).as_bytes()),
            Bytes(f, b) => write(&dir.path().join(f), b),
            Remove(f) => std::fs::remove_file(dir.path().join(f)).unwrap(),
            RemoveDir(f) => std::fs::remove_dir_all(dir.path().join(f)).unwrap(),
        }
    }
    dir
}

/// `LONG` stands for a description long enough to pass the field's limit.
fn expand(s: &str) -> String {
    let para = format!("\n  {}\n", "A long paragraph about the service. ".repeat(40));
    s.replace(LONG, para.repeat(70_000 / para.len() + 1).trim_start()).replace("@@BOMB@@", bomb())
}

fn write(p: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

/// Runs `check --format json` and returns the exit code and the parsed report.
fn check_json(root: &Path, extra: &[&str]) -> (i32, Value) {
    let out = bin()
        .args(["check", "--today", TODAY, "--format", "json", "--root"])
        .arg(root)
        .args(extra)
        .output()
        .expect("run landscape");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let v: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("check printed no JSON ({e}):\n{stdout}\n{}", stderr(&out)));
    (out.status.code().unwrap_or(-1), v)
}

fn run_case(c: &Case) -> Result<(), String> {
    let dir = mutated(c.edits);
    let (code, report) = check_json(dir.path(), c.args);
    let diags = report["diagnostics"].as_array().cloned().unwrap_or_default();
    let expect_line = match c.at {
        At::Text(t) => {
            let text = String::from_utf8_lossy(&std::fs::read(dir.path().join(c.file)).unwrap()).into_owned();
            let Some(i) = text.find(t) else { return Err(format!("`{t}` is not in {}", c.file)) };
            Some(text[..i].matches('\n').count() + 1)
        }
        At::Line(n) => Some(n),
        At::File => None,
    };
    let found = diags.iter().find(|d| {
        d["file"].as_str() == Some(c.file)
            && d["message"].as_str().is_some_and(|m| m.contains(c.message))
            && d["severity"].as_str() == Some(c.severity)
    });
    let Some(d) = found else {
        return Err(format!("no {} in {} containing `{}`; got {:#}", c.severity, c.file, c.message, report));
    };
    let mut problems = Vec::new();
    if code != c.exit {
        problems.push(format!("exit {code}, expected {}", c.exit));
    }
    if let Some(l) = expect_line {
        if d["line"].as_u64() != Some(l as u64) {
            problems.push(format!("line {}, expected {l}", d["line"]));
        }
        if !d["column"].is_u64() {
            problems.push("no column".to_string());
        }
    }
    if let Some(f) = c.field {
        if d["field"].as_str() != Some(f) {
            problems.push(format!("field {}, expected `{f}`", d["field"]));
        }
    }
    if let Some(h) = c.help {
        if !d["suggestion"].as_str().is_some_and(|s| s.contains(h)) {
            problems.push(format!("suggestion {}, expected one containing `{h}`", d["suggestion"]));
        }
    }
    // Every diagnostic of the run, not only the one looked for, says each thing once.
    for other in &diags {
        if let Some(twice) = said_twice(other) {
            problems.push(format!("{twice}: {other:#}"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{}; diagnostic: {d:#}", problems.join("; ")))
    }
}

/// What a diagnostic says twice, if anything: a value followed by itself in brackets
/// ("Speech and language therapy (speech and language therapy)"), or the same list of
/// choices in both its message and its suggestion.
fn said_twice(d: &Value) -> Option<String> {
    let m = d["message"].as_str().unwrap_or_default();
    let mut rest = m;
    while let Some(open) = rest.find('(') {
        let Some(close) = rest[open..].find(')') else { break };
        let inside = rest[open + 1..open + close].to_lowercase();
        let n = inside.split_whitespace().count();
        let before: Vec<&str> = rest[..open].split_whitespace().collect();
        if n > 0 && before.len() >= n && before[before.len() - n..].join(" ").to_lowercase() == inside {
            return Some(format!("`{inside}` said twice in the message"));
        }
        rest = &rest[open + close..];
    }
    let s = d["suggestion"].as_str().unwrap_or_default();
    if m.contains("expected one of") && s.contains("expected one of") {
        return Some("the choices are listed in both the message and the suggestion".into());
    }
    None
}

#[test]
fn the_minimal_site_is_clean() {
    let dir = mutated(&[]);
    let (code, report) = check_json(dir.path(), &["--deny-warnings"]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["diagnostics"].as_array().unwrap().len(), 0, "{report:#}");
}

#[test]
fn every_bad_input_is_reported_where_it_is() {
    let cases = cases();
    assert!(cases.len() >= 60, "the corpus has {} cases", cases.len());
    let failures: Vec<String> =
        cases.iter().filter_map(|c| run_case(c).err().map(|e| format!("{}: {e}", c.name))).collect();
    assert!(failures.is_empty(), "{} of {} cases failed:\n\n{}", failures.len(), cases.len(), failures.join("\n\n"));
}

#[test]
fn one_run_reports_load_and_link_errors_together() {
    let dir = mutated(&[
        // A load error: acorn.yaml does not parse.
        Replace(ACORN, "accepting: true", "accepting: maybe"),
        // A front-matter error in one page.
        Replace(FEES, "title: Fees", "titel: Fees"),
        // Link errors in records and pages that did load.
        Replace(BIRCH, "areas: [hackney]", "areas: [hackny]"),
        Replace(CHOOSING, "[[TS-1.1]]", "[[TS-1.7]]"),
        Replace(SCHEMES, "assesses: [TS-1.1]", "assesses: [TS-9.9]"),
    ]);
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let got: Vec<(String, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["file"].as_str().unwrap().to_string(), d["message"].as_str().unwrap().to_string()))
        .collect();
    for (file, words) in [
        (ACORN, "`accepting` must be `true` or `false`"),
        (FEES, "unknown field `titel`"),
        (BIRCH, "unknown area `hackny`"),
        (CHOOSING, "[[TS-1.7]]"),
        (SCHEMES, "unknown standard `TS-9.9`"),
    ] {
        assert!(got.iter().any(|(f, m)| f == file && m.contains(words)), "no `{words}` in {file}: {got:#?}");
    }
    // acorn could not be read, so [[provider:acorn]] is not a second error, and the broken
    // fees page does not make the link to it one either.
    assert!(!got.iter().any(|(_, m)| m.contains("provider:acorn") || m.contains("/guides/fees/")), "{got:#?}");
    assert_eq!(report["errors"].as_u64(), Some(5), "{got:#?}");
}

#[test]
fn an_unreadable_record_hides_no_other_error_and_adds_none() {
    // The framework does not parse: providers on its lots are not told it is unknown...
    let dir = mutated(&[Replace(NEL, "route: open-framework", "route: [open")]);
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let diags = report["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 1, "{report:#}");
    assert_eq!(diags[0]["file"], NEL);

    // ...and when areas.yaml has a syntax error, no area reference can be checked, but
    // every other reference still is.
    let dir = mutated(&[
        Replace(AREAS, "  name: Hackney", "  name: [Hackney"),
        Replace(BIRCH, "scheme: ofsted", "scheme: ofstd"),
        Replace(CHOOSING, "[fees guide](/guides/fees/)", "[fees guide](/guides/feez/)"),
    ]);
    let (_, report) = check_json(dir.path(), &[]);
    let files: Vec<&str> =
        report["diagnostics"].as_array().unwrap().iter().map(|d| d["file"].as_str().unwrap()).collect();
    assert_eq!(files, [CHOOSING, AREAS, BIRCH], "{report:#}");

    // One bad entry in a list file: the others are read, and references to them resolve.
    let dir =
        mutated(&[Replace(AREAS, "  kind: local-authority\n  gss: E09000025", "  kind: borough\n  gss: E09000025")]);
    let (_, report) = check_json(dir.path(), &[]);
    let diags = report["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 1, "{report:#}");
    assert!(diags[0]["message"].as_str().unwrap().contains("unknown variant `borough`"));
}

#[test]
fn human_output_shows_the_line_and_a_caret() {
    let dir = mutated(&[Replace(ACORN, "areas: [hackney, newham]", "areas: [hackny, newham]")]);
    let out = bin().args(["check", "--today", TODAY, "--root"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let line =
        std::fs::read_to_string(dir.path().join(ACORN)).unwrap().lines().position(|l| l.contains("hackny")).unwrap()
            + 1;
    assert!(err.contains("error: unknown area `hackny`"), "{err}");
    assert!(err.contains(&format!("--> providers/orgs/acorn.yaml:{line}:13 (field `services[0].areas[0]`)")), "{err}");
    assert!(err.contains(&format!("{line} |     areas: [hackny, newham]")), "{err}");
    assert!(err.contains("|             ^^^^^^\n"), "{err}");
    assert!(err.contains("= help: did you mean `hackney`?"), "{err}");
    assert!(err.contains("1 error, 0 warnings"), "{err}");
}

/// The caret under a wrong value spans all of it, spaces and all, and no more.
#[test]
fn the_caret_spans_the_whole_wrong_value() {
    let dir = mutated(&[Replace(ACORN, "legal_form: charity", "legal_form: limited company   # as on the letterhead")]);
    let out = bin().args(["check", "--today", TODAY, "--root"]).arg(dir.path()).output().unwrap();
    let err = stderr(&out);
    assert!(err.contains("error: unknown variant `limited company`\n"), "{err}");
    assert!(err.contains("| legal_form: limited company   # as on the letterhead\n"), "{err}");
    assert!(err.contains(&format!("|             {}\n", "^".repeat("limited company".len()))), "{err}");
    // A value found from its field's path (a link error) is pointed at, not its key.
    let dir =
        mutated(&[Replace(AREAS, "gss: E09000012\n  parent: london\n", "gss: E09000012\n  parent: north london\n")]);
    let out = bin().args(["check", "--today", TODAY, "--root"]).arg(dir.path()).output().unwrap();
    let err = stderr(&out);
    assert!(err.contains("unknown area `north london`"), "{err}");
    assert!(err.contains(&format!("| {}{}\n", " ".repeat(10), "^".repeat("north london".len()))), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    let dir = mutated(&[]);
    let out = bin().args(["check", "--format", "xml", "--root"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = bin().args(["check", "--today", "tomorrow", "--root"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = bin().args(["check", "--root"]).arg(dir.path().join("nowhere")).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn json_and_human_report_the_same_diagnostics() {
    let dir = mutated(&[
        Replace(ACORN, "expires: 2027-04-30", "expires: 2026-01-31"),
        Replace(BIRCH, "grade: Good", "grade: Excellent"),
    ]);
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!((report["errors"].as_u64(), report["warnings"].as_u64()), (Some(1), Some(1)));
    let out = bin().args(["check", "--today", TODAY, "--root"]).arg(dir.path()).output().unwrap();
    let human = stderr(&out);
    for d in report["diagnostics"].as_array().unwrap() {
        let head = format!("{}: {}", d["severity"].as_str().unwrap(), d["message"].as_str().unwrap());
        let at = format!("--> {}:{}:{}", d["file"].as_str().unwrap(), d["line"], d["column"]);
        assert!(human.contains(&head) && human.contains(&at), "{head} {at} not in\n{human}");
        for key in ["severity", "file", "line", "column", "field", "message", "suggestion"] {
            assert!(d.get(key).is_some(), "no `{key}` in {d}");
        }
    }
}

#[test]
fn link_knows_every_page_a_build_writes() {
    // The pages link checks markdown links against are worked out from the records; they
    // must be exactly the pages render writes, or a good link would be refused.
    for root in [repo_root(), repo_root().join("tests/fixtures/minimal")] {
        let tmp = tempfile::tempdir().unwrap();
        let out = build(&root, tmp.path(), &[]);
        assert!(out.status.success(), "{}", stderr(&out));
        let built: std::collections::BTreeSet<String> =
            tree(tmp.path()).keys().filter_map(|k| k.strip_suffix("index.html")).map(str::to_string).collect();
        let mut diags = landscape::diagnostic::Diagnostics::default();
        let mut report = landscape::pipeline::Report::default();
        let (site, _) =
            landscape::pipeline::load_and_link(&root, TODAY.parse().unwrap(), &mut diags, &mut report).unwrap();
        let urls = landscape::render::pages::site_urls_of(&site);
        let unknown: Vec<&String> = built.iter().filter(|u| urls.owner(u).is_none()).collect();
        assert!(unknown.is_empty(), "built but unknown to link: {unknown:?}");
        let missing: Vec<&str> = urls.urls().filter(|u| !built.contains(*u)).collect();
        assert!(missing.is_empty(), "known to link but not built: {missing:?}");
    }
}

/// The short provider record in the README, dropped into the example region, checks clean:
/// the README shows a record that works.
#[test]
fn the_readme_provider_record_checks_clean() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let start = readme.find("# providers/orgs/acorn-tree-therapies.yaml\n").expect("the README's provider record");
    let record = &readme[start..start + readme[start..].find("```").expect("end of the block")];
    let dir = tempfile::tempdir().unwrap();
    copy_site(&repo_root(), dir.path());
    write(&dir.path().join("providers/orgs/acorn-tree-therapies.yaml"), record.as_bytes());
    let (code, v) = check_json(dir.path(), &[]);
    let acorn: Vec<&Value> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"].as_str().is_some_and(|f| f.ends_with("acorn-tree-therapies.yaml")))
        .collect();
    assert!(acorn.is_empty(), "{acorn:#?}");
    assert_eq!(code, 0, "{v:#}");
}
