//! The field checks privacy and breach notices share. Every failure is a
//! [`PolicyError::Invalid`] that names the file and the field.

use time::{Date, OffsetDateTime, format_description::well_known::Rfc3339};

use super::{ContactPoint, PolicyController, PolicyError, transfer};

/// The checks of one file.
pub(super) struct Check<'a> {
    /// The file, as errors name it.
    pub(super) file: &'a str,
}

/// A point in time a notice states: a day (`YYYY-MM-DD`), or a time with its offset from UTC
/// (RFC 3339, `2026-10-28T09:00:00+01:00`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Moment {
    /// A whole day.
    Day(Date),
    /// An instant.
    Time(OffsetDateTime),
}

impl Moment {
    /// The day, in the offset the time was written with.
    pub(super) fn day(self) -> Date {
        match self {
            Self::Day(day) => day,
            Self::Time(time) => time.date(),
        }
    }

    /// Whether `self` is certainly before `other`: two times compare as instants, anything
    /// with a whole day compares by day.
    pub(super) fn is_before(self, other: Self) -> bool {
        match (self, other) {
            (Self::Time(a), Self::Time(b)) => a < b,
            _ => self.day() < other.day(),
        }
    }
}

impl<'a> Check<'a> {
    /// The checks of document `file`, whose slug and title have been checked first.
    pub(super) fn of(file: &'a str, slug: &str, title: &str) -> Result<Self, PolicyError> {
        let check = Check { file };
        check.slug(slug)?;
        check.text("title", title)?;
        Ok(check)
    }

    /// The error for `field`.
    pub(super) fn fail(&self, field: impl Into<String>, problem: impl Into<String>) -> PolicyError {
        PolicyError::Invalid {
            file: self.file.to_owned(),
            field: field.into(),
            problem: problem.into(),
        }
    }

    /// `value` holds something besides white space.
    pub(super) fn text(&self, field: &str, value: &str) -> Result<(), PolicyError> {
        if value.trim().is_empty() {
            Err(self.fail(field, "must not be empty"))
        } else {
            Ok(())
        }
    }

    /// Like [`Self::text`] when `value` is given.
    pub(super) fn optional_text(
        &self,
        field: &str,
        value: Option<&str>,
    ) -> Result<(), PolicyError> {
        value.map_or(Ok(()), |value| self.text(field, value))
    }

    /// Every entry of a list of texts is [`Self::text`].
    pub(super) fn texts(&self, field: &str, values: &[String]) -> Result<(), PolicyError> {
        values
            .iter()
            .enumerate()
            .try_for_each(|(i, value)| self.text(&format!("{field}[{i}]"), value))
    }

    pub(super) fn slug(&self, value: &str) -> Result<(), PolicyError> {
        let ok = (1..=64).contains(&value.len())
            && value
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if ok {
            Ok(())
        } else {
            Err(self.fail("slug", "must be 1–64 lowercase letters, digits or `-`"))
        }
    }

    /// A day written `YYYY-MM-DD`.
    pub(super) fn date(&self, field: &str, value: &str) -> Result<Date, PolicyError> {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        Date::parse(value, format)
            .map_err(|_| self.fail(field, "must be a date written YYYY-MM-DD"))
    }

    /// A day (`YYYY-MM-DD`) or a time with its UTC offset (RFC 3339).
    pub(super) fn moment(&self, field: &str, value: &str) -> Result<Moment, PolicyError> {
        if value.len() == 10 {
            return self.date(field, value).map(Moment::Day);
        }
        // RFC 3339 allows a space for the `T`; the notices write the `T`, as HTML's
        // `datetime` does.
        OffsetDateTime::parse(value, &Rfc3339)
            .ok()
            .filter(|_| value.as_bytes().get(10) == Some(&b'T'))
            .map(Moment::Time)
            .ok_or_else(|| {
                self.fail(
                    field,
                    "must be a date written YYYY-MM-DD, or a time with its offset written \
                     YYYY-MM-DDTHH:MM:SS+01:00",
                )
            })
    }

