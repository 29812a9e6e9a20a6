/*!
Stage 5, **write**: put the finished files on disk, all or nothing.

Pages are written into a staging folder beside the output folder as they are rendered. Only
when every page has been written does the staging folder replace the output folder, in one
atomic exchange of the two names; the old site is then deleted. A build that fails or is
killed part way leaves the previous site untouched, never a mix of old and new pages.

The output folder is replaced whole, so the writer refuses to replace a folder it did not
write: every build leaves a marker file, [`MARKER`], and a non-empty folder without one (a
folder of someone's own files, given by mistake as `--output`) is left alone unless the
build is forced.

A file whose bytes are unchanged since the last build is hard-linked from the old site
instead of written, so it keeps its modification time and a deploy by rsync or to object
storage sends only what changed.
*/

use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct Staging {
    output: PathBuf,
    stage: PathBuf,
    pub written: AtomicUsize,
    pub reused: AtomicUsize,
    /// Every path written, so two pages can never silently claim the same file.
    claimed: std::sync::Mutex<std::collections::HashSet<String>>,
}

/// The file every build leaves at the top of the output folder, saying the folder is the
/// tool's to replace.
pub const MARKER: &str = ".landscape-output";

/// Whether the folder at `output` may be replaced: it does not exist, is empty, holds the
/// [`MARKER`], or is a site built before the marker existed (it has the home page, the 404
/// page and the stylesheet every build writes).
fn ours(output: &Path) -> io::Result<bool> {
    let meta = match std::fs::symlink_metadata(output) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(true),
        Err(e) => return Err(e),
    };
    if !meta.is_dir() {
        return Ok(false);
    }
    if std::fs::read_dir(output)?.next().is_none() || output.join(MARKER).is_file() {
        return Ok(true);
    }
    Ok(["index.html", "404.html", "assets/style.css"].iter().all(|f| output.join(f).is_file()))
}

/// Removes staging folders that builds killed part way left beside `output`.
pub fn clean_leftovers(output: &Path) {
    let Ok(output) = absolute(output) else { return };
    if let (Some(parent), Some(name)) = (output.parent(), output.file_name()) {
        clean_abandoned(parent, &name.to_string_lossy());
    }
}

impl Staging {
    /// Creates an empty staging folder next to `output`. Refuses, unless `force`, when
    /// `output` is a folder of files this tool did not write.
    pub fn begin(output: &Path, force: bool) -> io::Result<Staging> {
        let output = absolute(output)?;
        if !force && !ours(&output)? {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!(
                    "it holds files landscape did not write (there is no {MARKER} in it), and a build replaces \
                     the whole folder; choose another --output, empty it, or pass --force to replace it"
                ),
            ));
        }
        let parent = output.parent().ok_or_else(|| io::Error::other("output folder has no parent"))?;
        std::fs::create_dir_all(parent)?;
        let name = output
            .file_name()
            .ok_or_else(|| io::Error::other("output folder has no name"))?
            .to_string_lossy()
            .to_string();
        clean_abandoned(parent, &name);
        let stage = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if stage.exists() {
            std::fs::remove_dir_all(&stage)?;
        }
        std::fs::create_dir(&stage)?;
        // The marker is carried over like any unchanged file, so it keeps its time too.
        let marker: &[u8] = b"This folder was written by `landscape build`, which replaces all of it on every build.\n";
        let old = output.join(MARKER);
        if !(std::fs::read(&old).is_ok_and(|b| b == marker) && std::fs::hard_link(&old, stage.join(MARKER)).is_ok()) {
            std::fs::write(stage.join(MARKER), marker)?;
        }
        Ok(Staging { output, stage, written: 0.into(), reused: 0.into(), claimed: Default::default() })
    }

    /// Claims `rel` (a `/`-separated path inside the site) for one file and makes its
    /// folder: the file's path in the staging folder, and in the old site.
    fn claim(&self, rel: &str) -> io::Result<(PathBuf, PathBuf)> {
        let rel_path = safe_relative(rel)?;
        if !self.claimed.lock().expect("claimed").insert(rel.to_string()) {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("two pages would both be written to `{rel}`; rename one of them"),
            ));
        }
        let dest = self.stage.join(&rel_path);
        if let Some(dir) = dest.parent() {
            std::fs::create_dir_all(dir)?;
        }
        Ok((dest, self.output.join(&rel_path)))
    }

    /// Writes a file too large to hold in memory at `rel`, as `write_to` makes it. Like
    /// [`Staging::write`], an unchanged file ends up as a link to the old one.
    pub fn write_with(&self, rel: &str, write_to: impl FnOnce(&mut dyn io::Write) -> io::Result<()>) -> io::Result<()> {
        use io::Write as _;
        let (dest, old) = self.claim(rel)?;
        let mut out = io::BufWriter::with_capacity(1 << 16, std::fs::File::create(&dest)?);
        write_to(&mut out)?;
        out.flush()?;
        drop(out);
        if same_contents(&old, &dest).unwrap_or(false) {
            std::fs::remove_file(&dest)?;
            if std::fs::hard_link(&old, &dest).is_ok() {
                self.reused.fetch_add(1, Ordering::Relaxed);
                return Ok(());
            }
            // The old file could not be linked after all: write it again, as made.
            let mut out = io::BufWriter::new(std::fs::File::create(&dest)?);
            io::copy(&mut std::fs::File::open(&old)?, &mut out)?;
            out.flush()?;
        }
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Writes one file at `rel` (a `/`-separated path inside the site).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let (dest, old) = self.claim(rel)?;
        if let Ok(meta) = std::fs::symlink_metadata(&old) {
            if meta.is_file()
                && meta.len() == bytes.len() as u64
                && std::fs::read(&old).is_ok_and(|b| b == bytes)
                && std::fs::hard_link(&old, &dest).is_ok()
            {
                self.reused.fetch_add(1, Ordering::Relaxed);
                return Ok(());
            }
        }
        std::fs::write(&dest, bytes)?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Makes the staged site the output, atomically.
    pub fn commit(self) -> io::Result<()> {
        if self.output.exists() {
            exchange(&self.stage, &self.output)?;
            // `stage` now holds the old site.
            remove_tree(&self.stage)?;
        } else {
            std::fs::rename(&self.stage, &self.output)?;
        }
        Ok(())
    }

    /// Removes the staging folder; the output is untouched.
    pub fn abort(self) {
        // Dropping removes it.
    }
}

