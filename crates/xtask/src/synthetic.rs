//! Synthetic corpora for the benchmarks, written as the real atlas is authored
//! (`assets/atlas/*.toml`, `seeds/<id>.txt` and `seeds/<id>.toml`) so that the real loader reads,
//! checks and anchors them. The same size always gives the same files.
//!
//! Every site is a numbered place in Libya ("موقع ٠٠٠١٢٣") at a pseudo-random point; its
//! coordinate source says it is synthetic. Each article is about 2,500 code points of Arabic:
//! one sentence per claim, between filler paragraphs. Claims assert, deny or hedge, carry dates
//! and relays, and each is about one site, so every site is named in some article.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Result, ensure};

/// How big a corpus is.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Size {
    pub(crate) sites: usize,
    pub(crate) articles: usize,
    pub(crate) claims_per_article: usize,
}

impl Size {
    /// `sites` sites, each the subject of one claim, ten claims to an article.
    pub(crate) fn sites(sites: usize) -> Self {
        Self {
            sites,
            articles: sites.div_ceil(10),
            claims_per_article: 10,
        }
    }

    pub(crate) fn claims(self) -> usize {
        self.articles * self.claims_per_article
    }
}

/// `SplitMix64`: a small, fixed pseudo-random sequence, so a corpus never depends on a crate's
/// version of "random".
#[derive(Debug)]
struct Sequence(u64);

