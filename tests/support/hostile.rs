//! A hostile data pack: the seed atlas as exported, with Jufra's names, claims and sources
//! rewritten the way a tampered or careless atlas could hold them. What reads it must show
//! every value as text, run nothing, and keep its layout.

use serde_json::{Value, json};

/// The site the pack piles everything on.
pub(crate) const SITE: &str = "jufra-air-base";
/// How many claims the site holds in the pack.
pub(crate) const CLAIMS: usize = 10_000;
/// The English name it gets: markup, script, a bidi override, zero-width characters and a bell.
pub(crate) const NAME: &str = "<script>window.hacked=1</script><img src=x onerror=\"window.hacked=2\">\u{202E}Jufra\u{200B}\u{200D}\u{FEFF}\u{7}";
/// Its first Arabic name.
pub(crate) const NAME_AR: &str =
    "\u{202E}قاعدة <b onmouseover=\"window.hacked=3\">الجفرة</b>\u{200F}";
/// The summary of every claim about it.
pub(crate) const SUMMARY: &str =
    "<iframe src=\"javascript:window.hacked=4\"></iframe>\u{2066}summary\u{202E} reversed";
/// The start of the first claim's quote, which goes on, without a space, to a megabyte.
pub(crate) const QUOTE_START: &str = "<svg onload=window.hacked=5>";
/// The id of the claim with the megabyte quote.
pub(crate) const LONG_QUOTE_CLAIM: &str = "hostile-00000";

/// The pack, from the seed atlas's GeoJSON (as `kharita export --format geojson` writes it).
pub(crate) fn pack(seed_geojson: &str) -> String {
    let mut atlas: Value = serde_json::from_str(seed_geojson).expect("the seed atlas is JSON");
    let features = atlas["features"].as_array_mut().expect("features");
    let jufra = features
        .iter_mut()
        .find(|feature| feature["id"] == SITE)
        .expect("the seed atlas has Jufra");
    let properties = &mut jufra["properties"];
    properties["name_en"] = json!(NAME);
    properties["names_ar"][0] = json!(NAME_AR);
    properties["note"] = json!(SUMMARY);
    let model = properties["claims"][0].clone();
    let long_quote = format!("{QUOTE_START}{}", "جفرة&<>".repeat(1_000_000 / 11));
    let claims: Vec<Value> = (0..CLAIMS)
        .map(|at| {
            let mut claim = model.clone();
            claim["id"] = json!(format!("hostile-{at:05}"));
            claim["sites"] = json!([SITE]);
            claim["summary_en"] = json!(SUMMARY);
            claim["summary_ar"] = json!(NAME_AR);
            claim["claimant"]["name_en"] = json!(NAME);
            claim["note"] = json!(SUMMARY);
            claim["opposes"] = json!([]);
            if at == 0 {
                claim["target"]["selector"][0]["exact"] = json!(long_quote);
            }
            claim
        })
        .collect();
    properties["claims"] = Value::Array(claims);
    properties["claim_count"] = json!(CLAIMS);
    let sources = atlas["sources"].as_array_mut().expect("sources");
    sources[0]["url"] = json!("javascript:window.hacked=6");
    sources[1]["url"] = json!("data:text/html,<script>window.hacked=7</script>");
    for source in sources {
        source["title_en"] = json!(NAME);
        source["outlet"]["name"] = json!(SUMMARY);
    }
    atlas.to_string()
}
