//! This desk's printers. Printers belong to a workstation, so they are never
//! synced: the bench Zebra is on this desk's network, not the other store's.

use chrono::{DateTime, Utc};
use packdesk_domain::api::PrinterView;
use packdesk_domain::shipping::{PrinterSettings, PrinterUse, Tenths};
use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

use crate::error::DeskResult;
use crate::store::orders::millis;
use crate::store::rows::parsed;

const COLUMNS: &str = "id, name, kind, address, language, dpi, label_width, label_height, used_for";

pub fn list(conn: &Connection) -> DeskResult<Vec<PrinterView>> {
    let printers = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM printers ORDER BY name COLLATE NOCASE"
        ))?
        .query_map([], printer_from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(printers)
}

pub fn get(conn: &Connection, id: Uuid) -> DeskResult<Option<PrinterView>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM printers WHERE id = ?1"))?
        .query_row([id.to_string()], printer_from_row)
        .optional()?)
}

/// The first printer (by name) set up for `used_for`.
pub fn first_for(conn: &Connection, used_for: PrinterUse) -> DeskResult<Option<PrinterView>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM printers WHERE used_for = ?1 ORDER BY name COLLATE NOCASE LIMIT 1"
        ))?
        .query_row([used_for.as_str()], printer_from_row)
        .optional()?)
}

pub fn name_taken(conn: &Connection, name: &str, except: Option<Uuid>) -> DeskResult<bool> {
    let except = except.map(|id| id.to_string()).unwrap_or_default();
    Ok(conn
        .prepare_cached("SELECT 1 FROM printers WHERE name = ?1 COLLATE NOCASE AND id <> ?2")?
        .query_row([name, except.as_str()], |_| Ok(()))
        .optional()?
        .is_some())
}

pub fn upsert(
    conn: &Connection,
    id: Uuid,
    printer: &PrinterSettings,
    now: DateTime<Utc>,
) -> DeskResult<()> {
    conn.prepare_cached(
        "INSERT INTO printers (id, name, kind, address, language, dpi, label_width, label_height, used_for, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind,
             address = excluded.address, language = excluded.language, dpi = excluded.dpi,
             label_width = excluded.label_width, label_height = excluded.label_height,
             used_for = excluded.used_for",
    )?
    .execute(params![
        id.to_string(),
        printer.name,
        printer.kind.as_str(),
        printer.address,
        printer.language.as_str(),
        printer.dpi,
        printer.label_width_in.0,
        printer.label_height_in.0,
        printer.used_for.as_str(),
        millis(now),
    ])?;
    Ok(())
}

/// Deletes the printer and (by cascade) its queue.
pub fn delete(conn: &Connection, id: Uuid) -> DeskResult<bool> {
    Ok(conn
        .prepare_cached("DELETE FROM printers WHERE id = ?1")?
        .execute([id.to_string()])?
        > 0)
}

fn printer_from_row(row: &Row<'_>) -> rusqlite::Result<PrinterView> {
    Ok(PrinterView {
        id: parsed(row, 0)?,
        settings: PrinterSettings {
            name: row.get(1)?,
            kind: parsed(row, 2)?,
            address: row.get(3)?,
            language: parsed(row, 4)?,
            dpi: row.get(5)?,
            label_width_in: Tenths(row.get(6)?),
            label_height_in: Tenths(row.get(7)?),
            used_for: parsed(row, 8)?,
        },
    })
}
