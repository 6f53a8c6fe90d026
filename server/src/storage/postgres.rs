//! The PostgreSQL backend, for shops that already run one or want several
//! server processes.
//!
//! # Why change cursors never skip
//!
//! A puller asks for orders with `cursor > after`. If two pushes took
//! cursors 41 and 42 and the one holding 42 committed first, a pull in
//! between would return 42, and the desk would never ask below 42 again:
//! order 41 would be lost to it forever. So every push transaction starts
//! by locking the single `sync_cursor` row (`SELECT … FOR UPDATE`) and
//! holds that lock until it commits. Cursors are therefore handed out and
//! committed in the same order, and the lock also makes the "was this
//! command recorded?" and "is this order number taken?" reads race-free.
//!
//! A row lock was chosen over `pg_advisory_xact_lock` because it names what
//! it protects (the counter it guards is in that very row) and cannot clash
//! with another application's advisory lock keys. The cost is that pushes
//! are serialised, so a push holds the lock for a fixed handful of round
//! trips whatever its size: three reads of everything it may touch, the
//! decisions in memory, one bulk write of orders and one of verdicts.
//! Transactions run at READ COMMITTED, so each statement after the lock sees
//! everything the previous holder committed.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use packdesk_domain::sync::{OrderChange, PullResponse, PushedCommand, SignedInUser, Verdict};
use packdesk_domain::{Order, Role, StatusChange};
use tokio_postgres::types::Json;
use tokio_postgres::NoTls;
use uuid::Uuid;

use super::migrations::{self, Migration};
use super::push::{self, Known, Recorded, StoredOrder};
use super::{
    from_db_int, parse_role, pull_page, to_db_int, PushOutcome, Session, Storage, StorageError,
    StorageResult, TokenHash, UserId, UserRecord,
};

/// Enough connections for a shop's desks; pushes queue on the cursor row
/// lock anyway, so more would only wait there.
const POOL_SIZE: usize = 8;

pub struct PostgresStorage {
    pool: Pool,
}

impl PostgresStorage {
    /// Connects with `config` and migrates the database.
    pub async fn connect(config: tokio_postgres::Config) -> StorageResult<PostgresStorage> {
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .build()
            .map_err(|e| StorageError::Open(e.to_string()))?;
        let storage = PostgresStorage { pool };
        storage.migrate(migrations::POSTGRES).await?;
        Ok(storage)
    }

