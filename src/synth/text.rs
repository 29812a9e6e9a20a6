//! Prose: the sentence banks for descriptions, practice models, governance evidence and
//! referral routes, and the helpers that join them. Providers' text is the bulk of the
//! register's bytes, so its length and shape are what make a benchmark realistic.

use super::rng::Rng;

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

pub(super) const PRACTICE_MODEL: [&str; 12] = [
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
pub(super) const EVIDENCE: [[&[&str]; 3]; 5] = [
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

pub(super) const REFERRAL: [&str; 6] = [
    "Email the referral form; a clinician calls back within five working days.",
    "Telephone the referrals line to discuss the child; we send a referral form after the call.",
    "Social workers complete the online referral form; families may call first for an informal conversation.",
    "Referral through the local authority's resource panel, with the child's care plan and latest review.",
    "Send a referral letter by email with consent from the person holding parental responsibility.",
    "Use the regional adoption agency's support request; we contact the family within ten working days.",
];

pub(super) const LANGUAGES: [&str; 16] = [
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

/// Markdown paragraphs of 100 to 600 words (the target drawn uniformly), from the sentence
/// bank without repeats, so no two paragraphs of one description say the same thing.
pub(super) fn description(rng: &mut Rng, name: &str, area: &str, service: &str) -> String {
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

/// `Family therapy` → `family therapy`; later capitals (`(DDP)`) stay.
pub(super) fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

pub(super) fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
