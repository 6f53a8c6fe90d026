//! Offline-first sync with the Packdesk server.
//!
//! Every command applied on this desk is in the outbox (written in its own
//! transaction, see `apply_in`). Sync pushes the outbox in order and deletes
//! an entry only when the server acknowledges it; then pulls the orders
//! changed since the last cursor. The server's state for each order is kept
//! as a *base*; the order a person sees is that base with this desk's
//! unacknowledged commands replayed on top ([`rebase`]), so a pull never
//! overwrites a change still on its way. A command the server rejects
//! becomes a [`SyncConflict`] to settle, never dropped and never blocking the
//! commands behind it.

mod client;
mod rebase;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use packdesk_domain::sync::{
    LoginRequest, PrefixClaim, PullResponse, PushRequest, Resolution, SignedInUser, SyncConflict,
    SyncStatus, Verdict, MAX_PUSH_BATCH,
};
use packdesk_domain::{Actor, Command, Order, Priority, Role};
use uuid::Uuid;

use crate::desk::random_prefix;
use crate::error::{DeskError, DeskResult};
use crate::secrets::Secrets;
use crate::shared::{with_desk, SharedDesk};
use crate::store::orders::{self, SearchRows};
use crate::store::{settings, sync as outbox};
use client::ServerClient;

const SERVER_URL: &str = "sync.server_url";
const USERNAME: &str = "sync.username";
const ROLE: &str = "sync.role";
const CURSOR: &str = "sync.cursor";
const LAST_SYNC: &str = "sync.last_sync";
const DESK_ID: &str = "sync.desk_id";
/// `SERVER_URL|PREFIX` once that server granted this desk its prefix.
const PREFIX_HELD: &str = "sync.prefix_held";
/// Prefixes tried before giving up (each taken one is 1 in ~920k).
const PREFIX_TRIES: usize = 8;

/// What one round of sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub pushed: usize,
    pub rejected: usize,
    pub pulled: usize,
}

/// Called with each order that arrives from another desk with a priority a
/// person should hear about (rush, VIP, wedding party).
pub type NewOrderAlert = Arc<dyn Fn(&Order) + Send + Sync>;

#[derive(Debug, Default)]
struct Health {
    online: bool,
    last_error: Option<String>,
}

#[derive(Clone)]
pub struct SyncEngine {
    desk: SharedDesk,
    secrets: Secrets,
    client: ServerClient,
    health: Arc<Mutex<Health>>,
    /// One round at a time: the background task and "Sync now" never interleave.
    round: Arc<tokio::sync::Mutex<()>>,
    /// Rung when this desk writes or the server announces a change.
    nudge: Arc<tokio::sync::Notify>,
    /// The token once read from the keyring: a keyring read costs ~5 ms of
    /// D-Bus, and the loop needs the token on every wake-up.
    token: Arc<Mutex<Option<String>>>,
    alert: NewOrderAlert,
}

impl SyncEngine {
    pub fn new(desk: SharedDesk, secrets: Secrets, alert: NewOrderAlert) -> DeskResult<Self> {
        Ok(SyncEngine {
            desk,
            secrets,
            client: ServerClient::new(Duration::from_secs(30))?,
            health: Arc::new(Mutex::new(Health::default())),
            round: Arc::new(tokio::sync::Mutex::new(())),
            nudge: Arc::new(tokio::sync::Notify::new()),
            token: Arc::new(Mutex::new(None)),
            alert,
        })
    }

    /// Something changed here (or on the server): sync now rather than at
    /// the next poll. Cheap; call it after every write.
    pub fn nudge(&self) {
        self.nudge.notify_one();
    }

    fn setting(&self, key: &str) -> DeskResult<Option<String>> {
        with_desk(&self.desk, |desk| settings::get(desk.connection(), key))
    }

    fn token_account(&self) -> DeskResult<String> {
        let scope = with_desk(&self.desk, |desk| desk.keyring_scope())?;
        Ok(format!("sync-token/{scope}"))
    }

