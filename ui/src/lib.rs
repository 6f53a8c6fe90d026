//! Packdesk's user interface: a Yew app shown in the Tauri window.
//!
//! Pages talk to the desk only through [`bridge`]; order rules (validation,
//! totals, legal moves, permissions) come from `packdesk-domain`, so what the
//! form accepts is exactly what the desk accepts.

mod actions;
mod app;
mod badges;
mod batch;
mod bench;
mod bridge;
mod busy;
mod conflicts;
mod dom;
mod fields;
mod form_model;
mod format;
mod keyboard;
mod order_detail;
mod order_form;
mod orders_list;
mod print_queue;
mod print_report;
mod reason_dialog;
mod settings;
mod shipping;
mod sync_context;
mod sync_indicator;
mod sync_model;
mod toast;

pub use app::App;
