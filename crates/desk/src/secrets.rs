//! Secrets (the carrier API key, the sync token) in the OS keyring —
//! Keychain, Credential Manager, the Secret Service — and never in SQLite,
//! files or logs.

use keyring::Entry;

use crate::error::{DeskError, DeskResult};

/// One keyring service for the app; each secret is an account under it,
/// named with the desk prefix so two desks on one machine keep their own.
#[derive(Debug, Clone)]
pub struct Secrets {
    service: String,
}

impl Secrets {
    pub fn new(service: impl Into<String>) -> Self {
        Secrets {
            service: service.into(),
        }
    }

    fn entry(&self, account: &str) -> DeskResult<Entry> {
        Entry::new(&self.service, account).map_err(keyring_error)
    }

    pub fn get(&self, account: &str) -> DeskResult<Option<String>> {
        match self.entry(account)?.get_password() {
            Ok(secret) => Ok(Some(secret)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(keyring_error(e)),
        }
    }

    pub fn set(&self, account: &str, secret: &str) -> DeskResult<()> {
        self.entry(account)?
            .set_password(secret)
            .map_err(keyring_error)
    }

    pub fn delete(&self, account: &str) -> DeskResult<()> {
        match self.entry(account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(keyring_error(e)),
        }
    }
}

fn keyring_error(error: keyring::Error) -> DeskError {
    DeskError::Unavailable(format!(
        "the system keyring could not be used ({error}); unlock it and try again"
    ))
}
