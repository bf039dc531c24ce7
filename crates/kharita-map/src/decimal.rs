//! Numbers to a fixed number of decimals, written with integer formatting only: the map writes
//! them into every transform and, for painted markers, tens of thousands into paths per frame,
//! where exact float formatting (`format!("{:.1}", x)`) is the slower way.

use std::fmt::Write as _;

/// Appends `value` to `decimals` places (at most 9), as `format!("{value:.decimals$}")` writes
/// it, except that halves round away from zero. Values beyond ±1.8e10 saturate.
pub fn push_fixed(out: &mut String, value: f64, decimals: usize) {
    push(out, value, decimals, false);
}

/// Like [`push_fixed`] without trailing zeros after the point (`6.50` → `6.5`, `2.00` → `2`),
/// and never `-0`.
pub fn push_short(out: &mut String, value: f64, decimals: usize) {
    push(out, value, decimals, true);
}

/// [`push_fixed`] as a new string.
pub fn fixed(value: f64, decimals: usize) -> String {
    let mut out = String::new();
    push_fixed(&mut out, value, decimals);
    out
}

/// [`push_short`] as a new string.
pub fn short(value: f64, decimals: usize) -> String {
    let mut out = String::new();
    push_short(&mut out, value, decimals);
    out
}

fn push(out: &mut String, value: f64, decimals: usize, trim: bool) {
    let decimals = decimals.min(9);
    let unit = 10_u64.pow(u32::try_from(decimals).unwrap_or(9));
    // Rounded and non-negative; `as` saturates what does not fit.
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let scaled = (value.abs() * unit as f64).round() as u64;
    let (whole, mut fraction, mut digits) = (scaled / unit, scaled % unit, decimals);
    if trim {
        while digits > 0 && fraction.is_multiple_of(10) {
            fraction /= 10;
            digits -= 1;
        }
    }
    if value.is_sign_negative() && !(trim && scaled == 0) {
        out.push('-');
    }
    let _ = write!(out, "{whole}");
    if digits > 0 {
        let _ = write!(out, ".{fraction:0digits$}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values without a tie at any of the places tested.
    const VALUES: [f64; 12] = [
        0.0,
        -0.0,
        3.0,
        -3.0,
        12.3456,
        -0.0004,
        399.9996,
        1_234.567_891,
        -87.263,
        0.1,
        4096.0,
        -123_456.789_12,
    ];

    #[test]
    fn fixed_writes_what_format_writes() {
        for value in VALUES {
            for decimals in 0..=6 {
                assert_eq!(
                    fixed(value, decimals),
                    format!("{value:.decimals$}"),
                    "{value} to {decimals} places"
                );
            }
        }
    }

    #[test]
    fn short_drops_trailing_zeros_and_negative_zero() {
        assert_eq!(short(6.5, 2), "6.5");
        assert_eq!(short(2.0, 2), "2");
        assert_eq!(short(-0.0004, 2), "0");
        assert_eq!(short(-87.263, 1), "-87.3");
        assert_eq!(short(32.887_04, 4), "32.887");
        for value in VALUES {
            let formatted = format!("{value:.4}");
            let trimmed = formatted.trim_end_matches('0').trim_end_matches('.');
            let expected = if trimmed == "-0" { "0" } else { trimmed };
            assert_eq!(short(value, 4), expected, "{value}");
        }
    }

    #[test]
    fn halves_round_away_from_zero() {
        assert_eq!(fixed(0.5, 0), "1");
        assert_eq!(fixed(-2.5, 0), "-3");
    }
}
