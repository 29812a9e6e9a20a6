//! SVG charts written at build time, with no script. Each is an `<svg role="img">` named by
//! its own `<title>` and described by a `<desc>` (the text alternative); the page shows the
//! table it draws beside it. Shades of grey and patterns, never colour alone, tell values
//! apart, so they read in greyscale and in print.

use crate::audit::Audit;
use crate::link::Site;
use serde_json::{json, Value};
use std::fmt::Write;

use crate::html::escape as esc;

/// Opens an SVG with its title and description; `id` makes their ids unique on the page.
fn open(id: &str, w: usize, h: usize, title: &str, desc: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" class=\"chart\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" aria-labelledby=\"{id}-t {id}-d\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>\
<defs><pattern id=\"{id}-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#000\" stroke-width=\"2\"/></pattern>\
<pattern id=\"{id}-dots\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\"><rect width=\"5\" height=\"5\" fill=\"#fff\"/><circle cx=\"2.5\" cy=\"2.5\" r=\"1.2\" fill=\"#000\"/></pattern></defs>",
        esc(title),
        esc(desc)
    )
}

/// Fills for up to five series: black, dark grey, light grey, hatched, dotted.
fn fill(id: &str, n: usize) -> String {
    match n {
        0 => "#1a1a1a".into(),
        1 => "#6e6e6e".into(),
        2 => "#c4c4c4".into(),
        3 => format!("url(#{id}-hatch)"),
        _ => format!("url(#{id}-dots)"),
    }
}

/// The coverage matrix as a heat map: a row per area, a column per kind of support, the
/// shade by how many providers offer it in person (a hatched cell is a gap).
pub fn heat_map(site: &Site, audit: &Audit, areas: &[usize]) -> Value {
    let cols = site.interventions.len();
    let (cell, left, top) = (26usize, 190usize, 150usize);
    let (w, h) = (left + cols * cell + 10, top + areas.len() * cell + 50);
    let gaps: usize = areas.iter().map(|&a| audit.coverage.cells[a].iter().filter(|c| c.is_gap()).count()).sum();
    let mut s = open(
        "heat",
        w,
        h,
        "Coverage heat map: providers offering each kind of support in person, by area",
        &format!(
            "{} by {}; {} no provider in person (hatched). Darker cells have more providers. The table beside it gives every number.",
            crate::words::counted(areas.len() as f64, "area"),
            crate::words::counted_as(cols as f64, "kind of support", "kinds of support"),
            if gaps == 1 { "1 cell has".to_string() } else { format!("{gaps} cells have") }
        ),
    );
    for (i, iv) in site.interventions.iter().enumerate() {
        let x = left + i * cell + cell / 2;
        let _ = write!(
            s,
            "<text x=\"{x}\" y=\"{}\" transform=\"rotate(-50 {x} {})\" font-size=\"11\">{}</text>",
            top - 6,
            top - 6,
            esc(&truncate(&iv.name, 24))
        );
    }
    for (r, &a) in areas.iter().enumerate() {
        let y = top + r * cell;
        let indent = 4 * crate::audit::depth(site, a);
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"11\">{}</text>",
            2 + indent,
            y + 17,
            esc(&truncate(&site.areas[a].name, 26))
        );
        for (i, c) in audit.coverage.cells[a].iter().enumerate() {
            let n = c.in_person.len();
            let (f, ink) = match n {
                0 => ("url(#heat-hatch)".to_string(), "#000"),
                1 => ("#e6e6e6".into(), "#000"),
                2..=4 => ("#a6a6a6".into(), "#000"),
                _ => ("#404040".into(), "#fff"),
            };
            let x = left + i * cell;
            let _ = write!(s, "<rect x=\"{x}\" y=\"{y}\" width=\"{cell}\" height=\"{cell}\" fill=\"{f}\" stroke=\"#000\" stroke-width=\"0.5\"/>");
            if n > 0 {
                let _ = write!(
                    s,
                    "<text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\" fill=\"{ink}\">{n}</text>",
                    x + cell / 2,
                    y + 17
                );
            }
        }
    }
    let ly = top + areas.len() * cell + 20;
    for (k, (f, label)) in
        [("url(#heat-hatch)", "none (gap)"), ("#e6e6e6", "1"), ("#a6a6a6", "2 to 4"), ("#404040", "5 or more")]
            .iter()
            .enumerate()
    {
        let x = 2 + k * 120;
        let _ = write!(s, "<rect x=\"{x}\" y=\"{ly}\" width=\"14\" height=\"14\" fill=\"{f}\" stroke=\"#000\"/><text x=\"{}\" y=\"{}\" font-size=\"11\">{label}</text>", x + 18, ly + 12);
    }
    s.push_str("</svg>");
    json!({ "svg": s })
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n - 1).collect::<String>())
    }
}

