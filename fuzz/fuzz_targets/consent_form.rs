//! Fuzz target: the no-JavaScript form body (posted by anyone) is decoded and read without
//! panicking, and the visitor is only ever sent back to a path on this site.
#![no_main]

use libfuzzer_sys::fuzz_target;
use time::OffsetDateTime;

fuzz_target!(|data: &[u8]| {
    let Ok(config) = samtycke_deployment::site_config() else {
        return;
    };
    let fields: Vec<(String, String)> = form_urlencoded::parse(data).into_owned().collect();
    if let Ok(answer) =
        samtycke_visitor::consent_form::read(&fields, &config, None, OffsetDateTime::UNIX_EPOCH)
    {
        let path = &answer.return_path;
        assert!(path.starts_with('/') && !path.starts_with("//"), "{path}");
        assert!(
            !path.contains('\\') && !path.chars().any(char::is_control),
            "{path}"
        );
    }
});
