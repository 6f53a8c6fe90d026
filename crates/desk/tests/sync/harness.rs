//! Real desks (SQLite, the OS keyring) syncing through a real Packdesk
//! server on loopback, over either of its back-ends.
#![allow(dead_code)] // shared with the CLI's sync test, which uses a different part

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::Response;
use packdesk_desk::{share, with_desk, Desk, Secrets, SharedDesk, SyncEngine};
use packdesk_domain::api::{ListQuery, OrderView};
use packdesk_domain::{Actor, Command, Order, OrderStatus, Role};
use packdesk_server::auth::password;
use packdesk_server::http::{self, AppState, ServerConfig};
use packdesk_server::storage::{PostgresStorage, SqliteStorage, Storage};
use tempfile::TempDir;
use uuid::Uuid;

pub const PASSWORD: &str = "correct horse battery staple";

#[derive(Debug, Clone, Copy)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Instantiates each spec once per back-end: `name::sqlite`, `name::postgres`.
macro_rules! on_both_backends {
    ($(async fn $name:ident($server:ident) $body:block)*) => {$(
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn spec($server: $crate::harness::Server) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                spec($crate::harness::Server::start($crate::harness::Backend::Sqlite).await).await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                spec($crate::harness::Server::start($crate::harness::Backend::Postgres).await).await
            }
        }
    )*};
}
pub(crate) use on_both_backends;

pub struct Server {
    pub base: String,
    backend: StorageLocation,
    port: u16,
    faults: Arc<Faults>,
    /// The server runs on a runtime of its own, so killing it drops every
    /// connection and task at once, as a crash would.
    runtime: Option<tokio::runtime::Runtime>,
    _dir: Option<TempDir>,
}

/// Where the server's data lives, so a restart reopens the same database.
#[derive(Clone)]
enum StorageLocation {
    Sqlite(std::path::PathBuf),
    Postgres(Box<tokio_postgres::Config>),
}

#[derive(Default)]
struct Faults {
    /// How many more push answers to cut off after the server committed.
    cut_answers: AtomicUsize,
    /// Pushes wait this long (ms) before being handled, so a test can kill
    /// the server while one is in flight.
    hold_pushes_ms: AtomicUsize,
    /// Pulls after the first wait this long (ms), so a test can kill a desk
    /// between pages.
    hold_later_pulls_ms: AtomicUsize,
}

