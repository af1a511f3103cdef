//! Fuzz target: any `Accept-Language` header (sent by every browser, and by anyone) is ranked
//! without panicking, and yields only tags written in it, never `*` or an empty one.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(header) = std::str::from_utf8(data) else {
        return;
    };
    for tag in samtycke_visitor::language::accept_language(header) {
        assert!(!tag.is_empty() && tag != "*", "{tag:?}");
        assert!(header.contains(tag), "{tag:?}");
    }
});
