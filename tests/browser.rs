//! The built map in real headless Chromium, driven through chromedriver.
//!
//! `cargo xtask test` builds `dist/`, serves it and runs these tests with `KHARITA_URL` set to
//! the server. Without it they fail (never skip) and say how to run them. Expectations come from
//! the atlas data itself (`kharita_core::load`), not from copies in this file.

use std::future::Future;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use kharita_core::Atlas;
use kharita_core::model::Precision;
use serde_json::{Value, json};

/// How long the app may take to reach a state before a test fails.
const PATIENCE: Duration = Duration::from_secs(15);

/// One browser at a time: the machine has two cores, and Chromium is heavy.
static ONE_BROWSER_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
static PROFILE_COUNTER: AtomicUsize = AtomicUsize::new(0);

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn atlas() -> Atlas {
    kharita_core::load::load(&repository()).expect("the atlas data loads")
}

/// The app's URL with a query, e.g. `app_url("?site=jufra-air-base")`.
fn app_url(query: &str) -> String {
    let base = std::env::var("KHARITA_URL").unwrap_or_else(|_| {
        panic!(
            "KHARITA_URL is not set: the browser tests need the built map served. \
             Run them with `cargo xtask test`, which builds dist/, serves it and sets KHARITA_URL."
        )
    });
    format!("{}/{query}", base.trim_end_matches('/'))
}

/// A chromedriver process and the Chromium profile it uses; both go away on drop.
struct Driver {
    process: Child,
    profile: PathBuf,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free local port")
        .port()
}

