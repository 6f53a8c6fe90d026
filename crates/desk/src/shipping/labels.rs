//! Quoting, buying (never twice), voiding and reprinting labels.

use packdesk_carrier::{
    Carrier, CarrierError, LabelFormat, Money, PurchasedLabel, Rate, RateChoice, Shipment,
    ShipmentRequest,
};
use packdesk_domain::api::{
    PrintJobKind, PrintJobView, RatePick, RateView, ShipmentState, ShipmentView, ShippingView,
};
use packdesk_domain::shipping::{Parcel, ParcelDraft, PrinterUse, ShippingLabel};
use packdesk_domain::{Actor, Command, CommandEnvelope, HistorySource, OrderStatus, Permission};
use uuid::Uuid;

use super::{carrier_error, now, settings, ship_from, ship_to, Shipping};
use crate::desk::apply_in;
use crate::desk::require;
use crate::error::{DeskError, DeskResult};
use crate::printing::{label_document, Printing};
use crate::shared::with_desk;
use crate::store::shipments::{self, NewShipment, ShipmentRecord};
use crate::store::{orders, printers};

impl Shipping {
    /// Asks the carrier for rates for the order's parcel. Only a packaging
    /// order can ship, and nothing is stored until the carrier answers.
    pub async fn quote(
        &self,
        actor: &Actor,
        order_id: Uuid,
        parcel: &ParcelDraft,
    ) -> DeskResult<ShipmentView> {
        require(actor, Permission::BuyLabels)?;
        let parcel = parcel.validate()?;
        let request = self.shipment_request(order_id, parcel)?;
        let shipment = self
            .carrier()?
            .create_shipment(&request.1)
            .await
            .map_err(carrier_error)?;
        let id = Uuid::now_v7();
        let (rates, messages) = quote_views(&shipment);
        with_desk(&self.desk, |desk| {
            desk.write(|tx| {
                shipments::insert(
                    tx,
                    &NewShipment {
                        id,
                        order_row_id: request.0,
                        state: ShipmentState::Quoted,
                        parcel,
                        carrier_shipment_id: Some(&shipment.id),
                        rates: &rates,
                        messages: &messages,
                        pick: None,
                        print_on_buy: false,
                        now: now(),
                    },
                )
            })
        })?;
        self.shipment(id)
    }

    /// Offline: remembers what to buy so the background worker buys and
    /// prints it as soon as the carrier answers again.
    pub fn queue_buy(
        &self,
        actor: &Actor,
        order_id: Uuid,
        parcel: &ParcelDraft,
        pick: &RatePick,
    ) -> DeskResult<ShipmentView> {
        require(actor, Permission::BuyLabels)?;
        let parcel = parcel.validate()?;
        if let RatePick::Rate { .. } = pick {
            return Err(DeskError::invalid(
                "pick",
                "a queued label is bought by rule (cheapest, fastest or a service): quoted rates expire",
            ));
        }
        let (order_row_id, _) = self.shipment_request(order_id, parcel)?;
        let id = Uuid::now_v7();
        with_desk(&self.desk, |desk| {
            desk.write(|tx| {
                shipments::insert(
                    tx,
                    &NewShipment {
                        id,
                        order_row_id,
                        state: ShipmentState::Waiting,
                        parcel,
                        carrier_shipment_id: None,
                        rates: &[],
                        messages: &[],
                        pick: Some(pick),
                        print_on_buy: true,
                        now: now(),
                    },
                )?;
                shipments::set_buying(tx, id, pick, Uuid::now_v7(), true, now())?;
                shipments::set_error(
                    tx,
                    id,
                    ShipmentState::Waiting,
                    "Waiting for the carrier: bought and printed when it answers again.",
                    now(),
                )
            })
        })?;
        tracing::info!(%order_id, shipment = %id, "label queued until the carrier is reachable");
        self.shipment(id)
    }