    /// Signs in to `server_url`; the token goes to the OS keyring.
    pub async fn sign_in(
        &self,
        server_url: &str,
        username: &str,
        password: &str,
    ) -> DeskResult<SignedInUser> {
        let server_url = server_url.trim().trim_end_matches('/').to_owned();
        if username.trim().is_empty() {
            return Err(DeskError::invalid("username", "is required"));
        }
        let login = self
            .client
            .login(
                &server_url,
                &LoginRequest {
                    username: username.trim().to_owned(),
                    password: password.to_owned(),
                },
            )
            .await?;
        self.secrets.set(&self.token_account()?, &login.token)?;
        *self.token.lock().unwrap_or_else(|p| p.into_inner()) = Some(login.token.clone());
        with_desk(&self.desk, |desk| {
            desk.write(|tx| {
                settings::set(tx, SERVER_URL, &server_url)?;
                settings::set(tx, USERNAME, &login.user.username)?;
                settings::set(tx, ROLE, login.user.role.as_str())?;
                settings::get_or_init(tx, DESK_ID, || Uuid::now_v7().to_string())?;
                Ok(())
            })
        })?;
        tracing::info!(
            server = server_url,
            user = login.user.username,
            "signed in to sync"
        );
        Ok(login.user)
    }

    /// Signs out; changes keep waiting in the outbox for the next sign-in.
    pub async fn sign_out(&self) -> DeskResult<()> {
        let account = self.token_account()?;
        if let (Some(url), Some(token)) = (self.setting(SERVER_URL)?, self.secrets.get(&account)?) {
            if let Err(error) = self.client.logout(&url, &token).await {
                tracing::info!(%error, "server not told about sign-out");
            }
        }
        self.forget_session()
    }

    /// Drops this desk's session: the token (keyring and memory) and who
    /// was signed in. The server URL, the desk's id and every waiting
    /// change stay, to go up after the next sign-in.
    fn forget_session(&self) -> DeskResult<()> {
        self.secrets.delete(&self.token_account()?)?;
        *self.token.lock().unwrap_or_else(|p| p.into_inner()) = None;
        with_desk(&self.desk, |desk| {
            desk.write(|tx| {
                tx.execute(
                    "DELETE FROM desk_settings WHERE key IN (?1, ?2)",
                    [USERNAME, ROLE],
                )?;
                Ok(())
            })
        })
    }

    pub fn status(&self) -> DeskResult<SyncStatus> {
        let health = self.health.lock().unwrap_or_else(|p| p.into_inner());
        let (online, last_error) = (health.online, health.last_error.clone());
        drop(health);
        with_desk(&self.desk, |desk| {
            let conn = desk.connection();
            let username = settings::get(conn, USERNAME)?;
            let role = settings::get(conn, ROLE)?.and_then(|r| r.parse::<Role>().ok());
            Ok(SyncStatus {
                server_url: settings::get(conn, SERVER_URL)?.unwrap_or_default(),
                signed_in_as: username
                    .zip(role)
                    .map(|(username, role)| SignedInUser { username, role }),
                waiting: outbox::pending_count(conn)?,
                conflicts: outbox::open_conflict_count(conn)?,
                last_sync: settings::get(conn, LAST_SYNC)?
                    .and_then(|t| t.parse::<i64>().ok())
                    .and_then(DateTime::from_timestamp_millis),
                online,
                last_error,
            })
        })
    }

    /// Pulls every order again from the start (after a restore from backup,
    /// say): the server's state is laid under this desk's waiting changes.
    pub async fn full_resync(&self) -> DeskResult<SyncReport> {
        with_desk(&self.desk, |desk| {
            desk.write(|tx| settings::set(tx, CURSOR, "0"))
        })?;
        self.sync_now().await
    }

    /// Pushes everything waiting, then pulls everything new.
    pub async fn sync_now(&self) -> DeskResult<SyncReport> {
        let _one_round = self.round.lock().await;
        let mut outcome = self.round_trip().await;
        if let Err(DeskError::SignedOut(reason)) = &outcome {
            // The server no longer accepts the token (it expired, or the
            // session was ended): show this desk as signed out, rather than
            // as synced while changes pile up unsent.
            tracing::warn!(reason, "the sync server ended this desk's session");
            if let Err(error) = self.forget_session() {
                outcome = Err(error);
            }
        }
        let mut health = self.health.lock().unwrap_or_else(|p| p.into_inner());
        match &outcome {
            Ok(_) => {
                *health = Health {
                    online: true,
                    last_error: None,
                }
            }
            Err(error) => {
                health.online = !matches!(error, DeskError::Unavailable(_));
                health.last_error = Some(error.to_string());
            }
        }
        outcome
    }

