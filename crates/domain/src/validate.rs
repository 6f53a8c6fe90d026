//! Field-level validation: every problem names its field (`items[2].quantity`)
//! and says why in words a person at the counter understands.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// Path of the field in the input, e.g. `customer_email` or `items[0].unit_price`.
    pub field: String,
    pub reason: String,
}

/// All problems found in one input, so a form can mark every bad field at once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    pub fn single(field: impl Into<String>, reason: impl Into<String>) -> Self {
        ValidationErrors(vec![FieldError {
            field: field.into(),
            reason: reason.into(),
        }])
    }

    pub fn add(&mut self, field: impl Into<String>, reason: impl Into<String>) {
        self.0.push(FieldError {
            field: field.into(),
            reason: reason.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The first reason given for `field`, for showing under an input.
    pub fn reason_for(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.reason.as_str())
    }

    /// `Ok(value)` when nothing was added, otherwise every error found.
    pub fn finish<T>(self, value: T) -> Result<T, ValidationErrors> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{}: {}", error.field, error.reason)?;
        }
        Ok(())
    }
}

/// Checks one line of text: trimmed, within `max` characters, no control
/// characters. Returns the trimmed text, or records why not.
pub(crate) fn single_line(
    errors: &mut ValidationErrors,
    field: &str,
    value: &str,
    required: bool,
    max: usize,
) -> String {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        if required {
            errors.add(field, "is required");
        }
        return String::new();
    }
    if trimmed.chars().count() > max {
        errors.add(field, format!("must be at most {max} characters"));
    } else if trimmed.chars().any(char::is_control) {
        errors.add(field, "must not contain control characters");
    }
    trimmed.to_owned()
}

/// Like [`single_line`] but allows line breaks and tabs (notes).
pub(crate) fn multi_line(
    errors: &mut ValidationErrors,
    field: &str,
    value: &str,
    max: usize,
) -> String {
    let trimmed = value.trim();
    if trimmed.chars().count() > max {
        errors.add(field, format!("must be at most {max} characters"));
    } else if trimmed
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        errors.add(field, "must not contain control characters");
    }
    trimmed.to_owned()
}

/// A pragmatic address check: one `@`, a non-empty local part, a dotted domain,
/// no spaces. Deliverability is the mail server's business.
pub fn is_plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
    !local.is_empty()
        && !domain.contains('@')
        && domain_ok
        && !local.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Digits with the usual phone punctuation, 7 to 15 digits (E.164's maximum).
pub fn is_plausible_phone(phone: &str) -> bool {
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    (7..=15).contains(&digits)
        && phone.chars().enumerate().all(|(i, c)| {
            c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')' | '.') || (c == '+' && i == 0)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        for good in ["a@b.co", "jane.doe+suits@example.com", "x@mail.example.org"] {
            assert!(is_plausible_email(good), "{good}");
        }
        for bad in [
            "",
            "jane",
            "jane@",
            "@example.com",
            "jane@example",
            "ja ne@example.com",
            "a@b@c.com",
            "a@.com",
            "a@b..com",
        ] {
            assert!(!is_plausible_email(bad), "{bad}");
        }
    }

    #[test]
    fn phones() {
        assert!(is_plausible_phone("+1 (555) 010-4477"));
        assert!(is_plausible_phone("0207 946 0000"));
        assert!(!is_plausible_phone("555"));
        assert!(!is_plausible_phone("555-CALL-NOW"));
        assert!(!is_plausible_phone("1+5550104477"));
    }

    #[test]
    fn single_line_trims_and_limits() {
        let mut errors = ValidationErrors::default();
        assert_eq!(single_line(&mut errors, "name", "  Ann  ", true, 10), "Ann");
        single_line(&mut errors, "name", "   ", true, 10);
        single_line(&mut errors, "sku", "12345678901", false, 10);
        single_line(&mut errors, "size", "4\u{0}2", false, 10);
        assert_eq!(errors.reason_for("name"), Some("is required"));
        assert_eq!(
            errors.reason_for("sku"),
            Some("must be at most 10 characters")
        );
        assert_eq!(
            errors.reason_for("size"),
            Some("must not contain control characters")
        );
    }
}
