/*!
Finds the line of a field in a YAML text, given its path (`services[2].areas[0]`).

The loader hands typed records to later stages; when the link stage finds a bad reference it
knows the field path but not the line. Rather than carry positions through every type, we
look the path up again in the file's text. This understands the block style the register
uses (mappings, `- ` sequences, inline `[a, b]` lists); for anything else it returns the
nearest enclosing line it did find.
*/

enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

fn segments(path: &str) -> Vec<Seg<'_>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            out.push(Seg::Key(key));
        }
        while let Some(end) = rest.find(']') {
            if let Ok(n) = rest[1..end].parse() {
                out.push(Seg::Index(n));
            }
            rest = &rest[end + 1..];
        }
    }
    out
}

struct Line<'a> {
    no: usize,
    indent: usize,
    text: &'a str,
}

/// Returns the 1-based (line, column) of the value at `path`, or of the deepest part of it
/// that could be found (the record, for a field it does not have).
pub fn locate(text: &str, path: &str) -> Option<(usize, usize)> {
    let lines: Vec<Line> = text
        .lines()
        .enumerate()
        .filter_map(|(i, l)| {
            let t = l.trim_start_matches(' ');
            if t.is_empty() || t.starts_with('#') || t == "---" {
                return None;
            }
            Some(Line { no: i + 1, indent: l.len() - t.len(), text: l })
        })
        .collect();
    let segs = segments(path);
    if let (Some(first), Some(Seg::Index(n))) = (lines.first(), segs.first()) {
        if first.text.trim_start().starts_with('[') {
            return in_flow_list(text, *n, segs.get(1), segs.len() == 2);
        }
    }
    // The search state: a window of lines and the column at which its entries start.
    let (mut lo, mut hi) = (0usize, lines.len());
    let mut col = lines.first()?.indent;
    let mut found: Option<(usize, usize)> = None;
    for (si, seg) in segs.iter().enumerate() {
        match seg {
            Seg::Key(k) => {
                let needle = format!("{k}:");
                let mut hit = None;
                for (i, l) in lines.iter().enumerate().take(hi).skip(lo) {
                    // An entry may follow a list dash: "- key: v".
                    let mut c = l.indent;
                    let mut t = &l.text[c..];
                    while let Some(rest) = t.strip_prefix("- ") {
                        c += 2 + (rest.len() - rest.trim_start().len());
                        t = rest.trim_start();
                    }
                    if c == col && t.starts_with(&needle) {
                        hit = Some((i, c));
                        break;
                    }
                    // An entry written in flow style on its line: `- {id: x, parent: y}`.
                    if c == col && t.starts_with('{') {
                        let Some((key_at, value_at)) = flow_entry(l.text, c, k) else { return found };
                        let column = if si + 1 == segs.len() { value_at } else { key_at };
                        return Some((l.no, l.text[..column].chars().count() + 1));
                    }
                }
                // A field that is not written (a missing `areas:`): its record is the place.
                let Some((i, c)) = hit else { return found };
                found = Some((lines[i].no, c + 1));
                // Inline value on the same line: an index into `[a, b]` is resolved here.
                let after = lines[i].text[c + needle.len()..].trim_start();
                let start = lines[i].text.len() - after.len();
                if let (Some(Seg::Index(n)), true) = (segs.get(si + 1), after.starts_with('[')) {
                    return Some(inline_item(lines[i].text, start, *n).map_or(found?, |cc| (lines[i].no, cc)));
                }
                // A one-line value is what a message about the field is about: point at it.
                if si + 1 == segs.len() && !after.is_empty() && !after.starts_with(['#', '|', '>', '[', '{']) {
                    return Some((lines[i].no, lines[i].text[..start].chars().count() + 1));
                }
                lo = i + 1;
                hi = end_of_block(&lines, lo, hi, c);
                col = lines.get(lo).filter(|_| lo < hi).map_or(c + 2, |l| l.indent);
            }
            Seg::Index(n) => {
                let mut seen = 0;
                let mut hit = None;
                for (i, l) in lines.iter().enumerate().take(hi).skip(lo) {
                    if l.indent == col && l.text[col..].starts_with('-') {
                        if seen == *n {
                            hit = Some(i);
                            break;
                        }
                        seen += 1;
                    }
                }
                let Some(i) = hit else { return found };
                found = Some((lines[i].no, col + 1));
                let rest = &lines[i].text[col + 1..];
                let inner = col + 1 + (rest.len() - rest.trim_start().len());
                let next = lines[i + 1..hi].iter().position(|l| l.indent <= col).map_or(hi, |p| i + 1 + p);
                // Entries of the item start on the dash line, at the column after "- ".
                lo = i;
                hi = next;
                col = inner;
            }
        }
    }
    found
}

fn end_of_block(lines: &[Line], from: usize, hi: usize, parent_col: usize) -> usize {
    lines[from..hi]
        .iter()
        .position(|l| {
            // A sibling list item at the parent's column ends the block too ("- a:\n- b:").
            l.indent < parent_col || (l.indent == parent_col && !l.text[l.indent..].starts_with('-'))
        })
        .map_or(hi, |p| from + p)
}

