//! Orders as CSV, for spreadsheets: one row per item line, with the order's
//! columns repeated on each of its rows.
//!
//! [`export`] streams page by page, so exporting a million orders never holds
//! more than one page in memory. [`import`] is all-or-nothing: the whole file
//! is parsed and every order validated before [`Desk::create_orders`] writes
//! them in one transaction, and every problem found is reported at once,
//! named `row N: column` (N is the file's line number, the header being line 1)
//! so a person can find it in their spreadsheet.
//!
//! Import rules, because a spreadsheet is trusted for nothing:
//! - the header is required; unknown or repeated columns are refused, and so is
//!   a file missing any of [`Column::is_required`]'s columns;
//! - rows are grouped into orders by `order_number`, consecutive or not. That
//!   number is only a reference: imported orders get new desk numbers, in the
//!   order their first rows appear;
//! - `status`, `created_at` and `subtotal` are not read (orders start pending
//!   payment, totals are recomputed). A non-empty `total` must equal the
//!   recomputed total, otherwise the spreadsheet disagrees with itself and the
//!   order is refused;
//! - the order columns of an order's later rows must be empty or equal to its
//!   first row's, so two orders sharing a number by mistake are caught;
//! - money is plain decimal text in the order's currency (`129.99`), read by
//!   [`Currency::parse_amount`]: no grouping, signs or exponents.

use std::collections::HashMap;
use std::io::{Read, Write};

use chrono::{SecondsFormat, Utc};
use csv::StringRecord;
use packdesk_domain::api::ListQuery;
use packdesk_domain::order::{ItemDraft, LengthUnit, MeasurementDraft};
use packdesk_domain::{
    Actor, Currency, FieldError, Item, MoneyError, Order, OrderDraft, Permission, ValidationErrors,
};
use serde::Serialize;
use uuid::Uuid;

use crate::error::{DeskError, DeskResult};
use crate::Desk;

/// Larger files are refused before parsing: the whole file is held while it is checked.
pub const MAX_IMPORT_BYTES: usize = 50 * 1024 * 1024;
/// More orders than this are refused: they are created in one transaction.
pub const MAX_IMPORT_ORDERS: usize = 100_000;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

macro_rules! columns {
    ($($variant:ident = $name:literal,)*) => {
        /// The file's columns, in the order [`export`] writes them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        enum Column { $($variant,)* }

        impl Column {
            const ALL: &'static [Column] = &[$(Column::$variant,)*];

            fn name(self) -> &'static str {
                match self { $(Column::$variant => $name,)* }
            }
        }
    };
}

columns! {
    OrderNumber = "order_number",
    Status = "status",
    Priority = "priority",
    CreatedAt = "created_at",
    CustomerName = "customer_name",
    CustomerEmail = "customer_email",
    CustomerPhone = "customer_phone",
    ShipLine1 = "ship_line1",
    ShipLine2 = "ship_line2",
    ShipCity = "ship_city",
    ShipRegion = "ship_region",
    ShipPostalCode = "ship_postal_code",
    ShipCountry = "ship_country",
    Currency = "currency",
    Tax = "tax",
    Shipping = "shipping",
    Discount = "discount",
    Subtotal = "subtotal",
    Total = "total",
    Notes = "notes",
    Tags = "tags",
    EventKind = "event_kind",
    EventDate = "event_date",
    ItemProductName = "item_product_name",
    ItemSku = "item_sku",
    ItemSize = "item_size",
    ItemColour = "item_colour",
    ItemMeasurements = "item_measurements",
    ItemQuantity = "item_quantity",
    ItemUnitPrice = "item_unit_price",
}

impl Column {
    /// Item columns describe one line; every other column describes the order.
    fn is_item(self) -> bool {
        self.name().starts_with("item_")
    }

    /// Columns without which no order could be valid. `currency` is among them
    /// because it says how to read every amount: guessing it misprices by 100.
    fn is_required(self) -> bool {
        matches!(
            self,
            Column::OrderNumber
                | Column::CustomerName
                | Column::CustomerEmail
                | Column::ShipLine1
                | Column::ShipCity
                | Column::ShipPostalCode
                | Column::ShipCountry
                | Column::Currency
                | Column::ItemProductName
                | Column::ItemQuantity
                | Column::ItemUnitPrice
        )
    }
}

// ------------------------------------------------------------------ export

