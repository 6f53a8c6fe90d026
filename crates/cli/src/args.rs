//! The command line's shape. Names that have a fixed set of values (statuses,
//! priorities, roles, sort keys) are checked here, so a typo is refused with
//! the list of valid names before the database is opened.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};
use packdesk_domain::api::{ListQuery, SortKey};
use packdesk_domain::{OrderStatus, Priority, Role};
use uuid::Uuid;

const LONG_ABOUT: &str = "\
Packdesk orders from the command line.

Output is JSON on stdout. On failure an error object {\"kind\", \"message\", \"fields\"}
is printed as one line on stderr, and the exit code says what kind of failure it was:

  0  success
  1  internal failure (database, disk, a bug)
  2  bad input: invalid JSON or CSV, a field that fails validation, an unknown name
  3  forbidden: the role may not do this
  4  not found: no such order
  5  conflict: the order's state does not allow it (an illegal status move, say)
  6  unavailable: the sync server (or a carrier, a printer) cannot be reached

A refused or failed command leaves the database as it was.
The database is --db, else $PACKDESK_DB, else the desk app's own database.";

#[derive(Debug, Parser)]
#[command(name = "packdesk", version, about = "Packdesk orders from the command line", long_about = LONG_ABOUT)]
pub struct Cli {
    /// The desk database (created if missing) [default: $PACKDESK_DB or the app's database]
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Act as this person in the history [default: the desk's operator]
    #[arg(long = "as", global = true, value_name = "NAME")]
    pub as_name: Option<String>,
    /// Act with this role [default: the desk's operator's role]
    #[arg(long, global = true, value_name = "ROLE", value_parser = one_of(Role::ALL, Role::as_str))]
    pub role: Option<Role>,
    #[command(subcommand)]
    pub command: Area,
}

#[derive(Debug, Subcommand)]
pub enum Area {
    /// Create, find, move, export and import orders.
    #[command(subcommand)]
    Orders(OrdersCommand),
    /// Sample data.
    #[command(subcommand)]
    Demo(DemoCommand),
    /// Sync with the Packdesk server (the token is kept in the OS keyring).
    #[command(subcommand)]
    Sync(SyncCommand),
}

#[derive(Debug, Subcommand)]
pub enum SyncCommand {
    /// Sign in; the password is read from stdin so it never lands in shell history.
    SignIn {
        /// e.g. https://packdesk.example.com
        #[arg(long)]
        server: String,
        #[arg(long)]
        user: String,
    },
    /// Push everything waiting, then pull everything new.
    Now,
    /// Server, user, changes waiting, conflicts, last sync.
    Status,
    /// Changes the server refused, waiting for a decision.
    Conflicts,
    SignOut,
}

#[derive(Debug, Subcommand)]
pub enum OrdersCommand {
    /// Create orders from OrderDraft JSON: one object, or an array created all or none.
    Create {
        /// Read the JSON from this file instead of stdin ("-" is stdin).
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
        /// Make a retry safe: the same id returns the order made the first time (single order only).
        #[arg(long, value_name = "UUID")]
        command_id: Option<Uuid>,
    },
    /// One page of orders, newest first unless sorted otherwise.
    List {
        #[command(flatten)]
        filters: Filters,
        #[arg(long, value_parser = one_of(SortKey::ALL, SortKey::as_str), default_value = "created_at")]
        sort: SortKey,
        /// Ascending instead of descending.
        #[arg(long)]
        asc: bool,
        /// Zero-based, as in the output.
        #[arg(long, default_value_t = 0)]
        page: u32,
        /// At most 500.
        #[arg(long, default_value_t = packdesk_domain::api::DEFAULT_PAGE_SIZE)]
        page_size: u32,
    },
    /// One order with its history, by order number or id.
    Show {
        #[arg(value_name = "ORDER_NUMBER|UUID")]
        order: String,
    },
    /// Move an order to another status.
    Status {
        #[arg(value_name = "ORDER_NUMBER|UUID")]
        order: String,
        #[arg(value_parser = one_of(OrderStatus::ALL, OrderStatus::as_str))]
        status: OrderStatus,
        /// Why; required for on_hold, exception, cancelled and refunded.
        #[arg(long)]
        reason: Option<String>,
    },
    /// Write orders as CSV (one row per item), oldest first.
    Export {
        /// The format; CSV is the only one.
        #[arg(long, required = true)]
        csv: bool,
        /// Write here instead of stdout.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        #[command(flatten)]
        filters: Filters,
    },
    /// Create orders from CSV, all or none; they get new order numbers.
    Import {
        /// The format; CSV is the only one.
        #[arg(long, required = true)]
        csv: bool,
        /// The file to read ("-" or nothing is stdin).
        #[arg(value_name = "FILE|-")]
        file: Option<PathBuf>,
    },
    /// How many orders are in each status.
    Counts,
}

#[derive(Debug, Subcommand)]
pub enum DemoCommand {
    /// Load the demo orders into an empty desk.
    Load,
}

/// Which orders `list` and `export` cover.
#[derive(Debug, Args)]
pub struct Filters {
    /// Order number, customer name, email or SKU; prefixes match.
    #[arg(long, default_value = "")]
    search: String,
    /// Only these statuses (repeatable).
    #[arg(long = "status", value_name = "STATUS", value_parser = one_of(OrderStatus::ALL, OrderStatus::as_str))]
    statuses: Vec<OrderStatus>,
    /// Only these priorities (repeatable).
    #[arg(long = "priority", value_name = "PRIORITY", value_parser = one_of(Priority::ALL, Priority::as_str))]
    priorities: Vec<Priority>,
    /// Created on or after this day (UTC), YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD")]
    from: Option<NaiveDate>,
    /// Created on or before this day (UTC), YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD")]
    to: Option<NaiveDate>,
}

impl Filters {
    pub fn query(&self, sort: SortKey, descending: bool) -> ListQuery {
        ListQuery {
            search: self.search.clone(),
            statuses: self.statuses.clone(),
            priorities: self.priorities.clone(),
            created_from: self.from,
            created_to: self.to,
            // --from/--to are days on this machine's clock.
            utc_offset_minutes: chrono::Local::now().offset().local_minus_utc() / 60,
            sort,
            descending,
            ..ListQuery::default()
        }
    }
}

/// A parser accepting exactly the names `name` gives `all`'s values, so
/// `--help` lists them and a typo gets clap's "did you mean".
fn one_of<T: Copy + Send + Sync + 'static>(
    all: &'static [T],
    name: fn(T) -> &'static str,
) -> impl TypedValueParser<Value = T> {
    PossibleValuesParser::new(all.iter().map(move |value| name(*value))).try_map(move |text| {
        all.iter()
            .copied()
            .find(|value| name(*value) == text)
            .ok_or("is not a known name")
    })
}
