//! The print queue: every label, slip and pick list sent to a printer, what
//! became of it, and Retry or Reprint.
//!
//! While anything is queued or printing the page asks again every two
//! seconds, so a printer coming back online shows without a click; once all
//! is settled it stops asking.

use gloo_timers::callback::Timeout;
use packdesk_domain::api::{ErrorBody, PrintJobState, PrintJobView};
use uuid::Uuid;
use yew::prelude::*;

use crate::bridge;
use crate::format;
use crate::print_report;
use crate::toast::use_toaster;

const POLL_MS: u32 = 2_000;

/// Whether the queue is still moving, so worth asking about again.
pub fn is_moving(jobs: &[PrintJobView]) -> bool {
    jobs.iter()
        .any(|j| matches!(j.state, PrintJobState::Queued | PrintJobState::Printing))
}

/// Retry is for a job that did not print: failed, or queued after an error.
pub fn can_retry(job: &PrintJobView) -> bool {
    job.state == PrintJobState::Failed
        || (job.state == PrintJobState::Queued && job.last_error.is_some())
}

/// Reprint makes a new job: for anything no longer in the printer's hands.
pub fn can_reprint(job: &PrintJobView) -> bool {
    matches!(job.state, PrintJobState::Printed | PrintJobState::Failed)
}

/// The colour group a job state is drawn in (`job-<group>` in styles.css).
pub fn state_group(state: PrintJobState) -> &'static str {
    match state {
        PrintJobState::Queued => "pending",
        PrintJobState::Printing => "transit",
        PrintJobState::Printed => "done",
        PrintJobState::Failed => "failed",
    }
}

#[function_component]
pub fn PrintQueue() -> Html {
    let jobs = use_state(|| None::<Result<Vec<PrintJobView>, ErrorBody>>);
    let tick = use_state(|| 0u32);
    let toaster = use_toaster();

    {
        let jobs = jobs.clone();
        use_effect_with(*tick, move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                jobs.set(Some(bridge::printing::print_jobs().await));
            });
        });
    }
    let moving = matches!(&*jobs, Some(Ok(list)) if is_moving(list));
    {
        let tick = tick.clone();
        // Re-armed at every ask while moving; dropping it (on leaving the page
        // or once settled) cancels the next one.
        use_effect_with((moving, *tick), move |(moving, _)| {
            let timer = moving.then(|| Timeout::new(POLL_MS, move || tick.set(*tick + 1)));
            move || drop(timer)
        });
    }

    let act = |job_id: Uuid, reprint: bool| {
        let tick = tick.clone();
        let toaster = toaster.clone();
        Callback::from(move |_: MouseEvent| {
            let (tick, toaster) = (tick.clone(), toaster.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let answer = if reprint {
                    bridge::printing::reprint_job(job_id).await
                } else {
                    bridge::printing::retry_print_job(job_id).await
                };
                print_report::report(&toaster, answer);
                tick.set(*tick + 1);
            });
        })
    };

    let body = match &*jobs {
        None => {
            html! { <div class="panel panel-loading"><span class="spinner"></span>{ "Loading the print queue…" }</div> }
        }
        Some(Err(error)) => html! {
            <div class="panel panel-error" role="alert"><h2>{ "The print queue could not be loaded" }</h2><p>{ error.message.clone() }</p></div>
        },
        Some(Ok(list)) if list.is_empty() => html! {
            <div id="queue-empty" class="panel panel-empty">
                <h2>{ "Nothing printing." }</h2>
                <p class="muted">{ "Labels, packing slips and pick lists appear here when they are sent to a printer." }</p>
            </div>
        },
        Some(Ok(list)) => html! {
            <div id="print-jobs" class="grid-table print-jobs" role="table" aria-label="Print jobs">
                <div class="grid-row job-grid grid-head" role="row">
                    <span role="columnheader">{ "Document" }</span>
                    <span role="columnheader">{ "Printer" }</span>
                    <span role="columnheader">{ "State" }</span>
                    <span role="columnheader" class="num">{ "Tries" }</span>
                    <span role="columnheader">{ "Sent" }</span>
                    <span role="columnheader"></span>
                </div>
                { for list.iter().map(|job| html! {
                    <div key={job.id.to_string()} class="grid-row job-grid print-job" role="row"
                        data-state={job.state.as_str()} data-job-id={job.id.to_string()}>
                        <span role="cell">
                            <div class="strong">{ job.kind.label() }</div>
                            if !job.order_numbers.is_empty() {
                                <div class="muted small mono truncate">{ job.order_numbers.join(", ") }</div>
                            }
                        </span>
                        <span role="cell" class="truncate">{ &job.printer_name }</span>
                        <span role="cell">
                            <span class={classes!("badge", format!("job-{}", state_group(job.state)))}>{ job.state.label() }</span>
                            if let Some(error) = &job.last_error {
                                <div class="field-error job-error">{ error }</div>
                            }
                        </span>
                        <span role="cell" class="num">{ job.attempts }</span>
                        <span role="cell" class="small">{ format::local_date_time(job.created_at) }</span>
                        <span role="cell" class="row-actions">
                            if can_retry(job) {
                                <button type="button" class="btn btn-secondary btn-small retry-job" onclick={act(job.id, false)}>{ "Retry" }</button>
                            }
                            if can_reprint(job) {
                                <button type="button" class="btn btn-ghost btn-small reprint-job" onclick={act(job.id, true)}>{ "Reprint" }</button>
                            }
                        </span>
                    </div>
                }) }
            </div>
        },
    };

    html! {
        <section id="print-queue" class="page print-queue-page" data-moving={moving.to_string()}>
            <header class="page-header">
                <div>
                    <h1>{ "Print queue" }</h1>
                    <p class="muted">{ "Newest first. A job the printer did not take is retried; Reprint sends the same document again." }</p>
                </div>
            </header>
            { body }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::print_report::tests::job;

    #[test]
    fn the_queue_is_asked_again_only_while_moving() {
        assert!(!is_moving(&[]));
        assert!(is_moving(&[
            job(PrintJobState::Printed, None),
            job(PrintJobState::Printing, None)
        ]));
        assert!(!is_moving(&[
            job(PrintJobState::Printed, None),
            job(PrintJobState::Failed, Some("jam"))
        ]));
    }

    #[test]
    fn retry_is_for_trouble_and_reprint_for_settled_jobs() {
        let failed = job(PrintJobState::Failed, Some("out of labels"));
        let stuck = job(PrintJobState::Queued, Some("connection refused"));
        let waiting = job(PrintJobState::Queued, None);
        let printed = job(PrintJobState::Printed, None);
        assert!(can_retry(&failed) && can_retry(&stuck));
        assert!(!can_retry(&waiting) && !can_retry(&printed));
        assert!(can_reprint(&printed) && can_reprint(&failed));
        assert!(!can_reprint(&waiting));
    }
}
