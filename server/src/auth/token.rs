//! Bearer tokens: 32 random bytes, shown once, stored only as a hash.

use std::fmt;

use argon2::password_hash::rand_core::{OsRng, RngCore};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::storage::TokenHash;

const TOKEN_BYTES: usize = 32;

/// A freshly issued token. Its text goes to the desk once; the server keeps
/// only [`SessionToken::hash`]. `Debug` hides the text so it cannot end up
/// in a log line by accident.
pub struct SessionToken(String);

impl SessionToken {
    /// 32 bytes from the operating system's CSPRNG, base64url without padding.
    pub fn generate() -> SessionToken {
        let mut bytes = [0u8; TOKEN_BYTES];
        OsRng.fill_bytes(&mut bytes);
        SessionToken(URL_SAFE_NO_PAD.encode(bytes))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn hash(&self) -> TokenHash {
        digest(&self.0)
    }

    /// The hash to look a presented token up by, or `None` when it cannot
    /// be one of ours (so garbage never reaches the database).
    pub fn hash_presented(text: &str) -> Option<TokenHash> {
        let decoded = URL_SAFE_NO_PAD.decode(text).ok()?;
        (decoded.len() == TOKEN_BYTES).then(|| digest(text))
    }
}

impl fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionToken(…)")
    }
}

fn digest(text: &str) -> TokenHash {
    TokenHash(Sha256::digest(text.as_bytes()).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_43_url_safe_characters_and_never_repeat() {
        let (a, b) = (SessionToken::generate(), SessionToken::generate());
        assert_eq!(a.as_str().len(), 43);
        assert!(a
            .as_str()
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert_ne!(a.as_str(), b.as_str());
    }

    #[test]
    fn a_presented_token_hashes_like_the_issued_one() {
        let token = SessionToken::generate();
        assert_eq!(
            SessionToken::hash_presented(token.as_str()),
            Some(token.hash())
        );
    }

    #[test]
    fn malformed_tokens_are_not_looked_up() {
        assert_eq!(SessionToken::hash_presented(""), None);
        assert_eq!(SessionToken::hash_presented("not base64!"), None);
        assert_eq!(SessionToken::hash_presented("c2hvcnQ"), None);
    }

    #[test]
    fn debug_output_hides_the_token() {
        let token = SessionToken::generate();
        assert!(!format!("{token:?}").contains(token.as_str()));
    }
}
