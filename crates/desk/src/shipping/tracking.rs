//! Tracking: the carrier's tracker moves the order to out for delivery and
//! delivered, with history, exactly once per milestone.

use packdesk_carrier::{Tracker, TrackingStatus};
use packdesk_domain::api::{ShippingView, TrackingEventView};
use packdesk_domain::{Actor, Command, CommandEnvelope, HistorySource, OrderStatus, Role};
use uuid::Uuid;

use super::{carrier_error, now, Shipping};
use crate::desk::apply_in;
use crate::error::{DeskError, DeskResult};
use crate::shared::with_desk;
use crate::store::orders;
use crate::store::shipments::{self, ShipmentRecord, TrackingUpdate};

/// Who history says moved the order: the carrier's scans, via Packdesk.
fn tracking_actor() -> Actor {
    Actor {
        name: "Carrier tracking".into(),
        role: Role::Admin,
    }
}

/// Namespace of the ids of tracking moves: one id per (shipment, milestone),
/// so refreshing a hundred times records each milestone once.
const TRACKING_NAMESPACE: Uuid = Uuid::from_u128(0x5d1c_2a7e_8f3b_4c6d_9e0a_1b2c_3d4e_5f60);

impl Shipping {
    /// Asks the carrier about this order's parcels now.
    pub async fn refresh_tracking(&self, order_id: Uuid) -> DeskResult<ShippingView> {
        let records = with_desk(&self.desk, |desk| {
            let row_id = orders::load(desk.conn(), order_id)?
                .ok_or_else(|| DeskError::NotFound(order_id.to_string()))?
                .0;
            Ok(shipments::in_transit(desk.conn())?
                .into_iter()
                .filter(|r| r.order_row_id == row_id)
                .collect::<Vec<_>>())
        })?;
        for record in records {
            self.track(record).await?;
        }
        self.view(order_id)
    }

    /// Tracks every parcel in transit; failures are logged and retried next time.
    pub async fn track_all(&self) {
        let Ok(records) = with_desk(&self.desk, |desk| shipments::in_transit(desk.conn())) else {
            return;
        };
        for record in records {
            let id = record.view.id;
            if let Err(error) = self.track(record).await {
                tracing::info!(shipment = %id, %error, "tracking not refreshed");
            }
        }
    }

    async fn track(&self, record: ShipmentRecord) -> DeskResult<()> {
        let Some(label) = record.view.label.clone() else {
            return Ok(());
        };
        let carrier = self.carrier()?;
        let tracker = match &record.tracker_id {
            Some(id) => carrier.retrieve_tracker(id).await,
            None => {
                carrier
                    .create_tracker(&label.tracking_code, &label.carrier)
                    .await
            }
        }
        .map_err(carrier_error)?;
        self.record_tracking(&record, &tracker)
    }

    fn record_tracking(&self, record: &ShipmentRecord, tracker: &Tracker) -> DeskResult<()> {
        let events: Vec<TrackingEventView> = tracker
            .details
            .iter()
            .map(|event| TrackingEventView {
                status: event.status.code().into(),
                message: event.message.clone(),
                at: event.at,
                location: event.location.clone(),
            })
            .collect();
        let milestones: &[OrderStatus] = match tracker.status {
            TrackingStatus::OutForDelivery => &[OrderStatus::OutForDelivery],
            TrackingStatus::Delivered => &[OrderStatus::OutForDelivery, OrderStatus::Delivered],
            _ => &[],
        };
        let latest = events.last().map(|e| e.message.clone());
        with_desk(&self.desk, |desk| {
            desk.write(|tx| {
                shipments::set_tracking(
                    tx,
                    record.view.id,
                    &TrackingUpdate {
                        tracker_id: &tracker.id,
                        status: tracker.status.code(),
                        events: &events,
                        est_delivery: tracker.est_delivery,
                    },
                    now(),
                )?;
                let order_id = orders::id_of(tx, record.order_row_id)?;
                for milestone in milestones {
                    let (_, order) = orders::load(tx, order_id)?
                        .ok_or_else(|| DeskError::NotFound(order_id.to_string()))?;
                    // Only forward along shipped → out for delivery → delivered;
                    // a held or completed order is a person's decision to keep.
                    if !order.lifecycle().next_statuses().contains(milestone)
                        || !matches!(
                            order.status,
                            OrderStatus::Shipped | OrderStatus::OutForDelivery
                        )
                    {
                        continue;
                    }
                    let id = Uuid::new_v5(
                        &TRACKING_NAMESPACE,
                        format!("{}/{}", record.view.id, milestone.as_str()).as_bytes(),
                    );
                    let envelope = CommandEnvelope::new(
                        id,
                        now(),
                        tracking_actor(),
                        Command::ChangeStatus {
                            order_id,
                            to: *milestone,
                            reason: latest.clone(),
                        },
                    );
                    apply_in(tx, &envelope, HistorySource::System)?;
                }
                Ok(())
            })
        })
    }
}
