//! The desk's sync status, shared by the header, Settings and the Conflicts
//! page, and the one place that runs Sync now.
//!
//! [`SyncProvider`] asks the desk every three seconds (it answers from
//! SQLite, so this is cheap) and keeps the answer only when it changed, so
//! the pages below re-render when something about sync did, not on every
//! ask. Anything that gets a fresher status from a command (sign in, sign
//! out) hands it over with [`SyncHandle::set`].

use std::rc::Rc;

use gloo_timers::callback::Interval;
use packdesk_domain::sync::SyncStatus;
use yew::prelude::*;

use crate::bridge;
use crate::busy::{use_busy, Busy};
use crate::sync_model::sync_failure;
use crate::toast::{use_toaster, Toaster};

const POLL_MS: u32 = 3_000;

#[derive(Clone, PartialEq, Default)]
pub struct SyncHandle {
    /// `None` until the desk first answers.
    pub status: Option<Rc<SyncStatus>>,
    /// Why the last ask failed; shown only while `status` is `None`.
    pub error: Option<AttrValue>,
    /// A Sync now is running.
    pub syncing: bool,
    /// Shows a status a command answered with.
    pub set: Callback<SyncStatus>,
    /// Asks the desk for the status now rather than at the next poll.
    pub refresh: Callback<()>,
    /// One push and pull round; failures are toasted.
    pub sync_now: Callback<()>,
}

impl SyncHandle {
    pub fn conflicts(&self) -> u64 {
        self.status.as_ref().map_or(0, |s| s.conflicts)
    }
}

/// The sync handle from the nearest [`SyncProvider`] (an idle one outside it).
#[hook]
pub fn use_sync() -> SyncHandle {
    use_context::<SyncHandle>().unwrap_or_default()
}

#[derive(Properties, PartialEq)]
pub struct SyncProviderProps {
    #[prop_or_default]
    pub children: Html,
}

/// Asks the desk for the status. Both states compare before re-rendering, so
/// an unchanged answer costs nothing; neither is read here, because the poll
/// holds the handles of the first render.
fn load(status: UseStateHandle<Option<Rc<SyncStatus>>>, error: UseStateHandle<Option<AttrValue>>) {
    wasm_bindgen_futures::spawn_local(async move {
        match bridge::sync::sync_status().await {
            Ok(answer) => {
                status.set(Some(Rc::new(answer)));
                error.set(None);
            }
            // Shown only while no status is known: one failed ask after a
            // good one does not blank the header.
            Err(failure) => error.set(Some(failure.message.into())),
        }
    });
}

#[function_component]
pub fn SyncProvider(props: &SyncProviderProps) -> Html {
    let status = use_state_eq(|| None::<Rc<SyncStatus>>);
    let error = use_state_eq(|| None::<AttrValue>);
    let syncing = use_busy();
    let toaster = use_toaster();

    {
        let (status, error) = (status.clone(), error.clone());
        use_effect_with((), move |_| {
            load(status.clone(), error.clone());
            let poll = Interval::new(POLL_MS, move || load(status.clone(), error.clone()));
            move || drop(poll)
        });
    }

    let set = {
        let status = status.clone();
        Callback::from(move |answer: SyncStatus| status.set(Some(Rc::new(answer))))
    };
    let refresh = {
        let (status, error) = (status.clone(), error.clone());
        Callback::from(move |()| load(status.clone(), error.clone()))
    };
    let signed_in = status.as_ref().is_some_and(|s| s.signed_in_as.is_some());
    let sync_now = {
        let (syncing, set, refresh) = (syncing.clone(), set.clone(), refresh.clone());
        Callback::from(move |()| run_sync(signed_in, &syncing, &toaster, &set, &refresh))
    };

    let context = SyncHandle {
        status: (*status).clone(),
        error: (*error).clone(),
        syncing: syncing.get(),
        set,
        refresh,
        sync_now,
    };
    html! {
        <ContextProvider<SyncHandle> {context}>{ props.children.clone() }</ContextProvider<SyncHandle>>
    }
}

/// Sync now, unless signed out (said in a toast, since the shortcut can run
/// it from anywhere) or already running (a second round would only wait
/// behind the first).
fn run_sync(
    signed_in: bool,
    syncing: &Busy,
    toaster: &Toaster,
    set: &Callback<SyncStatus>,
    refresh: &Callback<()>,
) {
    if !signed_in {
        toaster.error("This desk is not signed in. Sign in under Settings → Sync.");
        return;
    }
    if !syncing.start() {
        return;
    }
    let (syncing, toaster, set, refresh) = (
        syncing.clone(),
        toaster.clone(),
        set.clone(),
        refresh.clone(),
    );
    wasm_bindgen_futures::spawn_local(async move {
        let answer = bridge::sync::sync_now().await;
        syncing.finish();
        match answer {
            Ok(status) => set.emit(status),
            Err(error) => {
                toaster.error(sync_failure(&error));
                // The desk has recorded the failed attempt (offline, say).
                refresh.emit(());
            }
        }
    });
}
