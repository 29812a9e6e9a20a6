//! What the fuzz targets share with the property tests: the HTML checks and the in-memory
//! harness, included from `tests/e2e/common/` so there is one copy of each.

#[path = "../../tests/e2e/common/html.rs"]
pub mod html;

#[path = "../../tests/e2e/common/harness.rs"]
pub mod harness;

use std::sync::OnceLock;

/// The minimal fixture site, loaded once per fuzzing process.
pub fn base() -> &'static harness::Base {
    static BASE: OnceLock<harness::Base> = OnceLock::new();
    BASE.get_or_init(|| {
        harness::Base::load(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/minimal")))
    })
}

/// Fails the run, so libFuzzer keeps the input, if the checks found anything.
pub fn require_none(problems: Vec<String>) {
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