/// Writes every order matching `query`'s filters, in its sort order, as CSV
/// to `out`, and returns how many orders were written. `query.page` and
/// `query.page_size` are ignored: every match is written, from one snapshot.
pub fn export(desk: &Desk, query: &ListQuery, out: impl Write) -> DeskResult<usize> {
    let mut writer = csv::Writer::from_writer(out);
    writer
        .write_record(Column::ALL.iter().map(|c| c.name()))
        .map_err(write_failed)?;
    let written = desk.each_order(query, |order| {
        for item in &order.details.items {
            writer
                .write_record(Column::ALL.iter().map(|column| cell(order, item, *column)))
                .map_err(write_failed)?;
        }
        Ok(())
    })?;
    writer.flush()?;
    Ok(written)
}

/// Writing CSV fails only when `out` does.
fn write_failed(error: csv::Error) -> DeskError {
    DeskError::Io(error.into())
}

/// What `column` says about `item` of `order`.
fn cell(order: &Order, item: &Item, column: Column) -> String {
    let details = &order.details;
    let money = |minor| details.currency.format_plain(minor);
    let address = &details.shipping_address;
    match column {
        Column::OrderNumber => order.order_number.clone(),
        Column::Status => order.status.as_str().to_owned(),
        Column::Priority => details.priority.as_str().to_owned(),
        Column::CreatedAt => order
            .created_at
            .to_rfc3339_opts(SecondsFormat::Millis, true),
        Column::CustomerName => details.customer.name.clone(),
        Column::CustomerEmail => details.customer.email.clone(),
        Column::CustomerPhone => details.customer.phone.clone(),
        Column::ShipLine1 => address.line1.clone(),
        Column::ShipLine2 => address.line2.clone(),
        Column::ShipCity => address.city.clone(),
        Column::ShipRegion => address.region.clone(),
        Column::ShipPostalCode => address.postal_code.clone(),
        Column::ShipCountry => address.country.clone(),
        Column::Currency => details.currency.code().to_owned(),
        Column::Tax => money(details.totals.tax),
        Column::Shipping => money(details.totals.shipping),
        Column::Discount => money(details.totals.discount),
        Column::Subtotal => money(details.totals.subtotal),
        Column::Total => money(details.totals.total),
        Column::Notes => details.notes.clone(),
        Column::Tags => details.tags.join(";"),
        Column::EventKind => details
            .event
            .map(|e| e.kind.as_str().to_owned())
            .unwrap_or_default(),
        Column::EventDate => details
            .event
            .map(|e| e.date.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        Column::ItemProductName => item.product_name.clone(),
        Column::ItemSku => item.sku.clone(),
        Column::ItemSize => item.size.clone(),
        Column::ItemColour => item.colour.clone(),
        Column::ItemMeasurements => item
            .measurements
            .iter()
            .map(|m| {
                let unit = match m.unit {
                    LengthUnit::In => "in",
                    LengthUnit::Cm => "cm",
                };
                format!("{}={} {unit}", m.name, m.value)
            })
            .collect::<Vec<_>>()
            .join(";"),
        Column::ItemQuantity => item.quantity.to_string(),
        Column::ItemUnitPrice => money(item.unit_price),
    }
}

// ------------------------------------------------------------------ import

/// What an import created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// Orders created by this import.
    pub imported: usize,
    /// Orders this same file had already created (an import run twice).
    pub already_imported: usize,
    /// The desk numbers, in the order the file's orders first appear.
    pub order_numbers: Vec<String>,
}

/// Reads orders from CSV and creates them all as `actor`, or none of them.
/// On bad input the error is [`DeskError::Invalid`] with one [`FieldError`]
/// per problem, each naming `row N: column`.
pub fn import(desk: &mut Desk, actor: &Actor, input: impl Read) -> DeskResult<ImportReport> {
    // Refuse before reading 50 MB that could never be written.
    if !actor.role.permits(Permission::CreateOrders) {
        return Err(DeskError::Forbidden {
            role: actor.role,
            permission: Permission::CreateOrders,
        });
    }
    let bytes = read_limited(input, "file")?;
    // Each order's command id comes from the file's bytes and the order's
    // place in it, so importing the same file again is answered with the
    // orders it made the first time instead of doubling them.
    let file = Uuid::new_v5(&IMPORT_NAMESPACE, &bytes);
    let keyed: Vec<(Uuid, OrderDraft)> = parse(&bytes)?
        .into_iter()
        .enumerate()
        .map(|(index, draft)| (Uuid::new_v5(&file, &(index as u64).to_be_bytes()), draft))
        .collect();
    let mut already_imported = 0;
    for (command_id, _) in &keyed {
        already_imported += usize::from(desk.was_applied(*command_id)?);
    }
    let ids = desk.create_orders_keyed(actor, keyed, Utc::now())?;
    let order_numbers = ids
        .iter()
        .map(|id| desk.order(*id).map(|view| view.order.order_number))
        .collect::<DeskResult<Vec<_>>>()?;
    Ok(ImportReport {
        imported: order_numbers.len() - already_imported,
        already_imported,
        order_numbers,
    })
}

