/*!
Synthetic regions: a complete site root of N invented providers, for tests and benchmarks
(`landscape generate`).

The generator builds a register in memory as the [`crate::model`] types ([`region_for`]),
then writes every record as YAML text in the shape `docs/FORMATS.md` gives and copies the
handbook's `content/` folder beside it ([`write`]), so the result builds like a real site.
Everything is invented (names, GSS codes, URNs, postcodes in real formats, `.example`
domains, Ofcom's drama phone range) but every rule the link stage enforces holds: ids
resolve, funding obeys the intervention's routes, graded awards carry an inspection date,
lot memberships fall inside their framework's dates.

Output is a pure function of `(providers, seed)`: the generator has its own PRNG
(splitmix64), draws in a fixed order and never reads the clock, so two runs write
byte-identical files and a benchmark can be repeated anywhere.

YAML is written here as text on purpose: `serde_yaml` stays in `load::yaml`, and
hand-written output looks like what editors write (block scalars for markdown, one
provider per file), which is what the loader must be fast on.
*/

use crate::model::{AgeRange, Framework};
use crate::model::{
    Area, AreaKind, Award, AwardStatus, CallOff, Category, ChecklistAnswer, Compliance, Contact, Date, Delivery,
    DemandCount, DemandPeriod, FundingRoute, Governance, HomeType, Intervention, LegalForm, Lot, LotMembership, LotRef,
    MembershipStatus, PracticeModel, ProcurementRoute, Provider, Regime, Registrations, Reservation, ReservationNotice,
    Scheme, SchemeKind, Service, SPOT_PURCHASE_LIMIT,
};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

/// The date the generated register is written against. Build with `--today 2026-11-23` to
/// see what the generator intended: about 15% of awards expired, none of them yet marked so.
pub const BUILD_DATE: &str = "2026-11-23";

/// What [`generate`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub providers: usize,
    pub areas: usize,
    pub frameworks: usize,
    pub lots: usize,
    /// Every byte written under the output folder, handbook copy included.
    pub bytes: u64,
}

/// A generated register, before it is written.
pub struct Region {
    pub seed: u64,
    pub areas: Vec<Area>,
    pub interventions: Vec<Intervention>,
    pub schemes: Vec<Scheme>,
    pub frameworks: Vec<Framework>,
    pub providers: Vec<Provider>,
    pub practice_models: Vec<PracticeModel>,
    pub demand: Vec<DemandPeriod>,
}

/// Writes a synthetic site root of `providers` providers at `out`, with the `content/`
/// folder of the site root `handbook_from` copied beside the register. Refuses (NotFound)
/// when `handbook_from` has no `content/`: without the handbook, the schemes' standards
/// would not resolve and the site would not build.
pub fn generate(out: &Path, providers: usize, seed: u64, handbook_from: &Path) -> io::Result<Summary> {
    let region = region_for(providers, seed, handbook_from)?;
    write(&region, out, handbook_from)
}

/// The region [`generate`] writes beside the handbook of the site root `handbook_from`:
/// the same `(providers, seed)` always gives the same region, with the ids the handbook
/// cites (see [`Cited`]) given to its first records.
pub fn region_for(providers: usize, seed: u64, handbook_from: &Path) -> io::Result<Region> {
    let cited = Cited::scan(&content_dir(handbook_from)?)?;
    Ok(build(providers, seed, &cited))
}

fn content_dir(handbook_from: &Path) -> io::Result<std::path::PathBuf> {
    let content = handbook_from.join("content");
    if content.is_dir() {
        return Ok(content);
    }
    Err(io::Error::new(
        io::ErrorKind::NotFound,
        format!(
            "{} has no content/ folder: pass the example site root (the repository root) as the handbook",
            handbook_from.display()
        ),
    ))
}

/// Record ids the handbook cites: `[[framework:…]]`, `[[lot:…/N]]`, `[[area:…]]`,
/// `[[provider:…]]`. The handbook is copied as is, and it was written for the example
/// region, so the generated region gives these ids to its first frameworks, authorities
/// and providers; otherwise a cited framework would not resolve and the build would fail.
/// (Interventions and schemes need nothing: the generator uses the example's lists.)
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Cited {
    pub areas: Vec<String>,
    /// Each cited framework with the highest lot number cited in it (0 if none).
    pub frameworks: Vec<(String, u32)>,
    pub providers: Vec<String>,
}

impl Cited {
    /// Reads every `.md` file under `content`, in name order, so the result is stable.
    pub fn scan(content: &Path) -> io::Result<Cited> {
        let mut cited = Cited::default();
        let mut dirs = vec![content.to_path_buf()];
        while let Some(dir) = dirs.pop() {
            let mut entries: Vec<_> = fs::read_dir(&dir)?.collect::<Result<_, _>>()?;
            entries.sort_by_key(|e| e.file_name());
            for e in entries.iter().rev() {
                let path = e.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|x| x == "md") {
                    cited.add_text(&fs::read_to_string(&path)?);
                }
            }
        }
        Ok(cited)
    }

    fn add_text(&mut self, text: &str) {
        for piece in text.split("[[").skip(1) {
            let Some(end) = piece.find("]]") else {
                continue;
            };
            let target = piece[..end].split('|').next().unwrap_or_default().trim();
            let Some((kind, id)) = target.split_once(':') else {
                continue;
            };
            match kind {
                "area" => push_new(&mut self.areas, id),
                "provider" => push_new(&mut self.providers, id),
                "framework" => self.add_framework(id, 0),
                "lot" => {
                    // `framework/number`, or a lot id of the default form `<framework>-lot-<n>`.
                    if let Some((fw, n)) = id.rsplit_once('/').or_else(|| id.rsplit_once("-lot-")) {
                        self.add_framework(fw, n.parse().unwrap_or(0));
                    }
                }
                _ => {}
            }
        }
    }

    fn add_framework(&mut self, id: &str, lot: u32) {
        match self.frameworks.iter_mut().find(|f| f.0 == id) {
            Some(f) => f.1 = f.1.max(lot),
            None => self.frameworks.push((id.to_string(), lot)),
        }
    }
}

fn push_new(list: &mut Vec<String>, id: &str) {
    if !list.iter().any(|x| x == id) {
        list.push(id.to_string());
    }
}

// ---------------------------------------------------------------------------------------
// The PRNG
// ---------------------------------------------------------------------------------------

/// splitmix64: tiny, fast, and good enough that nothing here looks patterned. Integer draws
/// only, so the sequence is the same on every platform.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        // Mixed with a constant so seed 0 does not start from an all-zero state.
        Rng(seed ^ 0x6c61_6e64_7363_6170)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0), by multiply-shift; the bias is far below anything visible.
    fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as usize) as i64
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    /// An index drawn with the given weights.
    fn weighted(&mut self, weights: &[usize]) -> usize {
        let mut x = self.below(weights.iter().sum());
        for (i, &w) in weights.iter().enumerate() {
            if x < w {
                return i;
            }
            x -= w;
        }
        unreachable!("x is below the sum of the weights")
    }

    /// `k` distinct indices from `0..n`, in the order drawn (partial Fisher–Yates).
    fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        let k = k.min(n);
        for i in 0..k {
            let j = i + self.below(n - i);
            all.swap(i, j);
        }
        all.truncate(k);
        all
    }

    fn date_between(&mut self, from: Date, to: Date) -> Date {
        from.add_days(self.range(0, from.days_until(to).max(0)))
    }
}

// ---------------------------------------------------------------------------------------
// Reference data
// ---------------------------------------------------------------------------------------

const REGIONS: [&str; 9] =
    ["Northmoor", "Eastmarch", "Westvale", "Southdown", "Heartlands", "Coastmere", "Fenwold", "Highpeak", "Riverlea"];
const SUB_PREFIXES: [&str; 4] = ["Inner", "Outer", "Upper", "Lower"];
const LA_STEMS: [&str; 30] = [
    "Ash", "Bram", "Cal", "Dun", "Elm", "Fair", "Gold", "Hart", "Ivy", "Kings", "Lang", "Marl", "Nor", "Oak", "Pen",
    "Ros", "Shel", "Thorn", "Up", "Wen", "Yar", "Ald", "Bex", "Crow", "Dray", "Ever", "Fox", "Glen", "Hol", "Ket",
];
const LA_ENDINGS: [&str; 16] = [
    "ford", "ham", "ley", "ton", "bury", "field", "wick", "by", "mouth", "stead", "bridge", "worth", "dale", "minster",
    "well", "combe",
];
const LA_QUALIFIERS: [&str; 8] = ["North", "South", "East", "West", "Great", "Little", "Upper", "Lower"];

use FundingRoute::{Asgsf, Council, DsgHighNeeds, Icb, SelfFunded};

/// (id, name, group, summary, helps, funding)
type InterventionRow = (&'static str, &'static str, &'static str, &'static str, &'static str, &'static [FundingRoute]);

/// The intervention list of the example site. The Adoption and Special Guardianship Support
/// Fund does not pay for speech and language therapy or occupational therapy, so neither
/// lists `asgsf`.
#[rustfmt::skip]
const INTERVENTIONS: [InterventionRow; 14] = [
    ("therapeutic-residential-care", "Therapeutic residential care", "Residential care",
     "A children's home where daily life is organised around a therapeutic model of care.",
     "Children who cannot yet live in a family after serious harm, loss or many placement moves.",
     &[DsgHighNeeds, Council, Icb]),
    ("counselling", "Counselling", "Talking therapies",
     "Regular confidential sessions with a counsellor to talk through worries and feelings.",
     "Older children and teenagers who want help with anxiety, low mood, loss or relationships.",
     &[Asgsf, Council, Icb, SelfFunded]),
    ("psychotherapy", "Psychotherapy", "Talking therapies",
     "Longer-term work with a child or young person psychotherapist on deep-rooted difficulties.",
     "Children whose distress has lasted a long time or comes from early trauma and neglect.",
     &[Asgsf, Council, Icb, SelfFunded]),
    ("family-therapy", "Family therapy", "Family and attachment",
     "Sessions with the whole family together, to change patterns that keep a problem going.",
     "Families where conflict, loss or a child's distress affects everyone at home.",
     &[Asgsf, Council, Icb]),
    ("dyadic-developmental-psychotherapy", "Dyadic developmental psychotherapy (DDP)",
     "Family and attachment",
     "Therapy with a child and their carer together, to build trust and a safe attachment.",
     "Adopted children, children in kinship care and foster children who find closeness hard.",
     &[Asgsf, Council, SelfFunded]),
    ("therapeutic-parenting", "Therapeutic parenting", "Family and attachment",
     "Training and coaching for carers in parenting a child who has experienced trauma.",
     "Adoptive parents, special guardians and foster carers whose usual parenting is not working.",
     &[Asgsf, Council, SelfFunded]),
    ("play-therapy", "Play therapy", "Creative therapies",
     "A therapist uses play, the natural language of children, to help them make sense of experiences.",
     "Younger children who cannot yet put their feelings or memories into words.",
     &[Asgsf, DsgHighNeeds, Council, SelfFunded]),
    ("art-therapy", "Art therapy", "Creative therapies",
     "Making images with a registered art therapist as a way to express and work through feelings.",
     "Children of any age who find talking difficult or overwhelming.",
     &[Asgsf, DsgHighNeeds, Council, SelfFunded]),
    ("music-therapy", "Music therapy", "Creative therapies",
     "Making and listening to music with a registered music therapist to support communication and regulation.",
     "Children with communication difficulties, autism or trauma who respond to sound and rhythm.",
     &[Asgsf, DsgHighNeeds, Council, SelfFunded]),
    ("drama-therapy", "Drama therapy", "Creative therapies",
     "Story, role play and movement with a registered dramatherapist to explore experiences at a safe distance.",
     "Children and teenagers who find it easier to act out a story than to describe their own.",
     &[Asgsf, Council, SelfFunded]),
    ("speech-and-language-therapy", "Speech and language therapy", "Developmental therapies",
     "Assessment and therapy for speech, language, communication and swallowing needs.",
     "Children whose communication difficulties affect learning, friendships or behaviour.",
     &[DsgHighNeeds, Council, Icb, SelfFunded]),
    ("occupational-therapy", "Occupational therapy", "Developmental therapies",
     "Help with the everyday skills of self-care, play and school, and adaptations to make them possible.",
     "Children with physical, sensory or developmental needs that get in the way of daily life.",
     &[DsgHighNeeds, Council, Icb, SelfFunded]),
    ("sensory-integration", "Sensory integration therapy", "Developmental therapies",
     "Assessment and therapy by a trained therapist for difficulties processing touch, movement and sound.",
     "Children whose reactions to sensory experiences make home or school overwhelming.",
     &[Asgsf, DsgHighNeeds, SelfFunded]),
    ("therapeutic-life-story-work", "Therapeutic life story work", "Family and attachment",
     "Helping a child understand their own history, with a carer beside them, over many sessions.",
     "Adopted children and children in care who have gaps or confusion about their past.",
     &[Asgsf, Council]),
];
const RESIDENTIAL: usize = 0;

