//! A real server on a free port, over either backend, and a desk to drive it.

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use packdesk_domain::order::{AddressDraft, CustomerDraft, ItemDraft, OrderDraft};
use packdesk_domain::sync::{PullResponse, PushRequest, PushResponse, PushedCommand, Verdict};
use packdesk_domain::{Actor, Command, CommandEnvelope, OrderStatus, Role};
use packdesk_server::auth::{password, SessionToken};
use packdesk_server::http::{self, AppState, ServerConfig};
use packdesk_server::storage::{PostgresStorage, SqliteStorage, Storage};
use reqwest::StatusCode;
use std::sync::OnceLock;
use tempfile::TempDir;
use uuid::Uuid;

/// Every test user's password.
pub const PASSWORD: &str = "correct horse battery staple";

/// One user per role, named after it.
const USERS: &[(&str, Role)] = &[
    ("admin", Role::Admin),
    ("manager", Role::Manager),
    ("processor", Role::Processor),
    ("viewer", Role::Viewer),
];

#[derive(Debug, Clone, Copy)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Instantiates each spec once per backend: `name::sqlite`, `name::postgres`.
macro_rules! on_both_backends {
    ($(async fn $name:ident($harness:ident) $body:block)*) => {$(
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn spec($harness: $crate::support::Harness) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                spec($crate::support::Harness::start($crate::support::Backend::Sqlite).await).await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                spec($crate::support::Harness::start($crate::support::Backend::Postgres).await).await
            }
        }
    )*};
}
pub(crate) use on_both_backends;

pub struct Harness {
    pub base: String,
    pub client: reqwest::Client,
    pub storage: Arc<dyn Storage>,
    _dir: Option<TempDir>,
}

impl Harness {
    pub async fn start(backend: Backend) -> Harness {
        let (storage, dir): (Arc<dyn Storage>, _) = match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("a temp dir");
                let path = dir.path().join("server.sqlite3");
                let storage = SqliteStorage::open(path).await.expect("SQLite opens");
                (Arc::new(storage), Some(dir))
            }
            Backend::Postgres => {
                let config = packdesk_server::test_postgres::fresh_database().await;
                let storage = PostgresStorage::connect(config)
                    .await
                    .expect("PostgreSQL connects");
                (Arc::new(storage), None)
            }
        };
        for (name, role) in USERS {
            storage
                .create_user(name, *role, password_hash())
                .await
                .expect("user created");
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free port");
        let base = format!("http://{}", listener.local_addr().expect("an address"));
        let state = AppState::new(Arc::clone(&storage), ServerConfig::default());
        tokio::spawn(http::run(listener, state, std::future::pending()));
        Harness {
            base,
            client: reqwest::Client::new(),
            storage,
            _dir: dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A session for `username` made through storage, skipping the
    /// deliberately slow password check that the login specs cover.
    pub async fn token(&self, username: &str) -> String {
        let user = self
            .storage
            .find_user(username)
            .await
            .expect("storage answers")
            .expect("a test user");
        let token = SessionToken::generate();
        let expires = Utc::now() + chrono::Duration::hours(1);
        self.storage
            .insert_token(&token.hash(), user.id, expires)
            .await
            .expect("token stored");
        token.as_str().to_owned()
    }

    pub async fn login(&self, username: &str, password: &str) -> reqwest::Response {
        self.client
            .post(self.url("/v1/login"))
            .json(&serde_json::json!({ "username": username, "password": password }))
            .send()
            .await
            .expect("server answers")
    }

    pub async fn push(
        &self,
        token: &str,
        desk_id: Uuid,
        commands: &[PushedCommand],
    ) -> PushResponse {
        let response = self
            .client
            .post(self.url("/v1/push"))
            .bearer_auth(token)
            .json(&PushRequest {
                desk_id,
                commands: commands.to_vec(),
            })
            .send()
            .await
            .expect("server answers");
        assert_eq!(response.status(), StatusCode::OK, "push failed");
        response.json().await.expect("a push response")
    }

    pub async fn pull(&self, token: &str, after: u64, limit: Option<u32>) -> PullResponse {
        let mut query = vec![("after", after.to_string())];
        if let Some(limit) = limit {
            query.push(("limit", limit.to_string()));
        }
        let response = self
            .client
            .get(self.url("/v1/pull"))
            .bearer_auth(token)
            .query(&query)
            .send()
            .await
            .expect("server answers");
        assert_eq!(response.status(), StatusCode::OK, "pull failed");
        response.json().await.expect("a pull response")
    }

    /// `GET path` with `token`, for checking status codes.
    pub async fn get(&self, path: &str, token: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("server answers")
    }
}

/// Hashing with Argon2's real parameters is slow in debug builds, so the
/// test users share one hash made once per test binary.
fn password_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| password::hash(PASSWORD).expect("hashing works"))
}

/// A desk's outbox: numbers commands and wraps them in envelopes that
/// claim to come from an admin (the server must not believe that).
pub struct Desk {
    pub id: Uuid,
    next_seq: u64,
}

impl Desk {
    pub fn new() -> Desk {
        Desk {
            id: Uuid::new_v4(),
            next_seq: 1,
        }
    }

    pub fn next(&mut self, command: Command) -> PushedCommand {
        let seq = self.next_seq;
        self.next_seq += 1;
        let claimed = Actor {
            name: "whoever the desk says".into(),
            role: Role::Admin,
        };
        let issued = Utc
            .with_ymd_and_hms(2025, 5, 1, 10, 0, 0)
            .single()
            .unwrap_or_default();
        PushedCommand {
            seq,
            envelope: CommandEnvelope::new(Uuid::new_v4(), issued, claimed, command),
        }
    }
}

/// A draft every check accepts.
pub fn valid_draft() -> OrderDraft {
    OrderDraft {
        customer: CustomerDraft {
            name: "Ada Byron".into(),
            email: "ada@example.com".into(),
            ..Default::default()
        },
        shipping_address: AddressDraft {
            line1: "1 Main St".into(),
            city: "Springfield".into(),
            region: "IL".into(),
            postal_code: "62701".into(),
            country: "US".into(),
            ..Default::default()
        },
        items: vec![ItemDraft {
            product_name: "Linen shirt".into(),
            quantity: 2,
            unit_price: 4_500,
            ..Default::default()
        }],
        ..Default::default()
    }
}

/// A valid new order with a fresh id.
pub fn create_order(order_number: &str) -> (Uuid, Command) {
    let order_id = Uuid::new_v4();
    let draft = valid_draft();
    let command = Command::CreateOrder {
        order_id,
        order_number: order_number.into(),
        draft,
    };
    (order_id, command)
}

pub fn move_to(order_id: Uuid, to: OrderStatus, reason: Option<&str>) -> Command {
    Command::ChangeStatus {
        order_id,
        to,
        reason: reason.map(str::to_owned),
    }
}

pub fn verdicts(response: &PushResponse) -> Vec<Verdict> {
    response
        .acks
        .iter()
        .map(|ack| ack.verdict.clone())
        .collect()
}