    async fn round_trip(&self) -> DeskResult<SyncReport> {
        let (url, token, desk_id) = self.credentials()?;
        self.hold_prefix(&url, &token, desk_id).await?;
        let mut report = SyncReport::default();
        loop {
            let batch = with_desk(&self.desk, |desk| {
                outbox::pending(desk.connection(), MAX_PUSH_BATCH)
            })?;
            if batch.is_empty() {
                break;
            }
            let response = self
                .client
                .push(
                    &url,
                    &token,
                    &PushRequest {
                        desk_id,
                        commands: batch.clone(),
                    },
                )
                .await?;
            report.pushed += response.acks.len();
            report.rejected += self.record_acks(&batch, &response.acks)?;
            if response.acks.len() < batch.len() {
                break; // the server took part of it; the rest goes next round
            }
        }
        // Pages are fetched one ahead: page N+1 comes over the network while
        // page N is written, which is most of a first sync's time.
        let after = self
            .setting(CURSOR)?
            .and_then(|c| c.parse::<u64>().ok())
            .unwrap_or(0);
        let mut page = self.client.pull(&url, &token, after).await?;
        loop {
            report.pulled += page.changes.len();
            let next_after = page.more.then_some(page.cursor);
            let (stored, next) = tokio::join!(self.store_page(page), async {
                match next_after {
                    Some(after) => self.client.pull(&url, &token, after).await.map(Some),
                    None => Ok(None),
                }
            });
            for order in &stored? {
                (self.alert)(order);
            }
            match next? {
                Some(next) => page = next,
                None => break,
            }
        }
        with_desk(&self.desk, |desk| {
            desk.write(|tx| {
                settings::set(tx, LAST_SYNC, &Utc::now().timestamp_millis().to_string())
            })
        })?;
        Ok(report)
    }

    /// Makes sure the server knows this desk holds its order-number prefix
    /// (once per server). If another desk holds it, this desk moves to a new
    /// prefix before numbering more orders; numbers it already gave out
    /// that the other desk also used come back as conflicts when pushed.
    async fn hold_prefix(&self, url: &str, token: &str, desk_id: Uuid) -> DeskResult<()> {
        for _ in 0..PREFIX_TRIES {
            let (prefix, held) = with_desk(&self.desk, |desk| {
                let conn = desk.connection();
                Ok((
                    settings::get(conn, settings::DESK_PREFIX)?.unwrap_or_default(),
                    settings::get(conn, PREFIX_HELD)?,
                ))
            })?;
            let mark = format!("{url}|{prefix}");
            if held.as_deref() == Some(mark.as_str()) {
                return Ok(());
            }
            let claim = PrefixClaim {
                desk_id,
                prefix: prefix.clone(),
            };
            let answer = self.client.claim_prefix(url, token, &claim).await?;
            with_desk(&self.desk, |desk| {
                desk.write(|tx| {
                    if answer.granted {
                        return settings::set(tx, PREFIX_HELD, &mark);
                    }
                    // Unless it changed meanwhile, move this desk on.
                    if settings::get(tx, settings::DESK_PREFIX)?.as_deref() == Some(prefix.as_str())
                    {
                        let fresh = random_prefix();
                        tracing::warn!(
                            taken = prefix,
                            fresh,
                            "another desk holds this desk's order-number prefix"
                        );
                        settings::set(tx, settings::DESK_PREFIX, &fresh)?;
                    }
                    Ok(())
                })
            })?;
        }
        Err(DeskError::Conflict(
            "the sync server refused every order-number prefix this desk tried".into(),
        ))
    }

