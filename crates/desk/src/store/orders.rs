//! Orders, items, history and search in SQLite.
//!
//! Functions here take a `&Connection` (a `Transaction` derefs to one) and
//! never commit: the caller decides the transaction, so an order, its items,
//! its search row and its history always land together.

use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, Utc};
use packdesk_domain::api::{
    ListQuery, OrderPage, OrderSummary, SortKey, StatusCount, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE,
};
use packdesk_domain::order::{EventKind, Item, Measurement, OrderDetails, OrderEvent, Totals};
use packdesk_domain::{
    Address, Currency, Customer, HistorySource, Order, OrderStatus, Priority, StatusChange,
};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};
use uuid::Uuid;

use crate::error::DeskResult;
use crate::store::rows::{bad_value, json_column, optional_parsed, optional_time, parsed, time};

const ORDER_COLUMNS: &str = "row_id, id, order_number, status, return_to, priority, customer_name, customer_email,
    customer_phone, ship_line1, ship_line2, ship_city, ship_region, ship_postal_code, ship_country, currency,
    subtotal_minor, tax_minor, shipping_minor, discount_minor, total_minor, notes, tags, event_kind, event_date,
    created_at, updated_at, processed_at, shipped_at, delivered_at";

/// The columns filled from what a person entered, in the order
/// [`detail_values`] gives them: one list for both insert and edit.
const DETAIL_COLUMNS: [&str; 22] = [
    "priority",
    "priority_rank",
    "customer_name",
    "customer_email",
    "customer_phone",
    "ship_line1",
    "ship_line2",
    "ship_city",
    "ship_region",
    "ship_postal_code",
    "ship_country",
    "currency",
    "subtotal_minor",
    "tax_minor",
    "shipping_minor",
    "discount_minor",
    "total_minor",
    "item_count",
    "notes",
    "tags",
    "event_kind",
    "event_date",
];

static INSERT_ORDER: LazyLock<String> = LazyLock::new(|| {
    let identity = "id, order_number, status, return_to, created_at, updated_at, processed_at, shipped_at, delivered_at";
    format!(
        "INSERT INTO orders ({identity}, {}) VALUES ({})",
        DETAIL_COLUMNS.join(", "),
        placeholders(9 + DETAIL_COLUMNS.len())
    )
});

static UPDATE_DETAILS: LazyLock<String> = LazyLock::new(|| {
    let assignments: Vec<String> = DETAIL_COLUMNS.iter().map(|c| format!("{c} = ?")).collect();
    format!(
        "UPDATE orders SET {}, updated_at = ? WHERE row_id = ?",
        assignments.join(", ")
    )
});

fn detail_values(d: &OrderDetails) -> [Value; 22] {
    let text = |s: &str| Value::Text(s.to_owned());
    let address = &d.shipping_address;
    [
        text(d.priority.as_str()),
        Value::Integer(priority_rank(d.priority)),
        text(&d.customer.name),
        text(&d.customer.email),
        text(&d.customer.phone),
        text(&address.line1),
        text(&address.line2),
        text(&address.city),
        text(&address.region),
        text(&address.postal_code),
        text(&address.country),
        text(d.currency.code()),
        Value::Integer(d.totals.subtotal),
        Value::Integer(d.totals.tax),
        Value::Integer(d.totals.shipping),
        Value::Integer(d.totals.discount),
        Value::Integer(d.totals.total),
        Value::Integer(d.item_count()),
        text(&d.notes),
        Value::Text(serde_json::to_string(&d.tags).unwrap_or_else(|_| "[]".into())),
        d.event.map_or(Value::Null, |e| text(e.kind.as_str())),
        d.event.map_or(Value::Null, |e| {
            Value::Text(e.date.format("%Y-%m-%d").to_string())
        }),
    ]
}

/// Inserts a new order with its items and search row; returns its row id.
pub fn insert(conn: &Connection, order: &Order) -> DeskResult<i64> {
    let mut search = SearchRows::default();
    let row_id = insert_deferring_search(conn, order, &mut search)?;
    search.write(conn)?;
    Ok(row_id)
}