/// The category of each of [`INTERVENTIONS`], in the same order.
const CATEGORIES: [Category; 14] = [
    Category::ResidentialCare,
    Category::TalkingTherapy,
    Category::TalkingTherapy,
    Category::FamilyAndParenting,
    Category::FamilyAndParenting,
    Category::FamilyAndParenting,
    Category::CreativeTherapy,
    Category::CreativeTherapy,
    Category::CreativeTherapy,
    Category::CreativeTherapy,
    Category::SpeechAndLanguageTherapy,
    Category::OccupationalTherapy,
    // Sensory integration: the ASGSF can fund its assessment, so it is not filed as OT.
    Category::Other,
    Category::Other,
];

/// The practice models of the register's list: (id, name, summary).
#[rustfmt::skip]
const PRACTICE_MODELS: [(&str, &str, &str); 9] = [
    ("psychosocial-relational", "Psychosocial and relational practice",
     "Change happens through steady relationships, with attention to the child's family, school and community as well as their feelings."),
    ("trauma-informed", "Trauma-informed practice",
     "Staff understand how early harm shapes behaviour, and organise routines and responses so the child feels safe before anything else."),
    ("ddp-informed", "DDP-informed practice",
     "Work drawn from dyadic developmental psychotherapy: carers and staff meet a child with playfulness, acceptance, curiosity and empathy."),
    ("social-pedagogy", "Social pedagogy",
     "Everyday life (cooking, play, outings) is shared by staff and children as the main place where learning and care happen."),
    ("attachment-focused", "Attachment-focused practice",
     "Helping a child build trust in a few reliable adults, and helping those adults respond to the child's need for closeness and safety."),
    ("systemic", "Systemic practice",
     "Difficulties are understood in the relationships around a child, so work includes the family and the professionals involved."),
    ("therapeutic-community", "Therapeutic community",
     "Children and staff live and decide together, and the life of the group is itself the therapy."),
    ("psychodynamic", "Psychodynamic practice",
     "Attention to feelings and patterns a child may not yet be able to say, worked through in a consistent relationship over time."),
    ("cognitive-behavioural", "Cognitive-behavioural practice",
     "Structured work on the links between thoughts, feelings and behaviour, with goals and practice between sessions."),
];

/// The demand periods the generator writes: (label, starts, ends).
const DEMAND_PERIODS: [(&str, &str, &str); 2] =
    [("2024-25", "2024-04-01", "2025-03-31"), ("2025-26", "2025-04-01", "2026-03-31")];