/// A file that is one list written in flow style (`[{id: a}, {id: b, parent: x}]`): the
/// line and column of entry `n`, or of its field `key` when written on the entry's line
/// (of the field's value, if `value`).
fn in_flow_list(text: &str, n: usize, key: Option<&Seg>, value: bool) -> Option<(usize, usize)> {
    let (mut depth, mut seen) = (0usize, 0usize);
    let mut quote: Option<char> = None;
    for (no, line) in text.lines().enumerate() {
        for (b, c) in line.char_indices() {
            match (quote, c) {
                (Some(q), _) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') if depth == 0 || line[..b].ends_with(' ') => break,
                (None, '[' | '{') => {
                    depth += 1;
                    if depth == 2 {
                        if seen == n {
                            let at = match key {
                                Some(Seg::Key(k)) if c == '{' => flow_entry(line, b, k)
                                    .map_or(b, |(key_at, value_at)| if value { value_at } else { key_at }),
                                _ => b,
                            };
                            return Some((no + 1, line[..at].chars().count() + 1));
                        }
                        seen += 1;
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    None
}

/// In the flow mapping that opens at byte `open` of `line`, the bytes where `key` and its
/// value start, if the key is written there (at the mapping's own depth, not nested).
fn flow_entry(line: &str, open: usize, key: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut entry_start = true;
    for (b, ch) in line[open..].char_indices().map(|(b, c)| (open + b, c)) {
        if let Some(q) = quote {
            if ch == q {
                quote = None;
            }
            continue;
        }
        match ch {
            '"' | '\'' => quote = Some(ch),
            '{' | '[' => {
                depth += 1;
                entry_start = depth == 1;
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return None;
                }
            }
            ',' if depth == 1 => entry_start = true,
            c if c.is_whitespace() => {}
            _ if entry_start && depth == 1 => {
                entry_start = false;
                let rest = &line[b..];
                if let Some(after) = rest.strip_prefix(key).and_then(|r| r.strip_prefix(':')) {
                    let value = b + key.len() + 1 + (after.len() - after.trim_start().len());
                    return Some((b, value));
                }
            }
            _ => entry_start = false,
        }
    }
    None
}

fn inline_item(line: &str, open: usize, n: usize) -> Option<usize> {
    let mut idx = 0;
    let mut start = open + 1;
    for (off, ch) in line[open + 1..].char_indices() {
        let pos = open + 1 + off;
        if ch == ',' || ch == ']' {
            if idx == n {
                let item = &line[start..pos];
                let lead = item.len() - item.trim_start().len();
                return Some(line[..start + lead].chars().count() + 1);
            }
            idx += 1;
            start = pos + 1;
            if ch == ']' {
                break;
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::locate;

    const DOC: &str = "\
name: Acorn
services:
  - intervention: family-therapy
    ages: 4-18
    areas: [hackney, newham]
  - intervention: counselling
    areas:
      - hackney
      - hackny
lots:
  - framework: nel
    lot: 9
contact:
  email: x@y.example
";

    #[test]
    fn finds_nested_fields() {
        assert_eq!(locate(DOC, "name"), Some((1, 7)));
        assert_eq!(locate(DOC, "services[0].ages"), Some((4, 11)));
        assert_eq!(locate(DOC, "services[1].intervention"), Some((6, 19)));
        assert_eq!(locate(DOC, "services[1].areas"), Some((7, 5)));
        assert_eq!(locate(DOC, "contact"), Some((13, 1)));
        assert_eq!(locate(DOC, "services[1].areas[1]"), Some((9, 7)));
        assert_eq!(locate(DOC, "services[0].areas[1]"), Some((5, 22)));
        assert_eq!(locate(DOC, "lots[0].lot"), Some((12, 10)));
        assert_eq!(locate(DOC, "contact.email"), Some((14, 10)));
    }

    #[test]
    fn top_level_lists() {
        let doc = "- id: a\n  name: A\n- id: b\n  parent: zz\n";
        assert_eq!(locate(doc, "[1].parent"), Some((4, 11)));
        assert_eq!(locate(doc, "[0].id"), Some((1, 7)));
    }

    #[test]
    fn entries_in_flow_style() {
        let doc = "- {id: a, name: A}\n- {id: x, name: \"X, Y\", parent: nowhere}\n";
        assert_eq!(locate(doc, "[1].parent"), Some((2, 33)));
        assert_eq!(locate(doc, "[1].id"), Some((2, 8)));
        assert_eq!(locate(doc, "[0].name"), Some((1, 17)));
        // A field the entry does not have: the entry's line.
        assert_eq!(locate(doc, "[1].gss"), Some((2, 1)));
        // The whole file one list in flow style, over several lines.
        let doc = "# areas\n[{id: a, name: A},\n {id: x, name: \"X, {Y}\", parent: nowhere}]\n";
        assert_eq!(locate(doc, "[1].parent"), Some((3, 34)));
        assert_eq!(locate(doc, "[1]"), Some((3, 2)));
        assert_eq!(locate(doc, "[0].name"), Some((2, 16)));
    }

    #[test]
    fn missing_field_falls_back_to_its_record() {
        assert_eq!(locate(DOC, "nothing"), None);
        assert_eq!(locate(DOC, "services[0].wait_weeks"), Some((3, 3)));
        assert_eq!(locate(DOC, "contact.phone"), Some((13, 1)));
    }
}