/// [`insert`], leaving the search row in `search` for the caller to write.
pub fn insert_deferring_search(
    conn: &Connection,
    order: &Order,
    search: &mut SearchRows,
) -> DeskResult<i64> {
    let optional_time =
        |t: Option<DateTime<Utc>>| t.map_or(Value::Null, |t| Value::Integer(millis(t)));
    let identity = [
        Value::Text(order.id.to_string()),
        Value::Text(order.order_number.clone()),
        Value::Text(order.status.as_str().into()),
        order
            .return_to
            .map_or(Value::Null, |s| Value::Text(s.as_str().into())),
        Value::Integer(millis(order.created_at)),
        Value::Integer(millis(order.updated_at)),
        optional_time(order.processed_at),
        optional_time(order.shipped_at),
        optional_time(order.delivered_at),
    ];
    conn.prepare_cached(&INSERT_ORDER)?
        .execute(params_from_iter(
            identity.into_iter().chain(detail_values(&order.details)),
        ))?;
    let row_id = conn.last_insert_rowid();
    insert_items(conn, row_id, &order.details.items)?;
    search.add(row_id, order, false);
    Ok(row_id)
}

/// Rewrites the entered details (customer, address, items, amounts, notes).
pub fn update_details(conn: &Connection, row_id: i64, order: &Order) -> DeskResult<()> {
    let mut search = SearchRows::default();
    update_details_deferring_search(conn, row_id, order, &mut search)?;
    search.write(conn)
}

fn update_details_deferring_search(
    conn: &Connection,
    row_id: i64,
    order: &Order,
    search: &mut SearchRows,
) -> DeskResult<()> {
    let row = [
        Value::Integer(millis(order.updated_at)),
        Value::Integer(row_id),
    ];
    conn.prepare_cached(&UPDATE_DETAILS)?
        .execute(params_from_iter(
            detail_values(&order.details).into_iter().chain(row),
        ))?;
    conn.prepare_cached("DELETE FROM order_items WHERE order_row_id = ?1")?
        .execute([row_id])?;
    insert_items(conn, row_id, &order.details.items)?;
    search.add(row_id, order, true);
    Ok(())
}

/// Writes the lifecycle columns after a status change.
pub fn update_status(conn: &Connection, row_id: i64, order: &Order) -> DeskResult<()> {
    conn.prepare_cached(
        "UPDATE orders SET status = ?2, return_to = ?3, updated_at = ?4, processed_at = ?5, shipped_at = ?6,
            delivered_at = ?7
         WHERE row_id = ?1",
    )?
    .execute(params![
        row_id,
        order.status.as_str(),
        order.return_to.map(OrderStatus::as_str),
        millis(order.updated_at),
        order.processed_at.map(millis),
        order.shipped_at.map(millis),
        order.delivered_at.map(millis),
    ])?;
    Ok(())
}

/// Makes the stored order exactly `order` with exactly `history`: the server's
/// word for it. Updated in place, so its shipments and print jobs stay. The
/// search row is left in `search` for the caller to write.
pub fn overwrite_deferring_search(
    conn: &Connection,
    row_id: i64,
    order: &Order,
    history: &[StatusChange],
    search: &mut SearchRows,
) -> DeskResult<()> {
    update_details_deferring_search(conn, row_id, order, search)?;
    update_status(conn, row_id, order)?;
    conn.prepare_cached("DELETE FROM order_status_history WHERE order_row_id = ?1")?
        .execute([row_id])?;
    for change in history {
        insert_history(conn, row_id, change)?;
    }
    Ok(())
}

pub fn insert_history(conn: &Connection, row_id: i64, change: &StatusChange) -> DeskResult<()> {
    conn.prepare_cached(
        "INSERT INTO order_status_history (order_row_id, from_status, to_status, changed_at, changed_by, reason, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        row_id,
        change.from.map(OrderStatus::as_str),
        change.to.as_str(),
        millis(change.at),
        change.by,
        change.reason,
        change.source.as_str(),
    ])?;
    Ok(())
}

