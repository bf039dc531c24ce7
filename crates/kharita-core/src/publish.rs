//! Where the atlas is published and by whom: what makes its W3C Web Annotations resolve
//! ([`Publication`]), and the project's settings file that records it ([`Settings`]).

use std::fmt;

/// Whether `text` is an absolute http(s) URL with a host, and if not, why.
pub fn check_web_url(text: &str) -> Result<(), String> {
    let Some(rest) = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
    else {
        return Err(format!("`{text}` is not an absolute http(s) URL"));
    };
    if let Some(bad) = text
        .chars()
        .find(|&c| c.is_whitespace() || c.is_control() || "\"<>\\^`{|}".contains(c))
    {
        return Err(format!("`{text}` holds {bad:?}, which a URL cannot"));
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() || host.contains('@') {
        return Err(format!("`{text}` names no host"));
    }
    Ok(())
}

/// The address `dist/` is published at, as an absolute http(s) URL ending in `/`: every IRI
/// the exports mint (an annotation's id, the published copy of an article) is a path under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrl(String);

impl BaseUrl {
    /// `text` checked, with a `/` added at its end if it has none.
    pub fn parse(text: &str) -> Result<Self, String> {
        check_web_url(text)?;
        if text.contains(['?', '#']) {
            return Err(format!(
                "`{text}` has a query or fragment: a base URL is a folder"
            ));
        }
        let mut url = text.to_owned();
        if !url.ends_with('/') {
            url.push('/');
        }
        Ok(Self(url))
    }

    /// The absolute URL of `path`, relative to the published `dist/`.
    pub fn join(&self, path: &str) -> String {
        format!("{}{path}", self.0)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The HTML that embeds the map (its `embed.html` at `base`, with `query`) in another page: an
/// iframe titled `title`, and the script that sizes it to its content. What the Embed button
/// copies and each oEmbed answer holds.
pub fn embed_snippet(base: &str, query: &str, title: &str) -> String {
    format!(
        "<iframe data-kharita src=\"{base}embed.html{query}\" title=\"{title}\" width=\"100%\" height=\"{EMBED_HEIGHT}\" loading=\"lazy\" referrerpolicy=\"no-referrer\" sandbox=\"allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox\"></iframe>\n<script type=\"module\" src=\"{base}embed.js\" referrerpolicy=\"no-referrer\"></script>",
        query = query.replace('&', "&amp;"),
    )
}

/// The embed's height in pixels, which [`embed_snippet`] sets; its width is the column's.
pub const EMBED_HEIGHT: u32 = 520;

/// What the atlas's annotations say about where they live and who made them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Publication {
    pub base_url: BaseUrl,
    /// Who records the claims: each annotation's `creator`.
    pub creator: String,
}

/// The folder, under the published `dist/`, of one JSON-LD document per annotation.
pub const ANNOTATIONS_DIR: &str = "annotations";
/// The published `AnnotationCollection` of every claim.
pub const ANNOTATION_COLLECTION: &str = "annotations.jsonld";

#[cfg(feature = "authoring")]
pub use settings::{LayerSettings, PublishSettings, SETTINGS_FILE, Settings};

#[cfg(feature = "authoring")]
mod settings {
    use std::path::Path;

    use serde::Deserialize;

    use super::{BaseUrl, Publication};
    use crate::error::Error;

    /// The project's settings, relative to its root.
    pub const SETTINGS_FILE: &str = "assets/map.toml";

    /// `assets/map.toml`, optional: what the author sets once for the whole atlas.
    #[derive(Debug, Default, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Settings {
        /// An external raster layer under the sites (`cargo xtask dist` checks it).
        pub layer: Option<LayerSettings>,
        pub publish: Option<PublishSettings>,
    }

    /// `[layer]`: an external raster layer under the sites, from one source.
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct LayerSettings {
        /// A `PMTiles` archive of raster tiles, read by range requests.
        pub pmtiles: Option<String>,
        /// A tile URL template with `{z}`, `{x}` and `{y}`.
        pub tiles: Option<String>,
        pub attribution: String,
        pub max_zoom: Option<u8>,
    }

    impl Settings {
        /// The settings under `root`; none when the file is absent. A mistake names the file,
        /// its line and what is wrong.
        pub fn read(root: &Path) -> Result<Self, Error> {
            let path = root.join(SETTINGS_FILE);
            let text = match std::fs::read_to_string(&path) {
                Ok(text) => text,
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                    return Ok(Self::default());
                }
                Err(source) => return Err(Error::Read { path, source }),
            };
            let settings: Self = toml::from_str(&text).map_err(|error| Error::Settings {
                file: SETTINGS_FILE,
                problem: error.to_string(),
            })?;
            if let Some(publish) = &settings.publish {
                publish.check()?;
            }
            Ok(settings)
        }

        /// The publication `[publish]` describes, with `base_url` in place of its own when
        /// given (`kharita export --base-url`); an error that names the setting when either is
        /// missing.
        pub fn publication(&self, base_url: Option<&str>) -> Result<Publication, Error> {
            let unset = |what: &str, help: &str| Error::Settings {
                file: SETTINGS_FILE,
                problem: format!("[publish] {what} is not set: {help}"),
            };
            let publish = self.publish.as_ref();
            let base_url = base_url
                .or_else(|| publish.and_then(|p| p.base_url.as_deref()))
                .ok_or_else(|| {
                    unset(
                        "base_url",
                        "annotations need absolute IRIs; set base_url = \"https://…/\" (where dist/ is published) under [publish], or pass --base-url",
                    )
                })?;
            let base_url = checked_base_url(base_url)?;
            let creator = publish
                .and_then(|p| p.creator.clone())
                .filter(|creator| !creator.trim().is_empty())
                .ok_or_else(|| {
                    unset(
                        "creator",
                        "annotations name who made them; set creator = \"…\" (a person or newsroom) under [publish]",
                    )
                })?;
            Ok(Publication { base_url, creator })
        }
    }

    /// `[publish]`: where `dist/` is published and who makes the atlas.
    #[derive(Debug, Default, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct PublishSettings {
        /// The address `dist/` is published at.
        pub base_url: Option<String>,
        /// Who records the claims: a person or a newsroom.
        pub creator: Option<String>,
    }

    /// `text` as the base URL, or the settings error that says why it cannot be.
    fn checked_base_url(text: &str) -> Result<BaseUrl, Error> {
        BaseUrl::parse(text).map_err(|problem| Error::Settings {
            file: SETTINGS_FILE,
            problem: format!("[publish] base_url: {problem}"),
        })
    }

    impl PublishSettings {
        /// Checks what is set, without requiring anything.
        fn check(&self) -> Result<(), Error> {
            if let Some(base_url) = &self.base_url {
                checked_base_url(base_url)?;
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_urls_are_absolute_http_with_a_host() {
        for good in [
            "https://example.org/",
            "http://127.0.0.1:8080/",
            "https://example.org/a/b?c=d#e",
        ] {
            assert_eq!(check_web_url(good), Ok(()), "{good}");
        }
        for bad in [
            "seeds/000.txt",
            "/seeds/000.txt",
            "ftp://example.org/",
            "https:///path",
            "https://user@example.org/",
            "https://example.org/a b",
            "javascript:alert(1)",
            "https://example.org/<script>",
        ] {
            assert!(check_web_url(bad).is_err(), "{bad}");
        }
    }

    #[cfg(feature = "authoring")]
    #[test]
    fn a_mistake_in_the_settings_names_the_file_the_line_and_the_setting() {
        let root = std::env::temp_dir().join(format!("kharita-settings-{}", std::process::id()));
        std::fs::create_dir_all(root.join("assets")).unwrap();
        let read = |text: &str| {
            std::fs::write(root.join(SETTINGS_FILE), text).unwrap();
            Settings::read(&root).and_then(|settings| settings.publication(None))
        };
        let error = read("[publish]\nbase_url = \"seeds/\"\ncreator = \"A\"\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "assets/map.toml: [publish] base_url: `seeds/` is not an absolute http(s) URL"
        );
        let error = read("[publish]\nbase = \"https://example.org/\"\n").unwrap_err();
        assert!(error.to_string().contains("line 2"), "{error}");
        let error = read("[publish]\nbase_url = \"https://example.org/\"\n").unwrap_err();
        assert!(error.to_string().contains("creator is not set"), "{error}");
        let publication =
            read("[publish]\nbase_url = \"https://example.org\"\ncreator = \"A\"\n").unwrap();
        assert_eq!(publication.base_url.as_str(), "https://example.org/");
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_base_url_is_a_folder_that_paths_join() {
        let base = BaseUrl::parse("https://example.org/atlas").unwrap();
        assert_eq!(
            base.join("seeds/x.txt"),
            "https://example.org/atlas/seeds/x.txt"
        );
        assert!(BaseUrl::parse("https://example.org/?q").is_err());
    }
}