impl Server {
    pub async fn start(backend: Backend) -> Server {
        let (location, dir) = match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                (
                    StorageLocation::Sqlite(dir.path().join("server.sqlite3")),
                    Some(dir),
                )
            }
            Backend::Postgres => (
                StorageLocation::Postgres(Box::new(
                    packdesk_server::test_postgres::fresh_database().await,
                )),
                None,
            ),
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let mut server = Server {
            base: format!("http://127.0.0.1:{port}"),
            backend: location,
            port,
            faults: Arc::new(Faults::default()),
            runtime: None,
            _dir: dir,
        };
        server.boot(true).await;
        server
    }

    /// Opens the storage and serves on the server's port, on a new runtime.
    async fn boot(&mut self, first: bool) {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("server runtime");
        let (ready, started) = tokio::sync::oneshot::channel();
        let location = self.backend.clone();
        let faults = Arc::clone(&self.faults);
        let port = self.port;
        runtime.spawn(async move {
            let storage: Arc<dyn Storage> = match location {
                StorageLocation::Sqlite(path) => {
                    Arc::new(SqliteStorage::open(path).await.expect("SQLite opens"))
                }
                StorageLocation::Postgres(config) => Arc::new(
                    PostgresStorage::connect(*config)
                        .await
                        .expect("PostgreSQL connects"),
                ),
            };
            if first {
                let hash = password::hash(PASSWORD).expect("hash");
                for (name, role) in [
                    ("admin", Role::Admin),
                    ("manager", Role::Manager),
                    ("processor", Role::Processor),
                    ("viewer", Role::Viewer),
                ] {
                    storage.create_user(name, role, &hash).await.expect("user");
                }
            }
            let app = http::router(AppState::new(storage, ServerConfig::default())).layer(
                middleware::from_fn(move |request: Request, next: Next| {
                    let faults = Arc::clone(&faults);
                    async move { misbehave(faults, request, next).await }
                }),
            );
            let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
                .await
                .expect("server port");
            let _ = ready.send(());
            let _ = axum::serve(listener, app).await;
        });
        started.await.expect("server started");
        self.runtime = Some(runtime);
    }

    /// Kills the server: every connection and request in flight dies.
    pub fn kill(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }

    /// Starts it again on the same database and port.
    pub async fn restart(&mut self) {
        self.kill();
        self.boot(false).await;
    }

    /// Ends every session, as expiry would: each token stops opening the
    /// API (the rows go straight from the server's database).
    pub async fn end_all_sessions(&self) {
        match &self.backend {
            StorageLocation::Sqlite(path) => {
                let db = rusqlite::Connection::open(path).expect("server database");
                db.execute("DELETE FROM tokens", [])
                    .expect("tokens deleted");
            }
            StorageLocation::Postgres(config) => {
                let (client, connection) = config
                    .connect(tokio_postgres::NoTls)
                    .await
                    .expect("PostgreSQL connects");
                tokio::spawn(connection);
                client
                    .execute("DELETE FROM tokens", &[])
                    .await
                    .expect("tokens deleted");
            }
        }
    }

    /// The next `n` pushes are applied and committed by the server, but the
    /// connection breaks before the desk reads the answer.
    pub fn cut_next_push_answers(&self, n: usize) {
        self.faults.cut_answers.store(n, Ordering::SeqCst);
    }

    /// Every push waits `ms` before it is handled.
    pub fn hold_pushes(&self, ms: usize) {
        self.faults.hold_pushes_ms.store(ms, Ordering::SeqCst);
    }

    /// Every pull of a page after the first (`after` > 0) waits `ms`.
    pub fn hold_later_pulls(&self, ms: usize) {
        self.faults.hold_later_pulls_ms.store(ms, Ordering::SeqCst);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Holds pushes and later pulls when asked; runs the request to completion (the server
/// commits), then, when asked,
/// replaces the answer with a body that fails mid-stream: the connection
/// breaks after the commit, exactly the case a desk cannot tell from a loss.
async fn misbehave(faults: Arc<Faults>, request: Request, next: Next) -> Response {
    let is_push = request.uri().path() == "/v1/push";
    let hold = faults.hold_pushes_ms.load(Ordering::SeqCst);
    if is_push && hold > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(hold as u64)).await;
    }
    let is_later_pull = request.uri().path() == "/v1/pull"
        && request.uri().query().is_some_and(|q| {
            q.split('&')
                .any(|p| p.starts_with("after=") && p != "after=0")
        });
    let hold = faults.hold_later_pulls_ms.load(Ordering::SeqCst);
    if is_later_pull && hold > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(hold as u64)).await;
    }
    let response = next.run(request).await;
    let take = is_push
        && faults
            .cut_answers
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok();
    if !take {
        return response;
    }
    let (parts, _) = response.into_parts();
    let broken = futures_util::stream::once(async {
        Err::<axum::body::Bytes, std::io::Error>(std::io::Error::other("connection cut"))
    });
    Response::from_parts(parts, Body::from_stream(broken))
}

/// The keyring service the test desks keep their tokens under.
pub fn test_secrets() -> Secrets {
    Secrets::new(format!("com.packdesk.test.sync.{}", std::process::id()))
}

/// One desk: its own database, keyring entries and sync engine.
pub struct TestDesk {
    pub desk: SharedDesk,
    pub sync: SyncEngine,
    /// Order numbers the desk announced as rush/VIP/wedding arrivals.
    pub alerts: Arc<Mutex<Vec<String>>>,
    _dir: TempDir,
}

