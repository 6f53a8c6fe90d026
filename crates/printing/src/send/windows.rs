//! The Windows print spooler, bytes passed as the `RAW` datatype.
//!
//! `RAW` skips the driver's rendering, so the printer receives exactly the
//! document's bytes: right for ZPL to a Zebra queue and for PDF to a
//! PDF-direct printer, the same contract as raw TCP.

use std::time::Duration;

use windows_sys::Win32::Foundation::GetLastError;
use windows_sys::Win32::Graphics::Printing::{
    ClosePrinter, EndDocPrinter, EndPagePrinter, OpenPrinterW, StartDocPrinterW, StartPagePrinter,
    WritePrinter, DOC_INFO_1W, PRINTER_HANDLE,
};

use super::{describe, Sent};
use crate::{Document, DocumentFormat, PrintError};

/// `ERROR_INVALID_PRINTER_NAME`: no such printer is installed.
const INVALID_PRINTER_NAME: u32 = 1801;

/// `WritePrinter` takes a `u32` length; large documents go in pieces.
const CHUNK: usize = 1 << 20;

pub(super) async fn send(
    printer_name: &str,
    document: &Document,
    timeout: Duration,
) -> Result<Sent, PrintError> {
    if document.format == DocumentFormat::Png {
        return Err(PrintError::Unsupported(format!(
            "the spooler sends bytes raw; convert \"{}\" to ZPL or PDF first",
            document.name
        )));
    }
    let name = printer_name.to_owned();
    let job_name = document.name.clone();
    let bytes = document.bytes.clone();
    // The spooler calls block; they must not stall the async runtime.
    let job = tokio::task::spawn_blocking(move || spool_raw(&name, &job_name, &bytes));
    match tokio::time::timeout(timeout, job).await {
        Ok(Ok(result)) => result,
        Ok(Err(join_error)) => Err(PrintError::Unreachable(format!(
            "the spooler call for \"{printer_name}\" failed: {join_error}"
        ))),
        Err(_elapsed) => Err(PrintError::Unreachable(format!(
            "the spooler did not take the job for \"{printer_name}\" within {}",
            describe(timeout)
        ))),
    }
}

/// NUL-terminated UTF-16, as every `W` function wants.
fn wide(text: &str) -> Vec<u16> {
    text.encode_utf16().chain(std::iter::once(0)).collect()
}

fn last_error() -> u32 {
    // SAFETY: reads the calling thread's last-error value; no arguments.
    unsafe { GetLastError() }
}

/// Closes the printer handle on every path out of [`spool_raw`].
struct OpenPrinter(PRINTER_HANDLE);

impl Drop for OpenPrinter {
    fn drop(&mut self) {
        // SAFETY: the handle came from a successful OpenPrinterW and is
        // closed exactly once, here.
        unsafe {
            ClosePrinter(self.0);
        }
    }
}

fn spool_raw(printer_name: &str, job_name: &str, bytes: &[u8]) -> Result<Sent, PrintError> {
    let printer_w = wide(printer_name);
    let mut handle = PRINTER_HANDLE::default();
    // SAFETY: `printer_w` is NUL-terminated and outlives the call; `handle`
    // is a valid out-pointer; null defaults are allowed.
    let opened = unsafe { OpenPrinterW(printer_w.as_ptr(), &mut handle, std::ptr::null()) };
    if opened == 0 {
        let code = last_error();
        return Err(if code == INVALID_PRINTER_NAME {
            PrintError::Rejected(format!("no printer named \"{printer_name}\" is installed"))
        } else {
            PrintError::Unreachable(format!(
                "could not open printer \"{printer_name}\" (Windows error {code})"
            ))
        });
    }
    let printer = OpenPrinter(handle);

    let mut doc_name = wide(job_name);
    let mut datatype = wide("RAW");
    let info = DOC_INFO_1W {
        pDocName: doc_name.as_mut_ptr(),
        pOutputFile: std::ptr::null_mut(),
        pDatatype: datatype.as_mut_ptr(),
    };
    // SAFETY: the handle is open; `info` points at buffers alive for the call.
    let job_id = unsafe { StartDocPrinterW(printer.0, 1, &info) };
    if job_id == 0 {
        return Err(PrintError::Rejected(format!(
            "printer \"{printer_name}\" refused a RAW job (Windows error {})",
            last_error()
        )));
    }
    let written = write_job(&printer, bytes);
    // SAFETY: a document was started on this open handle; ending it also
    // after a failed write removes the half-written job cleanly.
    let ended = unsafe { EndDocPrinter(printer.0) };
    written.map_err(|code| {
        PrintError::Unreachable(format!(
            "writing to printer \"{printer_name}\" failed (Windows error {code})"
        ))
    })?;
    if ended == 0 {
        return Err(PrintError::Unreachable(format!(
            "printer \"{printer_name}\" did not close the job (Windows error {})",
            last_error()
        )));
    }
    Ok(Sent {
        printer_job_id: i32::try_from(job_id).ok(),
    })
}

/// Writes every byte in one page; `Err` holds the Windows error code.
fn write_job(printer: &OpenPrinter, bytes: &[u8]) -> Result<(), u32> {
    // SAFETY: a document is started on this open handle.
    if unsafe { StartPagePrinter(printer.0) } == 0 {
        return Err(last_error());
    }
    for chunk in bytes.chunks(CHUNK) {
        let mut rest = chunk;
        while !rest.is_empty() {
            let mut written = 0u32;
            let length = u32::try_from(rest.len()).map_err(|_| 0u32)?;
            // SAFETY: `rest` is valid for `length` bytes; `written` is a
            // valid out-pointer.
            let ok = unsafe { WritePrinter(printer.0, rest.as_ptr().cast(), length, &mut written) };
            if ok == 0 || written == 0 {
                return Err(last_error());
            }
            rest = &rest[(written as usize).min(rest.len())..];
        }
    }
    // SAFETY: a page was started on this handle.
    if unsafe { EndPagePrinter(printer.0) } == 0 {
        return Err(last_error());
    }
    Ok(())
}
