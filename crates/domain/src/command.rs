//! User actions as values.
//!
//! Every change to an order is a [`Command`] inside a [`CommandEnvelope`] with
//! an id made where the user acted. The desk applies it in one transaction with
//! its history and records the id, so a retry is answered, not re-applied; sync
//! ships the very same envelopes to the server, which re-runs them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::order::OrderDraft;
use crate::role::{Permission, Role};
use crate::shipping::ShippingLabel;
use crate::status::OrderStatus;

/// Bumped whenever a payload's shape changes, so an upgraded desk can still
/// read, migrate and send what an older one left in its outbox.
pub const COMMAND_VERSION: u16 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub name: String,
    pub role: Role,
}

/// Who caused a history entry: a person at a desk, Packdesk itself, or sync.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HistorySource {
    User,
    System,
    Sync,
}

impl HistorySource {
    pub fn as_str(self) -> &'static str {
        match self {
            HistorySource::User => "user",
            HistorySource::System => "system",
            HistorySource::Sync => "sync",
        }
    }
}

impl std::str::FromStr for HistorySource {
    type Err = crate::status::UnknownName;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "user" => Ok(HistorySource::User),
            "system" => Ok(HistorySource::System),
            "sync" => Ok(HistorySource::Sync),
            other => Err(crate::status::UnknownName(other.to_owned())),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Command {
    /// The id and number are made on the desk so the server stores the same ones.
    CreateOrder {
        order_id: Uuid,
        order_number: String,
        draft: OrderDraft,
    },
    ChangeStatus {
        order_id: Uuid,
        to: OrderStatus,
        #[serde(default)]
        reason: Option<String>,
    },
    /// Replaces the entered details; totals are recomputed.
    EditOrder { order_id: Uuid, draft: OrderDraft },
    /// Postage was bought: records the label and moves a packaging order to shipped.
    ShipOrder {
        order_id: Uuid,
        label: ShippingLabel,
    },
    /// The label was voided with the carrier: the order goes back to packaging.
    VoidLabel {
        order_id: Uuid,
        tracking_code: String,
        reason: String,
    },
}

impl Command {
    pub fn order_id(&self) -> Uuid {
        match self {
            Command::CreateOrder { order_id, .. }
            | Command::ChangeStatus { order_id, .. }
            | Command::EditOrder { order_id, .. }
            | Command::ShipOrder { order_id, .. }
            | Command::VoidLabel { order_id, .. } => *order_id,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Command::CreateOrder { .. } => "create_order",
            Command::ChangeStatus { .. } => "change_status",
            Command::EditOrder { .. } => "edit_order",
            Command::ShipOrder { .. } => "ship_order",
            Command::VoidLabel { .. } => "void_label",
        }
    }

    /// The permission this command needs, whatever state the order is in.
    pub fn permission(&self) -> Permission {
        match self {
            Command::CreateOrder { .. } => Permission::CreateOrders,
            Command::ChangeStatus { to, .. } => Permission::to_move_to(*to),
            Command::EditOrder { .. } => Permission::EditOrders,
            Command::ShipOrder { .. } => Permission::BuyLabels,
            Command::VoidLabel { .. } => Permission::VoidLabels,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandEnvelope {
    /// Made by whoever issued the command; the idempotency key.
    pub id: Uuid,
    pub version: u16,
    pub issued_at: DateTime<Utc>,
    pub actor: Actor,
    pub command: Command,
}

impl CommandEnvelope {
    pub fn new(id: Uuid, issued_at: DateTime<Utc>, actor: Actor, command: Command) -> Self {
        CommandEnvelope {
            id,
            version: COMMAND_VERSION,
            issued_at,
            actor,
            command,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_have_a_stable_tagged_wire_form() {
        let command = Command::ChangeStatus {
            order_id: Uuid::nil(),
            to: OrderStatus::OnHold,
            reason: Some("fabric late".into()),
        };
        let json = serde_json::to_value(&command).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"type": "change_status", "order_id": Uuid::nil(), "to": "on_hold", "reason": "fabric late"})
        );
        assert_eq!(serde_json::from_value::<Command>(json).unwrap(), command);
    }

    #[test]
    fn unknown_command_types_are_refused() {
        let json = serde_json::json!({"type": "delete_everything", "order_id": Uuid::nil()});
        assert!(serde_json::from_value::<Command>(json).is_err());
    }
}