    /// Drops a label queued offline before it is bought (the order was
    /// cancelled meanwhile, say). Nothing was bought, so nothing is kept. A
    /// label the desk has started buying can't be cancelled: once bought,
    /// it is voided instead.
    pub fn cancel_queued(
        &self,
        actor: &Actor,
        order_id: Uuid,
        shipment_id: Uuid,
    ) -> DeskResult<ShippingView> {
        require(actor, Permission::BuyLabels)?;
        with_desk(&self.desk, |desk| {
            desk.write(|tx| {
                let record = self.record_of(tx, order_id, shipment_id)?;
                if !shipments::delete_waiting(tx, shipment_id)? {
                    return Err(DeskError::Conflict(format!(
                        "this label is {}: only a label waiting for the network can be cancelled",
                        record.view.state.label().to_lowercase()
                    )));
                }
                Ok(())
            })
        })?;
        tracing::info!(%order_id, shipment = %shipment_id, "queued label cancelled");
        self.view(order_id)
    }

    /// Buys the picked rate for a quoted shipment and records it, moving the
    /// order to shipped. Safe to call again with the same `command_id` after
    /// any failure: a bought shipment is answered, an unfinished one resumed.
    pub async fn buy(
        &self,
        actor: &Actor,
        order_id: Uuid,
        shipment_id: Uuid,
        pick: &RatePick,
        command_id: Uuid,
        print: bool,
    ) -> DeskResult<ShipmentView> {
        require(actor, Permission::BuyLabels)?;
        let record = with_desk(&self.desk, |desk| {
            desk.write(|tx| {
                let record = self.record_of(tx, order_id, shipment_id)?;
                match record.view.state {
                    ShipmentState::Bought => {}
                    ShipmentState::Voided => {
                        return Err(DeskError::Conflict(
                            "this label was voided; quote again to buy a new one".into(),
                        ))
                    }
                    ShipmentState::Waiting => {
                        return Err(DeskError::Conflict(
                            "this label is queued and will be bought when the carrier answers"
                                .into(),
                        ))
                    }
                    ShipmentState::Quoted => {
                        // A fresh purchase only for an order still at packaging:
                        // postage for a cancelled order is money thrown away.
                        let status = desk_order_status(tx, record.order_row_id)?;
                        if status != OrderStatus::Packaging {
                            return Err(DeskError::Conflict(format!(
                                "the order is {}: labels are bought at packaging",
                                status.label().to_lowercase()
                            )));
                        }
                        shipments::set_buying(tx, shipment_id, pick, command_id, print, now())?;
                    }
                    ShipmentState::Buying => {
                        // A resumed purchase keeps the command id it started with.
                        let command_id = record.buy_command_id.unwrap_or(command_id);
                        shipments::set_buying(tx, shipment_id, pick, command_id, print, now())?;
                    }
                }
                Ok(record)
            })
        })?;
        if record.view.state == ShipmentState::Bought {
            return Ok(record.view);
        }
        self.complete_buy(actor, shipment_id).await
    }

    /// Buys (or finds the purchase of) a shipment already journaled as `buying`.
    pub(super) async fn complete_buy(
        &self,
        actor: &Actor,
        shipment_id: Uuid,
    ) -> DeskResult<ShipmentView> {
        let record = with_desk(&self.desk, |desk| {
            shipments::load(desk.conn(), shipment_id)?
                .ok_or_else(|| DeskError::NotFound(format!("shipment {shipment_id}")))
        })?;
        let (Some(carrier_shipment_id), Some(pick), Some(command_id)) = (
            record.carrier_shipment_id.clone(),
            record.pick.clone(),
            record.buy_command_id,
        ) else {
            return Err(DeskError::Conflict(format!(
                "shipment {shipment_id} has nothing to buy yet"
            )));
        };
        let rate_id = choose_rate(&record, &pick)?;
        let carrier = self.carrier()?;
        tracing::info!(shipment = %shipment_id, carrier_shipment = carrier_shipment_id, rate = rate_id, "buying label");
        let purchased = match carrier.buy(&carrier_shipment_id, &rate_id).await {
            Ok(purchased) => purchased,
            Err(error) => {
                // An ambiguous failure may have bought: stay `buying`, so the
                // next attempt asks the carrier first. A clear refusal did not.
                let state = if error.is_ambiguous() || error == CarrierError::Unavailable {
                    ShipmentState::Buying
                } else {
                    ShipmentState::Quoted
                };
                let message = error.to_string();
                self.note(shipment_id, state, &message)?;
                tracing::warn!(shipment = %shipment_id, error = message, "label purchase failed");
                return Err(carrier_error(error));
            }
        };
        let files = self.fetch_label_files(carrier.as_ref(), &purchased).await;
        self.record_purchase(actor, &record, command_id, &purchased, &files)?;
        self.printing.wake();
        self.shipment(shipment_id)
    }