/// Runs `body` against a fresh headless Chromium window of the given size, then closes the
/// browser and removes its profile whether the body passed or panicked.
async fn with_browser<F, Fut>(width: u32, height: u32, body: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let _turn = ONE_BROWSER_AT_A_TIME.lock().await;
    let port = free_port();
    let profile = std::env::temp_dir().join(format!(
        "kharita-browser-{}-{}",
        std::process::id(),
        PROFILE_COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let driver = Driver {
        process: Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts (cargo xtask test installs it)"),
        profile,
    };
    let capabilities = json!({
        "goog:chromeOptions": {
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--lang=en-US",
                format!("--window-size={width},{height}"),
                format!("--user-data-dir={}", driver.profile.display()),
            ]
        }
    });
    let Value::Object(capabilities) = capabilities else {
        unreachable!("capabilities are an object")
    };
    let mut builder = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
    builder.capabilities(capabilities);
    let started = Instant::now();
    let client = loop {
        match builder.connect(&format!("http://127.0.0.1:{port}")).await {
            Ok(client) => break client,
            Err(error) if started.elapsed() > PATIENCE => {
                panic!("cannot start a Chromium session through chromedriver: {error}")
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    };
    client
        .set_window_size(width, height)
        .await
        .expect("window resizes");
    let outcome = tokio::spawn(body(client.clone())).await;
    let _ = client.close().await;
    drop(driver);
    if let Err(failure) = outcome {
        std::panic::resume_unwind(failure.into_panic());
    }
}

/// Polls `script` (a JS expression) until it is truthy; fails naming `what` otherwise.
async fn wait_until(client: &Client, what: &str, script: &str) {
    let started = Instant::now();
    let body = format!("return !!({script});");
    loop {
        if client
            .execute(&body, Vec::new())
            .await
            .expect("script runs")
            .as_bool()
            == Some(true)
        {
            return;
        }
        assert!(
            started.elapsed() < PATIENCE,
            "timed out waiting until {what} ({script})"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn eval(client: &Client, script: &str) -> Value {
    client
        .execute(&format!("return {script};"), Vec::new())
        .await
        .expect("script runs")
}

async fn eval_string(client: &Client, script: &str) -> String {
    eval(client, script)
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Opens the app at `query` and waits until the map has drawn its markers.
async fn open(client: &Client, query: &str) {
    client.goto(&app_url(query)).await.expect("page loads");
    wait_until(
        client,
        "the map draws its markers",
        "document.querySelector('.marker[data-site-id]')",
    )
    .await;
}

async fn query_param(client: &Client, name: &str) -> Option<String> {
    let url = client.current_url().await.expect("current url");
    url.query_pairs()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

/// The `data-claim-id`s of every claim card in the panel, in document order.
async fn panel_claim_ids(client: &Client) -> Vec<String> {
    let ids = eval(
        client,
        "[...document.querySelectorAll('.panel [data-claim-id]')].map(e => e.dataset.claimId)",
    )
    .await;
    serde_json::from_value(ids).expect("a list of ids")
}

async fn marked_passage(client: &Client) -> String {
    eval_string(
        client,
        "document.querySelector('.reader mark')?.textContent ?? ''",
    )
    .await
}

/// Clicks the element `css` selects, once it is on the page.
async fn click(client: &Client, css: &str) {
    client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|_| panic!("{css} is on the page"))
        .click()
        .await
        .unwrap_or_else(|_| panic!("{css} can be clicked"));
}

/// Presses a key on whatever has focus.
async fn press(client: &Client, key: Key) {
    client
        .active_element()
        .await
        .expect("an element has focus")
        .send_keys(&key)
        .await
        .expect("key press");
}

/// Waits until the reader marks the passage of `claim_id`.
async fn wait_for_marked(client: &Client, claim_id: &str) {
    wait_until(
        client,
        &format!("the reader marks {claim_id}"),
        &format!(
            "document.querySelector('.reader mark')?.dataset.claimId === {}",
            json!(claim_id)
        ),
    )
    .await;
}

fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids
}

#[tokio::test]
async fn every_site_is_drawn_or_listed_with_an_accessible_name() {
    let atlas = atlas();
    with_browser(1280, 800, move |client| async move {
        open(&client, "?lang=en").await;
        for site in &atlas.sites {
            let selector = format!("[data-site-id=\"{}\"]", site.id);
            let element = client
                .find(Locator::Css(&selector))
                .await
                .unwrap_or_else(|_| panic!("site {} is on the page", site.id));
            let name = element.attr("aria-label").await.expect("attribute");
            let name = match name {
                Some(name) => name,
                None => element.text().await.expect("text"),
            };
            assert!(
                name.contains(&site.name_en),
                "{}: accessible name {name:?} lacks {:?}",
                site.id,
                site.name_en
            );
            let in_unknown_list = eval(
                &client,
                &format!("!!document.querySelector('.unknown {selector}')"),
            )
            .await;
            assert_eq!(
                in_unknown_list,
                Value::Bool(site.precision == Precision::Unknown),
                "{}: only sites with unknown locations are listed off the map",
                site.id
            );
        }
        let markers = eval(&client, "document.querySelectorAll('.marker').length").await;
        let points = atlas
            .sites
            .iter()
            .filter(|s| matches!(s.precision, Precision::Runway | Precision::Town))
            .count();
        assert_eq!(markers, json!(points), "one marker per pinpointed site");
        let regions = eval(&client, "document.querySelectorAll('path.region').length").await;
        let outlined = atlas
            .sites
            .iter()
            .filter(|s| s.precision == Precision::Region)
            .count();
        assert_eq!(regions, json!(outlined), "one outline per region site");
    })
    .await;
}

#[tokio::test]
async fn clicking_a_marker_lists_that_sites_claims() {
    let atlas = atlas();
    with_browser(1280, 800, move |client| async move {
        open(&client, "?lang=en").await;
        let site = atlas.site("jufra-air-base").expect("Jufra is in the atlas");
        click(&client, "g.marker[data-site-id=\"jufra-air-base\"]").await;
        wait_until(
            &client,
            "the panel shows Jufra",
            &format!(
                "document.querySelector('#panel-heading')?.textContent === {}",
                json!(site.name_en)
            ),
        )
        .await;
        let expected: Vec<String> = atlas.claims_about(&site.id).map(|c| c.id.clone()).collect();
        assert!(!expected.is_empty());
        assert_eq!(sorted(panel_claim_ids(&client).await), sorted(expected));
        assert_eq!(
            query_param(&client, "site").await.as_deref(),
            Some("jufra-air-base")
        );
        let denials = eval(
            &client,
            "document.querySelectorAll('.panel .contest .stance-denies').length",
        )
        .await;
        assert!(
            denials.as_u64().unwrap_or(0) >= 2,
            "both Jufra denials are shown opposite the assertion, found {denials}"
        );
    })
    .await;
}

#[tokio::test]
async fn show_in_source_marks_the_exact_quote_of_every_claim() {
    let atlas = atlas();
    with_browser(1280, 800, move |client| async move {
        // One claim by clicking, as a reader would.
        let first = &atlas.claims[0];
        open(&client, &format!("?lang=en&site={}", first.sites[0])).await;
        let button = format!("[data-claim-id=\"{}\"] .show-source", first.id);
        click(&client, &button).await;
        wait_for_marked(&client, &first.id).await;
        assert_eq!(marked_passage(&client).await, first.target.exact());
        wait_until(
            &client,
            "the passage is scrolled into view",
            "(() => { const m = document.querySelector('.reader mark').getBoundingClientRect(); \
             const r = document.querySelector('.article-text').getBoundingClientRect(); \
             return m.top >= r.top - 1 && m.bottom <= Math.max(r.bottom, innerHeight) + 1; })()",
        )
        .await;

        // Every claim through its deep link: the mark holds the quote, which is exactly the
        // seed text between the TextPositionSelector's code points.
        for claim in &atlas.claims {
            let source = atlas.source(&claim.source).expect("the claim's source");
            let text =
                std::fs::read_to_string(repository().join(&source.file)).expect("the seed text");
            let (start, end) = claim.target.range().expect("a position selector");
            let by_position: String = text.chars().skip(start).take(end - start).collect();
            assert_eq!(by_position, claim.target.exact(), "{}: positions", claim.id);
            client
                .goto(&app_url(&format!(
                    "?lang=en&site={}&claim={}",
                    claim.sites[0], claim.id
                )))
                .await
                .expect("page loads");
            wait_for_marked(&client, &claim.id).await;
            assert_eq!(
                marked_passage(&client).await,
                claim.target.exact(),
                "{}",
                claim.id
            );
        }
    })
    .await;
}

#[tokio::test]
async fn reader_steps_to_the_next_and_previous_claim_in_the_article() {
    let atlas = atlas();
    with_browser(1280, 800, move |client| async move {
        let first = &atlas.claims[0];
        let in_article: Vec<_> = atlas
            .claims
            .iter()
            .filter(|c| c.source == first.source)
            .collect();
        assert!(
            in_article.len() >= 2,
            "the first article has several claims"
        );
        open(
            &client,
            &format!("?lang=en&site={}&claim={}", first.sites[0], first.id),
        )
        .await;
        wait_until(
            &client,
            "the reader opens",
            "document.querySelector('.reader mark')",
        )
        .await;
        click(&client, ".reader .next-claim").await;
        wait_for_marked(&client, &in_article[1].id).await;
        assert_eq!(marked_passage(&client).await, in_article[1].target.exact());
        assert_eq!(
            query_param(&client, "claim").await.as_deref(),
            Some(in_article[1].id.as_str())
        );
        click(&client, ".reader .previous-claim").await;
        wait_for_marked(&client, &first.id).await;
    })
    .await;
}

#[tokio::test]
async fn deep_links_restore_site_claim_language_and_view_after_reload() {
    let atlas = atlas();
    with_browser(1280, 800, move |client| async move {
        let claim = atlas
            .claims_about("maaten-al-sarra-air-base")
            .next()
            .expect("a claim about Maaten al-Sarra");
        let query = format!(
            "?site=maaten-al-sarra-air-base&claim={}&lang=ar&z=6.5&lat=24&lon=20",
            claim.id
        );
        open(&client, &query).await;
        for round in ["first load", "after reload"] {
            wait_for_marked(&client, &claim.id).await;
            assert_eq!(
                marked_passage(&client).await,
                claim.target.exact(),
                "{round}"
            );
            assert_eq!(
                eval_string(&client, "document.documentElement.dir").await,
                "rtl"
            );
            let heading = eval_string(
                &client,
                "document.querySelector('#panel-heading').textContent",
            )
            .await;
            let site = atlas.site("maaten-al-sarra-air-base").expect("site");
            assert_eq!(
                heading, site.names_ar[0],
                "the panel shows the site in Arabic ({round})"
            );
            assert_eq!(query_param(&client, "z").await.as_deref(), Some("6.5"));
            assert_eq!(query_param(&client, "lat").await.as_deref(), Some("24"));
            assert_eq!(query_param(&client, "lon").await.as_deref(), Some("20"));
            client.refresh().await.expect("reload");
        }
    })
    .await;
}

#[tokio::test]
async fn back_and_forward_walk_through_selections() {
    with_browser(1280, 800, move |client| async move {
        open(&client, "?lang=en").await;
        for id in ["jufra-air-base", "al-khadim-air-base"] {
            click(&client, &format!("g.marker[data-site-id=\"{id}\"]")).await;
            wait_until(
                &client,
                &format!("{id} is selected"),
                &format!("new URLSearchParams(location.search).get('site') === '{id}'"),
            )
            .await;
        }
        let selected = |id: &'static str| {
            format!(
                "new URLSearchParams(location.search).get('site') === '{id}' && \
                 document.querySelector('g.marker.selected')?.dataset.siteId === '{id}'"
            )
        };
        client.back().await.expect("back");
        wait_until(&client, "back returns to Jufra", &selected("jufra-air-base")).await;
        client.back().await.expect("back");
        wait_until(
            &client,
            "back again clears the selection",
            "!new URLSearchParams(location.search).get('site') && !document.querySelector('g.marker.selected')",
        )
        .await;
        client.forward().await.expect("forward");
        wait_until(&client, "forward returns to Jufra", &selected("jufra-air-base")).await;
    })
    .await;
}

#[tokio::test]
async fn language_switch_flips_direction_and_text() {
    with_browser(1280, 800, move |client| async move {
        open(&client, "?lang=en").await;
        assert_eq!(
            eval_string(&client, "document.documentElement.dir").await,
            "ltr"
        );
        assert_eq!(
            eval_string(&client, "document.documentElement.lang").await,
            "en"
        );
        click(&client, "button.language").await;
        wait_until(
            &client,
            "the page turns right-to-left Arabic",
            "document.documentElement.dir === 'rtl' && document.documentElement.lang === 'ar'",
        )
        .await;
        assert_eq!(query_param(&client, "lang").await.as_deref(), Some("ar"));
        let help = eval_string(&client, "document.querySelector('#map-help').textContent").await;
        assert!(
            help.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)),
            "the interface is in Arabic: {help:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn keyboard_alone_selects_a_site_and_opens_a_claim_in_its_source() {
    with_browser(1280, 800, move |client| async move {
        open(&client, "?lang=en").await;
        let active = "document.activeElement";
        // Tab from the top of the page until a marker has focus.
        let mut site = None;
        for _ in 0..40 {
            press(&client, Key::Tab).await;
            let id = eval_string(&client, &format!("{active}.dataset?.siteId ?? ''")).await;
            if !id.is_empty() && eval(&client, &format!("{active}.matches('g.marker')")).await == json!(true) {
                site = Some(id);
                break;
            }
        }
        let site = site.expect("Tab reaches a marker");
        let focus_ring = eval(
            &client,
            &format!(
                "[...document.querySelectorAll('g.marker')].map(m => \
                 getComputedStyle(m.querySelector('.symbol')).strokeWidth + ' ' + (m === {active}))"
            ),
        )
        .await;
        let rings: Vec<String> = serde_json::from_value(focus_ring).expect("strings");
        let focused = rings.iter().find(|r| r.ends_with(" true")).expect("a focused marker");
        let others = rings.iter().find(|r| r.ends_with(" false")).expect("another marker");
        assert_ne!(
            focused.split(' ').next(),
            others.split(' ').next(),
            "the focused marker looks focused"
        );
        press(&client, Key::Enter).await;
        wait_until(
            &client,
            "Enter selects the site and moves focus to its panel",
            &format!(
                "new URLSearchParams(location.search).get('site') === {} && {active}.id === 'panel-heading'",
                json!(site)
            ),
        )
        .await;
        let mut reached = false;
        for _ in 0..40 {
            press(&client, Key::Tab).await;
            if eval(&client, &format!("{active}.matches('.show-source')")).await == json!(true) {
                reached = true;
                break;
            }
        }
        assert!(reached, "Tab reaches a claim's \"Show in source\"");
        let claim = eval_string(&client, &format!("{active}.closest('[data-claim-id]').dataset.claimId")).await;
        press(&client, Key::Enter).await;
        wait_for_marked(&client, &claim).await;
        // Escape closes the reader and keeps the site.
        press(&client, Key::Escape).await;
        wait_until(
            &client,
            "Escape closes the reader",
            "!document.querySelector('.reader') && !new URLSearchParams(location.search).get('claim')",
        )
        .await;
    })
    .await;
}

#[tokio::test]
async fn arrow_keys_and_plus_minus_move_the_map() {
    with_browser(1280, 800, move |client| async move {
        open(&client, "?lang=en&z=5&lat=27&lon=17").await;
        let map = client
            .find(Locator::Css("svg.map-svg"))
            .await
            .expect("the map");
        map.send_keys(&Key::Right).await.expect("arrow");
        wait_until(
            &client,
            "ArrowRight pans east",
            "Number(new URLSearchParams(location.search).get('lon')) > 17",
        )
        .await;
        map.send_keys("+").await.expect("plus");
        wait_until(
            &client,
            "+ zooms in",
            "Number(new URLSearchParams(location.search).get('z')) > 5",
        )
        .await;
    })
    .await;
}

#[tokio::test]
async fn hostile_url_values_are_dropped_and_never_executed() {
    with_browser(1280, 800, move |client| async move {
        let payload = "%3Cimg%20src%3Dx%20onerror%3D%22window.hacked%3D1%22%3E";
        open(
            &client,
            &format!("?site={payload}&claim={payload}&lang={payload}&z=NaN&lat=1e999&lon=%22"),
        )
        .await;
        wait_until(
            &client,
            "the panel settles",
            "document.querySelector('.panel .hint')",
        )
        .await;
        assert_eq!(
            eval(&client, "window.hacked === undefined").await,
            json!(true)
        );
        assert_eq!(
            eval(&client, "document.querySelectorAll('img').length").await,
            json!(0)
        );
        // A well-formed id that names no site selects nothing.
        open(&client, "?site=no-such-site&lang=en").await;
        wait_until(
            &client,
            "no site is selected",
            "document.querySelector('.panel .hint')",
        )
        .await;
    })
    .await;
}

#[tokio::test]
async fn page_load_requests_nothing_outside_its_origin() {
    with_browser(1280, 800, move |client| async move {
        open(&client, "?site=jufra-air-base&lang=ar").await;
        wait_until(
            &client,
            "the panel opens",
            "document.querySelector('#panel-heading')",
        )
        .await;
        let foreign = eval(
            &client,
            "performance.getEntriesByType('resource').map(e => e.name) \
             .filter(name => new URL(name).origin !== location.origin)",
        )
        .await;
        assert_eq!(foreign, json!([]), "requests outside the page's origin");
        let requested = eval(&client, "performance.getEntriesByType('resource').length").await;
        assert!(
            requested.as_u64().unwrap_or(0) >= 3,
            "the check saw the page's own requests: {requested}"
        );
    })
    .await;
}

#[tokio::test]
async fn screenshots_are_written_for_review() {
    let atlas = atlas();
    with_browser(1280, 800, move |client| async move {
        let out = repository().join("target/screenshots");
        std::fs::create_dir_all(&out).expect("screenshot folder");
        let claim = atlas
            .claims_about("jufra-air-base")
            .next()
            .expect("a Jufra claim");
        for (name, query) in [
            ("map-en.png", "?lang=en&site=jufra-air-base".to_owned()),
            (
                "reader-ar.png",
                format!("?lang=ar&site=jufra-air-base&claim={}", claim.id),
            ),
        ] {
            open(&client, &query).await;
            wait_until(
                &client,
                "the panel opens",
                "document.querySelector('#panel-heading')",
            )
            .await;
            let png = client.screenshot().await.expect("screenshot");
            assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "{name} is a PNG");
            std::fs::write(out.join(name), png).expect("screenshot written");
        }
    })
    .await;
}
