//! Swedish personal identity numbers (*personnummer*) and coordination numbers
//! (*samordningsnummer*), as an e-ID provider sends them: twelve digits, `YYYYMMDDNNNC`.
//!
//! Checked for form, a real calendar date (a coordination number adds 60 to the day) and the
//! Luhn check digit over the last ten digits. The number is personal data: its `Debug` output
//! is masked so it cannot end up in a log by accident.

use std::fmt;

use thiserror::Error;
use time::{Date, Month};

/// Why a string is not a personal identity number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum IdentityNumberError {
    /// Not twelve digits (optionally `YYYYMMDD-NNNC`).
    #[error("a personal identity number has twelve digits, YYYYMMDDNNNC")]
    Format,
    /// The first eight digits are not a date (for a coordination number: day minus 60).
    #[error("the personal identity number does not start with a valid date")]
    Date,
    /// The last digit does not match the Luhn check digit.
    #[error("the check digit of the personal identity number is wrong")]
    CheckDigit,
    /// The birth number (digits 9–11) is 000, which is never issued.
    #[error("the personal identity number has the birth number 000, which is never issued")]
    Serial,
}

/// A valid personal identity number or coordination number, normalised to twelve digits.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct IdentityNumber {
    digits: String,
}

impl IdentityNumber {
    /// Parse `YYYYMMDDNNNC` or `YYYYMMDD-NNNC`.
    pub fn parse(text: &str) -> Result<Self, IdentityNumberError> {
        let digits: String = match text.as_bytes() {
            [head @ .., b'-', _, _, _, _] if head.len() == 8 => text.replacen('-', "", 1),
            _ => text.to_owned(),
        };
        if digits.len() != 12 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IdentityNumberError::Format);
        }
        let number = Self { digits };
        number.birth_date()?;
        if &number.digits[8..11] == "000" {
            return Err(IdentityNumberError::Serial);
        }
        if luhn_check_digit(&number.digits.as_bytes()[2..11]) != number.digits.as_bytes()[11] - b'0'
        {
            return Err(IdentityNumberError::CheckDigit);
        }
        Ok(number)
    }

    /// The twelve digits.
    pub fn as_str(&self) -> &str {
        &self.digits
    }

    /// Whether this is a coordination number (day of birth plus 60), given to people who are
    /// not or have not been registered as resident in Sweden.
    pub fn is_coordination_number(&self) -> bool {
        self.field(6..8) > 60
    }

    /// The date of birth the number encodes.
    pub fn birth_date(&self) -> Result<Date, IdentityNumberError> {
        let invalid = |_: std::num::TryFromIntError| IdentityNumberError::Date;
        let year = i32::try_from(self.field(0..4)).map_err(invalid)?;
        let month = u8::try_from(self.field(4..6)).map_err(invalid)?;
        let day = match self.field(6..8) {
            d @ 61..=91 => d - 60,
            d => d,
        };
        if year < 1800 {
            return Err(IdentityNumberError::Date);
        }
        let month = Month::try_from(month).map_err(|_| IdentityNumberError::Date)?;
        let day = u8::try_from(day).map_err(invalid)?;
        Date::from_calendar_date(year, month, day).map_err(|_| IdentityNumberError::Date)
    }

    /// The decimal value of some of the (already checked) digits.
    fn field(&self, range: std::ops::Range<usize>) -> u32 {
        self.digits.as_bytes()[range]
            .iter()
            .fold(0, |n, b| n * 10 + u32::from(b - b'0'))
    }
}

/// The Luhn check digit of `digits` (ASCII), weights 2, 1, 2, … from the left.
fn luhn_check_digit(digits: &[u8]) -> u8 {
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0') * if i % 2 == 0 { 2 } else { 1 };
            d / 10 + d % 10
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

impl fmt::Debug for IdentityNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdentityNumber({}********)", &self.digits[..4])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_numbers_parse_with_or_without_hyphen() {
        for text in ["191212121212", "19121212-1212"] {
            let number = IdentityNumber::parse(text).expect("valid");
            assert_eq!(number.as_str(), "191212121212");
            assert!(!number.is_coordination_number());
        }
    }

    #[test]
    fn coordination_numbers_add_sixty_to_the_day() {
        let number = IdentityNumber::parse("199008672389").expect("valid");
        assert!(number.is_coordination_number());
        assert_eq!(number.birth_date(), Ok(time::macros::date!(1990 - 08 - 07)));
    }

    #[test]
    fn wrong_check_digit_is_refused() {
        assert_eq!(
            IdentityNumber::parse("191212121213"),
            Err(IdentityNumberError::CheckDigit)
        );
    }

    #[test]
    fn birth_number_000_is_refused_even_with_a_right_check_digit() {
        let base = "19121212000";
        let check = luhn_check_digit(&base.as_bytes()[2..11]);
        assert_eq!(
            IdentityNumber::parse(&format!("{base}{check}")),
            Err(IdentityNumberError::Serial)
        );
        let base = "19900867000";
        let check = luhn_check_digit(&base.as_bytes()[2..11]);
        assert_eq!(
            IdentityNumber::parse(&format!("{base}{check}")),
            Err(IdentityNumberError::Serial)
        );
    }

    #[test]
    fn impossible_dates_are_refused() {
        for text in [
            "191213121212",
            "190002301212",
            "191200001212",
            "000101011212",
        ] {
            assert_eq!(
                IdentityNumber::parse(text),
                Err(IdentityNumberError::Date),
                "{text}"
            );
        }
    }

    #[test]
    fn malformed_text_is_refused() {
        for text in [
            "",
            "1212121212",
            "1912121212121",
            "19121212+1212",
            "1912-12121212",
            "19121212121x",
        ] {
            assert_eq!(
                IdentityNumber::parse(text),
                Err(IdentityNumberError::Format),
                "{text}"
            );
        }
    }

    #[test]
    fn debug_output_hides_the_number() {
        let number = IdentityNumber::parse("191212121212").expect("valid");
        assert_eq!(format!("{number:?}"), "IdentityNumber(1912********)");
    }
}