/// (id, name, body, url, kind, summary, graded, assesses)
type SchemeRow =
    (&'static str, &'static str, &'static str, &'static str, SchemeKind, &'static str, bool, &'static [&'static str]);

/// The schemes of the example site. `assesses` cites only standards TS-N.1 to TS-N.3,
/// which every topic of the example handbook has.
#[rustfmt::skip]
const SCHEMES: [SchemeRow; 7] = [
    ("ofsted-childrens-home", "Ofsted registration (children's home)", "Ofsted",
     "https://www.gov.uk/government/organisations/ofsted", SchemeKind::Registration,
     "Registration and inspection of children's homes under the Children's Homes Regulations.",
     true, &["TS-2.1", "TS-4.3", "TS-6.2", "TS-9.1"]),
    ("community-of-communities", "Community of Communities accreditation",
     "Royal College of Psychiatrists",
     "https://www.rcpsych.ac.uk/improving-care/ccqi/quality-networks-accreditation/community-of-communities",
     SchemeKind::Accreditation,
     "Peer-reviewed accreditation of therapeutic communities against standards built on core values.",
     false, &["TS-1.1", "TS-1.2", "TS-3.2", "TS-5.1", "TS-10.3"]),
    ("hcpc", "HCPC registration", "Health and Care Professions Council", "https://www.hcpc-uk.org",
     SchemeKind::ProfessionalRegister,
     "Statutory register of arts therapists, speech and language therapists and occupational therapists.",
     false, &["TS-3.1", "TS-3.3"]),
    ("bacp", "BACP membership and register",
     "British Association for Counselling and Psychotherapy",
     "https://www.bacp.co.uk", SchemeKind::ProfessionalRegister,
     "Accredited register of counsellors and psychotherapists who follow the BACP Ethical Framework.",
     false, &["TS-3.1", "TS-3.2"]),
    ("ukcp", "UKCP registration", "UK Council for Psychotherapy",
     "https://www.psychotherapy.org.uk",
     SchemeKind::ProfessionalRegister,
     "Accredited register of psychotherapists and psychotherapeutic counsellors.",
     false, &["TS-3.1", "TS-3.2", "TS-7.1"]),
    ("tctc-membership", "Consortium membership", "The Consortium for Therapeutic Communities",
     "https://www.therapeuticcommunities.org", SchemeKind::Membership,
     "Membership of the national network of therapeutic communities and therapeutic child care providers.",
     false, &["TS-1.3", "TS-2.2"]),
    ("bapt", "BAPT registration", "British Association of Play Therapists", "https://www.bapt.info",
     SchemeKind::ProfessionalRegister,
     "Accredited register of play therapists trained to the association's standards.",
     false, &["TS-3.1", "TS-8.2"]),
];
const OFSTED: usize = 0;
const OFSTED_GRADES: [&str; 4] = ["Outstanding", "Good", "Requires improvement", "Inadequate"];

/// Which schemes a provider of each intervention plausibly holds (indices into SCHEMES).
fn schemes_for(intervention: usize) -> &'static [usize] {
    match INTERVENTIONS[intervention].0 {
        "therapeutic-residential-care" => &[1, 5],
        "counselling" => &[3],
        "psychotherapy" | "family-therapy" | "dyadic-developmental-psychotherapy" => &[4],
        "play-therapy" => &[6],
        "art-therapy" | "music-therapy" | "drama-therapy" => &[2],
        "speech-and-language-therapy" | "occupational-therapy" | "sensory-integration" => &[2],
        "therapeutic-parenting" | "therapeutic-life-story-work" => &[5, 3],
        _ => &[],
    }
}

// ---------------------------------------------------------------------------------------
// Text banks
// ---------------------------------------------------------------------------------------

/// Sentences for descriptions. `{name}` is the provider, `{area}` its home authority,
/// `{service}` its first service, in lower case.
const DESCRIPTION: [&str; 42] = [
    "{name} works with children and young people who have experienced trauma, loss or disrupted care, and with the adults who look after them.",
    "Most of the children we see are looked after by the local authority, adopted, or living with kinship carers under a special guardianship order.",
    "We start every referral with a consultation for the social worker and carers, so that the plan is built around the child's history rather than a diagnosis alone.",
    "Our therapists are registered with their professional bodies and receive fortnightly clinical supervision from a senior practitioner outside their own team.",
    "Sessions usually take place weekly, at the same time and in the same room, because predictability is itself part of the therapy for a child who has known chaos.",
    "Where a child finds a clinic difficult, we can meet at school or at home, and we agree with carers in advance how each session will end.",
    "We write a short report after the assessment and every twelve weeks after that, in plain English, and share it with the young person in a form they can understand.",
    "Carers are offered their own sessions alongside the child's, because a child's progress depends on how the adults around them make sense of their behaviour.",
    "We have worked across {area} for many years and know the local schools, virtual school heads and child and adolescent mental health teams well.",
    "Referrals come from social workers, regional adoption agencies, schools and special educational needs teams, and families can contact us directly for an initial conversation.",
    "Before any work begins we agree clear goals with the child, their carers and the referrer, and we review them together rather than in a closed meeting.",
    "We use routine outcome measures, including the Strengths and Difficulties Questionnaire and goal-based outcomes, and report the results to commissioners each quarter.",
    "Our {service} is offered in English and, through trained interpreters, in the languages most spoken by the families we serve.",
    "Every member of staff holds an enhanced DBS check, completes safeguarding training every year, and knows who the designated safeguarding lead is.",
    "We are a small team, which means a child sees the same therapist from assessment to ending, and carers always know whom to call.",
    "Endings are planned carefully, often over several weeks, so that a child who has lost important people before can experience a goodbye that is safe and expected.",
    "Many children referred to us have been let down by services before, so we take time to build trust before asking them to talk about difficult things.",
    "Our therapy rooms are quiet, with soft furnishings, sand trays, art materials and musical instruments, and there is a separate waiting area for carers.",
    "When a placement is under strain, we can offer a consultation within a week to help the team and carers think about what the child's behaviour is communicating.",
    "We work closely with schools, offering training to teachers and teaching assistants on attachment, trauma and the effect of early adversity on learning.",
    "Young people over sixteen can refer themselves, and we continue to work with care leavers up to the age of twenty-five where a local authority agrees to fund it.",
    "We offer a free initial telephone conversation to any family or professional who is unsure whether our service is the right one.",
    "Our clinical lead reviews every new referral within five working days and will suggest another provider if we are not the best fit for the child.",
    "We keep records securely, share information only as the law allows, and explain to young people what we write about them and why.",
    "Feedback from children and carers is collected at the end of every block of sessions and shapes how we develop the service each year.",
    "We are happy to join professionals' meetings, looked-after children's reviews and education, health and care plan reviews when the child and carers wish us to.",
    "Some children need a period of stabilisation before any trauma-focused work can begin, and we will say so honestly rather than rush into it.",
    "Our practitioners have experience of working with children with autism, learning disabilities and sensory processing differences, and adapt sessions accordingly.",
    "We run short groups in the school holidays for siblings and for young people who have been adopted, so they can meet others who share their experience.",
    "The organisation was set up by practitioners from local authority children's services who wanted to offer the continuity that spot purchasing rarely allows.",
    "Carers tell us that the most useful thing we offer is a steady adult who helps them stay curious about their child when things are at their hardest.",
    "We are committed to equity, diversity and inclusion, and our team reflects the cultural backgrounds of many of the families we work with.",
    "We are clear about what we cannot offer: we do not provide crisis mental health care, and we will help a family reach the right urgent service if they need it.",
    "All our work is grounded in an understanding of attachment and developmental trauma, and in the belief that relationships are the main agent of change.",
    "Supervision, reflective practice and professional development are protected in every therapist's week rather than fitted in around casework.",
    "Our fees are published, and we provide a written quotation for each package of support so that resource panels can compare like with like.",
    "We have experience of preparing applications to the Adoption and Special Guardianship Support Fund and can help social workers set out the assessed need.",
    "Where a child moves placement, we try to keep the therapeutic relationship going, online if necessary, so that the move is not also the loss of their therapist.",
    "We work to the published standards for therapeutic practice and take part in the regional audit of the shape and diversity of provision.",
    "Parents and carers can borrow books from our library, and we run evening workshops on understanding behaviour as communication.",
    "{name} has been inspected, audited and visited many times, and we welcome scrutiny because it keeps our practice honest.",
    "We aim to offer a first appointment within the waiting time shown on this page, and we tell referrers promptly if that changes.",
];

const PRACTICE_MODEL: [&str; 12] = [
    "Our model of care rests on three ideas: children heal in relationships, behaviour is communication, and the adults around a child need support as much as the child does.",
    "We draw on attachment theory, the neurosequential model and dyadic developmental practice, adapted to each child's developmental stage rather than their age.",
    "Work moves through three phases: safety and stabilisation, making sense of difficult experiences, and bringing that understanding into everyday life at home and school.",
    "Every child has a named therapist and a written formulation, reviewed with carers every term, which sets out what we think is happening and why.",
    "All staff, not only therapists, take a stance of playfulness, acceptance, curiosity and empathy.",
    "Therapeutic decisions are made in a weekly clinical meeting chaired by the clinical lead, and recorded with the reasoning behind them.",
    "We measure progress against the goals the child and carers set, using standard questionnaires at the start, middle and end of each block of work.",
    "Staff receive monthly reflective supervision and quarterly external consultation, so that the feelings the work stirs up can be thought about rather than acted out.",
    "The model is written down, shared with commissioners and reviewed every year with young people who have used the service.",
    "Where a child lives with us, the whole staff team is trained in the model, and daily life (meals, bedtimes, school mornings) is treated as part of the therapy.",
    "We do not use points-and-levels behaviour systems; consequences are natural and proportionate, and always followed by repair.",
    "Creative and non-verbal methods are used alongside talking, because many children cannot yet put their experiences into words.",
];

/// Evidence for the five governance domains: (met, partly, not met) choices for each.
#[rustfmt::skip]
const EVIDENCE: [[&[&str]; 3]; 5] = [
    [&["Board of trustees with a clinical lead; annual external audit.",
       "Directors meet monthly; clinical governance committee reports to the board."],
     &["Board in place; no independent member with clinical experience yet."],
     &["Sole director; no written governance arrangements."]],
    [&["Practice model written down; fortnightly clinical supervision.",
       "Case files audited quarterly against the practice model."],
     &["Model written down; supervision monthly, not fortnightly."],
     &["No written practice model."]],
    [&["All therapists HCPC, BACP or UKCP registered.",
       "Safer recruitment, induction and annual appraisal for all staff."],
     &["Most therapists registered; two trainees supervised on placement."],
     &["Registration of sessional staff not checked."]],
    [&["Published practice model reviewed in 2025.",
       "Model of care reviewed annually with young people."],
     &["Model of care in draft; not yet shared with commissioners."],
     &["No model of care beyond the service description."]],
    [&["SDQ and goal-based outcomes at start, review and end.",
       "Outcome report published each year."],
     &["Outcomes recorded for some services only."],
     &["No routine outcome measures yet."]],
];

const REFERRAL: [&str; 6] = [
    "Email the referral form; a clinician calls back within five working days.",
    "Telephone the referrals line to discuss the child; we send a referral form after the call.",
    "Social workers complete the online referral form; families may call first for an informal conversation.",
    "Referral through the local authority's resource panel, with the child's care plan and latest review.",
    "Send a referral letter by email with consent from the person holding parental responsibility.",
    "Use the regional adoption agency's support request; we contact the family within ten working days.",
];

const NAME_FIRST: [&str; 30] = [
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
const NAME_SECOND: [&str; 14] = [
    "Tree", "House", "Path", "Light", "Garden", "Place", "Way", "Circle", "Haven", "Hill", "Bridge", "Nest", "Field",
    "Cottage",
];
const NAME_SUFFIX: [&str; 8] = [
    "Therapies",
    "Therapy Service",
    "Family Support",
    "Children's Services",
    "Therapeutic Care",
    "Counselling",
    "Psychology",
    "Partnership",
];
const LANGUAGES: [&str; 16] = [
    "Turkish",
    "Polish",
    "Urdu",
    "Bengali",
    "Somali",
    "Arabic",
    "Romanian",
    "Punjabi",
    "Gujarati",
    "Portuguese",
    "Spanish",
    "Welsh",
    "British Sign Language",
    "Tigrinya",
    "Pashto",
    "Kurdish",
];
const STREETS: [&str; 15] = [
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

// ---------------------------------------------------------------------------------------
// Building the register
// ---------------------------------------------------------------------------------------

/// England's councils with children's services: the most authorities a synthetic region has.
const MAX_AUTHORITIES: usize = 153;

/// The most lots one synthetic provider is on.
const MAX_LOTS_PER_PROVIDER: usize = 4;

/// The register for `providers` providers and `seed`, in memory. Proportions: 9 regions,
/// 1 to 4 sub-regions each, N/60 local authorities (at least 10, and at most 153, the number
/// of English councils with children's services), max(2, N/500) frameworks.
fn build(providers: usize, seed: u64, cited: &Cited) -> Region {
    let mut rng = Rng::new(seed);
    // A national register grows by providers, not by councils: past England's 153, more
    // invented councils would put every region-wide service on ever more area pages.
    let n_las = (providers / 60).clamp(10, MAX_AUTHORITIES).max(cited.areas.len());
    let geo = geography(&mut rng, n_las, &cited.areas);
    let interventions = interventions();
    let schemes = schemes();
    let n_frameworks = (providers / 500).max(2).max(cited.frameworks.len());
    // The fields added for commissioning draw from a second stream, so the first draws
    // what it always drew and earlier figures stay comparable.
    let mut more = Rng::new(seed.rotate_left(17) ^ 0x636f_6d6d_6973_7369);
    let frameworks = frameworks(&mut rng, &mut more, &geo, n_frameworks, &cited.frameworks);
    let lots = lot_index(&geo, &frameworks);
    let providers = (0..providers)
        .map(|i| {
            let id = cited.providers.get(i).map(String::as_str);
            provider(&mut rng, &mut more, &geo, &frameworks, &lots, i, providers, id)
        })
        .collect();
    let demand = demand(&mut more, &geo);
    let practice_models = PRACTICE_MODELS
        .iter()
        .map(|&(id, name, summary)| PracticeModel { id: id.into(), name: name.into(), summary: summary.into() })
        .collect();
    Region { seed, areas: geo.areas, interventions, schemes, frameworks, providers, practice_models, demand }
}

/// A year of demand per period: for every authority, counts for a few kinds of support.
/// Spot purchases are each under £10,000, so their total stays under that many times ten
/// thousand pounds.
fn demand(rng: &mut Rng, geo: &Geo) -> Vec<DemandPeriod> {
    let las: Vec<usize> = geo.regions.iter().flat_map(|r| r.las.iter().copied()).collect();
    DEMAND_PERIODS
        .iter()
        .map(|&(period, starts, ends)| {
            let mut counts = Vec::new();
            for &la in &las {
                let k = rng.range(3, 7) as usize;
                let mut ivs = rng.sample(INTERVENTIONS.len(), k);
                ivs.sort_unstable();
                for iv in ivs {
                    let panel = rng.range(0, 40) as u32;
                    let call_offs = rng.range(0, i64::from(panel)) as u32;
                    let spot = rng.range(0, i64::from(panel - call_offs)) as u32;
                    let spend = (spot > 0)
                        .then(|| (0..spot).map(|_| rng.range(400, SPOT_PURCHASE_LIMIT as i64 - 1) as u64).sum::<u64>());
                    counts.push(DemandCount {
                        area: geo.id(la).to_string(),
                        intervention: INTERVENTIONS[iv].0.to_string(),
                        panel_requests: Some(panel),
                        call_offs: Some(call_offs),
                        spot_purchases: Some(spot),
                        spot_spend: spend,
                    });
                }
            }
            DemandPeriod {
                period: period.into(),
                starts: starts.parse().expect("a date"),
                ends: ends.parse().expect("a date"),
                counts,
            }
        })
        .collect()
}

/// The areas, with each region's sub-regions and authorities by index into `areas`.
struct Geo {
    areas: Vec<Area>,
    regions: Vec<GeoRegion>,
    /// The region number of every area, by id.
    region_of: HashMap<String, usize>,
}

struct GeoRegion {
    area: usize,
    subs: Vec<usize>,
    las: Vec<usize>,
}

impl Geo {
    fn name(&self, i: usize) -> &str {
        &self.areas[i].name
    }
    fn id(&self, i: usize) -> &str {
        &self.areas[i].id
    }
}

/// Regions, sub-regions and `n_las` authorities; the first authorities take the `cited`
/// ids, named from the id (`tower-hamlets` → `Tower Hamlets`).
fn geography(rng: &mut Rng, n_las: usize, cited: &[String]) -> Geo {
    let mut taken: HashSet<String> = REGIONS.iter().map(|r| slug(r)).collect();
    taken.insert("england".into());
    taken.extend(cited.iter().cloned());
    let la_names: Vec<(String, String)> = (0..n_las)
        .map(|i| match cited.get(i) {
            Some(id) => (id.clone(), title_from_id(id)),
            None => {
                let name = la_name(rng, &mut taken);
                (slug(&name), name)
            }
        })
        .collect();
    // GSS codes are unique by construction: authority i draws from its own block of
    // numbers. The six digits start at 100000, above every real code (all 000xxx).
    let step = (900_000 / n_las).max(1);
    // England holds every region, so a service online across England has an area to name.
    let mut areas = vec![Area {
        id: "england".into(),
        name: "England".into(),
        kind: AreaKind::Nation,
        gss: Some("E92000001".into()),
        parent: None,
    }];
    let mut regions = Vec::new();
    let mut region_of = HashMap::new();
    let mut next_la = 0;
    for (r, region_name) in REGIONS.iter().enumerate() {
        let n_here = n_las / REGIONS.len() + usize::from(r < n_las % REGIONS.len());
        let n_subs = n_here.div_ceil(5).clamp(1, SUB_PREFIXES.len());
        let region_id = slug(region_name);
        let region_area = areas.len();
        areas.push(Area {
            id: region_id.clone(),
            name: region_name.to_string(),
            kind: AreaKind::Region,
            gss: Some(format!("E12{:06}", 100_000 + r * 10_000 + rng.below(10_000))),
            parent: Some("england".into()),
        });
        let subs: Vec<usize> = (0..n_subs)
            .map(|s| {
                let name = format!("{} {region_name}", SUB_PREFIXES[s]);
                areas.push(Area {
                    id: slug(&name),
                    name,
                    kind: AreaKind::SubRegion,
                    gss: None,
                    parent: Some(region_id.clone()),
                });
                areas.len() - 1
            })
            .collect();
        let las: Vec<usize> = (0..n_here)
            .map(|j| {
                let (id, name) = la_names[next_la].clone();
                let prefix = ["E06", "E07", "E08", "E09"][rng.weighted(&[25, 40, 15, 20])];
                let digits = 100_000 + next_la * step + rng.below(step);
                next_la += 1;
                areas.push(Area {
                    id,
                    name,
                    kind: AreaKind::LocalAuthority,
                    gss: Some(format!("{prefix}{digits:06}")),
                    parent: Some(areas[subs[j % subs.len()]].id.clone()),
                });
                areas.len() - 1
            })
            .collect();
        for &a in std::iter::once(&region_area).chain(&subs).chain(&las) {
            region_of.insert(areas[a].id.clone(), r);
        }
        regions.push(GeoRegion { area: region_area, subs, las });
    }
    Geo { areas, regions, region_of }
}

/// An invented town name (`Ashford`, `Little Marlwick`), unique among `taken`.
fn la_name(rng: &mut Rng, taken: &mut HashSet<String>) -> String {
    let base = format!("{}{}", rng.pick(&LA_STEMS), rng.pick(&LA_ENDINGS));
    let mut name = base.clone();
    if taken.contains(&slug(&name)) {
        name = format!("{} {base}", rng.pick(&LA_QUALIFIERS));
    }
    let mut k = 2;
    while taken.contains(&slug(&name)) {
        name = format!("{base} {k}");
        k += 1;
    }
    taken.insert(slug(&name));
    name
}

/// `tower-hamlets` → `Tower Hamlets`.
fn title_from_id(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
        })
        .collect::<Vec<String>>()
        .join(" ")
}

fn interventions() -> Vec<Intervention> {
    INTERVENTIONS
        .iter()
        .zip(CATEGORIES)
        .map(|(&(id, name, group, summary, helps, funding), category)| Intervention {
            id: id.into(),
            name: name.into(),
            group: group.into(),
            summary: summary.into(),
            category,
            helps: Some(helps.into()),
            funding: funding.to_vec(),
        })
        .collect()
}

fn schemes() -> Vec<Scheme> {
    SCHEMES
        .iter()
        .map(|&(id, name, body, url, kind, summary, graded, assesses)| Scheme {
            id: id.into(),
            name: name.into(),
            body: body.into(),
            url: url.into(),
            kind,
            summary: summary.into(),
            grades: if graded { OFSTED_GRADES.iter().map(|g| g.to_string()).collect() } else { vec![] },
            assesses: assesses.iter().map(|s| s.to_string()).collect(),
        })
        .collect()
}

/// Frameworks take turns by region; even ones are split into lots by intervention, odd
/// ones by area, the two shapes the register must show.
fn frameworks(rng: &mut Rng, more: &mut Rng, geo: &Geo, n: usize, cited: &[(String, u32)]) -> Vec<Framework> {
    const STARTS: [(i64, u32); 6] = [(2022, 4), (2023, 4), (2024, 4), (2024, 10), (2025, 4), (2026, 4)];
    const FUNDING: [&[FundingRoute]; 4] =
        [&[Council], &[Council, Icb], &[DsgHighNeeds, Council, Icb], &[Asgsf, Council]];
    (0..n)
        .map(|f| {
            let r = f % REGIONS.len();
            let region = &geo.regions[r];
            let region_name = geo.name(region.area);
            let route = [
                ProcurementRoute::OpenFramework,
                ProcurementRoute::DynamicPurchasingSystem,
                ProcurementRoute::ApprovedProviderList,
            ][rng.weighted(&[50, 30, 20])];
            let (y, m) = *rng.pick(&STARTS);
            let starts = Date::from_ymd(y, m, 1).expect("first of a month");
            let ends = starts.add_months(48).add_days(-1);
            let what = match route {
                ProcurementRoute::OpenFramework => "Therapeutic Support Framework",
                ProcurementRoute::DynamicPurchasingSystem => "Children's Therapies Dynamic Purchasing System",
                ProcurementRoute::ApprovedProviderList => "Approved Provider List for Therapeutic Support",
            };
            let (id, min_lots) = match cited.get(f) {
                Some((id, lot)) => (id.clone(), *lot as usize),
                None => (format!("{}-therapeutic-support-{:03}", geo.id(region.area), f + 1), 0),
            };
            let lead_la = *rng.pick(&region.las);
            let n_partners = rng.below(3);
            let mut partners: Vec<String> = rng
                .sample(region.las.len(), n_partners)
                .into_iter()
                .map(|j| region.las[j])
                .filter(|&a| a != lead_la)
                .map(|a| format!("{} Council", geo.name(a)))
                .collect();
            if rng.chance(60) {
                partners.push(format!("NHS {region_name} Integrated Care Board"));
            }
            let by_intervention = f % 2 == 0;
            let n_lots = (rng.range(4, 8) as usize).max(min_lots);
            let lots =
                if by_intervention { intervention_lots(rng, geo, r, n_lots) } else { area_lots(rng, geo, r, n_lots) };
            let split = if by_intervention { "by intervention" } else { "by area" };
            // Procurement starts some months before the framework does; the date decides
            // which notice a reservation is made under.
            let procurement_started = starts.add_months(-more.range(4, 10));
            let notice = if procurement_started < "2025-02-24".parse().expect("a date") {
                ReservationNotice::Ppn1120
            } else {
                ReservationNotice::Ppn005
            };
            let mut lots = lots;
            for lot in &mut lots {
                lot.id = format!("{id}-lot-{}", lot.number);
            }
            Framework {
                id,
                name: format!("{region_name} {what} {y}"),
                lead: format!("{} Council", geo.name(lead_la)),
                partners,
                route,
                summary: format!(
                    "Therapeutic support for children in care, adopted children and children \
                     on the edge of care in {region_name}, split {split}."
                ),
                starts,
                ends,
                reopens: (1..4).map(|k| starts.add_months(12 * k)).collect(),
                funding: rng.pick(&FUNDING).to_vec(),
                reservation: rng.chance(30).then(|| Reservation {
                    areas: vec![geo.id(region.area).to_string()],
                    sme_vcse: rng.chance(50),
                    notice: more.chance(80).then_some(notice),
                }),
                regime: more.chance(85).then(|| if more.chance(90) { Regime::LightTouch } else { Regime::Standard }),
                procurement_started: more.chance(70).then_some(procurement_started),
                url: rng.chance(70).then(|| format!("https://tenders.example/notice/{}", 40_000 + f * 17)),
                lots,
            }
        })
        .collect()
}

fn call_off(rng: &mut Rng) -> CallOff {
    [CallOff::DirectAward, CallOff::RankedList, CallOff::MiniCompetition, CallOff::FamilyChoice]
        [rng.weighted(&[15, 35, 30, 20])]
}

fn intervention_lots(rng: &mut Rng, geo: &Geo, r: usize, n_lots: usize) -> Vec<Lot> {
    let region = &geo.regions[r];
    rng.sample(INTERVENTIONS.len(), n_lots)
        .into_iter()
        .enumerate()
        .map(|(k, iv)| {
            let areas = if rng.chance(70) {
                vec![geo.id(region.area).to_string()]
            } else {
                region.subs.iter().map(|&s| geo.id(s).to_string()).collect()
            };
            let name = INTERVENTIONS[iv].1;
            Lot {
                id: String::new(),
                number: k as u32 + 1,
                title: name.to_string(),
                summary: rng
                    .chance(60)
                    .then(|| format!("{name} for children and young people across {}.", geo.name(region.area))),
                interventions: vec![INTERVENTIONS[iv].0.to_string()],
                areas,
                call_off: call_off(rng),
            }
        })
        .collect()
}

fn area_lots(rng: &mut Rng, geo: &Geo, r: usize, n_lots: usize) -> Vec<Lot> {
    // A small region has fewer areas than lots; like a real joint framework, it then
    // borrows areas from the next regions.
    let mut candidates = Vec::new();
    for k in 0..REGIONS.len() {
        let region = &geo.regions[(r + k) % REGIONS.len()];
        let mut here: Vec<usize> = region.subs.iter().chain(&region.las).copied().collect();
        let order = rng.sample(here.len(), here.len());
        here = order.into_iter().map(|j| here[j]).collect();
        candidates.extend(here);
        if candidates.len() >= n_lots {
            break;
        }
    }
    candidates
        .into_iter()
        .take(n_lots)
        .enumerate()
        .map(|(k, area)| {
            // Residential care (index 0) is bought regionally, not per authority.
            let n_ivs = rng.range(3, 8) as usize;
            let mut ivs: Vec<usize> = rng.sample(INTERVENTIONS.len() - 1, n_ivs).iter().map(|i| i + 1).collect();
            ivs.sort_unstable();
            Lot {
                id: String::new(),
                number: k as u32 + 1,
                title: geo.name(area).to_string(),
                summary: rng
                    .chance(60)
                    .then(|| format!("Community therapeutic services for children living in {}.", geo.name(area))),
                interventions: ivs.iter().map(|&i| INTERVENTIONS[i].0.to_string()).collect(),
                areas: vec![geo.id(area).to_string()],
                call_off: call_off(rng),
            }
        })
        .collect()
}

/// Every lot, with the regions its areas lie in and its interventions by index.
struct LotKey {
    framework: usize,
    number: u32,
    regions: Vec<usize>,
    interventions: Vec<usize>,
}

fn lot_index(geo: &Geo, frameworks: &[Framework]) -> Vec<LotKey> {
    let iv_index: HashMap<&str, usize> = INTERVENTIONS.iter().enumerate().map(|(i, iv)| (iv.0, i)).collect();
    let mut keys = Vec::new();
    for (f, fw) in frameworks.iter().enumerate() {
        for lot in &fw.lots {
            keys.push(LotKey {
                framework: f,
                number: lot.number,
                regions: lot.areas.iter().map(|a| geo.region_of[a]).collect(),
                interventions: lot.interventions.iter().map(|i| iv_index[i.as_str()]).collect(),
            });
        }
    }
    keys
}

#[allow(clippy::too_many_arguments)]
fn provider(
    rng: &mut Rng,
    more: &mut Rng,
    geo: &Geo,
    frameworks: &[Framework],
    lots: &[LotKey],
    i: usize,
    n: usize,
    cited_id: Option<&str>,
) -> Provider {
    let today: Date = BUILD_DATE.parse().expect("BUILD_DATE is a date");
    let r = rng.below(REGIONS.len());
    let region = &geo.regions[r];
    let home = *rng.pick(&region.las);

    use LegalForm::*;
    let forms = [
        Charity,
        CharitableIncorporatedOrganisation,
        CommunityInterestCompany,
        Company,
        Partnership,
        SoleTrader,
        LocalAuthority,
        NhsTrust,
    ];
    let mut legal_form = forms[rng.weighted(&[20, 12, 14, 34, 6, 10, 2, 2])];
    let residential = matches!(legal_form, Charity | Company | CommunityInterestCompany) && rng.chance(10);
    // Councils run homes of their own (in-house provision); some partnerships are LLPs and
    // some charities community benefit societies.
    let residential = residential || (legal_form == LocalAuthority && more.chance(40));
    if legal_form == Partnership && more.chance(40) {
        legal_form = LimitedLiabilityPartnership;
    } else if legal_form == Charity && !residential && more.chance(10) {
        legal_form = CommunityBenefitSociety;
    }

    let words = format!("{} {}", rng.pick(&NAME_FIRST), rng.pick(&NAME_SECOND));
    let name = match legal_form {
        LocalAuthority if residential => format!("{} Council Children's Homes", geo.name(home)),
        LocalAuthority => format!("{} Council Therapeutic Service", geo.name(home)),
        NhsTrust => format!("{} Children's Health NHS Trust", geo.name(home)),
        SoleTrader => format!("{words} Therapy"),
        _ if residential => format!("{words} Children's Homes"),
        CommunityInterestCompany => format!("{words} {} CIC", rng.pick(&NAME_SUFFIX)),
        Company => format!("{words} {} Ltd", rng.pick(&NAME_SUFFIX)),
        _ => format!("{words} {}", rng.pick(&NAME_SUFFIX)),
    };
    let stem = slug(&words);
    let id = cited_id.map_or_else(|| format!("provider-{i:06}-{stem}"), str::to_string);
    let host = format!("{stem}-{i:06}.example");

    let public = matches!(legal_form, LocalAuthority | NhsTrust);
    let sme = !public && (legal_form != Company || rng.chance(85));
    let vcse = matches!(legal_form, Charity | CharitableIncorporatedOrganisation | CommunityInterestCompany);
    let urn_step = (900_000 / n.max(1)).max(1);
    let registrations = Registrations {
        charity: matches!(legal_form, Charity | CharitableIncorporatedOrganisation)
            .then(|| format!("1{:06}", rng.below(1_000_000))),
        company: (matches!(legal_form, Company | CommunityInterestCompany)
            || (legal_form == Charity && rng.chance(50)))
        .then(|| format!("{:08}", rng.range(1_000_000, 15_999_999))),
        ofsted_urn: residential.then(|| format!("SC{:06}", 100_000 + (i * urn_step + rng.below(urn_step)) % 900_000)),
    };

    // Services: residential homes lead with residential care; everyone else draws from
    // the community interventions.
    let n_services = 1 + rng.weighted(&[35, 35, 20, 10]);
    let mut ivs: Vec<usize> = Vec::new();
    if residential {
        ivs.push(RESIDENTIAL);
    }
    for j in rng.sample(INTERVENTIONS.len() - 1, n_services) {
        if ivs.len() < n_services {
            ivs.push(j + 1);
        }
    }
    let mut services: Vec<Service> = ivs.iter().map(|&iv| service(rng, more, geo, r, iv)).collect();
    // Some providers state their languages once, for every service.
    let languages = if services.len() > 1 && more.chance(40) {
        let shared = services[0].languages.clone();
        for sv in services.iter_mut().filter(|sv| sv.languages == shared) {
            sv.languages.clear();
        }
        shared
    } else {
        Vec::new()
    };
    let practice_models: Vec<String> = if more.chance(70) {
        let k = more.range(1, 3) as usize;
        let mut picked = more.sample(PRACTICE_MODELS.len(), k);
        picked.sort_unstable();
        picked.into_iter().map(|j| PRACTICE_MODELS[j].0.to_string()).collect()
    } else {
        Vec::new()
    };

    let first = INTERVENTIONS[ivs[0]].1;
    let mut list: Vec<String> = ivs.iter().map(|&iv| lower_first(INTERVENTIONS[iv].1)).collect();
    list[0] = first.to_string();
    let summary = if services[0].areas.is_empty() {
        format!("{} online, for children and young people across England.", join_and(&list))
    } else {
        format!("{} for children and young people in {}.", join_and(&list), geo.name(home))
    };
    let description = description(rng, &name, geo.name(home), &lower_first(first));
    let practice_model = rng.chance(90).then(|| {
        let k = rng.range(3, 5) as usize;
        let picked: Vec<&str> = rng.sample(PRACTICE_MODEL.len(), k).into_iter().map(|j| PRACTICE_MODEL[j]).collect();
        format!("{}\n", picked.join(" "))
    });

    // Lot memberships: lots in the home region that buy one of this provider's services,
    // each with a 40% chance, and at most four: a provider bids for a few lots, not for
    // every lot a large region lets.
    let eligible: Vec<&LotKey> = lots
        .iter()
        .filter(|key| key.regions.contains(&r) && key.interventions.iter().any(|iv| ivs.contains(iv)))
        .collect();
    let wanted = eligible.iter().filter(|_| rng.chance(40)).count().min(MAX_LOTS_PER_PROVIDER);
    let mut memberships = Vec::new();
    let mut picked = rng.sample(eligible.len(), wanted);
    picked.sort_unstable();
    for key in picked.into_iter().map(|j| eligible[j]) {
        let fw = &frameworks[key.framework];
        let lot = fw.lots.iter().find(|l| l.number == key.number).expect("the lot is on its framework");
        // A framework past its end date has ended for everyone on it.
        let status = if fw.ends < today {
            MembershipStatus::Ended
        } else {
            [MembershipStatus::Active, MembershipStatus::Suspended, MembershipStatus::Ended][rng.weighted(&[85, 8, 7])]
        };
        // Providers join when a framework opens or re-opens (a dynamic purchasing system at
        // any time), and a few join at a re-opening still to come.
        let opened: Vec<Date> =
            std::iter::once(fw.starts).chain(fw.reopens.iter().copied()).filter(|&d| d <= today).collect();
        let upcoming = fw.reopens.iter().copied().find(|&d| d > today && d <= fw.ends);
        let drawn = if fw.route == ProcurementRoute::DynamicPurchasingSystem || opened.is_empty() {
            rng.date_between(fw.starts, fw.ends.min(today))
        } else {
            let open = opened[more.below(opened.len())];
            rng.date_between(open, open.add_days(90).min(fw.ends).min(today))
        };
        let joined = match upcoming {
            Some(d) if status == MembershipStatus::Active && more.chance(3) => d,
            _ => drawn,
        };
        let status_since = match status {
            MembershipStatus::Active => None,
            _ if fw.ends < today && joined <= fw.ends => Some(fw.ends),
            _ => Some(more.date_between(joined, today)),
        };
        // About half cite the lot by its id, the rest by framework and number.
        let (framework, lot_ref) = if more.chance(50) {
            (String::new(), LotRef::Id(lot.id.clone()))
        } else {
            (fw.id.clone(), LotRef::Number(key.number))
        };
        memberships.push(LotMembership {
            framework,
            lot: lot_ref,
            status,
            joined,
            status_since,
            rank: (lot.call_off == CallOff::RankedList && more.chance(80)).then(|| more.range(1, 12) as u32),
        });
    }

    let awards = awards(rng, more, &ivs, registrations.ofsted_urn.as_deref(), today);
    let governance = governance(rng);
    let contact = Contact {
        email: Some(format!("referrals@{host}")),
        phone: Some(format!("020 7946 0{:03}", rng.below(1000))),
        website: rng.chance(90).then(|| format!("https://{host}")),
        referral: rng.pick(&REFERRAL).to_string(),
        address: rng.chance(75).then(|| format!("{} {}, {}", rng.range(1, 240), rng.pick(&STREETS), geo.name(home))),
        postcode: rng.chance(75).then(|| postcode(rng)),
    };
    // Most listings were confirmed within the year; about one in seven is overdue, which
    // the build warns about, as it should.
    let reviewed = if rng.chance(85) {
        rng.date_between(today.add_days(-364), today.add_days(-1))
    } else {
        rng.date_between(Date::from_ymd(2025, 1, 1).expect("date"), today.add_days(-366))
    };
    Provider {
        id,
        name,
        legal_form,
        sme,
        vcse,
        sector: None,
        registrations,
        summary,
        description,
        practice_model,
        practice_models,
        languages,
        services,
        lots: memberships,
        awards,
        governance,
        contact,
        reviewed,
    }
}

fn service(rng: &mut Rng, more: &mut Rng, geo: &Geo, r: usize, iv: usize) -> Service {
    const AGES: [(u8, u8); 13] = [
        (0, 5),
        (2, 11),
        (3, 18),
        (4, 18),
        (5, 16),
        (5, 18),
        (8, 18),
        (11, 18),
        (11, 25),
        (13, 25),
        (0, 18),
        (4, 11),
        (16, 25),
    ];
    const RESIDENTIAL_AGES: [(u8, u8); 5] = [(8, 17), (10, 18), (11, 18), (7, 18), (12, 21)];
    let region = &geo.regions[r];
    let residential = iv == RESIDENTIAL;
    let (from, to) = *rng.pick(if residential { &RESIDENTIAL_AGES[..] } else { &AGES[..] });
    let delivery = if residential {
        vec![Delivery::Residential]
    } else {
        let modes =
            [(Delivery::InPerson, 80), (Delivery::Online, 55), (Delivery::Phone, 20), (Delivery::HomeVisits, 30)];
        let mut d: Vec<Delivery> = modes.iter().filter(|m| rng.chance(m.1)).map(|m| m.0).collect();
        if d.is_empty() {
            d.push(Delivery::InPerson);
        }
        if more.chance(10) {
            d.push(Delivery::SchoolBased);
        }
        d
    };
    let in_person = delivery.iter().any(|d| !d.is_remote());
    // The catchment of online or phone delivery: England, the home region, or a few of its
    // authorities.
    let online_areas: Vec<String> = if !delivery.iter().any(|d| d.is_remote()) {
        vec![]
    } else {
        match more.weighted(&[50, 30, 20]) {
            0 => vec!["england".to_string()],
            1 => vec![geo.id(region.area).to_string()],
            _ => {
                let k = more.range(1, 4) as usize;
                let mut picked = more.sample(region.las.len(), k);
                picked.sort_unstable();
                picked.into_iter().map(|j| geo.id(region.las[j]).to_string()).collect()
            }
        }
    };
    let (places, home_type) = if residential {
        let home_type = [HomeType::Solo, HomeType::SmallGroup, HomeType::TherapeuticCommunity, HomeType::Other]
            [more.weighted(&[20, 60, 15, 5])];
        let places = match home_type {
            HomeType::Solo => 1,
            HomeType::SmallGroup => more.range(2, 6) as u32,
            HomeType::TherapeuticCommunity => more.range(6, 24) as u32,
            HomeType::Other => more.range(2, 10) as u32,
        };
        (more.chance(95).then_some(places), Some(home_type))
    } else {
        (None, None)
    };
    // Online and phone services leave `areas` empty, as the format allows.
    let areas: Vec<String> = if !in_person {
        vec![]
    } else {
        match rng.weighted(&[15, 25, 60]) {
            0 => vec![geo.id(region.area).to_string()],
            1 => vec![geo.id(*rng.pick(&region.subs)).to_string()],
            _ => {
                let k = rng.range(1, 5) as usize;
                let mut picked = rng.sample(region.las.len(), k);
                picked.sort_unstable();
                picked.into_iter().map(|j| geo.id(region.las[j]).to_string()).collect()
            }
        }
    };
    let allowed = INTERVENTIONS[iv].5;
    let mut funding: Vec<FundingRoute> = allowed.iter().copied().filter(|_| rng.chance(60)).collect();
    if funding.is_empty() {
        funding.push(*rng.pick(allowed));
    }
    let mut languages = vec!["English".to_string()];
    let extra = rng.weighted(&[60, 28, 12]);
    languages.extend(rng.sample(LANGUAGES.len(), extra).into_iter().map(|j| LANGUAGES[j].to_string()));
    let cost = rng.chance(60).then(|| {
        if residential {
            format!("£{} per week", 4_500 + 250 * rng.below(21))
        } else if rng.chance(80) {
            format!("£{} per session", 45 + 5 * rng.below(20))
        } else {
            format!("£{} per hour", 50 + 5 * rng.below(20))
        }
    });
    Service {
        intervention: INTERVENTIONS[iv].0.to_string(),
        ages: AgeRange { from, to },
        delivery,
        areas,
        online_areas,
        places,
        home_type,
        wait_weeks: rng.chance(85).then(|| {
            if rng.chance(80) {
                rng.range(0, 10) as u32
            } else {
                rng.range(11, 30) as u32
            }
        }),
        accepting: rng.chance(80),
        languages,
        cost,
        funding,
    }
}

fn awards(rng: &mut Rng, more: &mut Rng, ivs: &[usize], urn: Option<&str>, today: Date) -> Vec<Award> {
    let mut schemes: Vec<usize> = Vec::new();
    if urn.is_some() {
        schemes.push(OFSTED);
    }
    for &iv in ivs {
        for &s in schemes_for(iv) {
            if !schemes.contains(&s) && rng.chance(70) {
                schemes.push(s);
            }
        }
    }
    schemes
        .into_iter()
        .map(|s| {
            let status =
                [AwardStatus::Current, AwardStatus::Suspended, AwardStatus::Withdrawn][rng.weighted(&[90, 6, 4])];
            if s == OFSTED {
                // Registration does not expire; the inspection grade is what changes.
                let inspected = rng.date_between(today.add_days(-3 * 365), today.add_days(-7));
                let registered = rng.date_between(Date::from_ymd(2008, 1, 1).expect("date"), inspected);
                return Award {
                    scheme: SCHEMES[s].0.into(),
                    status,
                    // A registration need not state when it was made: many records give only
                    // the last inspection.
                    awarded: more.chance(50).then_some(registered),
                    status_since: (status != AwardStatus::Current).then(|| more.date_between(inspected, today)),
                    expires: None,
                    reference: urn.map(str::to_string),
                    grade: Some(OFSTED_GRADES[rng.weighted(&[20, 55, 18, 7])].to_string()),
                    inspected: Some(inspected),
                };
            }
            // Ofsted awards never expire, so the rest are drawn a little over 15% expired
            // to give about 15% overall, each still saying `current`, as a stale register does.
            let (awarded, expires) = match rng.weighted(&[17, 58, 25]) {
                0 => {
                    let expires = today.add_days(-rng.range(1, 540));
                    (expires.add_days(-rng.range(365, 1095)), Some(expires))
                }
                1 => {
                    let expires = today.add_days(rng.range(1, 1095));
                    let awarded = expires.add_days(-rng.range(365, 1095)).min(today.add_days(-rng.range(1, 200)));
                    (awarded, Some(expires))
                }
                _ => (today.add_days(-rng.range(30, 3650)), None),
            };
            let reference = rng.chance(70).then(|| {
                let prefix = match SCHEMES[s].0 {
                    "community-of-communities" => "CoC",
                    "hcpc" => "HCPC-ORG",
                    "bacp" => "BACP",
                    "ukcp" => "UKCP-ORG",
                    "tctc-membership" => "TCTC",
                    _ => "BAPT",
                };
                format!("{prefix}-{:05}", rng.below(100_000))
            });
            let status_since = (status != AwardStatus::Current).then(|| more.date_between(awarded, today));
            Award {
                scheme: SCHEMES[s].0.into(),
                status,
                awarded: Some(awarded),
                status_since,
                expires,
                reference,
                grade: None,
                inspected: None,
            }
        })
        .collect()
}

fn governance(rng: &mut Rng) -> Governance {
    let mut answers = EVIDENCE.iter().map(|choices| {
        rng.chance(85).then(|| {
            let a = rng.weighted(&[60, 28, 12]);
            ChecklistAnswer {
                answer: [Compliance::Met, Compliance::Partly, Compliance::NotMet][a],
                evidence: rng.pick(choices[a]).to_string(),
            }
        })
    });
    let mut next = || answers.next().flatten();
    Governance {
        governance: next(),
        therapeutic_practice: next(),
        workforce: next(),
        model_of_care: next(),
        outcomes: next(),
    }
}

/// Markdown paragraphs of 100 to 600 words (the target drawn uniformly), from the sentence
/// bank without repeats, so no two paragraphs of one description say the same thing.
fn description(rng: &mut Rng, name: &str, area: &str, service: &str) -> String {
    let target = rng.range(100, 600) as usize;
    let fill = |s: &str| s.replace("{name}", name).replace("{area}", area).replace("{service}", service);
    let mut order = rng.sample(DESCRIPTION.len(), DESCRIPTION.len()).into_iter();
    let mut paragraphs: Vec<Vec<String>> = vec![vec![]];
    let mut words = 0;
    let mut in_paragraph = rng.range(2, 5);
    while words < target {
        let j = match order.next() {
            Some(j) => j,
            None => {
                // The bank is spent (long descriptions): reshuffle it.
                order = rng.sample(DESCRIPTION.len(), DESCRIPTION.len()).into_iter();
                continue;
            }
        };
        let sentence = fill(DESCRIPTION[j]);
        let n = word_count(&sentence);
        // Stop short rather than overshoot, once past the 100-word floor.
        if words + n > target && words >= 100 {
            break;
        }
        if paragraphs.last().is_some_and(|p| p.len() as i64 >= in_paragraph) {
            paragraphs.push(vec![]);
            in_paragraph = rng.range(2, 5);
        }
        paragraphs.last_mut().expect("never empty").push(sentence);
        words += n;
    }
    let mut text = paragraphs.iter().map(|p| p.join(" ")).collect::<Vec<_>>().join("\n\n");
    text.push('\n');
    text
}

/// Words as a reader counts them: runs separated by white space.
pub fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// A valid UK postcode shape: `E8 4RP`, `LS12 3AB`.
fn postcode(rng: &mut Rng) -> String {
    let letter = |rng: &mut Rng| INWARD_LETTERS[rng.below(INWARD_LETTERS.len())] as char;
    format!("{}{} {}{}{}", rng.pick(&POSTCODE_AREAS), rng.range(1, 20), rng.range(0, 9), letter(rng), letter(rng))
}

/// `Family therapy` → `family therapy`; later capitals (`(DDP)`) stay.
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// A name as an id: lower-case ASCII letters and digits, single hyphens between words.
fn slug(s: &str) -> String {
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

// ---------------------------------------------------------------------------------------
// Writing YAML
// ---------------------------------------------------------------------------------------

/// Writes `region` as a site root at `out` (created), with `handbook_from/content` copied
/// in. Returns what was written.
pub fn write(region: &Region, out: &Path, handbook_from: &Path) -> io::Result<Summary> {
    let content = content_dir(handbook_from)?;
    let providers_dir = out.join("providers");
    fs::create_dir_all(providers_dir.join("frameworks"))?;
    fs::create_dir_all(providers_dir.join("orgs"))?;
    let mut bytes = 0u64;
    let mut put = |path: &Path, text: String| -> io::Result<()> {
        bytes += text.len() as u64;
        fs::write(path, text)
    };
    put(&out.join("site.yaml"), site_yaml(region))?;
    put(&providers_dir.join("areas.yaml"), areas_yaml(&region.areas))?;
    put(&providers_dir.join("interventions.yaml"), interventions_yaml(&region.interventions))?;
    put(&providers_dir.join("schemes.yaml"), schemes_yaml(&region.schemes))?;
    for fw in &region.frameworks {
        put(&providers_dir.join("frameworks").join(format!("{}.yaml", fw.id)), framework_yaml(fw))?;
    }
    for p in &region.providers {
        put(&providers_dir.join("orgs").join(format!("{}.yaml", p.id)), provider_yaml(p))?;
    }
    put(&providers_dir.join("practice-models.yaml"), practice_models_yaml(&region.practice_models))?;
    if !region.demand.is_empty() {
        fs::create_dir_all(providers_dir.join("demand"))?;
    }
    for d in &region.demand {
        put(&providers_dir.join("demand").join(format!("{}.yaml", d.period)), demand_yaml(d))?;
    }
    bytes += copy_tree(&content, &out.join("content"))?;
    Ok(Summary {
        providers: region.providers.len(),
        areas: region.areas.len(),
        frameworks: region.frameworks.len(),
        lots: region.frameworks.iter().map(|f| f.lots.len()).sum(),
        bytes,
    })
}

/// Copies a folder tree of files as is, in name order; returns the bytes copied.
fn copy_tree(from: &Path, to: &Path) -> io::Result<u64> {
    fs::create_dir_all(to)?;
    let mut entries: Vec<_> = fs::read_dir(from)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    let mut bytes = 0;
    for e in entries {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            bytes += copy_tree(&e.path(), &target)?;
        } else if e.path().is_file() {
            bytes += fs::copy(e.path(), &target)?;
        }
    }
    Ok(bytes)
}

// Writing into a String cannot fail, so the fmt::Result is dropped here, once.
macro_rules! out {
    ($s:expr, $($arg:tt)*) => {{ let _ = writeln!($s, $($arg)*); }};
}

/// A double-quoted YAML scalar, which can hold any text: `"`, `\` and control characters
/// are escaped, everything else is kept (YAML is UTF-8).
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || c == '\u{feff}' || c == '\u{2028}' || c == '\u{2029}' => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A key with multi-line markdown: a literal block, as an editor writes it, unless the
/// text is something a block cannot carry faithfully (leading white space, control
/// characters, a missing final newline), which falls back to a quoted scalar.
fn block(s: &mut String, indent: &str, key: &str, text: &str) {
    let plain = text.ends_with('\n')
        && !text.ends_with("\n\n")
        && !text.starts_with('\n')
        && text.lines().all(|l| !l.starts_with([' ', '\t']) && !l.ends_with([' ', '\t']))
        && !text.chars().any(|c| c.is_control() && c != '\n');
    if !plain {
        out!(s, "{indent}{key}: {}", q(text));
        return;
    }
    out!(s, "{indent}{key}: |");
    for line in text.lines() {
        if line.is_empty() {
            s.push('\n');
        } else {
            out!(s, "{indent}  {line}");
        }
    }
}

/// An enum value as the model spells it in YAML (`in-person`, `local-authority`): asked of
/// serde itself, so the generator cannot drift from the model's renames.
pub(crate) fn tok<T: Serialize>(x: &T) -> String {
    match serde_json::to_value(x) {
        Ok(serde_json::Value::String(s)) => s,
        other => unreachable!("unit enum variants serialise as strings, not {other:?}"),
    }
}

/// `[a, b]` of ids or enum values, which are plain YAML scalars by construction.
fn flow<T: AsRef<str>>(items: &[T]) -> String {
    format!("[{}]", items.iter().map(|x| x.as_ref()).collect::<Vec<_>>().join(", "))
}

fn flow_tok<T: Serialize>(items: &[T]) -> String {
    flow(&items.iter().map(tok).collect::<Vec<_>>())
}

fn flow_q(items: &[String]) -> String {
    flow(&items.iter().map(|x| q(x)).collect::<Vec<_>>())
}

fn site_yaml(region: &Region) -> String {
    let mut s = String::new();
    out!(s, "# A synthetic region from `landscape generate`: every provider is invented.");
    out!(s, "title: {}", q(&format!("Synthetic region: {} providers (seed {})", region.providers.len(), region.seed)));
    out!(s, "publisher: {}", q("Synthetic Children's Commissioning Partnership"));
    out!(s, "corrections_email: {}", q("corrections@synthetic-region.example"));
    out!(s, "base_url: /");
    out!(s, "page_size: 50");
    s
}

fn areas_yaml(areas: &[Area]) -> String {
    let mut s = String::new();
    for a in areas {
        out!(s, "- id: {}", a.id);
        out!(s, "  name: {}", q(&a.name));
        out!(s, "  kind: {}", tok(&a.kind));
        if let Some(gss) = &a.gss {
            out!(s, "  gss: {gss}");
        }
        if let Some(parent) = &a.parent {
            out!(s, "  parent: {parent}");
        }
    }
    s
}

fn interventions_yaml(interventions: &[Intervention]) -> String {
    let mut s = String::new();
    for i in interventions {
        out!(s, "- id: {}", i.id);
        out!(s, "  name: {}", q(&i.name));
        out!(s, "  group: {}", q(&i.group));
        out!(s, "  summary: {}", q(&i.summary));
        out!(s, "  category: {}", tok(&i.category));
        if let Some(helps) = &i.helps {
            out!(s, "  helps: {}", q(helps));
        }
        out!(s, "  funding: {}", flow_tok(&i.funding));
    }
    s
}

fn practice_models_yaml(models: &[PracticeModel]) -> String {
    let mut s = String::new();
    for m in models {
        out!(s, "- id: {}", m.id);
        out!(s, "  name: {}", q(&m.name));
        out!(s, "  summary: {}", q(&m.summary));
    }
    s
}

fn demand_yaml(d: &DemandPeriod) -> String {
    let mut s = String::with_capacity(64 * d.counts.len());
    out!(s, "# Invented figures, aggregated: never about a child.");
    out!(s, "period: {}", q(&d.period));
    out!(s, "starts: {}", d.starts);
    out!(s, "ends: {}", d.ends);
    out!(s, "counts:");
    for c in &d.counts {
        out!(s, "  - area: {}", c.area);
        out!(s, "    intervention: {}", c.intervention);
        for (key, value) in
            [("panel_requests", c.panel_requests), ("call_offs", c.call_offs), ("spot_purchases", c.spot_purchases)]
        {
            if let Some(v) = value {
                out!(s, "    {key}: {v}");
            }
        }
        if let Some(v) = c.spot_spend {
            out!(s, "    spot_spend: {v}");
        }
    }
    s
}

fn schemes_yaml(schemes: &[Scheme]) -> String {
    let mut s = String::new();
    for x in schemes {
        out!(s, "- id: {}", x.id);
        out!(s, "  name: {}", q(&x.name));
        out!(s, "  body: {}", q(&x.body));
        out!(s, "  url: {}", q(&x.url));
        out!(s, "  kind: {}", tok(&x.kind));
        out!(s, "  summary: {}", q(&x.summary));
        if !x.grades.is_empty() {
            out!(s, "  grades: {}", flow_q(&x.grades));
        }
        if !x.assesses.is_empty() {
            out!(s, "  assesses: {}", flow(&x.assesses));
        }
    }
    s
}

fn framework_yaml(f: &Framework) -> String {
    let mut s = String::new();
    out!(s, "name: {}", q(&f.name));
    out!(s, "lead: {}", q(&f.lead));
    if !f.partners.is_empty() {
        out!(s, "partners: {}", flow_q(&f.partners));
    }
    out!(s, "route: {}", tok(&f.route));
    out!(s, "summary: {}", q(&f.summary));
    out!(s, "starts: {}", f.starts);
    out!(s, "ends: {}", f.ends);
    if !f.reopens.is_empty() {
        out!(s, "reopens: {}", flow(&f.reopens.iter().map(Date::to_string).collect::<Vec<_>>()));
    }
    if !f.funding.is_empty() {
        out!(s, "funding: {}", flow_tok(&f.funding));
    }
    if let Some(r) = &f.reservation {
        out!(s, "reservation:");
        out!(s, "  areas: {}", flow(&r.areas));
        out!(s, "  sme_vcse: {}", r.sme_vcse);
        if let Some(n) = r.notice {
            out!(s, "  notice: {}", tok(&n));
        }
    }
    if let Some(r) = f.regime {
        out!(s, "regime: {}", tok(&r));
    }
    if let Some(d) = f.procurement_started {
        out!(s, "procurement_started: {d}");
    }
    if let Some(url) = &f.url {
        out!(s, "url: {}", q(url));
    }
    out!(s, "lots:");
    for lot in &f.lots {
        out!(s, "  - number: {}", lot.number);
        if !lot.id.is_empty() {
            out!(s, "    id: {}", lot.id);
        }
        out!(s, "    title: {}", q(&lot.title));
        if let Some(summary) = &lot.summary {
            out!(s, "    summary: {}", q(summary));
        }
        out!(s, "    interventions: {}", flow(&lot.interventions));
        out!(s, "    areas: {}", flow(&lot.areas));
        out!(s, "    call_off: {}", tok(&lot.call_off));
    }
    s
}

fn provider_yaml(p: &Provider) -> String {
    let mut s = String::with_capacity(4096);
    out!(s, "name: {}", q(&p.name));
    out!(s, "legal_form: {}", tok(&p.legal_form));
    out!(s, "sme: {}", p.sme);
    out!(s, "vcse: {}", p.vcse);
    if let Some(sector) = p.sector {
        out!(s, "sector: {}", tok(&sector));
    }
    let r = &p.registrations;
    if r.charity.is_some() || r.company.is_some() || r.ofsted_urn.is_some() {
        out!(s, "registrations:");
        for (key, value) in [("charity", &r.charity), ("company", &r.company), ("ofsted_urn", &r.ofsted_urn)] {
            if let Some(v) = value {
                out!(s, "  {key}: {}", q(v));
            }
        }
    }
    out!(s, "summary: {}", q(&p.summary));
    block(&mut s, "", "description", &p.description);
    if let Some(pm) = &p.practice_model {
        block(&mut s, "", "practice_model", pm);
    }
    if !p.practice_models.is_empty() {
        out!(s, "practice_models: {}", flow(&p.practice_models));
    }
    if !p.languages.is_empty() {
        out!(s, "languages: {}", flow_q(&p.languages));
    }
    out!(s, "services:");
    for v in &p.services {
        out!(s, "  - intervention: {}", v.intervention);
        out!(s, "    ages: {}-{}", v.ages.from, v.ages.to);
        out!(s, "    delivery: {}", flow_tok(&v.delivery));
        if !v.areas.is_empty() {
            out!(s, "    areas: {}", flow(&v.areas));
        }
        if !v.online_areas.is_empty() {
            out!(s, "    online_areas: {}", flow(&v.online_areas));
        }
        if let Some(n) = v.places {
            out!(s, "    places: {n}");
        }
        if let Some(h) = v.home_type {
            out!(s, "    home_type: {}", tok(&h));
        }
        if let Some(w) = v.wait_weeks {
            out!(s, "    wait_weeks: {w}");
        }
        out!(s, "    accepting: {}", v.accepting);
        if !v.languages.is_empty() {
            out!(s, "    languages: {}", flow_q(&v.languages));
        }
        if let Some(cost) = &v.cost {
            out!(s, "    cost: {}", q(cost));
        }
        if !v.funding.is_empty() {
            out!(s, "    funding: {}", flow_tok(&v.funding));
        }
    }
    if !p.lots.is_empty() {
        out!(s, "lots:");
        for m in &p.lots {
            if m.framework.is_empty() {
                out!(s, "  - lot: {}", m.lot);
            } else {
                out!(s, "  - framework: {}", m.framework);
                out!(s, "    lot: {}", m.lot);
            }
            out!(s, "    status: {}", tok(&m.status));
            out!(s, "    joined: {}", m.joined);
            if let Some(d) = m.status_since {
                out!(s, "    status_since: {d}");
            }
            if let Some(r) = m.rank {
                out!(s, "    rank: {r}");
            }
        }
    }
    if !p.awards.is_empty() {
        out!(s, "awards:");
        for a in &p.awards {
            out!(s, "  - scheme: {}", a.scheme);
            out!(s, "    status: {}", tok(&a.status));
            if let Some(d) = a.status_since {
                out!(s, "    status_since: {d}");
            }
            if let Some(d) = a.awarded {
                out!(s, "    awarded: {d}");
            }
            if let Some(d) = a.expires {
                out!(s, "    expires: {d}");
            }
            if let Some(r) = &a.reference {
                out!(s, "    reference: {}", q(r));
            }
            if let Some(g) = &a.grade {
                out!(s, "    grade: {}", q(g));
            }
            if let Some(d) = a.inspected {
                out!(s, "    inspected: {d}");
            }
        }
    }
    let domains = [
        ("governance", &p.governance.governance),
        ("therapeutic_practice", &p.governance.therapeutic_practice),
        ("workforce", &p.governance.workforce),
        ("model_of_care", &p.governance.model_of_care),
        ("outcomes", &p.governance.outcomes),
    ];
    if domains.iter().any(|d| d.1.is_some()) {
        out!(s, "governance:");
        for (key, answer) in domains {
            if let Some(a) = answer {
                out!(s, "  {key}: {{ answer: {}, evidence: {} }}", tok(&a.answer), q(&a.evidence));
            }
        }
    }
    let c = &p.contact;
    out!(s, "contact:");
    for (key, value) in [("email", &c.email), ("phone", &c.phone), ("website", &c.website)] {
        if let Some(v) = value {
            out!(s, "  {key}: {}", q(v));
        }
    }
    out!(s, "  referral: {}", q(&c.referral));
    for (key, value) in [("address", &c.address), ("postcode", &c.postcode)] {
        if let Some(v) = value {
            out!(s, "  {key}: {}", q(v));
        }
    }
    out!(s, "reviewed: {}", p.reviewed);
    s
}

// ---------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn region(providers: usize, seed: u64) -> Region {
        build(providers, seed, &Cited::default())
    }

    /// Every file the writer would produce, in a fixed order.
    fn rendered(region: &Region) -> Vec<String> {
        let mut files = vec![
            site_yaml(region),
            areas_yaml(&region.areas),
            interventions_yaml(&region.interventions),
            schemes_yaml(&region.schemes),
        ];
        files.extend(region.frameworks.iter().map(framework_yaml));
        files.extend(region.providers.iter().map(provider_yaml));
        files.push(practice_models_yaml(&region.practice_models));
        files.extend(region.demand.iter().map(demand_yaml));
        files
    }

    #[test]
    fn same_seed_same_bytes_other_seed_other_bytes() {
        assert_eq!(rendered(&region(300, 7)), rendered(&region(300, 7)));
        assert_ne!(rendered(&region(300, 7)), rendered(&region(300, 8)));
    }

    #[test]
    fn writes_identical_trees_with_the_handbook() {
        let handbook = tempfile::tempdir().unwrap();
        fs::create_dir_all(handbook.path().join("content/handbook")).unwrap();
        fs::write(handbook.path().join("content/_index.md"), "---\ntitle: Home\n---\n").unwrap();
        fs::write(handbook.path().join("content/handbook/a.md"), "---\ntitle: A\n---\nText\n").unwrap();
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let sa = generate(a.path(), 50, 3, handbook.path()).unwrap();
        let sb = generate(b.path(), 50, 3, handbook.path()).unwrap();
        assert_eq!(sa, sb);
        assert_eq!(sa.providers, 50);
        let files = |root: &Path| {
            let mut v: Vec<_> = walkdir::WalkDir::new(root)
                .sort_by_file_name()
                .into_iter()
                .map(|e| e.unwrap())
                .filter(|e| e.file_type().is_file())
                .map(|e| (e.path().strip_prefix(root).unwrap().to_owned(), fs::read(e.path()).unwrap()))
                .collect();
            v.sort();
            v
        };
        let (fa, fb) = (files(a.path()), files(b.path()));
        assert_eq!(fa, fb);
        assert_eq!(fa.iter().map(|f| f.1.len() as u64).sum::<u64>(), sa.bytes);
        assert!(a.path().join("content/handbook/a.md").is_file());
        assert_eq!(fs::read_dir(a.path().join("providers/orgs")).unwrap().count(), 50);
        let missing = tempfile::tempdir().unwrap();
        let e = generate(&a.path().join("x"), 5, 1, missing.path()).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::NotFound);
    }

    #[test]
    fn cited_ids_become_the_first_records() {
        let mut cited = Cited::default();
        cited.add_text(
            "See [[framework:nel-therapeutic-support]], [[lot:nel-therapeutic-support/9|lot 9]],\n\
             [[area:tower-hamlets]], [[provider:acorn-tree-therapies]], [[TS-3.2]], \
             [[scheme:ukcp]] and [[framework:nel-send-therapies-dps]].",
        );
        assert_eq!(
            cited.frameworks,
            [("nel-therapeutic-support".to_string(), 9), ("nel-send-therapies-dps".to_string(), 0)]
        );
        let r = build(100, 1, &cited);
        assert_eq!(r.frameworks[0].id, "nel-therapeutic-support");
        assert!(r.frameworks[0].lots.iter().any(|l| l.number == 9));
        assert_eq!(r.frameworks[1].id, "nel-send-therapies-dps");
        let hamlets = r.areas.iter().find(|a| a.id == "tower-hamlets").unwrap();
        assert_eq!((hamlets.name.as_str(), hamlets.kind), ("Tower Hamlets", AreaKind::LocalAuthority));
        assert_eq!(r.providers[0].id, "acorn-tree-therapies");
    }

    #[test]
    fn asgsf_never_pays_for_salt_or_ot() {
        let r = region(3000, 11);
        let barred = ["speech-and-language-therapy", "occupational-therapy"];
        for i in &r.interventions {
            if barred.contains(&i.id.as_str()) {
                assert!(!i.funding.contains(&FundingRoute::Asgsf), "{}", i.id);
            }
        }
        let mut seen = 0;
        for p in &r.providers {
            for v in &p.services {
                if barred.contains(&v.intervention.as_str()) {
                    seen += 1;
                    assert!(!v.funding.contains(&FundingRoute::Asgsf), "{} {}", p.id, v.intervention);
                }
            }
        }
        assert!(seen > 100, "the test should see many SALT and OT services, saw {seen}");
    }

    #[test]
    fn every_reference_resolves_and_every_rule_holds() {
        let n = 2500;
        let r = region(n, 5);
        let today: Date = BUILD_DATE.parse().unwrap();
        let is_id = |s: &str| {
            !s.is_empty()
                && !s.starts_with('-')
                && !s.ends_with('-')
                && !s.contains("--")
                && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        };

        // Areas: unique ids, parents listed first, well-formed unique GSS codes.
        let mut areas = HashMap::new();
        let mut gss = HashSet::new();
        for a in &r.areas {
            assert!(is_id(&a.id), "{}", a.id);
            if let Some(p) = &a.parent {
                assert!(areas.contains_key(p.as_str()), "{} before its parent {p}", a.id);
            }
            if let Some(code) = &a.gss {
                let (prefix, digits) = code.split_at(3);
                let want: &[&str] = match a.kind {
                    AreaKind::Nation => &["E92"],
                    AreaKind::Region => &["E12"],
                    _ => &["E06", "E07", "E08", "E09"],
                };
                assert!(want.contains(&prefix), "{code}");
                assert!(digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit()), "{code}");
                assert!(gss.insert(code.clone()), "duplicate GSS {code}");
            }
            assert!(areas.insert(a.id.as_str(), a).is_none(), "duplicate area {}", a.id);
        }
        let count = |k| r.areas.iter().filter(|a| a.kind == k).count();
        assert_eq!(count(AreaKind::Region), 9);
        assert_eq!(count(AreaKind::LocalAuthority), (n / 60).max(10));
        assert!(r.areas.iter().filter(|a| a.kind == AreaKind::LocalAuthority).all(|a| a.gss.is_some()));

        // Schemes cite only TS-1.1 to TS-10.3.
        let standards: HashSet<String> = (1..=10).flat_map(|t| (1..=3).map(move |s| format!("TS-{t}.{s}"))).collect();
        for s in &r.schemes {
            assert!(s.assesses.iter().all(|x| standards.contains(x)), "{}", s.id);
        }
        let schemes: HashMap<&str, &Scheme> = r.schemes.iter().map(|s| (s.id.as_str(), s)).collect();
        let interventions: HashMap<&str, &Intervention> = r.interventions.iter().map(|i| (i.id.as_str(), i)).collect();

        // Frameworks: 4 to 8 lots, each naming known interventions and areas.
        assert_eq!(r.frameworks.len(), (n / 500).max(2));
        let mut lots = HashSet::new();
        let mut lot_ids: HashMap<&str, (&str, u32)> = HashMap::new();
        for f in &r.frameworks {
            assert!(is_id(&f.id) && f.starts < f.ends, "{}", f.id);
            assert!((4..=8).contains(&f.lots.len()), "{} has {} lots", f.id, f.lots.len());
            for lot in &f.lots {
                assert!(lot.interventions.iter().all(|i| interventions.contains_key(i.as_str())));
                assert!(lot.areas.iter().all(|a| areas.contains_key(a.as_str())));
                lots.insert((f.id.as_str(), lot.number));
                assert!(lot_ids.insert(lot.id.as_str(), (f.id.as_str(), lot.number)).is_none(), "{}", lot.id);
            }
            if let Some(res) = &f.reservation {
                assert!(res.areas.iter().all(|a| areas.contains_key(a.as_str())));
            }
        }
        let frameworks: HashMap<&str, &Framework> = r.frameworks.iter().map(|f| (f.id.as_str(), f)).collect();

        let mut ids = HashSet::new();
        let (mut awards, mut expired) = (0, 0);
        for p in &r.providers {
            assert!(is_id(&p.id) && ids.insert(p.id.as_str()), "{}", p.id);
            assert!(!p.summary.contains('\n'));
            let words = word_count(&p.description);
            assert!((100..=600).contains(&words), "{} has {words} words", p.id);
            assert!((1..=4).contains(&p.services.len()));
            for v in &p.services {
                let iv = interventions[v.intervention.as_str()];
                assert!(v.ages.from <= v.ages.to && v.ages.to <= 25);
                assert!(!v.funding.is_empty() && v.funding.iter().all(|f| iv.funding.contains(f)));
                assert!(v.areas.iter().all(|a| areas.contains_key(a.as_str())));
                assert!(!v.delivery.is_empty());
            }
            for v in &p.services {
                let remote = v.delivery.iter().any(|d| d.is_remote());
                assert_eq!(remote, !v.online_areas.is_empty(), "{}", p.id);
                assert!(v.online_areas.iter().all(|a| areas.contains_key(a.as_str())));
                assert_eq!(v.places.is_some() || v.home_type.is_some(), v.home_type.is_some());
                assert_eq!(v.home_type.is_some(), v.delivery.contains(&Delivery::Residential));
            }
            for m in &p.lots {
                let (fid, number) = match &m.lot {
                    LotRef::Number(n) => (m.framework.as_str(), *n),
                    LotRef::Id(id) => lot_ids[id.as_str()],
                };
                let f = frameworks[fid];
                assert!(lots.contains(&(fid, number)));
                assert!(f.starts <= m.joined && m.joined <= f.ends);
                assert!(m.joined <= today || m.status == MembershipStatus::Active);
                assert_eq!(m.status_since.is_some(), m.status != MembershipStatus::Active);
                assert!(m.status_since.is_none_or(|d| m.joined <= d && d <= today));
            }
            for a in &p.awards {
                let s = schemes[a.scheme.as_str()];
                assert!(a.awarded.is_none_or(|d| d <= today));
                assert!(a.awarded.is_some() || s.kind == SchemeKind::Registration);
                assert_eq!(a.status_since.is_some(), a.status != AwardStatus::Current);
                if let Some(g) = &a.grade {
                    assert!(s.grades.contains(g) && a.inspected.is_some());
                }
                assert_eq!(a.grade.is_some(), !s.grades.is_empty());
                if s.id == "ofsted-childrens-home" {
                    let urn = p.registrations.ofsted_urn.as_deref().expect("URN for an Ofsted award");
                    assert!(urn.len() == 8 && urn.starts_with("SC"));
                }
                awards += 1;
                expired += usize::from(a.expires.is_some_and(|e| e < today));
            }
            let c = &p.contact;
            assert!(c.email.as_deref().unwrap().ends_with(".example"));
            if let Some(w) = &c.website {
                assert!(w.starts_with("https://") && w.ends_with(".example"), "{w}");
            }
            assert!(c.phone.as_deref().unwrap().starts_with("020 7946 0"));
            assert!(p.reviewed.ymd().0 >= 2025 && p.reviewed < today);
        }
        let share = expired * 100 / awards;
        assert!((10..=20).contains(&share), "{share}% of {awards} awards expired");
    }

    #[test]
    fn quoting_survives_hostile_text() {
        assert_eq!(q(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(q("line\nnext\ttab\u{7}"), "\"line\\nnext\\ttab\\u0007\"");
        assert_eq!(q("£95 – café"), "\"£95 – café\"");
        let mut s = String::new();
        block(&mut s, "", "description", "  starts with spaces\n");
        assert!(s.starts_with("description: \""), "{s}");
        let mut s = String::new();
        block(&mut s, "", "description", "One.\n\nTwo.\n");
        assert_eq!(s, "description: |\n  One.\n\n  Two.\n");
    }

    #[test]
    fn slugs_and_tokens() {
        assert_eq!(slug("Little Marlwick 2"), "little-marlwick-2");
        assert_eq!(slug("Children's Homes"), "children-s-homes");
        assert_eq!(tok(&Delivery::HomeVisits), "home-visits");
        assert_eq!(tok(&LegalForm::CharitableIncorporatedOrganisation), "charitable-incorporated-organisation");
        assert_eq!(join_and(&["A".into(), "b".into(), "c".into()]), "A, b and c");
    }
}
