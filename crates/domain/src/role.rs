//! Who may do what. The desk library checks these before it writes; the UI
//! only uses them to hide buttons a user could not press anyway.

use serde::{Deserialize, Serialize};

use crate::status::OrderStatus;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Manager,
    Processor,
    Viewer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    ViewOrders,
    /// Entering a new order is everyday counter work, so processors may.
    CreateOrders,
    ChangeStatus,
    EditOrders,
    /// Packers buy and print labels all day.
    BuyLabels,
    /// Voiding gets postage money back, so it is a manager's call.
    VoidLabels,
    CancelOrders,
    RefundOrders,
    ManageSettings,
    ManageUsers,
}

impl Role {
    pub const ALL: &'static [Role] = &[Role::Admin, Role::Manager, Role::Processor, Role::Viewer];

    pub fn permits(self, permission: Permission) -> bool {
        use Permission::*;
        match self {
            Role::Admin => true,
            Role::Manager => !matches!(permission, ManageSettings | ManageUsers),
            Role::Processor => {
                matches!(
                    permission,
                    ViewOrders | CreateOrders | ChangeStatus | BuyLabels
                )
            }
            Role::Viewer => permission == ViewOrders,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Manager => "manager",
            Role::Processor => "processor",
            Role::Viewer => "viewer",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "Admin",
            Role::Manager => "Manager",
            Role::Processor => "Processor",
            Role::Viewer => "Viewer",
        }
    }
}

impl std::str::FromStr for Role {
    type Err = crate::status::UnknownName;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .iter()
            .copied()
            .find(|role| role.as_str() == text.trim())
            .ok_or_else(|| crate::status::UnknownName(text.to_owned()))
    }
}

impl Permission {
    /// Cancelling and refunding are money decisions; every other move is
    /// ordinary processing.
    pub fn to_move_to(status: OrderStatus) -> Permission {
        match status {
            OrderStatus::Cancelled => Permission::CancelOrders,
            OrderStatus::Refunded => Permission::RefundOrders,
            _ => Permission::ChangeStatus,
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Permission::ViewOrders => "view orders",
            Permission::CreateOrders => "create orders",
            Permission::ChangeStatus => "change order status",
            Permission::EditOrders => "edit orders",
            Permission::BuyLabels => "buy and print shipping labels",
            Permission::VoidLabels => "void shipping labels",
            Permission::CancelOrders => "cancel orders",
            Permission::RefundOrders => "refund orders",
            Permission::ManageSettings => "change settings",
            Permission::ManageUsers => "manage users",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Permission::*;
    use super::*;

    #[test]
    fn permission_matrix() {
        let all = [
            ViewOrders,
            CreateOrders,
            ChangeStatus,
            EditOrders,
            BuyLabels,
            VoidLabels,
            CancelOrders,
            RefundOrders,
            ManageSettings,
            ManageUsers,
        ];
        let granted = |role: Role| {
            all.iter()
                .copied()
                .filter(|p| role.permits(*p))
                .collect::<Vec<_>>()
        };
        assert_eq!(granted(Role::Viewer), vec![ViewOrders]);
        assert_eq!(
            granted(Role::Processor),
            vec![ViewOrders, CreateOrders, ChangeStatus, BuyLabels]
        );
        assert_eq!(
            granted(Role::Manager),
            vec![
                ViewOrders,
                CreateOrders,
                ChangeStatus,
                EditOrders,
                BuyLabels,
                VoidLabels,
                CancelOrders,
                RefundOrders
            ]
        );
        assert_eq!(granted(Role::Admin), all.to_vec());
    }

    #[test]
    fn cancelling_and_refunding_need_more_than_moving() {
        assert_eq!(Permission::to_move_to(OrderStatus::Cancelled), CancelOrders);
        assert_eq!(Permission::to_move_to(OrderStatus::Refunded), RefundOrders);
        assert_eq!(Permission::to_move_to(OrderStatus::Shipped), ChangeStatus);
        assert_eq!(Permission::to_move_to(OrderStatus::OnHold), ChangeStatus);
    }
}
