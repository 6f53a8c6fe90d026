//! The SQLite backend: one file, no setup, for a shop with one server box.
//!
//! Durability matches the desk's store: WAL with `synchronous = FULL`, so a
//! push is acknowledged only once it is on disk. rusqlite is blocking, so
//! every call runs on `spawn_blocking`. There are two connections: writes
//! queue on one (each push is one `BEGIN IMMEDIATE` transaction, so writers
//! are serialised by SQLite itself, which also makes change cursors commit
//! in the order they are handed out); reads use the other and, thanks to
//! WAL, never wait for a writer.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use packdesk_domain::sync::{OrderChange, PullResponse, PushedCommand, SignedInUser};
use packdesk_domain::Role;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use uuid::Uuid;

use super::migrations::{self, Migration};
use super::push::{self, Known, Recorded, StoredOrder};
use super::{
    from_db_int, parse_role, parse_uuid, pull_page, to_db_int, PushOutcome, Session, Storage,
    StorageError, StorageResult, TokenHash, UserId, UserRecord,
};

/// How long a writer waits for another process holding the write lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

pub struct SqliteStorage {
    writer: Arc<Mutex<Connection>>,
    reader: Arc<Mutex<Connection>>,
}

impl SqliteStorage {
    /// Opens (creating if needed) the file at `path` and migrates it.
    pub async fn open(path: PathBuf) -> StorageResult<SqliteStorage> {
        blocking(move || {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)
                    .map_err(|e| StorageError::Open(format!("{}: {e}", parent.display())))?;
            }
            let mut writer = connect(&path)?;
            migrate(&mut writer, migrations::SQLITE)?;
            let reader = connect(&path)?;
            Ok(SqliteStorage {
                writer: Arc::new(Mutex::new(writer)),
                reader: Arc::new(Mutex::new(reader)),
            })
        })
        .await
    }

    async fn write<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Connection) -> StorageResult<T> + Send + 'static,
    ) -> StorageResult<T> {
        let conn = Arc::clone(&self.writer);
        blocking(move || work(&mut lock(&conn))).await
    }

    async fn read<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Connection) -> StorageResult<T> + Send + 'static,
    ) -> StorageResult<T> {
        let conn = Arc::clone(&self.reader);
        blocking(move || work(&lock(&conn))).await
    }
}

/// A panic while a connection was held rolled its transaction back on
/// unwinding, so the connection itself is still sound to use.
fn lock(conn: &Mutex<Connection>) -> std::sync::MutexGuard<'_, Connection> {
    conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> StorageResult<T> + Send + 'static,
) -> StorageResult<T> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| StorageError::Worker(e.to_string()))?
}

fn connect(path: &Path) -> StorageResult<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StorageError::Open(format!(
            "{}: the disk does not support WAL journaling (got {mode})",
            path.display()
        )));
    }
    conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")?;
    Ok(conn)
}

fn migrate(conn: &mut Connection, all: &'static [Migration]) -> StorageResult<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute_batch("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")?;
    let current: i64 = tx.query_row(
        "SELECT COALESCE(MAX(version), 0) FROM schema_version",
        [],
        |row| row.get(0),
    )?;
    for migration in migrations::pending(all, current)? {
        tx.execute_batch(migration.sql)?;
        tx.execute(
            "INSERT INTO schema_version (version) VALUES (?1)",
            [migration.version],
        )?;
    }
    tx.commit()?;
    Ok(())
}

