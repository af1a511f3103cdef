//! The JavaScript runtimes' clocks count milliseconds since the Unix epoch; the domain
//! works with `OffsetDateTime`. The conversions both adapters use.

use time::OffsetDateTime;
use time::format_description::BorrowedFormatItem;

/// A calendar date as certificates and days are written: `YYYY-MM-DD`.
pub const DATE: &[BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

/// The instant `millis` milliseconds after the Unix epoch (the epoch itself when out of range).
pub fn from_unix_millis(millis: f64) -> OffsetDateTime {
    (millis as i128)
        .checked_mul(1_000_000)
        .and_then(|nanos| OffsetDateTime::from_unix_timestamp_nanos(nanos).ok())
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// Milliseconds since the Unix epoch, as JavaScript and D1 keep them.
pub fn to_unix_millis(at: OffsetDateTime) -> f64 {
    (at.unix_timestamp_nanos() / 1_000_000) as f64
}

/// `at` as RFC 3339 text (as receipts carry their times).
pub fn to_rfc3339(at: OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn millis_round_trip() {
        let at = datetime!(2026-11-23 12:00:00.123 UTC);
        assert_eq!(to_unix_millis(at), 1_795_435_200_123.0);
        assert_eq!(from_unix_millis(to_unix_millis(at)), at);
        assert_eq!(from_unix_millis(f64::MAX), OffsetDateTime::UNIX_EPOCH);
    }
}
