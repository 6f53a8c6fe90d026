//! Exponential back-off with full jitter for transient carrier failures.
//!
//! Full jitter (a uniform pick in `[0, min(max_delay, base·2ⁿ)]`) spreads the
//! retries of several desks hitting the same outage, instead of having them
//! all come back in lock-step. A `Retry-After` from the carrier wins over the
//! computed delay, up to [`RetryPolicy::max_retry_after`]: beyond that we give
//! up rather than freeze the packing screen.

use std::collections::hash_map::RandomState;
use std::future::Future;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

use crate::clock::Clock;
use crate::error::CarrierError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Total tries including the first; 1 means no retry.
    pub max_attempts: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(4),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// The wait before retry number `retry` (1-based), ignoring `Retry-After`.
    fn backoff(&self, retry: u32) -> Duration {
        let exponent = retry.saturating_sub(1).min(31);
        let ceiling = self
            .base_delay
            .saturating_mul(1u32 << exponent)
            .min(self.max_delay);
        let ceiling_nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(random_u64() % ceiling_nanos.saturating_add(1))
    }
}

/// A random number without a dependency: std seeds every `RandomState` afresh.
/// Jitter needs spread, not cryptographic quality.
fn random_u64() -> u64 {
    RandomState::new().build_hasher().finish()
}

/// Counts the attempts of one logical call and sleeps between them.
pub(crate) struct Attempts<'a> {
    policy: &'a RetryPolicy,
    clock: &'a dyn Clock,
    made: u32,
}

impl<'a> Attempts<'a> {
    pub(crate) fn new(policy: &'a RetryPolicy, clock: &'a dyn Clock) -> Self {
        Attempts {
            policy,
            clock,
            made: 1,
        }
    }

    /// After a failed attempt: sleeps and returns `Ok` if another attempt should
    /// follow, or hands the error back when it is final (not transient, out of
    /// attempts, or a `Retry-After` longer than we are willing to wait).
    pub(crate) async fn after_failure(&mut self, error: CarrierError) -> Result<(), CarrierError> {
        if !error.is_transient() || self.made >= self.policy.max_attempts {
            return Err(error);
        }
        let delay = match &error {
            CarrierError::RateLimited {
                retry_after: Some(wait),
            } if *wait > self.policy.max_retry_after => return Err(error),
            CarrierError::RateLimited {
                retry_after: Some(wait),
            } => *wait,
            _ => self.policy.backoff(self.made),
        };
        tracing::warn!(attempt = self.made, ?delay, %error, "carrier call failed; retrying");
        self.made += 1;
        self.clock.sleep(delay).await;
        Ok(())
    }
}

/// Runs `attempt` until it succeeds or fails for good, sleeping in between.
pub(crate) async fn retry<T, F, Fut>(
    policy: &RetryPolicy,
    clock: &dyn Clock,
    mut attempt: F,
) -> Result<T, CarrierError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, CarrierError>>,
{
    let mut attempts = Attempts::new(policy, clock);
    loop {
        match attempt().await {
            Ok(value) => return Ok(value),
            Err(error) => attempts.after_failure(error).await?,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_stays_within_the_exponential_ceiling() {
        let policy = RetryPolicy {
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(350),
            ..RetryPolicy::default()
        };
        for _ in 0..200 {
            assert!(policy.backoff(1) <= Duration::from_millis(100));
            assert!(policy.backoff(2) <= Duration::from_millis(200));
            assert!(policy.backoff(3) <= Duration::from_millis(350));
            assert!(policy.backoff(40) <= Duration::from_millis(350));
        }
    }

    #[test]
    fn backoff_is_jittered() {
        let policy = RetryPolicy::default();
        let picks: std::collections::HashSet<Duration> =
            (0..20).map(|_| policy.backoff(3)).collect();
        assert!(picks.len() > 1, "20 picks were all {picks:?}");
    }
}
