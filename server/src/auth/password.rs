//! Password hashing with Argon2id (the crate's default parameters), stored
//! as PHC strings so the parameters travel with each hash and can be raised
//! later without breaking old ones.

use std::sync::OnceLock;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

#[derive(Debug, thiserror::Error)]
#[error("cannot hash the password: {0}")]
pub struct HashError(argon2::password_hash::Error);

/// A PHC string for `password` with a fresh random salt. Slow on purpose:
/// call it off the async runtime.
pub fn hash(password: &str) -> Result<String, HashError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(HashError)
}

/// Whether `password` matches `stored`. With no stored hash (an unknown
/// user) it still spends the time of a real check, so response times do
/// not tell which user names exist. An unreadable stored hash never matches.
pub fn verify(password: &str, stored: Option<&str>) -> bool {
    match stored {
        Some(stored) => check(password, stored),
        None => {
            if let Some(decoy) = decoy() {
                std::hint::black_box(check(password, decoy));
            }
            false
        }
    }
}

fn check(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A hash of nothing anyone can type, made once, for unknown users.
fn decoy() -> Option<&'static str> {
    static DECOY: OnceLock<Option<String>> = OnceLock::new();
    DECOY
        .get_or_init(|| hash("\u{0}packdesk decoy").ok())
        .as_deref()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_right_password_matches_and_a_wrong_one_does_not() {
        let stored = hash("correct horse").expect("hashing works");
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("correct horse", Some(&stored)));
        assert!(!verify("correct horse ", Some(&stored)));
    }

    #[test]
    fn each_hash_has_its_own_salt() {
        let (a, b) = (hash("same").ok(), hash("same").ok());
        assert!(a.is_some());
        assert_ne!(a, b);
    }

    #[test]
    fn unknown_users_and_unreadable_hashes_never_match() {
        assert!(!verify("\u{0}packdesk decoy", None));
        assert!(!verify("anything", Some("not a phc string")));
    }
}
