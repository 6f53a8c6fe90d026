//! A brake on password guessing, per user name, kept in memory.
//!
//! Every attempt counts as a failure from the moment it starts and is only
//! forgiven when it succeeds, so a burst of parallel guesses cannot all slip
//! past the check while their (slow, by design) password hashes run. The
//! count resets when the server restarts; for a shop's server that is an
//! acceptable trade for needing no table.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Above this many tracked names, expired entries are swept so guesses at
/// made-up names cannot grow the map without bound.
const SWEEP_ABOVE: usize = 10_000;

pub struct LoginLimiter {
    max_failures: usize,
    window: Duration,
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

/// A login attempt in progress: counted as a failure unless
/// [`Attempt::succeeded`] is called.
pub struct Attempt<'a> {
    limiter: &'a LoginLimiter,
    username: String,
}

impl LoginLimiter {
    /// Allows `max_failures` failed attempts per user name within `window`.
    pub fn new(max_failures: usize, window: Duration) -> LoginLimiter {
        LoginLimiter {
            max_failures,
            window,
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// Starts an attempt for `username` at `now`, or says how long to wait.
    pub fn begin(&self, username: &str, now: Instant) -> Result<Attempt<'_>, Duration> {
        let mut failures = self.lock();
        if failures.len() > SWEEP_ABOVE {
            failures.retain(|_, times| {
                times
                    .back()
                    .is_some_and(|last| now.duration_since(*last) < self.window)
            });
        }
        let times = failures.entry(username.to_owned()).or_default();
        while times
            .front()
            .is_some_and(|first| now.duration_since(*first) >= self.window)
        {
            times.pop_front();
        }
        if times.len() >= self.max_failures {
            let oldest = times.front().copied().unwrap_or(now);
            return Err(self.window.saturating_sub(now.duration_since(oldest)));
        }
        times.push_back(now);
        Ok(Attempt {
            limiter: self,
            username: username.to_owned(),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, VecDeque<Instant>>> {
        // The map holds only timestamps; a panic elsewhere cannot leave it
        // in a state worse than slightly stale.
        self.failures
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Attempt<'_> {
    /// The password was right: forget this name's failures.
    pub fn succeeded(self) {
        self.limiter.lock().remove(&self.username);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WINDOW: Duration = Duration::from_secs(300);

    #[test]
    fn the_sixth_failure_within_the_window_is_refused_until_the_first_expires() {
        let limiter = LoginLimiter::new(5, WINDOW);
        let start = Instant::now();
        for second in 0..5 {
            assert!(limiter
                .begin("dana", start + Duration::from_secs(second))
                .is_ok());
        }
        let wait = limiter.begin("dana", start + Duration::from_secs(10)).err();
        assert_eq!(wait, Some(Duration::from_secs(290)));
        assert!(limiter.begin("dana", start + WINDOW).is_ok());
    }

    #[test]
    fn names_are_limited_separately() {
        let limiter = LoginLimiter::new(1, WINDOW);
        let now = Instant::now();
        assert!(limiter.begin("dana", now).is_ok());
        assert!(limiter.begin("dana", now).is_err());
        assert!(limiter.begin("lee", now).is_ok());
    }

    #[test]
    fn a_success_forgives_earlier_failures() {
        let limiter = LoginLimiter::new(2, WINDOW);
        let now = Instant::now();
        assert!(limiter.begin("dana", now).is_ok());
        if let Ok(attempt) = limiter.begin("dana", now) {
            attempt.succeeded();
        }
        assert!(limiter.begin("dana", now).is_ok());
        assert!(limiter.begin("dana", now).is_ok());
        assert!(limiter.begin("dana", now).is_err());
    }
}
