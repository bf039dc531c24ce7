//! GDAL's `ogrinfo` (Debian package `gdal-bin`, installed by `cargo xtask test`): the real
//! GeoJSON consumer the tests check exports and downloads with. Shared by test crates through
//! `#[path]`.

use std::path::Path;
use std::process::Command;

/// Runs `ogrinfo -ro <args> <path>` and returns what it prints; fails when GDAL cannot read it.
pub(crate) fn ogrinfo(path: &Path, args: &[&str]) -> String {
    let output = Command::new("ogrinfo")
        .arg("-ro")
        .args(args)
        .arg(path)
        .output()
        .expect("ogrinfo must be installed (apt-get install gdal-bin; `cargo xtask test` does it)");
    assert!(
        output.status.success(),
        "ogrinfo {args:?} {}: {}",
        path.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}
