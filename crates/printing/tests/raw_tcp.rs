//! Sending to a raw TCP (port 9100) printer, played by a local listener.

mod common;

use std::time::{Duration, Instant};

use packdesk_printing::{send, Connection, Document, PrintError};
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;

fn printer_at(port: u16) -> Connection {
    Connection::RawTcp {
        host: "127.0.0.1".into(),
        port,
    }
}

#[tokio::test]
async fn the_printer_receives_exactly_the_document_bytes() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let printer = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut received = Vec::new();
        socket.read_to_end(&mut received).await.unwrap();
        received
    });
    // Every byte value, twice over, so nothing is translated on the way.
    let bytes: Vec<u8> = (0..=255u8).chain(0..=255u8).collect();
    let document = Document {
        name: "label".into(),
        format: packdesk_printing::DocumentFormat::Zpl,
        bytes: bytes.clone(),
    };

    let sent = send(&printer_at(port), &document, Duration::from_secs(2)).await;

    assert_eq!(
        sent,
        Ok(packdesk_printing::Sent {
            printer_job_id: None
        })
    );
    assert_eq!(printer.await.unwrap(), bytes);
}

#[tokio::test]
async fn a_printer_that_is_off_is_unreachable_at_once_not_at_the_timeout() {
    let port = packdesk_printing::test_printer::free_port();
    let started = Instant::now();

    let error = send(
        &printer_at(port),
        &Document::zpl("label", "^XA^XZ".into()),
        Duration::from_secs(5),
    )
    .await
    .unwrap_err();

    assert!(matches!(error, PrintError::Unreachable(_)), "{error:?}");
    assert!(error.is_retryable());
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "took {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_printer_that_stops_reading_times_out_as_unreachable() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    // Accepts and then holds the connection without reading a byte, like a
    // printer that jammed mid-job.
    let holder = tokio::spawn(async move {
        let (socket, _) = listener.accept().await.unwrap();
        tokio::time::sleep(Duration::from_secs(5)).await;
        drop(socket);
    });
    // Far more than the kernel buffers on both ends can hold.
    let document = Document::zpl("big", "X".repeat(32 << 20));
    let started = Instant::now();

    let error = send(&printer_at(port), &document, Duration::from_millis(300))
        .await
        .unwrap_err();

    assert!(
        matches!(&error, PrintError::Unreachable(m) if m.contains("0.3 s")),
        "{error:?}"
    );
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "took {:?}",
        started.elapsed()
    );
    holder.abort();
}

#[tokio::test]
async fn an_unknown_host_is_unreachable() {
    // `.invalid` never resolves (RFC 2606).
    let connection = Connection::RawTcp {
        host: "printer.invalid".into(),
        port: 9100,
    };
    let error = send(
        &connection,
        &Document::zpl("label", "^XA^XZ".into()),
        Duration::from_secs(1),
    )
    .await
    .unwrap_err();
    assert!(matches!(error, PrintError::Unreachable(_)), "{error:?}");
}

#[tokio::test]
async fn a_png_is_not_sent_raw_and_nothing_connects() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let png = common::fixtures::gray_png(4, 4, |_, _| true);

    let error = send(
        &printer_at(port),
        &Document::png("label", png),
        Duration::from_secs(1),
    )
    .await
    .unwrap_err();

    assert!(matches!(error, PrintError::Unsupported(_)), "{error:?}");
    let accepted = tokio::time::timeout(Duration::from_millis(100), listener.accept()).await;
    assert!(accepted.is_err(), "nothing should have connected");
}

#[tokio::test]
async fn an_empty_document_is_refused_before_connecting() {
    let error = send(
        &printer_at(9),
        &Document::zpl("nothing", String::new()),
        Duration::from_secs(1),
    )
    .await
    .unwrap_err();
    assert!(matches!(error, PrintError::Document(_)), "{error:?}");
    assert!(!error.is_retryable());
}

#[cfg(not(windows))]
#[tokio::test]
async fn the_windows_spooler_is_unsupported_elsewhere() {
    let connection = Connection::WindowsSpooler {
        printer_name: "ZDesigner GK420d".into(),
    };
    let error = send(
        &connection,
        &Document::zpl("label", "^XA^XZ".into()),
        Duration::from_secs(1),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&error, PrintError::Unsupported(m) if m.contains("ZDesigner")),
        "{error:?}"
    );
    assert!(!error.is_retryable());
}
