//! The sync protocol between desks and the Packdesk server: commands go up,
//! order states come down.
//!
//! A desk pushes its outbox (each command with its per-desk sequence number)
//! in order. The server re-runs every command against its own state with
//! [`crate::apply::apply`], as the signed-in user (the envelope's actor is
//! only what the desk believed), and records `(desk, seq)` in the same
//! transaction: a command pushed twice is acknowledged twice and applied
//! once. A desk pulls the orders changed after a server-issued cursor, in
//! pages.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::api::ErrorKind;
use crate::command::CommandEnvelope;
use crate::order::Order;
use crate::role::Role;
use crate::status::StatusChange;
use crate::validate::FieldError;

/// The most commands one push may carry.
pub const MAX_PUSH_BATCH: usize = 500;
/// The most orders one pull page returns.
pub const MAX_PULL_PAGE: u32 = 500;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginResponse {
    /// Bearer token for every other call; kept in the desk's OS keyring.
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub user: SignedInUser,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedInUser {
    pub username: String,
    pub role: Role,
}

/// One outbox entry: `seq` increases by one per command on its desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushedCommand {
    pub seq: u64,
    pub envelope: CommandEnvelope,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushRequest {
    /// The desk's stable id (made once, on its first sync).
    pub desk_id: Uuid,
    /// In `seq` order, at most [`MAX_PUSH_BATCH`].
    pub commands: Vec<PushedCommand>,
}

/// The server's answer for one command. `Rejected` is final: the desk shows
/// it as a conflict and moves on to the commands behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    Applied,
    Rejected {
        kind: ErrorKind,
        message: String,
        #[serde(default)]
        fields: Vec<FieldError>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ack {
    pub seq: u64,
    pub command_id: Uuid,
    pub verdict: Verdict,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushResponse {
    /// One per pushed command, in the same order.
    pub acks: Vec<Ack>,
}

/// An order as the server has it now, with its whole history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderChange {
    /// Where this change sits in the server's change order.
    pub cursor: u64,
    pub order: Order,
    pub history: Vec<StatusChange>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullResponse {
    /// Oldest change first.
    pub changes: Vec<OrderChange>,
    /// Pass back as `after` for the next page; unchanged when nothing is new.
    pub cursor: u64,
    /// More changes wait beyond this page.
    pub more: bool,
}

/// `POST /v1/desk-prefixes`: a desk asks to hold the prefix its order
/// numbers start with (see [`crate::desk_prefix`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrefixClaim {
    pub desk_id: Uuid,
    pub prefix: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrefixAnswer {
    /// `false` when another desk holds it: pick another before numbering
    /// more orders. A desk keeps every prefix it was granted.
    pub granted: bool,
}

/// `GET /healthz`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub status: String,
    pub database: String,
}

/// A command the server refused, as the desk shows it until someone decides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncConflict {
    pub command_id: Uuid,
    pub order_id: Uuid,
    pub order_number: Option<String>,
    /// Whether the order is on this desk to open (one whose creation was
    /// refused is not: it lives on only in this conflict).
    pub on_desk: bool,
    /// The command's kind, e.g. `change_status`.
    pub command: String,
    /// What the command would have done, in words.
    pub summary: String,
    pub kind: ErrorKind,
    pub message: String,
    pub created_at: DateTime<Utc>,
}

/// How a person settles a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Resolution {
    /// The server's state stands; the desk's change is dropped.
    KeepServer,
    /// Issue the change again, as a new command, on top of the server's state.
    ApplyMineAgain,
}

/// The sync line in the window's header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncStatus {
    pub server_url: String,
    pub signed_in_as: Option<SignedInUser>,
    /// Changes made here the server has not acknowledged yet.
    pub waiting: u64,
    pub conflicts: u64,
    pub last_sync: Option<DateTime<Utc>>,
    /// Whether the last attempt reached the server.
    pub online: bool,
    pub last_error: Option<String>,
}