    /// Stores a pulled page and its cursor in one transaction, on a blocking
    /// thread; answers the orders that arrived new and deserve an alert.
    async fn store_page(&self, page: PullResponse) -> DeskResult<Vec<Order>> {
        let desk = self.desk.clone();
        tokio::task::spawn_blocking(move || {
            with_desk(&desk, |desk| {
                desk.write(|tx| {
                    let mut arrivals = Vec::new();
                    let mut search = SearchRows::default();
                    for change in page.changes {
                        outbox::put_base(tx, &change)?;
                        let alert = deserves_alert(&change.order).then(|| change.order.clone());
                        if rebase::rebase_onto(tx, change, &mut search)? {
                            arrivals.extend(alert);
                        }
                    }
                    search.write(tx)?;
                    settings::set(tx, CURSOR, &page.cursor.to_string())?;
                    Ok(arrivals)
                })
            })
        })
        .await
        .map_err(|e| DeskError::External(format!("storing pulled orders failed: {e}")))?
    }

    /// Applies the server's answers in one transaction: acknowledged entries
    /// leave the outbox; rejected ones become conflicts and their order is
    /// rebuilt from the server's state and what is still waiting.
    fn record_acks(
        &self,
        batch: &[packdesk_domain::sync::PushedCommand],
        acks: &[packdesk_domain::sync::Ack],
    ) -> DeskResult<usize> {
        with_desk(&self.desk, |desk| {
            desk.write(|tx| {
                let mut rejected = 0;
                for ack in acks {
                    let Some(sent) = batch.iter().find(|c| c.seq == ack.seq) else {
                        continue;
                    };
                    outbox::acknowledge(tx, ack.seq)?;
                    if let Verdict::Rejected { kind, message, .. } = &ack.verdict {
                        rejected += 1;
                        outbox::add_conflict(tx, &sent.envelope, *kind, message, Utc::now())?;
                        rebase::rebase(tx, sent.envelope.command.order_id())?;
                        tracing::warn!(command = %ack.command_id, message, "server rejected a change");
                    }
                }
                Ok(rejected)
            })
        })
    }

    fn credentials(&self) -> DeskResult<(String, String, Uuid)> {
        let url = self
            .setting(SERVER_URL)?
            .filter(|u| !u.is_empty())
            .ok_or_else(|| DeskError::SignedOut("no server is set up".into()))?;
        let cached = self.token.lock().unwrap_or_else(|p| p.into_inner()).clone();
        let token = match cached {
            Some(token) => token,
            None => {
                let token = self
                    .secrets
                    .get(&self.token_account()?)?
                    .ok_or_else(|| DeskError::SignedOut("not signed in".into()))?;
                *self.token.lock().unwrap_or_else(|p| p.into_inner()) = Some(token.clone());
                token
            }
        };
        let desk_id = self
            .setting(DESK_ID)?
            .and_then(|id| id.parse().ok())
            .ok_or_else(|| DeskError::SignedOut("this desk has no sync id yet".into()))?;
        Ok((url, token, desk_id))
    }

    pub fn conflicts(&self) -> DeskResult<Vec<SyncConflict>> {
        with_desk(&self.desk, |desk| {
            let conn = desk.connection();
            outbox::open_conflicts(conn)?
                .into_iter()
                .map(|stored| {
                    let order_id = stored.envelope.command.order_id();
                    let on_desk = orders::load(conn, order_id)?;
                    let order_number = match &stored.envelope.command {
                        Command::CreateOrder { order_number, .. } => Some(order_number.clone()),
                        _ => on_desk.as_ref().map(|(_, o)| o.order_number.clone()),
                    };
                    Ok(SyncConflict {
                        command_id: stored.envelope.id,
                        order_id,
                        order_number,
                        on_desk: on_desk.is_some(),
                        command: stored.envelope.command.kind().to_owned(),
                        summary: summary(&stored.envelope.command),
                        kind: stored.kind,
                        message: stored.message,
                        created_at: stored.created_at,
                    })
                })
                .collect()
        })
    }

