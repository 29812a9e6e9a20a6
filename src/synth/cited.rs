//! The ids the handbook cites. The generated site copies the example's handbook as is, so
//! every framework, lot, authority and provider it links to must exist in the generated
//! register: [`Cited`] reads those ids, and the generator gives them to its first records.

use std::fs;
use std::io;
use std::path::Path;

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

    pub(super) fn add_text(&mut self, text: &str) {
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
