//! Forward-only schema migrations, embedded in the binary.
//!
//! `PRAGMA user_version` holds how many have been applied. Each runs in its own
//! transaction with the version bump, so a crash leaves the file at a clean
//! version. Landed migrations are never edited: add a new file instead.

use rusqlite::Connection;

use crate::error::{DeskError, DeskResult};

pub const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_orders",
        include_str!("../../../../migrations/0001_orders.sql"),
    ),
    (
        "0002_search",
        include_str!("../../../../migrations/0002_search.sql"),
    ),
    (
        "0003_shipping",
        include_str!("../../../../migrations/0003_shipping.sql"),
    ),
    (
        "0004_sync",
        include_str!("../../../../migrations/0004_sync.sql"),
    ),
];

/// Applies every migration the database has not seen.
pub fn migrate(conn: &mut Connection) -> DeskResult<()> {
    migrate_to(conn, MIGRATIONS.len())
}

/// Applies migrations up to (and including) number `target` (1-based count).
pub fn migrate_to(conn: &mut Connection, target: usize) -> DeskResult<()> {
    let current: usize = conn
        .query_row("PRAGMA user_version", [], |row| row.get::<_, i64>(0))?
        .try_into()
        .unwrap_or(usize::MAX);
    if current > MIGRATIONS.len() {
        return Err(DeskError::Conflict(format!(
            "this database was written by a newer Packdesk (schema {current}, this build knows {})",
            MIGRATIONS.len()
        )));
    }
    for (index, (name, sql)) in MIGRATIONS.iter().enumerate().take(target).skip(current) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
        tracing::info!(migration = name, "applied schema migration");
    }
    Ok(())
}
