//! Wait times binned finely enough for percentiles and the share answered
//! within any threshold: an exact bin for zero waits, half-second bins to one
//! minute, then bins 2 % wide up to a day.

const LINEAR_WIDTH_S: f64 = 0.5;
const LINEAR_LIMIT_S: f64 = 60.0;
const LINEAR_BINS: usize = 120;
const GROWTH: f64 = 1.02;
const LOG_BINS: usize = 368; // 60 s × 1.02^368 > 86 400 s
/// Index 0: waits of exactly zero; the last: beyond a day.
const BINS: usize = 1 + LINEAR_BINS + LOG_BINS + 1;

#[derive(Debug, Clone, PartialEq)]
pub struct WaitHistogram {
    counts: Vec<u64>,
    total: u64,
    max_s: f64,
}

impl Default for WaitHistogram {
    fn default() -> Self {
        Self {
            counts: vec![0; BINS],
            total: 0,
            max_s: 0.0,
        }
    }
}

fn bin_of(wait_s: f64) -> usize {
    if wait_s <= 0.0 {
        0
    } else if wait_s < LINEAR_LIMIT_S {
        1 + (wait_s / LINEAR_WIDTH_S) as usize
    } else {
        let k = ((wait_s / LINEAR_LIMIT_S).ln() / GROWTH.ln()) as usize;
        (1 + LINEAR_BINS + k).min(BINS - 1)
    }
}

/// Lower and upper edge of bin `i`, in seconds.
fn bin_edges(i: usize) -> (f64, f64) {
    if i == 0 {
        (0.0, 0.0)
    } else if i <= LINEAR_BINS {
        let lo = (i - 1) as f64 * LINEAR_WIDTH_S;
        (lo, lo + LINEAR_WIDTH_S)
    } else {
        let k = (i - 1 - LINEAR_BINS) as i32;
        (
            LINEAR_LIMIT_S * GROWTH.powi(k),
            LINEAR_LIMIT_S * GROWTH.powi(k + 1),
        )
    }
}

impl WaitHistogram {
    #[inline]
    pub fn record(&mut self, wait_s: f64) {
        self.counts[bin_of(wait_s)] += 1;
        self.total += 1;
        if wait_s > self.max_s {
            self.max_s = wait_s;
        }
    }

    pub fn merge(&mut self, other: &WaitHistogram) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
        self.total += other.total;
        self.max_s = self.max_s.max(other.max_s);
    }

    pub fn clear(&mut self) {
        self.counts.fill(0);
        self.total = 0;
        self.max_s = 0.0;
    }

    pub fn total(&self) -> u64 {
        self.total
    }

    /// Share of the recorded waits that are at most `wait_s`, bin by bin:
    /// the reference [`counts_within`](Self::counts_within) is tested against.
    #[cfg(test)]
    fn share_within(&self, wait_s: f64) -> Option<f64> {
        if self.total == 0 {
            return None;
        }
        if wait_s >= self.max_s {
            return Some(1.0);
        }
        let bin = bin_of(wait_s);
        let below: u64 = self.counts[..bin].iter().sum();
        let (lo, hi) = bin_edges(bin);
        let within = if hi > lo {
            ((wait_s - lo) / (hi - lo)).clamp(0.0, 1.0)
        } else {
            1.0
        };
        let count = below as f64 + within * self.counts[bin] as f64;
        Some(count / self.total as f64)
    }

    /// How many of the recorded waits are at most each of `waits_s`
    /// (ascending), interpolated inside the bin a wait falls in (exact on bin
    /// edges: every half second below a minute), in one pass over the bins.
    pub fn counts_within(&self, waits_s: impl Iterator<Item = f64>) -> Vec<f64> {
        let mut below = 0u64;
        let mut bin = 0;
        waits_s
            .map(|wait_s| {
                if self.total == 0 {
                    return 0.0;
                }
                if wait_s >= self.max_s {
                    return self.total as f64;
                }
                let target = bin_of(wait_s);
                debug_assert!(target >= bin, "waits must ascend");
                while bin < target {
                    below += self.counts[bin];
                    bin += 1;
                }
                let (lo, hi) = bin_edges(bin);
                let within = if hi > lo {
                    ((wait_s - lo) / (hi - lo)).clamp(0.0, 1.0)
                } else {
                    1.0
                };
                below as f64 + within * self.counts[bin] as f64
            })
            .collect()
    }

    /// The `q`-quantile (0 < q < 1) of the recorded waits, interpolated inside
    /// its bin and capped at the largest wait; `None` when empty.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        if self.total == 0 {
            return None;
        }
        let rank = q * self.total as f64;
        let mut below = 0u64;
        for (i, &count) in self.counts.iter().enumerate() {
            if count == 0 {
                continue;
            }
            if (below + count) as f64 >= rank {
                let (lo, hi) = bin_edges(i);
                if i == 0 {
                    return Some(0.0);
                }
                let hi = if i == BINS - 1 { self.max_s } else { hi };
                let within = ((rank - below as f64) / count as f64).clamp(0.0, 1.0);
                return Some((lo + within * (hi - lo)).min(self.max_s));
            }
            below += count;
        }
        Some(self.max_s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_cover_a_day_and_edges_agree() {
        assert_eq!(bin_of(0.0), 0);
        assert_eq!(bin_of(0.2), 1);
        assert_eq!(bin_of(59.99), LINEAR_BINS);
        assert_eq!(bin_of(0.5), 2);
        assert_eq!(bin_of(60.0), LINEAR_BINS + 1);
        assert!(bin_of(86_399.0) < BINS - 1);
        for w in [0.3, 5.0, 59.0, 61.0, 600.0, 3600.0, 80_000.0] {
            let (lo, hi) = bin_edges(bin_of(w));
            assert!(lo <= w && w < hi * (1.0 + 1e-12), "{w}: [{lo}, {hi})");
        }
    }

    #[test]
    fn quantiles_of_known_waits() {
        let mut h = WaitHistogram::default();
        for _ in 0..50 {
            h.record(0.0);
        }
        for i in 0..50 {
            h.record(10.0 + f64::from(i) * 2.0); // 10 .. 108 s
        }
        assert_eq!(h.quantile(0.5), Some(0.0));
        let p90 = h.quantile(0.9).unwrap();
        assert!((p90 - 88.0).abs() < 2.0, "{p90}");
        assert_eq!(h.quantile(0.999).unwrap(), 108.0);
    }

    #[test]
    fn share_within_counts_waits_up_to_a_threshold() {
        let mut h = WaitHistogram::default();
        assert_eq!(h.share_within(20.0), None);
        for w in [0.0, 0.0, 3.0, 12.0, 19.9, 25.0, 70.0, 400.0] {
            h.record(w);
        }
        assert_eq!(h.share_within(0.0), Some(2.0 / 8.0));
        assert_eq!(h.share_within(20.0), Some(5.0 / 8.0));
        assert_eq!(h.share_within(60.0), Some(6.0 / 8.0));
        assert_eq!(h.share_within(400.0), Some(1.0));
        let points: Vec<f64> = (0..500).map(f64::from).collect();
        let one_pass: Vec<Option<f64>> = h
            .counts_within(points.iter().copied())
            .into_iter()
            .map(|c| Some(c / h.total() as f64))
            .collect();
        for (t, share) in points.iter().zip(&one_pass) {
            assert_eq!(*share, h.share_within(*t), "at {t} s");
        }
        let mut last = 0.0;
        for t in 0..500 {
            let share = h.share_within(f64::from(t)).unwrap();
            assert!(share >= last, "not monotone at {t} s");
            last = share;
        }
    }
}