    /// An ISO 3166-1 alpha-2 country code.
    pub(super) fn country(&self, field: &str, value: &str) -> Result<(), PolicyError> {
        if transfer::is_country(value) {
            Ok(())
        } else {
            Err(self.fail(
                field,
                "must be an ISO 3166-1 alpha-2 country code in capitals, e.g. `SE`, `IE` or `US`",
            ))
        }
    }

    /// A Swedish organisation number, `NNNNNN-NNNN`.
    pub(super) fn organisation_number(&self, field: &str, value: &str) -> Result<(), PolicyError> {
        let org = value.as_bytes();
        let ok = org.len() == 11
            && org[6] == b'-'
            && org
                .iter()
                .enumerate()
                .all(|(i, b)| i == 6 || b.is_ascii_digit());
        if ok {
            Ok(())
        } else {
            Err(self.fail(field, "must be written NNNNNN-NNNN"))
        }
    }

    pub(super) fn email(&self, field: &str, value: &str) -> Result<(), PolicyError> {
        if value.contains('@') {
            Ok(())
        } else {
            Err(self.fail(field, "must be an e-mail address"))
        }
    }

    pub(super) fn controller(&self, c: &PolicyController) -> Result<(), PolicyError> {
        self.text("controller.name", &c.name)?;
        self.text("controller.address", &c.address)?;
        self.organisation_number("controller.organisation_number", &c.organisation_number)?;
        self.email("controller.email", &c.email)?;
        if let Some(contact) = &c.contact_point {
            self.contact_point("controller.contact_point", contact)?;
        }
        Ok(())
    }

    /// A named contact with an e-mail address or a telephone number.
    pub(super) fn contact_point(&self, at: &str, c: &ContactPoint) -> Result<(), PolicyError> {
        self.text(&format!("{at}.name"), &c.name)?;
        if let Some(email) = &c.email {
            self.email(&format!("{at}.email"), email)?;
        }
        self.optional_text(&format!("{at}.phone"), c.phone.as_deref())?;
        if c.email.is_none() && c.phone.is_none() {
            return Err(self.fail(at, "must give an `email` or a `phone`"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHECK: Check<'static> = Check { file: "f.toml" };

    #[test]
    fn moments_are_days_or_times_with_an_offset() {
        let day = CHECK.moment("t", "2026-10-28").unwrap();
        let morning = CHECK.moment("t", "2026-10-28T09:00:00+01:00").unwrap();
        let evening = CHECK.moment("t", "2026-10-28T20:15:00Z").unwrap();
        assert_eq!(day.day(), morning.day());
        assert!(!day.is_before(morning) && !morning.is_before(day));
        assert!(morning.is_before(evening));
        assert!(day.is_before(CHECK.moment("t", "2026-10-29").unwrap()));
        for bad in [
            "28 oktober 2026",
            "2026-10-28T09:00",
            "2026-10-28 09:00:00+01:00",
            "2026-13-01",
        ] {
            assert!(
                matches!(
                    CHECK.moment("t", bad),
                    Err(PolicyError::Invalid { ref field, ref problem, .. })
                        if field == "t" && problem.contains("YYYY-MM-DD")
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_contact_point_needs_a_way_to_reach_it() {
        let mut contact = ContactPoint {
            name: "Dataskyddsombudet".into(),
            dpo: true,
            email: None,
            phone: None,
        };
        assert_eq!(
            CHECK.contact_point("contact_point", &contact),
            Err(CHECK.fail("contact_point", "must give an `email` or a `phone`"))
        );
        contact.email = Some("dso.example".into());
        assert_eq!(
            CHECK.contact_point("contact_point", &contact),
            Err(CHECK.fail("contact_point.email", "must be an e-mail address"))
        );
        contact.email = Some("dso@klinik.example".into());
        assert_eq!(CHECK.contact_point("contact_point", &contact), Ok(()));
    }
}
