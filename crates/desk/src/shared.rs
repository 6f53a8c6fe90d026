//! The desk shared between the window's commands and the background workers
//! (print queue, shipping resume, tracking).
//!
//! Callers hold the lock only around database work, never across a network
//! call: a slow carrier or printer must not stop the orders list.

use std::sync::{Arc, Mutex};

use crate::error::DeskResult;
use crate::Desk;

pub type SharedDesk = Arc<Mutex<Desk>>;

pub fn share(desk: Desk) -> SharedDesk {
    Arc::new(Mutex::new(desk))
}

/// Runs `work` with the desk locked. A panic while locked poisons the mutex;
/// SQLite rolled that transaction back, so the desk is still sound to use.
pub fn with_desk<T>(
    desk: &SharedDesk,
    work: impl FnOnce(&mut Desk) -> DeskResult<T>,
) -> DeskResult<T> {
    let mut guard = desk.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    work(&mut guard)
}
