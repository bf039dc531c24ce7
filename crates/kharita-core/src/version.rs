//! Data versions. Every export is stamped with a content hash of the atlas; a [`Digest`] of each
//! version (small enough to keep forever) lets an embed pinned to an older version say what
//! changed since, for the sites it shows.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{ClaimId, SiteId};

/// Name of the FeatureCollection's foreign member that carries the data version.
pub const VERSION_MEMBER: &str = "data_version";

/// Whether `text` looks like a data version: 8 to 64 lowercase hex digits.
pub fn is_version(text: &str) -> bool {
    (8..=64).contains(&text.len()) && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// What a version said about each site and claim: enough to tell what changed, and to name what
/// was removed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Digest {
    pub version: String,
    pub sites: BTreeMap<SiteId, SiteDigest>,
    pub claims: BTreeMap<ClaimId, ClaimDigest>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteDigest {
    pub name_en: String,
    pub name_ar: String,
    /// Fingerprint of the location: geometry, precision and coordinate source.
    pub place: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimDigest {
    pub sites: Vec<SiteId>,
    pub summary_en: String,
    pub summary_ar: String,
    /// Fingerprint of everything the claim says: text, attribution, stance, dates, anchor.
    pub fingerprint: String,
}

/// One difference between an older version and the current one, as the embed shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub kind: ChangeKind,
    /// The sites it concerns.
    pub sites: Vec<SiteId>,
    /// What to show: the claim's summary (the newer one, or for a withdrawn claim the older
    /// one), or the relocated site's name.
    pub text_en: String,
    pub text_ar: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// A claim only the newer version has.
    Added,
    /// A claim both have, whose content differs.
    Revised,
    /// A claim only the older version has.
    Removed,
    /// A site whose location changed.
    Relocated,
}

crate::codes!(ChangeKind {
    Added => "added",
    Revised => "revised",
    Removed => "removed",
    Relocated => "relocated",
});

impl Digest {
    /// What changed from `self` (the older version) to `newer`: added and revised claims in
    /// `newer`'s order, then withdrawn claims, then relocated sites.
    pub fn changes_to(&self, newer: &Digest) -> Vec<Change> {
        let claim_change = |kind, claim: &ClaimDigest| Change {
            kind,
            sites: claim.sites.clone(),
            text_en: claim.summary_en.clone(),
            text_ar: claim.summary_ar.clone(),
        };
        let mut changes = Vec::new();
        for (id, claim) in &newer.claims {
            match self.claims.get(id) {
                None => changes.push(claim_change(ChangeKind::Added, claim)),
                Some(old) if old.fingerprint != claim.fingerprint => {
                    changes.push(claim_change(ChangeKind::Revised, claim));
                }
                Some(_) => {}
            }
        }
        for (id, claim) in &self.claims {
            if !newer.claims.contains_key(id) {
                changes.push(claim_change(ChangeKind::Removed, claim));
            }
        }
        for (id, site) in &newer.sites {
            if self
                .sites
                .get(id)
                .is_some_and(|old| old.place != site.place)
            {
                changes.push(Change {
                    kind: ChangeKind::Relocated,
                    sites: vec![id.clone()],
                    text_en: site.name_en.clone(),
                    text_ar: site.name_ar.clone(),
                });
            }
        }
        changes
    }
}

mod stamp {
    use std::fmt::Write;

    use sha2::{Digest as _, Sha256};

    use super::{ClaimDigest, Digest, SiteDigest};
    use crate::model::Atlas;

    /// Hex digits kept from a SHA-256: 64 bits, plenty to tell an atlas's versions apart.
    const HEX_DIGITS: usize = 16;

    /// The short hex SHA-256 of `value` as compact JSON, hashed as it is written: a whole
    /// atlas is never held in memory for it.
    pub(crate) fn json_hash(value: &impl serde::Serialize) -> String {
        // serde_json writes token by token; the buffer hands the hash whole blocks.
        let mut hashing = std::io::BufWriter::new(Sha256::new());
        crate::export::write_compact(&mut hashing, value).expect("model values serialise to JSON");
        hex_stamp(hashing)
    }

    /// The data version from the hash of a compact JSON text written into `hashing`.
    fn hex_stamp(hashing: std::io::BufWriter<Sha256>) -> String {
        let hasher = hashing
            .into_inner()
            .unwrap_or_else(|_| unreachable!("hashing cannot fail"));
        let mut hex = String::with_capacity(HEX_DIGITS);
        for byte in hasher.finalize().iter().take(HEX_DIGITS / 2) {
            let _ = write!(hex, "{byte:02x}");
        }
        hex
    }

    impl Atlas {
        /// The digest of this atlas, for its [`Atlas::data_version`].
        pub fn digest(&self) -> Digest {
            let sites = self.sites().iter().map(|site| {
                let place = json_hash(&(
                    site.geometry.as_ref().map(geojson::Geometry::from),
                    site.precision,
                    &site.coordinate_source,
                ));
                let digest = SiteDigest {
                    name_en: site.name_en.clone(),
                    name_ar: site.names_ar.first().cloned().unwrap_or_default(),
                    place,
                };
                (site.id.clone(), digest)
            });
            let claims = self.claims().iter().map(|claim| {
                let digest = ClaimDigest {
                    sites: claim.sites.clone(),
                    summary_en: claim.summary_en.clone(),
                    summary_ar: claim.summary_ar.clone(),
                    fingerprint: json_hash(claim),
                };
                (claim.id.clone(), digest)
            });
            Digest {
                version: self.data_version(),
                sites: sites.collect(),
                claims: claims.collect(),
            }
        }
    }
}

pub(crate) use stamp::json_hash;

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(site: &str, fingerprint: &str) -> ClaimDigest {
        ClaimDigest {
            sites: vec![site.into()],
            summary_en: format!("about {site}"),
            fingerprint: fingerprint.to_owned(),
            ..ClaimDigest::default()
        }
    }

    fn site(place: &str) -> SiteDigest {
        SiteDigest {
            name_en: "a site".to_owned(),
            place: place.to_owned(),
            ..SiteDigest::default()
        }
    }

    /// `code()` is written out by hand; it must stay the name serde reads and writes.
    #[test]
    fn change_kind_codes_are_their_serde_names() {
        for &kind in ChangeKind::ALL {
            assert_eq!(
                serde_json::to_value(kind).unwrap(),
                serde_json::Value::from(kind.code())
            );
            assert_eq!(ChangeKind::from_code(kind.code()), Some(kind));
        }
    }

    #[test]
    fn changes_name_added_revised_withdrawn_claims_and_relocated_sites() {
        let old = Digest {
            version: "0123456789abcdef".into(),
            sites: [("jufra".into(), site("p1")), ("sirte".into(), site("p2"))].into(),
            claims: [
                ("kept".into(), claim("jufra", "f1")),
                ("reworded".into(), claim("jufra", "f2")),
                ("withdrawn".into(), claim("jufra", "f3")),
            ]
            .into(),
        };
        let mut new = old.clone();
        new.version = "fedcba9876543210".into();
        new.claims.remove("withdrawn");
        new.claims.get_mut("reworded").unwrap().fingerprint = "f2b".into();
        new.claims.insert("fresh".into(), claim("sirte", "f5"));
        new.sites.get_mut("jufra").unwrap().place = "p1b".into();

        let kinds: Vec<(ChangeKind, Vec<SiteId>)> = old
            .changes_to(&new)
            .into_iter()
            .map(|change| (change.kind, change.sites))
            .collect();
        let on = |site: &str| vec![SiteId::from(site)];
        assert_eq!(
            kinds,
            [
                (ChangeKind::Added, on("sirte")),
                (ChangeKind::Revised, on("jufra")),
                (ChangeKind::Removed, on("jufra")),
                (ChangeKind::Relocated, on("jufra")),
            ]
        );
        assert!(old.changes_to(&old).is_empty());
    }

    #[test]
    fn versions_are_short_lowercase_hex() {
        assert!(is_version("0123456789abcdef"));
        assert!(!is_version("0123456"), "too short");
        assert!(!is_version("0123456789ABCDEF"), "uppercase");
        assert!(!is_version("<script>alert(1)</script>"));
    }
}
