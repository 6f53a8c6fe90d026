//! What a command does to an order, decided without I/O.
//!
//! The desk and the sync server both call [`apply`] with the order as they
//! have it and store what it returns, so a command re-run on the server gets
//! the same verdict (legal move, permission, validation) as on the desk,
//! against the server's own state. Storage-only checks (is this order number
//! taken?) stay with the caller.

use crate::command::{Command, CommandEnvelope, HistorySource};
use crate::order::Order;
use crate::role::{Permission, Role};
use crate::status::{OrderStatus, StatusChange, TransitionError};
use crate::validate::ValidationErrors;

pub const MAX_REASON: usize = 500;
pub const MAX_ORDER_NUMBER: usize = 20;

/// Why a command was refused. Nothing is written for any of these.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("{0}")]
    Invalid(ValidationErrors),
    #[error("a {} may not {}", .role.label(), .permission.describe())]
    Forbidden { role: Role, permission: Permission },
    #[error("no order {0}")]
    NotFound(String),
    #[error("{0}")]
    Transition(#[from] TransitionError),
    #[error("{0}")]
    Conflict(String),
}

impl From<ValidationErrors> for Refusal {
    fn from(errors: ValidationErrors) -> Self {
        Refusal::Invalid(errors)
    }
}

/// The order after the command, and the history line it adds, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub order: Order,
    pub change: Option<StatusChange>,
    /// Whether entered details (not just the status) changed.
    pub details_changed: bool,
}

/// Checks `envelope` against `current` (the order it names, if it exists)
/// and returns what the order becomes.
pub fn apply(
    envelope: &CommandEnvelope,
    current: Option<&Order>,
    source: HistorySource,
) -> Result<Outcome, Refusal> {
    let actor = &envelope.actor;
    let permission = envelope.command.permission();
    if !actor.role.permits(permission) {
        return Err(Refusal::Forbidden {
            role: actor.role,
            permission,
        });
    }
    let now = envelope.issued_at;
    let change = |from: Option<OrderStatus>, to, reason: Option<String>| StatusChange {
        from,
        to,
        at: now,
        by: actor.name.clone(),
        reason,
        source,
    };
    let existing = || {
        current
            .cloned()
            .ok_or_else(|| Refusal::NotFound(envelope.command.order_id().to_string()))
    };
    match &envelope.command {
        Command::CreateOrder {
            order_id,
            order_number,
            draft,
        } => {
            let details = draft.validate()?;
            let number = order_number.trim();
            if number.is_empty()
                || number.len() > MAX_ORDER_NUMBER
                || number.chars().any(|c| c.is_whitespace() || c.is_control())
            {
                return Err(Refusal::Invalid(ValidationErrors::single(
                    "order_number",
                    format!("must be 1 to {MAX_ORDER_NUMBER} characters without spaces"),
                )));
            }
            if current.is_some() {
                return Err(Refusal::Conflict(format!(
                    "order {order_id} already exists"
                )));
            }
            let order = Order::new(*order_id, number.to_owned(), details, now);
            let created = change(None, order.status, None);
            Ok(Outcome {
                order,
                change: Some(created),
                details_changed: true,
            })
        }
        Command::ChangeStatus { to, reason, .. } => {
            let mut order = existing()?;
            let reason = reason.as_deref().map(str::trim).filter(|r| !r.is_empty());
            if to.needs_reason() && reason.is_none() {
                return Err(invalid(
                    "reason",
                    format!("is required to move an order to {}", to.label()),
                ));
            }
            if reason.is_some_and(|r| r.chars().count() > MAX_REASON) {
                return Err(invalid(
                    "reason",
                    format!("must be at most {MAX_REASON} characters"),
                ));
            }
            let from = order.status;
            order.move_to(*to, now)?;
            Ok(Outcome {
                order,
                change: Some(change(Some(from), *to, reason.map(str::to_owned))),
                details_changed: false,
            })
        }
        Command::EditOrder { draft, .. } => {
            let mut order = existing()?;
            if !order.is_editable() {
                return Err(Refusal::Conflict(format!(
                    "order {} is {}: its details can no longer change",
                    order.order_number,
                    order.status.label().to_lowercase()
                )));
            }
            order.details = draft.validate()?;
            order.updated_at = now;
            Ok(Outcome {
                order,
                change: None,
                details_changed: true,
            })
        }
        Command::ShipOrder { label, .. } => {
            let mut order = existing()?;
            if order.status != OrderStatus::Packaging {
                return Err(Refusal::Conflict(format!(
                    "order {} is {}: labels are bought at packaging",
                    order.order_number,
                    order.status.label().to_lowercase()
                )));
            }
            order.move_to(OrderStatus::Shipped, now)?;
            let reason = format!("Label bought: {}", label.describe());
            Ok(Outcome {
                order,
                change: Some(change(
                    Some(OrderStatus::Packaging),
                    OrderStatus::Shipped,
                    Some(reason),
                )),
                details_changed: false,
            })
        }
        Command::VoidLabel {
            tracking_code,
            reason,
            ..
        } => {
            let mut order = existing()?;
            let reason = reason.trim();
            if reason.is_empty() || reason.chars().count() > MAX_REASON {
                return Err(invalid(
                    "reason",
                    format!("is required to void a label (at most {MAX_REASON} characters)"),
                ));
            }
            order.unship(now)?;
            Ok(Outcome {
                order,
                change: Some(change(
                    Some(OrderStatus::Shipped),
                    OrderStatus::Packaging,
                    Some(format!("Label {tracking_code} voided: {reason}")),
                )),
                details_changed: false,
            })
        }
    }
}

fn invalid(field: &str, reason: String) -> Refusal {
    Refusal::Invalid(ValidationErrors::single(field, reason))
}