    /// Downloads the label as PNG (for the preview and any conversion) and in
    /// the label printer's own language. A failed download does not undo a
    /// purchase: the files are fetched again on the next print.
    async fn fetch_label_files(
        &self,
        carrier: &dyn Carrier,
        purchased: &PurchasedLabel,
    ) -> Vec<(&'static str, Vec<u8>)> {
        let mut wanted = vec![LabelFormat::Png];
        let printer = with_desk(&self.desk, |desk| {
            printers::first_for(desk.conn(), PrinterUse::Labels)
        });
        match printer.ok().flatten().map(|p| p.settings.language) {
            Some(packdesk_domain::shipping::PrinterLanguage::Zpl) => wanted.push(LabelFormat::Zpl),
            Some(packdesk_domain::shipping::PrinterLanguage::Pdf) => wanted.push(LabelFormat::Pdf),
            None => {}
        }
        let mut files = Vec::new();
        for format in wanted {
            let label = if purchased.label.format == format {
                Ok(purchased.label.clone())
            } else {
                carrier.label(&purchased.shipment_id, format).await
            };
            let bytes = match label {
                Ok(label) => carrier.download_label(&label).await,
                Err(e) => Err(e),
            };
            match bytes {
                Ok(bytes) => files.push((format_name(format), bytes)),
                Err(e) => tracing::warn!(
                    shipment = purchased.shipment_id,
                    format = format.code(),
                    error = %e,
                    "label file not downloaded; will retry on print"
                ),
            }
        }
        files
    }

