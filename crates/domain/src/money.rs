//! Money as integer minor units (cents, pence, yen) with an ISO-4217 currency.
//!
//! There is no float anywhere on this path: amounts are `i64` minor units, decimal
//! text is parsed digit by digit, and every sum is checked so an overflow is an
//! error the user sees, never a wrapped number.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Minor units of some currency. The currency travels beside it (one per order).
pub type Minor = i64;

/// The largest single amount (a price, a line, a total) Packdesk accepts:
/// 100 000 000 000 minor units, i.e. one billion dollars. Far above any real
/// order, far below `i64::MAX`, so sums of a few hundred lines cannot overflow.
pub const MAX_AMOUNT: Minor = 100_000_000_000;

/// Currencies we know the minor-unit exponent of. An unknown code is refused
/// rather than guessed, because a wrong exponent misprices by a factor of 100.
const CURRENCIES: &[(&str, u8, &str)] = &[
    ("USD", 2, "$"),
    ("CAD", 2, "CA$"),
    ("EUR", 2, "€"),
    ("GBP", 2, "£"),
    ("AUD", 2, "A$"),
    ("NZD", 2, "NZ$"),
    ("CHF", 2, "CHF "),
    ("SEK", 2, "SEK "),
    ("NOK", 2, "NOK "),
    ("DKK", 2, "DKK "),
    ("PLN", 2, "PLN "),
    ("CZK", 2, "CZK "),
    ("MXN", 2, "MX$"),
    ("BRL", 2, "R$"),
    ("INR", 2, "₹"),
    ("CNY", 2, "CN¥"),
    ("HKD", 2, "HK$"),
    ("SGD", 2, "S$"),
    ("ZAR", 2, "R "),
    ("AED", 2, "AED "),
    ("ILS", 2, "₪"),
    ("TRY", 2, "TRY "),
    ("JPY", 0, "¥"),
    ("KRW", 0, "₩"),
    ("ISK", 0, "ISK "),
    ("CLP", 0, "CLP "),
    ("BHD", 3, "BHD "),
    ("KWD", 3, "KWD "),
    ("OMR", 3, "OMR "),
    ("JOD", 3, "JOD "),
];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("is not a currency we know (use an ISO-4217 code such as USD)")]
    UnknownCurrency,
    #[error("must be a plain amount such as 129.99")]
    Malformed,
    #[error("has more than {0} decimal places")]
    TooPrecise(u8),
    #[error("must not be negative")]
    Negative,
    #[error("is larger than the largest amount accepted")]
    TooLarge,
}

/// An ISO-4217 currency from [`CURRENCIES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency(u8);

impl Currency {
    /// Index 0 of [`CURRENCIES`].
    pub const USD: Currency = Currency(0);

    pub fn code(self) -> &'static str {
        self.entry().0
    }

    fn entry(self) -> &'static (&'static str, u8, &'static str) {
        &CURRENCIES[usize::from(self.0)]
    }

    /// Digits after the decimal point: 2 for USD, 0 for JPY, 3 for KWD.
    pub fn exponent(self) -> u8 {
        self.entry().1
    }

    pub fn all() -> impl Iterator<Item = Currency> {
        (0..CURRENCIES.len()).map(|index| Currency(index as u8))
    }

    /// Parses user text such as `129.99` into minor units. Strict: no sign, no
    /// grouping separators, no exponent, at most `exponent()` decimals.
    pub fn parse_amount(self, text: &str) -> Result<Minor, MoneyError> {
        let text = text.trim();
        if text.starts_with('-') {
            return Err(MoneyError::Negative);
        }
        let (whole, fraction) = match text.split_once('.') {
            Some((w, f)) => (w, f),
            None => (text, ""),
        };
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() && fraction.is_empty()
            || !all_digits(whole)
            || !all_digits(fraction)
            || (text.contains('.') && fraction.is_empty())
        {
            return Err(MoneyError::Malformed);
        }
        let exponent = self.exponent();
        if fraction.len() > usize::from(exponent) {
            return Err(MoneyError::TooPrecise(exponent));
        }
        let mut minor: Minor = 0;
        let padded = fraction
            .bytes()
            .chain(std::iter::repeat(b'0'))
            .take(usize::from(exponent));
        for digit in whole.bytes().chain(padded) {
            minor = minor
                .checked_mul(10)
                .and_then(|m| m.checked_add(Minor::from(digit - b'0')))
                .ok_or(MoneyError::TooLarge)?;
        }
        if minor > MAX_AMOUNT {
            return Err(MoneyError::TooLarge);
        }
        Ok(minor)
    }

    /// `12999` in USD is `129.99`: the inverse of [`Currency::parse_amount`].
    pub fn format_plain(self, minor: Minor) -> String {
        let exponent = u32::from(self.exponent());
        let sign = if minor < 0 { "-" } else { "" };
        let magnitude = minor.unsigned_abs();
        if exponent == 0 {
            return format!("{sign}{magnitude}");
        }
        let scale = 10u64.pow(exponent);
        format!(
            "{sign}{}.{:0width$}",
            magnitude / scale,
            magnitude % scale,
            width = exponent as usize
        )
    }

    /// For people: `$1,234.50`, `¥1,200`, `-$5.00`.
    pub fn format_display(self, minor: Minor) -> String {
        let plain = self.format_plain(minor.abs());
        let (whole, fraction) = match plain.split_once('.') {
            Some((w, f)) => (w, Some(f)),
            None => (plain.as_str(), None),
        };
        let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
        for (i, ch) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        let sign = if minor < 0 { "-" } else { "" };
        let symbol = self.entry().2;
        match fraction {
            Some(f) => format!("{sign}{symbol}{grouped}.{f}"),
            None => format!("{sign}{symbol}{grouped}"),
        }
    }
}

