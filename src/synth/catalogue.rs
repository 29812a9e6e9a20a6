//! The fixed lists a synthetic region shares with the example site: interventions with their
//! funding routes, schemes and their grades, practice models, demand periods. Copied rather
//! than drawn, because the handbook the generated site carries was written against them.

use crate::model::{Category, FundingRoute, Intervention, Scheme, SchemeKind};
use FundingRoute::{Asgsf, Council, DsgHighNeeds, Icb, SelfFunded};

/// (id, name, group, summary, helps, funding)
type InterventionRow = (&'static str, &'static str, &'static str, &'static str, &'static str, &'static [FundingRoute]);

/// The intervention list of the example site. The Adoption and Special Guardianship Support
/// Fund does not pay for speech and language therapy or occupational therapy, so neither
/// lists `asgsf`.
#[rustfmt::skip]
pub(super) const INTERVENTIONS: [InterventionRow; 14] = [
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
pub(super) const RESIDENTIAL: usize = 0;

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
pub(super) const PRACTICE_MODELS: [(&str, &str, &str); 9] = [
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
pub(super) const DEMAND_PERIODS: [(&str, &str, &str); 2] =
    [("2024-25", "2024-04-01", "2025-03-31"), ("2025-26", "2025-04-01", "2026-03-31")];

/// (id, name, body, url, kind, summary, graded, assesses)
type SchemeRow =
    (&'static str, &'static str, &'static str, &'static str, SchemeKind, &'static str, bool, &'static [&'static str]);

/// The schemes of the example site. `assesses` cites only standards TS-N.1 to TS-N.3,
/// which every topic of the example handbook has.
#[rustfmt::skip]
pub(super) const SCHEMES: [SchemeRow; 7] = [
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
pub(super) const OFSTED: usize = 0;
pub(super) const OFSTED_GRADES: [&str; 4] = ["Outstanding", "Good", "Requires improvement", "Inadequate"];

/// Which schemes a provider of each intervention plausibly holds (indices into SCHEMES).
pub(super) fn schemes_for(intervention: usize) -> &'static [usize] {
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

pub(super) fn interventions() -> Vec<Intervention> {
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

pub(super) fn schemes() -> Vec<Scheme> {
    SCHEMES
        .iter()
        .map(|&(id, name, body, url, kind, summary, graded, assesses)| Scheme {
            id: id.into(),
            name: name.into(),
            body: Some(body.into()),
            url: Some(url.into()),
            kind,
            summary: Some(summary.into()),
            grades: if graded { OFSTED_GRADES.iter().map(|g| g.to_string()).collect() } else { vec![] },
            assesses: assesses.iter().map(|s| s.to_string()).collect(),
        })
        .collect()
}
