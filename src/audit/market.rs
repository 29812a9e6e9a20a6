//! Market shape: who provides (legal form, sector, SME and VCSE), on each lot and in each
//! area, and the residential places by area and home type.

use crate::link::{judge, LotKey, MembershipState, Site};
use crate::model::{HomeType, LegalForm, Sector};

pub const SECTORS: [Sector; 4] = [Sector::Council, Sector::Nhs, Sector::Independent, Sector::Voluntary];
pub const FORMS: [LegalForm; 10] = [
    LegalForm::Charity,
    LegalForm::CharitableIncorporatedOrganisation,
    LegalForm::CommunityBenefitSociety,
    LegalForm::CommunityInterestCompany,
    LegalForm::Company,
    LegalForm::LimitedLiabilityPartnership,
    LegalForm::Partnership,
    LegalForm::SoleTrader,
    LegalForm::LocalAuthority,
    LegalForm::NhsTrust,
];
/// Home types in the order shown; `None` is a residential service that states none.
pub const HOMES: [Option<HomeType>; 5] = [
    Some(HomeType::Solo),
    Some(HomeType::SmallGroup),
    Some(HomeType::TherapeuticCommunity),
    Some(HomeType::Other),
    None,
];

/// Providers active on a lot today (a membership joining later is not yet active).
pub fn active_members(site: &Site, k: LotKey) -> Vec<usize> {
    let mut v: Vec<usize> = site.lot_members[k.framework][k.lot]
        .iter()
        .filter(|&&(p, m)| judge::membership(&site.providers[p].lots[m], site.today) == MembershipState::Active)
        .map(|&(p, _)| p)
        .collect();
    v.dedup();
    v
}

/// Lots relevant to `area` (its areas include it, an area above or below it), or all lots.
pub fn lots_for(site: &Site, area: Option<usize>) -> Vec<LotKey> {
    let mut out = Vec::new();
    for (f, fw) in site.frameworks.iter().enumerate() {
        for (l, lot) in fw.lots.iter().enumerate() {
            let relevant = match area {
                None => true,
                Some(a) => lot
                    .areas
                    .iter()
                    .filter_map(|id| site.area_ix.get(id))
                    .any(|&x| x == a || site.area_up[a].contains(&x) || site.area_down[a].contains(&x)),
            };
            if relevant {
                out.push(LotKey { framework: f, lot: l });
            }
        }
    }
    out
}
