//! Packdesk's order rules, in one place.
//!
//! This crate has no I/O and no clock: callers pass `now` and ids in. That keeps
//! it buildable for wasm32 (the UI validates and totals forms with the very same
//! code) and lets the desk and the server re-run a command and get the same answer.

pub mod api;
pub mod apply;
pub mod command;
pub mod desk_prefix;
pub mod money;
pub mod order;
pub mod role;
pub mod shipping;
pub mod status;
pub mod sync;
pub mod validate;

pub use command::{Actor, Command, CommandEnvelope, HistorySource};
pub use money::{Currency, MoneyError};
pub use order::{Address, Customer, Item, Measurement, Order, OrderDraft, Totals};
pub use role::{Permission, Role};
pub use status::{OrderStatus, Priority, StatusChange, TransitionError};
pub use validate::{FieldError, ValidationErrors};
