//! Labels for many orders at once: each bought on its own (the never-twice
//! path), then printed as one combined file, with progress as it goes.

use packdesk_carrier::LabelFormat;
use packdesk_domain::api::{
    BatchFailure, BatchProgress, PrintJobKind, PrintJobView, RatePick, ShipmentState,
};
use packdesk_domain::shipping::{ParcelDraft, PrinterLanguage, PrinterUse};
use packdesk_domain::{Actor, Permission};
use packdesk_printing::{Document, DocumentFormat};
use uuid::Uuid;

use super::{carrier_error, Shipping};
use crate::desk::require;
use crate::error::{DeskError, DeskResult};
use crate::printing::{combined_labels, takes_carrier_zpl, Printing};
use crate::shared::with_desk;
use crate::store::printers;

/// The event the app emits with each [`BatchProgress`].
pub const BATCH_PROGRESS_EVENT: &str = "batch-progress";

/// A bought label in a batch: our shipment, the carrier's, the order number.
struct Bought {
    shipment_id: Uuid,
    carrier_shipment_id: String,
    order_number: String,
}

impl Shipping {
    /// Buys a label for each order (in its suggested package, by `pick`) and,
    /// when `print` is set, prints them all as one job. An order that cannot
    /// ship is reported and skipped; it never stops the others.
    pub async fn batch_ship(
        &self,
        actor: &Actor,
        order_ids: &[Uuid],
        pick: &RatePick,
        print: bool,
        mut progress: impl FnMut(&BatchProgress) + Send,
    ) -> DeskResult<BatchProgress> {
        require(actor, Permission::BuyLabels)?;
        if matches!(pick, RatePick::Rate { .. }) {
            return Err(DeskError::invalid(
                "pick",
                "a batch picks by rule: cheapest, fastest or a service",
            ));
        }
        let mut report = BatchProgress {
            total: u32::try_from(order_ids.len()).unwrap_or(u32::MAX),
            ..BatchProgress::default()
        };
        let mut bought = Vec::new();
        for order_id in order_ids {
            let view = self.view(*order_id);
            let number = view
                .as_ref()
                .map_or_else(|_| order_id.to_string(), |v| v.order_number.clone());
            report.current = Some(number.clone());
            progress(&report);
            match self.ship_one(actor, *order_id, pick, view).await {
                Ok(one) => bought.push(one),
                Err(error) => report.failed.push(BatchFailure {
                    order_number: number,
                    message: error.to_string(),
                }),
            }
            report.done += 1;
            progress(&report);
        }
        if print && !bought.is_empty() {
            if let Err(error) = self.print_batch(&bought).await {
                report.failed.push(BatchFailure {
                    order_number: format!("{} labels", bought.len()),
                    message: format!("bought but not printed: {error}"),
                });
            }
        }
        report.current = None;
        progress(&report);
        tracing::info!(
            total = report.total,
            failed = report.failed.len(),
            "batch of labels done"
        );
        Ok(report)
    }

    async fn ship_one(
        &self,
        actor: &Actor,
        order_id: Uuid,
        pick: &RatePick,
        view: DeskResult<packdesk_domain::api::ShippingView>,
    ) -> DeskResult<Bought> {
        let view = view?;
        let existing = view
            .shipments
            .iter()
            .find(|s| s.state == ShipmentState::Bought)
            .and_then(|s| Some((s.id, s.label.clone()?)));
        let (shipment_id, label) = match existing {
            Some(found) => found,
            None => {
                let suggestion = view.suggestion.ok_or_else(|| {
                    DeskError::Conflict("no package fits; ship this order on its own".into())
                })?;
                let quoted = self
                    .quote(actor, order_id, &ParcelDraft::from(suggestion.parcel))
                    .await?;
                let bought = self
                    .buy(actor, order_id, quoted.id, pick, Uuid::now_v7(), false)
                    .await?;
                let label = bought
                    .label
                    .ok_or_else(|| DeskError::External("bought without a label".into()))?;
                (bought.id, label)
            }
        };
        Ok(Bought {
            shipment_id,
            carrier_shipment_id: label.carrier_shipment_id,
            order_number: view.order_number,
        })
    }

    /// One print job for the whole batch: the carrier's combined label file
    /// when it can make one in the printer's language, else ours.
    async fn print_batch(&self, bought: &[Bought]) -> DeskResult<PrintJobView> {
        let printer = with_desk(&self.desk, |desk| {
            printers::first_for(desk.conn(), PrinterUse::Labels)
        })?
        .ok_or_else(|| {
            DeskError::Conflict("no label printer is set up: add one in Settings → Printers".into())
        })?;
        // Carriers make 4x6 ZPL at 203 dpi and PDF; anything else we convert.
        let native = match printer.settings.language {
            PrinterLanguage::Zpl if takes_carrier_zpl(&printer) => Some(LabelFormat::Zpl),
            PrinterLanguage::Pdf => Some(LabelFormat::Pdf),
            PrinterLanguage::Zpl => None,
        };
        let mut document = None;
        if let Some(format) = native {
            match self.carrier_batch_file(bought, format).await {
                Ok(bytes) => {
                    document = Some(Document {
                        name: format!("Labels for {} orders", bought.len()),
                        format: match format {
                            LabelFormat::Pdf => DocumentFormat::Pdf,
                            _ => DocumentFormat::Zpl,
                        },
                        bytes,
                    });
                }
                Err(error) => {
                    tracing::warn!(%error, "carrier batch label failed; combining locally")
                }
            }
        }
        if document.is_none() {
            // Make sure every label's PNG is stored for the conversion.
            for one in bought {
                self.label_png(one.shipment_id).await?;
            }
        }
        let numbers: Vec<String> = bought.iter().map(|b| b.order_number.clone()).collect();
        let ids: Vec<Uuid> = bought.iter().map(|b| b.shipment_id).collect();
        let job = with_desk(&self.desk, |desk| {
            desk.write(|tx| {
                let document = match document {
                    Some(document) => document,
                    None => combined_labels(tx, &ids, &printer)?,
                };
                Printing::enqueue_in(tx, &printer, PrintJobKind::Label, &numbers, &document)
            })
        })?;
        self.printing.wake();
        Ok(job)
    }

    async fn carrier_batch_file(
        &self,
        bought: &[Bought],
        format: LabelFormat,
    ) -> DeskResult<Vec<u8>> {
        let carrier = self.carrier()?;
        let ids: Vec<String> = bought
            .iter()
            .map(|b| b.carrier_shipment_id.clone())
            .collect();
        let batch = carrier.create_batch(&ids).await.map_err(carrier_error)?;
        let label = carrier
            .batch_label(&batch.id, format)
            .await
            .map_err(carrier_error)?;
        carrier.download_label(&label).await.map_err(carrier_error)
    }
}
