//! Judging status against the build date: the rules that keep the directory true.
//!
//! The record says what the awarding body last said; the build date can overrule it. An
//! award past its expiry date is expired whatever its record says, so the site never shows
//! a lapsed accreditation as current.

use crate::date::Date;
use crate::model::{Award, AwardStatus, LotMembership, MembershipStatus};
use serde::Serialize;

/// How many days ahead an expiry counts as "expiring soon".
pub const EXPIRING_SOON_DAYS: i64 = 90;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AwardState {
    Current,
    /// Current today, but expires within [`EXPIRING_SOON_DAYS`].
    ExpiringSoon,
    Expired,
    Suspended,
    Withdrawn,
}

impl AwardState {
    pub fn is_current(self) -> bool {
        matches!(self, AwardState::Current | AwardState::ExpiringSoon)
    }

    pub fn label(self) -> &'static str {
        match self {
            AwardState::Current => "Current",
            AwardState::ExpiringSoon => "Current, expiring soon",
            AwardState::Expired => "Expired",
            AwardState::Suspended => "Suspended",
            AwardState::Withdrawn => "Withdrawn",
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Judged {
    pub state: AwardState,
    /// Days from the build date to expiry (negative once expired).
    pub days_to_expiry: Option<i64>,
}

pub fn award(a: &Award, today: Date) -> Judged {
    let days = a.expires.map(|e| today.days_until(e));
    let state = match a.status {
        AwardStatus::Withdrawn => AwardState::Withdrawn,
        AwardStatus::Suspended => AwardState::Suspended,
        AwardStatus::Current => match days {
            // The expiry date is the last day the award is valid.
            Some(d) if d < 0 => AwardState::Expired,
            Some(d) if d <= EXPIRING_SOON_DAYS => AwardState::ExpiringSoon,
            _ => AwardState::Current,
        },
    };
    Judged { state, days_to_expiry: days }
}

/// An award in words, as every page that shows one says it: its state judged today, and
/// the one date that goes with that state. A withdrawn or suspended award gives the day its
/// status changed (`status_since`), never its expiry; an expired or current one its expiry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwardWords {
    /// The state's class for styling: `current`, `expiring`, `expired`, `suspended`, `withdrawn`.
    pub class: &'static str,
    /// The state's label: "Current", "Current, expiring soon"…
    pub label: &'static str,
    /// The date that goes with the state, in words: "withdrawn on 3 March 2026", "valid
    /// until 31 March 2027". None when the record gives no such date.
    pub when: Option<String>,
}

impl AwardWords {
    /// Label and date in one phrase: "Withdrawn: withdrawn on 3 March 2026".
    pub fn text(&self) -> String {
        match &self.when {
            Some(w) => format!("{}: {w}", self.label),
            None => self.label.to_string(),
        }
    }
}

/// The words for an award judged `j`. Every rendering of an award (provider, scheme, lot,
/// compare data, audit lists) takes its words from here, so no two pages disagree.
pub fn award_words(a: &Award, j: &Judged) -> AwardWords {
    let class = match j.state {
        AwardState::Current => "current",
        AwardState::ExpiringSoon => "expiring",
        AwardState::Expired => "expired",
        AwardState::Suspended => "suspended",
        AwardState::Withdrawn => "withdrawn",
    };
    let when = match j.state {
        AwardState::Withdrawn => a.status_since.map(|d| format!("withdrawn on {}", d.long())),
        AwardState::Suspended => a.status_since.map(|d| format!("suspended since {}", d.long())),
        AwardState::Expired => a.expires.map(|d| format!("expired on {}", d.long())),
        AwardState::Current | AwardState::ExpiringSoon => a.expires.map(|d| format!("valid until {}", d.long())),
    };
    AwardWords { class, label: j.state.label(), when }
}

/// A lot membership as the build date finds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MembershipState {
    /// Joins on a date still to come.
    Joins,
    Active,
    Suspended,
    Ended,
}

impl MembershipState {
    pub fn label(self) -> &'static str {
        match self {
            MembershipState::Joins => "Joins",
            MembershipState::Active => "Active",
            MembershipState::Suspended => "Suspended",
            MembershipState::Ended => "Ended",
        }
    }
}

/// A membership whose join date is still to come is not yet active, whatever its status.
pub fn membership(m: &LotMembership, today: Date) -> MembershipState {
    if m.joined > today && m.status != MembershipStatus::Ended {
        return MembershipState::Joins;
    }
    match m.status {
        MembershipStatus::Active => MembershipState::Active,
        MembershipStatus::Suspended => MembershipState::Suspended,
        MembershipStatus::Ended => MembershipState::Ended,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn award_expiring(expires: &str, status: AwardStatus) -> Award {
        Award {
            scheme: "s".into(),
            status,
            awarded: Some("2020-01-01".parse().unwrap()),
            status_since: None,
            expires: Some(expires.parse().unwrap()),
            reference: None,
            grade: None,
            inspected: None,
        }
    }

    #[test]
    fn expiry_overrules_the_record() {
        let today: Date = "2026-11-23".parse().unwrap();
        let j = |e| award(&award_expiring(e, AwardStatus::Current), today).state;
        assert_eq!(j("2026-11-22"), AwardState::Expired);
        assert_eq!(j("2026-11-23"), AwardState::ExpiringSoon);
        assert_eq!(j("2027-02-21"), AwardState::ExpiringSoon);
        assert_eq!(j("2027-02-22"), AwardState::Current);
        assert_eq!(award(&award_expiring("2030-01-01", AwardStatus::Suspended), today).state, AwardState::Suspended);
    }

    #[test]
    fn an_award_gives_the_date_that_goes_with_its_state() {
        let today: Date = "2026-11-23".parse().unwrap();
        let words = |a: &Award| award_words(a, &award(a, today)).text();
        let mut a = award_expiring("2028-03-31", AwardStatus::Withdrawn);
        a.status_since = Some("2026-03-03".parse().unwrap());
        assert_eq!(words(&a), "Withdrawn: withdrawn on 3 March 2026");
        a.status = AwardStatus::Suspended;
        assert_eq!(words(&a), "Suspended: suspended since 3 March 2026");
        assert_eq!(words(&award_expiring("2028-03-31", AwardStatus::Current)), "Current: valid until 31 March 2028");
        assert_eq!(
            words(&award_expiring("2027-01-10", AwardStatus::Current)),
            "Current, expiring soon: valid until 10 January 2027"
        );
        assert_eq!(words(&award_expiring("2026-01-10", AwardStatus::Current)), "Expired: expired on 10 January 2026");
    }

    #[test]
    fn a_membership_joining_later_is_not_yet_active() {
        let today: Date = "2026-11-23".parse().unwrap();
        let m = |joined: &str, status| LotMembership {
            framework: "f".into(),
            lot: crate::model::LotRef::Number(1),
            status,
            joined: joined.parse().unwrap(),
            status_since: None,
            rank: None,
        };
        assert_eq!(membership(&m("2027-04-01", MembershipStatus::Active), today), MembershipState::Joins);
        assert_eq!(membership(&m("2026-11-23", MembershipStatus::Active), today), MembershipState::Active);
        assert_eq!(membership(&m("2024-04-01", MembershipStatus::Suspended), today), MembershipState::Suspended);
    }
}
