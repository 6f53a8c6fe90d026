//! The order lifecycle: 14 statuses, 8 priorities and the only legal moves.
//!
//! The table lives in [`OrderStatus::forward_moves`] and is mirrored in
//! ARCHITECTURE.md. Two statuses are *suspensions*: `on_hold` and `exception`
//! remember where the order was (`return_to`) and can only go back there, to
//! the other suspension, or to cancelled/refunded where the remembered status
//! itself allowed that. Terminal statuses have no moves at all.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::command::HistorySource;

/// An enum with a stable snake_case spelling, a label, `FromStr` and `Display`.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal / $label:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant,)* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The stable wire and database spelling, e.g. `pending_payment`.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)* }
            }

            /// How people read it, e.g. "Pending payment".
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)* }
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::status::UnknownName;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                match text.trim() {
                    $($text => Ok($name::$variant),)*
                    other => Err($crate::status::UnknownName(other.to_owned())),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use string_enum;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a known value")]
pub struct UnknownName(pub String);

string_enum! {
    /// Seed 001's fourteen statuses, in lifecycle order.
    OrderStatus {
        PendingPayment = "pending_payment" / "Pending payment",
        PaymentConfirmed = "payment_confirmed" / "Payment confirmed",
        Processing = "processing" / "Processing",
        InProduction = "in_production" / "In production",
        QualityCheck = "quality_check" / "Quality check",
        Packaging = "packaging" / "Packaging",
        Shipped = "shipped" / "Shipped",
        OutForDelivery = "out_for_delivery" / "Out for delivery",
        Delivered = "delivered" / "Delivered",
        Completed = "completed" / "Completed",
        Cancelled = "cancelled" / "Cancelled",
        Refunded = "refunded" / "Refunded",
        OnHold = "on_hold" / "On hold",
        Exception = "exception" / "Exception",
    }
}

string_enum! {
    /// Seed 001's eight priorities, from least to most pressing.
    Priority {
        Low = "low" / "Low",
        Normal = "normal" / "Normal",
        High = "high" / "High",
        Urgent = "urgent" / "Urgent",
        Rush = "rush" / "Rush",
        WeddingParty = "wedding_party" / "Wedding party",
        PromGroup = "prom_group" / "Prom group",
        VipCustomer = "vip_customer" / "VIP customer",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("cannot move from {} to {}", .from.label(), .to.label())]
    Illegal { from: OrderStatus, to: OrderStatus },
    #[error("{} is final: an order there cannot change status", .0.label())]
    Terminal(OrderStatus),
    #[error("order is already {}", .0.label())]
    Unchanged(OrderStatus),
}

impl OrderStatus {
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            OrderStatus::Completed | OrderStatus::Cancelled | OrderStatus::Refunded
        )
    }

    pub fn is_suspension(self) -> bool {
        matches!(self, OrderStatus::OnHold | OrderStatus::Exception)
    }

    /// Moving here needs a written reason in the history.
    pub fn needs_reason(self) -> bool {
        matches!(
            self,
            OrderStatus::Cancelled
                | OrderStatus::Refunded
                | OrderStatus::OnHold
                | OrderStatus::Exception
        )
    }

    /// The lifecycle moves out of an ordinary (not suspended) status, excluding
    /// the two suspensions, which every non-terminal status may enter.
    fn forward_moves(self) -> &'static [OrderStatus] {
        use OrderStatus::*;
        match self {
            PendingPayment => &[PaymentConfirmed, Cancelled],
            PaymentConfirmed => &[Processing, Cancelled, Refunded],
            // Ready-to-wear orders skip the tailoring shop.
            Processing => &[InProduction, Packaging, Cancelled, Refunded],
            InProduction => &[QualityCheck, Cancelled, Refunded],
            // A failed inspection goes back to production.
            QualityCheck => &[Packaging, InProduction, Cancelled, Refunded],
            Packaging => &[Shipped, Cancelled, Refunded],
            Shipped => &[OutForDelivery, Delivered],
            OutForDelivery => &[Delivered],
            Delivered => &[Completed, Refunded],
            Completed | Cancelled | Refunded | OnHold | Exception => &[],
        }
    }
}

/// Where an order stands in the lifecycle: its status and, while suspended,
/// the status it returns to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lifecycle {
    pub status: OrderStatus,
    pub return_to: Option<OrderStatus>,
}

impl Lifecycle {
    pub const NEW: Lifecycle = Lifecycle {
        status: OrderStatus::PendingPayment,
        return_to: None,
    };

    /// Every status this order may legally move to next, in lifecycle order.
    pub fn next_statuses(self) -> Vec<OrderStatus> {
        use OrderStatus::*;
        let mut moves: Vec<OrderStatus> = match (self.status, self.return_to) {
            (status, _) if status.is_terminal() => return Vec::new(),
            (suspension, Some(back)) if suspension.is_suspension() => {
                let other = if suspension == OnHold {
                    Exception
                } else {
                    OnHold
                };
                let mut moves = vec![back, other];
                moves.extend(back.forward_moves().iter().filter(|s| s.is_terminal()));
                moves
            }
            // A suspension without a remembered status (a damaged row) can only end.
            (suspension, None) if suspension.is_suspension() => vec![Cancelled],
            (status, _) => {
                let mut moves = status.forward_moves().to_vec();
                moves.extend([OnHold, Exception]);
                moves
            }
        };
        moves.sort();
        moves.dedup();
        moves
    }

