//! The store's shipping setup: name and ship-from address in the desk's
//! settings table, the carrier's base URL beside them, the API key in the
//! OS keyring.

use packdesk_domain::api::{ShippingSettings, ShippingSettingsUpdate};
use packdesk_domain::order::AddressDraft;
use packdesk_domain::{Actor, Permission, ValidationErrors};
use rusqlite::Connection;

use crate::error::{DeskError, DeskResult};
use crate::store::settings;

const STORE_NAME: &str = "shipping.store_name";
const SHIP_FROM: &str = "shipping.ship_from";
const SHIP_FROM_PHONE: &str = "shipping.ship_from_phone";
const CARRIER_BASE_URL: &str = "shipping.carrier_base_url";

pub const DEFAULT_CARRIER_BASE_URL: &str = "https://api.easypost.com";

/// What is stored in SQLite (everything but the key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSettings {
    pub store_name: String,
    pub ship_from: AddressDraft,
    pub ship_from_phone: String,
    pub carrier_base_url: String,
}

impl StoredSettings {
    pub fn with_key_state(self, api_key_set: bool) -> ShippingSettings {
        ShippingSettings {
            store_name: self.store_name,
            ship_from: self.ship_from,
            ship_from_phone: self.ship_from_phone,
            carrier_base_url: self.carrier_base_url,
            api_key_set,
        }
    }

    pub fn ship_from_is_set(&self) -> bool {
        let a = &self.ship_from;
        ![&a.line1, &a.city, &a.postal_code, &a.country]
            .iter()
            .any(|part| part.trim().is_empty())
    }
}

pub fn load(conn: &Connection) -> DeskResult<StoredSettings> {
    Ok(StoredSettings {
        store_name: settings::get(conn, STORE_NAME)?.unwrap_or_default(),
        ship_from: settings::get(conn, SHIP_FROM)?
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default(),
        ship_from_phone: settings::get(conn, SHIP_FROM_PHONE)?.unwrap_or_default(),
        carrier_base_url: settings::get(conn, CARRIER_BASE_URL)?
            .unwrap_or_else(|| DEFAULT_CARRIER_BASE_URL.into()),
    })
}

/// Checks every field (all errors at once) and returns what to store.
pub fn validate(
    actor: &Actor,
    update: &ShippingSettingsUpdate,
) -> DeskResult<(StoredSettings, Option<String>)> {
    if !actor.role.permits(Permission::ManageSettings) {
        return Err(DeskError::Forbidden {
            role: actor.role,
            permission: Permission::ManageSettings,
        });
    }
    let mut errors = ValidationErrors::default();
    let mut text = |field: &str, value: &str, required: bool, max: usize| {
        let value = value.trim();
        if required && value.is_empty() {
            errors.add(field, "is required");
        } else if value.chars().count() > max {
            errors.add(field, format!("must be at most {max} characters"));
        } else if value.chars().any(char::is_control) {
            errors.add(field, "must be one line of text");
        }
        value.to_owned()
    };
    let from = &update.ship_from;
    let ship_from = AddressDraft {
        line1: text("ship_from.line1", &from.line1, true, 200),
        line2: text("ship_from.line2", &from.line2, false, 200),
        city: text("ship_from.city", &from.city, true, 100),
        region: text("ship_from.region", &from.region, false, 100),
        postal_code: text("ship_from.postal_code", &from.postal_code, true, 20),
        country: text("ship_from.country", &from.country, true, 2).to_uppercase(),
    };
    let stored = StoredSettings {
        store_name: text("store_name", &update.store_name, true, 100),
        ship_from,
        ship_from_phone: text("ship_from_phone", &update.ship_from_phone, false, 40),
        carrier_base_url: text("carrier_base_url", &update.carrier_base_url, true, 300),
    };
    if stored.ship_from.country.len() != 2
        || !stored
            .ship_from
            .country
            .bytes()
            .all(|b| b.is_ascii_alphabetic())
    {
        errors.add(
            "ship_from.country",
            "must be a two-letter country code, such as US",
        );
    }
    if !(stored.carrier_base_url.starts_with("https://")
        || stored.carrier_base_url.starts_with("http://"))
    {
        errors.add(
            "carrier_base_url",
            "must start with https:// (or http:// for a local test server)",
        );
    }
    let key = update.api_key.as_deref().map(str::trim).map(str::to_owned);
    if let Some(key) = key.as_deref().filter(|k| !k.is_empty()) {
        if key.len() < 8
            || key.len() > 200
            || key.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            errors.add(
                "api_key",
                "must be the key as the carrier shows it: 8 to 200 characters, no spaces",
            );
        }
    }
    errors.finish((stored, key)).map_err(DeskError::from)
}

pub fn save(conn: &Connection, stored: &StoredSettings) -> DeskResult<()> {
    settings::set(conn, STORE_NAME, &stored.store_name)?;
    let ship_from =
        serde_json::to_string(&stored.ship_from).map_err(|e| DeskError::External(e.to_string()))?;
    settings::set(conn, SHIP_FROM, &ship_from)?;
    settings::set(conn, SHIP_FROM_PHONE, &stored.ship_from_phone)?;
    settings::set(conn, CARRIER_BASE_URL, &stored.carrier_base_url)?;
    Ok(())
}
