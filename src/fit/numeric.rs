//! The numerical pieces the estimators share: a monotone root by bisection,
//! a small Nelder–Mead minimiser, standard errors from the observed
//! information (a numerical Hessian) and the delta method.
//!
//! Written here rather than taken from `argmin`: the problems are one- and
//! two-parameter likelihoods, and `argmin` would bring `argmin-math` and a
//! second `rand` into the build for about sixty lines of code.

/// The root of `f` on `[lo, hi]` where `f` changes sign once, to relative
/// precision 1e-12; `None` when `f` has the same sign at both ends.
pub fn bisect(f: impl Fn(f64) -> f64, mut lo: f64, mut hi: f64) -> Option<f64> {
    let (mut f_lo, f_hi) = (f(lo), f(hi));
    if !(f_lo.is_finite() && f_hi.is_finite()) || f_lo.signum() == f_hi.signum() {
        return None;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        let f_mid = f(mid);
        if f_mid == 0.0 || (hi - lo).abs() <= 1e-12 * mid.abs().max(1e-300) {
            return Some(mid);
        }
        if f_mid.signum() == f_lo.signum() {
            lo = mid;
            f_lo = f_mid;
        } else {
            hi = mid;
        }
    }
    Some(0.5 * (lo + hi))
}

/// The minimum of `f` near `start` (Nelder–Mead with the usual
/// coefficients), stopping when the simplex's values agree to 1e-10
/// relative, or after 2 000 evaluations.
pub fn nelder_mead(f: impl Fn(&[f64; 2]) -> f64, start: [f64; 2], step: f64) -> [f64; 2] {
    let value = |p: &[f64; 2]| {
        let v = f(p);
        if v.is_nan() { f64::INFINITY } else { v }
    };
    let mut simplex = [
        start,
        [start[0] + step, start[1]],
        [start[0], start[1] + step],
    ];
    let mut values = simplex.map(|p| value(&p));
    let along =
        |a: &[f64; 2], b: &[f64; 2], t: f64| [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
    for _ in 0..2000 {
        let mut order = [0usize, 1, 2];
        order.sort_by(|&i, &j| values[i].total_cmp(&values[j]));
        simplex = order.map(|i| simplex[i]);
        values = order.map(|i| values[i]);
        if (values[2] - values[0]).abs() <= 1e-10 * (values[0].abs() + 1e-10) {
            break;
        }
        let centroid = along(&simplex[0], &simplex[1], 0.5);
        let reflected = along(&centroid, &simplex[2], -1.0);
        let f_reflected = value(&reflected);
        if f_reflected < values[0] {
            let expanded = along(&centroid, &simplex[2], -2.0);
            let f_expanded = value(&expanded);
            (simplex[2], values[2]) = if f_expanded < f_reflected {
                (expanded, f_expanded)
            } else {
                (reflected, f_reflected)
            };
        } else if f_reflected < values[1] {
            (simplex[2], values[2]) = (reflected, f_reflected);
        } else {
            let contracted = along(&centroid, &simplex[2], 0.5);
            let f_contracted = value(&contracted);
            if f_contracted < values[2] {
                (simplex[2], values[2]) = (contracted, f_contracted);
            } else {
                for i in 1..3 {
                    simplex[i] = along(&simplex[0], &simplex[i], 0.5);
                    values[i] = value(&simplex[i]);
                }
            }
        }
    }
    let best = (0..3).min_by(|&i, &j| values[i].total_cmp(&values[j]));
    simplex[best.unwrap_or(0)]
}

/// Standard errors of `outputs(θ)` at the maximum-likelihood `theta` of
/// `log_likelihood`: the covariance of θ is the inverse of the observed
/// information (minus the Hessian, by central differences), carried to the
/// outputs by the delta method (their gradients, by central differences).
/// `None` where the information is not positive definite.
// Matrix algebra reads best with its indices.
#[allow(clippy::needless_range_loop)]
pub fn delta_standard_errors<const P: usize, const O: usize>(
    log_likelihood: impl Fn(&[f64; P]) -> f64,
    theta: [f64; P],
    outputs: impl Fn(&[f64; P]) -> [f64; O],
) -> Option<[f64; O]> {
    let h = 1e-4;
    let shifted = |moves: &[(usize, f64)]| {
        let mut t = theta;
        for &(i, d) in moves {
            t[i] += d;
        }
        t
    };
    let mut information = [[0.0; P]; P];
    for i in 0..P {
        for j in 0..P {
            let second = if i == j {
                (log_likelihood(&shifted(&[(i, h)])) - 2.0 * log_likelihood(&theta)
                    + log_likelihood(&shifted(&[(i, -h)])))
                    / (h * h)
            } else {
                (log_likelihood(&shifted(&[(i, h), (j, h)]))
                    - log_likelihood(&shifted(&[(i, h), (j, -h)]))
                    - log_likelihood(&shifted(&[(i, -h), (j, h)]))
                    + log_likelihood(&shifted(&[(i, -h), (j, -h)])))
                    / (4.0 * h * h)
            };
            information[i][j] = -second;
        }
    }
    let covariance = invert(information)?;
    let mut gradients = [[0.0; P]; O];
    for i in 0..P {
        let up = outputs(&shifted(&[(i, h)]));
        let down = outputs(&shifted(&[(i, -h)]));
        for o in 0..O {
            gradients[o][i] = (up[o] - down[o]) / (2.0 * h);
        }
    }
    let mut errors = [0.0; O];
    for o in 0..O {
        let g = &gradients[o];
        let mut variance = 0.0;
        for i in 0..P {
            for j in 0..P {
                variance += g[i] * covariance[i][j] * g[j];
            }
        }
        if !(variance.is_finite() && variance >= 0.0) {
            return None;
        }
        errors[o] = variance.sqrt();
    }
    Some(errors)
}

/// The inverse of a 1×1 or 2×2 positive-definite matrix.
fn invert<const P: usize>(m: [[f64; P]; P]) -> Option<[[f64; P]; P]> {
    let mut inverse = [[0.0; P]; P];
    match P {
        1 => {
            if !(m[0][0] > 0.0 && m[0][0].is_finite()) {
                return None;
            }
            inverse[0][0] = 1.0 / m[0][0];
        }
        2 => {
            let det = m[0][0] * m[1][1] - m[0][1] * m[1][0];
            if !(det > 0.0 && m[0][0] > 0.0 && det.is_finite()) {
                return None;
            }
            inverse[0][0] = m[1][1] / det;
            inverse[1][1] = m[0][0] / det;
            inverse[0][1] = -m[0][1] / det;
            inverse[1][0] = -m[1][0] / det;
        }
        _ => return None,
    }
    Some(inverse)
}

/// The p-value of a Kolmogorov–Smirnov distance `d` on `n` values:
/// Stephens' (1970) approximation of the Kolmogorov distribution,
/// Q(λ) = 2 Σ (−1)^(k−1) e^(−2k²λ²) with λ = (√n + 0.12 + 0.11/√n)·d.
/// statrs has no Kolmogorov distribution; the series is four lines.
pub fn kolmogorov_p_value(d: f64, n: usize) -> f64 {
    let root = (n as f64).sqrt();
    let lambda = (root + 0.12 + 0.11 / root) * d;
    if lambda < 0.2 {
        return 1.0;
    }
    let mut sum = 0.0;
    for k in 1..=100 {
        let k = k as f64;
        let term = (-2.0 * k * k * lambda * lambda).exp();
        sum += if k as u64 % 2 == 1 { term } else { -term };
        if term < 1e-16 {
            break;
        }
    }
    (2.0 * sum).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bisection_finds_a_square_root() {
        let root = bisect(|x| x * x - 2.0, 0.0, 2.0).unwrap();
        assert!((root - 2f64.sqrt()).abs() < 1e-10);
        assert!(bisect(|x| x * x + 1.0, 0.0, 2.0).is_none());
    }

    #[test]
    fn nelder_mead_finds_the_minimum_of_a_bowl() {
        let p = nelder_mead(
            |p| (p[0] - 3.0).powi(2) + 10.0 * (p[1] + 1.0).powi(2),
            [0.0, 0.0],
            1.0,
        );
        assert!(
            (p[0] - 3.0).abs() < 1e-4 && (p[1] + 1.0).abs() < 1e-4,
            "{p:?}"
        );
    }

    #[test]
    fn the_information_of_a_normal_mean_gives_sigma_over_root_n() {
        // n values of a normal with known σ = 2: log L(μ) = −Σ(x−μ)²/8, SE = 2/√n.
        let (n, sum, sum2) = (100.0, 500.0, 2600.0);
        let ll = |t: &[f64; 1]| -(sum2 - 2.0 * t[0] * sum + n * t[0] * t[0]) / 8.0;
        let se = delta_standard_errors(ll, [5.0], |t| [t[0]]).unwrap();
        assert!((se[0] - 0.2).abs() < 1e-6, "{se:?}");
    }

    #[test]
    fn kolmogorov_tail_matches_the_tabulated_critical_values() {
        // Asymptotic 5 % and 1 % critical values: 1.3581/√n and 1.6276/√n.
        let n = 10_000;
        let root = (n as f64).sqrt();
        let at = |c: f64| kolmogorov_p_value(c / (root + 0.12 + 0.11 / root), n);
        assert!((at(1.3581) - 0.05).abs() < 1e-3);
        assert!((at(1.6276) - 0.01).abs() < 1e-3);
    }
}
