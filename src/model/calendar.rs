//! The scenario's clock: its intervals on the days it covers. A single day,
//! or several days around the clock, is one run of intervals back to back; a
//! week of days that close at night has its days 24 hours apart, each day's
//! intervals from its opening to its closing and the night between closed.
//! Times are seconds from the first interval's start.

/// Where the intervals fall in time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Calendar {
    pub interval_s: f64,
    /// Every interval of every day.
    pub intervals: usize,
    /// The intervals of one day: all of them when no night interrupts them.
    pub per_day: usize,
    /// From one day's opening to the next's.
    pub day_s: f64,
}

/// What happens at a boundary of the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoundaryKind {
    /// Interval `k` starts (the first of a day: the center opens again).
    IntervalStarts(usize),
    /// A day closes for the night; another day follows.
    NightFalls,
    /// The last day closes.
    LastClose,
}

impl Calendar {
    /// `days` days of `per_day` intervals of `interval_s`, each day starting
    /// 24 hours after the one before. Days as long as 24 hours join into
    /// one run of intervals: nothing closes between them.
    pub fn new(interval_s: f64, per_day: usize, days: usize) -> Self {
        let intervals = per_day * days;
        let day_s = 86_400.0;
        let nights = days > 1 && (per_day as f64) * interval_s < day_s;
        Self {
            interval_s,
            intervals,
            per_day: if nights { per_day } else { intervals },
            day_s: if nights {
                day_s
            } else {
                interval_s * intervals as f64
            },
        }
    }

    /// Whether the center closes at night between its days.
    #[inline]
    pub fn has_nights(&self) -> bool {
        self.per_day < self.intervals
    }

    /// The number of days, counting each opening.
    pub fn days(&self) -> usize {
        self.intervals / self.per_day.max(1)
    }

    /// Start of interval `k`, seconds.
    #[inline]
    pub fn start_s(&self, k: usize) -> f64 {
        if self.has_nights() {
            let (day, slot) = (k / self.per_day, k % self.per_day);
            day as f64 * self.day_s + slot as f64 * self.interval_s
        } else {
            k as f64 * self.interval_s
        }
    }

    /// End of interval `k`, seconds.
    #[inline]
    pub fn end_s(&self, k: usize) -> f64 {
        if self.has_nights() {
            let (day, slot) = (k / self.per_day, k % self.per_day);
            day as f64 * self.day_s + (slot + 1) as f64 * self.interval_s
        } else {
            (k + 1) as f64 * self.interval_s
        }
    }

    /// End of the last interval, seconds.
    pub fn horizon_s(&self) -> f64 {
        if self.has_nights() {
            self.end_s(self.intervals - 1)
        } else {
            self.interval_s * self.intervals as f64
        }
    }

    /// The interval containing time `t`: at night, or past the last
    /// closing, the day's last interval.
    #[inline]
    pub fn interval_at(&self, t: f64) -> usize {
        if self.has_nights() {
            let days = self.intervals / self.per_day;
            let day = ((t / self.day_s) as usize).min(days - 1);
            let in_day = t - day as f64 * self.day_s;
            day * self.per_day + ((in_day / self.interval_s) as usize).min(self.per_day - 1)
        } else {
            ((t / self.interval_s) as usize).min(self.intervals - 1)
        }
    }

    /// The boundaries after time 0, in time order: each interval's start,
    /// each night's fall (where a day closes before the next opens) and the
    /// last closing.
    pub fn boundaries(&self) -> Vec<(f64, BoundaryKind)> {
        let mut out = Vec::with_capacity(self.intervals + self.days());
        for k in 1..self.intervals {
            if k % self.per_day == 0 {
                out.push((self.end_s(k - 1), BoundaryKind::NightFalls));
            }
            out.push((self.start_s(k), BoundaryKind::IntervalStarts(k)));
        }
        out.push((self.horizon_s(), BoundaryKind::LastClose));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_around_the_clock_are_one_run_of_intervals() {
        let week = Calendar::new(1800.0, 48, 7);
        let run = Calendar::new(1800.0, 336, 1);
        assert_eq!(week, run);
        assert!(!week.has_nights());
        assert_eq!(week.boundaries(), run.boundaries());
        assert_eq!(week.boundaries().len(), 336);
    }

    #[test]
    fn nights_separate_days_that_close() {
        // Two days of 08:00 to 10:00 in hours.
        let c = Calendar::new(3600.0, 2, 2);
        assert!(c.has_nights());
        assert_eq!(c.days(), 2);
        assert_eq!((c.start_s(2), c.end_s(3)), (86_400.0, 86_400.0 + 7200.0));
        assert_eq!(c.horizon_s(), 93_600.0);
        assert_eq!(
            c.boundaries(),
            vec![
                (3600.0, BoundaryKind::IntervalStarts(1)),
                (7200.0, BoundaryKind::NightFalls),
                (86_400.0, BoundaryKind::IntervalStarts(2)),
                (90_000.0, BoundaryKind::IntervalStarts(3)),
                (93_600.0, BoundaryKind::LastClose),
            ]
        );
        // The night belongs to the day's last interval.
        assert_eq!(c.interval_at(50_000.0), 1);
        assert_eq!(c.interval_at(86_400.0), 2);
        assert_eq!(c.interval_at(1e9), 3);
    }
}
