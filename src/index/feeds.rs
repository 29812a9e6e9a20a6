/*!
`feeds/`: Atom feeds (RFC 4287) of what changed in the register, for commissioners, social
workers and families who want to hear of changes without visiting: `feeds/all.xml` for the
whole site and `feeds/areas/<area>.xml` for each area (what is offered in it, anywhere in it,
or across it, as on the area's page).

Entries, all judged against the build date, so a given `--today` gives the same bytes:
- a provider's listing **added or reviewed** on its `reviewed` date (records carry no date of
  first listing, so an added provider shows as its first review);
- an award **expired** in the past year (dated the day after its expiry), or **expiring**
  within [`EXPIRING_SOON_DAYS`] (dated the day it entered that window);
- a lot **re-opening** to new providers within the same 90 days (dated the day it entered
  the window), or re-opened in the past year (dated the day it did).

Only entries from the past year are kept, the newest [`SITE_ENTRIES`] (or [`AREA_ENTRIES`]).
Feeds need absolute URLs, so they are written only when the base URL is absolute.
*/

use crate::html::escape;
use crate::link::judge::{AwardState, EXPIRING_SOON_DAYS};
use crate::link::{urls, Site};
use crate::model::Date;

pub const SITE_ENTRIES: usize = 200;
pub const AREA_ENTRIES: usize = 100;

/// The feed of the whole site.
pub const SITE_FEED: &str = "feeds/all.xml";

/// The feed of one area.
pub fn area_feed(area: &str) -> String {
    format!("feeds/areas/{area}.xml")
}

struct Entry {
    /// Unique and permanent: the page it is about and what happened on which date.
    id: String,
    title: String,
    updated: Date,
    /// The page, relative to the site root.
    page: String,
    summary: String,
    /// The areas whose feed carries it.
    areas: Vec<usize>,
}

/// An area, every area above it and every area below it: a service there is offered in, or
/// across, each of them.
fn reach(site: &Site, areas: &[usize]) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for &a in areas {
        out.extend(site.area_up[a].iter().copied());
        out.extend(site.area_down[a].iter().copied());
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn entries(site: &Site) -> Vec<Entry> {
    let today = site.today;
    let since = today.add_days(-365);
    let recent = |d: Date| d >= since && d <= today;
    let mut out = Vec::new();
    for (pi, p) in site.providers.iter().enumerate() {
        let page = urls::provider(&p.id);
        let areas: Vec<usize> =
            p.services.iter().flat_map(|s| s.areas.iter().chain(&s.online_areas)).map(|a| site.area_ix[a]).collect();
        let areas = reach(site, &areas);
        if recent(p.reviewed) {
            out.push(Entry {
                id: format!("{page}#reviewed-{}", p.reviewed),
                title: format!("{}: listing added or reviewed", p.name),
                updated: p.reviewed,
                page: page.clone(),
                summary: format!(
                    "The listing of {} was checked with the provider on {}. {}",
                    p.name,
                    p.reviewed.long(),
                    p.summary
                ),
                areas: areas.clone(),
            });
        }
        for (a, j) in p.awards.iter().zip(&site.award_states[pi]) {
            let Some(expires) = a.expires else { continue };
            let scheme = &site.schemes[site.scheme_ix[&a.scheme]];
            let (what, updated) = match j.state {
                AwardState::Expired => ("expired", expires.add_days(1)),
                AwardState::ExpiringSoon => ("expires", expires.add_days(-EXPIRING_SOON_DAYS)),
                _ => continue,
            };
            if !recent(updated) {
                continue;
            }
            out.push(Entry {
                id: format!("{page}#award-{}-{what}-{expires}", a.scheme),
                title: format!("{}: {} {what} on {}", p.name, scheme.name, expires.long()),
                updated,
                page: page.clone(),
                summary: format!(
                    "The {} of {} {} on {}. Statuses are judged as of {}.",
                    scheme.name,
                    p.name,
                    if what == "expired" { "expired" } else { "expires" },
                    expires.long(),
                    today.long()
                ),
                areas: areas.clone(),
            });
        }
    }
    for f in &site.frameworks {
        for r in &f.reopens {
            let (what, updated) =
                if *r >= today { ("reopens", r.add_days(-EXPIRING_SOON_DAYS)) } else { ("reopened", *r) };
            if !recent(updated) || *r > today.add_days(EXPIRING_SOON_DAYS) {
                continue;
            }
            for lot in &f.lots {
                let page = urls::lot(&f.id, lot.number);
                let lot_areas: Vec<usize> = lot.areas.iter().map(|a| site.area_ix[a]).collect();
                out.push(Entry {
                    id: format!("{page}#{what}-{r}"),
                    title: format!(
                        "{}, lot {} ({}): {what} to new providers on {}",
                        f.name,
                        lot.number,
                        lot.title,
                        r.long()
                    ),
                    updated,
                    page,
                    summary: format!(
                        "{} {} to new providers on {}: providers who offer {} can apply to join lot {}.",
                        f.name,
                        what,
                        r.long(),
                        lot.title,
                        lot.number
                    ),
                    areas: reach(site, &lot_areas),
                });
            }
        }
    }
    // Newest first; the id settles ties, so the order never depends on the input's.
    out.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.id.cmp(&b.id)));
    out
}