fn insert_items(conn: &Connection, row_id: i64, items: &[Item]) -> DeskResult<()> {
    let mut insert = conn.prepare_cached(
        "INSERT INTO order_items (order_row_id, position, product_name, sku, size, colour, measurements, quantity,
            unit_price_minor, line_total_minor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for (position, item) in items.iter().enumerate() {
        insert.execute(params![
            row_id,
            position as i64,
            item.product_name,
            item.sku,
            item.size,
            item.colour,
            serde_json::to_string(&item.measurements).unwrap_or_else(|_| "[]".into()),
            item.quantity,
            item.unit_price,
            item.line_total,
        ])?;
    }
    Ok(())
}

/// Full-text index rows waiting to be written.
///
/// FTS5 flushes its pending terms to a new index segment whenever a
/// statement opens a savepoint, and every insert into `orders` does (for
/// its status-count trigger). A bulk write that alternates order rows and
/// search rows therefore leaves one tiny segment per order and keeps
/// merging them; writing the search rows after all the orders gives one
/// segment per transaction.
#[derive(Debug, Default)]
pub struct SearchRows(Vec<SearchRow>);

#[derive(Debug)]
struct SearchRow {
    row_id: i64,
    /// The row has an entry already, to be deleted first.
    replaces: bool,
    order_number: String,
    customer_name: String,
    customer_email: String,
    skus: String,
}

impl SearchRows {
    pub fn add(&mut self, row_id: i64, order: &Order, replaces: bool) {
        let skus: Vec<&str> = order
            .details
            .items
            .iter()
            .map(|i| i.sku.as_str())
            .filter(|s| !s.is_empty())
            .collect();
        self.0.push(SearchRow {
            row_id,
            replaces,
            order_number: order.order_number.clone(),
            customer_name: order.details.customer.name.clone(),
            customer_email: order.details.customer.email.clone(),
            skus: skus.join(" "),
        });
    }

    pub fn write(self, conn: &Connection) -> DeskResult<()> {
        let mut delete = conn.prepare_cached("DELETE FROM order_search WHERE rowid = ?1")?;
        let mut insert = conn.prepare_cached(
            "INSERT INTO order_search (rowid, order_number, customer_name, customer_email, skus) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for row in self.0 {
            if row.replaces {
                delete.execute([row.row_id])?;
            }
            insert.execute(params![
                row.row_id,
                row.order_number,
                row.customer_name,
                row.customer_email,
                row.skus,
            ])?;
        }
        Ok(())
    }
}

/// Where an order is: its row id and its current state.
pub fn load(conn: &Connection, id: Uuid) -> DeskResult<Option<(i64, Order)>> {
    load_where(conn, "id", &id.to_string())
}

/// The id and number of the order at `row_id`.
fn identity(conn: &Connection, row_id: i64) -> DeskResult<(Uuid, String)> {
    Ok(conn
        .prepare_cached("SELECT id, order_number FROM orders WHERE row_id = ?1")?
        .query_row([row_id], |row| Ok((parsed(row, 0)?, row.get(1)?)))?)
}

/// Gives the order at `row_id` another number (its search row is the
/// caller's to rewrite).
pub fn set_number(conn: &Connection, row_id: i64, order_number: &str) -> DeskResult<()> {
    conn.prepare_cached("UPDATE orders SET order_number = ?2 WHERE row_id = ?1")?
        .execute(params![row_id, order_number])?;
    Ok(())
}

/// Removes an order with its items, history and search row.
pub fn delete(conn: &Connection, row_id: i64) -> DeskResult<()> {
    conn.prepare_cached("DELETE FROM order_search WHERE rowid = ?1")?
        .execute([row_id])?;
    conn.prepare_cached("DELETE FROM orders WHERE row_id = ?1")?
        .execute([row_id])?;
    Ok(())
}

/// The row of the order `id`, if this desk has it (without loading it).
pub fn row_of(conn: &Connection, id: Uuid) -> DeskResult<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT row_id FROM orders WHERE id = ?1")?
        .query_row([id.to_string()], |row| row.get(0))
        .optional()?)
}

pub fn id_of(conn: &Connection, row_id: i64) -> DeskResult<Uuid> {
    identity(conn, row_id).map(|(id, _)| id)
}

pub fn number_of(conn: &Connection, row_id: i64) -> DeskResult<String> {
    identity(conn, row_id).map(|(_, number)| number)
}

pub fn load_by_number(conn: &Connection, order_number: &str) -> DeskResult<Option<(i64, Order)>> {
    load_where(conn, "order_number", order_number)
}

fn load_where(conn: &Connection, column: &str, value: &str) -> DeskResult<Option<(i64, Order)>> {
    let sql = format!("SELECT {ORDER_COLUMNS} FROM orders WHERE {column} = ?1");
    let Some((row_id, mut order)) = conn
        .prepare_cached(&sql)?
        .query_row([value], order_from_row)
        .optional()?
    else {
        return Ok(None);
    };
    order.details.items = items(conn, row_id)?;
    Ok(Some((row_id, order)))
}