impl FromStr for Currency {
    type Err = MoneyError;

    fn from_str(code: &str) -> Result<Self, Self::Err> {
        let upper = code.trim().to_ascii_uppercase();
        CURRENCIES
            .iter()
            .position(|(known, _, _)| *known == upper)
            .map(|index| Currency(index as u8))
            .ok_or(MoneyError::UnknownCurrency)
    }
}

impl TryFrom<String> for Currency {
    type Error = MoneyError;
    fn try_from(code: String) -> Result<Self, Self::Error> {
        code.parse()
    }
}

impl From<Currency> for String {
    fn from(currency: Currency) -> String {
        currency.code().to_owned()
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn usd() -> Currency {
        "usd".parse().unwrap()
    }

    #[test]
    fn parses_amounts_exactly() {
        assert_eq!(usd().parse_amount("129.99"), Ok(12999));
        assert_eq!(usd().parse_amount("129.9"), Ok(12990));
        assert_eq!(usd().parse_amount("129"), Ok(12900));
        assert_eq!(usd().parse_amount(".5"), Ok(50));
        assert_eq!(
            "JPY".parse::<Currency>().unwrap().parse_amount("1200"),
            Ok(1200)
        );
        assert_eq!(
            "KWD".parse::<Currency>().unwrap().parse_amount("1.005"),
            Ok(1005)
        );
    }

    #[test]
    fn refuses_what_is_not_a_plain_amount() {
        for bad in [
            "", ".", "1.", "1,000", "1e5", "abc", "1.2.3", " 1 2", "+1", "0x10",
        ] {
            assert_eq!(
                usd().parse_amount(bad),
                Err(MoneyError::Malformed),
                "{bad:?}"
            );
        }
        assert_eq!(usd().parse_amount("-1"), Err(MoneyError::Negative));
        assert_eq!(usd().parse_amount("0.001"), Err(MoneyError::TooPrecise(2)));
        assert_eq!(
            "JPY".parse::<Currency>().unwrap().parse_amount("1.5"),
            Err(MoneyError::TooPrecise(0))
        );
        assert_eq!(
            usd().parse_amount("99999999999999999999999"),
            Err(MoneyError::TooLarge)
        );
        assert_eq!(
            usd().parse_amount("1000000000.01"),
            Err(MoneyError::TooLarge)
        );
        assert_eq!(usd().parse_amount("1000000000.00"), Ok(MAX_AMOUNT));
    }

    #[test]
    fn unknown_currency_is_refused_not_guessed() {
        assert_eq!("XYZ".parse::<Currency>(), Err(MoneyError::UnknownCurrency));
        assert_eq!("".parse::<Currency>(), Err(MoneyError::UnknownCurrency));
    }

    #[test]
    fn formats_for_people() {
        assert_eq!(usd().format_display(123450), "$1,234.50");
        assert_eq!(usd().format_display(5), "$0.05");
        assert_eq!(usd().format_display(-500), "-$5.00");
        assert_eq!(
            "JPY".parse::<Currency>().unwrap().format_display(1200),
            "¥1,200"
        );
        assert_eq!(usd().format_display(100_000_000_000), "$1,000,000,000.00");
    }

    proptest! {
        #[test]
        fn format_then_parse_is_identity(minor in 0..=MAX_AMOUNT, index in 0..CURRENCIES.len()) {
            let currency = Currency(index as u8);
            prop_assert_eq!(currency.parse_amount(&currency.format_plain(minor)), Ok(minor));
        }

        #[test]
        fn parse_never_panics(text in "\\PC{0,40}") {
            let _ = usd().parse_amount(&text);
        }
    }
}
