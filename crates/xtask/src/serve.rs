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
}
