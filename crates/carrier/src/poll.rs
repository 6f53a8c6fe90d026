//! Waiting for work a carrier does in the background (EasyPost builds batches
//! and their combined label files asynchronously).
//!
//! The wait is bounded by [`PollPolicy::give_up_after`]: the packing screen
//! shows a spinner meanwhile, and after that the person at the desk is told the
//! carrier is still busy rather than left waiting. The interval doubles from
//! `first_interval` up to `max_interval`, so a label that is ready in a second
//! is picked up in a second, and a slow one costs few requests. Time is read
//! and slept through the crate's [`Clock`], so tests run a minute of polling
//! in microseconds and can assert exactly how long the client waited.

use std::future::Future;
use std::time::Duration;

use crate::clock::Clock;
use crate::error::CarrierError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollPolicy {
    /// The pause after the first look that found the work unfinished.
    pub first_interval: Duration,
    /// The longest pause between two looks.
    pub max_interval: Duration,
    /// Total time spent waiting before reporting [`CarrierError::StillProcessing`].
    pub give_up_after: Duration,
}

impl Default for PollPolicy {
    /// EasyPost typically generates a batch label of a few dozen shipments in
    /// seconds; a minute covers a busy day without freezing the desk.
    fn default() -> Self {
        PollPolicy {
            first_interval: Duration::from_millis(500),
            max_interval: Duration::from_secs(5),
            give_up_after: Duration::from_secs(60),
        }
    }
}

/// Calls `look` until `done` accepts what it returned, sleeping on `clock` in
/// between. An error from `look` ends the wait at once (`look` does its own
/// retrying). The pauses never overshoot `give_up_after`: the last one is cut
/// short so that the final look happens exactly at the deadline.
pub(crate) async fn poll_until<T, F, Fut>(
    policy: &PollPolicy,
    clock: &dyn Clock,
    what: &str,
    first: T,
    mut look: F,
    done: impl Fn(&T) -> bool,
) -> Result<T, CarrierError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, CarrierError>>,
{
    let started = clock.now();
    let mut interval = policy.first_interval;
    let mut latest = first;
    while !done(&latest) {
        let waited = clock.now().saturating_duration_since(started);
        if waited >= policy.give_up_after {
            tracing::warn!(
                what,
                ?waited,
                "carrier still processing; giving up the wait"
            );
            return Err(CarrierError::StillProcessing {
                what: what.to_owned(),
                waited,
            });
        }
        clock
            .sleep(interval.min(policy.give_up_after - waited))
            .await;
        interval = interval.saturating_mul(2).min(policy.max_interval);
        latest = look().await?;
    }
    Ok(latest)
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::clock::ManualClock;

    fn policy() -> PollPolicy {
        PollPolicy {
            first_interval: Duration::from_secs(1),
            max_interval: Duration::from_secs(4),
            give_up_after: Duration::from_secs(10),
        }
    }

    #[tokio::test]
    async fn finished_work_is_not_looked_at_again() {
        let clock = ManualClock::new();
        let looks = AtomicUsize::new(0);
        let result = poll_until(
            &policy(),
            &clock,
            "label",
            7,
            || async {
                looks.fetch_add(1, Ordering::SeqCst);
                Ok(7)
            },
            |n| *n == 7,
        )
        .await;
        assert_eq!(result, Ok(7));
        assert_eq!(looks.load(Ordering::SeqCst), 0);
        assert!(clock.sleeps().is_empty());
    }

    #[tokio::test]
    async fn the_interval_doubles_up_to_its_ceiling_and_the_wait_ends_at_the_deadline() {
        let clock = ManualClock::new();
        let result = poll_until(
            &policy(),
            &clock,
            "batch label",
            0,
            || async { Ok(0) },
            |_| false,
        )
        .await;
        assert_eq!(
            result,
            Err(CarrierError::StillProcessing {
                what: "batch label".to_owned(),
                waited: Duration::from_secs(10),
            })
        );
        let secs: Vec<u64> = clock.sleeps().iter().map(Duration::as_secs).collect();
        assert_eq!(secs, [1, 2, 4, 3]);
    }

    #[tokio::test]
    async fn an_error_while_looking_ends_the_wait() {
        let clock = ManualClock::new();
        let result = poll_until(
            &policy(),
            &clock,
            "label",
            0,
            || async { Err::<i32, _>(CarrierError::Unauthorized) },
            |_| false,
        )
        .await;
        assert_eq!(result, Err(CarrierError::Unauthorized));
        assert_eq!(clock.sleeps().len(), 1);
    }
}
