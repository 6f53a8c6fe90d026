//! The server's behaviour, specified over HTTP, each spec run against both
//! SQLite and PostgreSQL (`spec_name::sqlite`, `spec_name::postgres`).

mod support;

mod auth;
mod events;
mod matrix;
mod prefixes;
mod pull;
mod push;
