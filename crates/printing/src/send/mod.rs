//! Delivering one document to one printer.

mod ipp;
mod raw_tcp;
#[cfg(windows)]
mod windows;

use std::time::Duration;

use crate::{Connection, Document, PrintError};

/// What the printer told us about an accepted job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sent {
    /// The printer's job id when it gives one (IPP `job-id`, the Windows
    /// spooler's job id); raw TCP has none.
    pub printer_job_id: Option<i32>,
}

/// Sends one document and returns only when the printer has taken all of it:
/// raw TCP when every byte is written and the connection shut down cleanly,
/// IPP when Print-Job is answered `successful-ok*`, the Windows spooler when
/// the job is closed in the spool.
///
/// `timeout` bounds the whole delivery (name lookup, connect, transfer,
/// answer). Running out of time is [`PrintError::Unreachable`], so the queue
/// retries. A job cut off mid-transfer may have printed in part; a retry can
/// then print it twice, which for a label or slip beats never printing it.
pub async fn send(
    connection: &Connection,
    document: &Document,
    timeout: Duration,
) -> Result<Sent, PrintError> {
    if document.bytes.is_empty() {
        return Err(PrintError::Document(format!(
            "\"{}\" is empty; nothing to print",
            document.name
        )));
    }
    let result = match connection {
        Connection::RawTcp { host, port } => raw_tcp::send(host, *port, document, timeout).await,
        Connection::Ipp { uri } => ipp::send(uri, document, timeout).await,
        Connection::WindowsSpooler { printer_name } => {
            spooler(printer_name, document, timeout).await
        }
    };
    match &result {
        Ok(sent) => tracing::info!(
            document = %document.name,
            bytes = document.bytes.len(),
            job_id = ?sent.printer_job_id,
            "printed"
        ),
        // An offline printer is routine (the queue retries); a refusal is not.
        Err(error) if error.is_retryable() => {
            tracing::info!(document = %document.name, %error, "not printed yet")
        }
        Err(error) => tracing::warn!(document = %document.name, %error, "not printed"),
    }
    result
}

#[cfg(windows)]
async fn spooler(
    printer_name: &str,
    document: &Document,
    timeout: Duration,
) -> Result<Sent, PrintError> {
    windows::send(printer_name, document, timeout).await
}

#[cfg(not(windows))]
async fn spooler(
    printer_name: &str,
    _document: &Document,
    _timeout: Duration,
) -> Result<Sent, PrintError> {
    Err(PrintError::Unsupported(format!(
        "\"{printer_name}\" is a Windows spooler printer; this computer is not running Windows"
    )))
}

/// "1.5 s" rather than "1.5s" or a Debug dump, for messages people read.
fn describe(timeout: Duration) -> String {
    format!("{:.1} s", timeout.as_secs_f64())
}
