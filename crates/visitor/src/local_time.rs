//! Times as patients read them: Swedish local time (Europe/Stockholm), which is UTC+1 in
//! winter and UTC+2 in summer. Summer time follows the EU rule (Directive 2000/84/EC): from
//! 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October.
//! Receipts keep the exact UTC instant; only what is shown is converted.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset, Weekday};

/// 01:00 UTC on the last Sunday of `month` in `year`: when EU summer time starts or ends.
fn switch(year: i32, month: Month) -> Option<OffsetDateTime> {
    let last = Date::from_calendar_date(year, month, month.length(year)).ok()?;
    let back = i64::from(last.weekday().number_days_from_sunday());
    let sunday = last - time::Duration::days(back);
    debug_assert_eq!(sunday.weekday(), Weekday::Sunday);
    Some(PrimitiveDateTime::new(sunday, Time::from_hms(1, 0, 0).ok()?).assume_utc())
}

/// Stockholm's offset from UTC at `at`.
pub fn stockholm_offset(at: OffsetDateTime) -> UtcOffset {
    let year = at.to_offset(UtcOffset::UTC).year();
    let summer = match (switch(year, Month::March), switch(year, Month::October)) {
        (Some(start), Some(end)) => at >= start && at < end,
        _ => false,
    };
    UtcOffset::from_hms(if summer { 2 } else { 1 }, 0, 0).unwrap_or(UtcOffset::UTC)
}

/// `at` in Stockholm.
pub fn in_stockholm(at: OffsetDateTime) -> OffsetDateTime {
    at.to_offset(stockholm_offset(at))
}

/// `at` as shown to a patient: `YYYY-MM-DD HH:MM`, Stockholm time.
pub fn format_stockholm(at: OffsetDateTime) -> String {
    let local = in_stockholm(at);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        local.year(),
        u8::from(local.month()),
        local.day(),
        local.hour(),
        local.minute()
    )
}

/// An RFC 3339 time as [`format_stockholm`] shows it; `None` if it does not parse.
pub fn format_rfc3339_stockholm(text: &str) -> Option<String> {
    OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .ok()
        .map(format_stockholm)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn winter_is_utc_plus_one_and_summer_utc_plus_two() {
        assert_eq!(
            format_stockholm(datetime!(2026-01-15 12:00 UTC)),
            "2026-01-15 13:00"
        );
        assert_eq!(
            format_stockholm(datetime!(2026-07-15 12:00 UTC)),
            "2026-07-15 14:00"
        );
    }

    #[test]
    fn the_switches_happen_at_one_utc_on_the_last_sundays() {
        for (utc, stockholm) in [
            // 2026: summer time from Sunday 29 March to Sunday 25 October.
            (datetime!(2026-03-29 00:59 UTC), "2026-03-29 01:59"),
            (datetime!(2026-03-29 01:00 UTC), "2026-03-29 03:00"),
            (datetime!(2026-10-25 00:59 UTC), "2026-10-25 02:59"),
            (datetime!(2026-10-25 01:00 UTC), "2026-10-25 02:00"),
            // 2027: 28 March and 31 October (a month that ends on a Sunday).
            (datetime!(2027-03-28 01:00 UTC), "2027-03-28 03:00"),
            (datetime!(2027-10-31 00:30 UTC), "2027-10-31 02:30"),
            (datetime!(2027-10-31 01:30 UTC), "2027-10-31 02:30"),
        ] {
            assert_eq!(format_stockholm(utc), stockholm, "{utc}");
        }
    }

    #[test]
    fn a_time_late_in_the_utc_day_is_the_next_day_in_stockholm() {
        assert_eq!(
            format_rfc3339_stockholm("2026-12-31T23:30:00Z").as_deref(),
            Some("2027-01-01 00:30")
        );
        assert_eq!(format_rfc3339_stockholm("yesterday"), None);
    }
}
