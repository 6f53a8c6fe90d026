//! The desk: the one entry point the Tauri app and the CLI call.
//!
//! Every change arrives as a [`CommandEnvelope`] and is applied inside one
//! `BEGIN IMMEDIATE` transaction together with its history row and its entry in
//! `applied_commands`. A command id seen before is answered with the order as
//! it stands, never applied twice; a refused command writes nothing.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use packdesk_domain::api::{DeskSettings, ListQuery, OrderPage, OrderView, StatusCount};
use packdesk_domain::apply::apply;
use packdesk_domain::desk_prefix;
use packdesk_domain::{
    Actor, Command, CommandEnvelope, Currency, HistorySource, Order, OrderDraft, Permission, Role,
};
use rand::Rng;
use rusqlite::{Connection, OptionalExtension};
use serde::Deserialize;
use uuid::Uuid;

use crate::error::{DeskError, DeskResult};
use crate::paths;
use crate::store::{orders, settings, sync as sync_store, Store};

/// What Settings may change.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingsUpdate {
    pub operator_name: String,
    pub operator_role: Role,
    pub default_currency: Currency,
}

pub struct Desk {
    store: Store,
    path: PathBuf,
}

impl Desk {
    /// Opens the desk database at `path`, creating and migrating it as needed.
    /// A new database gets its desk prefix here, once, and names its OS
    /// keyring entries after it (a name that stays if the prefix changes).
    pub fn open(path: &Path) -> DeskResult<Desk> {
        let mut store = Store::open(path)?;
        let tx = store.write()?;
        let prefix = settings::get_or_init(&tx, settings::DESK_PREFIX, random_prefix)?;
        settings::get_or_init(&tx, settings::KEYRING_SCOPE, || prefix)?;
        settings::get_or_init(&tx, settings::NEXT_ORDER_SEQUENCE, || "1".into())?;
        tx.commit()?;
        Ok(Desk {
            store,
            path: path.to_owned(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn conn(&self) -> &Connection {
        self.store.conn()
    }

    /// The database connection, for reads by tools and tests. Writes go
    /// through commands, never through this.
    pub fn connection(&self) -> &Connection {
        self.store.conn()
    }

    // ------------------------------------------------------------ settings

    /// Who is working at this desk. A new desk's operator is its admin.
    pub fn operator(&self) -> DeskResult<Actor> {
        let conn = self.conn();
        let name =
            settings::get(conn, settings::OPERATOR_NAME)?.unwrap_or_else(|| "Desk admin".into());
        let role = settings::get(conn, settings::OPERATOR_ROLE)?
            .and_then(|r| r.parse().ok())
            .unwrap_or(Role::Admin);
        Ok(Actor { name, role })
    }

    /// What this desk's OS keyring entries are named after: unique per
    /// database, and unchanged when the sync server makes it change prefix.
    pub fn keyring_scope(&self) -> DeskResult<String> {
        Ok(settings::get(self.conn(), settings::KEYRING_SCOPE)?.unwrap_or_default())
    }

    pub fn settings(&self) -> DeskResult<DeskSettings> {
        let conn = self.conn();
        let operator = self.operator()?;
        Ok(DeskSettings {
            operator_name: operator.name,
            operator_role: operator.role,
            desk_prefix: settings::get(conn, settings::DESK_PREFIX)?.unwrap_or_default(),
            default_currency: settings::get(conn, settings::DEFAULT_CURRENCY)?
                .and_then(|c| c.parse().ok())
                .unwrap_or(Currency::USD),
            database_path: self.path.display().to_string(),
            log_path: paths::log_dir_for(&self.path).display().to_string(),
        })
    }

    /// Anyone may change the operator name; changing the role or currency is
    /// an admin's settings work.
    pub fn save_settings(
        &mut self,
        actor: &Actor,
        update: &SettingsUpdate,
    ) -> DeskResult<DeskSettings> {
        let current = self.settings()?;
        let name = update.operator_name.trim();
        if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
            return Err(DeskError::invalid(
                "operator_name",
                "must be 1 to 100 characters",
            ));
        }
        let privileged_change = update.operator_role != current.operator_role
            || update.default_currency != current.default_currency;
        if privileged_change {
            require(actor, Permission::ManageSettings)?;
        }
        let tx = self.store.write()?;
        settings::set(&tx, settings::OPERATOR_NAME, name)?;
        settings::set(&tx, settings::OPERATOR_ROLE, update.operator_role.as_str())?;
        settings::set(
            &tx,
            settings::DEFAULT_CURRENCY,
            update.default_currency.code(),
        )?;
        tx.commit()?;
        tracing::info!(
            operator = name,
            role = update.operator_role.as_str(),
            "settings saved"
        );
        self.settings()
    }

    // -------------------------------------------------------------- writes

    /// Creates an order from a draft: allocates its id and desk-unique number
    /// and applies the resulting command, all in one transaction. Retrying with
    /// the same `command_id` returns the order made the first time.
    pub fn create_order(
        &mut self,
        command_id: Uuid,
        actor: &Actor,
        draft: OrderDraft,
    ) -> DeskResult<OrderView> {
        let tx = self.store.write()?;
        let order_id = create_in(&tx, command_id, actor, draft, Utc::now())?;
        let view = view(&tx, order_id)?;
        tx.commit()?;
        tracing::info!(order = %view.order.order_number, by = %actor.name, "order created");
        Ok(view)
    }

    /// Issues `command` now as `actor`.
    pub fn run(
        &mut self,
        command_id: Uuid,
        actor: &Actor,
        command: Command,
    ) -> DeskResult<OrderView> {
        let envelope = CommandEnvelope::new(command_id, Utc::now(), actor.clone(), command);
        self.apply(&envelope, HistorySource::User)
    }

    /// Applies one envelope durably, or answers it again if it was applied before.
    pub fn apply(
        &mut self,
        envelope: &CommandEnvelope,
        source: HistorySource,
    ) -> DeskResult<OrderView> {
        let tx = self.store.write()?;
        let order_id = apply_in(&tx, envelope, source)?;
        let view = view(&tx, order_id)?;
        tx.commit()?;
        tracing::info!(command = envelope.command.kind(), order = %view.order.order_number, by = %envelope.actor.name, "command applied");
        Ok(view)
    }

    /// Creates one order per draft, all in one transaction: every one of them
    /// or none.
    pub fn create_orders(
        &mut self,
        actor: &Actor,
        drafts: Vec<OrderDraft>,
        now: DateTime<Utc>,
    ) -> DeskResult<Vec<Uuid>> {
        let keyed = drafts
            .into_iter()
            .map(|draft| (Uuid::now_v7(), draft))
            .collect();
        self.create_orders_keyed(actor, keyed, now)
    }

    /// Like [`Desk::create_orders`], with command ids the caller made: a batch
    /// sent again (an import of the same file) is answered with the orders it
    /// made the first time, not made twice.
    pub fn create_orders_keyed(
        &mut self,
        actor: &Actor,
        drafts: Vec<(Uuid, OrderDraft)>,
        now: DateTime<Utc>,
    ) -> DeskResult<Vec<Uuid>> {
        require(actor, Permission::CreateOrders)?;
        self.write(|tx| {
            drafts
                .into_iter()
                .map(|(command_id, draft)| create_in(tx, command_id, actor, draft, now))
                .collect()
        })
    }

    /// Whether a command with this id has been applied here.
    pub fn was_applied(&self, command_id: Uuid) -> DeskResult<bool> {
        Ok(applied_command(self.conn(), command_id)?.is_some())
    }

    /// Runs `work` in one write transaction, committed only if it succeeds.
    pub(crate) fn write<T>(
        &mut self,
        work: impl FnOnce(&Connection) -> DeskResult<T>,
    ) -> DeskResult<T> {
        let tx = self.store.write()?;
        let value = work(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    // --------------------------------------------------------------- reads

    pub fn order(&self, id: Uuid) -> DeskResult<OrderView> {
        view(self.conn(), id)
    }

    pub fn order_by_number(&self, order_number: &str) -> DeskResult<OrderView> {
        let number = order_number.trim();
        let found = orders::load_by_number(self.conn(), number)?
            .ok_or_else(|| DeskError::NotFound(number.to_owned()))?;
        with_history(self.conn(), found)
    }

    pub fn list(&self, query: &ListQuery) -> DeskResult<OrderPage> {
        orders::list(self.conn(), query)
    }

    /// Visits every order matching `query` (paging ignored) in its sort
    /// order, all read from one snapshot: an export sees the desk as it was
    /// when it began, however long it takes and whatever is saved meanwhile.
    pub fn each_order(
        &self,
        query: &ListQuery,
        mut visit: impl FnMut(&Order) -> DeskResult<()>,
    ) -> DeskResult<usize> {
        let snapshot = self.conn().unchecked_transaction()?;
        let ids = orders::matching_ids(&snapshot, query)?;
        for id in &ids {
            visit(&existing(&snapshot, *id)?.1)?;
        }
        Ok(ids.len())
    }

    pub fn status_counts(&self) -> DeskResult<Vec<StatusCount>> {
        orders::status_counts(self.conn())
    }
}

/// Refuses, as `Forbidden`, an actor whose role lacks `permission`.
pub(crate) fn require(actor: &Actor, permission: Permission) -> DeskResult<()> {
    if actor.role.permits(permission) {
        Ok(())
    } else {
        Err(DeskError::Forbidden {
            role: actor.role,
            permission,
        })
    }
}

/// A new random desk prefix (see `packdesk_domain::desk_prefix`).
pub(crate) fn random_prefix() -> String {
    let mut rng = rand::rng();
    desk_prefix::from_random(std::array::from_fn(|_| rng.random()))
}

/// Creates an order with a fresh id and number inside `tx`, as issued by
/// `actor` at `at`; a `command_id` seen before is answered with its order.
pub(crate) fn create_in(
    tx: &Connection,
    command_id: Uuid,
    actor: &Actor,
    draft: OrderDraft,
    at: DateTime<Utc>,
) -> DeskResult<Uuid> {
    if let Some(seen) = applied_command(tx, command_id)? {
        return match seen.command {
            Command::CreateOrder {
                order_id,
                draft: seen_draft,
                ..
            } if seen_draft == draft => Ok(order_id),
            _ => Err(reused_id(command_id)),
        };
    }
    // A refusal below rolls the whole transaction back, the number with it.
    let command = Command::CreateOrder {
        order_id: Uuid::now_v7(),
        order_number: next_order_number(tx)?,
        draft,
    };
    apply_in(
        tx,
        &CommandEnvelope::new(command_id, at, actor.clone(), command),
        HistorySource::User,
    )
}

/// `K7QM-00042`: the desk's prefix and its next sequence number. Unique across
/// desks without asking anyone, as long as prefixes differ.
pub(crate) fn next_order_number(conn: &Connection) -> DeskResult<String> {
    let prefix = settings::get(conn, settings::DESK_PREFIX)?.unwrap_or_default();
    let sequence: u64 = settings::get(conn, settings::NEXT_ORDER_SEQUENCE)?
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    settings::set(
        conn,
        settings::NEXT_ORDER_SEQUENCE,
        &(sequence + 1).to_string(),
    )?;
    Ok(format!("{prefix}-{sequence:05}"))
}

/// The envelope applied under `command_id`, if one was.
fn applied_command(conn: &Connection, command_id: Uuid) -> DeskResult<Option<CommandEnvelope>> {
    let payload: Option<String> = conn
        .prepare_cached("SELECT payload FROM applied_commands WHERE command_id = ?1")?
        .query_row([command_id.to_string()], |row| row.get(0))
        .optional()?;
    payload
        .map(|p| {
            serde_json::from_str(&p).map_err(|e| {
                DeskError::Conflict(format!("stored command {command_id} is unreadable: {e}"))
            })
        })
        .transpose()
}

fn reused_id(command_id: Uuid) -> DeskError {
    DeskError::Conflict(format!(
        "command id {command_id} was already used for a different change"
    ))
}

fn view(conn: &Connection, order_id: Uuid) -> DeskResult<OrderView> {
    with_history(conn, existing(conn, order_id)?)
}

/// The order with this id, or `NotFound`.
fn existing(conn: &Connection, order_id: Uuid) -> DeskResult<(i64, Order)> {
    orders::load(conn, order_id)?.ok_or_else(|| DeskError::NotFound(order_id.to_string()))
}

fn with_history(conn: &Connection, (row_id, order): (i64, Order)) -> DeskResult<OrderView> {
    Ok(OrderView {
        history: orders::history(conn, row_id)?,
        order,
    })
}

/// The heart of the desk: checks and applies one command inside `tx`.
/// Returns the id of the order it concerns.
pub(crate) fn apply_in(
    tx: &Connection,
    envelope: &CommandEnvelope,
    source: HistorySource,
) -> DeskResult<Uuid> {
    let payload =
        serde_json::to_string(envelope).map_err(|e| DeskError::Conflict(e.to_string()))?;
    if let Some(seen) = applied_command(tx, envelope.id)? {
        return if seen.command == envelope.command {
            Ok(envelope.command.order_id())
        } else {
            Err(reused_id(envelope.id))
        };
    }

    let actor = &envelope.actor;
    let current = match &envelope.command {
        Command::CreateOrder { .. } => orders::load(tx, envelope.command.order_id())?,
        _ => Some(existing(tx, envelope.command.order_id())?),
    };
    let outcome = apply(envelope, current.as_ref().map(|(_, order)| order), source)?;
    let row_id = match (&envelope.command, current) {
        (Command::CreateOrder { .. }, _) => {
            let number = &outcome.order.order_number;
            if orders::load_by_number(tx, number)?.is_some() {
                return Err(DeskError::Conflict(format!(
                    "order number {number} is already taken"
                )));
            }
            orders::insert(tx, &outcome.order)?
        }
        (_, Some((row_id, _))) => {
            if outcome.details_changed {
                orders::update_details(tx, row_id, &outcome.order)?;
            } else {
                orders::update_status(tx, row_id, &outcome.order)?;
            }
            row_id
        }
        (_, None) => return Err(DeskError::NotFound(envelope.command.order_id().to_string())),
    };
    if let Some(change) = &outcome.change {
        orders::insert_history(tx, row_id, change)?;
    }

    tx.prepare_cached(
        "INSERT INTO applied_commands (command_id, kind, order_id, actor, payload, applied_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(rusqlite::params![
        envelope.id.to_string(),
        envelope.command.kind(),
        envelope.command.order_id().to_string(),
        actor.name,
        payload,
        orders::millis(Utc::now()),
    ])?;
    // What happened here goes to the server; what came from it does not.
    if source != HistorySource::Sync {
        sync_store::enqueue(tx, envelope)?;
    }
    Ok(envelope.command.order_id())
}
