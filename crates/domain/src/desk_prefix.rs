//! Desk prefixes: the first part of every order number a desk makes
//! (`K7QM-00042`), so desks number orders offline without asking anyone.
//!
//! Four characters from 31 (no 0/O, 1/I/L, easily misread on a slip) give
//! 923,521 prefixes, so two random ones rarely meet; the sync server records
//! which desk holds each one, and a desk told its prefix is taken picks
//! another before it numbers more orders.

/// The characters a prefix is made of.
pub const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// How many characters a prefix has.
pub const LENGTH: usize = 4;

/// Whether `text` is a well-formed prefix.
pub fn is_valid(text: &str) -> bool {
    text.len() == LENGTH && text.bytes().all(|b| ALPHABET.contains(&b))
}

/// A prefix made from `LENGTH` random numbers (the caller's randomness:
/// this crate has none), each taken modulo the alphabet.
pub fn from_random(numbers: [u32; LENGTH]) -> String {
    numbers
        .iter()
        .map(|n| char::from(ALPHABET[*n as usize % ALPHABET.len()]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn easily_misread_characters_never_appear() {
        for bad in [
            "K7Q0", "K7QO", "K7Q1", "K7QI", "K7QL", "k7qm", "K7Q", "K7QMX", "K7Q-",
        ] {
            assert!(!is_valid(bad), "{bad}");
        }
        assert!(is_valid("K7QM"));
    }

    proptest! {
        #[test]
        fn every_made_prefix_is_valid(numbers in any::<[u32; LENGTH]>()) {
            prop_assert!(is_valid(&from_random(numbers)));
        }
    }
}
