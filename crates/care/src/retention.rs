//! How long things are kept: reading a retention setting (`RECEIPT_RETENTION_DAYS`,
//! `PATIENT_HISTORY_RETENTION_DAYS`) strictly, so a mistyped value stops deletion instead of
//! deleting by some other period than the privacy notice states.

use thiserror::Error;

/// Default retention of cookie-consent receipts: three years.
pub const DEFAULT_RECEIPT_DAYS: u32 = 1095;

/// Default retention of a patient's consent history: ten years.
pub const DEFAULT_PATIENT_HISTORY_DAYS: u32 = 3650;

/// Longest retention accepted (a hundred years): anything longer is a typing mistake.
pub const MAX_DAYS: u32 = 36_500;

/// A retention setting that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RetentionError {
    /// Not a whole number of days.
    #[error("{name} must be a whole number of days, not {value}")]
    NotDays {
        /// The setting's name.
        name: &'static str,
        /// What it was set to, quoted for the log.
        value: String,
    },
    /// More than [`MAX_DAYS`].
    #[error("{name} = {days} is longer than {MAX_DAYS} days")]
    TooLong {
        /// The setting's name.
        name: &'static str,
        /// What it was set to.
        days: u64,
    },
}

/// The retention in days that setting `name` holds: `default` when it is not set, the number
/// when it is a whole number of days up to [`MAX_DAYS`] (surrounding spaces allowed), else an
/// error (never a silent fallback: a typo must not shorten or lengthen what the notice says).
pub fn days(name: &'static str, value: Option<&str>, default: u32) -> Result<u32, RetentionError> {
    let Some(value) = value else {
        return Ok(default);
    };
    let text = value.trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(RetentionError::NotDays {
            name,
            value: samtycke_visitor::log_text::quoted(value),
        });
    }
    match text.parse::<u64>() {
        Ok(days) if days <= u64::from(MAX_DAYS) => Ok(days as u32),
        Ok(days) => Err(RetentionError::TooLong { name, days }),
        Err(_) => Err(RetentionError::TooLong {
            name,
            days: u64::MAX,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAME: &str = "RECEIPT_RETENTION_DAYS";

    #[test]
    fn unset_means_the_default() {
        assert_eq!(days(NAME, None, 1095), Ok(1095));
    }

    #[test]
    fn whole_days_are_read() {
        assert_eq!(days(NAME, Some("1095"), 1), Ok(1095));
        assert_eq!(days(NAME, Some(" 30 "), 1), Ok(30));
        assert_eq!(days(NAME, Some("0"), 1), Ok(0));
        assert_eq!(days(NAME, Some("36500"), 1), Ok(36_500));
    }

    #[test]
    fn anything_else_is_refused_not_replaced_by_the_default() {
        for bad in ["", " ", "3 år", "-1", "1095.5", "1e3", "+30", "tre"] {
            assert!(
                matches!(
                    days(NAME, Some(bad), 1095),
                    Err(RetentionError::NotDays { .. })
                ),
                "{bad:?}"
            );
        }
        assert_eq!(
            days(NAME, Some("36501"), 1095),
            Err(RetentionError::TooLong {
                name: NAME,
                days: 36_501
            })
        );
        assert!(matches!(
            days(NAME, Some("99999999999999999999999"), 1095),
            Err(RetentionError::TooLong { .. })
        ));
    }

    #[test]
    fn the_error_names_the_setting_and_value() {
        let e = days(NAME, Some("3 år"), 1095).unwrap_err();
        assert_eq!(
            e.to_string(),
            "RECEIPT_RETENTION_DAYS must be a whole number of days, not \"3 år\""
        );
    }
}
