//! Numbers to a fixed number of decimals, written with integer formatting only: the map writes
//! them into every transform and, for painted markers, tens of thousands into paths per frame,
//! where exact float formatting (`format!("{:.1}", x)`) is the slower way. And plain decimals
//! read back ([`parse`]), the map's position in its URL, without the standard library's float
//! parser, whose tables weigh more in the web app's wasm than the map's own parsing.

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

/// Reads a plain decimal: an optional sign, then digits with at most one point (`-12.345`, `+3`,
/// `.5`, `7.`), and nothing else: no spaces, exponent, `inf` or `NaN`. With at most 15
/// significant digits and 22 decimals, which is all [`push_fixed`] and [`push_short`] write, the
/// result is exactly `str::parse::<f64>`'s (the number and the power of ten are both exact, and
/// one division rounds correctly); digits beyond the 19th are dropped.
pub fn parse(text: &str) -> Option<f64> {
    let (negative, unsigned) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    // The value is `mantissa` × 10^`exponent`.
    let (mut mantissa, mut exponent) = (0_u64, 0_i32);
    for (digits, in_fraction) in [(whole, false), (fraction, true)] {
        for byte in digits.bytes() {
            let digit = byte.checked_sub(b'0').filter(|digit| *digit <= 9)?;
            if mantissa < u64::MAX / 10 - 1 {
                mantissa = mantissa * 10 + u64::from(digit);
                exponent -= i32::from(in_fraction);
            } else {
                // No room: the digit is dropped, but a whole-part digit still counts its place.
                exponent += i32::from(!in_fraction);
            }
        }
    }
    // Exact up to 10^22: every power of ten up to there is a float.
    let power = (0..exponent.unsigned_abs()).fold(1.0_f64, |power, _| power * 10.0);
    #[allow(clippy::cast_precision_loss)]
    let magnitude = if exponent < 0 {
        mantissa as f64 / power
    } else {
        mantissa as f64 * power
    };
    Some(if negative { -magnitude } else { magnitude })
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
    fn parse_reads_what_the_standard_parser_reads() {
        let mut written = Vec::new();
        for value in VALUES {
            for decimals in 0..=9 {
                written.push(fixed(value, decimals));
                written.push(short(value, decimals));
            }
        }
        // Pseudo-random decimals of up to 15 significant digits and 22 decimals (a fixed LCG).
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |below: u64| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            (state >> 33) % below
        };
        for _ in 0..20_000 {
            let digits = 1 + next(15);
            let decimals = next(23).min(digits);
            let mut text = String::new();
            if next(2) == 0 {
                text.push('-');
            }
            for place in 0..digits {
                if place == digits - decimals {
                    text.push('.');
                }
                text.push(char::from(b'0' + u8::try_from(next(10)).unwrap()));
            }
            written.push(text);
        }
        written.extend([".5", "5.", "-0", "+3", "0.000", "007", "-.25"].map(String::from));
        for text in written {
            let expected: f64 = text.parse().unwrap();
            let parsed = parse(&text).unwrap_or_else(|| panic!("{text} is not read"));
            assert_eq!(parsed.to_bits(), expected.to_bits(), "{text}");
        }
    }

    #[test]
    fn parse_refuses_what_is_not_a_plain_decimal() {
        for text in [
            "", ".", "-", "+", "-.", "1e3", "1.2.3", " 1", "1 ", "inf", "NaN", "0x10", "١٢", "--1",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn parse_drops_digits_beyond_what_a_u64_holds() {
        let long_whole = "123456789012345678901234567890";
        let expected: f64 = long_whole.parse().unwrap();
        let parsed = parse(long_whole).unwrap();
        assert!(
            (parsed - expected).abs() / expected < 1e-15,
            "{parsed} vs {expected}"
        );
        let long_fraction = "0.123456789012345678901234567890";
        assert!((parse(long_fraction).unwrap() - 0.123_456_789_012_345_68).abs() < 1e-17);
    }

    #[test]
    fn halves_round_away_from_zero() {
        assert_eq!(fixed(0.5, 0), "1");
        assert_eq!(fixed(-2.5, 0), "-3");
    }
}
