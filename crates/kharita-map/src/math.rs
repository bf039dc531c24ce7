//! The few transcendental functions the map's math uses. Natively they are Rust's own; in the
//! browser they are the engine's `Math` functions, which it has anyway: Rust's port of libm, built
//! into the wasm, was 14 KB of the app's code before optimisation and about 5 KB of the map's
//! gzipped first load (measured 2026-12-06), more than the clusters of painted markers cost.

/// Defines each function as the browser's `Math.<js>` in wasm and as `f64::<rust>` natively.
macro_rules! one_argument {
    ($($(#[$doc:meta])* $name:ident: $js:ident, $rust:ident;)*) => {$(
        $(#[$doc])*
        #[cfg(target_arch = "wasm32")]
        #[inline]
        pub fn $name(x: f64) -> f64 {
            js_sys::Math::$js(x)
        }

        $(#[$doc])*
        #[cfg(not(target_arch = "wasm32"))]
        #[inline]
        pub fn $name(x: f64) -> f64 {
            x.$rust()
        }
    )*};
}

one_argument! {
    /// The tangent of `x` radians.
    tan: tan, tan;
    /// The cosine of `x` radians.
    cos: cos, cos;
    /// The arctangent of `x`, in radians.
    atan: atan, atan;
    /// The hyperbolic sine of `x`.
    sinh: sinh, sinh;
    /// The natural logarithm of `x`.
    ln: log, ln;
    /// The base-2 logarithm of `x`.
    log2: log2, log2;
    /// The base-10 logarithm of `x`.
    log10: log10, log10;
}

/// `base` to the power `exponent`.
#[cfg(target_arch = "wasm32")]
#[inline]
pub fn powf(base: f64, exponent: f64) -> f64 {
    js_sys::Math::pow(base, exponent)
}

/// `base` to the power `exponent`.
#[cfg(not(target_arch = "wasm32"))]
#[inline]
pub fn powf(base: f64, exponent: f64) -> f64 {
    base.powf(exponent)
}

/// 2 to the power `x`.
#[inline]
pub fn exp2(x: f64) -> f64 {
    powf(2.0, x)
}

/// The length of the hypotenuse of a right triangle with sides `x` and `y`.
#[cfg(target_arch = "wasm32")]
#[inline]
pub fn hypot(x: f64, y: f64) -> f64 {
    js_sys::Math::hypot(x, y)
}

/// The length of the hypotenuse of a right triangle with sides `x` and `y`.
#[cfg(not(target_arch = "wasm32"))]
#[inline]
pub fn hypot(x: f64, y: f64) -> f64 {
    x.hypot(y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_functions_are_the_ones_named() {
        let near = |a: f64, b: f64| (a - b).abs() < 1e-12;
        assert!(near(tan(1.0), 1.0_f64.tan()));
        assert!(near(ln(10.0), std::f64::consts::LN_10));
        assert!(near(exp2(3.0), 8.0));
        assert!(near(hypot(3.0, 4.0), 5.0));
        assert!(near(log10(1000.0), 3.0));
    }
}
