//! The orders list's action bar for selected orders: buy and print a label
//! for each at its cheapest rate, or print one pick list for them all.
//!
//! A batch runs on the desk; the window hears each step as a `batch-progress`
//! event and shows a progress bar, then what could not be shipped and why.

use std::rc::Rc;

use packdesk_domain::api::{BatchProgress, RatePick};
use uuid::Uuid;
use yew::prelude::*;

use crate::bridge;
use crate::busy::use_busy;
use crate::format;
use crate::print_report;
use crate::toast::use_toaster;

/// Whole percent done, for the bar's label; 0 before the total is known.
pub fn percent_done(progress: &BatchProgress) -> u32 {
    if progress.total == 0 {
        return 0;
    }
    let done = u64::from(progress.done.min(progress.total));
    u32::try_from(done * 100 / u64::from(progress.total)).unwrap_or(100)
}

/// `3 of 10 · K7QM-00042`.
pub fn progress_text(progress: &BatchProgress) -> String {
    let count = format!("{} of {}", progress.done, progress.total);
    match &progress.current {
        Some(order) => format!("{count} · {order}"),
        None => count,
    }
}

/// `8 labels bought, 2 orders not shipped`, from the final progress: every
/// order was tried, and the failures are listed.
pub fn summary_text(done: &BatchProgress) -> String {
    let failed = done.failed.len();
    let shipped = usize::try_from(done.total)
        .unwrap_or(usize::MAX)
        .saturating_sub(failed);
    let bought = format::plural(shipped as i64, "label bought", "labels bought");
    if failed == 0 {
        bought
    } else {
        format!(
            "{bought}, {} not shipped",
            format::plural(failed as i64, "order", "orders")
        )
    }
}

#[derive(Clone, PartialEq)]
enum Run {
    Idle,
    Running(BatchProgress),
    Finished(Rc<BatchProgress>),
}

#[derive(Properties, PartialEq)]
pub struct BatchBarProps {
    /// In the order they were ticked.
    pub selected: Rc<Vec<Uuid>>,
    pub can_buy: bool,
    pub on_clear: Callback<()>,
    /// Told when a batch has finished: orders have moved, the list is stale.
    pub on_finished: Callback<()>,
}

