//! This desk's printers and its print queue.
//!
//! Every print is a row in `print_jobs` holding the document's bytes, written
//! in the same transaction as whatever asked for it (a bought label, a
//! packing slip). The queue worker ([`Printing::run_queue`]) sends due jobs
//! and keeps a job queued while its printer is off, so it prints once the
//! printer is back, without anyone pressing anything.

mod documents;
mod queue;

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use packdesk_domain::api::{PrintJobKind, PrintJobView, PrinterView};
use packdesk_domain::shipping::{PrinterDraft, PrinterKind, PrinterLanguage};
use packdesk_domain::{Actor, Permission};
use packdesk_printing::{
    label_png_to_pdf, label_png_to_zpl, labels_png_to_pdf, test_page_pdf, test_page_zpl,
    Connection, Document, DocumentFormat, Dpi, LabelSize, PrinterSpec,
};
use rusqlite::Connection as Db;
use tokio::sync::Notify;
use uuid::Uuid;

pub(crate) use crate::desk::require;
use crate::error::{DeskError, DeskResult};
use crate::shared::{with_desk, SharedDesk};
use crate::store::print_jobs::{self, NewJob};
use crate::store::{printers, shipments};

/// How the queue treats printers.
#[derive(Debug, Clone)]
pub struct PrintOptions {
    /// The longest one delivery may take (connect to last byte).
    pub send_timeout: Duration,
    /// The first retry's wait after a printer could not be reached; doubles
    /// per attempt up to `max_retry_delay`.
    pub retry_delay: Duration,
    pub max_retry_delay: Duration,
}

impl Default for PrintOptions {
    fn default() -> Self {
        PrintOptions {
            send_timeout: Duration::from_secs(15),
            retry_delay: Duration::from_secs(2),
            max_retry_delay: Duration::from_secs(60),
        }
    }
}

#[derive(Clone)]
pub struct Printing {
    desk: SharedDesk,
    wake: Arc<Notify>,
    options: PrintOptions,
}

impl Printing {
    pub fn new(desk: SharedDesk, options: PrintOptions) -> Self {
        Printing {
            desk,
            wake: Arc::new(Notify::new()),
            options,
        }
    }

    /// Tells the queue worker a job may be due now.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    // ------------------------------------------------------------ printers

    pub fn printers(&self) -> DeskResult<Vec<PrinterView>> {
        with_desk(&self.desk, |desk| printers::list(desk.conn()))
    }

    /// Adds (`id` None) or changes a printer.
    pub fn save_printer(
        &self,
        actor: &Actor,
        id: Option<Uuid>,
        draft: &PrinterDraft,
    ) -> DeskResult<PrinterView> {
        require(actor, Permission::ManageSettings)?;
        let settings = draft.validate()?;
        if settings.kind == PrinterKind::WindowsSpooler && !cfg!(windows) {
            return Err(DeskError::invalid(
                "kind",
                "the Windows spooler is only on Windows; use IPP (CUPS) here",
            ));
        }
        let id = id.unwrap_or_else(Uuid::now_v7);
        with_desk(&self.desk, |desk| {
            desk.write(|tx| {
                if printers::name_taken(tx, &settings.name, Some(id))? {
                    return Err(DeskError::invalid("name", "another printer has this name"));
                }
                printers::upsert(tx, id, &settings, Utc::now())?;
                printers::get(tx, id)?.ok_or_else(|| DeskError::NotFound(format!("printer {id}")))
            })
        })
    }

    pub fn delete_printer(&self, actor: &Actor, id: Uuid) -> DeskResult<()> {
        require(actor, Permission::ManageSettings)?;
        let deleted = with_desk(&self.desk, |desk| desk.write(|tx| printers::delete(tx, id)))?;
        if deleted {
            Ok(())
        } else {
            Err(DeskError::NotFound(format!("printer {id}")))
        }
    }

