//! Which file of the output folder a request names, and how it is sent.
//!
//! A request can only ever read a regular file inside the output folder: the path is
//! percent-decoded once, strictly (a bad escape or bytes that are not UTF-8 are a 400), any
//! `.` or `..` segment is a 400, hidden names are not served, and the file found is resolved
//! through every symbolic link and refused unless it is still inside the folder.

use std::path::{Path, PathBuf};

/// What a request path comes to.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    File(PathBuf),
    /// A folder asked for without its trailing slash: its page's relative links need it.
    Redirect(String),
    NotFound,
    BadRequest,
}

pub fn resolve(root: &Path, target: &str) -> Resolved {
    let path = target.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return Resolved::BadRequest;
    }
    let Some(decoded) = percent_decode(path).and_then(|b| String::from_utf8(b).ok()) else {
        return Resolved::BadRequest;
    };
    if decoded.contains(['\0', '\\']) {
        return Resolved::BadRequest;
    }
    let mut rel = PathBuf::new();
    for segment in decoded.split('/') {
        match segment {
            "" => {}
            "." | ".." => return Resolved::BadRequest,
            s if s.starts_with('.') => return Resolved::NotFound,
            s => rel.push(s),
        }
    }
    let Ok(root) = root.canonicalize() else { return Resolved::NotFound };
    let Ok(found) = root.join(&rel).canonicalize() else { return Resolved::NotFound };
    // A symbolic link that leads out of the folder is not part of the site.
    if !found.starts_with(&root) {
        return Resolved::NotFound;
    }
    if found.is_dir() {
        if !decoded.ends_with('/') {
            return Resolved::Redirect(format!("{path}/"));
        }
        return match found.join("index.html").canonicalize() {
            Ok(index) if index.starts_with(&root) && index.is_file() => Resolved::File(index),
            _ => Resolved::NotFound,
        };
    }
    if found.is_file() {
        Resolved::File(found)
    } else {
        Resolved::NotFound
    }
}

/// Decodes `%XX` escapes; `None` for a `%` not followed by two hex digits.
fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = b.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

pub fn content_type(p: &Path) -> &'static str {
    match p.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("webmanifest") => "application/manifest+json",
        Some("xml") => "application/xml",
        Some("txt") => "text/plain; charset=utf-8",
        Some("csv") => "text/csv; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("avif") => "image/avif",
        Some("ico") => "image/vnd.microsoft.icon",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("pdf") => "application/pdf",
        Some("wasm") => "application/wasm",
        Some("gz") => "application/gzip",
        _ => "application/octet-stream",
    }
}

/// The page with the live-reload script added before `</body>` (or at the end, where the
/// minifier left the optional end tag out).
pub fn with_live_script(mut html: Vec<u8>) -> Vec<u8> {
    const TAG: &[u8] = b"<script src=\"/_landscape/live.js\" defer></script>";
    let at = html.windows(7).rposition(|w| w.eq_ignore_ascii_case(b"</body>")).unwrap_or(html.len());
    html.splice(at..at, TAG.iter().copied());
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_inside_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("a b")).unwrap();
        std::fs::write(site.join("a b/index.html"), "x").unwrap();
        std::fs::write(site.join("style.css"), "x").unwrap();
        std::fs::write(site.join(".hidden"), "x").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "x").unwrap();
        let real = |p: &str| Resolved::File(site.join(p).canonicalize().unwrap());
        assert_eq!(resolve(&site, "/style.css?v=1"), real("style.css"));
        assert_eq!(resolve(&site, "/a%20b/"), real("a b/index.html"));
        assert_eq!(resolve(&site, "/a%20b"), Resolved::Redirect("/a%20b/".into()));
        for bad in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/a%20b/%2E%2E/%2e%2e/secret.txt",
            "/%aé",
            "/%",
            "/%zz",
            "/%ff",
            "x",
            "/a%00",
        ] {
            assert_eq!(resolve(&site, bad), Resolved::BadRequest, "{bad}");
        }
        assert_eq!(resolve(&site, "/.hidden"), Resolved::NotFound);
        assert_eq!(resolve(&site, "/nothing/"), Resolved::NotFound);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), site.join("out.txt")).unwrap();
            std::os::unix::fs::symlink(dir.path(), site.join("up")).unwrap();
            assert_eq!(resolve(&site, "/out.txt"), Resolved::NotFound);
            assert_eq!(resolve(&site, "/up/secret.txt"), Resolved::NotFound);
        }
    }

    #[test]
    fn script_goes_before_the_end_of_the_body() {
        let html = with_live_script(b"<p>x</p></BODY></html>".to_vec());
        assert_eq!(
            String::from_utf8(html).unwrap(),
            "<p>x</p><script src=\"/_landscape/live.js\" defer></script></BODY></html>"
        );
        let html = with_live_script(b"<p>x".to_vec());
        assert!(String::from_utf8(html).unwrap().ends_with("defer></script>"));
    }

    #[test]
    fn types() {
        assert_eq!(content_type(Path::new("a/index.html")), "text/html; charset=utf-8");
        assert_eq!(content_type(Path::new("search/data/t.1.abc.dat")), "application/octet-stream");
        assert_eq!(content_type(Path::new("assets/search.js")), "text/javascript; charset=utf-8");
        assert_eq!(content_type(Path::new("sitemap.xml")), "application/xml");
    }
}
