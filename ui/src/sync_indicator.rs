//! The sync line in the header, beside the operator: what the desk's link to
//! the server is doing, one click to sync now, and a badge while conflicts
//! wait for a decision.

use chrono::Utc;
use gloo_timers::callback::Interval;
use yew::prelude::*;

use crate::keyboard::Shortcut;
use crate::sync_context::use_sync;
use crate::sync_model::{conflicts, label, SyncState};

/// "Synced 2 min ago" counts minutes, so it is redrawn this often even when
/// the status itself has not changed.
const CLOCK_MS: u32 = 15_000;

#[derive(Properties, PartialEq)]
pub struct SyncIndicatorProps {
    pub on_open_settings: Callback<()>,
    pub on_open_conflicts: Callback<()>,
}

#[function_component]
pub fn SyncIndicator(props: &SyncIndicatorProps) -> Html {
    let sync = use_sync();
    let redraw = use_force_update();
    use_effect_with((), move |_| {
        let clock = Interval::new(CLOCK_MS, move || redraw.force_update());
        move || drop(clock)
    });

    let Some(status) = sync.status.clone() else {
        return match &sync.error {
            Some(error) => html! {
                <span class="sync muted small" title={error.clone()}>{ "Sync unavailable" }</span>
            },
            None => html! {},
        };
    };
    let state = SyncState::of(&status);
    let button = if state == SyncState::SignedOut {
        let title = match &status.last_error {
            Some(error) => format!("{error} — open Settings to sign in"),
            None => "Sign in to a Packdesk server in Settings".into(),
        };
        html! {
            <button type="button" id="sync-sign-in" class="sync-button" {title}
                onclick={props.on_open_settings.reform(|_: MouseEvent| ())}>
                <span class="sync-dot" aria-hidden="true"></span>{ label(&status, Utc::now()) }
            </button>
        }
    } else {
        let title = match &status.last_error {
            Some(error) => format!("{error} — sync now ({})", Shortcut::SyncNow.hint()),
            None => format!("Sync now ({})", Shortcut::SyncNow.hint()),
        };
        html! {
            <button type="button" id="sync-now" class="sync-button" {title} disabled={sync.syncing}
                onclick={sync.sync_now.reform(|_: MouseEvent| ())}>
                if sync.syncing {
                    <span class="spinner" aria-hidden="true"></span>{ "Syncing…" }
                } else {
                    <span class="sync-dot" aria-hidden="true"></span>{ label(&status, Utc::now()) }
                }
            </button>
        }
    };
    let badge = (status.conflicts > 0).then(|| {
        let name = format!("{} — review", conflicts(status.conflicts));
        html! {
            <button type="button" id="sync-conflicts-badge" class="badge badge-conflicts"
                title={name.clone()} aria-label={name}
                onclick={props.on_open_conflicts.reform(|_: MouseEvent| ())}>{ status.conflicts }</button>
        }
    });

    html! {
        <div id="sync-status" class={classes!("sync", format!("sync-{}", state.as_str()))}
            data-state={state.as_str()} data-online={status.online.to_string()}
            data-waiting={status.waiting.to_string()} aria-busy={sync.syncing.to_string()}>
            { button }
            { badge }
        </div>
    }
}
