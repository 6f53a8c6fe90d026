//! An order as this desk shows it = the server's last state for it + this
//! desk's unacknowledged commands replayed on top, in outbox order.

use packdesk_domain::apply::apply;
use packdesk_domain::sync::OrderChange;
use packdesk_domain::HistorySource;
use rusqlite::Connection;
use uuid::Uuid;

use crate::error::DeskResult;
use crate::store::orders::{self, SearchRows};
use crate::store::sync as outbox;

/// Rebuilds the stored order from its stored base and its waiting
/// commands. An order the server has never seen (created here, not yet
/// acknowledged) is left as it is.
pub fn rebase(tx: &Connection, order_id: Uuid) -> DeskResult<()> {
    let Some(base) = outbox::base(tx, order_id)? else {
        return Ok(());
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
pub fn rebase_onto(tx: &Connection, base: OrderChange, search: &mut SearchRows) -> DeskResult<()> {
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
        Some(row_id) => orders::overwrite_deferring_search(tx, row_id, &order, &history, search),
        None => {
            let row_id = orders::insert_deferring_search(tx, &order, search)?;
            for change in &history {
                orders::insert_history(tx, row_id, change)?;
            }
            Ok(())
        }
    }
}
