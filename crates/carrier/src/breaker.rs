//! A circuit breaker, so a dead carrier never freezes the desk.
//!
//! Closed: calls go through; `failure_threshold` consecutive outages (timeouts,
//! dropped connections, 5xx) open it. Open: calls fail at once with
//! [`CarrierError::Unavailable`] until `cool_down` has passed. Half-open: one
//! probe call goes through; its success closes the breaker, its failure opens
//! it for another cool-down, and other calls fail fast while it is in flight.
//!
//! 4xx answers (bad address, bad key, rate limit) are not outages: the carrier
//! is up and answering, so they count as successes here.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use crate::clock::Clock;
use crate::error::CarrierError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreakerPolicy {
    pub failure_threshold: u32,
    pub cool_down: Duration,
}

impl Default for BreakerPolicy {
    fn default() -> Self {
        BreakerPolicy {
            failure_threshold: 5,
            cool_down: Duration::from_secs(30),
        }
    }
}

/// What the breaker is doing, for a status line in the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakerState {
    Closed,
    Open,
    HalfOpen,
}

#[derive(Debug, Clone, Copy)]
enum State {
    Closed { failures: u32 },
    Open { until: Instant },
    HalfOpen { probing: bool },
}

#[derive(Debug)]
pub struct CircuitBreaker {
    policy: BreakerPolicy,
    clock: Arc<dyn Clock>,
    state: Mutex<State>,
}

/// Leave to make one call. Report how it went with [`Permit::record`]; a permit
/// dropped unreported (the caller gave up on the call) is no verdict either way.
#[must_use = "report the outcome with Permit::record"]
pub struct Permit<'a> {
    breaker: &'a CircuitBreaker,
    probe: bool,
    recorded: bool,
}

impl CircuitBreaker {
    pub fn new(policy: BreakerPolicy, clock: Arc<dyn Clock>) -> Self {
        CircuitBreaker {
            policy,
            clock,
            state: Mutex::new(State::Closed { failures: 0 }),
        }
    }

    pub fn state(&self) -> BreakerState {
        match *self.lock() {
            State::Closed { .. } => BreakerState::Closed,
            State::Open { until } if self.clock.now() >= until => BreakerState::HalfOpen,
            State::Open { .. } => BreakerState::Open,
            State::HalfOpen { .. } => BreakerState::HalfOpen,
        }
    }

    pub fn permit(&self) -> Result<Permit<'_>, CarrierError> {
        let mut state = self.lock();
        let probe = match *state {
            State::Closed { .. } => false,
            State::Open { until } if self.clock.now() >= until => true,
            State::HalfOpen { probing: false } => true,
            State::Open { .. } | State::HalfOpen { probing: true } => {
                return Err(CarrierError::Unavailable)
            }
        };
        if probe {
            tracing::info!("carrier circuit half-open: sending one probe call");
            *state = State::HalfOpen { probing: true };
        }
        Ok(Permit {
            breaker: self,
            probe,
            recorded: false,
        })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // Every write stores a whole valid `State`, so a poisoned lock is usable.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Permit<'_> {
    /// `outage` is true when the call failed in a way that says the carrier is
    /// down (see the module doc).
    pub fn record(mut self, outage: bool) {
        self.recorded = true;
        let breaker = self.breaker;
        let mut state = breaker.lock();
        let open = State::Open {
            until: breaker.clock.now() + breaker.policy.cool_down,
        };
        *state = match (*state, outage) {
            (_, false) => State::Closed { failures: 0 },
            (State::Closed { failures }, true)
                if failures + 1 < breaker.policy.failure_threshold =>
            {
                State::Closed {
                    failures: failures + 1,
                }
            }
            // A call let through while closed may finish after the breaker
            // opened; it must not extend or shorten the cool-down.
            (State::Open { until }, true) => State::Open { until },
            (_, true) => {
                tracing::warn!("carrier circuit open for {:?}", breaker.policy.cool_down);
                open
            }
        };
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        if self.probe && !self.recorded {
            let mut state = self.breaker.lock();
            if let State::HalfOpen { .. } = *state {
                *state = State::HalfOpen { probing: false };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;

    fn breaker(clock: &ManualClock) -> CircuitBreaker {
        let policy = BreakerPolicy {
            failure_threshold: 2,
            cool_down: Duration::from_secs(10),
        };
        CircuitBreaker::new(policy, Arc::new(clock.clone()))
    }

    fn call(breaker: &CircuitBreaker, outage: bool) {
        breaker.permit().unwrap().record(outage);
    }

    #[test]
    fn only_consecutive_outages_open_it() {
        let clock = ManualClock::new();
        let breaker = breaker(&clock);
        call(&breaker, true);
        call(&breaker, false);
        call(&breaker, true);
        assert_eq!(breaker.state(), BreakerState::Closed);
        call(&breaker, true);
        assert_eq!(breaker.state(), BreakerState::Open);
        assert!(matches!(breaker.permit(), Err(CarrierError::Unavailable)));
    }

    #[test]
    fn half_open_lets_one_probe_through_and_a_failed_probe_reopens() {
        let clock = ManualClock::new();
        let breaker = breaker(&clock);
        call(&breaker, true);
        call(&breaker, true);
        clock.advance(Duration::from_secs(10));
        let probe = breaker.permit().unwrap();
        assert!(matches!(breaker.permit(), Err(CarrierError::Unavailable)));
        probe.record(true);
        assert_eq!(breaker.state(), BreakerState::Open);
        clock.advance(Duration::from_secs(10));
        call(&breaker, false);
        assert_eq!(breaker.state(), BreakerState::Closed);
    }

    #[test]
    fn a_late_outage_does_not_extend_the_cool_down() {
        let clock = ManualClock::new();
        let breaker = breaker(&clock);
        let late = breaker.permit().unwrap();
        call(&breaker, true);
        call(&breaker, true);
        clock.advance(Duration::from_secs(5));
        late.record(true);
        clock.advance(Duration::from_secs(5));
        assert_eq!(breaker.state(), BreakerState::HalfOpen);
    }

    #[test]
    fn an_abandoned_probe_lets_the_next_call_probe() {
        let clock = ManualClock::new();
        let breaker = breaker(&clock);
        call(&breaker, true);
        call(&breaker, true);
        clock.advance(Duration::from_secs(10));
        drop(breaker.permit().unwrap());
        assert!(breaker.permit().is_ok());
    }
}
