/*!
The domain: the records of the register and the pages of the handbook, exactly as an editor
writes them.

Every type here is what the **load** stage hands to the **link** stage. Nothing in this
module knows about files, YAML or HTML; a field added to a provider is added here (the shape),
in `link` (its validation and cross-references) and in the theme template that shows it.
The editors' JSON Schemas are derived from these types (`load::schema`): a field's doc
comment is what an editor shows on hovering it, so say there, in the register's words, what
the field is for; then run `landscape schema`.

Records refer to one another by [`Id`], a URL-safe slug. The link stage resolves every id
and refuses a register with a dangling one, so later stages never see a broken reference.
*/

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

pub use crate::date::Date;
pub use crate::geo::Postcode;

/// A date as the loader reads it: `YYYY-MM-DD`. (That the day is in the calendar, not
/// 30 February, is for `check` to say.)
impl JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
            "description": "A date, written YYYY-MM-DD.",
            "examples": ["2026-04-01"]
        })
    }
}

/// A stable identifier: lower-case ASCII letters, digits and single hyphens. It becomes a
/// URL path segment, so it must never hold `/`, `.` or `%`.
pub type Id = String;

// ---------------------------------------------------------------------------------------
// Areas, interventions, schemes: the reference lists
// ---------------------------------------------------------------------------------------

/// A geographical area. Areas nest: a provider covering a region covers its authorities.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Area {
    /// The area's id, cited by services, lots and other areas: `hackney`.
    pub id: Id,
    /// Its name as people in the area write it.
    pub name: String,
    /// Nation, region, sub-region or local authority.
    pub kind: AreaKind,
    /// ONS GSS code (E06…, E07…, E08…, E09…, E10…; regions E12…).
    #[serde(default)]
    pub gss: Option<String>,
    /// The id of the area it is part of: a local authority's region.
    #[serde(default)]
    pub parent: Option<Id>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AreaKind {
    Nation,
    Region,
    SubRegion,
    LocalAuthority,
}

/// A kind of therapeutic service, with the funding routes that can pay for it.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Intervention {
    /// The intervention's id, cited by services and lots: `family-therapy`.
    pub id: Id,
    /// Its name, as families and commissioners know it.
    pub name: String,
    /// The heading it is listed under.
    pub group: String,
    /// One or two plain-English sentences: what it is.
    pub summary: String,
    /// What kind of support it is. Rules that depend on the kind (which funds pay for it)
    /// are keyed on this, never on words in the id or name.
    pub category: Category,
    /// Who it helps, in plain words.
    #[serde(default)]
    pub helps: Option<String>,
    /// The routes that may pay for this intervention. A service may only claim these.
    pub funding: Vec<FundingRoute>,
}

/// The kind of an intervention, from a fixed list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    TalkingTherapy,
    CreativeTherapy,
    FamilyAndParenting,
    ResidentialCare,
    SpeechAndLanguageTherapy,
    OccupationalTherapy,
    Physiotherapy,
    Assessment,
    Other,
}

impl Category {
    pub fn label(self) -> &'static str {
        match self {
            Category::TalkingTherapy => "Talking therapy",
            Category::CreativeTherapy => "Creative therapy",
            Category::FamilyAndParenting => "Family and parenting",
            Category::ResidentialCare => "Residential care",
            Category::SpeechAndLanguageTherapy => "Speech and language therapy",
            Category::OccupationalTherapy => "Occupational therapy",
            Category::Physiotherapy => "Physiotherapy",
            Category::Assessment => "Assessment",
            Category::Other => "Other",
        }
    }

    /// The Adoption and Special Guardianship Support Fund has not paid for speech and
    /// language therapy, occupational therapy or physiotherapy since April 2025.
    pub fn asgsf_excluded(self) -> bool {
        matches!(self, Category::SpeechAndLanguageTherapy | Category::OccupationalTherapy | Category::Physiotherapy)
    }
}

/// A named practice model from the register's list (`practice-models.yaml`), so providers
/// that work the same way can be counted and found together.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PracticeModel {
    /// The practice model's id, cited by providers' `practice_models`.
    pub id: Id,
    /// Its name.
    pub name: String,
    /// What it means in practice, in plain words.
    pub summary: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum FundingRoute {
    /// Adoption and Special Guardianship Support Fund (formerly the Adoption Support Fund).
    Asgsf,
    /// Dedicated Schools Grant, high-needs block.
    DsgHighNeeds,
    /// The council's own children's services budget.
    Council,
    /// An Integrated Care Board.
    Icb,
    /// Paid for by the family.
    SelfFunded,
}

