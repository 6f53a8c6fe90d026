//! Time as a dependency. The retry loop sleeps and the circuit breaker reads the
//! time through [`Clock`], so tests can run a minute of back-off and cool-down
//! in microseconds and assert exactly how long the client chose to wait.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

pub type Sleep = Pin<Box<dyn Future<Output = ()> + Send>>;

pub trait Clock: Send + Sync + fmt::Debug {
    fn now(&self) -> Instant;
    fn sleep(&self, duration: Duration) -> Sleep;
}

/// The real clock: `Instant::now` and tokio's timer.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }

    fn sleep(&self, duration: Duration) -> Sleep {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// A clock that only moves when told to, or when someone sleeps on it (the
/// sleep returns at once and moves the clock forward). Records every sleep.
#[derive(Debug, Clone)]
pub struct ManualClock {
    inner: Arc<Mutex<ManualState>>,
}

#[derive(Debug)]
struct ManualState {
    now: Instant,
    sleeps: Vec<Duration>,
}

impl ManualClock {
    pub fn new() -> Self {
        ManualClock {
            inner: Arc::new(Mutex::new(ManualState {
                now: Instant::now(),
                sleeps: Vec::new(),
            })),
        }
    }

    pub fn advance(&self, by: Duration) {
        self.lock().now += by;
    }

    /// Every duration slept so far, in order.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.lock().sleeps.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ManualState> {
        // The state stays consistent under a panic (two plain fields), so a
        // poisoned lock is still usable.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Default for ManualClock {
    fn default() -> Self {
        ManualClock::new()
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Instant {
        self.lock().now
    }

    fn sleep(&self, duration: Duration) -> Sleep {
        let mut state = self.lock();
        state.now += duration;
        state.sleeps.push(duration);
        Box::pin(std::future::ready(()))
    }
}
