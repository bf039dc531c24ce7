//! An external raster layer the author may turn on (`assets/map.toml`): which tiles a view
//! needs, and how they are found in a tile URL template or a `PMTiles` archive (read by HTTP
//! range requests). Off by default: the map then never asks any other host for anything.
//!
//! The `PMTiles` v3 layout (<https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md>): a
//! 127-byte header, a root directory within the first 16 KiB, leaf directories, tile data.

use serde::{Deserialize, Serialize};

use crate::projection::WORLD_SIZE;
use crate::viewport::{Screen, Viewport};

/// An external raster layer, as the author set it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExternalLayer {
    pub source: TileSource,
    /// Shown in the map's attribution, as text.
    pub attribution: String,
    /// The closest zoom the source has tiles for; closer views scale its tiles up.
    pub max_zoom: u8,
}

/// Where the external layer's tiles come from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TileSource {
    /// A URL with `{z}`, `{x}` and `{y}` in it.
    Template(String),
    /// The URL of a `PMTiles` archive of raster tiles.
    Pmtiles(String),
}

impl ExternalLayer {
    /// The origin (`scheme://host[:port]`) its tiles come from: what the page's
    /// Content-Security-Policy must allow.
    pub fn origin(&self) -> Option<&str> {
        let url = match &self.source {
            TileSource::Template(url) | TileSource::Pmtiles(url) => url,
        };
        let after_scheme = url.find("://")? + 3;
        let end = url[after_scheme..]
            .find('/')
            .map_or(url.len(), |slash| after_scheme + slash);
        Some(&url[..end])
    }
}

/// A tile of the Web Mercator pyramid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Tile {
    pub z: u8,
    pub x: u32,
    pub y: u32,
}

impl Tile {
    /// Its side in world coordinates.
    pub fn size(self) -> f64 {
        WORLD_SIZE / f64::from(1_u32 << self.z)
    }

    /// `template` with this tile's `{z}`, `{x}` and `{y}`.
    pub fn url(self, template: &str) -> String {
        template
            .replace("{z}", &self.z.to_string())
            .replace("{x}", &self.x.to_string())
            .replace("{y}", &self.y.to_string())
    }

    /// Its `PMTiles` id: the tiles of the zooms before it, then its place along the Hilbert
    /// curve of its zoom.
    pub fn pmtiles_id(self) -> u64 {
        let before: u64 = (0..self.z).map(|z| 1_u64 << (2 * z)).sum();
        let (mut x, mut y) = (u64::from(self.x), u64::from(self.y));
        let mut d = 0;
        let mut s = (1_u64 << self.z) >> 1;
        while s > 0 {
            let rx = u64::from(x & s > 0);
            let ry = u64::from(y & s > 0);
            d += s * s * ((3 * rx) ^ ry);
            // Rotate the quadrant so the curve continues where it left off.
            if ry == 0 {
                if rx == 1 {
                    x = s - 1 - (x & (s - 1));
                    y = s - 1 - (y & (s - 1));
                }
                std::mem::swap(&mut x, &mut y);
            }
            s >>= 1;
        }
        before + d
    }
}

/// The tiles that cover `view`, at the zoom closest to the view's (at most `max_zoom`).
pub fn covering(view: &Viewport, max_zoom: u8) -> Vec<Tile> {
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "the zoom is clamped to 0..=max_zoom"
    )]
    let z = view.zoom.round().clamp(0.0, f64::from(max_zoom)) as u8;
    let count = 1_u32 << z;
    let size = WORLD_SIZE / f64::from(count);
    let top_left = view.to_world(Screen { x: 0.0, y: 0.0 });
    let bottom_right = view.to_world(Screen {
        x: view.width,
        y: view.height,
    });
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "clamped to the tiles of the zoom"
    )]
    let index = |world: f64| (world / size).floor().clamp(0.0, f64::from(count - 1)) as u32;
    let (left, right) = (index(top_left.x), index(bottom_right.x));
    let (top, bottom) = (index(top_left.y), index(bottom_right.y));
    (top..=bottom)
        .flat_map(|y| (left..=right).map(move |x| Tile { z, x, y }))
        .collect()
}

/// Why a `PMTiles` archive cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PmtilesError {
    #[error("not a PMTiles archive")]
    NotPmtiles,
    #[error("PMTiles version {0}: only version 3 is read")]
    Version(u8),
    #[error("tile type {0}: only raster tiles (PNG, JPEG, WebP, AVIF) are drawn")]
    TileType(u8),
    #[error("compression {0}: directories must be gzip or none, tiles none")]
    Compression(u8),
    #[error("the archive ends early")]
    Truncated,
    #[error("a directory is not valid gzip")]
    Gzip,
}