impl FundingRoute {
    pub fn label(self) -> &'static str {
        match self {
            FundingRoute::Asgsf => "Adoption and Special Guardianship Support Fund",
            FundingRoute::DsgHighNeeds => "Dedicated Schools Grant (high needs)",
            FundingRoute::Council => "Council children's services",
            FundingRoute::Icb => "Integrated Care Board (NHS)",
            FundingRoute::SelfFunded => "Self-funded",
        }
    }
}

/// An accreditation, registration, professional register or membership scheme.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scheme {
    /// The scheme's id, cited by awards: `ofsted`.
    pub id: Id,
    /// Its name.
    pub name: String,
    /// The body that makes the award. Optional: shown as "Not stated" when absent.
    #[serde(default)]
    pub body: Option<String>,
    /// The scheme's public page. Optional.
    #[serde(default)]
    pub url: Option<String>,
    /// Accreditation, registration, professional register or membership.
    pub kind: SchemeKind,
    /// What the scheme assures, in plain words. Optional: shown as "Not stated" when absent.
    #[serde(default)]
    pub summary: Option<String>,
    /// The grade scale, best first. Absent for schemes that do not grade.
    #[serde(default)]
    pub grades: Vec<String>,
    /// Handbook standards (ids such as `TS-3.2`) this scheme assesses against.
    #[serde(default)]
    pub assesses: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SchemeKind {
    Accreditation,
    Registration,
    ProfessionalRegister,
    Membership,
}

// ---------------------------------------------------------------------------------------
// Frameworks and lots
// ---------------------------------------------------------------------------------------

/// A commissioning framework, split into lots. One file per framework; its id is the file
/// name without `.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    /// Optional: the file name is the id. If given, it must be the file name.
    #[serde(default)]
    pub id: Id,
    /// The framework's full name.
    pub name: String,
    /// The lead commissioner.
    pub lead: String,
    /// The other commissioners that buy through it.
    #[serde(default)]
    pub partners: Vec<String>,
    /// The procurement route: open framework, dynamic purchasing system or approved list.
    pub route: ProcurementRoute,
    /// One or two plain sentences: what it buys, for whom. Optional: shown as "Not stated"
    /// when absent.
    #[serde(default)]
    pub summary: Option<String>,
    /// The areas the framework covers: what a lot that names no areas covers. When absent,
    /// the whole of the site's region (every area with no parent).
    #[serde(default)]
    pub areas: Vec<Id>,
    /// The day the framework starts.
    pub starts: Date,
    /// The day the framework ends.
    pub ends: Date,
    /// Dates on which the framework re-opens to new providers.
    #[serde(default)]
    pub reopens: Vec<Date>,
    /// The funding routes that pay for what it buys.
    #[serde(default)]
    pub funding: Vec<FundingRoute>,
    /// A below-threshold reservation, if the framework is reserved.
    #[serde(default)]
    pub reservation: Option<Reservation>,
    /// The procurement regime it was let under.
    #[serde(default)]
    pub regime: Option<Regime>,
    /// When the procurement started, which decides the reservation notice that applies;
    /// `starts` is used when absent.
    #[serde(default)]
    pub procurement_started: Option<Date>,
    /// The framework's public page or tender notice.
    #[serde(default)]
    pub url: Option<String>,
    /// The lots: each a part of what it buys, with its own providers.
    pub lots: Vec<Lot>,
}

/// The procurement regime: the light-touch regime for social and health services, or the
/// standard rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Regime {
    LightTouch,
    Standard,
}

impl Regime {
    pub fn label(self) -> &'static str {
        match self {
            Regime::LightTouch => "Light-touch regime",
            Regime::Standard => "Standard procurement rules",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ProcurementRoute {
    OpenFramework,
    DynamicPurchasingSystem,
    ApprovedProviderList,
}

/// A below-threshold reservation: by location, optionally also to SMEs and voluntary
/// organisations.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reservation {
    /// The areas the procurement is reserved to providers in.
    pub areas: Vec<Id>,
    /// Also reserved to small and medium businesses and voluntary organisations.
    #[serde(default)]
    pub sme_vcse: bool,
    /// The procurement policy note it was reserved under.
    #[serde(default)]
    pub notice: Option<ReservationNotice>,
}

/// PPN 11/20 for procurements started before 24 February 2025, PPN 005 from that day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum ReservationNotice {
    #[serde(rename = "ppn-005")]
    Ppn005,
    #[serde(rename = "ppn-11-20")]
    Ppn1120,
}

