//! An order as this desk shows it = the server's last state for it + this
//! desk's unacknowledged commands replayed on top, in outbox order.

use packdesk_domain::apply::apply;
use packdesk_domain::sync::OrderChange;
use packdesk_domain::{HistorySource, Order};
use rusqlite::Connection;
use uuid::Uuid;

use crate::desk::next_order_number;
use crate::error::DeskResult;
use crate::store::orders::{self, SearchRows};
use crate::store::{shipments, sync as outbox};

/// Rebuilds the stored order from its stored base and its waiting
/// commands. An order the server has never seen is left as it is while its
/// creation may still be accepted, and dropped once it was refused and
/// nothing of it waits: the local view holds only what the server has or
/// may yet take (the refused create stays under Conflicts, to make again).
pub fn rebase(tx: &Connection, order_id: Uuid) -> DeskResult<()> {
    let Some(base) = outbox::base(tx, order_id)? else {
        return drop_if_refused(tx, order_id);
    };
    let mut search = SearchRows::default();
    rebase_onto(tx, base, &mut search)?;
    search.write(tx)
}

/// Rebuilds the stored order from `base` (the server's state, just pulled
/// or stored) and its waiting commands. A waiting command the server's
/// state no longer allows is skipped here; the server will reject it too
/// and it will surface as a conflict. The order's search row is left in
/// `search` (see [`SearchRows`] for why a page of orders writes them last).
/// Answers whether the order is new on this desk.
pub fn rebase_onto(
    tx: &Connection,
    base: OrderChange,
    search: &mut SearchRows,
) -> DeskResult<bool> {
    let order_id = base.order.id;
    let mut order = base.order;
    let mut history = base.history;
    for envelope in outbox::pending_for_order(tx, order_id)? {
        if let Ok(outcome) = apply(&envelope, Some(&order), HistorySource::User) {
            order = outcome.order;
            history.extend(outcome.change);
        }
    }
    match orders::row_of(tx, order_id)? {
        Some(row_id) => {
            orders::overwrite_deferring_search(tx, row_id, &order, &history, search)?;
            Ok(false)
        }
        None => {
            free_number(tx, &order, search)?;
            let row_id = orders::insert_deferring_search(tx, &order, search)?;
            for change in &history {
                orders::insert_history(tx, row_id, change)?;
            }
            Ok(true)
        }
    }
}

/// Frees `arriving`'s number for it. Another order holding that number on
/// this desk can only be one the server never took (order numbers are
/// unique there): it takes a fresh number from this desk, so a pull never
/// fails on a number.
fn free_number(tx: &Connection, arriving: &Order, search: &mut SearchRows) -> DeskResult<()> {
    let Some((row_id, mut local)) = orders::load_by_number(tx, &arriving.order_number)? else {
        return Ok(());
    };
    if local.id == arriving.id {
        return Ok(());
    }
    local.order_number = next_order_number(tx)?;
    tracing::warn!(
        taken = arriving.order_number,
        renumbered = local.order_number,
        "an order only this desk has gave its number to one from the server"
    );
    orders::set_number(tx, row_id, &local.order_number)?;
    search.add(row_id, &local, true);
    Ok(())
}

fn drop_if_refused(tx: &Connection, order_id: Uuid) -> DeskResult<()> {
    if !outbox::create_refused(tx, order_id)?
        || !outbox::pending_for_order(tx, order_id)?.is_empty()
    {
        return Ok(());
    }
    let Some(row_id) = orders::row_of(tx, order_id)? else {
        return Ok(());
    };
    // A label bought for it is money spent: keep the order that shows it.
    if !shipments::for_order(tx, row_id)?.is_empty() {
        return Ok(());
    }
    tracing::info!(%order_id, "order the server refused to create is dropped from this desk");
    orders::delete(tx, row_id)
}
