//! Shipments and their label files.
//!
//! A shipment row is also the purchase journal: `buying` (with the rate and
//! the command id the purchase will be recorded under) is committed before
//! the carrier is asked to buy, `bought` after, so whatever happens between
//! is resumed by asking the carrier, never by buying blind.

use chrono::{DateTime, Utc};
use packdesk_domain::api::{RatePick, RateView, ShipmentState, ShipmentView, TrackingEventView};
use packdesk_domain::shipping::{Parcel, ShippingLabel, Tenths};
use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

use crate::error::DeskResult;
use crate::store::orders::millis;
use crate::store::rows::{json_column, optional_parsed, optional_time, parsed, time};

const COLUMNS: &str = "id, state, length_tenths, width_tenths, height_tenths, weight_tenths, rates, messages,
    carrier, service, cost_minor, currency, tracking_code, tracking_status, tracking_events, est_delivery,
    error, created_at, updated_at, carrier_shipment_id, order_row_id, pick, buy_command_id, print_on_buy,
    tracker_id";

/// A shipment with what only the desk needs (the journal), beside what it shows.
#[derive(Debug, Clone)]
pub struct ShipmentRecord {
    pub view: ShipmentView,
    pub order_row_id: i64,
    pub carrier_shipment_id: Option<String>,
    pub pick: Option<RatePick>,
    pub buy_command_id: Option<Uuid>,
    pub print_on_buy: bool,
    pub tracker_id: Option<String>,
}

pub struct NewShipment<'a> {
    pub id: Uuid,
    pub order_row_id: i64,
    pub state: ShipmentState,
    pub parcel: Parcel,
    pub carrier_shipment_id: Option<&'a str>,
    pub rates: &'a [RateView],
    pub messages: &'a [String],
    pub pick: Option<&'a RatePick>,
    pub print_on_buy: bool,
    pub now: DateTime<Utc>,
}

fn json(value: &impl serde::Serialize) -> String {
    // Serialising our own plain data cannot fail; an empty list is the safe fallback.
    serde_json::to_string(value).unwrap_or_else(|_| "[]".into())
}

pub fn insert(conn: &Connection, new: &NewShipment<'_>) -> DeskResult<()> {
    conn.prepare_cached(
        "INSERT INTO shipments (id, order_row_id, state, carrier_shipment_id, length_tenths, width_tenths,
             height_tenths, weight_tenths, rates, messages, pick, print_on_buy, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
    )?
    .execute(params![
        new.id.to_string(),
        new.order_row_id,
        new.state.as_str(),
        new.carrier_shipment_id,
        new.parcel.length_in.0,
        new.parcel.width_in.0,
        new.parcel.height_in.0,
        new.parcel.weight_oz.0,
        json(&new.rates),
        json(&new.messages),
        new.pick.map(json),
        new.print_on_buy,
        millis(new.now),
    ])?;
    Ok(())
}

pub fn load(conn: &Connection, id: Uuid) -> DeskResult<Option<ShipmentRecord>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM shipments WHERE id = ?1"))?
        .query_row([id.to_string()], record_from_row)
        .optional()?
        .map(|record| with_formats(conn, record))
        .transpose()
}

/// An order's shipments, newest first.
pub fn for_order(conn: &Connection, order_row_id: i64) -> DeskResult<Vec<ShipmentView>> {
    let records = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM shipments WHERE order_row_id = ?1 ORDER BY created_at DESC, rowid DESC"
        ))?
        .query_map([order_row_id], record_from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    records
        .into_iter()
        .map(|record| with_formats(conn, record).map(|r| r.view))
        .collect()
}

/// Shipments in `state`, oldest first: the resume worker's to-do list.
pub fn in_state(conn: &Connection, state: ShipmentState) -> DeskResult<Vec<ShipmentRecord>> {
    let records = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM shipments WHERE state = ?1 ORDER BY created_at, rowid"
        ))?
        .query_map([state.as_str()], record_from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(records)
}

