//! Latency samples and their quantiles, shared by the bench binaries: a
//! person waits for one save, so benches report p50/p99, not means.
#![allow(dead_code)] // each bench binary uses a different part

use std::time::Duration;

/// Durations, sorted once so quantiles are plain lookups.
pub struct Samples(Vec<Duration>);

impl Samples {
    pub fn new(mut samples: Vec<Duration>) -> Samples {
        samples.sort();
        Samples(samples)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn quantile(&self, q: f64) -> Duration {
        let index = ((self.0.len() as f64 - 1.0) * q).round() as usize;
        self.0[index]
    }

    pub fn p50(&self) -> Duration {
        self.quantile(0.50)
    }

    pub fn p99(&self) -> Duration {
        self.quantile(0.99)
    }
}
