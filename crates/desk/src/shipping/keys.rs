//! The carrier API key, kept in the OS keyring (Keychain, Credential Manager,
//! Secret Service) and never in SQLite, files or logs.

use keyring::Entry;

use crate::error::{DeskError, DeskResult};

/// Keys live under one keyring service; the account names the store (by desk
/// prefix), so two desks on one machine keep their own keys.
#[derive(Debug, Clone)]
pub struct ApiKeyStore {
    service: String,
}

impl ApiKeyStore {
    pub fn new(service: impl Into<String>) -> Self {
        ApiKeyStore {
            service: service.into(),
        }
    }

    fn entry(&self, desk_prefix: &str) -> DeskResult<Entry> {
        Entry::new(&self.service, &format!("carrier-api-key/{desk_prefix}")).map_err(keyring_error)
    }

    pub fn get(&self, desk_prefix: &str) -> DeskResult<Option<String>> {
        match self.entry(desk_prefix)?.get_password() {
            Ok(key) => Ok(Some(key)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(keyring_error(e)),
        }
    }

    pub fn set(&self, desk_prefix: &str, key: &str) -> DeskResult<()> {
        self.entry(desk_prefix)?
            .set_password(key)
            .map_err(keyring_error)
    }

    pub fn delete(&self, desk_prefix: &str) -> DeskResult<()> {
        match self.entry(desk_prefix)?.delete_credential() {
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
