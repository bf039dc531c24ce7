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

/// The gzipped copy the build wrote beside `path` ([`crate::dist::precompress`]), unless it is
/// older than the file, which was then changed after the build.
fn gzipped_copy(path: &Path) -> Option<PathBuf> {
    let copy = crate::dist::gzipped_copy_of(path);
    let modified = |path: &Path| std::fs::metadata(path).and_then(|m| m.modified()).ok();
    (modified(&copy)? >= modified(path)?).then_some(copy)
}

fn not_found() -> (&'static str, &'static str, &'static str, Vec<u8>) {
    (
        "404 Not Found",
        "text/plain; charset=utf-8",
        "",
        b"not found\n".to_vec(),
    )
}

/// The policy the map and its embed are built to run under: nothing inline, scripts and data
/// from the map's own origin only, and WebAssembly compiled without `eval`.
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

fn respond(mut stream: TcpStream, dist: &Path, mount: &str) -> std::io::Result<()> {
    let mut request_line = String::new();
    let mut reader = BufReader::new(stream.try_clone()?);
    reader.read_line(&mut request_line)?;
    let mut accepts_gzip = false;
    let mut header = String::new();
    while reader.read_line(&mut header)? > 2 {
        let (name, value) = header.split_once(':').unwrap_or_default();
        if name.eq_ignore_ascii_case("accept-encoding") {
            accepts_gzip |= value
                .split(',')
                .any(|coding| coding.split(';').next().unwrap_or_default().trim() == "gzip");
        }
        header.clear();
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let found = (method == "GET" || method == "HEAD")
        .then(|| resolve(dist, mount, target))
        .flatten();
    let (status, kind, encoding, body) = match found {
        Some(path) => {
            let gzipped = accepts_gzip.then(|| gzipped_copy(&path)).flatten();
            let encoding = gzipped
                .as_ref()
                .map_or("", |_| "Content-Encoding: gzip\r\n");
            match std::fs::read(gzipped.as_ref().unwrap_or(&path)) {
                Ok(body) => ("200 OK", content_type(&path), encoding, body),
                Err(_) => not_found(),
            }
        }
        None => not_found(),
    };
    // Any origin may read every response (CORS): the script embed loads its module, wasm and
    // data from another site's page. Everything here is public.
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\n{encoding}Content-Length: {}\r\n\
         Vary: Accept-Encoding\r\nCache-Control: no-cache\r\n\
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

    /// The response to a GET of `path`, headers and body, with `accept` as Accept-Encoding.
    fn get(server: &Server, path: &str, accept: &str) -> (String, Vec<u8>) {
        use std::io::Read;
        let address = server
            .url
            .trim_start_matches("http://")
            .trim_end_matches('/');
        let mut stream = TcpStream::connect(address).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: x\r\n{accept}\r\n").unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        let end = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        let head = String::from_utf8(response[..end].to_vec()).unwrap();
        (head, response[end + 4..].to_vec())
    }

    #[test]
    fn gzipped_copies_go_to_browsers_that_accept_gzip_and_stale_ones_to_none() {
        let dir = std::env::temp_dir().join(format!("kharita-serve-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let text = "قاعدة الجفرة ".repeat(200);
        std::fs::write(dir.join("a.txt"), &text).unwrap();
        std::fs::write(dir.join("stale.txt"), &text).unwrap();
        crate::dist::precompress(&dir).unwrap();
        let gzipped = std::fs::read(dir.join("a.txt.gz")).unwrap();
        assert!(gzipped.len() < text.len() / 10);
        // Edited after the build: its copy must not be sent.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(dir.join("stale.txt"), "edited").unwrap();
        let server = spawn(&dir, "/").unwrap();

        let (head, body) = get(&server, "/a.txt", "Accept-Encoding: gzip, deflate, br\r\n");
        assert!(head.contains("Content-Encoding: gzip"), "{head}");
        assert!(
            head.contains("Content-Type: text/plain; charset=utf-8"),
            "{head}"
        );
        assert_eq!(body, gzipped);
        let mut unpacked = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&body[..]), &mut unpacked)
            .unwrap();
        assert_eq!(unpacked, text);

        for accept in ["", "Accept-Encoding: br, gzipx\r\n"] {
            let (head, body) = get(&server, "/a.txt", accept);
            assert!(!head.contains("Content-Encoding"), "{head}");
            assert_eq!(body, text.as_bytes());
        }
        let (head, body) = get(&server, "/stale.txt", "Accept-Encoding: gzip\r\n");
        assert!(!head.contains("Content-Encoding"), "{head}");
        assert_eq!(body, b"edited");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_sub_path_mount_serves_only_below_it() {
        let dist = crate::root().join("seeds");
        assert!(resolve(&dist, "/kharita/", "/kharita/000_7b3ada0f5c35e97b.txt").is_some());
        assert!(resolve(&dist, "/kharita/", "/000_7b3ada0f5c35e97b.txt").is_none());
        assert!(resolve(&dist, "/kharita/", "/kharita/../kharita/x").is_none());
    }
}
