//! The JavaScript runtimes' clocks count milliseconds since the Unix epoch; the domain
//! works with `OffsetDateTime`. The conversions both adapters use.

use time::{Date, Month, OffsetDateTime};

/// A calendar date as certificates and days are written, `YYYY-MM-DD` (four, two and two
/// digits), if it is one. Read by hand: `time`'s general format parser, for this one format,
/// was 12 KB of the Worker.
pub fn parse_date(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes[range].iter().try_fold(0u32, |n, b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    };
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let year = i32::try_from(digits(0..4)?).ok()?;
    let month = Month::try_from(u8::try_from(digits(5..7)?).ok()?).ok()?;
    let day = u8::try_from(digits(8..10)?).ok()?;
    Date::from_calendar_date(year, month, day).ok()
}

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
    fn dates_are_read_as_written_and_nothing_else() {
        use time::macros::date;
        assert_eq!(parse_date("2026-12-04"), Some(date!(2026 - 12 - 04)));
        assert_eq!(parse_date("0001-01-01"), Some(date!(0001 - 01 - 01)));
        assert_eq!(parse_date("2024-02-29"), Some(date!(2024 - 02 - 29)));
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-01-32",
            "2026-1-01",
            "26-01-01",
            "2026/01/01",
            "2026-01-01 ",
            "+2026-01-01",
            "2026-0a-01",
            "２０２６-01-01",
            "",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn millis_round_trip() {
        let at = datetime!(2026-11-23 12:00:00.123 UTC);
        assert_eq!(to_unix_millis(at), 1_795_435_200_123.0);
        assert_eq!(from_unix_millis(to_unix_millis(at)), at);
        assert_eq!(from_unix_millis(f64::MAX), OffsetDateTime::UNIX_EPOCH);
    }
}