    /// Queues a test page laid out in the printer's own dots and size, so a
    /// wrong DPI or label size shows at once.
    pub fn test_printer(&self, actor: &Actor, id: Uuid) -> DeskResult<PrintJobView> {
        require(actor, Permission::ViewOrders)?;
        let job = with_desk(&self.desk, |desk| {
            desk.write(|tx| {
                let printer = printers::get(tx, id)?
                    .ok_or_else(|| DeskError::NotFound(format!("printer {id}")))?;
                let spec = printer_spec(&printer);
                let name = format!("Test page for {}", printer.settings.name);
                let document = match printer.settings.language {
                    PrinterLanguage::Zpl => {
                        Document::zpl(name, test_page_zpl(&spec, &printer.settings.name))
                    }
                    PrinterLanguage::Pdf => {
                        Document::pdf(name, test_page_pdf(&spec, &printer.settings.name))
                    }
                };
                Self::enqueue_in(tx, &printer, PrintJobKind::TestPage, &[], &document)
            })
        })?;
        self.wake();
        Ok(job)
    }

    // ---------------------------------------------------------------- jobs

    /// The newest jobs, newest first.
    pub fn jobs(&self) -> DeskResult<Vec<PrintJobView>> {
        with_desk(&self.desk, |desk| print_jobs::recent(desk.conn(), 200))
    }

    /// Sends a waiting or failed job now.
    pub fn retry(&self, actor: &Actor, job_id: Uuid) -> DeskResult<PrintJobView> {
        require(actor, Permission::ViewOrders)?;
        let job = with_desk(&self.desk, |desk| {
            desk.write(|tx| {
                let job = print_jobs::get(tx, job_id)?
                    .ok_or_else(|| DeskError::NotFound(format!("print job {job_id}")))?;
                if !print_jobs::retry_now(tx, job_id, Utc::now())? {
                    return Err(DeskError::Conflict(format!(
                        "the job is {}: only a queued or failed job can be retried",
                        job.state.label().to_lowercase()
                    )));
                }
                print_jobs::get(tx, job_id)?
                    .ok_or_else(|| DeskError::NotFound(format!("print job {job_id}")))
            })
        })?;
        self.wake();
        Ok(job)
    }

    /// Prints a job's document again, as a new job, from the stored bytes.
    pub fn reprint(&self, actor: &Actor, job_id: Uuid) -> DeskResult<PrintJobView> {
        require(actor, Permission::ViewOrders)?;
        let job = with_desk(&self.desk, |desk| {
            desk.write(|tx| {
                let original = print_jobs::get(tx, job_id)?
                    .ok_or_else(|| DeskError::NotFound(format!("print job {job_id}")))?;
                let stored = print_jobs::document(tx, job_id)?
                    .ok_or_else(|| DeskError::NotFound(format!("print job {job_id}")))?;
                let printer = printers::get(tx, stored.printer_id)?
                    .ok_or_else(|| DeskError::NotFound(format!("printer {}", stored.printer_id)))?;
                let document = Document {
                    name: stored.name,
                    format: document_format(&stored.format)?,
                    bytes: stored.bytes,
                };
                Self::enqueue_in(
                    tx,
                    &printer,
                    original.kind,
                    &original.order_numbers,
                    &document,
                )
            })
        })?;
        self.wake();
        Ok(job)
    }

    /// Queues `document` on `printer` inside the caller's transaction.
    pub(crate) fn enqueue_in(
        tx: &Db,
        printer: &PrinterView,
        kind: PrintJobKind,
        order_numbers: &[String],
        document: &Document,
    ) -> DeskResult<PrintJobView> {
        let id = Uuid::now_v7();
        print_jobs::insert(
            tx,
            &NewJob {
                id,
                printer_id: printer.id,
                kind,
                order_numbers,
                name: &document.name,
                format: document.format.extension(),
                bytes: &document.bytes,
                now: Utc::now(),
            },
        )?;
        print_jobs::get(tx, id)?.ok_or_else(|| DeskError::NotFound(format!("print job {id}")))
    }
}

fn document_format(extension: &str) -> DeskResult<DocumentFormat> {
    match extension {
        "pdf" => Ok(DocumentFormat::Pdf),
        "zpl" => Ok(DocumentFormat::Zpl),
        "png" => Ok(DocumentFormat::Png),
        other => Err(DeskError::External(format!(
            "unknown document format {other}"
        ))),
    }
}