/// Bought shipments whose parcel the carrier has not delivered yet.
pub fn in_transit(conn: &Connection) -> DeskResult<Vec<ShipmentRecord>> {
    let records = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM shipments WHERE state = 'bought'
               AND tracking_code IS NOT NULL AND COALESCE(tracking_status, '') <> 'delivered'
             ORDER BY created_at"
        ))?
        .query_map([], record_from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(records)
}

/// A queued (offline) shipment got its quote.
pub fn set_quote(
    conn: &Connection,
    id: Uuid,
    carrier_shipment_id: &str,
    rates: &[RateView],
    messages: &[String],
    now: DateTime<Utc>,
) -> DeskResult<()> {
    conn.prepare_cached(
        "UPDATE shipments SET carrier_shipment_id = ?2, rates = ?3, messages = ?4, updated_at = ?5 WHERE id = ?1",
    )?
    .execute(params![id.to_string(), carrier_shipment_id, json(&rates), json(&messages), millis(now)])?;
    Ok(())
}

/// The journal entry before the carrier is asked to buy.
pub fn set_buying(
    conn: &Connection,
    id: Uuid,
    pick: &RatePick,
    command_id: Uuid,
    print_on_buy: bool,
    now: DateTime<Utc>,
) -> DeskResult<()> {
    conn.prepare_cached(
        "UPDATE shipments SET state = 'buying', pick = ?2, buy_command_id = ?3, print_on_buy = ?4,
             error = NULL, updated_at = ?5 WHERE id = ?1",
    )?
    .execute(params![
        id.to_string(),
        json(pick),
        command_id.to_string(),
        print_on_buy,
        millis(now)
    ])?;
    Ok(())
}

/// Records why the last attempt failed, moving the shipment to `state`.
pub fn set_error(
    conn: &Connection,
    id: Uuid,
    state: ShipmentState,
    error: &str,
    now: DateTime<Utc>,
) -> DeskResult<()> {
    conn.prepare_cached(
        "UPDATE shipments SET state = ?2, error = ?3, updated_at = ?4 WHERE id = ?1",
    )?
    .execute(params![id.to_string(), state.as_str(), error, millis(now)])?;
    Ok(())
}

pub fn set_bought(
    conn: &Connection,
    id: Uuid,
    label: &ShippingLabel,
    now: DateTime<Utc>,
) -> DeskResult<()> {
    conn.prepare_cached(
        "UPDATE shipments SET state = 'bought', carrier_shipment_id = ?2, carrier = ?3, service = ?4,
             cost_minor = ?5, currency = ?6, tracking_code = ?7, error = NULL, updated_at = ?8
         WHERE id = ?1",
    )?
    .execute(params![
        id.to_string(),
        label.carrier_shipment_id,
        label.carrier,
        label.service,
        label.cost,
        label.currency.code(),
        label.tracking_code,
        millis(now),
    ])?;
    Ok(())
}

/// Deletes a shipment still waiting to be bought; answers whether it was
/// (a label already being bought is not touched).
pub fn delete_waiting(conn: &Connection, id: Uuid) -> DeskResult<bool> {
    let deleted = conn
        .prepare_cached("DELETE FROM shipments WHERE id = ?1 AND state = 'waiting'")?
        .execute([id.to_string()])?;
    Ok(deleted == 1)
}

pub fn set_voided(conn: &Connection, id: Uuid, now: DateTime<Utc>) -> DeskResult<()> {
    conn.prepare_cached("UPDATE shipments SET state = 'voided', updated_at = ?2 WHERE id = ?1")?
        .execute(params![id.to_string(), millis(now)])?;
    Ok(())
}

pub struct TrackingUpdate<'a> {
    pub tracker_id: &'a str,
    pub status: &'a str,
    pub events: &'a [TrackingEventView],
    pub est_delivery: Option<DateTime<Utc>>,
}