/// What the map needs of a `PMTiles` header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PmtilesHeader {
    pub root: (u64, u64),
    pub leaves_offset: u64,
    pub data_offset: u64,
    pub gzip_directories: bool,
    /// 2 PNG, 3 JPEG, 4 WebP, 5 AVIF.
    pub tile_type: u8,
    pub max_zoom: u8,
}

/// The bytes every reader fetches first: the header and the root directory are within them.
pub const PMTILES_FIRST_BYTES: u64 = 16_384;

impl PmtilesHeader {
    pub fn parse(bytes: &[u8]) -> Result<Self, PmtilesError> {
        if bytes.len() < 127 {
            return Err(if bytes.starts_with(b"PMTiles") {
                PmtilesError::Truncated
            } else {
                PmtilesError::NotPmtiles
            });
        }
        if &bytes[..7] != b"PMTiles" {
            return Err(PmtilesError::NotPmtiles);
        }
        if bytes[7] != 3 {
            return Err(PmtilesError::Version(bytes[7]));
        }
        let u64_at = |at: usize| {
            let mut le = [0; 8];
            le.copy_from_slice(&bytes[at..at + 8]);
            u64::from_le_bytes(le)
        };
        let (internal, tile_compression, tile_type) = (bytes[97], bytes[98], bytes[99]);
        if !(2..=5).contains(&tile_type) {
            return Err(PmtilesError::TileType(tile_type));
        }
        if !matches!(internal, 1 | 2) {
            return Err(PmtilesError::Compression(internal));
        }
        if !matches!(tile_compression, 0 | 1) {
            return Err(PmtilesError::Compression(tile_compression));
        }
        Ok(Self {
            root: (u64_at(8), u64_at(16)),
            leaves_offset: u64_at(40),
            data_offset: u64_at(56),
            gzip_directories: internal == 2,
            tile_type,
            max_zoom: bytes[101],
        })
    }

    /// The media type of its tiles.
    pub fn mime_type(&self) -> &'static str {
        match self.tile_type {
            3 => "image/jpeg",
            4 => "image/webp",
            5 => "image/avif",
            _ => "image/png",
        }
    }

    /// A directory's bytes as stored, decompressed.
    pub fn directory(&self, stored: &[u8]) -> Result<Vec<Entry>, PmtilesError> {
        if self.gzip_directories {
            parse_directory(&gunzip(stored)?)
        } else {
            parse_directory(stored)
        }
    }
}

/// A directory entry: `run_length` tiles from `tile_id` on share the bytes at `offset`; with a
/// run length of 0, the bytes are a leaf directory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub tile_id: u64,
    pub offset: u64,
    pub length: u64,
    pub run_length: u64,
}

/// Where a tile is, from one directory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Found {
    /// In the tile data, at this offset from its start.
    Tile { offset: u64, length: u64 },
    /// In a leaf directory, at this offset from the leaves' start.
    Leaf { offset: u64, length: u64 },
}

/// Looks `tile_id` up in a directory (sorted by tile id, as writers leave it).
pub fn find(entries: &[Entry], tile_id: u64) -> Option<Found> {
    let at = entries.partition_point(|entry| entry.tile_id <= tile_id);
    let entry = entries.get(at.checked_sub(1)?)?;
    if entry.run_length == 0 {
        return Some(Found::Leaf {
            offset: entry.offset,
            length: entry.length,
        });
    }
    (tile_id < entry.tile_id + entry.run_length).then_some(Found::Tile {
        offset: entry.offset,
        length: entry.length,
    })
}

fn parse_directory(bytes: &[u8]) -> Result<Vec<Entry>, PmtilesError> {
    let mut at = 0;
    let mut next = || -> Result<u64, PmtilesError> {
        let mut value = 0_u64;
        for shift in (0..64).step_by(7) {
            let byte = *bytes.get(at).ok_or(PmtilesError::Truncated)?;
            at += 1;
            value |= u64::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                return Ok(value);
            }
        }
        Err(PmtilesError::Truncated)
    };
    let count = usize::try_from(next()?).map_err(|_| PmtilesError::Truncated)?;
    let mut entries = vec![
        Entry {
            tile_id: 0,
            offset: 0,
            length: 0,
            run_length: 0,
        };
        count.min(bytes.len())
    ];
    if entries.len() != count {
        return Err(PmtilesError::Truncated);
    }
    let mut tile_id = 0;
    for entry in &mut entries {
        tile_id += next()?;
        entry.tile_id = tile_id;
    }
    for entry in &mut entries {
        entry.run_length = next()?;
    }
    for entry in &mut entries {
        entry.length = next()?;
    }
    for i in 0..count {
        let value = next()?;
        entries[i].offset = if value == 0 && i > 0 {
            // Right after the previous entry's bytes.
            entries[i - 1].offset + entries[i - 1].length
        } else {
            value - 1
        };
    }
    Ok(entries)
}