/// The UUIDv5 namespace of CSV imports (a fixed random value).
const IMPORT_NAMESPACE: Uuid = Uuid::from_u128(0x6c1f_4b2e_93d7_4a05_8e61_2f0c_b7a9_d354);

/// Reads all of `input`, refusing more than [`MAX_IMPORT_BYTES`]; `field`
/// names the input in the error.
pub fn read_limited(input: impl Read, field: &str) -> DeskResult<Vec<u8>> {
    let mut bytes = Vec::new();
    input
        .take(MAX_IMPORT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(DeskError::invalid(
            field,
            format!(
                "is larger than {} MB; split it into smaller files",
                MAX_IMPORT_BYTES / (1024 * 1024)
            ),
        ));
    }
    Ok(bytes)
}

/// `row N` (or `row N: column`): how every problem is named.
fn at(line: usize, column: Option<Column>) -> String {
    match column {
        Some(column) => format!("row {line}: {}", column.name()),
        None => format!("row {line}"),
    }
}

/// Parses and validates the whole file into drafts, in the order their
/// orders first appear, or returns every problem found.
fn parse(bytes: &[u8]) -> DeskResult<Vec<OrderDraft>> {
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    if let Some(line) = unclosed_quote_line(bytes) {
        return Err(DeskError::invalid(
            at(line, None),
            "opens a quoted field that is never closed",
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(false)
        .from_reader(bytes);
    let mut record = StringRecord::new();
    if !reader.read_record(&mut record).map_err(malformed)? {
        return Err(DeskError::invalid(
            "file",
            "is empty; the first line must be the header",
        ));
    }
    let header = Header::parse(&record)?;

    let mut errors = ValidationErrors::default();
    let mut orders: Vec<PendingOrder> = Vec::new();
    let mut by_number: HashMap<String, usize> = HashMap::new();
    while reader.read_record(&mut record).map_err(malformed)? {
        let row = Row {
            line: line_of(&record),
            record: &record,
            header: &header,
        };
        let number = row.get(Column::OrderNumber);
        if number.is_empty() {
            errors.add(
                at(row.line, Some(Column::OrderNumber)),
                "is required: it says which order the row belongs to",
            );
            continue;
        }
        let index = match by_number.get(number) {
            Some(index) => *index,
            None => {
                if orders.len() == MAX_IMPORT_ORDERS {
                    return Err(DeskError::invalid(
                        "file",
                        format!(
                            "has more than {MAX_IMPORT_ORDERS} orders; split it into smaller files"
                        ),
                    ));
                }
                by_number.insert(number.to_owned(), orders.len());
                orders.push(PendingOrder::start(&row, &mut errors));
                orders.len() - 1
            }
        };
        orders[index].add_row(&row, &mut errors);
    }

    let drafts = orders
        .into_iter()
        .map(|order| order.finish(&mut errors))
        .collect();
    errors.finish(drafts).map_err(DeskError::Invalid)
}

/// The line a record starts on (the csv reader counts from 1).
fn line_of(record: &StringRecord) -> usize {
    record.position().map_or(0, |p| p.line() as usize)
}

/// A file the csv reader cannot read at all: name the line, stop there.
fn malformed(error: csv::Error) -> DeskError {
    let line = error.position().map_or(0, |p| p.line() as usize);
    let reason = match error.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("has {len} fields but the header has {expected_len} (quote fields that contain commas)")
        }
        csv::ErrorKind::Utf8 { .. } => "is not UTF-8 text; save the file as UTF-8 CSV".to_owned(),
        _ => error.to_string(),
    };
    DeskError::invalid(at(line, None), reason)
}

/// The csv reader takes an unclosed quote as a field running to the end of
/// the file, silently swallowing every row after it. Finds the line such a
/// quote opens on, reading quotes the way the reader does: a quote opens a
/// field only at its start, and `""` inside a quoted field is a literal quote.
fn unclosed_quote_line(bytes: &[u8]) -> Option<usize> {
    let mut line = 1;
    let mut open_since: Option<usize> = None;
    let mut at_field_start = true;
    let mut rest = bytes.iter().peekable();
    while let Some(&byte) = rest.next() {
        match (open_since, byte) {
            (None, b'"') if at_field_start => open_since = Some(line),
            (Some(_), b'"') if rest.peek() == Some(&&b'"') => {
                rest.next();
            }
            (Some(_), b'"') => open_since = None,
            _ => {}
        }
        if byte == b'\n' {
            line += 1;
        }
        at_field_start = open_since.is_none() && matches!(byte, b',' | b'\n' | b'\r');
    }
    open_since
}

/// Where each known column sits in the file.
struct Header {
    positions: Vec<Option<usize>>,
}

impl Header {
    fn parse(record: &StringRecord) -> DeskResult<Header> {
        let mut errors = ValidationErrors::default();
        let mut positions = vec![None; Column::ALL.len()];
        for (position, name) in record.iter().enumerate() {
            let name = name.trim();
            match Column::ALL.iter().position(|c| c.name() == name) {
                Some(index) if positions[index].is_some() => {
                    errors.add(at(1, Some(Column::ALL[index])), "appears twice")
                }
                Some(index) => positions[index] = Some(position),
                None if name.is_empty() => {
                    errors.add(format!("row 1: column {}", position + 1), "has no name")
                }
                None => errors.add(
                    format!("row 1: {name}"),
                    format!(
                        "is not a known column; the columns are {}",
                        column_list(Column::ALL.iter())
                    ),
                ),
            }
        }
        for column in Column::ALL
            .iter()
            .filter(|c| c.is_required() && positions[**c as usize].is_none())
        {
            errors.add(
                at(1, Some(*column)),
                "is a required column and is missing from the header",
            );
        }
        errors
            .finish(Header { positions })
            .map_err(DeskError::Invalid)
    }
}

fn column_list<'a>(columns: impl Iterator<Item = &'a Column>) -> String {
    columns.map(|c| c.name()).collect::<Vec<_>>().join(", ")
}