    /// Settles a conflict: keep the server's state, or issue the change again
    /// as a new command on top of it (which may itself be refused here).
    pub fn resolve(
        &self,
        actor: &Actor,
        command_id: Uuid,
        resolution: Resolution,
    ) -> DeskResult<()> {
        with_desk(&self.desk, |desk| {
            let envelope = outbox::open_conflict(desk.connection(), command_id)?
                .ok_or_else(|| DeskError::NotFound(format!("conflict {command_id}")))?;
            if resolution == Resolution::ApplyMineAgain {
                match envelope.command {
                    Command::CreateOrder { draft, .. } => {
                        desk.create_order(Uuid::now_v7(), actor, draft)?;
                    }
                    command => {
                        desk.run(Uuid::now_v7(), actor, command)?;
                    }
                }
            }
            desk.write(|tx| outbox::resolve(tx, command_id, resolution, Utc::now()))
        })
    }

    /// Syncs whenever there is something to send, when the server announces
    /// a change, and every half minute; backs off (with jitter) while the
    /// server is away. Spawn once.
    pub async fn run_background(self) {
        tokio::spawn(self.clone().listen());
        let mut failures: u32 = 0;
        let mut last_round: Option<tokio::time::Instant> = None;
        loop {
            let nudged = tokio::select! {
                _ = self.nudge.notified() => true,
                _ = tokio::time::sleep(Duration::from_millis(500)) => false,
            };
            if self.credentials().is_err() {
                continue;
            }
            let waiting =
                with_desk(&self.desk, |desk| outbox::pending_count(desk.connection())).unwrap_or(0);
            let stale = last_round.is_none_or(|at| at.elapsed() >= Duration::from_secs(30));
            if !(nudged || waiting > 0 || stale) {
                continue;
            }
            last_round = Some(tokio::time::Instant::now());
            match self.sync_now().await {
                Ok(_) => failures = 0,
                Err(error) => {
                    failures = failures.saturating_add(1);
                    tracing::info!(%error, failures, "sync round failed");
                    tokio::time::sleep(backoff(failures)).await;
                }
            }
        }
    }

    /// Listens to the server's change events and nudges the loop to pull.
    async fn listen(self) {
        loop {
            let Ok((url, token, _)) = self.credentials() else {
                tokio::time::sleep(Duration::from_secs(5)).await;
                continue;
            };
            match self.client.events(&url, &token).await {
                Ok(mut stream) => {
                    while let Ok(Some(chunk)) = stream.chunk().await {
                        if String::from_utf8_lossy(&chunk).contains("event: changed") {
                            self.nudge();
                        }
                    }
                }
                Err(_) => tokio::time::sleep(Duration::from_secs(5)).await,
            }
        }
    }
}

fn backoff(failures: u32) -> Duration {
    let base = Duration::from_secs(1).saturating_mul(2u32.saturating_pow(failures.min(6)));
    let capped = base.min(Duration::from_secs(60));
    let jitter = rand::random::<u64>() % (capped.as_millis() as u64 / 2 + 1);
    capped / 2 + Duration::from_millis(jitter)
}

fn deserves_alert(order: &Order) -> bool {
    matches!(
        order.details.priority,
        Priority::Rush | Priority::VipCustomer | Priority::WeddingParty
    )
}

/// A command in words, for the conflicts list.
fn summary(command: &Command) -> String {
    match command {
        Command::CreateOrder { order_number, .. } => format!("Create order {order_number}"),
        Command::ChangeStatus { to, .. } => format!("Move to {}", to.label()),
        Command::EditOrder { .. } => "Edit the order's details".into(),
        Command::ShipOrder { label, .. } => format!("Ship with label {}", label.tracking_code),
        Command::VoidLabel { tracking_code, .. } => format!("Void label {tracking_code}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_to_a_minute_and_is_jittered() {
        for failures in 1..20 {
            let ceiling = Duration::from_secs(1)
                .saturating_mul(2u32.saturating_pow(failures.min(6)))
                .min(Duration::from_secs(60));
            let wait = backoff(failures);
            assert!(
                wait >= ceiling / 2 && wait <= ceiling,
                "{failures}: {wait:?}"
            );
        }
        let waits: std::collections::HashSet<Duration> = (0..20).map(|_| backoff(6)).collect();
        assert!(
            waits.len() > 1,
            "desks coming back together do not retry in step"
        );
    }
}
