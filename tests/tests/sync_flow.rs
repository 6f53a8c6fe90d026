//! Two desks and the Packdesk server, in the real app: sign in from
//! Settings, watch an order made here reach the server, then meet a change
//! another desk made first as a conflict, and keep the server's version.

use std::sync::Arc;

use packdesk_desk::{share, with_desk, Desk, Secrets, SyncEngine};
use packdesk_domain::{Actor, Command, OrderStatus, Role};
use packdesk_e2e::{App, Result};
use packdesk_server::auth::password;
use packdesk_server::http::{self, AppState, ServerConfig};
use packdesk_server::storage::{SqliteStorage, Storage};
use serde_json::json;
use uuid::Uuid;

const PASSWORD: &str = "a long shop password";

#[tokio::test(flavor = "multi_thread")]
async fn a_desk_signs_in_syncs_and_settles_a_conflict_in_the_window() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = start_server(&dir.path().join("server.sqlite3")).await;
    let app = App::launch(&dir.path().join("desk.sqlite3")).await?;

    // Not signed in yet: the header says so.
    app.wait_for("#sync-status[data-state='signed-out']")
        .await?;
    app.click("#nav-settings").await?;
    app.type_into("#server-url", &server).await?;
    app.type_into("#sync-username", "manager").await?;
    app.type_into("#sync-password", PASSWORD).await?;
    app.click("#sign-in").await?;
    app.wait_text("#signed-in-as", "manager").await?;
    app.screenshot("20-signed-in").await?;

    // An order made here goes up on its own.
    let created = app
        .invoke(
            "create_order",
            json!({"command_id": Uuid::new_v4(), "draft": {
                "customer": {"name": "Harriet Vane", "email": "harriet@example.com"},
                "shipping_address": {"line1": "2 Mecklenburgh Sq", "city": "London", "postal_code": "WC1N 2AD", "country": "GB"},
                "items": [{"product_name": "Dinner jacket", "sku": "DJ-40R", "quantity": 1, "unit_price": 65000}]
            }}),
        )
        .await?;
    let order_id: Uuid = created["ok"]["id"]
        .as_str()
        .and_then(|id| id.parse().ok())
        .expect("created order id");
    app.wait_for("#sync-status[data-state='synced'][data-waiting='0']")
        .await?;

    // Another desk pulls it and cancels it first.
    let other_dir = tempfile::tempdir()?;
    let other = other_desk(&other_dir.path().join("other.sqlite3"), &server).await;
    other.sync_now().await.expect("other desk pulls");
    let other_actor = Actor {
        name: "other desk".into(),
        role: Role::Admin,
    };
    with_desk(&other.desk, |desk| {
        desk.run(
            Uuid::now_v7(),
            &other_actor,
            Command::ChangeStatus {
                order_id,
                to: OrderStatus::Cancelled,
                reason: Some("customer cancelled by phone".into()),
            },
        )
    })
    .expect("cancel on the other desk");
    other.sync_now().await.expect("other desk pushes");

    // This desk, not yet aware, confirms the payment: the server refuses.
    let moved = app
        .invoke(
            "change_status",
            json!({"command_id": Uuid::new_v4(), "order_id": order_id, "to": "payment_confirmed"}),
        )
        .await?;
    assert!(moved.get("ok").is_some(), "accepted locally: {moved}");
    app.click("#sync-conflicts-badge").await?;
    app.wait_for(".conflict").await?;
    app.wait_text(".conflict", "Move to Payment confirmed")
        .await?;
    app.screenshot("21-conflict").await?;
    app.click(".keep-server").await?;
    app.wait_for("#no-conflicts").await?;

    // The window shows the server's version of the order.
    let order = app
        .invoke("get_order", json!({"order_id": order_id}))
        .await?;
    assert_eq!(order["ok"]["status"], "cancelled", "{order}");
    app.quit().await?;
    Ok(())
}

/// A server on SQLite with one manager, on a free port; its base URL.
async fn start_server(path: &std::path::Path) -> String {
    let storage = SqliteStorage::open(path.to_owned())
        .await
        .expect("server storage");
    let hash = password::hash(PASSWORD).expect("hash");
    storage
        .create_user("manager", Role::Manager, &hash)
        .await
        .expect("user");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("port");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let state = AppState::new(Arc::new(storage), ServerConfig::default());
    tokio::spawn(http::run(listener, state, std::future::pending()));
    base
}

struct OtherDesk {
    desk: packdesk_desk::SharedDesk,
    sync: SyncEngine,
}

impl OtherDesk {
    async fn sync_now(&self) -> packdesk_desk::DeskResult<packdesk_desk::SyncReport> {
        self.sync.sync_now().await
    }
}

/// A second desk in this process, signed in as the same manager.
async fn other_desk(path: &std::path::Path, server: &str) -> OtherDesk {
    let desk = share(Desk::open(path).expect("other desk"));
    let sync = SyncEngine::new(
        desk.clone(),
        Secrets::new("com.packdesk.e2e.other-desk"),
        Arc::new(|_: &packdesk_domain::Order| {}),
    )
    .expect("sync engine");
    sync.sign_in(server, "manager", PASSWORD)
        .await
        .expect("other desk signs in");
    OtherDesk { desk, sync }
}
