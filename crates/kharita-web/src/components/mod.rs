//! The views, one family per file: the full map's frame ([`full_map`]), the map itself
//! ([`map`]), the site panel and its claims, the article reader, the filters and downloads
//! ([`explore`]), the timeline, the list view and the embed.

pub(crate) mod claims;
pub(crate) mod embed;
pub(crate) mod explore;
pub(crate) mod full_map;
pub(crate) mod list;
pub(crate) mod map;
pub(crate) mod reader;
pub(crate) mod site_panel;
pub(crate) mod timeline;
