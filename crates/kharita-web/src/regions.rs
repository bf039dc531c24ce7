//! The atlas's region sites as the map draws them. Sites often share an area (several articles
//! place something in "southern Libya"; the bench's 2,000 regions have four areas between them):
//! each distinct area is made once, as path data in world coordinates and as an [`Outline`] to
//! pick, and each side draws it once however many of its sites are there.

use kharita_core::model::{Area, AreaRule, Atlas, Precision, SiteId};
use kharita_map::paths::path_data;
use kharita_map::pick::{Outline, Reach, region_at};
use kharita_map::projection::World;

use crate::filter::Shown;
use crate::present::{SiteFacts, side_class, side_classes};

/// A region site: which area it is, and how it is drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct RegionSite {
    pub id: SiteId,
    /// Its area's place in [`Regions`].
    area: usize,
    /// The side's CSS class suffix.
    pub side: &'static str,
    /// An area cut from a country by a rule (all but a whole country): the text draws no line
    /// for it, so it is hatched, and a click anywhere within it picks it.
    pub vague: bool,
}

/// The region sites, in the atlas's order, and their distinct areas: each one's path data, and
/// its outline.
#[derive(Debug, Default)]
pub struct Regions {
    sites: Vec<RegionSite>,
    paths: Vec<String>,
    outlines: Vec<Outline>,
}

/// What is drawn of the shown regions of one side, each area once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SideOutlines {
    pub side: &'static str,
    /// The areas of its sites with a drawn boundary.
    pub crisp: String,
    /// The areas of its vague sites: outlined softly and hatched.
    pub vague: String,
}

impl Regions {
    /// The region sites of `atlas`, with their facts (in the order of its sites).
    pub fn new(atlas: &Atlas, facts: &[SiteFacts]) -> Self {
        let mut regions = Self::default();
        // Each distinct area met, in the order of `paths`, to compare the next with: a region's
        // outline is derived from its area (a country and a rule), so sites with the same area
        // share one outline. A region without an area (an atlas made elsewhere) has its own.
        let mut areas: Vec<Option<&Area>> = Vec::new();
        for (site, facts) in atlas.sites().iter().zip(facts) {
            let (Some(geometry), Precision::Region) = (&site.geometry, site.precision) else {
                continue;
            };
            let known = site
                .area
                .as_ref()
                .and_then(|area| areas.iter().position(|known| *known == Some(area)));
            let area = known.unwrap_or_else(|| {
                areas.push(site.area.as_ref());
                regions.paths.push(path_data(geometry));
                regions.outlines.push(Outline::of(geometry));
                regions.paths.len() - 1
            });
            regions.sites.push(RegionSite {
                id: site.id.clone(),
                area,
                side: side_class(facts.side),
                vague: site
                    .area
                    .as_ref()
                    .is_some_and(|area| area.rule != AreaRule::Country),
            });
        }
        regions
    }

    /// The region sites, in the atlas's order, each with its area's path data.
    pub fn sites(&self) -> impl Iterator<Item = (&RegionSite, &str)> {
        self.sites
            .iter()
            .map(|site| (site, self.paths[site.area].as_str()))
    }

    /// How many region sites there are.
    pub fn site_count(&self) -> usize {
        self.sites.len()
    }

    /// For each side of [`side_classes`], its shown regions' areas, each once.
    pub fn outlines(&self, shown: &Shown) -> Vec<SideOutlines> {
        let mut sides: Vec<SideOutlines> = side_classes()
            .map(|side| SideOutlines {
                side,
                ..SideOutlines::default()
            })
            .collect();
        // For each area, the sides and kinds of outline it is already drawn in.
        let mut drawn = vec![Vec::new(); self.paths.len()];
        for site in &self.sites {
            let how = (site.side, site.vague);
            if drawn[site.area].contains(&how) || !shown.sites.contains(site.id.as_str()) {
                continue;
            }
            drawn[site.area].push(how);
            if let Some(side) = sides.iter_mut().find(|side| side.side == site.side) {
                let path = if site.vague {
                    &mut side.vague
                } else {
                    &mut side.crisp
                };
                path.push_str(&self.paths[site.area]);
            }
        }
        sides
    }

    /// The site `id`, when it is a region, with its area's path data.
    pub fn site(&self, id: &str) -> Option<(&RegionSite, &str)> {
        self.sites().find(|(site, _)| site.id == id)
    }

    /// The shown region a click at `at` lands on: within `edge` (world units) of its outline,
    /// or anywhere within a vague one; of overlapping ones, the smallest.
    pub fn at(&self, shown: &Shown, at: World, edge: f64) -> Option<&SiteId> {
        let regions = self.sites.iter().map(|site| {
            let reach = if site.vague { Reach::Area } else { Reach::Edge };
            shown
                .sites
                .contains(site.id.as_str())
                .then_some((site.area, reach))
        });
        let index = region_at(&self.outlines, regions, at, edge)?;
        Some(&self.sites[index].id)
    }
}