    async fn migrate(&self, all: &'static [Migration]) -> StorageResult<()> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL);
             LOCK TABLE schema_version IN EXCLUSIVE MODE;",
        )
        .await?;
        let current: i64 = tx
            .query_one("SELECT COALESCE(MAX(version), 0) FROM schema_version", &[])
            .await?
            .try_get(0)?;
        for migration in migrations::pending(all, current)? {
            tx.batch_execute(migration.sql).await?;
            tx.execute(
                "INSERT INTO schema_version (version) VALUES ($1)",
                &[&migration.version],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

#[async_trait]
impl Storage for PostgresStorage {
    fn backend_name(&self) -> &'static str {
        "postgres"
    }

    async fn create_user(
        &self,
        username: &str,
        role: Role,
        password_hash: &str,
    ) -> StorageResult<UserId> {
        let client = self.pool.get().await?;
        let row = client
            .query_opt(
                "INSERT INTO users (username, role, password_hash) VALUES ($1, $2, $3)
                 ON CONFLICT (username) DO NOTHING RETURNING id",
                &[&username, &role.as_str(), &password_hash],
            )
            .await?;
        match row {
            Some(row) => Ok(UserId(row.try_get(0)?)),
            None => Err(StorageError::UserExists(username.to_owned())),
        }
    }

    async fn find_user(&self, username: &str) -> StorageResult<Option<UserRecord>> {
        let client = self.pool.get().await?;
        let row = client
            .query_opt(
                "SELECT id, username, role, password_hash FROM users WHERE username = $1",
                &[&username],
            )
            .await?;
        row.map(|row| {
            Ok(UserRecord {
                id: UserId(row.try_get(0)?),
                user: SignedInUser {
                    username: row.try_get(1)?,
                    role: parse_role(row.try_get(2)?)?,
                },
                password_hash: row.try_get(3)?,
            })
        })
        .transpose()
    }

    async fn list_users(&self) -> StorageResult<Vec<SignedInUser>> {
        let client = self.pool.get().await?;
        client
            .query("SELECT username, role FROM users ORDER BY username", &[])
            .await?
            .into_iter()
            .map(|row| {
                Ok(SignedInUser {
                    username: row.try_get(0)?,
                    role: parse_role(row.try_get(1)?)?,
                })
            })
            .collect()
    }

    async fn set_role(&self, username: &str, role: Role) -> StorageResult<bool> {
        let client = self.pool.get().await?;
        let changed = client
            .execute(
                "UPDATE users SET role = $2 WHERE username = $1",
                &[&username, &role.as_str()],
            )
            .await?;
        Ok(changed == 1)
    }

    async fn remove_user(&self, username: &str) -> StorageResult<bool> {
        let client = self.pool.get().await?;
        // Their tokens go with them (ON DELETE CASCADE).
        let removed = client
            .execute("DELETE FROM users WHERE username = $1", &[&username])
            .await?;
        Ok(removed == 1)
    }

    async fn insert_token(
        &self,
        hash: &TokenHash,
        user: UserId,
        expires_at: DateTime<Utc>,
    ) -> StorageResult<()> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        tx.execute("DELETE FROM tokens WHERE expires_at <= now()", &[])
            .await?;
        tx.execute(
            "INSERT INTO tokens (hash, user_id, expires_at) VALUES ($1, $2, $3)",
            &[&hash.0.as_slice(), &user.0, &expires_at],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn find_session(
        &self,
        hash: &TokenHash,
        now: DateTime<Utc>,
    ) -> StorageResult<Option<Session>> {
        let client = self.pool.get().await?;
        let row = client
            .query_opt(
                "SELECT u.id, u.username, u.role, t.expires_at
                 FROM tokens t JOIN users u ON u.id = t.user_id
                 WHERE t.hash = $1 AND t.expires_at > $2",
                &[&hash.0.as_slice(), &now],
            )
            .await?;
        row.map(|row| {
            Ok(Session {
                user_id: UserId(row.try_get(0)?),
                user: SignedInUser {
                    username: row.try_get(1)?,
                    role: parse_role(row.try_get(2)?)?,
                },
                expires_at: row.try_get(3)?,
            })
        })
        .transpose()
    }

    async fn delete_token(&self, hash: &TokenHash) -> StorageResult<()> {
        let client = self.pool.get().await?;
        client
            .execute("DELETE FROM tokens WHERE hash = $1", &[&hash.0.as_slice()])
            .await?;
        Ok(())
    }

    async fn push(
        &self,
        desk_id: Uuid,
        user: &SignedInUser,
        commands: &[PushedCommand],
    ) -> StorageResult<PushOutcome> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        // The writer lock: see the module docs. Held until commit/rollback.
        tx.execute("SELECT 1 FROM sync_cursor WHERE id = 1 FOR UPDATE", &[])
            .await?;
        let known = load_known(&tx, desk_id, commands).await?;
        let batch = push::decide_batch(desk_id, user, commands, known);

        let mut newest_cursor = None;
        if batch.applied > 0 {
            let last: i64 = tx
                .query_one(
                    "UPDATE sync_cursor SET last_cursor = last_cursor + $1 WHERE id = 1
                     RETURNING last_cursor",
                    &[&to_db_int(batch.applied)?],
                )
                .await?
                .try_get(0)?;
            let last = from_db_int(last)?;
            let (mut ids, mut numbers, mut cursors, mut documents, mut histories) =
                (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
            for (stored, cursor) in batch.cursored_orders(last) {
                ids.push(stored.order.id);
                numbers.push(stored.order.order_number.as_str());
                cursors.push(to_db_int(cursor)?);
                documents.push(Json(&stored.order));
                histories.push(Json(&stored.history));
            }
            tx.execute(
                "INSERT INTO orders (id, order_number, cursor, document, history)
                 SELECT * FROM UNNEST($1::uuid[], $2::text[], $3::bigint[], $4::jsonb[], $5::jsonb[])
                 ON CONFLICT (id) DO UPDATE SET order_number = excluded.order_number,
                     cursor = excluded.cursor, document = excluded.document,
                     history = excluded.history",
                &[&ids, &numbers, &cursors, &documents, &histories],
            )
            .await?;
            newest_cursor = Some(last);
        }

        if !batch.records.is_empty() {
            let desks = vec![desk_id; batch.records.len()];
            let seqs = batch
                .records
                .iter()
                .map(|r| to_db_int(r.seq))
                .collect::<StorageResult<Vec<_>>>()?;
            let command_ids: Vec<Uuid> = batch.records.iter().map(|r| r.command_id).collect();
            let verdicts: Vec<Json<&Verdict>> =
                batch.records.iter().map(|r| Json(&r.verdict)).collect();
            tx.execute(
                "INSERT INTO applied (desk_id, seq, command_id, verdict)
                 SELECT * FROM UNNEST($1::uuid[], $2::bigint[], $3::uuid[], $4::jsonb[])",
                &[&desks, &seqs, &command_ids, &verdicts],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(PushOutcome {
            acks: batch.acks,
            newest_cursor,
        })
    }

    async fn claim_prefix(&self, desk_id: Uuid, prefix: &str) -> StorageResult<bool> {
        let client = self.pool.get().await?;
        client
            .execute(
                "INSERT INTO desk_prefixes (prefix, desk_id) VALUES ($1, $2)
                 ON CONFLICT (prefix) DO NOTHING",
                &[&prefix, &desk_id],
            )
            .await?;
        let holder: Uuid = client
            .query_one(
                "SELECT desk_id FROM desk_prefixes WHERE prefix = $1",
                &[&prefix],
            )
            .await?
            .try_get(0)?;
        Ok(holder == desk_id)
    }

    async fn pull(&self, after: u64, limit: u32) -> StorageResult<PullResponse> {
        let client = self.pool.get().await?;
        let rows = client
            .query(
                "SELECT cursor, document, history FROM orders
                 WHERE cursor > $1 ORDER BY cursor LIMIT $2",
                &[&to_db_int(after)?, &(i64::from(limit) + 1)],
            )
            .await?;
        let changes = rows
            .into_iter()
            .map(|row| {
                Ok(OrderChange {
                    cursor: from_db_int(row.try_get(0)?)?,
                    order: row.try_get::<_, Json<Order>>(1)?.0,
                    history: row.try_get::<_, Json<Vec<StatusChange>>>(2)?.0,
                })
            })
            .collect::<StorageResult<Vec<_>>>()?;
        Ok(pull_page(after, limit, changes))
    }

    async fn health(&self) -> StorageResult<()> {
        let client = self.pool.get().await?;
        client.execute("SELECT 1", &[]).await?;
        Ok(())
    }
}

/// Everything a push may touch, in three queries whatever its size.
async fn load_known(
    tx: &tokio_postgres::Transaction<'_>,
    desk_id: Uuid,
    commands: &[PushedCommand],
) -> StorageResult<Known> {
    let wanted = push::lookups(commands);
    let seqs = wanted
        .seqs
        .iter()
        .map(|&seq| to_db_int(seq))
        .collect::<StorageResult<Vec<_>>>()?;
    let records = tx
        .query(
            "SELECT desk_id, seq, command_id, verdict FROM applied
             WHERE (desk_id = $1 AND seq = ANY($2)) OR command_id = ANY($3)",
            &[&desk_id, &seqs, &wanted.command_ids],
        )
        .await?
        .into_iter()
        .map(|row| {
            Ok(Recorded {
                desk_id: row.try_get(0)?,
                seq: from_db_int(row.try_get(1)?)?,
                command_id: row.try_get(2)?,
                verdict: row.try_get::<_, Json<Verdict>>(3)?.0,
            })
        })
        .collect::<StorageResult<Vec<_>>>()?;
    let orders = tx
        .query(
            "SELECT id, document, history FROM orders WHERE id = ANY($1)",
            &[&wanted.order_ids],
        )
        .await?
        .into_iter()
        .map(|row| {
            Ok((
                row.try_get::<_, Uuid>(0)?,
                StoredOrder {
                    order: row.try_get::<_, Json<Order>>(1)?.0,
                    history: row.try_get::<_, Json<Vec<StatusChange>>>(2)?.0,
                },
            ))
        })
        .collect::<StorageResult<_>>()?;
    let number_owners = tx
        .query(
            "SELECT order_number, id FROM orders WHERE order_number = ANY($1)",
            &[&wanted.numbers],
        )
        .await?
        .into_iter()
        .map(|row| Ok((row.try_get::<_, String>(0)?, row.try_get::<_, Uuid>(1)?)))
        .collect::<StorageResult<_>>()?;
    Ok(Known {
        records,
        orders,
        number_owners,
    })
}
