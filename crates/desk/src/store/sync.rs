//! The outbox, the server's last word on each order, and rejected commands.

use chrono::{DateTime, Utc};
use packdesk_domain::api::ErrorKind;
use packdesk_domain::sync::{OrderChange, PushedCommand, Resolution};
use packdesk_domain::{Command, CommandEnvelope};
use rusqlite::{params, Connection, OptionalExtension};
use uuid::Uuid;

use crate::error::{DeskError, DeskResult};
use crate::store::orders::millis;
use crate::store::rows::{json_column, time};

/// Queues an applied command for the server, in the caller's transaction.
pub fn enqueue(conn: &Connection, envelope: &CommandEnvelope) -> DeskResult<()> {
    conn.prepare_cached(
        "INSERT INTO outbox (command_id, order_id, created_at) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![
        envelope.id.to_string(),
        envelope.command.order_id().to_string(),
        millis(Utc::now()),
    ])?;
    Ok(())
}

/// The oldest `limit` unacknowledged commands, in sequence order.
pub fn pending(conn: &Connection, limit: usize) -> DeskResult<Vec<PushedCommand>> {
    let rows = conn
        .prepare_cached(
            "SELECT o.seq, a.payload FROM outbox o JOIN applied_commands a ON a.command_id = o.command_id
             ORDER BY o.seq LIMIT ?1",
        )?
        .query_map([limit as i64], |row| {
            Ok(PushedCommand {
                seq: row.get::<_, i64>(0)? as u64,
                envelope: json_column(row, 1)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

pub fn pending_count(conn: &Connection) -> DeskResult<u64> {
    let count: i64 = conn
        .prepare_cached("SELECT count(*) FROM outbox")?
        .query_row([], |row| row.get(0))?;
    Ok(count as u64)
}

/// This order's unacknowledged commands, oldest first.
pub fn pending_for_order(conn: &Connection, order_id: Uuid) -> DeskResult<Vec<CommandEnvelope>> {
    let rows = conn
        .prepare_cached(
            "SELECT a.payload FROM outbox o JOIN applied_commands a ON a.command_id = o.command_id
             WHERE o.order_id = ?1 ORDER BY o.seq",
        )?
        .query_map([order_id.to_string()], |row| json_column(row, 0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Drops an acknowledged entry. Only an acknowledgement deletes one.
pub fn acknowledge(conn: &Connection, seq: u64) -> DeskResult<()> {
    conn.prepare_cached("DELETE FROM outbox WHERE seq = ?1")?
        .execute([seq as i64])?;
    Ok(())
}

pub fn put_base(conn: &Connection, change: &OrderChange) -> DeskResult<()> {
    let state = serde_json::to_string(change).map_err(|e| DeskError::External(e.to_string()))?;
    conn.prepare_cached(
        "INSERT INTO server_orders (order_id, cursor, state) VALUES (?1, ?2, ?3)
         ON CONFLICT (order_id) DO UPDATE SET cursor = excluded.cursor, state = excluded.state",
    )?
    .execute(params![
        change.order.id.to_string(),
        change.cursor as i64,
        state
    ])?;
    Ok(())
}

pub fn base(conn: &Connection, order_id: Uuid) -> DeskResult<Option<OrderChange>> {
    Ok(conn
        .prepare_cached("SELECT state FROM server_orders WHERE order_id = ?1")?
        .query_row([order_id.to_string()], |row| json_column(row, 0))
        .optional()?)
}

pub fn add_conflict(
    conn: &Connection,
    envelope: &CommandEnvelope,
    kind: ErrorKind,
    message: &str,
    now: DateTime<Utc>,
) -> DeskResult<()> {
    let payload =
        serde_json::to_string(envelope).map_err(|e| DeskError::External(e.to_string()))?;
    let kind = serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| "conflict".into());
    conn.prepare_cached(
        "INSERT INTO sync_conflicts (command_id, order_id, kind, message, payload, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (command_id) DO NOTHING",
    )?
    .execute(params![
        envelope.id.to_string(),
        envelope.command.order_id().to_string(),
        kind,
        message,
        payload,
        millis(now),
    ])?;
    Ok(())
}

/// A stored, unresolved conflict.
pub struct StoredConflict {
    pub envelope: CommandEnvelope,
    pub kind: ErrorKind,
    pub message: String,
    pub created_at: DateTime<Utc>,
}

pub fn open_conflicts(conn: &Connection) -> DeskResult<Vec<StoredConflict>> {
    let rows = conn
        .prepare_cached(
            "SELECT payload, kind, message, created_at FROM sync_conflicts
             WHERE resolved_at IS NULL ORDER BY created_at, rowid",
        )?
        .query_map([], |row| {
            let kind: String = row.get(1)?;
            Ok(StoredConflict {
                envelope: json_column(row, 0)?,
                kind: serde_json::from_value(serde_json::Value::String(kind))
                    .unwrap_or(ErrorKind::Conflict),
                message: row.get(2)?,
                created_at: time(row, 3)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Whether the server refused the command that created `order_id` (the
/// order exists only on this desk, if at all).
pub fn create_refused(conn: &Connection, order_id: Uuid) -> DeskResult<bool> {
    let payloads = conn
        .prepare_cached("SELECT payload FROM sync_conflicts WHERE order_id = ?1")?
        .query_map([order_id.to_string()], |row| {
            json_column::<CommandEnvelope>(row, 0)
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(payloads
        .iter()
        .any(|envelope| matches!(envelope.command, Command::CreateOrder { .. })))
}

pub fn open_conflict(conn: &Connection, command_id: Uuid) -> DeskResult<Option<CommandEnvelope>> {
    Ok(conn
        .prepare_cached(
            "SELECT payload FROM sync_conflicts WHERE command_id = ?1 AND resolved_at IS NULL",
        )?
        .query_row([command_id.to_string()], |row| json_column(row, 0))
        .optional()?)
}

pub fn resolve(
    conn: &Connection,
    command_id: Uuid,
    resolution: Resolution,
    now: DateTime<Utc>,
) -> DeskResult<()> {
    let resolution = match resolution {
        Resolution::KeepServer => "kept_server",
        Resolution::ApplyMineAgain => "applied_again",
    };
    conn.prepare_cached(
        "UPDATE sync_conflicts SET resolved_at = ?2, resolution = ?3 WHERE command_id = ?1",
    )?
    .execute(params![command_id.to_string(), millis(now), resolution])?;
    Ok(())
}

pub fn open_conflict_count(conn: &Connection) -> DeskResult<u64> {
    let count: i64 = conn
        .prepare_cached("SELECT count(*) FROM sync_conflicts WHERE resolved_at IS NULL")?
        .query_row([], |row| row.get(0))?;
    Ok(count as u64)
}