/// One data row, read through the header.
struct Row<'a> {
    line: usize,
    record: &'a StringRecord,
    header: &'a Header,
}

impl Row<'_> {
    /// The trimmed cell, or empty when the file has no such column.
    fn get(&self, column: Column) -> &str {
        self.header.positions[column as usize]
            .and_then(|position| self.record.get(position))
            .map_or("", str::trim)
    }

    fn money(
        &self,
        column: Column,
        currency: Option<Currency>,
        errors: &mut ValidationErrors,
    ) -> Option<i64> {
        let text = self.get(column);
        if text.is_empty() {
            return None;
        }
        // With an unknown currency the amount cannot be read; that is reported once, on `currency`.
        currency?
            .parse_amount(text)
            .map_err(|e| errors.add(at(self.line, Some(column)), e.to_string()))
            .ok()
    }

    fn item(&self, currency: Option<Currency>, errors: &mut ValidationErrors) -> ItemDraft {
        let quantity = match self.get(Column::ItemQuantity) {
            "" => None,
            text => text.parse::<i64>().ok(),
        };
        if quantity.is_none() {
            errors.add(
                at(self.line, Some(Column::ItemQuantity)),
                "must be a whole number such as 2",
            );
        }
        if self.get(Column::ItemUnitPrice).is_empty() {
            errors.add(
                at(self.line, Some(Column::ItemUnitPrice)),
                "is required (0 for no charge)",
            );
        }
        let measurements = parse_measurements(self.get(Column::ItemMeasurements))
            .map_err(|reason| errors.add(at(self.line, Some(Column::ItemMeasurements)), reason))
            .unwrap_or_default();
        ItemDraft {
            product_name: self.get(Column::ItemProductName).to_owned(),
            sku: self.get(Column::ItemSku).to_owned(),
            size: self.get(Column::ItemSize).to_owned(),
            colour: self.get(Column::ItemColour).to_owned(),
            measurements,
            quantity: quantity.unwrap_or_default(),
            unit_price: self
                .money(Column::ItemUnitPrice, currency, errors)
                .unwrap_or_default(),
        }
    }
}