pub(crate) fn printer_spec(printer: &PrinterView) -> PrinterSpec {
    let p = &printer.settings;
    PrinterSpec {
        language: match p.language {
            PrinterLanguage::Zpl => packdesk_printing::PrinterLanguage::Zpl,
            PrinterLanguage::Pdf => packdesk_printing::PrinterLanguage::Pdf,
        },
        dpi: if p.dpi == 300 { Dpi::D300 } else { Dpi::D203 },
        label: LabelSize {
            width_tenths_in: p.label_width_in.0,
            height_tenths_in: p.label_height_in.0,
        },
    }
}

/// Carriers' ZPL labels are 4x6 at 203 dpi; any other printer gets ours,
/// converted from the PNG at its own size and DPI.
pub(crate) fn takes_carrier_zpl(printer: &PrinterView) -> bool {
    let p = &printer.settings;
    p.language == PrinterLanguage::Zpl
        && p.dpi == 203
        && p.label_width_in.0 == 40
        && p.label_height_in.0 == 60
}

pub(crate) fn connection(printer: &PrinterView) -> DeskResult<Connection> {
    let p = &printer.settings;
    Ok(match p.kind {
        PrinterKind::RawTcp => {
            let (host, port) = p
                .address
                .rsplit_once(':')
                .and_then(|(host, port)| Some((host.to_owned(), port.parse().ok()?)))
                .ok_or_else(|| DeskError::invalid("address", "must be host:port"))?;
            Connection::RawTcp { host, port }
        }
        PrinterKind::Ipp => Connection::Ipp {
            uri: p.address.clone(),
        },
        PrinterKind::WindowsSpooler => Connection::WindowsSpooler {
            printer_name: p.address.clone(),
        },
    })
}

/// A bought label as `printer` wants it: the carrier's own file in its
/// language when it fits, else converted from the stored PNG.
pub(crate) fn label_document(
    tx: &Db,
    shipment_id: Uuid,
    printer: &PrinterView,
) -> DeskResult<Document> {
    let record = shipments::load(tx, shipment_id)?
        .ok_or_else(|| DeskError::NotFound(format!("shipment {shipment_id}")))?;
    let name = record.view.label.as_ref().map_or_else(
        || "Shipping label".to_owned(),
        |l| format!("Label {}", l.tracking_code),
    );
    let spec = printer_spec(printer);
    let stored = |format: &str| shipments::label_file(tx, shipment_id, format);
    let png = || {
        stored("png")?.ok_or_else(|| {
            DeskError::Unavailable(
                "the label file has not been downloaded yet; try again online".into(),
            )
        })
    };
    let convert_error = |e: packdesk_printing::PrintError| DeskError::External(e.to_string());
    match printer.settings.language {
        PrinterLanguage::Zpl => match stored("zpl")?.filter(|_| takes_carrier_zpl(printer)) {
            Some(zpl) => Ok(Document {
                name,
                format: DocumentFormat::Zpl,
                bytes: zpl,
            }),
            None => Ok(Document::zpl(
                name,
                label_png_to_zpl(&png()?, &spec).map_err(convert_error)?,
            )),
        },
        PrinterLanguage::Pdf => match stored("pdf")? {
            Some(pdf) => Ok(Document::pdf(name, pdf)),
            None => Ok(Document::pdf(
                name,
                label_png_to_pdf(&png()?, &spec).map_err(convert_error)?,
            )),
        },
    }
}

/// Several labels as one document: ZPL labels one after another, or one PDF
/// with a page per label.
pub(crate) fn combined_labels(
    tx: &Db,
    shipment_ids: &[Uuid],
    printer: &PrinterView,
) -> DeskResult<Document> {
    let name = format!("Labels for {} orders", shipment_ids.len());
    match printer.settings.language {
        PrinterLanguage::Zpl => {
            let mut bytes = Vec::new();
            for id in shipment_ids {
                bytes.extend(label_document(tx, *id, printer)?.bytes);
            }
            Ok(Document {
                name,
                format: DocumentFormat::Zpl,
                bytes,
            })
        }
        PrinterLanguage::Pdf => {
            let mut pngs = Vec::new();
            for id in shipment_ids {
                pngs.push(shipments::label_file(tx, *id, "png")?.ok_or_else(|| {
                    DeskError::Unavailable("a label file has not been downloaded yet".into())
                })?);
            }
            let pdf = labels_png_to_pdf(&pngs, &printer_spec(printer))
                .map_err(|e| DeskError::External(e.to_string()))?;
            Ok(Document::pdf(name, pdf))
        }
    }
}
