//! The local SQLite store: opening, durability settings and migrations.
//!
//! One file per desk, in WAL mode with `synchronous = FULL`: a commit has
//! reached the disk before `commit()` returns, so the UI is only told "saved"
//! about data that survives a power cut. Writers take the lock up front
//! (`BEGIN IMMEDIATE`) so two writers queue instead of failing mid-transaction.

mod migrations;
pub mod orders;
pub mod print_jobs;
pub mod printers;
mod rows;
pub mod settings;
pub mod shipments;
pub mod sync;

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::error::{DeskError, DeskResult};

pub use migrations::{migrate, migrate_to, MIGRATIONS};

/// How long a writer waits for another writer before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema
    /// up to date.
    pub fn open(path: &Path) -> DeskResult<Store> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
        let mut conn = open_connection(path)?;
        migrate(&mut conn).map_err(|e| DeskError::Unusable {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        Ok(Store { conn })
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// A write transaction holding the database's write lock from its start.
    pub fn write(&mut self) -> DeskResult<Transaction<'_>> {
        Ok(self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?)
    }
}

/// A connection with Packdesk's pragmas but no migrations (tests of the
/// migrations themselves start here).
pub fn open_connection(path: &Path) -> DeskResult<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(DeskError::Unusable {
            path: path.display().to_string(),
            reason: format!("the disk does not support WAL journaling (got {mode})"),
        });
    }
    conn.execute_batch(
        "PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA cache_size = -32000;",
    )?;
    Ok(conn)
}
