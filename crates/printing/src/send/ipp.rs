//! IPP Print-Job (RFC 8011): CUPS on Linux and macOS, IPP Everywhere printers.

use std::io::Cursor;
use std::time::Duration;

use ipp::prelude::{
    AsyncIppClient, DelimiterTag, IppError, IppOperationBuilder, IppPayload, IppRequestResponse,
    IppValue, StatusCode, Uri,
};

use super::{describe, Sent};
use crate::{Document, PrintError};

/// Shown as the job's owner in the printer's queue.
const USER_NAME: &str = "packdesk";

pub(super) async fn send(
    uri: &str,
    document: &Document,
    timeout: Duration,
) -> Result<Sent, PrintError> {
    let printer = parse_uri(uri)?;
    let operation = IppOperationBuilder::print_job(
        printer.clone(),
        // The payload must own its bytes ('static): the client streams it.
        IppPayload::new(Cursor::new(document.bytes.clone())),
    )
    .user_name(USER_NAME)
    .job_title(&document.name)
    .document_format(document.format.ipp_document_format())
    .build()
    .map_err(|error| PrintError::Document(format!("could not build the IPP request: {error}")))?;
    let client = AsyncIppClient::builder(printer)
        .request_timeout(timeout)
        .build();
    // The client's own connect timeout is a fixed 10 s; this keeps the
    // caller's deadline even when it is shorter.
    match tokio::time::timeout(timeout, client.send(operation)).await {
        Ok(Ok(response)) => accepted(uri, &response),
        Ok(Err(error)) => Err(transport_error(uri, error)),
        Err(_elapsed) => Err(PrintError::Unreachable(format!(
            "{uri} did not answer within {}",
            describe(timeout)
        ))),
    }
}

/// `ipp://` and `http://` (CUPS accepts both on port 631). `ipps://` needs a
/// TLS client that this build does not carry.
fn parse_uri(uri: &str) -> Result<Uri, PrintError> {
    let parsed: Uri = uri.trim().parse().map_err(|error| {
        PrintError::Unsupported(format!("\"{uri}\" is not a printer URI: {error}"))
    })?;
    match parsed.scheme_str() {
        Some("ipp") | Some("http") if parsed.host().is_some() => Ok(parsed),
        Some("ipps") | Some("https") => Err(PrintError::Unsupported(format!(
            "{uri}: encrypted IPP (ipps) is not supported; use the printer's ipp:// address"
        ))),
        _ => Err(PrintError::Unsupported(format!(
            "\"{uri}\" is not an ipp:// printer URI"
        ))),
    }
}

fn accepted(uri: &str, response: &IppRequestResponse) -> Result<Sent, PrintError> {
    let status = response.header().status_code();
    if status.is_success() {
        return Ok(Sent {
            printer_job_id: job_id(response),
        });
    }
    let detail = match status_message(response) {
        Some(message) => format!(
            "{uri} answered {status} (0x{:04x}): {message}",
            status as u16
        ),
        None => format!("{uri} answered {status} (0x{:04x})", status as u16),
    };
    if is_temporary(status) {
        Err(PrintError::Unreachable(detail))
    } else {
        Err(PrintError::Rejected(detail))
    }
}

/// Statuses by which a printer says "not now" rather than "not this": a
/// retry later can succeed (RFC 8011 section 4.1.6.3 and 13.1.5).
fn is_temporary(status: StatusCode) -> bool {
    matches!(
        status,
        StatusCode::ServerErrorBusy
            | StatusCode::ServerErrorServiceUnavailable
            | StatusCode::ServerErrorTemporaryError
            | StatusCode::ServerErrorNotAcceptingJobs
    )
}

fn job_id(response: &IppRequestResponse) -> Option<i32> {
    let jobs = response
        .attributes()
        .groups_of(DelimiterTag::JobAttributes)
        .next()?;
    match jobs.get("job-id")?.value() {
        IppValue::Integer(id) => Some(*id),
        _ => None,
    }
}

fn status_message(response: &IppRequestResponse) -> Option<String> {
    let operation = response
        .attributes()
        .groups_of(DelimiterTag::OperationAttributes)
        .next()?;
    let message = operation.get("status-message")?.value().to_string();
    (!message.trim().is_empty()).then_some(message)
}

/// No IPP answer at all: the HTTP layer failed (connect, timeout, reset) or
/// answered with an HTTP error or something that is not IPP.
fn transport_error(uri: &str, error: IppError) -> PrintError {
    match error {
        IppError::RequestError(status) => match status {
            // Overloaded or restarting: the same request can succeed later.
            408 | 429 | 502 | 503 | 504 => {
                PrintError::Unreachable(format!("{uri} answered HTTP {status}"))
            }
            401 | 403 => PrintError::Rejected(format!(
                "{uri} answered HTTP {status}: the printer wants a login Packdesk does not send"
            )),
            404 => PrintError::Rejected(format!("{uri}: no printer at this address (HTTP 404)")),
            other => PrintError::Rejected(format!("{uri} answered HTTP {other}")),
        },
        IppError::ParseError(error) => {
            PrintError::Rejected(format!("{uri} did not answer in IPP: {error}"))
        }
        other => PrintError::Unreachable(format!("{uri}: {}", with_causes(&other))),
    }
}

/// reqwest's own message is "error sending request for url"; the reason
/// (connection refused, DNS) is down its source chain.
fn with_causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        let inner_text = inner.to_string();
        if !text.contains(&inner_text) {
            text.push_str(": ");
            text.push_str(&inner_text);
        }
        cause = inner.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipp_and_http_uris_are_accepted() {
        assert!(parse_uri("ipp://printer.local/ipp/print").is_ok());
        assert!(parse_uri("http://localhost:631/printers/office").is_ok());
    }

    #[test]
    fn ipps_and_other_schemes_are_unsupported_not_retried() {
        for uri in [
            "ipps://printer.local/ipp/print",
            "socket://10.0.0.9:9100",
            "printer.local",
            "ipp://",
            "not a uri at all",
        ] {
            let error = parse_uri(uri).expect_err(uri);
            assert!(
                matches!(error, PrintError::Unsupported(_)),
                "{uri}: {error:?}"
            );
        }
    }

    #[test]
    fn busy_and_paused_printers_are_retried_other_refusals_are_not() {
        assert!(is_temporary(StatusCode::ServerErrorBusy));
        assert!(is_temporary(StatusCode::ServerErrorNotAcceptingJobs));
        assert!(!is_temporary(
            StatusCode::ClientErrorDocumentFormatNotSupported
        ));
        assert!(!is_temporary(StatusCode::ClientErrorNotAuthorized));
    }
}
