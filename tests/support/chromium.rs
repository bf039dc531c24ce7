//! Headless Chromium through chromedriver, started as this machine needs it (as root, without a
//! GPU or background network traffic), each session on a fresh profile that goes away with it,
//! together with the temporary files Chromium makes.
//! Shared by the browser tests and `cargo xtask bench` through `#[path]`.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use serde_json::Value;

/// What Chromium needs here, besides a window size and a profile.
const FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=en-US",
];

/// How long chromedriver may take to open a session.
const STARTUP: Duration = Duration::from_secs(20);

static PROFILES: AtomicUsize = AtomicUsize::new(0);

/// A chromedriver process and the folder its Chromium works in: the profile, and the temporary
/// files (shared memory without /dev/shm, singleton sockets) it would otherwise leave in /tmp
/// when it is stopped. Dropping the driver stops both (Chromium too, should chromedriver leave it
/// running) and removes the folder.
pub(crate) struct Driver {
    process: Child,
    port: u16,
    home: PathBuf,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
        // `--` ends pkill's options: the pattern itself starts with dashes.
        let _ = Command::new("pkill")
            .args(["-f", "--"])
            .arg(format!("--user-data-dir={}", self.profile().display()))
            .status();
        let _ = std::fs::remove_dir_all(&self.home);
    }
}

impl Driver {
    /// Starts chromedriver on a free port. `purpose` names the driver's folder, which is made
    /// in the temporary directory: `kharita-<purpose>-<process>-<count>`.
    pub(crate) fn start(purpose: &str) -> std::io::Result<Self> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let home = std::env::temp_dir().join(format!(
            "kharita-{purpose}-{}-{}",
            std::process::id(),
            PROFILES.fetch_add(1, Ordering::Relaxed)
        ));
        let temporary = home.join("tmp");
        std::fs::create_dir_all(&temporary)?;
        // Chromium inherits chromedriver's environment.
        let process = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .env("TMPDIR", &temporary)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        Ok(Self {
            process,
            port,
            home,
        })
    }

    fn profile(&self) -> PathBuf {
        self.home.join("profile")
    }

    /// Opens a session in a `width`×`height` window. `args` go to Chromium after [`FLAGS`];
    /// `capabilities` may hold more (`goog:chromeOptions` included, whose `args` are set here).
    pub(crate) async fn session(
        &self,
        (width, height): (u32, u32),
        args: &[&str],
        mut capabilities: Value,
    ) -> Result<Client, String> {
        let mut all_args: Vec<String> = FLAGS.iter().chain(args).map(|&a| a.to_owned()).collect();
        all_args.push(format!("--window-size={width},{height}"));
        all_args.push(format!("--user-data-dir={}", self.profile().display()));
        capabilities["goog:chromeOptions"]["args"] = all_args.into();
        let Value::Object(capabilities) = capabilities else {
            return Err("capabilities must be a JSON object".to_owned());
        };
        let mut builder =
            ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
        builder.capabilities(capabilities);
        let started = Instant::now();
        let client = loop {
            match builder
                .connect(&format!("http://127.0.0.1:{}", self.port))
                .await
            {
                Ok(client) => break client,
                Err(error) if started.elapsed() > STARTUP => {
                    return Err(format!(
                        "cannot start a Chromium session through chromedriver: {error}"
                    ));
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        };
        client
            .set_window_size(width, height)
            .await
            .map_err(|error| format!("cannot size the window: {error}"))?;
        Ok(client)
    }
}
