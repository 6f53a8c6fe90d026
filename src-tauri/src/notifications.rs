//! OS notifications for orders that arrive from another desk and need eyes
//! now: rush, VIP and wedding-party orders.

use packdesk_domain::Order;

/// Shows one notification; a desktop without a notification service only
/// loses the popup, never the order.
pub fn announce(order: &Order) {
    let summary = format!(
        "{} order {}",
        order.details.priority.label(),
        order.order_number
    );
    let body = format!(
        "{} · {} item(s){}",
        order.details.customer.name,
        order.details.items.iter().map(|i| i.quantity).sum::<i64>(),
        order
            .details
            .event
            .as_ref()
            .map(|e| format!(" · {} {}", e.kind.label(), e.date))
            .unwrap_or_default()
    );
    if let Err(error) = notify_rust::Notification::new()
        .appname("Packdesk")
        .summary(&summary)
        .body(&body)
        .show()
    {
        tracing::info!(%error, order = order.order_number, "notification not shown");
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex};

    use packdesk_domain::{Order, OrderDraft};
    use uuid::Uuid;
    use zbus::OwnedVariant;

    use super::announce;

    /// A notification daemon for the test's private D-Bus session, recording
    /// (summary, body) of every notification it is asked to show.
    struct Recorder {
        shown: Arc<Mutex<Vec<(String, String)>>>,
    }

    #[zbus::interface(name = "org.freedesktop.Notifications")]
    impl Recorder {
        #[allow(clippy::too_many_arguments)] // the freedesktop method's shape
        fn notify(
            &self,
            _app_name: String,
            _replaces_id: u32,
            _app_icon: String,
            summary: String,
            body: String,
            _actions: Vec<String>,
            _hints: HashMap<String, OwnedVariant>,
            _expire_timeout: i32,
        ) -> u32 {
            let mut shown = self.shown.lock().unwrap_or_else(|p| p.into_inner());
            shown.push((summary, body));
            shown.len() as u32
        }

        fn get_capabilities(&self) -> Vec<String> {
            vec!["body".into()]
        }

        fn get_server_information(&self) -> (String, String, String, String) {
            (
                "recorder".into(),
                "packdesk".into(),
                "1".into(),
                "1.2".into(),
            )
        }
    }

    #[test]
    fn a_wedding_party_order_from_another_desk_is_announced() {
        assert!(
            std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
            "run under scripts/with-keyring.sh (a private D-Bus session)"
        );
        let shown = Arc::new(Mutex::new(Vec::new()));
        let recorder = Recorder {
            shown: Arc::clone(&shown),
        };
        let _daemon = tauri::async_runtime::block_on(async {
            zbus::connection::Builder::session()
                .name("org.freedesktop.Notifications")
                .serve_at("/org/freedesktop/Notifications", recorder)
                .build()
                .await
        })
        .expect("own the notification service");

        let draft: OrderDraft = serde_json::from_value(serde_json::json!({
            "customer": {"name": "Eleanor Whitfield", "email": "e@example.com"},
            "shipping_address": {"line1": "1 Elm St", "city": "Lansing", "postal_code": "48933", "country": "US"},
            "priority": "wedding_party",
            "event_kind": "wedding", "event_date": "2027-06-12",
            "items": [{"product_name": "Tuxedo", "sku": "TUX-1", "quantity": 5, "unit_price": 50000}]
        }))
        .expect("draft");
        let details = draft.validate().expect("valid");
        let order = Order::new(
            Uuid::nil(),
            "K7QM-00042".into(),
            details,
            chrono::Utc::now(),
        );
        announce(&order);

        let shown = shown.lock().unwrap_or_else(|p| p.into_inner()).clone();
        assert_eq!(
            shown,
            vec![(
                "Wedding party order K7QM-00042".to_owned(),
                "Eleanor Whitfield · 5 item(s) · Wedding 2027-06-12".to_owned()
            )]
        );
    }
}