#[async_trait]
impl Storage for SqliteStorage {
    fn backend_name(&self) -> &'static str {
        "sqlite"
    }

    async fn create_user(
        &self,
        username: &str,
        role: Role,
        password_hash: &str,
    ) -> StorageResult<UserId> {
        let (username, password_hash) = (username.to_owned(), password_hash.to_owned());
        self.write(move |conn| {
            let inserted = conn.execute(
                "INSERT INTO users (username, role, password_hash) VALUES (?1, ?2, ?3)
                 ON CONFLICT (username) DO NOTHING",
                params![username, role.as_str(), password_hash],
            )?;
            if inserted == 0 {
                return Err(StorageError::UserExists(username));
            }
            Ok(UserId(conn.last_insert_rowid()))
        })
        .await
    }

    async fn find_user(&self, username: &str) -> StorageResult<Option<UserRecord>> {
        let username = username.to_owned();
        self.read(move |conn| {
            let row = conn
                .query_row(
                    "SELECT id, username, role, password_hash FROM users WHERE username = ?1",
                    [&username],
                    |row| {
                        Ok((
                            row.get::<_, i64>(0)?,
                            row.get::<_, String>(1)?,
                            row.get::<_, String>(2)?,
                            row.get::<_, String>(3)?,
                        ))
                    },
                )
                .optional()?;
            row.map(|(id, username, role, password_hash)| {
                Ok(UserRecord {
                    id: UserId(id),
                    user: SignedInUser {
                        username,
                        role: parse_role(&role)?,
                    },
                    password_hash,
                })
            })
            .transpose()
        })
        .await
    }

    async fn list_users(&self) -> StorageResult<Vec<SignedInUser>> {
        self.read(|conn| {
            let mut statement =
                conn.prepare_cached("SELECT username, role FROM users ORDER BY username")?;
            let rows = statement.query_map([], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
            })?;
            let mut users = Vec::new();
            for row in rows {
                let (username, role) = row?;
                users.push(SignedInUser {
                    username,
                    role: parse_role(&role)?,
                });
            }
            Ok(users)
        })
        .await
    }

    async fn set_role(&self, username: &str, role: Role) -> StorageResult<bool> {
        let username = username.to_owned();
        self.write(move |conn| {
            let changed = conn.execute(
                "UPDATE users SET role = ?2 WHERE username = ?1",
                params![username, role.as_str()],
            )?;
            Ok(changed == 1)
        })
        .await
    }

    async fn remove_user(&self, username: &str) -> StorageResult<bool> {
        let username = username.to_owned();
        self.write(move |conn| {
            // Their tokens go with them (ON DELETE CASCADE).
            let removed = conn.execute("DELETE FROM users WHERE username = ?1", [username])?;
            Ok(removed == 1)
        })
        .await
    }

    async fn insert_token(
        &self,
        hash: &TokenHash,
        user: UserId,
        expires_at: DateTime<Utc>,
    ) -> StorageResult<()> {
        let hash = *hash;
        let now = Utc::now().timestamp_millis();
        self.write(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute("DELETE FROM tokens WHERE expires_at <= ?1", [now])?;
            tx.execute(
                "INSERT INTO tokens (hash, user_id, expires_at) VALUES (?1, ?2, ?3)",
                params![hash.0.as_slice(), user.0, expires_at.timestamp_millis()],
            )?;
            tx.commit()?;
            Ok(())
        })
        .await
    }

    async fn find_session(
        &self,
        hash: &TokenHash,
        now: DateTime<Utc>,
    ) -> StorageResult<Option<Session>> {
        let hash = *hash;
        self.read(move |conn| {
            let row = conn
                .query_row(
                    "SELECT u.id, u.username, u.role, t.expires_at
                     FROM tokens t JOIN users u ON u.id = t.user_id
                     WHERE t.hash = ?1 AND t.expires_at > ?2",
                    params![hash.0.as_slice(), now.timestamp_millis()],
                    |row| {
                        Ok((
                            row.get::<_, i64>(0)?,
                            row.get::<_, String>(1)?,
                            row.get::<_, String>(2)?,
                            row.get::<_, i64>(3)?,
                        ))
                    },
                )
                .optional()?;
            row.map(|(id, username, role, expires_at)| {
                Ok(Session {
                    user_id: UserId(id),
                    user: SignedInUser {
                        username,
                        role: parse_role(&role)?,
                    },
                    expires_at: DateTime::from_timestamp_millis(expires_at)
                        .ok_or_else(|| StorageError::Corrupt(format!("bad expiry {expires_at}")))?,
                })
            })
            .transpose()
        })
        .await
    }

    async fn delete_token(&self, hash: &TokenHash) -> StorageResult<()> {
        let hash = *hash;
        self.write(move |conn| {
            conn.execute("DELETE FROM tokens WHERE hash = ?1", [hash.0.as_slice()])?;
            Ok(())
        })
        .await
    }

    async fn push(
        &self,
        desk_id: Uuid,
        user: &SignedInUser,
        commands: &[PushedCommand],
    ) -> StorageResult<PushOutcome> {
        let (user, commands) = (user.clone(), commands.to_vec());
        self.write(move |conn| push_in(conn, desk_id, &user, &commands))
            .await
    }

    async fn claim_prefix(&self, desk_id: Uuid, prefix: &str) -> StorageResult<bool> {
        let (desk, prefix) = (desk_id.to_string(), prefix.to_owned());
        self.write(move |conn| {
            conn.execute(
                "INSERT INTO desk_prefixes (prefix, desk_id, claimed_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (prefix) DO NOTHING",
                params![prefix, desk, Utc::now().timestamp_millis()],
            )?;
            let holder: String = conn.query_row(
                "SELECT desk_id FROM desk_prefixes WHERE prefix = ?1",
                [&prefix],
                |row| row.get(0),
            )?;
            Ok(holder == desk)
        })
        .await
    }

    async fn pull(&self, after: u64, limit: u32) -> StorageResult<PullResponse> {
        let after_db = to_db_int(after)?;
        self.read(move |conn| {
            let mut statement = conn.prepare_cached(
                "SELECT cursor, document, history FROM orders
                 WHERE cursor > ?1 ORDER BY cursor LIMIT ?2",
            )?;
            let rows = statement.query_map(params![after_db, i64::from(limit) + 1], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                ))
            })?;
            let mut changes = Vec::new();
            for row in rows {
                let (cursor, document, history) = row?;
                changes.push(OrderChange {
                    cursor: from_db_int(cursor)?,
                    order: serde_json::from_str(&document)?,
                    history: serde_json::from_str(&history)?,
                });
            }
            Ok(pull_page(after, limit, changes))
        })
        .await
    }

    async fn health(&self) -> StorageResult<()> {
        self.read(|conn| {
            conn.query_row("SELECT 1", [], |_| Ok(()))?;
            Ok(())
        })
        .await
    }
}

