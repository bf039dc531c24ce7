//! Serving `dist/` on loopback with `tower-http`'s static file service under `axum`: the
//! precompressed `.gz` copies `dist` writes for browsers that accept gzip, range requests,
//! many clients at once, and the headers the map is built for (its Content-Security-Policy,
//! and CORS so that script embeds on other sites can load it).

use std::net::SocketAddr;
use std::path::Path;

use anyhow::{Context, Result};
use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use kharita_map::tiles::{ExternalLayer, TileSource};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// A server running in the background for the rest of the process.
#[derive(Debug)]
pub(crate) struct Server {
    pub(crate) url: String,
}

/// The policy the map and its embed are built to run under: nothing inline, scripts and data
/// from the map's own origin only, and WebAssembly compiled without `eval`.
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

/// [`CSP`], and what the author's external layer (`layer.json` in `dist`) needs besides: its
/// tiles from its host (a template's as images; an archive's read by `fetch`, then drawn from
/// blobs the page makes). Unchanged when the layer is off.
pub(crate) fn content_security_policy(layer: Option<&ExternalLayer>) -> String {
    let Some(layer) = layer else {
        return CSP.to_owned();
    };
    let host = layer
        .origin()
        .map(|origin| format!(" {origin}"))
        .unwrap_or_default();
    match layer.source {
        TileSource::Template(_) => format!("{CSP}; img-src 'self'{host}"),
        TileSource::Pmtiles(_) => format!("{CSP}; connect-src 'self'{host}; img-src 'self' blob:"),
    }
}

/// The external layer `dist` was built with, if any.
fn external_layer(dist: &Path) -> Result<Option<ExternalLayer>> {
    let path = dist.join(crate::dist::LAYER_FILE);
    if !path.is_file() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path)?;
    Ok(Some(
        serde_json::from_str(&text).with_context(|| format!("reading {}", path.display()))?,
    ))
}

