//! What the desk answers with: the shapes the UI, the CLI and (later) the
//! server's clients read. Kept here so both ends of the Tauri bridge compile
//! against one definition.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::money::{Currency, Minor};
use crate::order::AddressDraft;
use crate::order::Order;
use crate::role::Role;
use crate::shipping::{PackageSuggestion, PackageTemplate, Parcel, PrinterSettings, ShippingLabel};
use crate::status::string_enum;
use crate::status::{OrderStatus, Priority, StatusChange};
use crate::validate::FieldError;

pub const DEFAULT_PAGE_SIZE: u32 = 50;
pub const MAX_PAGE_SIZE: u32 = 500;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    #[default]
    CreatedAt,
    OrderNumber,
    CustomerName,
    Total,
    Priority,
    EventDate,
}

impl SortKey {
    pub const ALL: &'static [SortKey] = &[
        SortKey::CreatedAt,
        SortKey::OrderNumber,
        SortKey::CustomerName,
        SortKey::Total,
        SortKey::Priority,
        SortKey::EventDate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::CreatedAt => "created_at",
            SortKey::OrderNumber => "order_number",
            SortKey::CustomerName => "customer_name",
            SortKey::Total => "total",
            SortKey::Priority => "priority",
            SortKey::EventDate => "event_date",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SortKey::CreatedAt => "Date created",
            SortKey::OrderNumber => "Order number",
            SortKey::CustomerName => "Customer",
            SortKey::Total => "Total",
            SortKey::Priority => "Priority",
            SortKey::EventDate => "Event date",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    /// Free text: order number, customer name, email or SKU; prefixes match.
    pub search: String,
    /// Empty means every status.
    pub statuses: Vec<OrderStatus>,
    pub priorities: Vec<Priority>,
    /// Inclusive, by the day the order was created on the asker's clock
    /// (see `utc_offset_minutes`).
    pub created_from: Option<NaiveDate>,
    pub created_to: Option<NaiveDate>,
    /// The asker's offset from UTC in minutes, east positive (Chicago in
    /// winter is -360), so "created on the 1st" means their 1st, not UTC's.
    pub utc_offset_minutes: i32,
    pub sort: SortKey,
    pub descending: bool,
    /// Zero-based.
    pub page: u32,
    pub page_size: u32,
}

impl Default for ListQuery {
    fn default() -> Self {
        ListQuery {
            search: String::new(),
            statuses: Vec::new(),
            priorities: Vec::new(),
            created_from: None,
            created_to: None,
            utc_offset_minutes: 0,
            sort: SortKey::CreatedAt,
            descending: true,
            page: 0,
            page_size: DEFAULT_PAGE_SIZE,
        }
    }
}

/// One row of the orders list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderSummary {
    pub id: Uuid,
    pub order_number: String,
    pub status: OrderStatus,
    pub priority: Priority,
    pub customer_name: String,
    pub customer_email: String,
    pub item_count: i64,
    pub total: Minor,
    pub currency: Currency,
    pub created_at: DateTime<Utc>,
    pub event_date: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderPage {
    pub rows: Vec<OrderSummary>,
    /// Orders matching the query across all pages.
    pub total_matching: u64,
    pub page: u32,
    pub page_size: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCount {
    pub status: OrderStatus,
    pub count: u64,
}

/// An order with its history, for the detail view and `orders show`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderView {
    #[serde(flatten)]
    pub order: Order,
    pub history: Vec<StatusChange>,
}

/// The desk's settings as the UI shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskSettings {
    /// Who is working at this desk; recorded in history.
    pub operator_name: String,
    pub operator_role: Role,
    /// Prefix of every order number made here, e.g. `K7QM`.
    pub desk_prefix: String,
    pub default_currency: Currency,
    /// Where the database lives (read-only, for support).
    pub database_path: String,
    pub log_path: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The input is wrong; `fields` says where. Nothing was written.
    Invalid,
    /// The user's role does not allow this.
    Forbidden,
    NotFound,
    /// The order's state does not allow this (an illegal move, say).
    Conflict,
    /// A carrier or printer cannot be reached (offline, down, slow). Nothing
    /// was bought or printed; trying again later is safe.
    Unavailable,
    /// Our fault or the machine's: disk, database, a bug. Logged.
    Internal,
}

/// An error as it crosses to the UI or out of the CLI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub kind: ErrorKind,
    pub message: String,
    #[serde(default)]
    pub fields: Vec<FieldError>,
}

// ------------------------------------------------------------------ shipping