/// Horizontal bars, one per (label, value); `id` names the chart on its page.
fn bars(id: &str, title: &str, desc: &str, items: &[(String, u64)]) -> String {
    let max = items.iter().map(|i| i.1).max().unwrap_or(0).max(1);
    let (left, width, row) = (200usize, 300usize, 24usize);
    let mut s = open(id, left + width + 60, items.len() * row + 10, title, desc);
    for (k, (label, v)) in items.iter().enumerate() {
        let y = 5 + k * row;
        let len = (*v as usize * width) / max as usize;
        let _ = write!(s, "<text x=\"0\" y=\"{}\" font-size=\"12\">{}</text><rect x=\"{left}\" y=\"{y}\" width=\"{len}\" height=\"{}\" fill=\"{}\" stroke=\"#000\"/><text x=\"{}\" y=\"{}\" font-size=\"12\">{v}</text>", y + 15, esc(&truncate(label, 30)), row - 6, fill(id, k % 5), left + len + 4, y + 15);
    }
    s.push_str("</svg>");
    s
}

/// Market shape: providers by sector.
pub fn market_shape(profile: &Value) -> Value {
    let items: Vec<(String, u64)> = profile["sectors"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| (s["label"].as_str().unwrap_or_default().to_string(), s["count"].as_u64().unwrap_or(0)))
        .collect();
    let desc = items.iter().map(|(l, v)| format!("{l}: {v}")).collect::<Vec<_>>().join("; ");
    json!({ "svg": bars("market", "Market shape: providers by who runs them", &format!("{desc}. The table beside it gives the same numbers."), &items) })
}