/// `dist` served under `mount` (`/`, or a sub-path such as `/kharita/`), with the map's headers.
fn app(dist: &Path, mount: &str) -> Result<Router> {
    let csp = HeaderValue::from_str(&content_security_policy(external_layer(dist)?.as_ref()))?;
    let files = ServeDir::new(dist).precompressed_gzip();
    let files = match mount.trim_end_matches('/') {
        "" => Router::new().fallback_service(files),
        sub_path => Router::new().nest_service(sub_path, files),
    };
    let headers: [(HeaderName, HeaderValue); 4] = [
        (header::CONTENT_SECURITY_POLICY, csp),
        // Any origin may read every response: the script embed loads its module, wasm and
        // data from another site's page. Everything here is public.
        (
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        ),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        // Always revalidated, so a rebuilt dist/ is seen at once.
        (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
    ];
    Ok(headers.into_iter().fold(files, |router, (name, value)| {
        router.layer(SetResponseHeaderLayer::overriding(name, value))
    }))
}

/// Serves `dist` under the sub-path `mount` (e.g. `/kharita/`) on a free loopback port in the
/// background. Tests use a sub-path to prove that `dist/` works from anywhere.
pub(crate) fn spawn(dist: &Path, mount: &'static str) -> Result<Server> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let url = format!("http://{}{mount}", listener.local_addr()?);
    let app = app(dist, mount)?;
    std::thread::spawn(move || run(listener, app));
    Ok(Server { url })
}

/// Serves `dist` on `port` until interrupted.
pub(crate) fn serve(dist: &Path, port: u16) -> Result<()> {
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    let listener = std::net::TcpListener::bind(address).with_context(|| {
        format!("cannot listen on 127.0.0.1:{port}; choose another with --port")
    })?;
    println!("Kharita is served at http://127.0.0.1:{port}/  (Ctrl+C to stop)");
    run(listener, app(dist, "/")?)
}

/// Serves `app` on `listener` on a runtime of its own, until the process ends.
fn run(listener: std::net::TcpListener, app: Router) -> Result<()> {
    listener.set_nonblocking(true)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        axum::serve(listener, app).await?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};
    use std::net::TcpStream;

    use super::*;

    #[test]
    fn the_policy_opens_only_to_the_external_layers_host_and_only_when_it_is_on() {
        assert_eq!(content_security_policy(None), CSP);
        let layer = |source| ExternalLayer {
            source,
            attribution: "x".into(),
            max_zoom: 14,
        };
        let template = layer(TileSource::Template(
            "https://tile.example.org/{z}/{x}/{y}.png".into(),
        ));
        assert_eq!(
            content_security_policy(Some(&template)),
            format!("{CSP}; img-src 'self' https://tile.example.org")
        );
        let archive = layer(TileSource::Pmtiles(
            "https://data.example.org/libya.pmtiles".into(),
        ));
        assert_eq!(
            content_security_policy(Some(&archive)),
            format!("{CSP}; connect-src 'self' https://data.example.org; img-src 'self' blob:")
        );
        // An archive beside the app needs no other host, only its tiles drawn from blobs.
        let beside = layer(TileSource::Pmtiles("tiles/libya.pmtiles".into()));
        assert_eq!(
            content_security_policy(Some(&beside)),
            format!("{CSP}; connect-src 'self'; img-src 'self' blob:")
        );
    }

    /// The response to `request_head` (the request line and headers, without the blank line),
    /// as its head and its body.
    fn send(server: &Server, request_head: &str) -> (String, Vec<u8>) {
        let address = server
            .url
            .trim_start_matches("http://")
            .split('/')
            .next()
            .unwrap()
            .to_owned();
        let mut stream = TcpStream::connect(address).unwrap();
        write!(stream, "{request_head}Host: x\r\nConnection: close\r\n\r\n").unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        let end = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        let head = String::from_utf8(response[..end].to_vec()).unwrap();
        (head.to_ascii_lowercase(), response[end + 4..].to_vec())
    }

    /// A folder with one text file, gzipped beside it as `dist` does, served under `mount`.
    fn served_text(name: &str, mount: &'static str) -> (Server, String, std::path::PathBuf) {
        let dir = std::env::temp_dir().join(format!("kharita-serve-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let text = "قاعدة الجفرة ".repeat(200);
        std::fs::write(dir.join("a.txt"), &text).unwrap();
        crate::dist::precompress(&dir).unwrap();
        (spawn(&dir, mount).unwrap(), text, dir)
    }

    #[test]
    fn gzipped_copies_go_to_browsers_that_accept_gzip_with_the_maps_headers() {
        let (server, text, dir) = served_text("gzip", "/");
        let gzipped = std::fs::read(dir.join("a.txt.gz")).unwrap();
        assert!(gzipped.len() < text.len() / 10);

        let (head, body) = send(
            &server,
            "GET /a.txt HTTP/1.1\r\nAccept-Encoding: gzip, br\r\n",
        );
        assert!(head.contains("content-encoding: gzip"), "{head}");
        assert!(head.contains("content-type: text/plain"), "{head}");
        assert!(
            head.contains(&format!("content-security-policy: {CSP}")),
            "{head}"
        );
        assert!(head.contains("access-control-allow-origin: *"), "{head}");
        assert_eq!(body, gzipped);

        let (head, body) = send(&server, "GET /a.txt HTTP/1.1\r\n");
        assert!(!head.contains("content-encoding"), "{head}");
        assert_eq!(body, text.as_bytes());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn range_requests_get_the_bytes_asked_for() {
        let (server, text, dir) = served_text("range", "/");
        let (head, body) = send(&server, "GET /a.txt HTTP/1.1\r\nRange: bytes=4-11\r\n");
        assert!(head.starts_with("http/1.1 206"), "{head}");
        assert_eq!(body, &text.as_bytes()[4..12]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_sub_path_mount_serves_only_below_it_and_nothing_outside_the_folder() {
        let (server, text, dir) = served_text("mount", "/kharita/");
        let (head, body) = send(&server, "GET /kharita/a.txt HTTP/1.1\r\n");
        assert!(head.starts_with("http/1.1 200"), "{head}");
        assert_eq!(body, text.as_bytes());
        for outside in ["/a.txt", "/kharita/../a.txt", "/kharita/%2e%2e/Cargo.toml"] {
            let (head, _) = send(&server, &format!("GET {outside} HTTP/1.1\r\n"));
            assert!(head.starts_with("http/1.1 404"), "{outside}: {head}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn many_clients_at_once_are_all_served() {
        let (server, text, dir) = served_text("load", "/");
        let clients: Vec<_> = (0..64)
            .map(|_| {
                let url = server.url.clone();
                std::thread::spawn(move || send(&Server { url }, "GET /a.txt HTTP/1.1\r\n"))
            })
            .collect();
        for client in clients {
            let (head, body) = client.join().unwrap();
            assert!(head.starts_with("http/1.1 200"), "{head}");
            assert_eq!(body, text.as_bytes());
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// The resident memory of this process, in bytes (Linux).
    fn resident_bytes() -> u64 {
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
        let kb: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
        kb * 1024
    }

    /// How a client of the load test behaves.
    #[derive(Clone, Copy, Debug)]
    enum Client {
        /// Asks for the whole file and reads it as fast as it can.
        Whole,
        /// Asks for a range of it.
        Range,
        /// Writes its request a few bytes at a time and reads the answer slowly.
        Slow,
    }

    /// One request of the load test: the response's status and whether its body was the bytes
    /// asked for, compared as they arrive (the client keeps none of them).
    fn load_client(
        address: &str,
        client: Client,
        at: usize,
        expected: &[u8],
    ) -> Result<(), String> {
        use std::time::Duration;
        let mut stream = TcpStream::connect(address).map_err(|e| e.to_string())?;
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let (range, wanted) = match client {
            Client::Range => {
                let start = (at * 7919) % (expected.len() - 1);
                let end = (start + 1 + (at * 104_729) % 300_000).min(expected.len() - 1);
                (
                    format!("Range: bytes={start}-{end}\r\n"),
                    &expected[start..=end],
                )
            }
            Client::Whole | Client::Slow => (String::new(), expected),
        };
        let request =
            format!("GET /big.bin HTTP/1.1\r\nHost: x\r\n{range}Connection: close\r\n\r\n");
        if let Client::Slow = client {
            for piece in request.as_bytes().chunks(7) {
                stream.write_all(piece).map_err(|e| e.to_string())?;
                std::thread::sleep(Duration::from_millis(20));
            }
        } else {
            stream
                .write_all(request.as_bytes())
                .map_err(|e| e.to_string())?;
        }
        let mut head = Vec::new();
        let mut byte = [0_u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            stream
                .read_exact(&mut byte)
                .map_err(|e| format!("head: {e}"))?;
            head.push(byte[0]);
        }
        let head = String::from_utf8_lossy(&head).to_ascii_lowercase();
        let status = if range.is_empty() {
            "http/1.1 200"
        } else {
            "http/1.1 206"
        };
        if !head.starts_with(status) {
            return Err(format!("{client:?}: {head}"));
        }
        let mut buffer = vec![0_u8; 16 * 1024];
        let mut seen = 0;
        loop {
            let read = stream.read(&mut buffer).map_err(|e| format!("body: {e}"))?;
            if read == 0 {
                break;
            }
            if wanted.get(seen..seen + read) != Some(&buffer[..read]) {
                return Err(format!("{client:?}: wrong bytes at {seen}"));
            }
            seen += read;
            if let Client::Slow = client {
                std::thread::sleep(Duration::from_millis(5));
            }
        }
        if seen == wanted.len() {
            Ok(())
        } else {
            Err(format!("{client:?}: {seen} of {} bytes", wanted.len()))
        }
    }

    /// `cargo xtask serve` under load on loopback: 200 clients at once, whole files, ranges and
    /// slow clients that write their request a few bytes at a time and read slowly, while 50
    /// more connections stay open saying nothing. Every request gets its bytes; the server
    /// streams files rather than holding them, so its memory stays far below what holding a
    /// 4 MB file per connection would take. Every read has a timeout: the test stops by itself.
    #[test]
    fn two_hundred_clients_ranges_and_slow_readers_are_all_served_in_bounded_memory() {
        let dir = std::env::temp_dir().join(format!("kharita-serve-heavy-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        // 4 MB that do not compress, so nothing is served from a small gzipped copy.
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let big: Vec<u8> = (0..4 << 20)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state.to_le_bytes()[0]
            })
            .collect();
        std::fs::write(dir.join("big.bin"), &big).unwrap();
        let server = spawn(&dir, "/").unwrap();
        let address = server
            .url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned();
        let before = resident_bytes();
        let idle: Vec<TcpStream> = (0..50)
            .map(|_| TcpStream::connect(&address).unwrap())
            .collect();
        let big = std::sync::Arc::new(big);
        let peak = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let watcher = {
            let (peak, done) = (peak.clone(), done.clone());
            std::thread::spawn(move || {
                while !done.load(std::sync::atomic::Ordering::Relaxed) {
                    peak.fetch_max(resident_bytes(), std::sync::atomic::Ordering::Relaxed);
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
            })
        };
        let clients: Vec<_> = (0..200)
            .map(|at| {
                let (address, big) = (address.clone(), big.clone());
                let client = [Client::Whole, Client::Range, Client::Slow][at % 3];
                std::thread::spawn(move || load_client(&address, client, at, &big))
            })
            .collect();
        let failed: Vec<String> = clients
            .into_iter()
            .filter_map(|client| client.join().unwrap().err())
            .collect();
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        watcher.join().unwrap();
        drop(idle);
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(failed, Vec::<String>::new(), "every request is served");
        let grown = peak
            .load(std::sync::atomic::Ordering::Relaxed)
            .saturating_sub(before);
        // Holding the file once per connection would take 200 × 4 MB; threads' stacks and the
        // server's buffers take a small part of that.
        assert!(grown < 100 << 20, "memory grew by {} MB", grown >> 20);
    }
}
