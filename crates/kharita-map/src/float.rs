//! The elementary functions the map uses. In the browser they are the page's own `Math`, which
//! is there anyway; compiled into the wasm, Rust's (its libm port) would bring their code and
//! tables into the map's first load. Natively, where the tests run, they are the standard
//! library's. The two may differ in the last bit, far below anything the map draws or writes.

#[cfg(target_arch = "wasm32")]
pub use js_sys::Math::{atan, cos, hypot, log as ln, log2, log10, pow, sinh, tan};

#[cfg(not(target_arch = "wasm32"))]
pub use native::{atan, cos, hypot, ln, log2, log10, pow, sinh, tan};

/// 2 to the power `exponent`.
pub fn exp2(exponent: f64) -> f64 {
    pow(2.0, exponent)
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    pub fn atan(x: f64) -> f64 {
        x.atan()
    }
    pub fn cos(x: f64) -> f64 {
        x.cos()
    }
    pub fn hypot(x: f64, y: f64) -> f64 {
        x.hypot(y)
    }
    pub fn ln(x: f64) -> f64 {
        x.ln()
    }
    pub fn log2(x: f64) -> f64 {
        x.log2()
    }
    pub fn log10(x: f64) -> f64 {
        x.log10()
    }
    pub fn pow(base: f64, exponent: f64) -> f64 {
        base.powf(exponent)
    }
    pub fn sinh(x: f64) -> f64 {
        x.sinh()
    }
    pub fn tan(x: f64) -> f64 {
        x.tan()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp2_is_two_to_the_power() {
        assert!((exp2(3.0) - 8.0).abs() < 1e-12);
        assert!((exp2(-1.5) - 2.0_f64.powf(-1.5)).abs() < 1e-15);
    }
}