impl Drop for Staging {
    /// A build that ends without committing (an error, a panic) leaves no staging folder.
    /// After a commit the name holds nothing, or the old site, which goes too.
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.stage);
    }
}

/// Refuses any path that could leave the output folder: `..`, absolute paths, drive
/// prefixes, backslashes and percent-encoded dots are all rejected.
pub fn safe_relative(rel: &str) -> io::Result<PathBuf> {
    let bad = || io::Error::new(io::ErrorKind::InvalidInput, format!("unsafe output path `{rel}`"));
    if rel.is_empty() || rel.contains('\\') || rel.contains('\0') || rel.to_ascii_lowercase().contains("%2e") {
        return Err(bad());
    }
    let p = Path::new(rel);
    if !p.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err(bad());
    }
    Ok(p.to_path_buf())
}

/// Removes a folder and everything in it, its subfolders on whichever core is free: the old
/// site is thousands of files, and removing them one after another was a tenth of a small
/// site's build.
fn remove_tree(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)?.collect::<io::Result<_>>()?;
    entries.par_iter().try_for_each(|e| {
        // `file_type` does not follow a symbolic link: a link is removed, never what it names.
        if e.file_type()?.is_dir() {
            remove_tree(&e.path())
        } else {
            std::fs::remove_file(e.path())
        }
    })?;
    std::fs::remove_dir(dir)
}

/// Whether two regular files hold the same bytes, read a block at a time.
fn same_contents(a: &Path, b: &Path) -> io::Result<bool> {
    use io::Read as _;
    let (ma, mb) = (std::fs::symlink_metadata(a)?, std::fs::symlink_metadata(b)?);
    if !ma.is_file() || !mb.is_file() || ma.len() != mb.len() {
        return Ok(false);
    }
    let (mut fa, mut fb) = (std::fs::File::open(a)?, std::fs::File::open(b)?);
    let (mut ba, mut bb) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    loop {
        let n = fa.read(&mut ba)?;
        if n == 0 {
            return Ok(true);
        }
        fb.read_exact(&mut bb[..n])?;
        if ba[..n] != bb[..n] {
            return Ok(false);
        }
    }
}

fn absolute(p: &Path) -> io::Result<PathBuf> {
    if p.is_absolute() {
        Ok(p.to_path_buf())
    } else {
        Ok(std::env::current_dir()?.join(p))
    }
}

