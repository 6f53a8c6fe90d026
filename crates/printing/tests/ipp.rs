//! Sending over IPP to a real IPP printer (`ippeveprinter`).

mod common;

use std::time::Duration;

use packdesk_printing::test_printer::IppPrinter;
use packdesk_printing::{packing_slip_pdf, send, Connection, Document, PrintError};

const TIMEOUT: Duration = Duration::from_secs(5);

fn ipp(uri: String) -> Connection {
    Connection::Ipp { uri }
}

#[tokio::test]
async fn a_pdf_packing_slip_arrives_in_the_spool_byte_for_byte() {
    let printer = IppPrinter::start("packdesk-slip");
    let pdf = packing_slip_pdf(&common::fixtures::slip());

    let sent = send(
        &ipp(printer.uri()),
        &Document::pdf("Order K7QX-00042", pdf.clone()),
        TIMEOUT,
    )
    .await
    .expect("printer accepts the PDF");

    assert_eq!(sent.printer_job_id, Some(1));
    assert_eq!(printer.jobs(), vec![pdf]);
}

#[tokio::test]
async fn jobs_get_their_own_ids_and_arrive_in_order() {
    let printer = IppPrinter::start("packdesk-batch");
    let first = packing_slip_pdf(&common::fixtures::slip());
    let mut other = common::fixtures::slip();
    other.order_number = "K7QX-00043".into();
    let second = packing_slip_pdf(&other);

    let a = send(
        &ipp(printer.uri()),
        &Document::pdf("a", first.clone()),
        TIMEOUT,
    )
    .await
    .unwrap();
    printer
        .wait_job_done(a.printer_job_id.expect("job id"))
        .await;
    let b = send(
        &ipp(printer.uri()),
        &Document::pdf("b", second.clone()),
        TIMEOUT,
    )
    .await
    .unwrap();

    assert_eq!((a.printer_job_id, b.printer_job_id), (Some(1), Some(2)));
    assert_eq!(printer.jobs(), vec![first, second]);
}

#[tokio::test]
async fn a_stopped_printer_is_unreachable() {
    let mut printer = IppPrinter::start("packdesk-off");
    let uri = printer.uri();
    printer.stop();

    let error = send(
        &ipp(uri),
        &Document::pdf("slip", packing_slip_pdf(&common::fixtures::slip())),
        TIMEOUT,
    )
    .await
    .unwrap_err();

    assert!(matches!(error, PrintError::Unreachable(_)), "{error:?}");
    assert!(error.is_retryable());
}

#[tokio::test]
async fn zpl_to_a_pdf_only_printer_is_rejected_and_nothing_is_spooled() {
    let printer = IppPrinter::start_pdf_only("packdesk-pdf-only");

    let error = send(
        &ipp(printer.uri()),
        &Document::zpl("label", "^XA^FDhi^FS^XZ".into()),
        TIMEOUT,
    )
    .await
    .unwrap_err();

    // ippeveprinter answers client-error-attributes-or-values-not-supported
    // (0x040b) for a document-format it does not list.
    assert!(
        matches!(&error, PrintError::Rejected(m) if m.contains("0x040b")),
        "{error:?}"
    );
    assert!(!error.is_retryable());
    assert!(printer.jobs().is_empty());
}

#[tokio::test]
async fn a_printer_busy_with_another_job_is_retried_later() {
    let printer = IppPrinter::start_slow("packdesk-busy");
    let pdf = packing_slip_pdf(&common::fixtures::slip());
    send(
        &ipp(printer.uri()),
        &Document::pdf("first", pdf.clone()),
        TIMEOUT,
    )
    .await
    .expect("first job accepted");

    let error = send(&ipp(printer.uri()), &Document::pdf("second", pdf), TIMEOUT)
        .await
        .unwrap_err();

    // server-error-busy (0x0507): not a refusal of this document.
    assert!(
        matches!(&error, PrintError::Unreachable(m) if m.contains("0x0507")),
        "{error:?}"
    );
    assert!(error.is_retryable());
}

#[tokio::test]
async fn a_wrong_printer_path_is_rejected_not_retried() {
    let printer = IppPrinter::start("packdesk-path");
    let uri = format!("ipp://localhost:{}/ipp/nonexistent", printer.port());

    let error = send(
        &ipp(uri),
        &Document::pdf("slip", packing_slip_pdf(&common::fixtures::slip())),
        TIMEOUT,
    )
    .await
    .unwrap_err();

    assert!(matches!(error, PrintError::Rejected(_)), "{error:?}");
    assert!(printer.jobs().is_empty());
}