fn items(conn: &Connection, row_id: i64) -> DeskResult<Vec<Item>> {
    let mut select = conn.prepare_cached(
        "SELECT product_name, sku, size, colour, measurements, quantity, unit_price_minor, line_total_minor
         FROM order_items WHERE order_row_id = ?1 ORDER BY position",
    )?;
    let items = select
        .query_map([row_id], |row| {
            Ok(Item {
                product_name: row.get(0)?,
                sku: row.get(1)?,
                size: row.get(2)?,
                colour: row.get(3)?,
                measurements: json_column::<Vec<Measurement>>(row, 4)?,
                quantity: row.get(5)?,
                unit_price: row.get(6)?,
                line_total: row.get(7)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(items)
}

/// The order's history, oldest first.
pub fn history(conn: &Connection, row_id: i64) -> DeskResult<Vec<StatusChange>> {
    let mut select = conn.prepare_cached(
        "SELECT from_status, to_status, changed_at, changed_by, reason, source
         FROM order_status_history WHERE order_row_id = ?1 ORDER BY id",
    )?;
    let history = select
        .query_map([row_id], |row| {
            Ok(StatusChange {
                from: optional_parsed(row, 0)?,
                to: parsed(row, 1)?,
                at: time(row, 2)?,
                by: row.get(3)?,
                reason: row.get(4)?,
                source: parsed::<HistorySource>(row, 5)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(history)
}

fn order_from_row(row: &Row<'_>) -> rusqlite::Result<(i64, Order)> {
    let event = match (
        row.get::<_, Option<String>>(23)?,
        row.get::<_, Option<String>>(24)?,
    ) {
        (Some(kind), Some(date)) => Some(OrderEvent {
            kind: EventKind::ALL
                .iter()
                .copied()
                .find(|k| k.as_str() == kind)
                .ok_or_else(|| bad_value(23, format!("unknown event kind {kind}")))?,
            date: parse_date(&date).ok_or_else(|| bad_value(24, format!("bad date {date}")))?,
        }),
        _ => None,
    };
    let details = OrderDetails {
        customer: Customer {
            name: row.get(6)?,
            email: row.get(7)?,
            phone: row.get(8)?,
        },
        shipping_address: Address {
            line1: row.get(9)?,
            line2: row.get(10)?,
            city: row.get(11)?,
            region: row.get(12)?,
            postal_code: row.get(13)?,
            country: row.get(14)?,
        },
        priority: parsed(row, 5)?,
        currency: parsed::<Currency>(row, 15)?,
        items: Vec::new(),
        totals: Totals {
            subtotal: row.get(16)?,
            tax: row.get(17)?,
            shipping: row.get(18)?,
            discount: row.get(19)?,
            total: row.get(20)?,
        },
        notes: row.get(21)?,
        tags: json_column(row, 22)?,
        event,
    };
    let order = Order {
        id: parsed(row, 1)?,
        order_number: row.get(2)?,
        status: parsed(row, 3)?,
        return_to: optional_parsed(row, 4)?,
        details,
        created_at: time(row, 25)?,
        updated_at: time(row, 26)?,
        processed_at: optional_time(row, 27)?,
        shipped_at: optional_time(row, 28)?,
        delivered_at: optional_time(row, 29)?,
    };
    Ok((row.get(0)?, order))
}

// ------------------------------------------------------------------ listing

pub fn status_counts(conn: &Connection) -> DeskResult<Vec<StatusCount>> {
    let mut select =
        conn.prepare_cached("SELECT status, count FROM status_counts WHERE count > 0")?;
    let mut counts: Vec<StatusCount> = select
        .query_map([], |row| {
            Ok(StatusCount {
                status: parsed(row, 0)?,
                count: row.get::<_, i64>(1)? as u64,
            })
        })?
        .collect::<Result<_, _>>()?;
    counts.sort_by_key(|c| c.status);
    Ok(counts)
}

/// UTC offsets run from -12:00 to +14:00; anything past ±18:00 is not a clock.
const MAX_UTC_OFFSET_MINUTES: i32 = 18 * 60;

/// Above this many search hits, a page is found by walking the sort order
/// rather than by sorting every hit (measured crossover, see BENCHMARKS.md).
const BROAD_SEARCH: u64 = 2_000;

/// One page of orders matching `query`, with the number matching overall.
pub fn list(conn: &Connection, query: &ListQuery) -> DeskResult<OrderPage> {
    let page_size = match query.page_size {
        0 => DEFAULT_PAGE_SIZE,
        n => n.min(MAX_PAGE_SIZE),
    };
    let Some(Selection {
        search_hits,
        where_clause,
        mut args,
        order_by,
    }) = select_orders(conn, query)?
    else {
        return Ok(OrderPage {
            rows: Vec::new(),
            total_matching: 0,
            page: query.page,
            page_size,
        });
    };
    let only_search_and_statuses =
        query.priorities.is_empty() && query.created_from.is_none() && query.created_to.is_none();
    let total_matching = match search_hits {
        Some(hits) if only_search_and_statuses && query.statuses.is_empty() => hits,
        // Only statuses (or nothing) filter: the trigger-kept counts answer exactly.
        None if only_search_and_statuses => status_counts(conn)?
            .iter()
            .filter(|c| query.statuses.is_empty() || query.statuses.contains(&c.status))
            .map(|c| c.count)
            .sum(),
        _ => {
            let sql = format!("SELECT count(*) FROM orders o {where_clause}");
            conn.prepare_cached(&sql)?
                .query_row(params_from_iter(args.iter()), |row| row.get::<_, i64>(0))?
                as u64
        }
    };
    let sql = format!(
        "SELECT o.id, o.order_number, o.status, o.priority, o.customer_name, o.customer_email, o.item_count,
                o.total_minor, o.currency, o.created_at, o.event_date
         FROM orders o {where_clause} ORDER BY {order_by} LIMIT ? OFFSET ?"
    );
    args.push(Value::Integer(i64::from(page_size)));
    args.push(Value::Integer(i64::from(query.page) * i64::from(page_size)));
    let mut select = conn.prepare_cached(&sql)?;
    let rows = select
        .query_map(params_from_iter(args.iter()), |row| {
            Ok(OrderSummary {
                id: parsed(row, 0)?,
                order_number: row.get(1)?,
                status: parsed(row, 2)?,
                priority: parsed(row, 3)?,
                customer_name: row.get(4)?,
                customer_email: row.get(5)?,
                item_count: row.get(6)?,
                total: row.get(7)?,
                currency: parsed(row, 8)?,
                created_at: time(row, 9)?,
                event_date: row
                    .get::<_, Option<String>>(10)?
                    .map(|d| parse_date(&d).ok_or_else(|| bad_value(10, format!("bad date {d}"))))
                    .transpose()?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(OrderPage {
        rows,
        total_matching,
        page: query.page,
        page_size,
    })
}

/// The ids of every order matching `query`'s filters, in its sort order
/// (paging ignored): one query, however many orders, for exports.
pub fn matching_ids(conn: &Connection, query: &ListQuery) -> DeskResult<Vec<Uuid>> {
    let Some(Selection {
        where_clause,
        args,
        order_by,
        ..
    }) = select_orders(conn, query)?
    else {
        return Ok(Vec::new());
    };
    let sql = format!("SELECT o.id FROM orders o {where_clause} ORDER BY {order_by}");
    let mut select = conn.prepare(&sql)?;
    let ids = select
        .query_map(params_from_iter(args.iter()), |row| parsed(row, 0))?
        .collect::<Result<_, _>>()?;
    Ok(ids)
}

/// How to select the orders a query asks for: its WHERE clause with
/// arguments and its ORDER BY.
struct Selection {
    search_hits: Option<u64>,
    where_clause: String,
    args: Vec<Value>,
    order_by: String,
}

/// `None` when a search matches nothing at all, so no query need run.
fn select_orders(conn: &Connection, query: &ListQuery) -> DeskResult<Option<Selection>> {
    let mut filters: Vec<String> = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    let search = fts_query(&query.search);
    let search_hits = match &search {
        Some(search) => Some(
            conn.prepare_cached("SELECT count(*) FROM order_search WHERE order_search MATCH ?1")?
                .query_row([search], |row| row.get::<_, i64>(0))? as u64,
        ),
        None => None,
    };
    if search_hits == Some(0) {
        return Ok(None);
    }
    if let Some(search) = &search {
        // Few hits: fetch them by row id and sort them. Many hits (a common
        // surname): walk the sort column's index and probe each row against
        // the hits (`+` stops SQLite driving the query from the hit list),
        // which stops after one page instead of sorting tens of thousands.
        let probe = if search_hits.unwrap_or(0) > BROAD_SEARCH {
            "+"
        } else {
            ""
        };
        filters.push(format!(
            "{probe}o.row_id IN (SELECT rowid FROM order_search WHERE order_search MATCH ?)"
        ));
        args.push(Value::Text(search.clone()));
    }
    let statuses = query.statuses.iter().map(|s| s.as_str());
    push_one_of(&mut filters, &mut args, "o.status", statuses);
    let priorities = query.priorities.iter().map(|p| p.as_str());
    push_one_of(&mut filters, &mut args, "o.priority", priorities);
    // Days are the asker's: their midnight is UTC midnight minus their offset.
    let offset = i64::from(
        query
            .utc_offset_minutes
            .clamp(-MAX_UTC_OFFSET_MINUTES, MAX_UTC_OFFSET_MINUTES),
    ) * 60_000;
    if let Some(from) = query.created_from {
        filters.push("o.created_at >= ?".into());
        args.push(Value::Integer(day_start_millis(from) - offset));
    }
    if let Some(to) = query.created_to {
        filters.push("o.created_at < ?".into());
        args.push(Value::Integer(
            day_start_millis(to.succ_opt().unwrap_or(to)) - offset,
        ));
    }

    let where_clause = if filters.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", filters.join(" AND "))
    };
    let direction = if query.descending { "DESC" } else { "ASC" };
    let sort = match query.sort {
        SortKey::CreatedAt => "o.created_at",
        SortKey::OrderNumber => "o.order_number",
        SortKey::CustomerName => "o.customer_name COLLATE NOCASE",
        SortKey::Total => "o.total_minor",
        SortKey::Priority => "o.priority_rank",
        SortKey::EventDate => "o.event_date IS NULL, o.event_date",
    };
    let order_by = format!("{sort} {direction}, o.row_id {direction}");
    Ok(Some(Selection {
        search_hits,
        where_clause,
        args,
        order_by,
    }))
}

/// Adds `column IN (…names)` to the filters, unless `names` is empty
/// (which means "any").
fn push_one_of<'a>(
    filters: &mut Vec<String>,
    args: &mut Vec<Value>,
    column: &str,
    names: impl ExactSizeIterator<Item = &'a str>,
) {
    if names.len() == 0 {
        return;
    }
    filters.push(format!("{column} IN ({})", placeholders(names.len())));
    args.extend(names.map(|name| Value::Text(name.to_owned())));
}

/// Turns what a person typed into an FTS5 query: every word must match, the
/// last token of each word as a prefix. Words are re-tokenized the way the
/// index was (`K7QM-0004` becomes the phrase `"k7qm 0004"*`), so no user text
/// ever reaches FTS5's query syntax.
pub fn fts_query(search: &str) -> Option<String> {
    let phrases: Vec<String> = search
        .split_whitespace()
        .filter_map(|word| {
            let tokens: Vec<String> = word
                .split(|c: char| !c.is_alphanumeric())
                .filter(|t| !t.is_empty())
                .map(str::to_lowercase)
                .collect();
            (!tokens.is_empty()).then(|| format!("\"{}\"*", tokens.join(" ")))
        })
        .collect();
    (!phrases.is_empty()).then(|| phrases.join(" AND "))
}

// ------------------------------------------------------------------ columns

/// Sort rank for a priority: its place in seed 001's list, least pressing first.
fn priority_rank(priority: Priority) -> i64 {
    Priority::ALL
        .iter()
        .position(|p| *p == priority)
        .unwrap_or(0) as i64
}

fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

pub fn millis(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

fn day_start_millis(day: NaiveDate) -> i64 {
    day.and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc().timestamp_millis())
        .unwrap_or(0)
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn search_text_never_reaches_fts_syntax() {
        assert_eq!(fts_query("K7QM-0004").as_deref(), Some("\"k7qm 0004\"*"));
        assert_eq!(
            fts_query("jane@ex smith").as_deref(),
            Some("\"jane ex\"* AND \"smith\"*")
        );
        // Operators arrive as quoted words, never as syntax.
        assert_eq!(
            fts_query("\" OR * NEAR( -").as_deref(),
            Some("\"or\"* AND \"near\"*")
        );
        assert_eq!(fts_query("* ( - \""), None);
        assert_eq!(fts_query("   "), None);
    }
}
