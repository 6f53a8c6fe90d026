//! What the desk answers with: the shapes the UI, the CLI and (later) the
//! server's clients read. Kept here so both ends of the Tauri bridge compile
//! against one definition.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::money::{Currency, Minor};
use crate::order::Order;
use crate::role::Role;
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