/// The one-transaction push (see [`Storage::push`]). `BEGIN IMMEDIATE`
/// takes the write lock before the first read, so nothing can slip in
/// between looking up the records and writing the verdicts.
fn push_in(
    conn: &mut Connection,
    desk_id: Uuid,
    user: &SignedInUser,
    commands: &[PushedCommand],
) -> StorageResult<PushOutcome> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let known = load_known(&tx, desk_id, commands)?;
    let batch = push::decide_batch(desk_id, user, commands, known);

    let mut newest_cursor = None;
    if batch.applied > 0 {
        let last: i64 = tx.query_row(
            "UPDATE sync_cursor SET last_cursor = last_cursor + ?1 WHERE id = 1
             RETURNING last_cursor",
            [to_db_int(batch.applied)?],
            |row| row.get(0),
        )?;
        let last = from_db_int(last)?;
        let mut upsert = tx.prepare_cached(
            "INSERT INTO orders (id, order_number, cursor, document, history)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (id) DO UPDATE SET order_number = excluded.order_number,
                 cursor = excluded.cursor, document = excluded.document,
                 history = excluded.history",
        )?;
        for (stored, cursor) in batch.cursored_orders(last) {
            upsert.execute(params![
                stored.order.id.to_string(),
                stored.order.order_number,
                to_db_int(cursor)?,
                serde_json::to_string(&stored.order)?,
                serde_json::to_string(&stored.history)?,
            ])?;
        }
        newest_cursor = Some(last);
    }
    {
        let mut record = tx.prepare_cached(
            "INSERT INTO applied (desk_id, seq, command_id, verdict) VALUES (?1, ?2, ?3, ?4)",
        )?;
        let desk = desk_id.to_string();
        for recorded in &batch.records {
            record.execute(params![
                desk,
                to_db_int(recorded.seq)?,
                recorded.command_id.to_string(),
                serde_json::to_string(&recorded.verdict)?,
            ])?;
        }
    }
    tx.commit()?;
    Ok(PushOutcome {
        acks: batch.acks,
        newest_cursor,
    })
}

/// Everything a push may touch. Point lookups on indexed keys cost
/// microseconds in-process, so SQLite simply asks per item.
fn load_known(tx: &Connection, desk_id: Uuid, commands: &[PushedCommand]) -> StorageResult<Known> {
    let wanted = push::lookups(commands);
    let desk = desk_id.to_string();
    let mut known = Known::default();
    let mut records = tx.prepare_cached(
        "SELECT desk_id, seq, command_id, verdict FROM applied
         WHERE (desk_id = ?1 AND seq = ?2) OR command_id = ?3",
    )?;
    for (seq, command_id) in wanted.seqs.iter().zip(&wanted.command_ids) {
        let rows = records.query_map(
            params![desk, to_db_int(*seq)?, command_id.to_string()],
            |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                ))
            },
        )?;
        for row in rows {
            let (desk_id, seq, command_id, verdict) = row?;
            known.records.push(Recorded {
                desk_id: parse_uuid(&desk_id)?,
                seq: from_db_int(seq)?,
                command_id: parse_uuid(&command_id)?,
                verdict: serde_json::from_str(&verdict)?,
            });
        }
    }
    let mut order = tx.prepare_cached("SELECT document, history FROM orders WHERE id = ?1")?;
    for id in &wanted.order_ids {
        let found = order
            .query_row([id.to_string()], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
            })
            .optional()?;
        if let Some((document, history)) = found {
            known.orders.insert(
                *id,
                StoredOrder {
                    order: serde_json::from_str(&document)?,
                    history: serde_json::from_str(&history)?,
                },
            );
        }
    }
    let mut owner = tx.prepare_cached("SELECT id FROM orders WHERE order_number = ?1")?;
    for number in wanted.numbers {
        let found = owner
            .query_row([number], |row| row.get::<_, String>(0))
            .optional()?;
        if let Some(id) = found {
            known
                .number_owners
                .insert(number.to_owned(), parse_uuid(&id)?);
        }
    }
    Ok(known)
}