/// Staging folders left by builds that were killed: their process no longer runs.
fn clean_abandoned(parent: &Path, name: &str) {
    let prefix = format!(".{name}.staging-");
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for e in entries.flatten() {
        let fname = e.file_name().to_string_lossy().to_string();
        if let Some(pid) = fname.strip_prefix(&prefix) {
            let alive = pid.parse::<u32>().is_ok_and(|pid| Path::new(&format!("/proc/{pid}")).exists());
            if !alive {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes()).map_err(io::Error::other)?;
    let cb = CString::new(b.as_os_str().as_bytes()).map_err(io::Error::other)?;
    // SAFETY: both are valid NUL-terminated paths; renameat2 does not retain them.
    let r = unsafe { libc::renameat2(libc::AT_FDCWD, ca.as_ptr(), libc::AT_FDCWD, cb.as_ptr(), libc::RENAME_EXCHANGE) };
    if r == 0 {
        return Ok(());
    }
    let err = io::Error::last_os_error();
    // Filesystems without RENAME_EXCHANGE: fall back to two renames (a brief gap, no mix).
    if matches!(err.raw_os_error(), Some(libc::EINVAL) | Some(libc::ENOSYS)) {
        return exchange_by_renames(a, b);
    }
    Err(err)
}

#[cfg(not(target_os = "linux"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    exchange_by_renames(a, b)
}

fn exchange_by_renames(stage: &Path, output: &Path) -> io::Result<()> {
    let aside = stage.with_extension("old");
    std::fs::rename(output, &aside)?;
    std::fs::rename(stage, output)?;
    std::fs::rename(&aside, stage)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_escaping_paths() {
        for bad in ["../x", "/etc/passwd", "a/../../b", "%2e%2e/x", "a\\b", ""] {
            assert!(safe_relative(bad).is_err(), "{bad}");
        }
        assert!(safe_relative("providers/a/index.html").is_ok());
    }

    #[test]
    fn refuses_two_writes_to_one_path() {
        let dir = tempfile::tempdir().unwrap();
        let s = Staging::begin(&dir.path().join("public"), false).unwrap();
        s.write("x/index.html", b"a").unwrap();
        assert!(s.write("x/index.html", b"b").is_err());
        s.abort();
    }

    #[test]
    fn commit_swaps_and_keeps_unchanged_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let s = Staging::begin(&out, false).unwrap();
        s.write("a/index.html", b"one").unwrap();
        s.write("b.txt", b"two").unwrap();
        s.commit().unwrap();
        let before = std::fs::metadata(out.join("a/index.html")).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let s = Staging::begin(&out, false).unwrap();
        s.write("a/index.html", b"one").unwrap();
        s.write("b.txt", b"changed").unwrap();
        assert_eq!(s.reused.load(Ordering::Relaxed), 1);
        s.commit().unwrap();
        assert_eq!(std::fs::read(out.join("b.txt")).unwrap(), b"changed");
        let after = std::fs::metadata(out.join("a/index.html")).unwrap().modified().unwrap();
        assert_eq!(before, after);
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(leftovers.len(), 1, "{leftovers:?}");
    }

    #[test]
    fn a_streamed_file_is_linked_when_unchanged_and_rewritten_when_not() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let big = |fill: u8| vec![fill; 200_000];
        let s = Staging::begin(&out, false).unwrap();
        s.write_with("data/a.json", |w| w.write_all(&big(b'a'))).unwrap();
        s.write_with("data/b.json", |w| w.write_all(&big(b'b'))).unwrap();
        s.commit().unwrap();
        let s = Staging::begin(&out, false).unwrap();
        s.write_with("data/a.json", |w| w.write_all(&big(b'a'))).unwrap();
        let mut changed = big(b'b');
        changed[150_000] = b'c';
        s.write_with("data/b.json", |w| w.write_all(&changed)).unwrap();
        assert!(s.write_with("data/b.json", |w| w.write_all(b"x")).is_err(), "a path is claimed once");
        assert_eq!((s.reused.load(Ordering::Relaxed), s.written.load(Ordering::Relaxed)), (1, 1));
        s.commit().unwrap();
        assert_eq!(std::fs::read(out.join("data/a.json")).unwrap(), big(b'a'));
        assert_eq!(std::fs::read(out.join("data/b.json")).unwrap(), changed);
    }

    #[test]
    fn abort_leaves_output_alone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("keep.html"), "old").unwrap();
        // Not written by this tool: refused unless forced.
        assert!(Staging::begin(&out, false).is_err());
        let s = Staging::begin(&out, true).unwrap();
        s.write("new.html", b"new").unwrap();
        s.abort();
        assert_eq!(std::fs::read_to_string(out.join("keep.html")).unwrap(), "old");
        assert!(!out.join("new.html").exists());
    }
}
