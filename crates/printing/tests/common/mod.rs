//! Shared by the integration test binaries. Each binary uses a different
//! part of it, so the parts one binary leaves unused are not dead code.
#![allow(dead_code)]

pub mod fixtures;
pub mod inspect;