impl ReservationNotice {
    pub fn label(self) -> &'static str {
        match self {
            ReservationNotice::Ppn005 => "PPN 005",
            ReservationNotice::Ppn1120 => "PPN 11/20",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Lot {
    /// A stable id, unique across the register. Link gives a lot without one
    /// `<framework-id>-lot-<number>`.
    #[serde(default)]
    pub id: Id,
    /// The lot's number on the framework, 1 first; memberships cite it.
    pub number: u32,
    /// The lot's title.
    pub title: String,
    /// What the lot buys, in plain words.
    #[serde(default)]
    pub summary: Option<String>,
    /// The ids of the interventions the lot buys.
    pub interventions: Vec<Id>,
    /// The ids of the areas the lot covers. When absent, the framework's `areas` (and when
    /// those are absent too, the whole of the site's region): link fills them in.
    #[serde(default)]
    pub areas: Vec<Id>,
    /// How a placement is made from the lot.
    pub call_off: CallOff,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CallOff {
    DirectAward,
    RankedList,
    MiniCompetition,
    FamilyChoice,
}

// ---------------------------------------------------------------------------------------
// Providers
// ---------------------------------------------------------------------------------------

/// An organisation on the register. One file per provider; its id is the file name.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    /// Optional: the file name is the id. If given, it must be the file name.
    #[serde(default)]
    pub id: Id,
    /// The organisation's name, as it trades.
    pub name: String,
    /// The kind of organisation in law: charity, company, NHS trust and so on.
    pub legal_form: LegalForm,
    /// A small or medium-sized enterprise (SME). Leave it out when not known: the site then
    /// says "Not stated" and the exports leave it out, rather than say "no".
    #[serde(default)]
    pub sme: Option<bool>,
    /// A voluntary, community or social enterprise organisation. Leave it out when not
    /// known, as `sme`.
    #[serde(default)]
    pub vcse: Option<bool>,
    /// Council, NHS, independent or voluntary; derived from `legal_form` when absent.
    #[serde(default)]
    pub sector: Option<Sector>,
    /// Its numbers on public registers.
    #[serde(default)]
    pub registrations: Registrations,
    /// One line: what they do, for whom.
    pub summary: String,
    /// Markdown. Untrusted: sanitised when rendered.
    #[serde(default)]
    pub description: String,
    /// The practice model in the provider's words (markdown).
    #[serde(default)]
    pub practice_model: Option<String>,
    /// Practice models from the register's list that this provider works to.
    #[serde(default)]
    pub practice_models: Vec<Id>,
    /// Languages of every service that names none of its own.
    #[serde(default)]
    pub languages: Vec<String>,
    /// What it offers: one entry per intervention.
    pub services: Vec<Service>,
    /// Its places on framework lots.
    #[serde(default)]
    pub lots: Vec<LotMembership>,
    /// Its accreditations and registrations.
    #[serde(default)]
    pub awards: Vec<Award>,
    /// Its answers to the technical governance checklist.
    #[serde(default)]
    pub governance: Governance,
    /// How to reach it and how to refer.
    pub contact: Contact,
    /// The date the register last confirmed this listing with the provider.
    pub reviewed: Date,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum LegalForm {
    Charity,
    CharitableIncorporatedOrganisation,
    CommunityInterestCompany,
    Company,
    Partnership,
    SoleTrader,
    LocalAuthority,
    NhsTrust,
    LimitedLiabilityPartnership,
    CommunityBenefitSociety,
}

impl LegalForm {
    /// Every legal form, in the order of the enum.
    pub const ALL: [LegalForm; 10] = [
        LegalForm::Charity,
        LegalForm::CharitableIncorporatedOrganisation,
        LegalForm::CommunityInterestCompany,
        LegalForm::Company,
        LegalForm::Partnership,
        LegalForm::SoleTrader,
        LegalForm::LocalAuthority,
        LegalForm::NhsTrust,
        LegalForm::LimitedLiabilityPartnership,
        LegalForm::CommunityBenefitSociety,
    ];

    /// The sector a provider of this legal form is in, unless its record says otherwise.
    pub fn sector(self) -> Sector {
        match self {
            LegalForm::LocalAuthority => Sector::Council,
            LegalForm::NhsTrust => Sector::Nhs,
            LegalForm::Charity
            | LegalForm::CharitableIncorporatedOrganisation
            | LegalForm::CommunityBenefitSociety
            | LegalForm::CommunityInterestCompany => Sector::Voluntary,
            LegalForm::Company
            | LegalForm::LimitedLiabilityPartnership
            | LegalForm::Partnership
            | LegalForm::SoleTrader => Sector::Independent,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            LegalForm::Charity => "Registered charity",
            LegalForm::CharitableIncorporatedOrganisation => "Charitable incorporated organisation",
            LegalForm::CommunityInterestCompany => "Community interest company",
            LegalForm::Company => "Limited company",
            LegalForm::Partnership => "Partnership",
            LegalForm::SoleTrader => "Sole trader",
            LegalForm::LocalAuthority => "Local authority",
            LegalForm::NhsTrust => "NHS trust",
            LegalForm::LimitedLiabilityPartnership => "Limited liability partnership",
            LegalForm::CommunityBenefitSociety => "Community benefit society",
        }
    }
}

/// Who runs a provider: the council itself (in-house), the NHS, an independent business or
/// a voluntary organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Sector {
    Council,
    Nhs,
    Independent,
    Voluntary,
}

impl Sector {
    pub fn label(self) -> &'static str {
        match self {
            Sector::Council => "Council-run",
            Sector::Nhs => "NHS",
            Sector::Independent => "Independent",
            Sector::Voluntary => "Voluntary or community",
        }
    }
}

impl Provider {
    /// The provider's sector: as recorded, else as its legal form implies.
    pub fn sector(&self) -> Sector {
        self.sector.unwrap_or_else(|| self.legal_form.sector())
    }

