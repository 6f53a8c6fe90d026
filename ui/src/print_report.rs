//! What a print command's answer means, in words for a toast.
//!
//! A print answers with the queued job as it stands: printed already, still
//! queued because the printer did not answer (the queue retries), or failed.
//! Only the first reads as success; the others say where to look.

use packdesk_domain::api::{ErrorBody, ErrorKind, PrintJobState, PrintJobView};

use crate::toast::Toaster;

/// Why nothing came out when the printer itself cannot be reached.
pub const PRINTER_UNREACHABLE: &str =
    "The printer can't be reached — check that it is on and connected. Nothing was printed.";

/// `Ok(text)` for a toast of success, `Err(text)` for one of trouble.
pub fn job_outcome(job: &PrintJobView) -> Result<String, String> {
    let what = job.kind.label();
    let printer = &job.printer_name;
    let why = job.last_error.as_deref().unwrap_or("no reason given");
    match (job.state, &job.last_error) {
        (PrintJobState::Printed, _) => Ok(format!("{what} printed on {printer}")),
        (PrintJobState::Queued | PrintJobState::Printing, None) => {
            Ok(format!("{what} sent to {printer}"))
        }
        (PrintJobState::Queued | PrintJobState::Printing, Some(_)) => Err(format!(
            "{what} is waiting for {printer}: {why}. It will be retried; see the Print queue."
        )),
        (PrintJobState::Failed, _) => Err(format!(
            "{what} failed on {printer}: {why}. See the Print queue."
        )),
    }
}

/// The words for a print command that was refused outright.
pub fn refusal_text(error: &ErrorBody) -> String {
    if error.kind == ErrorKind::Unavailable {
        PRINTER_UNREACHABLE.into()
    } else {
        error.message.clone()
    }
}

/// Raises the toast a print command's answer deserves.
pub fn report(toaster: &Toaster, answer: Result<PrintJobView, ErrorBody>) {
    match answer.as_ref().map(job_outcome) {
        Ok(Ok(text)) => toaster.success(text),
        Ok(Err(text)) => toaster.error(text),
        Err(error) => toaster.error(refusal_text(error)),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use chrono::{TimeZone, Utc};
    use packdesk_domain::api::PrintJobKind;
    use uuid::Uuid;

    use super::*;

    pub(crate) fn job(state: PrintJobState, last_error: Option<&str>) -> PrintJobView {
        PrintJobView {
            id: Uuid::nil(),
            printer_id: Uuid::nil(),
            printer_name: "Bench Zebra".into(),
            order_numbers: vec!["K7QM-00042".into()],
            kind: PrintJobKind::Label,
            state,
            attempts: 1,
            last_error: last_error.map(String::from),
            created_at: Utc
                .with_ymd_and_hms(2027, 6, 2, 9, 0, 0)
                .single()
                .expect("date"),
            printed_at: None,
        }
    }

    #[test]
    fn printed_and_sent_jobs_read_as_success() {
        assert_eq!(
            job_outcome(&job(PrintJobState::Printed, None)),
            Ok("Shipping label printed on Bench Zebra".into())
        );
        assert_eq!(
            job_outcome(&job(PrintJobState::Queued, None)),
            Ok("Shipping label sent to Bench Zebra".into())
        );
    }

    #[test]
    fn a_job_with_trouble_says_where_to_look() {
        let waiting = job_outcome(&job(PrintJobState::Queued, Some("connection refused")));
        assert!(waiting.is_err_and(|t| t.contains("connection refused") && t.contains("retried")));
        let failed = job_outcome(&job(PrintJobState::Failed, Some("out of labels")));
        assert!(failed.is_err_and(|t| t.contains("failed on Bench Zebra: out of labels")));
    }

    #[test]
    fn an_unreachable_printer_is_said_plainly() {
        let error = ErrorBody {
            kind: ErrorKind::Unavailable,
            message: "io error 113".into(),
            fields: Vec::new(),
        };
        assert_eq!(refusal_text(&error), PRINTER_UNREACHABLE);
        let other = ErrorBody {
            kind: ErrorKind::NotFound,
            ..error
        };
        assert_eq!(refusal_text(&other), "io error 113");
    }
}
