//! What the Shipping panel's buttons send to the desk, and how each answer
//! changes the panel. Apart from the layout, so the panel reads as what it
//! shows.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use packdesk_domain::api::{ErrorBody, PrintJobView, RatePick, ShipmentState};
use packdesk_domain::shipping::ParcelDraft;
use uuid::Uuid;
use yew::prelude::*;

use crate::bridge;
use crate::busy::{use_busy, Busy};
use crate::dom::focus_soon;
use crate::print_report;
use crate::shipping::model::is_offline;
use crate::shipping::state::{PanelAction, PanelState};
use crate::toast::{use_toaster, Toaster};

/// The last buying or voiding click: what it was for (`K`) and its command id.
type LastClick<K> = Rc<RefCell<Option<(K, Uuid)>>>;

/// The command id of the last click, reused while that click is retried
/// (same `key`: same shipment and rate), so the desk can tell a retry from a
/// second purchase; a fresh one otherwise.
fn command_id_for<K: PartialEq>(
    last: &RefCell<Option<(K, Uuid)>>,
    key: K,
) -> Result<Uuid, ErrorBody> {
    let mut last = last.borrow_mut();
    if let Some((_, id)) = last.as_ref().filter(|(k, _)| *k == key) {
        return Ok(*id);
    }
    let id = bridge::new_command_id()?;
    *last = Some((key, id));
    Ok(id)
}

#[derive(Clone)]
pub struct Actions {
    order_id: Uuid,
    dispatcher: UseReducerDispatcher<PanelState>,
    /// Quote, buy, queue and void: one carrier call at a time.
    pub busy: Busy,
    pub refreshing: Busy,
    /// Prints run beside carrier calls: a reprint never waits for one.
    pub printing: Busy,
    toaster: Toaster,
    on_changed: Callback<()>,
    /// Keyed by shipment and rate.
    last_buy: LastClick<(Uuid, String)>,
    /// Keyed by shipment.
    last_void: LastClick<Uuid>,
}

#[hook]
pub fn use_actions(
    order_id: Uuid,
    dispatcher: UseReducerDispatcher<PanelState>,
    on_changed: Callback<()>,
) -> Actions {
    Actions {
        order_id,
        dispatcher,
        busy: use_busy(),
        refreshing: use_busy(),
        printing: use_busy(),
        toaster: use_toaster(),
        on_changed,
        last_buy: use_mut_ref(|| None),
        last_void: use_mut_ref(|| None),
    }
}

