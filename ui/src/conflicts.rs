//! Conflicts: changes made at this desk that the server refused because
//! another desk changed the order first. Each waits here until someone
//! chooses what stands: the server's version, or this desk's change again.
//!
//! The list is asked for again whenever the header's conflict count moves,
//! so a Sync now that brings new refusals shows them without a click.

use std::rc::Rc;

use packdesk_domain::api::ErrorBody;
use packdesk_domain::sync::{Resolution, SyncConflict};
use uuid::Uuid;
use yew::prelude::*;

use crate::bridge;
use crate::busy::use_busy;
use crate::format;
use crate::sync_context::use_sync;
use crate::toast::use_toaster;

/// The order a conflict is about, by number; one never seen by this desk's
/// list (its number not known) still needs a name to click.
pub fn order_label(conflict: &SyncConflict) -> String {
    conflict
        .order_number
        .clone()
        .unwrap_or_else(|| "Order without a number".into())
}

/// The toast once a conflict is settled.
pub fn resolved(resolution: Resolution) -> &'static str {
    match resolution {
        Resolution::KeepServer => "Kept the server's version",
        Resolution::ApplyMineAgain => "Your change was made again; it goes up with the next sync",
    }
}

#[derive(Properties, PartialEq)]
pub struct ConflictsPageProps {
    pub on_open_order: Callback<Uuid>,
}

#[function_component]
pub fn ConflictsPage(props: &ConflictsPageProps) -> Html {
    let sync = use_sync();
    let conflicts = use_state(|| None::<Result<Rc<Vec<SyncConflict>>, ErrorBody>>);
    // Which conflict is being settled, for its spinner; one at a time.
    let resolving = use_state(|| None::<Uuid>);
    let busy = use_busy();
    let toaster = use_toaster();

    {
        let conflicts = conflicts.clone();
        use_effect_with(sync.conflicts(), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                conflicts.set(Some(bridge::sync::sync_conflicts().await.map(Rc::new)));
            });
        });
    }

    let resolve = |command_id: Uuid, resolution: Resolution| {
        let (conflicts, resolving, busy, toaster, refresh) = (
            conflicts.clone(),
            resolving.clone(),
            busy.clone(),
            toaster.clone(),
            sync.refresh.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            if !busy.start() {
                return;
            }
            resolving.set(Some(command_id));
            let (conflicts, resolving, busy, toaster, refresh) = (
                conflicts.clone(),
                resolving.clone(),
                busy.clone(),
                toaster.clone(),
                refresh.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let answer = bridge::sync::resolve_conflict(command_id, resolution).await;
                busy.finish();
                resolving.set(None);
                match answer {
                    Ok(remaining) => {
                        toaster.success(resolved(resolution));
                        conflicts.set(Some(Ok(Rc::new(remaining))));
                        // The header's count and waiting changes follow.
                        refresh.emit(());
                    }
                    Err(error) => toaster.error(error.message),
                }
            });
        })
    };

    let row = |conflict: &SyncConflict| {
        let id = conflict.command_id;
        let order_id = conflict.order_id;
        let mine = *resolving == Some(id);
        html! {
            <li key={id.to_string()} class="conflict" data-command-id={id.to_string()}>
                <div class="conflict-facts">
                    <div class="conflict-head">
                        if conflict.on_desk {
                            <button type="button" class="link conflict-order mono"
                                onclick={props.on_open_order.reform(move |_: MouseEvent| order_id)}>{ order_label(conflict) }</button>
                        } else {
                            <span class="conflict-order mono" title="Not on this desk: the server refused to create it">{ order_label(conflict) }</span>
                        }
                        <span class="muted small">{ format::local_date_time(conflict.created_at) }</span>
                    </div>
                    <p class="conflict-summary">{ &conflict.summary }</p>
                    <p class="conflict-message muted small">{ format!("Server: {}", conflict.message) }</p>
                </div>
                <div class="conflict-actions">
                    if mine { <span class="spinner" aria-hidden="true"></span> }
                    <button type="button" class="btn btn-secondary btn-small keep-server" disabled={busy.get()}
                        onclick={resolve(id, Resolution::KeepServer)}>{ "Keep the server's version" }</button>
                    <button type="button" class="btn btn-secondary btn-small apply-mine" disabled={busy.get()}
                        onclick={resolve(id, Resolution::ApplyMineAgain)}>{ "Apply my change again" }</button>
                </div>
            </li>
        }
    };

    let body = match &*conflicts {
        None => html! {
            <div class="panel panel-loading"><span class="spinner"></span>{ "Loading conflicts…" }</div>
        },
        Some(Err(error)) => html! {
            <div class="panel panel-error" role="alert">
                <h2>{ "The conflicts could not be loaded" }</h2><p>{ error.message.clone() }</p>
            </div>
        },
        Some(Ok(list)) if list.is_empty() => html! {
            <div id="no-conflicts" class="panel panel-empty">
                <p>{ "No conflicts. Every change from this desk reached the server." }</p>
            </div>
        },
        Some(Ok(list)) => html! {
            <ul id="conflicts" class="conflict-list">{ for list.iter().map(row) }</ul>
        },
    };

    html! {
        <section id="conflicts-page" class="page conflicts-page">
            <header class="page-header">
                <div>
                    <h1>{ "Conflicts" }</h1>
                    <p class="muted">{ "Another desk changed these orders first. Choose what stands." }</p>
                </div>
            </header>
            { body }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use packdesk_domain::api::ErrorKind;

    fn conflict(order_number: Option<&str>) -> SyncConflict {
        SyncConflict {
            command_id: Uuid::nil(),
            order_id: Uuid::nil(),
            order_number: order_number.map(str::to_string),
            on_desk: true,
            command: "change_status".into(),
            summary: "Processing → Cancelled".into(),
            kind: ErrorKind::Conflict,
            message: "The order is already shipped".into(),
            created_at: Utc
                .with_ymd_and_hms(2027, 6, 2, 12, 0, 0)
                .single()
                .expect("valid time"),
        }
    }

    #[test]
    fn a_conflict_names_its_order() {
        assert_eq!(order_label(&conflict(Some("K7QX-00042"))), "K7QX-00042");
        assert_eq!(order_label(&conflict(None)), "Order without a number");
    }

    #[test]
    fn each_resolution_says_what_happened() {
        assert_ne!(
            resolved(Resolution::KeepServer),
            resolved(Resolution::ApplyMineAgain)
        );
    }
}
