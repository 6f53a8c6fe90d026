//! EasyPost's v2 REST API: the HTTP client and the wire format.

mod client;
mod wire;

pub use client::{EasyPostClient, EasyPostConfig};
