//! Desk-local key/value settings (operator, desk prefix, order sequence).

use rusqlite::{Connection, OptionalExtension};

use crate::error::DeskResult;

pub const OPERATOR_NAME: &str = "operator_name";
pub const OPERATOR_ROLE: &str = "operator_role";
pub const DEFAULT_CURRENCY: &str = "default_currency";
pub const DESK_PREFIX: &str = "desk_prefix";
/// Names this desk's OS keyring entries: its first prefix, kept for good.
pub const KEYRING_SCOPE: &str = "keyring_scope";
pub const NEXT_ORDER_SEQUENCE: &str = "next_order_sequence";

pub fn get(conn: &Connection, key: &str) -> DeskResult<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT value FROM desk_settings WHERE key = ?1",
            [key],
            |row| row.get(0),
        )
        .optional()?)
}

pub fn set(conn: &Connection, key: &str, value: &str) -> DeskResult<()> {
    conn.execute(
        "INSERT INTO desk_settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

/// Sets `key` only if it has no value yet; returns the value now stored.
pub fn get_or_init(
    conn: &Connection,
    key: &str,
    make: impl FnOnce() -> String,
) -> DeskResult<String> {
    if let Some(value) = get(conn, key)? {
        return Ok(value);
    }
    let value = make();
    set(conn, key, &value)?;
    Ok(value)
}