    /// Whether the record says it is an SME (not stated counts as not saying so).
    pub fn is_sme(&self) -> bool {
        self.sme == Some(true)
    }

    /// Whether the record says it is a VCSE (not stated counts as not saying so).
    pub fn is_vcse(&self) -> bool {
        self.vcse == Some(true)
    }
}

/// A yes/no fact a record may leave out, in the site's words: "Yes", "No" or "Not stated".
pub fn stated(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "Yes",
        Some(false) => "No",
        None => "Not stated",
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Registrations {
    /// Charity Commission registration number.
    #[serde(default)]
    pub charity: Option<String>,
    /// Companies House company number.
    #[serde(default)]
    pub company: Option<String>,
    /// Ofsted unique reference number, for registered children's homes.
    #[serde(default)]
    pub ofsted_urn: Option<String>,
}

/// One thing a provider offers: an intervention, for some ages, in some places.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// The id of the intervention offered.
    pub intervention: Id,
    /// The ages served, in years: `5-18`.
    pub ages: AgeRange,
    /// How it is offered: in person, online, by phone, home visits, residential, in school.
    pub delivery: Vec<Delivery>,
    /// Areas served in person. Online-only services may leave this empty.
    #[serde(default)]
    pub areas: Vec<Id>,
    /// Where families can use the online or phone service from (its catchment): `england`,
    /// a region, or listed areas. Required when `delivery` has `online` or `phone`.
    #[serde(default)]
    pub online_areas: Vec<Id>,
    /// The postcode of the premises it is delivered from (a home, a clinic, a school).
    /// Online, phone and outreach services have none.
    #[serde(default)]
    pub postcode: Option<Postcode>,
    /// Beds, for a residential service.
    #[serde(default)]
    pub places: Option<u32>,
    /// What kind of home, for a residential service.
    #[serde(default)]
    pub home_type: Option<HomeType>,
    /// Typical wait from referral to first session, in weeks.
    #[serde(default)]
    pub wait_weeks: Option<u32>,
    /// Whether it is taking new referrals now.
    pub accepting: bool,
    /// Languages the service is offered in. Empty in the record: the provider's languages
    /// (link fills them in).
    #[serde(default)]
    pub languages: Vec<String>,
    /// The price, in plain words: `£95 a session`.
    #[serde(default)]
    pub cost: Option<String>,
    /// The routes that pay for it; each must be one its intervention allows.
    #[serde(default)]
    pub funding: Vec<FundingRoute>,
}

/// What the site says of where a service is delivered from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Premises<'a> {
    /// Online, by phone or at the family's home: no premises of the provider's.
    NotFromPremises,
    /// Delivered from premises, but the record gives no postcode.
    NotStated,
    /// A clinic's, a school's or a service's rooms: the postcode is public.
    Postcode(&'a Postcode),
    /// A children's home: only its postcode sector is published, since homes' addresses are
    /// kept private for the safety of the children who live there (Ofsted does not publish
    /// them either). The postcode is kept for distances, which use the sector's centre.
    Sector(&'a Postcode),
}

impl<'a> Premises<'a> {
    /// What a page or a data file may print: the postcode, or a home's sector.
    pub fn published(self) -> Option<&'a str> {
        match self {
            Premises::Postcode(p) => Some(p.as_str()),
            Premises::Sector(p) => Some(p.sector()),
            Premises::NotFromPremises | Premises::NotStated => None,
        }
    }

    /// Where it is: its postcode sector's centre.
    pub fn grid(self) -> Option<crate::geo::Grid> {
        match self {
            Premises::Postcode(p) | Premises::Sector(p) => p.grid(),
            Premises::NotFromPremises | Premises::NotStated => None,
        }
    }
}

impl Service {
    pub fn premises(&self) -> Premises<'_> {
        if !self.delivery.iter().any(|d| d.from_premises()) {
            return Premises::NotFromPremises;
        }
        match &self.postcode {
            None => Premises::NotStated,
            Some(pc) if self.delivery.contains(&Delivery::Residential) => Premises::Sector(pc),
            Some(pc) => Premises::Postcode(pc),
        }
    }
}