    /// One transaction: the purchase, the order's move to shipped with its
    /// history, the label files, and the print job when asked for.
    fn record_purchase(
        &self,
        actor: &Actor,
        record: &ShipmentRecord,
        command_id: Uuid,
        purchased: &PurchasedLabel,
        files: &[(&'static str, Vec<u8>)],
    ) -> DeskResult<()> {
        let label = ShippingLabel {
            carrier_shipment_id: purchased.shipment_id.clone(),
            carrier: purchased.carrier.clone(),
            service: purchased.service.clone(),
            cost: purchased.cost.minor,
            currency: purchased.cost.currency,
            tracking_code: purchased.tracking_code.clone(),
        };
        let shipment_id = record.view.id;
        with_desk(&self.desk, |desk| {
            desk.write(|tx| {
                let order_id = orders::id_of(tx, record.order_row_id)?;
                let envelope = CommandEnvelope::new(
                    command_id,
                    now(),
                    actor.clone(),
                    Command::ShipOrder {
                        order_id,
                        label: label.clone(),
                    },
                );
                shipments::set_bought(tx, shipment_id, &label, now())?;
                match apply_in(tx, &envelope, HistorySource::User) {
                    Ok(_) => {}
                    // The postage is bought whatever the order did meanwhile
                    // (cancelled on another screen, say): keep the purchase and
                    // say what needs doing.
                    Err(refusal @ (DeskError::Conflict(_) | DeskError::Transition(_))) => {
                        let note = format!("Label bought, but the order did not move to shipped: {refusal}. Void the label if it is not needed.");
                        shipments::set_error(tx, shipment_id, ShipmentState::Bought, &note, now())?;
                    }
                    Err(other) => return Err(other),
                }
                for (format, bytes) in files {
                    shipments::put_label_file(tx, shipment_id, format, bytes)?;
                }
                if record.print_on_buy {
                    if let Some(printer) = printers::first_for(tx, PrinterUse::Labels)? {
                        let order_number = orders::number_of(tx, record.order_row_id)?;
                        let document = label_document(tx, shipment_id, &printer)?;
                        Printing::enqueue_in(
                            tx,
                            &printer,
                            PrintJobKind::Label,
                            &[order_number],
                            &document,
                        )?;
                    }
                }
                Ok(())
            })
        })?;
        tracing::info!(shipment = %shipment_id, tracking = purchased.tracking_code, "label bought and recorded");
        Ok(())
    }

    /// Voids a bought label with the carrier and takes the order back to
    /// packaging. Only while the order is still `shipped` (not yet scanned
    /// by the carrier).
    pub async fn void(
        &self,
        actor: &Actor,
        order_id: Uuid,
        shipment_id: Uuid,
        reason: &str,
        command_id: Uuid,
    ) -> DeskResult<ShipmentView> {
        require(actor, Permission::VoidLabels)?;
        if reason.trim().is_empty() {
            return Err(DeskError::invalid("reason", "is required to void a label"));
        }
        let (record, status) = with_desk(&self.desk, |desk| {
            let record = self.record_of(desk.conn(), order_id, shipment_id)?;
            Ok((record, desk.order(order_id)?.order.status))
        })?;
        if record.view.state == ShipmentState::Voided {
            return Ok(record.view);
        }
        let (ShipmentState::Bought, Some(label)) = (record.view.state, record.view.label.clone())
        else {
            return Err(DeskError::Conflict(
                "only a bought label can be voided".into(),
            ));
        };
        if status != OrderStatus::Shipped {
            return Err(DeskError::Conflict(format!(
                "the order is {}: the carrier already has the parcel",
                status.label().to_lowercase()
            )));
        }
        let refund = self
            .carrier()?
            .refund(&label.carrier_shipment_id)
            .await
            .map_err(carrier_error)?;
        if refund == packdesk_carrier::RefundStatus::Rejected {
            return Err(DeskError::Conflict(
                "the carrier refused to void this label (already used or too old)".into(),
            ));
        }
        with_desk(&self.desk, |desk| {
            desk.write(|tx| {
                let envelope = CommandEnvelope::new(
                    command_id,
                    now(),
                    actor.clone(),
                    Command::VoidLabel {
                        order_id,
                        tracking_code: label.tracking_code.clone(),
                        reason: reason.trim().to_owned(),
                    },
                );
                apply_in(tx, &envelope, HistorySource::User)?;
                shipments::set_voided(tx, shipment_id, now())
            })
        })?;
        self.shipment(shipment_id)
    }

    /// The label as PNG, for the preview; fetched again if the purchase's
    /// download had failed.
    pub async fn label_png(&self, shipment_id: Uuid) -> DeskResult<Vec<u8>> {
        self.label_file(shipment_id, LabelFormat::Png).await
    }

    async fn label_file(&self, shipment_id: Uuid, format: LabelFormat) -> DeskResult<Vec<u8>> {
        let (stored, label) = with_desk(&self.desk, |desk| {
            let stored = shipments::label_file(desk.conn(), shipment_id, format_name(format))?;
            let record = shipments::load(desk.conn(), shipment_id)?
                .ok_or_else(|| DeskError::NotFound(format!("shipment {shipment_id}")))?;
            Ok((stored, record.view.label))
        })?;
        if let Some(bytes) = stored {
            return Ok(bytes);
        }
        let label = label.ok_or_else(|| DeskError::Conflict("no label has been bought".into()))?;
        let carrier = self.carrier()?;
        let reference = carrier
            .label(&label.carrier_shipment_id, format)
            .await
            .map_err(carrier_error)?;
        let bytes = carrier
            .download_label(&reference)
            .await
            .map_err(carrier_error)?;
        with_desk(&self.desk, |desk| {
            desk.write(|tx| shipments::put_label_file(tx, shipment_id, format_name(format), &bytes))
        })?;
        Ok(bytes)
    }

    /// Reprints a bought label on the label printer from the stored file;
    /// works offline once the label was downloaded.
    pub async fn print_label(&self, actor: &Actor, shipment_id: Uuid) -> DeskResult<PrintJobView> {
        require(actor, Permission::BuyLabels)?;
        // Make sure the PNG is here (for conversions) before taking the lock.
        self.label_png(shipment_id).await?;
        let job = with_desk(&self.desk, |desk| {
            desk.write(|tx| {
                let printer = printers::first_for(tx, PrinterUse::Labels)?.ok_or_else(|| {
                    DeskError::Conflict(
                        "no label printer is set up: add one in Settings → Printers".into(),
                    )
                })?;
                let record = shipments::load(tx, shipment_id)?
                    .ok_or_else(|| DeskError::NotFound(format!("shipment {shipment_id}")))?;
                let order_number = orders::number_of(tx, record.order_row_id)?;
                let document = label_document(tx, shipment_id, &printer)?;
                Printing::enqueue_in(
                    tx,
                    &printer,
                    PrintJobKind::Label,
                    &[order_number],
                    &document,
                )
            })
        })?;
        self.printing.wake();
        Ok(job)
    }

    /// Retries every purchase left `buying` (crash, timeout) and every label
    /// queued while offline. Errors stay on the shipment for the UI to show.
    pub async fn resume_unfinished(&self) {
        let pending = with_desk(&self.desk, |desk| {
            let mut pending = shipments::in_state(desk.conn(), ShipmentState::Buying)?;
            pending.extend(shipments::in_state(desk.conn(), ShipmentState::Waiting)?);
            Ok(pending)
        });
        let Ok(pending) = pending else { return };
        let Ok(actor) = self.operator() else { return };
        for record in pending {
            let id = record.view.id;
            let outcome = match record.view.state {
                ShipmentState::Waiting => self.buy_waiting(&actor, record).await,
                _ => self.complete_buy(&actor, id).await.map(|_| ()),
            };
            if let Err(error) = outcome {
                tracing::info!(shipment = %id, %error, "unfinished label still not bought");
            }
        }
    }

    /// A label queued offline: quote now, pick by its rule, buy, print.
    async fn buy_waiting(&self, actor: &Actor, record: ShipmentRecord) -> DeskResult<()> {
        let id = record.view.id;
        let order_id = with_desk(&self.desk, |desk| {
            orders::id_of(desk.conn(), record.order_row_id)
        })?;
        let request = match self.shipment_request(order_id, record.view.parcel) {
            Ok((_, request)) => request,
            Err(refusal) => {
                // Say why on the shipment (the order left packaging, say);
                // it is tried again until someone sorts the order out.
                self.note(
                    id,
                    ShipmentState::Waiting,
                    &format!("Not bought: {refusal}"),
                )?;
                return Err(refusal);
            }
        };
        let quoted = match self.carrier()?.create_shipment(&request).await {
            Ok(quoted) => quoted,
            Err(error) => {
                let message = format!("Waiting for the carrier: {error}");
                self.note(id, ShipmentState::Waiting, &message)?;
                return Err(carrier_error(error));
            }
        };
        let (rates, messages) = quote_views(&quoted);
        with_desk(&self.desk, |desk| {
            desk.write(|tx| {
                shipments::set_quote(tx, id, &quoted.id, &rates, &messages, now())?;
                shipments::set_error(tx, id, ShipmentState::Buying, "Buying…", now())
            })
        })?;
        self.complete_buy(actor, id).await.map(|_| ())
    }

    /// The order's row id and the carrier request for `parcel`, checking the
    /// order may ship and the store's address is set.
    fn shipment_request(
        &self,
        order_id: Uuid,
        parcel: Parcel,
    ) -> DeskResult<(i64, ShipmentRequest)> {
        with_desk(&self.desk, |desk| {
            let conn = desk.conn();
            let (row_id, order) = orders::load(conn, order_id)?
                .ok_or_else(|| DeskError::NotFound(order_id.to_string()))?;
            if order.status != OrderStatus::Packaging {
                return Err(DeskError::Conflict(format!(
                    "order {} is {}: move it to packaging to buy a label",
                    order.order_number,
                    order.status.label().to_lowercase()
                )));
            }
            let stored = settings::load(conn)?;
            if !stored.ship_from_is_set() {
                return Err(DeskError::invalid(
                    "ship_from.line1",
                    "the ship-from address is not set: enter it in Settings → Shipping",
                ));
            }
            Ok((
                row_id,
                ShipmentRequest {
                    to: ship_to(&order),
                    from: ship_from(&stored),
                    parcel,
                    reference: Some(order.order_number),
                },
            ))
        })
    }

    /// Records why a shipment is where it is (in `state`), for the UI.
    fn note(&self, shipment_id: Uuid, state: ShipmentState, message: &str) -> DeskResult<()> {
        with_desk(&self.desk, |desk| {
            desk.write(|tx| shipments::set_error(tx, shipment_id, state, message, now()))
        })
    }

    /// The shipment, checked to belong to the order.
    fn record_of(
        &self,
        conn: &rusqlite::Connection,
        order_id: Uuid,
        shipment_id: Uuid,
    ) -> DeskResult<ShipmentRecord> {
        let record = shipments::load(conn, shipment_id)?
            .ok_or_else(|| DeskError::NotFound(format!("shipment {shipment_id}")))?;
        if orders::id_of(conn, record.order_row_id)? != order_id {
            return Err(DeskError::NotFound(format!(
                "shipment {shipment_id} of order {order_id}"
            )));
        }
        Ok(record)
    }
}

fn desk_order_status(conn: &rusqlite::Connection, order_row_id: i64) -> DeskResult<OrderStatus> {
    let order_id = orders::id_of(conn, order_row_id)?;
    orders::load(conn, order_id)?
        .map(|(_, order)| order.status)
        .ok_or_else(|| DeskError::NotFound(order_id.to_string()))
}

/// A carrier's quote as the desk stores and shows it: the rates, and the
/// carriers' remarks in words.
fn quote_views(shipment: &Shipment) -> (Vec<RateView>, Vec<String>) {
    let rates = shipment
        .rates
        .iter()
        .map(|rate| RateView {
            id: rate.id.clone(),
            carrier: rate.carrier.clone(),
            service: rate.service.clone(),
            cost: rate.cost.minor,
            currency: rate.cost.currency,
            delivery_days: rate.delivery_days,
        })
        .collect();
    let messages = shipment.messages.iter().map(ToString::to_string).collect();
    (rates, messages)
}

/// The rate id a pick means among the shipment's quoted rates.
fn choose_rate(record: &ShipmentRecord, pick: &RatePick) -> DeskResult<String> {
    let choice = match pick {
        RatePick::Rate { rate_id } => {
            return record
                .view
                .rates
                .iter()
                .find(|rate| &rate.id == rate_id)
                .map(|rate| rate.id.clone())
                .ok_or_else(|| {
                    DeskError::invalid("pick", "that rate is not one of this shipment's quotes")
                });
        }
        RatePick::Cheapest => RateChoice::Cheapest,
        RatePick::Fastest => RateChoice::Fastest,
        RatePick::Service { carrier, service } => RateChoice::CarrierService {
            carrier: carrier.clone(),
            service: service.clone(),
        },
    };
    let quoted = Shipment {
        id: record.carrier_shipment_id.clone().unwrap_or_default(),
        rates: record
            .view
            .rates
            .iter()
            .map(|rate| Rate {
                id: rate.id.clone(),
                carrier: rate.carrier.clone(),
                service: rate.service.clone(),
                cost: Money {
                    minor: rate.cost,
                    currency: rate.currency,
                },
                delivery_days: rate.delivery_days,
            })
            .collect(),
        messages: Vec::new(),
    };
    quoted
        .choose(&choice)
        .map(|rate| rate.id.clone())
        .map_err(|no_rate| {
            let why: Vec<&str> = record.view.messages.iter().map(String::as_str).collect();
            DeskError::Conflict(if why.is_empty() {
                format!("no quoted rate matches {:?}", no_rate.choice)
            } else {
                format!("no quoted rate matches: {}", why.join("; "))
            })
        })
}

pub(crate) fn format_name(format: LabelFormat) -> &'static str {
    match format {
        LabelFormat::Png => "png",
        LabelFormat::Pdf => "pdf",
        LabelFormat::Zpl => "zpl",
    }
}