/// A price one carrier quoted for one service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateView {
    pub id: String,
    pub carrier: String,
    pub service: String,
    pub cost: Minor,
    pub currency: Currency,
    pub delivery_days: Option<u32>,
}

/// Which quoted rate to buy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case", deny_unknown_fields)]
pub enum RatePick {
    Cheapest,
    Fastest,
    /// One carrier's service, e.g. USPS `Priority`.
    Service {
        carrier: String,
        service: String,
    },
    /// A rate id from the quote the user is looking at.
    Rate {
        rate_id: String,
    },
}

string_enum! {
    /// Where a shipment stands on this desk. `buying` is written before the
    /// carrier is asked to buy and stays until the answer is recorded, so a
    /// crash or a timeout is resumed, never bought again.
    ShipmentState {
        Quoted = "quoted" / "Rates quoted",
        Buying = "buying" / "Buying label",
        Bought = "bought" / "Label bought",
        Voided = "voided" / "Label voided",
        /// Offline: bought and printed as soon as the carrier answers again.
        Waiting = "waiting" / "Waiting for network",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackingEventView {
    /// EasyPost's status code, e.g. `in_transit`.
    pub status: String,
    pub message: String,
    pub at: Option<DateTime<Utc>>,
    pub location: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShipmentView {
    pub id: Uuid,
    pub state: ShipmentState,
    pub parcel: Parcel,
    pub rates: Vec<RateView>,
    /// Why carriers gave no rate, when they say.
    pub messages: Vec<String>,
    pub label: Option<ShippingLabel>,
    /// Label files stored on this desk (`png`, `pdf`, `zpl`): reprints work offline.
    pub label_formats: Vec<String>,
    pub tracking_status: Option<String>,
    pub tracking_events: Vec<TrackingEventView>,
    pub est_delivery: Option<DateTime<Utc>>,
    /// The last failure, in words, while the shipment is not bought.
    pub error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Everything the Shipping tab shows for one order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShippingView {
    pub order_id: Uuid,
    pub order_number: String,
    pub status: OrderStatus,
    pub templates: Vec<PackageTemplate>,
    pub suggestion: Option<PackageSuggestion>,
    /// Newest first.
    pub shipments: Vec<ShipmentView>,
    /// What is still missing before a label can be bought here, in words
    /// (no API key, no ship-from address…). Empty when ready.
    pub missing_setup: Vec<String>,
    pub label_printer: Option<String>,
}

/// A carrier's verdict on an address, with its suggested form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressCheck {
    pub deliverable: bool,
    pub suggested: AddressDraft,
    pub warnings: Vec<AddressWarning>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressWarning {
    pub field: String,
    pub message: String,
    pub suggestion: Option<String>,
}

/// The store's shipping setup. The API key itself never leaves the OS
/// keyring: the UI only learns whether one is set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShippingSettings {
    pub store_name: String,
    pub ship_from: AddressDraft,
    pub ship_from_phone: String,
    pub carrier_base_url: String,
    pub api_key_set: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ShippingSettingsUpdate {
    pub store_name: String,
    pub ship_from: AddressDraft,
    pub ship_from_phone: String,
    pub carrier_base_url: String,
    /// `None` keeps the stored key; `Some("")` removes it.
    pub api_key: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrinterView {
    pub id: Uuid,
    #[serde(flatten)]
    pub settings: PrinterSettings,
}

string_enum! {
    PrintJobState {
        Queued = "queued" / "Queued",
        Printing = "printing" / "Printing",
        Printed = "printed" / "Printed",
        /// The printer refused it; retrying will not help without a change.
        Failed = "failed" / "Failed",
    }
}

string_enum! {
    PrintJobKind {
        Label = "label" / "Shipping label",
        PackingSlip = "packing_slip" / "Packing slip",
        PickList = "pick_list" / "Pick list",
        TestPage = "test_page" / "Test page",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrintJobView {
    pub id: Uuid,
    pub printer_id: Uuid,
    pub printer_name: String,
    pub order_numbers: Vec<String>,
    pub kind: PrintJobKind,
    pub state: PrintJobState,
    pub attempts: u32,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub printed_at: Option<DateTime<Utc>>,
}

/// How far a batch (labels for many orders) has got, for a progress bar.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchProgress {
    pub done: u32,
    pub total: u32,
    /// The order being worked on.
    pub current: Option<String>,
    /// Orders that could not be shipped, with why.
    pub failed: Vec<BatchFailure>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchFailure {
    pub order_number: String,
    pub message: String,
}
