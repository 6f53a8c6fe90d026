//! The print queue. A job holds its document's bytes, so a reprint or a retry
//! after the printer comes back needs neither the carrier nor the network.

use chrono::{DateTime, Utc};
use packdesk_domain::api::{PrintJobKind, PrintJobState, PrintJobView};
use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

use crate::error::DeskResult;
use crate::store::orders::millis;
use crate::store::rows::{json_column, optional_time, parsed, time};

const COLUMNS: &str = "j.id, j.printer_id, p.name, j.order_numbers, j.kind, j.state, j.attempts,
    j.last_error, j.created_at, j.printed_at";

/// A document waiting for (or sent to) a printer.
pub struct NewJob<'a> {
    pub id: Uuid,
    pub printer_id: Uuid,
    pub kind: PrintJobKind,
    pub order_numbers: &'a [String],
    pub name: &'a str,
    /// `pdf`, `zpl` or `png`.
    pub format: &'a str,
    pub bytes: &'a [u8],
    pub now: DateTime<Utc>,
}

/// What the queue worker needs to send one job.
pub struct DueJob {
    pub id: Uuid,
    pub printer_id: Uuid,
    pub name: String,
    pub format: String,
    pub bytes: Vec<u8>,
    pub attempts: u32,
}

pub fn insert(conn: &Connection, job: &NewJob<'_>) -> DeskResult<()> {
    conn.prepare_cached(
        "INSERT INTO print_jobs (id, printer_id, kind, order_numbers, name, format, bytes, state,
             next_attempt_at, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'queued', ?8, ?8)",
    )?
    .execute(params![
        job.id.to_string(),
        job.printer_id.to_string(),
        job.kind.as_str(),
        serde_json::to_string(job.order_numbers).unwrap_or_else(|_| "[]".into()),
        job.name,
        job.format,
        job.bytes,
        millis(job.now),
    ])?;
    Ok(())
}

pub fn get(conn: &Connection, id: Uuid) -> DeskResult<Option<PrintJobView>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM print_jobs j JOIN printers p ON p.id = j.printer_id WHERE j.id = ?1"
        ))?
        .query_row([id.to_string()], view_from_row)
        .optional()?)
}

/// The newest `limit` jobs, newest first.
pub fn recent(conn: &Connection, limit: u32) -> DeskResult<Vec<PrintJobView>> {
    let jobs = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM print_jobs j JOIN printers p ON p.id = j.printer_id
             ORDER BY j.created_at DESC, j.rowid DESC LIMIT ?1"
        ))?
        .query_map([limit], view_from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(jobs)
}

/// A job's document as stored, to print it again as a new job.
pub struct StoredDocument {
    pub printer_id: Uuid,
    pub name: String,
    pub format: String,
    pub bytes: Vec<u8>,
}

pub fn document(conn: &Connection, id: Uuid) -> DeskResult<Option<StoredDocument>> {
    Ok(conn
        .prepare_cached("SELECT printer_id, name, format, bytes FROM print_jobs WHERE id = ?1")?
        .query_row([id.to_string()], |row| {
            Ok(StoredDocument {
                printer_id: parsed(row, 0)?,
                name: row.get(1)?,
                format: row.get(2)?,
                bytes: row.get(3)?,
            })
        })
        .optional()?)
}

/// Claims the oldest queued job that is due, marking it `printing`, in the
/// caller's transaction so two workers can never claim the same job.
pub fn claim_due(conn: &Connection, now: DateTime<Utc>) -> DeskResult<Option<DueJob>> {
    let job = conn
        .prepare_cached(
            "SELECT id, printer_id, name, format, bytes, attempts FROM print_jobs
             WHERE state = 'queued' AND next_attempt_at <= ?1
             ORDER BY next_attempt_at, created_at, rowid LIMIT 1",
        )?
        .query_row([millis(now)], |row| {
            Ok(DueJob {
                id: parsed(row, 0)?,
                printer_id: parsed(row, 1)?,
                name: row.get(2)?,
                format: row.get(3)?,
                bytes: row.get(4)?,
                attempts: row.get(5)?,
            })
        })
        .optional()?;
    if let Some(job) = &job {
        conn.prepare_cached("UPDATE print_jobs SET state = 'printing' WHERE id = ?1")?
            .execute([job.id.to_string()])?;
    }
    Ok(job)
}

/// When the next queued job falls due, so the worker can sleep until then.
pub fn next_due(conn: &Connection) -> DeskResult<Option<DateTime<Utc>>> {
    let at: Option<i64> = conn
        .prepare_cached("SELECT MIN(next_attempt_at) FROM print_jobs WHERE state = 'queued'")?
        .query_row([], |row| row.get(0))?;
    Ok(at.and_then(DateTime::from_timestamp_millis))
}

pub fn mark_printed(conn: &Connection, id: Uuid, now: DateTime<Utc>) -> DeskResult<()> {
    conn.prepare_cached(
        "UPDATE print_jobs SET state = 'printed', attempts = attempts + 1, last_error = NULL,
             printed_at = ?2 WHERE id = ?1",
    )?
    .execute(params![id.to_string(), millis(now)])?;
    Ok(())
}

/// Back to the queue after a failure, due again at `retry_at`; or `failed`
/// for good when `retry_at` is `None`.
pub fn mark_attempt_failed(
    conn: &Connection,
    id: Uuid,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
) -> DeskResult<()> {
    let state = if retry_at.is_some() {
        PrintJobState::Queued
    } else {
        PrintJobState::Failed
    };
    conn.prepare_cached(
        "UPDATE print_jobs SET state = ?2, attempts = attempts + 1, last_error = ?3,
             next_attempt_at = COALESCE(?4, next_attempt_at) WHERE id = ?1",
    )?
    .execute(params![
        id.to_string(),
        state.as_str(),
        error,
        retry_at.map(millis)
    ])?;
    Ok(())
}

/// "Retry now": a queued or failed job becomes due at once.
pub fn retry_now(conn: &Connection, id: Uuid, now: DateTime<Utc>) -> DeskResult<bool> {
    Ok(conn
        .prepare_cached(
            "UPDATE print_jobs SET state = 'queued', next_attempt_at = ?2
             WHERE id = ?1 AND state IN ('queued', 'failed')",
        )?
        .execute(params![id.to_string(), millis(now)])?
        > 0)
}

/// Jobs left `printing` by a crash go back to the queue: a label may then
/// print twice, but never not at all.
pub fn requeue_interrupted(conn: &Connection) -> DeskResult<usize> {
    Ok(conn
        .prepare_cached("UPDATE print_jobs SET state = 'queued' WHERE state = 'printing'")?
        .execute([])?)
}

fn view_from_row(row: &Row<'_>) -> rusqlite::Result<PrintJobView> {
    Ok(PrintJobView {
        id: parsed(row, 0)?,
        printer_id: parsed(row, 1)?,
        printer_name: row.get(2)?,
        order_numbers: json_column(row, 3)?,
        kind: parsed(row, 4)?,
        state: parsed(row, 5)?,
        attempts: row.get(6)?,
        last_error: row.get(7)?,
        created_at: time(row, 8)?,
        printed_at: optional_time(row, 9)?,
    })
}