/// Accreditation health: one stacked bar per scheme, current to withdrawn.
pub fn accreditation_health(rows: &[Value]) -> Value {
    let keys = [
        ("current", "Current"),
        ("expiring", "Expiring within 90 days"),
        ("expired", "Expired"),
        ("suspended", "Suspended"),
        ("withdrawn", "Withdrawn"),
    ];
    let (left, width, row) = (200usize, 300usize, 26usize);
    let max =
        rows.iter().map(|r| keys.iter().map(|k| r[k.0].as_u64().unwrap_or(0)).sum::<u64>()).max().unwrap_or(0).max(1);
    let desc = rows
        .iter()
        .map(|r| {
            format!(
                "{}: {}",
                r["scheme"]["name"].as_str().unwrap_or_default(),
                keys.iter()
                    .map(|k| format!("{} {}", r[k.0], crate::words::in_sentence(k.1)))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let h = rows.len() * row + 40;
    let mut s = open("accr", left + width + 20, h, "Accreditation health by scheme", &desc);
    for (k, r) in rows.iter().enumerate() {
        let y = 5 + k * row;
        let _ = write!(
            s,
            "<text x=\"0\" y=\"{}\" font-size=\"12\">{}</text>",
            y + 15,
            esc(&truncate(r["scheme"]["name"].as_str().unwrap_or_default(), 30))
        );
        let mut x = left;
        for (n, key) in keys.iter().enumerate() {
            let v = r[key.0].as_u64().unwrap_or(0);
            let len = (v as usize * width) / max as usize;
            if len > 0 {
                let _ = write!(
                    s,
                    "<rect x=\"{x}\" y=\"{y}\" width=\"{len}\" height=\"{}\" fill=\"{}\" stroke=\"#000\"/>",
                    row - 8,
                    fill("accr", n)
                );
            }
            x += len;
        }
    }
    let ly = rows.len() * row + 15;
    for (n, key) in keys.iter().enumerate() {
        let x = n * 100;
        let _ = write!(s, "<rect x=\"{x}\" y=\"{ly}\" width=\"12\" height=\"12\" fill=\"{}\" stroke=\"#000\"/><text x=\"{}\" y=\"{}\" font-size=\"10\">{}</text>", fill("accr", n), x + 15, ly + 10, key.1);
    }
    s.push_str("</svg>");
    json!({ "svg": s })
}

/// Demand against contracted supply for one period: per kind of support, panel requests,
/// call-offs through lots and spot purchases. A count below 5 is not drawn, only named.
pub fn demand_supply(period: &str, kinds: &[Value]) -> Value {
    let id = format!("demand-{}", period.replace(|c: char| !c.is_ascii_alphanumeric(), "-"));
    let series = [("panel", "Panel requests"), ("call_offs", "Called off through a lot"), ("spot", "Spot purchases")];
    let (left, width, row) = (200usize, 300usize, 16usize);
    let max =
        kinds.iter().flat_map(|k| series.iter().map(move |s| k[s.0].as_u64().unwrap_or(0))).max().unwrap_or(0).max(1);
    let shown = |v: u64| if (1..5).contains(&v) { "fewer than 5".to_string() } else { v.to_string() };
    let desc = kinds
        .iter()
        .map(|k| {
            format!(
                "{}: {}",
                k["name"].as_str().unwrap_or_default(),
                series
                    .iter()
                    .map(|s| format!("{} {}", crate::words::in_sentence(s.1), shown(k[s.0].as_u64().unwrap_or(0))))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let h = kinds.len() * (row * 3 + 10) + 40;
    let mut s = open(&id, left + width + 110, h, &format!("Demand and contracted supply, {period}"), &desc);
    for (k, kind) in kinds.iter().enumerate() {
        let y0 = 5 + k * (row * 3 + 10);
        let _ = write!(
            s,
            "<text x=\"0\" y=\"{}\" font-size=\"12\">{}</text>",
            y0 + 28,
            esc(&truncate(kind["name"].as_str().unwrap_or_default(), 30))
        );
        for (n, ser) in series.iter().enumerate() {
            let v = kind[ser.0].as_u64().unwrap_or(0);
            let y = y0 + n * row;
            let len = if (1..5).contains(&v) { 0 } else { (v as usize * width) / max as usize };
            if len > 0 {
                let _ = write!(
                    s,
                    "<rect x=\"{left}\" y=\"{y}\" width=\"{len}\" height=\"{}\" fill=\"{}\" stroke=\"#000\"/>",
                    row - 3,
                    fill(&id, n)
                );
            }
            let _ = write!(s, "<text x=\"{}\" y=\"{}\" font-size=\"10\">{}</text>", left + len + 4, y + 11, shown(v));
        }
    }
    let ly = kinds.len() * (row * 3 + 10) + 15;
    for (n, ser) in series.iter().enumerate() {
        let x = n * 170;
        let _ = write!(s, "<rect x=\"{x}\" y=\"{ly}\" width=\"12\" height=\"12\" fill=\"{}\" stroke=\"#000\"/><text x=\"{}\" y=\"{}\" font-size=\"10\">{}</text>", fill(&id, n), x + 15, ly + 10, ser.1);
    }
    s.push_str("</svg>");
    json!({ "svg": s })
}

/// One stacked bar per row, a segment per series (at most five), with a legend; the
/// description gives every number, for the table beside it says them again.
pub fn stacked(id: &str, title: &str, series: &[String], rows: &[(String, Vec<u64>)]) -> Value {
    let (left, width, row) = (200usize, 300usize, 26usize);
    let max = rows.iter().map(|r| r.1.iter().sum::<u64>()).max().unwrap_or(0).max(1);
    let desc = rows
        .iter()
        .map(|(label, values)| {
            format!(
                "{label}: {}",
                series
                    .iter()
                    .zip(values)
                    .map(|(s, v)| format!("{} {v}", crate::words::in_sentence(s)))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let legend_rows = series.len().div_ceil(2);
    let h = rows.len() * row + 10 + legend_rows * 18;
    let mut s = open(id, left + width + 60, h, title, &format!("{desc}. The table beside it gives the same numbers."));
    for (k, (label, values)) in rows.iter().enumerate() {
        let y = 5 + k * row;
        let _ = write!(s, "<text x=\"0\" y=\"{}\" font-size=\"12\">{}</text>", y + 15, esc(&truncate(label, 30)));
        let mut x = left;
        for (n, &v) in values.iter().enumerate() {
            let len = (v as usize * width) / max as usize;
            if len > 0 {
                let _ = write!(
                    s,
                    "<rect x=\"{x}\" y=\"{y}\" width=\"{len}\" height=\"{}\" fill=\"{}\" stroke=\"#000\"/>",
                    row - 8,
                    fill(id, n)
                );
            }
            x += len;
        }
        let _ =
            write!(s, "<text x=\"{}\" y=\"{}\" font-size=\"12\">{}</text>", x + 4, y + 15, values.iter().sum::<u64>());
    }
    let ly = rows.len() * row + 10;
    for (n, label) in series.iter().enumerate() {
        let (x, y) = ((n % 2) * 260, ly + (n / 2) * 18);
        let _ = write!(s, "<rect x=\"{x}\" y=\"{y}\" width=\"12\" height=\"12\" fill=\"{}\" stroke=\"#000\"/><text x=\"{}\" y=\"{}\" font-size=\"10\">{}</text>", fill(id, n), x + 15, y + 10, esc(label));
    }
    s.push_str("</svg>");
    json!({ "svg": s })
}