/// An inclusive age range in years, written `5-18`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AgeRange {
    pub from: u8,
    pub to: u8,
}

impl AgeRange {
    pub fn contains(self, age: u8) -> bool {
        self.from <= age && age <= self.to
    }
}

impl fmt::Display for AgeRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} to {}", self.from, self.to)
    }
}

impl std::str::FromStr for AgeRange {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (a, b) = s.split_once('-').ok_or_else(|| format!("age range `{s}` should be written like `5-18`"))?;
        let parse = |x: &str| {
            x.trim().parse::<u8>().map_err(|_| format!("age range `{s}` should be two whole numbers like `5-18`"))
        };
        let (from, to) = (parse(a)?, parse(b)?);
        if from > to {
            return Err(format!("age range `{s}` starts after it ends"));
        }
        if to > 25 {
            return Err(format!("age range `{s}` goes past 25, the oldest age children's and SEND services reach"));
        }
        Ok(AgeRange { from, to })
    }
}

/// The ages `FromStr` accepts: two whole numbers up to 25 either side of a hyphen, spaces
/// allowed. (That the first is not above the second is for `check` to say.)
impl JsonSchema for AgeRange {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "AgeRange".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        const AGE: &str = r"\+?0*(1?[0-9]|2[0-5])";
        schemars::json_schema!({
            "type": "string",
            "pattern": format!(r"^\s*{AGE}\s*-\s*{AGE}\s*$"),
            "description": "Ages in years from and to, both included, up to 25: `5-18`.",
            "examples": ["5-18"]
        })
    }
}

impl<'de> Deserialize<'de> for AgeRange {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl<'de> Deserialize<'de> for Postcode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Postcode::parse(&s).map_err(|e| {
            let mut message = format!("postcode `{}` {e}", s.trim());
            if let Some(fix) = e.suggestion() {
                message.push_str(&format!("; did you mean `{fix}`?"));
            }
            serde::de::Error::custom(message)
        })
    }
}

impl Serialize for Postcode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl JsonSchema for Postcode {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Postcode".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": r"^\s*[A-Za-z]{1,2}[0-9][0-9A-Za-z]?\s*[0-9][A-Za-z]{2}\s*$",
            "description": "A UK postcode outside Northern Ireland: `E8 1DY`.",
            "examples": ["E8 1DY"]
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Delivery {
    InPerson,
    Online,
    Phone,
    HomeVisits,
    Residential,
    SchoolBased,
}

impl Delivery {
    /// Online or by phone: offered to a catchment (`online_areas`), not in a place.
    pub fn is_remote(self) -> bool {
        matches!(self, Delivery::Online | Delivery::Phone)
    }
    /// Delivered at an address of the provider's (a clinic, a home, a school), which a
    /// postcode can place. Home visits happen at the family's address, not the provider's.
    pub fn from_premises(self) -> bool {
        matches!(self, Delivery::InPerson | Delivery::Residential | Delivery::SchoolBased)
    }
}

/// The kind of a residential home.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum HomeType {
    /// One child.
    Solo,
    SmallGroup,
    TherapeuticCommunity,
    Other,
}

impl HomeType {
    pub fn label(self) -> &'static str {
        match self {
            HomeType::Solo => "Solo home (one child)",
            HomeType::SmallGroup => "Small group home",
            HomeType::TherapeuticCommunity => "Therapeutic community",
            HomeType::Other => "Other home",
        }
    }
}

impl Delivery {
    pub fn label(self) -> &'static str {
        match self {
            Delivery::InPerson => "In person",
            Delivery::Online => "Online",
            Delivery::Phone => "By phone",
            Delivery::HomeVisits => "Home visits",
            Delivery::Residential => "Residential",
            Delivery::SchoolBased => "In school",
        }
    }
}

