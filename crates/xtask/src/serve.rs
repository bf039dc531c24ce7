//! A small static file server for `dist/`, on loopback only.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result};

/// A server running on a background thread for the rest of the process.
#[derive(Debug)]
pub(crate) struct Server {
    pub(crate) url: String,
}

/// Serves `dist` under the sub-path `mount` (e.g. `/kharita/`) on a free loopback port in the
/// background. Tests use a sub-path to prove that `dist/` works from anywhere.
pub(crate) fn spawn(dist: &Path, mount: &'static str) -> Result<Server> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let url = format!("http://{}{mount}", listener.local_addr()?);
    let dist = dist.to_path_buf();
    std::thread::spawn(move || accept(&listener, &dist, mount));
    Ok(Server { url })
}

/// Serves `dist` on `port` until interrupted.
pub(crate) fn serve(dist: &Path, port: u16) -> Result<()> {
    let listener = TcpListener::bind(("127.0.0.1", port)).with_context(|| {
        format!("cannot listen on 127.0.0.1:{port}; choose another with --port")
    })?;
    println!("Kharita is served at http://127.0.0.1:{port}/  (Ctrl+C to stop)");
    accept(&listener, dist, "/");
    Ok(())
}

fn accept(listener: &TcpListener, dist: &Path, mount: &'static str) {
    for stream in listener.incoming().flatten() {
        let dist = dist.to_path_buf();
        std::thread::spawn(move || {
            let _ = respond(stream, &dist, mount);
        });
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css; charset=utf-8",
        Some("geojson") => "application/geo+json",
        Some("json") => "application/json",
        Some("txt") => "text/plain; charset=utf-8",
        Some("png") => "image/png",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

/// Maps a request path under `mount` to a file under `dist`, refusing anything that would leave
/// it.
fn resolve(dist: &Path, mount: &str, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next()?.strip_prefix(mount)?;
    let mut resolved = dist.to_path_buf();
    for part in Path::new(path).components() {
        match part {
            Component::Normal(name) if !name.to_string_lossy().contains('%') => resolved.push(name),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if resolved.is_dir() {
        resolved.push("index.html");
    }
    resolved.is_file().then_some(resolved)
}

/// The policy the map and its embed are built to run under: nothing inline, scripts and data
/// from the map's own origin only, and WebAssembly compiled without `eval`.
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

fn respond(mut stream: TcpStream, dist: &Path, mount: &str) -> std::io::Result<()> {
    let mut request_line = String::new();
    let mut reader = BufReader::new(stream.try_clone()?);
    reader.read_line(&mut request_line)?;
    // Drain the headers.
    let mut header = String::new();
    while reader.read_line(&mut header)? > 2 {
        header.clear();
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let found = (method == "GET" || method == "HEAD")
        .then(|| resolve(dist, mount, target))
        .flatten();
    let (status, kind, body) = match found.map(|path| (std::fs::read(&path), path)) {
        Some((Ok(body), path)) => ("200 OK", content_type(&path), body),
        _ => (
            "404 Not Found",
            "text/plain; charset=utf-8",
            b"not found\n".to_vec(),
        ),
    };
    // Any origin may read every response (CORS): the script embed loads its module, wasm and
    // data from another site's page. Everything here is public.
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\n\
         X-Content-Type-Options: nosniff\r\nContent-Security-Policy: {CSP}\r\n\
         Access-Control-Allow-Origin: *\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if method != "HEAD" {
        stream.write_all(&body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_leave_the_served_folder() {
        let dist = crate::root().join("seeds");
        assert!(resolve(&dist, "/", "/000_7b3ada0f5c35e97b.txt?x=1").is_some());
        assert!(resolve(&dist, "/", "/../Cargo.toml").is_none());
        assert!(resolve(&dist, "/", "/%2e%2e/Cargo.toml").is_none());
        assert!(resolve(&dist, "/", "/missing.txt").is_none());
    }

    #[test]
    fn a_sub_path_mount_serves_only_below_it() {
        let dist = crate::root().join("seeds");
        assert!(resolve(&dist, "/kharita/", "/kharita/000_7b3ada0f5c35e97b.txt").is_some());
        assert!(resolve(&dist, "/kharita/", "/000_7b3ada0f5c35e97b.txt").is_none());
        assert!(resolve(&dist, "/kharita/", "/kharita/../kharita/x").is_none());
    }
}
