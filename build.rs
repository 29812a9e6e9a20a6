//! Embeds `themes/default/` into the binary, so any site root builds without a theme folder.
use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new("themes/default");
    println!("cargo:rerun-if-changed=themes/default");
    let mut files = Vec::new();
    collect(dir, dir, &mut files);
    files.sort();
    let mut code = String::from("pub static DEFAULT_THEME: &[(&str, &[u8])] = &[\n");
    for rel in &files {
        let abs = std::fs::canonicalize(dir.join(rel)).unwrap();
        println!("cargo:rerun-if-changed={}", abs.display());
        writeln!(code, "    ({rel:?}, include_bytes!({:?})),", abs.display().to_string()).unwrap();
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("default_theme.rs");
    std::fs::write(out, code).unwrap();
}

fn collect(base: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            println!("cargo:rerun-if-changed={}", p.display());
            collect(base, &p, out);
        } else {
            out.push(p.strip_prefix(base).unwrap().to_string_lossy().replace('\\', "/"));
        }
    }
}
