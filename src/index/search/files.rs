/*!
The file format on the wire: how the other modules' files are compressed and named, and the
manifest that ties them together. Writes, under `search/data/`:

- every data file gzip-compressed (here, so the bytes on the wire do not depend on the
  server; `search.js` checks the gzip magic number, so a server that adds its own encoding
  still works) as `<stem>.<hash>.dat`, where the hash is of its family's bytes (the display
  groups `d.*` are one family, the term shards `t.*` another, the postcode slices `s.*` a third, every other file its own), so
  a browser may cache them for ever;
- `manifest.json`, the one file fetched first and revalidated each visit: the facets with
  their options and labels, the names of kinds of support, areas, schemes, frameworks and
  lots, the shards' first terms, and each family's hash.
*/

use super::columns::{Lots, EPOCH};
use super::display::DISPLAY_GROUP;
use super::facets::{default_sort, groups, Facets, DELIVERY, FUNDING};
use crate::link::Site;
use rayon::prelude::*;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::Write;

fn gzip(bytes: &[u8], level: u32) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(level));
    e.write_all(bytes).expect("gzip");
    e.finish().expect("gzip")
}

/// What the manifest says beyond the file names: counts the other modules worked out.
pub(super) struct Counts {
    /// Providers and other documents numbered in the term index.
    pub docs: usize,
    /// Each term shard's first term.
    pub shard_first: Vec<String>,
}

/// Compresses and names every (stem, bytes), and adds the manifest.
pub(super) fn pack(
    site: &Site,
    f: &Facets,
    lots: &Lots,
    raw: Vec<(String, Vec<u8>)>,
    counts: Counts,
    lap: &dyn Fn(&str),
) -> Vec<(String, Vec<u8>)> {
    let n = site.providers.len();
    let groups = groups(site);
    let all_lots = &lots.all;
    let display_files = n.div_ceil(DISPLAY_GROUP);
    let Counts { docs, shard_first } = counts;
    let shards = shard_first.len();
    // Compress in parallel; name each file by a hash of its family's bytes, so a cached
    // copy is never stale.
    // The many term and display files get a quicker level: a few per cent larger, a third
    // of the time.
    let packed: Vec<(String, Vec<u8>)> = raw
        .into_par_iter()
        .map(|(stem, bytes)| {
            let level = if stem.starts_with("t.") || stem.starts_with("d.") { 3 } else { 7 };
            (stem, gzip(&bytes, level))
        })
        .collect();
    let family = |stem: &str| -> String {
        match stem.split_once('.') {
            Some((f @ ("d" | "t" | "s"), _)) => f.to_string(),
            _ => stem.to_string(),
        }
    };
    let mut hashes: BTreeMap<String, u64> = BTreeMap::new();
    for (stem, bytes) in &packed {
        let h = hashes.entry(family(stem)).or_insert(0xcbf29ce484222325);
        for b in bytes {
            *h ^= u64::from(*b);
            *h = h.wrapping_mul(0x100000001b3);
        }
    }
    let hashes: BTreeMap<String, String> =
        hashes.into_iter().map(|(k, h)| (k, format!("{:08x}", (h >> 32) as u32 ^ h as u32))).collect();
    let mut files: Vec<(String, Vec<u8>)> = packed
        .into_iter()
        .map(|(stem, bytes)| (format!("search/data/{stem}.{}.dat", hashes[&family(&stem)]), bytes))
        .collect();

    lap("compressed");
    // The manifest: labels and structure the script needs, and every file's name.
    let facets: Vec<Value> = f
        .list
        .iter()
        .map(|(id, label, opts)| {
            json!({
                "id": id, "label": label,
                "options": opts.iter().map(|o| json!([o.param, o.value, o.label])).collect::<Vec<_>>(),
            })
        })
        .collect();
    let manifest = json!({
        "version": 1,
        "providers": n,
        "docs": docs,
        "per_page": site.config.search.results_per_page,
        "sort": default_sort(site),
        "hashes": hashes,
        "display_files": display_files,
        "shards": shards,
        "shard_first": shard_first,
        "display_group": DISPLAY_GROUP,
        "facets": facets,
        "interventions": site.interventions.iter().map(|i| json!([i.name, groups.iter().position(|(g, _)| g == &i.group), i.id])).collect::<Vec<_>>(),
        "areas": (0..site.areas.len()).map(|a| json!([site.areas[a].name, site.area_up[a].get(1), site.areas[a].id])).collect::<Vec<_>>(),
        "schemes": site.schemes.iter().map(|s| &s.name).collect::<Vec<_>>(),
        "frameworks": site.frameworks.iter().map(|fw| json!([fw.name, fw.id])).collect::<Vec<_>>(),
        "lots": all_lots.iter().map(|(fi, l)| json!([l.number, l.title, fi, l.call_off.label(), l.interventions.iter().map(|i| site.intervention_ix[i]).collect::<Vec<_>>()])).collect::<Vec<_>>(),
        "delivery": DELIVERY.iter().map(|d| d.label()).collect::<Vec<_>>(),
        "funding": FUNDING.iter().map(|x| x.label()).collect::<Vec<_>>(),
        "postcode_areas": super::near::areas(),
        "today": site.today.to_string(),
        "epoch": EPOCH,
    });
    let mut bytes = serde_json::to_vec(&manifest).expect("json");
    bytes.push(b'\n');
    files.push(("search/data/manifest.json".into(), bytes));
    files
}