fn stamp(d: Date) -> String {
    format!("{d}T00:00:00Z")
}

fn feed(site: &Site, abs: &str, path: &str, title: &str, page: &str, entries: &[&Entry]) -> Vec<u8> {
    let updated = entries.iter().map(|e| e.updated).max().unwrap_or(site.today);
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en-GB\">\n",
    );
    x.push_str(&format!("<title>{}</title>\n", escape(title)));
    x.push_str(&format!("<id>{}</id>\n", escape(&format!("{abs}{path}"))));
    x.push_str(&format!(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape(&format!("{abs}{path}"))
    ));
    x.push_str(&format!("<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", escape(&format!("{abs}{page}"))));
    x.push_str(&format!("<updated>{}</updated>\n", stamp(updated)));
    x.push_str(&format!("<author><name>{}</name></author>\n", escape(&site.config.publisher)));
    x.push_str("<generator>landscape</generator>\n");
    for e in entries {
        x.push_str("<entry>");
        x.push_str(&format!("<id>{}</id>", escape(&format!("{abs}{}", e.id))));
        x.push_str(&format!("<title>{}</title>", escape(&e.title)));
        x.push_str(&format!("<updated>{}</updated>", stamp(e.updated)));
        x.push_str(&format!(
            "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            escape(&format!("{abs}{}", e.page))
        ));
        x.push_str(&format!("<summary type=\"text\">{}</summary>", escape(&e.summary)));
        x.push_str("</entry>\n");
    }
    x.push_str("</feed>\n");
    x.into_bytes()
}

/// Every feed, paths relative to the site root. `abs` is the absolute base URL.
pub fn files(site: &Site, abs: &str) -> Vec<(String, Vec<u8>)> {
    let all = entries(site);
    let mut per_area: Vec<Vec<&Entry>> = vec![Vec::new(); site.areas.len()];
    for e in &all {
        for &a in &e.areas {
            if per_area[a].len() < AREA_ENTRIES {
                per_area[a].push(e);
            }
        }
    }
    let site_entries: Vec<&Entry> = all.iter().take(SITE_ENTRIES).collect();
    let mut out = vec![(
        SITE_FEED.to_string(),
        feed(site, abs, SITE_FEED, &format!("{}: changes", site.config.title), "", &site_entries),
    )];
    for (a, area) in site.areas.iter().enumerate() {
        let path = area_feed(&area.id);
        let title = format!("{}: changes in {}", site.config.title, area.name);
        out.push((path.clone(), feed(site, abs, &path, &title, &urls::area(&area.id), &per_area[a])));
    }
    out
}