impl Actions {
    /// Asks for rates, after the domain's own check of the parcel.
    pub fn quote(&self, draft: ParcelDraft) {
        if let Err(errors) = draft.validate() {
            self.dispatcher.dispatch(PanelAction::Invalid(errors.0));
            return focus_soon(".parcel-fields [aria-invalid='true']".into());
        }
        if !self.busy.start() {
            return;
        }
        let this = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let answer = bridge::shipping::quote_rates(this.order_id, &draft).await;
            this.busy.finish();
            match answer {
                Ok(shipment) => this.dispatcher.dispatch(PanelAction::Quoted(shipment)),
                Err(error) if is_offline(&error) => this.dispatcher.dispatch(PanelAction::Offline),
                Err(error) => {
                    this.toaster.error(error.message);
                    this.dispatcher.dispatch(PanelAction::Invalid(error.fields));
                }
            }
        });
    }

    pub fn buy(&self, shipment_id: Uuid, rate_id: String, print: bool) {
        let command_id = match command_id_for(&self.last_buy, (shipment_id, rate_id.clone())) {
            Ok(id) => id,
            Err(error) => return self.toaster.error(error.message),
        };
        if !self.busy.start() {
            return;
        }
        let this = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let pick = RatePick::Rate { rate_id };
            let answer =
                bridge::shipping::buy_label(this.order_id, shipment_id, &pick, command_id, print)
                    .await;
            this.busy.finish();
            match answer {
                Ok(shipment) => {
                    this.last_buy.borrow_mut().take();
                    match (&shipment.label, shipment.state) {
                        (Some(label), ShipmentState::Bought) => this
                            .toaster
                            .success(format!("Label bought: {}", label.describe())),
                        _ => this
                            .toaster
                            .error(shipment.error.clone().unwrap_or_else(|| {
                                format!("The label is not bought yet: {}", shipment.state.label())
                            })),
                    }
                    this.settled(shipment);
                }
                Err(error) if is_offline(&error) => this.dispatcher.dispatch(PanelAction::Offline),
                Err(error) => this.toaster.error(error.message),
            }
        });
    }

    /// Leaves the purchase to the desk, for when the carrier is back.
    pub fn queue(&self, draft: ParcelDraft, pick: RatePick) {
        if let Err(errors) = draft.validate() {
            return self.dispatcher.dispatch(PanelAction::Invalid(errors.0));
        }
        if !self.busy.start() {
            return;
        }
        let this = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let answer = bridge::shipping::queue_buy(this.order_id, &draft, &pick).await;
            this.busy.finish();
            match answer {
                Ok(shipment) => {
                    this.toaster.success(
                        "Queued: the label will be bought and printed when the carrier is back",
                    );
                    this.settled(shipment);
                }
                Err(error) => this.toaster.error(error.message),
            }
        });
    }

    /// Drops a label queued offline before the desk buys it.
    pub fn cancel_queued(&self, shipment_id: Uuid) {
        if !self.busy.start() {
            return;
        }
        let this = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let answer = bridge::shipping::cancel_queued_label(this.order_id, shipment_id).await;
            this.busy.finish();
            match answer {
                Ok(view) => {
                    this.toaster
                        .success("Queued label cancelled: nothing was bought");
                    this.dispatcher.dispatch(PanelAction::Loaded(view));
                    this.on_changed.emit(());
                }
                Err(error) => this.toaster.error(error.message),
            }
        });
    }

    pub fn void(&self, shipment_id: Uuid, reason: String) {
        let command_id = match command_id_for(&self.last_void, shipment_id) {
            Ok(id) => id,
            Err(error) => return self.toaster.error(error.message),
        };
        if !self.busy.start() {
            return;
        }
        let this = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let answer =
                bridge::shipping::void_label(this.order_id, shipment_id, &reason, command_id).await;
            this.busy.finish();
            match answer {
                Ok(shipment) => {
                    this.last_void.borrow_mut().take();
                    this.toaster
                        .success("Label voided: the order is back in Packaging");
                    this.settled(shipment);
                }
                Err(error) if is_offline(&error) => this.toaster.error(
                    "The carrier can't be reached — you're offline or it is down. Nothing was voided.",
                ),
                Err(error) => this.toaster.error(error.message),
            }
        });
    }

    pub fn refresh_tracking(&self) {
        if !self.refreshing.start() {
            return;
        }
        let this = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let answer = bridge::shipping::refresh_tracking(this.order_id).await;
            this.refreshing.finish();
            match answer {
                Ok(view) => this.dispatcher.dispatch(PanelAction::Loaded(view)),
                Err(error) if is_offline(&error) => this
                    .toaster
                    .error("The carrier can't be reached — tracking shows what was last fetched."),
                Err(error) => this.toaster.error(error.message),
            }
        });
    }

    /// Sends one print and reports how it went.
    pub fn print<F, Fut>(&self, send: F)
    where
        F: FnOnce() -> Fut + 'static,
        Fut: Future<Output = Result<PrintJobView, ErrorBody>> + 'static,
    {
        if !self.printing.start() {
            return;
        }
        let this = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let answer = send().await;
            this.printing.finish();
            print_report::report(&this.toaster, answer);
        });
    }

    /// A shipment was bought, queued or voided: the order has changed too.
    fn settled(&self, shipment: packdesk_domain::api::ShipmentView) {
        self.dispatcher.dispatch(PanelAction::Shipment(shipment));
        self.on_changed.emit(());
    }
}
