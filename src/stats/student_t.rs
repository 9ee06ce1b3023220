//! Quantiles of Student's t distribution, for confidence intervals over a
//! handful of replications (where the normal 1.96 would be too narrow).

/// The `p`-quantile of Student's t with `df` degrees of freedom (df ≥ 1).
///
/// Inverts the CDF, written through the regularised incomplete beta function,
/// by bisection to full precision.
pub fn student_t_quantile(p: f64, df: f64) -> f64 {
    // Reports ask for the same few (level, df) pairs thousands of times.
    thread_local! {
        static RECENT: std::cell::Cell<(u64, u64, f64)> = const { std::cell::Cell::new((0, 0, f64::NAN)) };
    }
    let key = (p.to_bits(), df.to_bits());
    let (kp, kd, value) = RECENT.get();
    if (kp, kd) == key && !value.is_nan() {
        return value;
    }
    let value = quantile_by_bisection(p, df);
    RECENT.set((key.0, key.1, value));
    value
}

fn quantile_by_bisection(p: f64, df: f64) -> f64 {
    debug_assert!(p > 0.0 && p < 1.0 && df >= 1.0);
    if p == 0.5 {
        return 0.0;
    }
    if p < 0.5 {
        return -quantile_by_bisection(1.0 - p, df);
    }
    // Bracket: the t quantile is above the normal one and, for df ≥ 1, below
    // the Cauchy's tan(π(p − ½)) in the range used for intervals.
    let (mut lo, mut hi) = (0.0, 1.0);
    while cdf(hi, df) < p {
        lo = hi;
        hi *= 2.0;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if cdf(mid, df) < p {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// P(T ≤ t) for t ≥ 0: 1 − ½·I_x(df/2, ½) with x = df / (df + t²).
fn cdf(t: f64, df: f64) -> f64 {
    let x = df / (df + t * t);
    1.0 - 0.5 * regularized_beta(x, df / 2.0, 0.5)
}

/// I_x(a, b) by Lentz's continued fraction (Numerical Recipes §6.4).
fn regularized_beta(x: f64, a: f64, b: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let front =
        (ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln()).exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_fraction(x, a, b) / a
    } else {
        1.0 - front * beta_fraction(1.0 - x, b, a) / b
    }
}

fn beta_fraction(x: f64, a: f64, b: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let mut c = 1.0;
    let mut d = 1.0 - (a + b) * x / (a + 1.0);
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..500 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));
        d = 1.0 + aa * d;
        d = if d.abs() < TINY { TINY } else { d };
        c = 1.0 + aa / c;
        c = if c.abs() < TINY { TINY } else { c };
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0));
        d = 1.0 + aa * d;
        d = if d.abs() < TINY { TINY } else { d };
        c = 1.0 + aa / c;
        c = if c.abs() < TINY { TINY } else { c };
        d = 1.0 / d;
        let step = d * c;
        h *= step;
        if (step - 1.0).abs() < 1e-16 {
            break;
        }
    }
    h
}

/// ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; relative error ~1e-15).
pub(crate) fn ln_gamma(x: f64) -> f64 {
    const COEFFICIENTS: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut sum = COEFFICIENTS[0];
    for (i, c) in COEFFICIENTS.iter().enumerate().skip(1) {
        sum += c / (x + i as f64);
    }
    let t = x + 7.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_published_tables() {
        // Two-sided 95 % and 99 % critical values.
        for (df, t95, t99) in [
            (1.0, 12.706_204_736, 63.656_741_163),
            (2.0, 4.302_652_730, 9.924_843_201),
            (5.0, 2.570_581_836, 4.032_142_984),
            (10.0, 2.228_138_852, 3.169_272_673),
            (30.0, 2.042_272_456, 2.749_995_654),
            (100.0, 1.983_971_519, 2.625_890_521),
        ] {
            assert!(
                (student_t_quantile(0.975, df) - t95).abs() < 1e-7,
                "df {df}"
            );
            assert!(
                (student_t_quantile(0.995, df) - t99).abs() < 1e-6,
                "df {df}"
            );
        }
        assert!((student_t_quantile(0.975, 1e7) - 1.959_963_985).abs() < 1e-5);
        assert!((student_t_quantile(0.025, 10.0) + 2.228_138_852).abs() < 1e-7);
    }

    #[test]
    fn ln_gamma_of_integers_is_log_factorial() {
        let mut factorial = 1.0f64;
        for n in 1..20 {
            assert!(
                (ln_gamma(f64::from(n)) - factorial.ln()).abs() < 1e-12,
                "{n}"
            );
            factorial *= f64::from(n);
        }
    }
}
