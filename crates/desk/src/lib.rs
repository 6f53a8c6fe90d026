//! The desk library: everything a Packdesk desk does, without a window.
//!
//! [`Desk`] owns the local SQLite store and applies commands from the domain
//! crate in single transactions with their history. The Tauri app and the
//! `packdesk` CLI are thin layers over it, and its tests need no display.

pub mod csv_io;
pub mod demo;
mod desk;
mod error;
pub mod paths;
pub mod printing;
mod secrets;
pub mod shared;
pub mod shipping;
pub mod store;
pub mod sync;

pub use desk::{Desk, SettingsUpdate};
pub use error::{DeskError, DeskResult};
pub use printing::{PrintOptions, Printing};
pub use secrets::Secrets;
pub use shared::{share, with_desk, SharedDesk};
pub use shipping::{Shipping, ShippingOptions, BATCH_PROGRESS_EVENT};
pub use sync::{NewOrderAlert, SyncEngine, SyncReport};
