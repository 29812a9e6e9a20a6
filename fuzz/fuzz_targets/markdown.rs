//! Bytes as markdown through `untrusted_html` (provider text) and `content_html` (handbook
//! pages): no script, no event handler, no script URL may come out, and provider text may
//! hold only the elements markdown makes.
#![no_main]

use landscape_fuzz::{base, harness, require_none};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    require_none(harness::markdown(base(), data));
});
