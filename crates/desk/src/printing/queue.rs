//! The print queue worker: sends due jobs one at a time; an unreachable
//! printer keeps its job queued with a growing wait, a refusal fails it.

use std::time::Duration;

use chrono::Utc;
use packdesk_printing::{send, Document};

use super::{connection, document_format, Printing};
use crate::error::{DeskError, DeskResult};
use crate::shared::with_desk;
use crate::store::print_jobs;
use crate::store::printers;

/// The longest the worker sleeps without being woken.
const IDLE_WAIT: Duration = Duration::from_secs(30);

impl Printing {
    /// Runs forever. Jobs a crash left `printing` are queued again first.
    pub async fn run_queue(self) {
        if let Err(error) = with_desk(&self.desk, |desk| {
            desk.write(print_jobs::requeue_interrupted)
        }) {
            tracing::error!(%error, "could not requeue interrupted print jobs");
        }
        loop {
            match self.print_next().await {
                Ok(true) => continue,
                Ok(false) => {}
                Err(error) => tracing::error!(%error, "print queue error"),
            }
            let wait = with_desk(&self.desk, |desk| print_jobs::next_due(desk.conn()))
                .ok()
                .flatten()
                .and_then(|due| (due - Utc::now()).to_std().ok())
                .map_or(IDLE_WAIT, |wait| wait.min(IDLE_WAIT));
            tokio::select! {
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(wait) => {}
            }
        }
    }

    /// Sends the next due job, if any. `Ok(true)` when one was handled.
    pub async fn print_next(&self) -> DeskResult<bool> {
        let claimed = with_desk(&self.desk, |desk| {
            desk.write(|tx| {
                let Some(job) = print_jobs::claim_due(tx, Utc::now())? else {
                    return Ok(None);
                };
                let printer = printers::get(tx, job.printer_id)?
                    .ok_or_else(|| DeskError::NotFound(format!("printer {}", job.printer_id)))?;
                Ok(Some((job, printer)))
            })
        })?;
        let Some((job, printer)) = claimed else {
            return Ok(false);
        };
        let document = Document {
            name: job.name.clone(),
            format: document_format(&job.format)?,
            bytes: job.bytes,
        };
        let outcome = match connection(&printer) {
            Ok(connection) => send(&connection, &document, self.options.send_timeout)
                .await
                .map_err(|e| (e.is_retryable(), e.to_string())),
            Err(e) => Err((false, e.to_string())),
        };
        with_desk(&self.desk, |desk| {
            desk.write(|tx| match &outcome {
                Ok(_) => print_jobs::mark_printed(tx, job.id, Utc::now()),
                Err((retryable, message)) => {
                    let retry_at = retryable.then(|| Utc::now() + self.retry_delay(job.attempts));
                    print_jobs::mark_attempt_failed(tx, job.id, message, retry_at)
                }
            })
        })?;
        match &outcome {
            Ok(_) => tracing::info!(job = %job.id, printer = printer.settings.name, "printed"),
            Err((retryable, message)) => tracing::warn!(
                job = %job.id,
                printer = printer.settings.name,
                retryable,
                error = message,
                "print attempt failed"
            ),
        }
        Ok(true)
    }

    fn retry_delay(&self, attempts_before: u32) -> chrono::Duration {
        let factor = 2u32.saturating_pow(attempts_before.min(16));
        let delay = self
            .options
            .retry_delay
            .saturating_mul(factor)
            .min(self.options.max_retry_delay);
        chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::seconds(60))
    }
}
