//! Bytes through the YAML record loader and validation, as a provider file (most inputs),
//! as `areas.yaml` (read entry by entry) or as a content page; whatever links is rendered and
//! its page read back for script. The first byte chooses which.
#![no_main]

use landscape_fuzz::{base, harness, require_none};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let base = base();
    require_none(match mode % 4 {
        0 => harness::areas(base, rest),
        1 => harness::page(base, rest),
        _ => harness::provider(base, rest),
    });
});