#[function_component]
pub fn BatchBar(props: &BatchBarProps) -> Html {
    let run = use_state(|| Run::Idle);
    let printing = use_busy();
    let toaster = use_toaster();
    let count = props.selected.len();
    let running = matches!(*run, Run::Running(_));

    let ship = {
        let run = run.clone();
        let selected = props.selected.clone();
        let toaster = toaster.clone();
        let on_finished = props.on_finished.clone();
        Callback::from(move |_: MouseEvent| {
            if matches!(*run, Run::Running(_)) || selected.is_empty() {
                return;
            }
            let total = u32::try_from(selected.len()).unwrap_or(u32::MAX);
            run.set(Run::Running(BatchProgress {
                total,
                ..BatchProgress::default()
            }));
            let (run, selected, toaster, on_finished) = (
                run.clone(),
                selected.clone(),
                toaster.clone(),
                on_finished.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let step = run.clone();
                // Without events the bar just waits for the final answer.
                let listening =
                    bridge::events::listen("batch-progress", move |p: BatchProgress| {
                        step.set(Run::Running(p))
                    })
                    .await
                    .ok();
                let answer =
                    bridge::shipping::batch_ship(&selected, &RatePick::Cheapest, true).await;
                drop(listening);
                match answer {
                    Ok(done) => {
                        if done.failed.is_empty() {
                            toaster.success(summary_text(&done));
                        } else {
                            toaster.error(summary_text(&done));
                        }
                        run.set(Run::Finished(Rc::new(done)));
                    }
                    Err(error) => {
                        toaster.error(error.message);
                        run.set(Run::Idle);
                    }
                }
                on_finished.emit(());
            });
        })
    };

    let pick_list = {
        let selected = props.selected.clone();
        let printing = printing.clone();
        let toaster = toaster.clone();
        Callback::from(move |_: MouseEvent| {
            if !printing.start() {
                return;
            }
            let (selected, printing, toaster) =
                (selected.clone(), printing.clone(), toaster.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let answer = bridge::printing::print_pick_list(&selected).await;
                printing.finish();
                print_report::report(&toaster, answer);
            });
        })
    };

    let progress = match &*run {
        Run::Running(progress) => html! {
            <div id="batch-progress" class="batch-progress" role="status"
                data-done={progress.done.to_string()} data-total={progress.total.to_string()}>
                <progress max={progress.total.max(1).to_string()} value={progress.done.to_string()}
                    aria-label="Orders done" aria-valuetext={format!("{}%", percent_done(progress))}></progress>
                <span class="batch-progress-text">{ progress_text(progress) }</span>
            </div>
        },
        Run::Finished(done) => html! {
            <div id="batch-result" class="batch-result" role="status" data-failed={done.failed.len().to_string()}>
                <div class="section-head">
                    <strong>{ summary_text(done) }</strong>
                    <button type="button" id="batch-result-close" class="btn btn-ghost btn-small"
                        onclick={{ let run = run.clone(); Callback::from(move |_: MouseEvent| run.set(Run::Idle)) }}>{ "Dismiss" }</button>
                </div>
                if !done.failed.is_empty() {
                    <ul class="compact-list">
                        { for done.failed.iter().map(|f| html! {
                            <li class="batch-failure" data-order-number={f.order_number.clone()}>
                                <span class="mono strong">{ &f.order_number }</span>
                                <span class="field-error">{ &f.message }</span>
                            </li>
                        }) }
                    </ul>
                }
            </div>
        },
        Run::Idle => html! {},
    };

    if count == 0 && *run == Run::Idle {
        return html! {};
    }
    let buy_title = if props.can_buy {
        "Buys the cheapest rate for each order in Packaging and prints the labels"
    } else {
        "Your role cannot buy labels"
    };
    html! {
        <div id="batch-bar" class="batch-bar">
            if count > 0 {
                <div class="batch-actions">
                    <span class="strong">{ format!("{count} selected") }</span>
                    <button type="button" id="batch-ship" class="btn btn-primary btn-small" disabled={!props.can_buy || running}
                        title={buy_title} onclick={ship}>
                        { format!("Buy & print {}", format::plural(count as i64, "label", "labels")) }
                    </button>
                    <button type="button" id="batch-pick-list" class="btn btn-secondary btn-small" disabled={printing.get()}
                        onclick={pick_list}>{ "Print pick list" }</button>
                    <button type="button" id="batch-clear" class="btn btn-ghost btn-small" disabled={running}
                        onclick={props.on_clear.reform(|_: MouseEvent| ())}>{ "Clear selection" }</button>
                </div>
            }
            { progress }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use packdesk_domain::api::BatchFailure;

    use super::*;

    fn progress(done: u32, total: u32, current: Option<&str>) -> BatchProgress {
        BatchProgress {
            done,
            total,
            current: current.map(String::from),
            failed: Vec::new(),
        }
    }

    #[test]
    fn progress_is_a_whole_percent_and_never_overflows() {
        assert_eq!(percent_done(&progress(0, 0, None)), 0);
        assert_eq!(percent_done(&progress(1, 3, None)), 33);
        assert_eq!(percent_done(&progress(3, 3, None)), 100);
        assert_eq!(percent_done(&progress(5, 3, None)), 100);
        assert_eq!(percent_done(&progress(u32::MAX, u32::MAX, None)), 100);
    }

    #[test]
    fn progress_names_the_order_being_worked_on() {
        assert_eq!(
            progress_text(&progress(3, 10, Some("K7QM-00042"))),
            "3 of 10 · K7QM-00042"
        );
        assert_eq!(progress_text(&progress(10, 10, None)), "10 of 10");
    }

    #[test]
    fn the_summary_counts_what_was_bought_and_what_was_not() {
        let mut done = progress(10, 10, None);
        assert_eq!(summary_text(&done), "10 labels bought");
        done.failed = vec![
            BatchFailure {
                order_number: "K7QM-00001".into(),
                message: "not in Packaging".into(),
            },
            BatchFailure {
                order_number: "K7QM-00002".into(),
                message: "address undeliverable".into(),
            },
        ];
        assert_eq!(summary_text(&done), "8 labels bought, 2 orders not shipped");
        done.total = 1;
        done.failed.truncate(1);
        assert_eq!(summary_text(&done), "0 labels bought, 1 order not shipped");
    }
}