pub fn set_tracking(
    conn: &Connection,
    id: Uuid,
    update: &TrackingUpdate<'_>,
    now: DateTime<Utc>,
) -> DeskResult<()> {
    conn.prepare_cached(
        "UPDATE shipments SET tracker_id = ?2, tracking_status = ?3, tracking_events = ?4,
             est_delivery = ?5, updated_at = ?6 WHERE id = ?1",
    )?
    .execute(params![
        id.to_string(),
        update.tracker_id,
        update.status,
        json(&update.events),
        update.est_delivery.map(millis),
        millis(now),
    ])?;
    Ok(())
}

pub fn put_label_file(conn: &Connection, id: Uuid, format: &str, bytes: &[u8]) -> DeskResult<()> {
    conn.prepare_cached(
        "INSERT INTO label_files (shipment_id, format, bytes) VALUES (?1, ?2, ?3)
         ON CONFLICT (shipment_id, format) DO UPDATE SET bytes = excluded.bytes",
    )?
    .execute(params![id.to_string(), format, bytes])?;
    Ok(())
}

pub fn label_file(conn: &Connection, id: Uuid, format: &str) -> DeskResult<Option<Vec<u8>>> {
    Ok(conn
        .prepare_cached("SELECT bytes FROM label_files WHERE shipment_id = ?1 AND format = ?2")?
        .query_row(params![id.to_string(), format], |row| row.get(0))
        .optional()?)
}

fn with_formats(conn: &Connection, mut record: ShipmentRecord) -> DeskResult<ShipmentRecord> {
    record.view.label_formats = conn
        .prepare_cached("SELECT format FROM label_files WHERE shipment_id = ?1 ORDER BY format")?
        .query_map([record.view.id.to_string()], |row| row.get(0))?
        .collect::<Result<Vec<String>, _>>()?;
    Ok(record)
}

fn record_from_row(row: &Row<'_>) -> rusqlite::Result<ShipmentRecord> {
    let id: Uuid = parsed(row, 0)?;
    let state: ShipmentState = parsed(row, 1)?;
    let tenths = |index| row.get::<_, u32>(index).map(Tenths);
    let label = match (
        row.get::<_, Option<String>>(8)?,
        row.get::<_, Option<String>>(9)?,
        row.get::<_, Option<i64>>(10)?,
        optional_parsed(row, 11)?,
        row.get::<_, Option<String>>(12)?,
        row.get::<_, Option<String>>(19)?,
    ) {
        (
            Some(carrier),
            Some(service),
            Some(cost),
            Some(currency),
            Some(tracking_code),
            Some(carrier_shipment_id),
        ) => Some(ShippingLabel {
            carrier_shipment_id,
            carrier,
            service,
            cost,
            currency,
            tracking_code,
        }),
        _ => None,
    };
    let pick: Option<String> = row.get(21)?;
    Ok(ShipmentRecord {
        view: ShipmentView {
            id,
            state,
            parcel: Parcel {
                length_in: tenths(2)?,
                width_in: tenths(3)?,
                height_in: tenths(4)?,
                weight_oz: tenths(5)?,
            },
            rates: json_column(row, 6)?,
            messages: json_column(row, 7)?,
            label,
            label_formats: Vec::new(),
            tracking_status: row.get(13)?,
            tracking_events: json_column(row, 14)?,
            est_delivery: optional_time(row, 15)?,
            error: row.get(16)?,
            created_at: time(row, 17)?,
            updated_at: time(row, 18)?,
        },
        carrier_shipment_id: row.get(19)?,
        order_row_id: row.get(20)?,
        pick: pick.and_then(|p| serde_json::from_str(&p).ok()),
        buy_command_id: optional_parsed(row, 22)?,
        print_on_buy: row.get(23)?,
        tracker_id: row.get(24)?,
    })
}
