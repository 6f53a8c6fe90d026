//! Packdesk's sync server: desks push the commands their users made and
//! pull the orders others changed.
//!
//! `storage` keeps everything behind one trait with SQLite and PostgreSQL
//! backends; `http` is the API; `auth` signs people in. The order rules
//! themselves are `packdesk_domain`'s: the server re-runs each command with
//! the very same `apply` the desk used.

pub mod auth;
pub mod http;
pub mod storage;

#[cfg(feature = "testing")]
pub mod test_postgres;