/// `chest=42 in;waist=36 in` into measurements; the domain checks each part.
fn parse_measurements(text: &str) -> Result<Vec<MeasurementDraft>, String> {
    text.split(';')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            let (name, size) = entry.rsplit_once('=').ok_or_else(|| {
                format!("`{entry}` must look like chest=42 in (name=value unit, separated by ;)")
            })?;
            let size = size.trim();
            let split = size
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .unwrap_or(size.len());
            let (value, unit) = size.split_at(split);
            Ok(MeasurementDraft {
                name: name.trim().to_owned(),
                value: value.to_owned(),
                unit: unit.trim().to_owned(),
            })
        })
        .collect()
}

/// An order being gathered from its rows.
struct PendingOrder {
    first_line: usize,
    /// The first row's order columns, which later rows must agree with.
    order_cells: Vec<(Column, String)>,
    currency: Option<Currency>,
    stated_total: Option<i64>,
    draft: OrderDraft,
    /// The line of each item, to point validation errors at.
    item_lines: Vec<usize>,
}

impl PendingOrder {
    /// Reads the order columns from the order's first row.
    fn start(row: &Row, errors: &mut ValidationErrors) -> PendingOrder {
        let currency = match row.get(Column::Currency) {
            "" => Some(Currency::USD),
            code => code
                .parse()
                .map_err(|e: MoneyError| {
                    errors.add(at(row.line, Some(Column::Currency)), e.to_string())
                })
                .ok(),
        };
        let text = |column| row.get(column).to_owned();
        let mut draft = OrderDraft {
            priority: text(Column::Priority),
            currency: text(Column::Currency),
            tax: row.money(Column::Tax, currency, errors).unwrap_or_default(),
            shipping: row
                .money(Column::Shipping, currency, errors)
                .unwrap_or_default(),
            discount: row
                .money(Column::Discount, currency, errors)
                .unwrap_or_default(),
            notes: text(Column::Notes),
            tags: row
                .get(Column::Tags)
                .split(';')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect(),
            event_kind: text(Column::EventKind),
            event_date: text(Column::EventDate),
            ..OrderDraft::default()
        };
        draft.customer.name = text(Column::CustomerName);
        draft.customer.email = text(Column::CustomerEmail);
        draft.customer.phone = text(Column::CustomerPhone);
        let address = &mut draft.shipping_address;
        address.line1 = text(Column::ShipLine1);
        address.line2 = text(Column::ShipLine2);
        address.city = text(Column::ShipCity);
        address.region = text(Column::ShipRegion);
        address.postal_code = text(Column::ShipPostalCode);
        address.country = text(Column::ShipCountry);
        PendingOrder {
            first_line: row.line,
            order_cells: Column::ALL
                .iter()
                .filter(|c| !c.is_item())
                .map(|c| (*c, text(*c)))
                .collect(),
            stated_total: row.money(Column::Total, currency, errors),
            currency,
            draft,
            item_lines: Vec::new(),
        }
    }

    fn add_row(&mut self, row: &Row, errors: &mut ValidationErrors) {
        for (column, first) in &self.order_cells {
            let cell = row.get(*column);
            if !cell.is_empty() && cell != first {
                errors.add(
                    at(row.line, Some(*column)),
                    format!("differs from row {} of the same order number; leave it empty or repeat it exactly", self.first_line),
                );
            }
        }
        self.draft.items.push(row.item(self.currency, errors));
        self.item_lines.push(row.line);
    }

    /// Validates the gathered draft, adding its problems by row and column.
    /// Problems already reported for a cell while reading it are not repeated.
    fn finish(self, errors: &mut ValidationErrors) -> OrderDraft {
        let read_errors = errors.0.len();
        match self.draft.validate() {
            Ok(details) => {
                if let Some(stated) = self
                    .stated_total
                    .filter(|stated| *stated != details.totals.total)
                {
                    let currency = details.currency;
                    errors.add(
                        at(self.first_line, Some(Column::Total)),
                        format!(
                            "is {} but the items, tax, shipping and discount add up to {}",
                            currency.format_plain(stated),
                            currency.format_plain(details.totals.total)
                        ),
                    );
                }
            }
            Err(invalid) => {
                for error in invalid.0 {
                    let located = self.locate(&error);
                    if !errors.0[..read_errors]
                        .iter()
                        .any(|e| e.field == located.field)
                    {
                        errors.0.push(located);
                    }
                }
            }
        }
        self.draft
    }