/// A provider's place on a framework lot.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = joined_or_since)]
pub struct LotMembership {
    /// Needed with a lot number; optional with a lot id. Link fills it in.
    #[serde(default)]
    pub framework: Id,
    /// The lot's number on `framework`, its id, or `framework/number`.
    pub lot: LotRef,
    /// Active, suspended or ended.
    pub status: MembershipStatus,
    /// When the provider joined the lot (or will: a future date is shown as "joins on").
    #[serde(alias = "since")]
    pub joined: Date,
    /// When the status last changed; the join date when absent.
    #[serde(default)]
    pub status_since: Option<Date>,
    /// Its place on a ranked-list lot, 1 first.
    #[serde(default)]
    pub rank: Option<u32>,
}

/// The schema's side of `#[serde(alias = "since")]`: the join date is written `joined` or
/// `since`, exactly one of them (both is a duplicate field to the loader).
fn joined_or_since(schema: &mut schemars::Schema) {
    if let Some(joined) = schema.get("properties").and_then(|p| p.get("joined")).cloned() {
        if let Some(props) = schema.get_mut("properties").and_then(|p| p.as_object_mut()) {
            props.insert("since".into(), joined);
        }
        if let Some(required) = schema.get_mut("required").and_then(|r| r.as_array_mut()) {
            required.retain(|f| f != "joined");
        }
        schema.insert("oneOf".into(), serde_json::json!([{ "required": ["joined"] }, { "required": ["since"] }]));
    }
}

impl LotMembership {
    /// Since when the status has held.
    pub fn status_since(&self) -> Date {
        self.status_since.unwrap_or(self.joined)
    }
}

/// How a membership names its lot: by number on its framework, or by the lot's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LotRef {
    Number(u32),
    Id(Id),
}

impl fmt::Display for LotRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LotRef::Number(n) => write!(f, "{n}"),
            LotRef::Id(id) => f.write_str(id),
        }
    }
}

impl Serialize for LotRef {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            LotRef::Number(n) => s.serialize_u32(*n),
            LotRef::Id(id) => s.serialize_str(id),
        }
    }
}

/// As [`LotRef`]'s `Deserialize` reads it: a whole number, or a text (a lot id or
/// `framework/number`); never `true` or a fraction.
impl JsonSchema for LotRef {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "LotRef".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "anyOf": [
                { "type": "integer", "minimum": 0, "maximum": u32::MAX, "description": "The lot's number on `framework`." },
                { "type": "string", "minLength": 1, "description": "The lot's id, or `framework/number`." }
            ]
        })
    }
}