impl TestDesk {
    /// A new desk signed in to `server` as `username`.
    pub async fn signed_in(server: &Server, username: &str) -> TestDesk {
        assert!(
            std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
            "the sync tests keep tokens in the OS keyring: run them under scripts/with-keyring.sh"
        );
        let dir = tempfile::tempdir().expect("temp dir");
        let desk = share(Desk::open(&dir.path().join("desk.sqlite3")).expect("open desk"));
        let alerts = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&alerts);
        let sync = SyncEngine::new(
            desk.clone(),
            test_secrets(),
            Arc::new(move |order: &Order| {
                sink.lock()
                    .expect("alerts")
                    .push(order.order_number.clone());
            }),
        )
        .expect("sync engine");
        sync.sign_in(&server.base, username, PASSWORD)
            .await
            .expect("sign in");
        TestDesk {
            desk,
            sync,
            alerts,
            _dir: dir,
        }
    }

    pub fn admin() -> Actor {
        Actor {
            name: "desk admin".into(),
            role: Role::Admin,
        }
    }

    /// A new order from synthetic draft `n`, made here (offline).
    pub fn create(&self, n: u64) -> Order {
        with_desk(&self.desk, |desk| {
            desk.create_order(
                Uuid::now_v7(),
                &Self::admin(),
                packdesk_desk::demo::synthetic_draft(n),
            )
        })
        .expect("create")
        .order
    }

    pub fn run(&self, command: Command) -> packdesk_desk::DeskResult<OrderView> {
        with_desk(&self.desk, |desk| {
            desk.run(Uuid::now_v7(), &Self::admin(), command)
        })
    }

    pub fn move_to(&self, order_id: Uuid, to: OrderStatus, reason: Option<&str>) {
        self.run(Command::ChangeStatus {
            order_id,
            to,
            reason: reason.map(str::to_owned),
        })
        .expect("move");
    }

    pub fn order(&self, id: Uuid) -> OrderView {
        with_desk(&self.desk, |desk| desk.order(id)).expect("order")
    }

    /// The prefix this desk numbers new orders with.
    pub fn prefix(&self) -> String {
        with_desk(&self.desk, |desk| Ok(desk.settings()?.desk_prefix)).expect("settings")
    }

    /// Writes to the desk's database behind its back, to stage what chance
    /// would otherwise have to (two desks drawing one prefix, say).
    pub fn execute_sql(&self, sql: &str) {
        with_desk(&self.desk, |desk| Ok(desk.connection().execute(sql, [])?)).expect("setting");
    }

    /// The numbers of the orders a search for `text` finds, sorted.
    pub fn search(&self, text: &str) -> Vec<String> {
        let rows = with_desk(&self.desk, |desk| {
            desk.list(&ListQuery {
                search: text.into(),
                page_size: 500,
                ..ListQuery::default()
            })
        })
        .expect("search")
        .rows;
        let mut numbers: Vec<String> = rows.into_iter().map(|row| row.order_number).collect();
        numbers.sort();
        numbers
    }

    /// Every order as (number, status, history as "from→to by reason"),
    /// sorted by number: two desks that agree have equal states.
    pub fn state(&self) -> Vec<(String, String, Vec<String>)> {
        let ids: Vec<Uuid> = with_desk(&self.desk, |desk| {
            let mut ids = Vec::new();
            for page in 0.. {
                let rows = desk
                    .list(&ListQuery {
                        page,
                        page_size: 500,
                        ..ListQuery::default()
                    })?
                    .rows;
                if rows.is_empty() {
                    break;
                }
                ids.extend(rows.into_iter().map(|row| row.id));
            }
            Ok(ids)
        })
        .expect("list");
        let mut state: Vec<_> = ids
            .into_iter()
            .map(|id| {
                let view = self.order(id);
                let history = view
                    .history
                    .iter()
                    .map(|c| format!("{:?}→{} {:?}", c.from, c.to, c.reason))
                    .collect();
                (
                    view.order.order_number,
                    view.order.status.to_string(),
                    history,
                )
            })
            .collect();
        state.sort();
        state
    }
}