    /// Maps a draft field path to the row and column it was read from:
    /// `items[1].quantity` is the second item's row, column `item_quantity`;
    /// order fields (`customer.email`) are the order's first row.
    fn locate(&self, error: &FieldError) -> FieldError {
        let (line, column, detail) = match error
            .field
            .strip_prefix("items[")
            .and_then(|rest| rest.split_once("]."))
        {
            Some((index, path)) => {
                let line = index
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| self.item_lines.get(i))
                    .copied();
                let (column, detail) = item_column(path);
                (line.unwrap_or(self.first_line), column, detail)
            }
            None => {
                let (column, detail) = order_column(&error.field);
                (self.first_line, column, detail)
            }
        };
        let reason = match detail {
            Some(detail) => format!("{detail}: {}", error.reason),
            None => error.reason.clone(),
        };
        FieldError {
            field: format!("row {line}: {column}"),
            reason,
        }
    }
}

/// `measurements[1].unit` → (`item_measurements`, `measurement 2 unit`); `quantity` → `item_quantity`.
fn item_column(path: &str) -> (String, Option<String>) {
    match path
        .strip_prefix("measurements[")
        .and_then(|rest| rest.split_once("]."))
    {
        Some((index, part)) => (
            Column::ItemMeasurements.name().to_owned(),
            Some(format!("measurement {} {part}", ordinal(index))),
        ),
        None => (format!("item_{path}"), None),
    }
}

/// `customer.email` → `customer_email`, `shipping_address.city` → `ship_city`,
/// `tags[2]` → (`tags`, `tag 3`); amounts and other order fields keep their names.
fn order_column(field: &str) -> (String, Option<String>) {
    if let Some(rest) = field.strip_prefix("customer.") {
        (format!("customer_{rest}"), None)
    } else if let Some(rest) = field.strip_prefix("shipping_address.") {
        (format!("ship_{rest}"), None)
    } else if let Some(index) = field
        .strip_prefix("tags[")
        .and_then(|rest| rest.strip_suffix(']'))
    {
        (
            Column::Tags.name().to_owned(),
            Some(format!("tag {}", ordinal(index))),
        )
    } else {
        (field.to_owned(), None)
    }
}

/// A zero-based index as people count: `0` → `1`.
fn ordinal(index: &str) -> String {
    index
        .parse::<usize>()
        .map_or_else(|_| index.to_owned(), |i| (i + 1).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_unclosed_quotes_the_way_the_reader_reads_them() {
        assert_eq!(
            unclosed_quote_line(b"a,b\n\"x, y\",\"say \"\"hi\"\"\"\n"),
            None
        );
        assert_eq!(unclosed_quote_line(b"a,b\n1,5'10\" tall\n"), None);
        assert_eq!(unclosed_quote_line(b"a,b\n1,2\n3,\"open\n4,5\n"), Some(3));
        assert_eq!(
            unclosed_quote_line(b"a,b\n1,\"ends with escaped \"\"\n"),
            Some(2)
        );
    }

    #[test]
    fn measurements_read_back_as_written() {
        let parsed = parse_measurements("chest=42 in; waist=36.5cm;").unwrap();
        let triples: Vec<_> = parsed
            .iter()
            .map(|m| (m.name.as_str(), m.value.as_str(), m.unit.as_str()))
            .collect();
        assert_eq!(
            triples,
            vec![("chest", "42", "in"), ("waist", "36.5", "cm")]
        );
        assert!(parse_measurements("chest 42 in")
            .unwrap_err()
            .contains("chest 42 in"));
    }

    #[test]
    fn draft_fields_map_to_columns() {
        assert_eq!(
            order_column("customer.email"),
            ("customer_email".into(), None)
        );
        assert_eq!(
            order_column("shipping_address.postal_code"),
            ("ship_postal_code".into(), None)
        );
        assert_eq!(
            order_column("tags[2]"),
            ("tags".into(), Some("tag 3".into()))
        );
        assert_eq!(item_column("unit_price"), ("item_unit_price".into(), None));
        assert_eq!(
            item_column("measurements[0].unit"),
            (
                "item_measurements".into(),
                Some("measurement 1 unit".into())
            )
        );
        for column in Column::ALL.iter().filter(|c| c.is_item()) {
            let field = column.name().trim_start_matches("item_");
            assert_eq!(item_column(field).0, column.name());
        }
    }
}
