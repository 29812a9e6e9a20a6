//! The coverage matrix: for every area and kind of support, who offers it there.
//!
//! Roll-up (docs/FORMATS.md): a service is offered in person in area X when one of its
//! areas is X, above X or below X ("somewhere in it"). An online or phone service reaches X
//! when one of its online areas is X, above X or below X. A provider that reaches X only
//! online is counted apart from those who can be seen in person, so a list of online
//! services never hides a gap in person.

use crate::link::Site;

/// One cell of the matrix. Provider lists are in site order, without repeats.
#[derive(Debug, Default, Clone)]
pub struct Cell {
    /// Providers with an in-person offer (in person, home visits, in school or residential).
    pub in_person: Vec<usize>,
    /// Their in-person services, for waiting times.
    pub services: Vec<(usize, usize)>,
    /// Providers reaching the area only online or by phone.
    pub online_only: Vec<usize>,
    /// Of all the providers in the cell, those with a service here accepting referrals now.
    pub accepting: Vec<usize>,
    /// Providers whose online or phone service names this very area as its catchment. An
    /// online service reaches every area above and below the one it names, so listing it
    /// under each would repeat a national service on every authority's list; it is listed
    /// once, under the catchment it names, and the cells it reaches link there.
    pub named_online: Vec<usize>,
}

impl Cell {
    pub fn is_gap(&self) -> bool {
        self.in_person.is_empty()
    }
    pub fn is_empty(&self) -> bool {
        self.in_person.is_empty() && self.online_only.is_empty()
    }
    /// Everyone on the cell's list: in-person providers first, then online-only ones.
    pub fn providers(&self) -> impl Iterator<Item = (usize, bool)> + '_ {
        self.in_person.iter().map(|&p| (p, true)).chain(self.online_only.iter().map(|&p| (p, false)))
    }
}

/// `cells[area][intervention]`.
pub struct Coverage {
    pub cells: Vec<Vec<Cell>>,
}

/// Pushes `p` unless it is already the last entry: providers arrive in order.
fn push_once(v: &mut Vec<usize>, p: usize) {
    if v.last() != Some(&p) {
        v.push(p);
    }
}

/// Every area a service listed in `areas` reaches: each, the areas above and below it.
fn reach(site: &Site, areas: &[crate::model::Id], seen: &mut [usize], stamp: usize, out: &mut Vec<usize>) {
    out.clear();
    for id in areas {
        let Some(&a) = site.area_ix.get(id) else { continue };
        for &x in site.area_up[a].iter().chain(&site.area_down[a]) {
            if seen[x] != stamp {
                seen[x] = stamp;
                out.push(x);
            }
        }
    }
}

impl Coverage {
    pub fn build(site: &Site) -> Coverage {
        let n_iv = site.interventions.len();
        let mut cells: Vec<Vec<Cell>> = (0..site.areas.len()).map(|_| vec![Cell::default(); n_iv]).collect();
        let mut remote: Vec<Vec<Vec<usize>>> = (0..site.areas.len()).map(|_| vec![Vec::new(); n_iv]).collect();
        let mut seen = vec![usize::MAX; site.areas.len()];
        let mut stamp = 0;
        let mut places = Vec::new();
        for (p, pr) in site.providers.iter().enumerate() {
            for (s, sv) in pr.services.iter().enumerate() {
                let i = site.intervention_ix[&sv.intervention];
                if sv.delivery.iter().any(|d| !d.is_remote()) {
                    reach(site, &sv.areas, &mut seen, stamp, &mut places);
                    stamp += 1;
                    for &a in &places {
                        let c = &mut cells[a][i];
                        push_once(&mut c.in_person, p);
                        c.services.push((p, s));
                        if sv.accepting {
                            push_once(&mut c.accepting, p);
                        }
                    }
                }
                if sv.delivery.iter().any(|d| d.is_remote()) {
                    for id in &sv.online_areas {
                        if let Some(&a) = site.area_ix.get(id) {
                            push_once(&mut cells[a][i].named_online, p);
                        }
                    }
                    reach(site, &sv.online_areas, &mut seen, stamp, &mut places);
                    stamp += 1;
                    for &a in &places {
                        push_once(&mut remote[a][i], p);
                        if sv.accepting {
                            // Accepting lists are merged and sorted below: a provider's
                            // in-person and online services may both land here.
                            cells[a][i].accepting.push(p);
                        }
                    }
                }
            }
        }
        for (row, rrow) in cells.iter_mut().zip(remote) {
            for (c, r) in row.iter_mut().zip(rrow) {
                c.online_only = r.into_iter().filter(|p| c.in_person.binary_search(p).is_err()).collect();
                c.accepting.sort_unstable();
                c.accepting.dedup();
                // Kept for the whole build: without the slack of growing one push at a time.
                for list in [&mut c.in_person, &mut c.online_only, &mut c.accepting, &mut c.named_online] {
                    list.shrink_to_fit();
                }
                c.services.shrink_to_fit();
            }
        }
        Coverage { cells }
    }
}

/// The list behind one cell: `areas/<area>/<kind of support>/`.
pub fn cell_url(site: &Site, a: usize, i: usize) -> String {
    format!("{}{}/", crate::link::urls::area(&site.areas[a].id), site.interventions[i].id)
}