impl<'de> Deserialize<'de> for LotRef {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = LotRef;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a lot number (with `framework:`), a lot id, or `framework/number`")
            }
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<LotRef, E> {
                u32::try_from(n).map(LotRef::Number).map_err(|_| E::custom(format!("lot number {n} is too large")))
            }
            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<LotRef, E> {
                u64::try_from(n)
                    .map_err(|_| E::custom(format!("lot number {n} is below zero")))
                    .and_then(|n| self.visit_u64(n))
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<LotRef, E> {
                Ok(LotRef::Id(s.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum MembershipStatus {
    Active,
    Suspended,
    Ended,
}

/// A provider's award of an accreditation scheme.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Award {
    /// The id of the scheme.
    pub scheme: Id,
    /// What the awarding body last said. The build date may overrule it: an award past its
    /// expiry is shown as expired whatever this says.
    pub status: AwardStatus,
    /// Required, except for a registration (an Ofsted registration states an inspection,
    /// not an award date).
    #[serde(default)]
    pub awarded: Option<Date>,
    /// When the status last changed: required for a suspended or withdrawn award.
    #[serde(default)]
    pub status_since: Option<Date>,
    /// The date the award lapses unless renewed.
    #[serde(default)]
    pub expires: Option<Date>,
    /// The awarding body's reference or registration number.
    #[serde(default)]
    pub reference: Option<String>,
    /// A grade from the scheme's own scale; needs `inspected`.
    #[serde(default)]
    pub grade: Option<String>,
    /// The date of the inspection that gave the grade.
    #[serde(default)]
    pub inspected: Option<Date>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AwardStatus {
    Current,
    Suspended,
    Withdrawn,
}

/// Answers to the technical governance checklist, one per domain.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Governance {
    /// The checklist's answer on governance.
    #[serde(default)]
    pub governance: Option<ChecklistAnswer>,
    /// The checklist's answer on therapeutic practice.
    #[serde(default)]
    pub therapeutic_practice: Option<ChecklistAnswer>,
    /// The checklist's answer on workforce structures.
    #[serde(default)]
    pub workforce: Option<ChecklistAnswer>,
    /// The checklist's answer on the model of care.
    #[serde(default)]
    pub model_of_care: Option<ChecklistAnswer>,
    /// The checklist's answer on outcomes.
    #[serde(default)]
    pub outcomes: Option<ChecklistAnswer>,
}

impl Governance {
    /// The five domains in the order the checklist puts them, with their labels.
    pub fn domains(&self) -> [(&'static str, Option<&ChecklistAnswer>); 5] {
        [
            ("Governance", self.governance.as_ref()),
            ("Therapeutic practice", self.therapeutic_practice.as_ref()),
            ("Workforce structures", self.workforce.as_ref()),
            ("Model of care", self.model_of_care.as_ref()),
            ("Outcomes", self.outcomes.as_ref()),
        ]
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChecklistAnswer {
    /// Met, partly or not met.
    pub answer: Compliance,
    /// What shows it, in plain words.
    pub evidence: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Compliance {
    Met,
    Partly,
    NotMet,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// An email address for enquiries.
    #[serde(default)]
    pub email: Option<String>,
    /// A phone number for enquiries.
    #[serde(default)]
    pub phone: Option<String>,
    /// The provider's website.
    #[serde(default)]
    pub website: Option<String>,
    /// How to refer, in plain words. Optional: the page then says "Not stated" beside the
    /// ways to contact the provider.
    #[serde(default)]
    pub referral: Option<String>,
    /// A postal address.
    #[serde(default)]
    pub address: Option<String>,
    /// The address's postcode.
    #[serde(default)]
    pub postcode: Option<String>,
}

// ---------------------------------------------------------------------------------------
// The register as loaded
// ---------------------------------------------------------------------------------------

/// Where a record came from, so every later diagnostic can name the file.
#[derive(Debug, Clone)]
pub struct Sourced<T> {
    pub file: std::path::PathBuf,
    /// The file's text, kept so diagnostics can point at a line.
    pub text: std::sync::Arc<str>,
    pub record: T,
}

/// Everything under `providers/`, unlinked.
#[derive(Debug, Default)]
pub struct Register {
    pub areas: Vec<Sourced<Area>>,
    pub interventions: Vec<Sourced<Intervention>>,
    pub schemes: Vec<Sourced<Scheme>>,
    pub frameworks: Vec<Sourced<Framework>>,
    pub providers: Vec<Sourced<Provider>>,
    /// `practice-models.yaml`; optional.
    pub practice_models: Vec<Sourced<PracticeModel>>,
    /// `demand/<period>.yaml`, one period a file; optional.
    pub demand: Vec<Sourced<DemandPeriod>>,
}

// ---------------------------------------------------------------------------------------
// Demand and off-contract spend
// ---------------------------------------------------------------------------------------

/// One period's demand, in aggregates only: counts per area and kind of support. There is
/// no free-text field, so a record cannot carry anything about a child.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DemandPeriod {
    /// The period's label, e.g. `2025-26`: the file name without `.yaml`.
    pub period: String,
    /// The first day of the period.
    pub starts: Date,
    /// The last day of the period.
    pub ends: Date,
    /// One entry per area and kind of support.
    pub counts: Vec<DemandCount>,
}

/// Demand for one kind of support in one area over a period.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DemandCount {
    /// The id of the area.
    pub area: Id,
    /// The id of the intervention: the kind of support.
    pub intervention: Id,
    /// Requests to the resource panel.
    #[serde(default)]
    pub panel_requests: Option<u32>,
    /// Placements called off a framework lot.
    #[serde(default)]
    pub call_offs: Option<u32>,
    /// Purchases outside any contract, each under £10,000.
    #[serde(default)]
    pub spot_purchases: Option<u32>,
    /// Their total, in whole pounds.
    #[serde(default)]
    pub spot_spend: Option<u64>,
}

/// The most a single spot purchase may cost, in pounds (exclusive).
pub const SPOT_PURCHASE_LIMIT: u64 = 10_000;

// ---------------------------------------------------------------------------------------
// Content
// ---------------------------------------------------------------------------------------

/// Front matter of a markdown page.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Position among its siblings in a section; lower first.
    #[serde(default)]
    pub weight: i64,
    /// What the numbered level-2 headings of this page are.
    #[serde(default)]
    pub kind: PageKind,
    /// The topic number, for pages of standards or competencies.
    #[serde(default)]
    pub number: Option<u32>,
    /// The id prefix of numbered items (`TS` gives `TS-3.2`). Set on a section index; pages
    /// inherit it.
    #[serde(default)]
    pub prefix: Option<String>,
    /// A section index with `print: true` gets a print-the-whole-section page.
    #[serde(default)]
    pub print: bool,
    /// Template to render with instead of the default.
    #[serde(default)]
    pub template: Option<String>,
    /// When the page was first written, for a statement the law asks to be dated (the
    /// accessibility statement).
    #[serde(default)]
    pub prepared: Option<crate::date::Date>,
    /// When the page was last checked against the site as it is; `check` warns once this is
    /// over 12 months before the build date.
    #[serde(default)]
    pub reviewed: Option<crate::date::Date>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PageKind {
    #[default]
    Page,
    Standards,
    Competencies,
}

/// One markdown file under `content/`.
#[derive(Debug, Clone)]
pub struct ContentPage {
    pub file: std::path::PathBuf,
    /// Path relative to `content/`, with `/` separators, e.g. `handbook/standards/03-workforce.md`.
    pub rel: String,
    pub front: FrontMatter,
    /// The markdown after the front matter.
    pub body: String,
    /// Line of the first body line in the file (1-based), for diagnostics.
    pub body_line: usize,
}

/// `site.yaml` at the site root: the few settings that are not records.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    /// Who publishes the register, shown in the footer and the "about" text.
    pub publisher: String,
    /// Where corrections to a listing go.
    pub corrections_email: String,
    /// Where the site will be hosted; a path such as `/therapies/` works too.
    #[serde(default = "default_base_url")]
    pub base_url: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Providers per page in the pre-built lists.
    #[serde(default = "default_page_size")]
    pub page_size: usize,
    /// Run every page through minify-html as well. The templates' own whitespace is always
    /// taken out; this removes quotes and optional tags too, for a few per cent fewer bytes
    /// after compression at a large share of the build's time, hence an option.
    #[serde(default)]
    pub minify: bool,
    /// The search page's filters: which, in what order, with what labels.
    #[serde(default)]
    pub search: SearchConfig,
}

/// The optional `search:` section of `site.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SearchConfig {
    /// Facets to show, in order, from: intervention, area, age, accepting, lot, scheme,
    /// delivery, funding, organisation, language. Empty: all of them, in that order.
    #[serde(default)]
    pub facets: Vec<String>,
    /// A label for a facet instead of the default, by facet name.
    #[serde(default)]
    pub labels: std::collections::BTreeMap<String, String>,
    /// Providers per page of search results.
    #[serde(default = "default_results_per_page")]
    pub results_per_page: usize,
    /// The order of results when no words are typed: name (the default), wait or reviewed.
    #[serde(default)]
    pub sort: Option<String>,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            facets: Vec::new(),
            labels: Default::default(),
            results_per_page: default_results_per_page(),
            sort: None,
        }
    }
}

fn default_results_per_page() -> usize {
    20
}

fn default_base_url() -> String {
    "/".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_page_size() -> usize {
    50
}

// The words for the register's closed lists, in one place for pages, search and exports.

impl CallOff {
    pub fn label(self) -> &'static str {
        match self {
            CallOff::DirectAward => "Direct award",
            CallOff::RankedList => "Ranked list",
            CallOff::MiniCompetition => "Mini-competition",
            CallOff::FamilyChoice => "Family choice",
        }
    }
}

impl ProcurementRoute {
    pub fn label(self) -> &'static str {
        match self {
            ProcurementRoute::OpenFramework => "Open framework",
            ProcurementRoute::DynamicPurchasingSystem => "Dynamic purchasing system",
            ProcurementRoute::ApprovedProviderList => "Approved provider list",
        }
    }
}

impl SchemeKind {
    pub fn label(self) -> &'static str {
        match self {
            SchemeKind::Accreditation => "Accreditation",
            SchemeKind::Registration => "Registration",
            SchemeKind::ProfessionalRegister => "Professional register",
            SchemeKind::Membership => "Membership",
        }
    }
}

impl AreaKind {
    pub fn label(self) -> &'static str {
        match self {
            AreaKind::Nation => "Nation",
            AreaKind::Region => "Region",
            AreaKind::SubRegion => "Sub-region",
            AreaKind::LocalAuthority => "Local authority",
        }
    }
}

/// Every facet the search page can show, in the default order.
pub const FACETS: [&str; 10] =
    ["intervention", "area", "age", "accepting", "lot", "scheme", "delivery", "funding", "organisation", "language"];

/// The sort orders a site may choose as its default in `search.sort`; with words typed the
/// best match comes first whatever the default.
pub const SORTS: [&str; 3] = ["name", "wait", "reviewed"];