    /// The lifecycle after moving to `to`, or why that move is refused.
    pub fn move_to(self, to: OrderStatus) -> Result<Lifecycle, TransitionError> {
        if self.status.is_terminal() {
            return Err(TransitionError::Terminal(self.status));
        }
        if self.status == to {
            return Err(TransitionError::Unchanged(to));
        }
        if !self.next_statuses().contains(&to) {
            return Err(TransitionError::Illegal {
                from: self.status,
                to,
            });
        }
        let return_to = match (to.is_suspension(), self.status.is_suspension()) {
            (true, true) => self.return_to,
            (true, false) => Some(self.status),
            (false, _) => None,
        };
        Ok(Lifecycle {
            status: to,
            return_to,
        })
    }
}

/// One line of an order's status history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    pub from: Option<OrderStatus>,
    pub to: OrderStatus,
    pub at: DateTime<Utc>,
    pub by: String,
    pub reason: Option<String>,
    pub source: HistorySource,
}

#[cfg(test)]
mod tests {
    use super::OrderStatus::*;
    use super::*;
    use proptest::prelude::*;

    fn at(status: OrderStatus) -> Lifecycle {
        Lifecycle {
            status,
            return_to: None,
        }
    }

    #[test]
    fn happy_path_reaches_completed() {
        let path = [
            PaymentConfirmed,
            Processing,
            InProduction,
            QualityCheck,
            Packaging,
            Shipped,
            OutForDelivery,
            Delivered,
            Completed,
        ];
        let mut order = Lifecycle::NEW;
        for to in path {
            order = order.move_to(to).unwrap_or_else(|e| panic!("{to}: {e}"));
        }
        assert_eq!(order.status, Completed);
    }

    #[test]
    fn terminal_statuses_stay_terminal() {
        for status in [Completed, Cancelled, Refunded] {
            assert!(at(status).next_statuses().is_empty());
            for &to in OrderStatus::ALL {
                assert_eq!(
                    at(status).move_to(to),
                    Err(TransitionError::Terminal(status))
                );
            }
        }
    }

    #[test]
    fn hold_and_exception_return_to_where_the_order_was() {
        let held = at(InProduction).move_to(OnHold).unwrap();
        assert_eq!(held.return_to, Some(InProduction));
        assert_eq!(
            held.next_statuses(),
            vec![InProduction, Cancelled, Refunded, Exception]
        );
        // Moving between suspensions keeps the original place.
        let excepted = held.move_to(Exception).unwrap();
        assert_eq!(excepted.return_to, Some(InProduction));
        assert_eq!(excepted.move_to(InProduction), Ok(at(InProduction)));
        // It cannot jump ahead on the way back.
        assert_eq!(
            excepted.move_to(QualityCheck),
            Err(TransitionError::Illegal {
                from: Exception,
                to: QualityCheck
            })
        );
    }

    #[test]
    fn shipped_orders_cannot_be_cancelled_even_from_a_hold() {
        assert!(!at(Shipped).next_statuses().contains(&Cancelled));
        let held = at(Shipped).move_to(Exception).unwrap();
        assert_eq!(held.next_statuses(), vec![Shipped, OnHold]);
    }

    #[test]
    fn unpaid_orders_cannot_be_refunded() {
        assert_eq!(
            Lifecycle::NEW.move_to(Refunded),
            Err(TransitionError::Illegal {
                from: PendingPayment,
                to: Refunded
            })
        );
    }

    #[test]
    fn names_round_trip_and_unknown_names_are_refused() {
        for &status in OrderStatus::ALL {
            assert_eq!(status.as_str().parse::<OrderStatus>(), Ok(status));
            assert_eq!(
                serde_json::to_string(&status).unwrap(),
                format!("\"{status}\"")
            );
        }
        for &priority in Priority::ALL {
            assert_eq!(priority.as_str().parse::<Priority>(), Ok(priority));
        }
        assert!("shipped!".parse::<OrderStatus>().is_err());
        assert_eq!(OrderStatus::ALL.len(), 14);
        assert_eq!(Priority::ALL.len(), 8);
    }

    fn any_status() -> impl Strategy<Value = OrderStatus> {
        proptest::sample::select(OrderStatus::ALL)
    }

    proptest! {
        /// Random walks never reach a state the table cannot explain.
        #[test]
        fn random_walks_keep_the_invariants(steps in proptest::collection::vec(any_status(), 0..60)) {
            let mut order = Lifecycle::NEW;
            for to in steps {
                let legal = order.next_statuses().contains(&to);
                match order.move_to(to) {
                    Ok(next) => {
                        prop_assert!(legal);
                        prop_assert_eq!(next.status, to);
                        // Only suspensions remember, and they never remember a suspension.
                        prop_assert_eq!(next.return_to.is_some(), to.is_suspension());
                        prop_assert!(next.return_to.is_none_or(|r| !r.is_suspension() && !r.is_terminal()));
                        order = next;
                    }
                    Err(_) => prop_assert!(!legal),
                }
            }
        }
    }
}
