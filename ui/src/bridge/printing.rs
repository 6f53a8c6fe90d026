//! Printing commands: documents, the print queue and the desk's printers.
//!
//! Every print answers with the queued job; whether paper came out is the
//! job's state, which the print queue page follows.

use packdesk_domain::api::{ErrorBody, PrintJobView, PrinterView};
use packdesk_domain::shipping::PrinterDraft;
use serde::Serialize;
use uuid::Uuid;

use super::{invoke_with, NoInput, OrderRef, ShipmentRef};

#[derive(Serialize)]
struct OrdersRef<'a> {
    order_ids: &'a [Uuid],
}

#[derive(Serialize)]
struct JobRef {
    job_id: Uuid,
}

#[derive(Serialize)]
struct PrinterRef {
    id: Uuid,
}

#[derive(Serialize)]
struct SavePrinterInput<'a> {
    /// `None` adds a printer.
    id: Option<Uuid>,
    printer: &'a PrinterDraft,
}

/// Reprints from the label file stored on this desk: works offline.
pub async fn print_label(shipment_id: Uuid) -> Result<PrintJobView, ErrorBody> {
    invoke_with("print_label", ShipmentRef { shipment_id }).await
}

pub async fn print_packing_slip(order_id: Uuid) -> Result<PrintJobView, ErrorBody> {
    invoke_with("print_packing_slip", OrderRef { order_id }).await
}

pub async fn print_pick_list(order_ids: &[Uuid]) -> Result<PrintJobView, ErrorBody> {
    invoke_with("print_pick_list", OrdersRef { order_ids }).await
}

/// Newest first.
pub async fn print_jobs() -> Result<Vec<PrintJobView>, ErrorBody> {
    invoke_with("print_jobs", NoInput {}).await
}

pub async fn retry_print_job(job_id: Uuid) -> Result<PrintJobView, ErrorBody> {
    invoke_with("retry_print_job", JobRef { job_id }).await
}

/// A new job with the same document.
pub async fn reprint_job(job_id: Uuid) -> Result<PrintJobView, ErrorBody> {
    invoke_with("reprint_job", JobRef { job_id }).await
}

pub async fn list_printers() -> Result<Vec<PrinterView>, ErrorBody> {
    invoke_with("list_printers", NoInput {}).await
}

pub async fn save_printer(
    id: Option<Uuid>,
    printer: &PrinterDraft,
) -> Result<PrinterView, ErrorBody> {
    invoke_with("save_printer", SavePrinterInput { id, printer }).await
}

pub async fn delete_printer(id: Uuid) -> Result<(), ErrorBody> {
    invoke_with("delete_printer", PrinterRef { id }).await
}

pub async fn test_printer(id: Uuid) -> Result<PrintJobView, ErrorBody> {
    invoke_with("test_printer", PrinterRef { id }).await
}
