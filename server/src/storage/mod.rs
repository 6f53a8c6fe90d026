//! Where the server keeps users, sessions, orders and the record of every
//! pushed command.
//!
//! The HTTP layer only sees [`Storage`], so `main` can pick SQLite or
//! PostgreSQL from the `--database` URL at run time. The rules that decide a
//! push live once, in [`push`]; each backend only supplies the transaction
//! around them.

mod database_url;
mod migrations;
mod postgres;
pub(crate) mod push;
mod sqlite;

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use packdesk_domain::sync::{Ack, OrderChange, PullResponse, PushedCommand, SignedInUser};
use packdesk_domain::Role;
use uuid::Uuid;

pub use database_url::DatabaseUrl;
pub use postgres::PostgresStorage;
pub use sqlite::SqliteStorage;

/// A user's row id; never leaves the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UserId(pub i64);

/// A user as stored, with the PHC string of their password.
#[derive(Debug, Clone)]
pub struct UserRecord {
    pub id: UserId,
    pub user: SignedInUser,
    pub password_hash: String,
}

/// A signed-in user, as found from their token. The name and role come from
/// the users table at each request, so a role change takes effect at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user_id: UserId,
    pub user: SignedInUser,
    pub expires_at: DateTime<Utc>,
}

/// The SHA-256 of a bearer token: the token itself is never stored, so a
/// copy of the database does not let anyone in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenHash(pub [u8; 32]);

/// What a push came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushOutcome {
    /// One per pushed command, in order.
    pub acks: Vec<Ack>,
    /// The newest change cursor the push took, when it applied anything
    /// (not when every answer came from the record).
    pub newest_cursor: Option<u64>,
}

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("PostgreSQL: {0}")]
    Postgres(#[from] tokio_postgres::Error),
    #[error("PostgreSQL connection pool: {0}")]
    Pool(#[from] deadpool_postgres::PoolError),
    #[error("stored JSON does not read back: {0}")]
    Json(#[from] serde_json::Error),
    #[error("the database is at schema version {found}, newer than this server knows ({known}); upgrade the server")]
    SchemaTooNew { found: i64, known: i64 },
    #[error("the database holds an unreadable value: {0}")]
    Corrupt(String),
    #[error("a user named {0:?} already exists")]
    UserExists(String),
    #[error("a database worker thread failed: {0}")]
    Worker(String),
    #[error("cannot open the database: {0}")]
    Open(String),
    #[error("{0} does not fit a 64-bit signed database integer")]
    OutOfRange(u64),
}

pub type StorageResult<T> = Result<T, StorageError>;

/// Everything the server stores. Methods are async and object-safe so the
/// server holds an `Arc<dyn Storage>` and never knows which database it is.
#[async_trait]
pub trait Storage: Send + Sync {
    /// `sqlite` or `postgres`, as `/healthz` reports it.
    fn backend_name(&self) -> &'static str;

    /// Adds a user; `password_hash` is a PHC string (see `auth::password`).
    async fn create_user(
        &self,
        username: &str,
        role: Role,
        password_hash: &str,
    ) -> StorageResult<UserId>;

    async fn find_user(&self, username: &str) -> StorageResult<Option<UserRecord>>;

    /// Every user, by name.
    async fn list_users(&self) -> StorageResult<Vec<SignedInUser>>;

    /// Gives `username` another role, effective at their next request;
    /// `false` when there is no such user.
    async fn set_role(&self, username: &str, role: Role) -> StorageResult<bool>;

    /// Removes `username` and with them every session they had; `false`
    /// when there is no such user. What they pushed stays.
    async fn remove_user(&self, username: &str) -> StorageResult<bool>;

    /// Records a session token; also forgets tokens that expired by `expires_at`'s clock.
    async fn insert_token(
        &self,
        hash: &TokenHash,
        user: UserId,
        expires_at: DateTime<Utc>,
    ) -> StorageResult<()>;

    /// The session behind `hash`, if it exists and has not expired at `now`.
    async fn find_session(
        &self,
        hash: &TokenHash,
        now: DateTime<Utc>,
    ) -> StorageResult<Option<Session>>;

    async fn delete_token(&self, hash: &TokenHash) -> StorageResult<()>;

    /// Decides and records a whole push in one transaction, command by
    /// command in order: each is answered from the record if its
    /// `(desk_id, seq)` or id was seen before, otherwise re-run as `user`
    /// and stored with its verdict. A refused command holds back nothing;
    /// a storage failure commits nothing.
    async fn push(
        &self,
        desk_id: Uuid,
        user: &SignedInUser,
        commands: &[PushedCommand],
    ) -> StorageResult<PushOutcome>;

    /// Records that `desk_id` holds `prefix` unless another desk does;
    /// answers whether this desk holds it now.
    async fn claim_prefix(&self, desk_id: Uuid, prefix: &str) -> StorageResult<bool>;

    /// Orders whose change cursor is above `after`, oldest change first.
    async fn pull(&self, after: u64, limit: u32) -> StorageResult<PullResponse>;

    /// Fails when the database does not answer.
    async fn health(&self) -> StorageResult<()>;
}

/// Opens (creating and migrating if needed) the database `url` names.
pub async fn open(url: &DatabaseUrl) -> StorageResult<Arc<dyn Storage>> {
    Ok(match url {
        DatabaseUrl::Sqlite(path) => Arc::new(SqliteStorage::open(path.clone()).await?),
        DatabaseUrl::Postgres(config) => {
            Arc::new(PostgresStorage::connect((**config).clone()).await?)
        }
    })
}

/// Cursors and sequence numbers are `u64` on the wire and `BIGINT` in both
/// databases; anything beyond `i64::MAX` cannot be stored.
pub(crate) fn to_db_int(value: u64) -> StorageResult<i64> {
    i64::try_from(value).map_err(|_| StorageError::OutOfRange(value))
}

/// A stored cursor or seq read back; negative values never get written.
pub(crate) fn from_db_int(value: i64) -> StorageResult<u64> {
    u64::try_from(value).map_err(|_| StorageError::Corrupt(format!("negative counter {value}")))
}

/// Builds a pull answer from up to `limit + 1` changes read after `after`:
/// the extra row only tells whether more wait.
pub(crate) fn pull_page(after: u64, limit: u32, mut changes: Vec<OrderChange>) -> PullResponse {
    let more = changes.len() > limit as usize;
    changes.truncate(limit as usize);
    let cursor = changes.last().map_or(after, |change| change.cursor);
    PullResponse {
        changes,
        cursor,
        more,
    }
}

pub(crate) fn parse_uuid(text: &str) -> StorageResult<Uuid> {
    Uuid::parse_str(text).map_err(|_| StorageError::Corrupt(format!("bad id {text:?}")))
}

pub(crate) fn parse_role(text: &str) -> StorageResult<Role> {
    text.parse()
        .map_err(|_| StorageError::Corrupt(format!("unknown role {text:?}")))
}