impl Sequence {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `low..high`, to four decimals (registry coordinates have no more).
    fn coordinate(&mut self, low: f64, high: f64) -> f64 {
        #[allow(clippy::cast_precision_loss)]
        let unit = (self.next() % 1_000_000) as f64 / 1_000_000.0;
        ((low + unit * (high - low)) * 10_000.0).round() / 10_000.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        #[allow(clippy::cast_possible_truncation)]
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// West, south, east, north: inside Libya's bounds as the loader checks them.
const LIBYA: [f64; 4] = [9.5, 19.7, 25.0, 33.0];

const KINDS: &[&str] = &["air-base", "airfield", "naval-base", "port", "city"];

const FILLER: &[&str] = &[
    "وتشهد البلاد منذ سنوات انقساما سياسيا بين حكومتين تتنازعان الشرعية في الشرق والغرب.",
    "ويرى مراقبون أن التنافس الدولي على النفوذ في المنطقة يزداد حدة مع مرور الوقت.",
    "ولم يصدر أي تعليق رسمي من الجهات المعنية حتى ساعة نشر هذا التقرير.",
    "وتطالب الأمم المتحدة منذ مدة بخروج جميع القوات الأجنبية والمرتزقة من البلاد.",
    "ويأتي ذلك في ظل جمود العملية السياسية وتعثر الاتفاق على موعد للانتخابات.",
    "وتتابع العواصم الغربية هذه التطورات عن كثب وسط تحذيرات من تداعياتها على المنطقة.",
    "ويقول محللون إن الموقع الجغرافي للبلاد يمنحها أهمية خاصة في حسابات القوى الكبرى.",
    "وكانت تقارير سابقة قد أشارت إلى تحركات مماثلة في مناطق أخرى من الجنوب الليبي.",
];

/// One claim's wording: the sentence around the quote, the quote (with `{}` for the site's
/// name), its stance and topic, and the hedge when it is hedged.
struct Template {
    before: &'static str,
    quote: &'static str,
    after: &'static str,
    stance: &'static str,
    topic: &'static str,
    hedge: Option<&'static str>,
    summary_en: &'static str,
    summary_ar: &'static str,
}

const TEMPLATES: &[Template] = &[
    Template {
        before: "وقال مصدر عسكري ليبي إن ",
        quote: "طائرات شحن عسكرية هبطت في {} خلال الأسبوع الماضي",
        after: "، بحسب ما نقله موقع إخباري.",
        stance: "asserts",
        topic: "use",
        hedge: None,
        summary_en: "A Libyan military source says military cargo aircraft landed at {} last week.",
        summary_ar: "مصدر عسكري ليبي يؤكد أن طائرات شحن عسكرية هبطت في {} خلال الأسبوع الماضي.",
    },
    Template {
        before: "وأظهرت صور أقمار صناعية نشرها التقرير أن ",
        quote: "أعمال بناء جديدة تجري في {} منذ مطلع العام",
        after: ".",
        stance: "asserts",
        topic: "construction",
        hedge: None,
        summary_en: "The report says satellite images show new construction at {} since the start of the year.",
        summary_ar: "التقرير يؤكد أن صورا فضائية تظهر أعمال بناء جديدة في {} منذ مطلع العام.",
    },
    Template {
        before: "في المقابل، ",
        quote: "نفى متحدث باسم القيادة العامة وجود أي قوات أجنبية في {}",
        after: "، ووصف التقارير بأنها مضللة.",
        stance: "denies",
        topic: "presence",
        hedge: None,
        summary_en: "A General Command spokesman denies that any foreign forces are at {}.",
        summary_ar: "متحدث باسم القيادة العامة ينفي وجود أي قوات أجنبية في {}.",
    },
    Template {
        before: "وأضاف التقرير أنه ",
        quote: "يرجح أن منظومات دفاع جوي نقلت إلى {} في الأشهر الأخيرة",
        after: ".",
        stance: "hedged",
        topic: "equipment",
        hedge: Some("يرجح"),
        summary_en: "The report says air-defence systems were likely moved to {} in recent months.",
        summary_ar: "التقرير يرجح أن منظومات دفاع جوي نقلت إلى {} في الأشهر الأخيرة.",
    },
    Template {
        before: "وبحسب مسؤولين أمريكيين، فإن ",
        quote: "عناصر من مجموعة فاغنر ما زالوا يتمركزون في {}",
        after: " رغم الدعوات إلى انسحابهم.",
        stance: "asserts",
        topic: "presence",
        hedge: None,
        summary_en: "US officials say Wagner Group members are still stationed at {}.",
        summary_ar: "مسؤولون أمريكيون يؤكدون أن عناصر من مجموعة فاغنر ما زالوا يتمركزون في {}.",
    },
];

/// Who makes each template's claim, through whom, and which side it is about.
const VOICES: &[(&str, &str, &str)] = &[
    ("libyan-military-source", "[\"hespress\"]", "russia"),
    ("press-reports", "[]", "russia"),
    ("lna-general-command", "[]", "lna"),
    ("press-reports", "[]", "russia"),
    ("us-officials", "[\"afp\"]", "russia"),
];

const MONTHS: &[&str] = &[
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];

/// A number in Arabic-Indic digits, six wide, so no site's name is part of another's.
fn arabic_number(number: usize) -> String {
    format!("{number:06}")
        .chars()
        .map(|digit| char::from_u32(0x0660 + digit.to_digit(10).unwrap_or(0)).unwrap_or(digit))
        .collect()
}

fn site_name_ar(index: usize) -> String {
    format!("موقع {}", arabic_number(index))
}

/// Writes a corpus of `size` under `dir`, which must not exist yet, with the repository's (under
/// `root`) `actors.toml`, whose ids the claims use, and country outlines, which its regions are
/// derived from.
pub(crate) fn write(dir: &Path, size: Size, root: &Path) -> Result<()> {
    ensure!(
        size.claims() >= size.sites,
        "every site needs a claim: {} claims for {} sites",
        size.claims(),
        size.sites
    );
    std::fs::create_dir_all(dir.join("assets/atlas"))?;
    std::fs::create_dir_all(dir.join("seeds"))?;
    for file in [
        kharita_core::load::ACTORS_FILE,
        kharita_core::load::COUNTRIES_FILE,
    ] {
        std::fs::copy(root.join(file), dir.join(file))?;
    }
    std::fs::write(dir.join("assets/atlas/sites.toml"), sites_toml(size.sites))?;
    let mut sequence = Sequence(0x004B_4841_5249_5441);
    for article in 0..size.articles {
        let (text, metadata) = article_files(article, size, &mut sequence);
        let stem = format!("{article:06}_synthetic");
        std::fs::write(dir.join(format!("seeds/{stem}.txt")), text)?;
        std::fs::write(dir.join(format!("seeds/{stem}.toml")), metadata)?;
    }
    Ok(())
}

/// The built app from `dist` in `dir` (replaced), serving a synthetic atlas of `sites` sites in
/// place of the seeds', articles included: the browser tests' large atlas. Its data files
/// (`assets/`, `seeds/`) are in `dir` too, for the tests to load.
pub(crate) fn app(root: &Path, dist: &Path, dir: &Path, sites: usize) -> Result<()> {
    let _ = std::fs::remove_dir_all(dir);
    write(dir, Size::sites(sites), root)?;
    let atlas = kharita_core::load::load(dir)?;
    crate::dist::copy_app_with(root, dist, &atlas, dir)
}

fn sites_toml(sites: usize) -> String {
    let mut sequence = Sequence(0x0053_4954_4553);
    let mut toml =
        String::from("# Synthetic benchmark sites (cargo xtask bench); not real places.\n");
    let [west, south, east, north] = LIBYA;
    for index in 0..sites {
        let kind = sequence.pick(KINDS);
        let source = "synthetic benchmark data (cargo xtask bench), not a real place";
        let location = match index % 50 {
            0 => "{ precision = \"unknown\", note = \"Synthetic: no location.\" }".to_owned(),
            // Regions are derived from Libya's outline; a few rules, each derived once.
            1 => format!(
                "{{ precision = \"region\", area = {{ country = \"LY\", rule = \"south-of\", latitude = {} }} }}",
                [22, 25, 28, 31][index / 50 % 4]
            ),
            n => format!(
                "{{ precision = \"{}\", lat = {}, lon = {}, source = \"{source}\" }}",
                if n % 3 == 0 { "town" } else { "runway" },
                sequence.coordinate(south, north),
                sequence.coordinate(west, east)
            ),
        };
        let _ = write!(
            toml,
            "\n[[site]]\nid = \"site-{index:06}\"\nname_en = \"Site {index:06}\"\nnames_ar = [\"{}\"]\nkind = \"{kind}\"\ncountry = \"LY\"\nlocation = {location}\n",
            site_name_ar(index)
        );
    }
    toml
}

/// One article's text and metadata.
fn article_files(article: usize, size: Size, sequence: &mut Sequence) -> (String, String) {
    let year = 2020 + article % 6;
    let month = 1 + (article / 6) % 12;
    let title = format!(
        "تقرير رقم {} عن النشاط العسكري في ليبيا",
        arabic_number(article)
    );
    let mut text = format!("{title}\n\n");
    let mut metadata = format!(
        "# Synthetic benchmark article (cargo xtask bench).\n\n[source]\ntitle = \"{title}\"\ntitle_en = \"Report {article:06} on military activity in Libya\"\nlanguage = \"ar\"\noutlet = {{ basis = \"unknown\", evidence = \"Synthetic benchmark article.\" }}\npublished = {{ basis = \"inferred\", value = \"{year}-{month:02}\", evidence = \"Synthetic benchmark article.\" }}\nrecorded = \"2026-11-22\"\n"
    );
    for slot in 0..size.claims_per_article {
        for _ in 0..2 {
            text.push_str(sequence.pick(FILLER));
            text.push(' ');
        }
        text.push_str("\n\n");
        let claim = article * size.claims_per_article + slot;
        let subject = claim % size.sites;
        let name = site_name_ar(subject);
        let template = &TEMPLATES[claim % TEMPLATES.len()];
        let (claimant, via, about) = VOICES[claim % VOICES.len()];
        let quote = template.quote.replace("{}", &name);
        let said = format!("في {} {year}", MONTHS[month - 1]);
        let _ = write!(
            text,
            "{said}، {}{quote}{}\n\n",
            template.before, template.after
        );
        let _ = write!(
            metadata,
            "\n[[claim]]\nid = \"a{article:06}-c{slot}\"\nsites = [\"site-{subject:06}\"]\nstance = \"{}\"\ntopic = \"{}\"\nactors = [\"{about}\"]\nclaimant = \"{claimant}\"\nvia = {via}\nquote = \"{quote}\"\nsummary_en = \"{}\"\nsummary_ar = \"{}\"\nsaid = {{ basis = \"stated\", value = \"{year}-{month:02}\", as_written = \"{said}\" }}\n",
            template.stance,
            template.topic,
            template
                .summary_en
                .replace("{}", &format!("site {subject:06}")),
            template.summary_ar.replace("{}", &name),
        );
        if let Some(hedge) = template.hedge {
            let _ = writeln!(metadata, "hedge = \"{hedge}\"");
        }
    }
    (text, metadata)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The loader accepts a small corpus whole: every name in a text, every quote anchored.
    #[test]
    fn a_small_corpus_loads_without_problems() {
        let dir = std::env::temp_dir().join(format!("kharita-synthetic-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        write(&dir, Size::sites(120), &crate::root()).unwrap();
        let loaded = kharita_core::load::load(&dir);
        let _ = std::fs::remove_dir_all(&dir);
        let atlas = match loaded {
            Ok(atlas) => atlas,
            Err(kharita_core::Error::Invalid(diagnostics)) => panic!("{diagnostics}"),
            Err(error) => panic!("{error}"),
        };
        assert_eq!(atlas.sites().len(), 120);
        assert_eq!(atlas.claims().len(), 120);
        assert_eq!(atlas.sources().len(), 12);
    }

    #[test]
    fn the_same_size_gives_the_same_corpus() {
        let size = Size::sites(30);
        let first = article_files(2, size, &mut Sequence(7));
        assert_eq!(first, article_files(2, size, &mut Sequence(7)));
        assert_eq!(sites_toml(30), sites_toml(30));
        assert_eq!(arabic_number(123), "٠٠٠١٢٣");
    }
}
