//! The Shipping panel's state and how each answer from the desk changes it.
//!
//! A reducer, so answers arriving after a slow carrier call update the state
//! as it is then, not as it was when the button was clicked.

use std::rc::Rc;

use packdesk_domain::api::{ErrorBody, ShipmentView, ShippingView};
use packdesk_domain::shipping::ParcelDraft;
use packdesk_domain::FieldError;
use yew::Reducible;

use crate::shipping::model::{open_quote, with_shipment};
use crate::shipping::parcel::initial_parcel;
use crate::shipping::rates::default_rate;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PanelState {
    pub view: Option<Rc<ShippingView>>,
    /// Why the first load failed; later reload failures keep the old view.
    pub load_error: Option<ErrorBody>,
    pub parcel: ParcelDraft,
    /// The parcel is filled once, from the first view: reloads keep what the
    /// packer typed (or the scale weighed).
    parcel_filled: bool,
    pub errors: Vec<FieldError>,
    pub quote: Option<Rc<ShipmentView>>,
    pub selected: Option<String>,
    /// The carrier could not be reached on the last quote or buy.
    pub offline: bool,
    pub asking_void: bool,
}

pub enum PanelAction {
    Loaded(ShippingView),
    LoadFailed(ErrorBody),
    Parcel(ParcelDraft),
    Invalid(Vec<FieldError>),
    Quoted(ShipmentView),
    Select(String),
    Offline,
    /// A shipment bought, queued or voided: it replaces the open quote.
    Shipment(ShipmentView),
    AskVoid(bool),
}

/// The parcel fields whose text differs between two drafts.
fn changed_fields(old: &ParcelDraft, new: &ParcelDraft) -> Vec<&'static str> {
    [
        ("length_in", &old.length_in, &new.length_in),
        ("width_in", &old.width_in, &new.width_in),
        ("height_in", &old.height_in, &new.height_in),
        ("weight_oz", &old.weight_oz, &new.weight_oz),
    ]
    .into_iter()
    .filter(|(_, a, b)| a != b)
    .map(|(field, _, _)| field)
    .collect()
}

impl PanelState {
    /// Whether the rates on screen were quoted for the parcel as typed now.
    /// Buying a quote for a box that has since been re-weighed would buy the
    /// old weight.
    pub fn quote_is_current(&self) -> bool {
        self.quote
            .as_ref()
            .is_some_and(|quote| self.parcel.validate().ok() == Some(quote.parcel))
    }
}

impl Reducible for PanelState {
    type Action = PanelAction;

    fn reduce(self: Rc<Self>, action: PanelAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            PanelAction::Loaded(view) => {
                if !next.parcel_filled {
                    next.parcel = initial_parcel(&view);
                    next.quote = open_quote(&view).cloned().map(Rc::new);
                    next.selected = next.quote.as_ref().and_then(|q| default_rate(&q.rates));
                    next.parcel_filled = true;
                }
                next.view = Some(Rc::new(view));
                next.load_error = None;
            }
            PanelAction::LoadFailed(error) => next.load_error = Some(error),
            PanelAction::Parcel(parcel) => {
                let changed = changed_fields(&next.parcel, &parcel);
                next.errors
                    .retain(|e| !changed.iter().any(|f| e.field == format!("parcel.{f}")));
                next.parcel = parcel;
            }
            PanelAction::Invalid(errors) => next.errors = errors,
            PanelAction::Quoted(shipment) => {
                next.selected = default_rate(&shipment.rates);
                next.quote = Some(Rc::new(shipment));
                next.errors.clear();
                next.offline = false;
            }
            PanelAction::Select(rate_id) => next.selected = Some(rate_id),
            PanelAction::Offline => next.offline = true,
            PanelAction::Shipment(shipment) => {
                if let Some(view) = &next.view {
                    next.view = Some(Rc::new(with_shipment(view, shipment)));
                }
                next.quote = None;
                next.selected = None;
                next.offline = false;
                next.asking_void = false;
            }
            PanelAction::AskVoid(open) => next.asking_void = open,
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use packdesk_domain::api::ShipmentState;
    use packdesk_domain::OrderStatus;

    use super::*;
    use crate::shipping::model::tests::{rate, shipment, view};

    fn run(state: PanelState, actions: Vec<PanelAction>) -> PanelState {
        let mut state = Rc::new(state);
        for action in actions {
            state = state.reduce(action);
        }
        (*state).clone()
    }

    fn error(field: &str) -> FieldError {
        FieldError {
            field: field.into(),
            reason: "must be more than 0".into(),
        }
    }

    #[test]
    fn the_first_view_fills_the_parcel_and_reloads_keep_what_was_typed() {
        let mut quoted = shipment(1, ShipmentState::Quoted);
        quoted.rates = vec![
            rate("priority", 1150, Some(2)),
            rate("ground", 790, Some(5)),
        ];
        let first = view(OrderStatus::Packaging, vec![quoted]);
        let state = run(
            PanelState::default(),
            vec![PanelAction::Loaded(first.clone())],
        );
        assert_eq!(state.parcel.weight_oz, "16.0");
        assert_eq!(state.selected.as_deref(), Some("ground"), "cheapest chosen");
        assert!(state.quote_is_current());

        let mut weighed = state.parcel.clone();
        weighed.weight_oz = "17.2".into();
        let state = run(
            state,
            vec![PanelAction::Parcel(weighed), PanelAction::Loaded(first)],
        );
        assert_eq!(state.parcel.weight_oz, "17.2");
        assert!(
            !state.quote_is_current(),
            "re-weighed: quote again before buying"
        );
    }

    #[test]
    fn editing_a_field_clears_only_its_own_errors() {
        let state = run(
            PanelState::default(),
            vec![PanelAction::Invalid(vec![
                error("parcel.length_in"),
                error("parcel.weight_oz"),
            ])],
        );
        let mut typed = state.parcel.clone();
        typed.weight_oz = "12".into();
        let state = run(state, vec![PanelAction::Parcel(typed)]);
        let fields: Vec<_> = state.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["parcel.length_in"]);
    }

    #[test]
    fn a_bought_label_replaces_the_quote_and_the_offline_note() {
        let loaded = run(
            PanelState::default(),
            vec![
                PanelAction::Loaded(view(OrderStatus::Packaging, Vec::new())),
                PanelAction::Quoted(shipment(7, ShipmentState::Quoted)),
                PanelAction::Offline,
            ],
        );
        assert!(loaded.offline && loaded.quote.is_some());
        let bought = run(
            loaded,
            vec![PanelAction::Shipment(shipment(7, ShipmentState::Bought))],
        );
        assert!(!bought.offline && bought.quote.is_none() && bought.selected.is_none());
        let shipments = &bought.view.expect("view").shipments;
        assert_eq!(shipments[0].state, ShipmentState::Bought);
    }
}