#[cfg(test)]
mod tests {
    use kharita_core::model::Claim;
    use kharita_map::projection::LonLat;

    use super::*;

    /// The seed atlas, with a second site placed in southern Libya (same area, same side).
    fn seeds_with_a_second_site_in_the_south() -> (Atlas, Vec<SiteFacts>) {
        let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
        let atlas = kharita_core::load::load(root).expect("the seed atlas loads");
        let (sources, mut sites, claims) = atlas.into_parts();
        let south = sites
            .iter()
            .find(|site| site.id == "southern-libya")
            .expect("the seeds place claims in southern Libya")
            .clone();
        sites.push(kharita_core::Site {
            id: "also-in-the-south".into(),
            ..south
        });
        let atlas = Atlas::new(sources, sites, claims);
        let mut facts: Vec<SiteFacts> = atlas
            .sites()
            .iter()
            .map(|site| SiteFacts::of(&atlas.claims_about(&site.id).collect::<Vec<&Claim>>()))
            .collect();
        // Its claims are the south's: the same side.
        let south_facts = atlas
            .sites()
            .iter()
            .position(|site| site.id == "southern-libya")
            .map(|place| facts[place].clone());
        if let (Some(last), Some(south)) = (facts.last_mut(), south_facts) {
            *last = south;
        }
        (atlas, facts)
    }

    fn all_shown(atlas: &Atlas) -> Shown {
        Shown {
            claims: std::collections::BTreeSet::new(),
            sites: atlas.sites().iter().map(|site| site.id.clone()).collect(),
        }
    }

    #[test]
    fn sites_sharing_an_area_are_each_a_region_and_the_area_is_drawn_once() {
        let (atlas, facts) = seeds_with_a_second_site_in_the_south();
        let regions = Regions::new(&atlas, &facts);
        let region_sites = atlas
            .sites()
            .iter()
            .filter(|site| site.precision == Precision::Region)
            .count();
        assert_eq!(regions.site_count(), region_sites);
        let (south, path) = regions.site("southern-libya").expect("a region");
        let (also, also_path) = regions.site("also-in-the-south").expect("a region");
        assert_eq!(
            (path, south.side, south.vague),
            (also_path, also.side, true)
        );
        let outlines = regions.outlines(&all_shown(&atlas));
        let drawn: usize = outlines
            .iter()
            .map(|side| side.vague.matches(path).count() + side.crisp.matches(path).count())
            .sum();
        assert_eq!(drawn, 1, "southern Libya is drawn once for its two sites");
        let libya = regions.site("libya").expect("a region").1;
        assert!(
            outlines.iter().any(|side| side.crisp.contains(libya)),
            "Libya, a whole country, has its boundary drawn"
        );
    }

    #[test]
    fn regions_filtered_out_are_neither_drawn_nor_picked() {
        let (atlas, facts) = seeds_with_a_second_site_in_the_south();
        let regions = Regions::new(&atlas, &facts);
        let mut shown = all_shown(&atlas);
        for id in [
            "southern-libya",
            "also-in-the-south",
            "libya-southern-borders",
        ] {
            shown.sites.remove(id);
        }
        let path = regions.site("southern-libya").expect("a region").1;
        assert!(
            regions
                .outlines(&shown)
                .iter()
                .all(|side| !side.vague.contains(path))
        );
        let sebha_region = LonLat::new(15.0, 25.0).project();
        assert_eq!(regions.at(&shown, sebha_region, 0.001), None);
    }

    #[test]
    fn a_vague_area_is_picked_anywhere_within_and_a_drawn_boundary_at_its_line() {
        let (atlas, facts) = seeds_with_a_second_site_in_the_south();
        let regions = Regions::new(&atlas, &facts);
        let shown = all_shown(&atlas);
        // Deep in the Libyan south, far from any border: inside Libya (a boundary, not picked
        // there), inside southern Libya, and of its two sites the later, drawn on top.
        let south = LonLat::new(17.0, 26.0).project();
        assert_eq!(
            regions.at(&shown, south, 0.001).map(SiteId::as_str),
            Some("also-in-the-south")
        );
        // On Tunisia's outline: the country, whose boundary is drawn.
        let Some(geo_types::Geometry::MultiPolygon(tunisia)) = atlas
            .site("tunisia")
            .and_then(|site| site.geometry.as_ref())
        else {
            panic!("Tunisia is a multipolygon");
        };
        let corner = tunisia.0[0].exterior().0[0];
        let on_line = LonLat::new(corner.x, corner.y).project();
        assert_eq!(
            regions.at(&shown, on_line, 0.001).map(SiteId::as_str),
            Some("tunisia")
        );
        let inside_tunisia = LonLat::new(9.5, 34.0).project();
        assert_eq!(regions.at(&shown, inside_tunisia, 0.001), None);
    }
}