/// One gzip member's content (RFC 1952): the header, then raw deflate.
fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, PmtilesError> {
    const EXTRA: u8 = 4;
    const NAME: u8 = 8;
    const COMMENT: u8 = 16;
    const HEADER_CRC: u8 = 2;
    if bytes.len() < 18 || bytes[..3] != [0x1f, 0x8b, 8] {
        return Err(PmtilesError::Gzip);
    }
    let flags = bytes[3];
    let mut at = 10;
    if flags & EXTRA != 0 {
        let length = usize::from(u16::from_le_bytes([bytes[at], bytes[at + 1]]));
        at += 2 + length;
    }
    for field in [NAME, COMMENT] {
        if flags & field != 0 {
            let end = bytes[at..]
                .iter()
                .position(|&b| b == 0)
                .ok_or(PmtilesError::Gzip)?;
            at += end + 1;
        }
    }
    if flags & HEADER_CRC != 0 {
        at += 2;
    }
    let deflated = bytes.get(at..bytes.len() - 8).ok_or(PmtilesError::Gzip)?;
    miniz_oxide::inflate::decompress_to_vec(deflated).map_err(|_| PmtilesError::Gzip)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::projection::LonLat;

    #[test]
    fn tile_ids_follow_the_pmtiles_hilbert_order() {
        // The spec's examples: z0 is 0; z1 starts at 1; z2 at 5; z3 at 21.
        assert_eq!(Tile { z: 0, x: 0, y: 0 }.pmtiles_id(), 0);
        let z1: Vec<u64> = [(0, 0), (0, 1), (1, 1), (1, 0)]
            .iter()
            .map(|&(x, y)| Tile { z: 1, x, y }.pmtiles_id())
            .collect();
        assert_eq!(z1, [1, 2, 3, 4]);
        assert_eq!(Tile { z: 2, x: 0, y: 0 }.pmtiles_id(), 5);
        assert_eq!(Tile { z: 3, x: 0, y: 0 }.pmtiles_id(), 21);
        // Every tile of a zoom has its own id, and the zoom's ids follow on from the last's.
        let mut z3: Vec<u64> = (0..8)
            .flat_map(|x| (0..8).map(move |y| Tile { z: 3, x, y }.pmtiles_id()))
            .collect();
        z3.sort_unstable();
        assert_eq!(z3, (21..85).collect::<Vec<_>>());
    }

    /// Oracle: the `pmtiles` crate's tile ids.
    #[test]
    fn tile_ids_match_the_pmtiles_crate() {
        for z in 0..7_u8 {
            for x in 0..1_u32 << z {
                for y in 0..1_u32 << z {
                    let theirs = pmtiles::TileId::from(
                        pmtiles::TileCoord::new(z, x, y).expect("a tile of the zoom"),
                    );
                    assert_eq!(Tile { z, x, y }.pmtiles_id(), theirs.value(), "{z}/{x}/{y}");
                }
            }
        }
    }

    /// Oracle: an archive the `pmtiles` crate writes (gzip directories, and so many tiles that
    /// the root points to leaf directories) is read back tile by tile.
    #[test]
    fn an_archive_the_pmtiles_crate_writes_is_read_tile_by_tile() {
        let mut archive = std::io::Cursor::new(Vec::new());
        let mut writer = pmtiles::PmTilesWriter::new(pmtiles::TileType::Png)
            .internal_compression(pmtiles::Compression::Gzip)
            .max_zoom(7)
            .create(&mut archive)
            .unwrap();
        let every_tile = || {
            (0..=7_u8).flat_map(|z| {
                (0..1_u32 << z).flat_map(move |x| (0..1_u32 << z).map(move |y| Tile { z, x, y }))
            })
        };
        for tile in every_tile() {
            let content = format!("{}/{}/{}", tile.z, tile.x, tile.y);
            let coord = pmtiles::TileCoord::new(tile.z, tile.x, tile.y).unwrap();
            writer.add_tile(coord, content.as_bytes()).unwrap();
        }
        writer.finalize().unwrap();
        let bytes = archive.into_inner();

        let header = PmtilesHeader::parse(&bytes).unwrap();
        assert!(header.gzip_directories);
        assert_eq!((header.max_zoom, header.mime_type()), (7, "image/png"));
        let slice = |offset: u64, length: u64| {
            let start = usize::try_from(offset).unwrap();
            &bytes[start..start + usize::try_from(length).unwrap()]
        };
        let root = header
            .directory(slice(header.root.0, header.root.1))
            .unwrap();
        assert!(
            root.iter().all(|entry| entry.run_length == 0),
            "21,845 tiles put the root's entries in leaves"
        );
        let mut leaves = std::collections::HashMap::new();
        for tile in every_tile() {
            let mut found = find(&root, tile.pmtiles_id());
            while let Some(Found::Leaf { offset, length }) = found {
                let leaf = leaves.entry(offset).or_insert_with(|| {
                    header
                        .directory(slice(header.leaves_offset + offset, length))
                        .unwrap()
                });
                found = find(leaf, tile.pmtiles_id());
            }
            let Some(Found::Tile { offset, length }) = found else {
                panic!("{tile:?} is not found");
            };
            let content = slice(header.data_offset + offset, length);
            assert_eq!(
                content,
                format!("{}/{}/{}", tile.z, tile.x, tile.y).as_bytes()
            );
        }
        assert_eq!(
            find(&root, Tile { z: 8, x: 0, y: 0 }.pmtiles_id()).and_then(|found| match found {
                Found::Leaf { offset, length } => find(
                    &header
                        .directory(slice(header.leaves_offset + offset, length))
                        .unwrap(),
                    Tile { z: 8, x: 0, y: 0 }.pmtiles_id()
                ),
                tile @ Found::Tile { .. } => Some(tile),
            }),
            None,
            "no tile past the archive's zooms"
        );
    }

    #[test]
    fn what_is_not_a_raster_pmtiles_archive_is_refused() {
        assert_eq!(
            PmtilesHeader::parse(b"<html>"),
            Err(PmtilesError::NotPmtiles)
        );
        let mut header = [0_u8; 127];
        header[..7].copy_from_slice(b"PMTiles");
        header[7] = 2;
        assert_eq!(PmtilesHeader::parse(&header), Err(PmtilesError::Version(2)));
        header[7] = 3;
        header[97] = 2;
        header[99] = 1;
        assert_eq!(
            PmtilesHeader::parse(&header),
            Err(PmtilesError::TileType(1))
        );
        header[99] = 2;
        header[97] = 4;
        assert_eq!(
            PmtilesHeader::parse(&header),
            Err(PmtilesError::Compression(4))
        );
    }

    #[test]
    fn a_view_is_covered_by_the_tiles_of_its_zoom() {
        let view = Viewport::new(LonLat::new(16.0, 29.2), 6.2, 512.0, 256.0);
        let tiles = covering(&view, 14);
        assert!(tiles.iter().all(|t| t.z == 6));
        assert_eq!(tiles.len(), 3 * 2, "{tiles:?}");
        let jufra = LonLat::new(16.0, 29.2).project();
        assert!(tiles.iter().any(|t| {
            let (left, top) = (f64::from(t.x) * t.size(), f64::from(t.y) * t.size());
            (left..left + t.size()).contains(&jufra.x) && (top..top + t.size()).contains(&jufra.y)
        }));
        // Past the source's last zoom, its tiles are scaled up.
        assert!(covering(&view, 4).iter().all(|t| t.z == 4));
        assert_eq!(
            Tile { z: 6, x: 34, y: 26 }.url("https://t.example/{z}/{x}/{y}.png"),
            "https://t.example/6/34/26.png"
        );
    }

    #[test]
    fn the_layers_origin_is_what_the_page_must_allow() {
        let layer = |source| ExternalLayer {
            source,
            attribution: String::new(),
            max_zoom: 14,
        };
        assert_eq!(
            layer(TileSource::Template(
                "https://tile.example.org:8443/{z}/{x}/{y}.png".into()
            ))
            .origin(),
            Some("https://tile.example.org:8443")
        );
        assert_eq!(
            layer(TileSource::Pmtiles("http://127.0.0.1:9000".into())).origin(),
            Some("http://127.0.0.1:9000")
        );
        assert_eq!(
            layer(TileSource::Pmtiles("tiles.pmtiles".into())).origin(),
            None
        );
    }
}
