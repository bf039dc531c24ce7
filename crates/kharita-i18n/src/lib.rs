//! The languages Kharita speaks, the names of the model's codes in each, and how a claim's
//! claimant and relays are phrased: shared by the web app and the static renderer, so that both
//! call a site kind or a stance the same thing. The map's interface text is in [`interface`].

pub mod interface;

use kharita_core::model::{
    Actor, Basis, Claim, Dating, Precision, Side, Site, SiteKind, Source, Stance, Topic,
};

/// A language of the interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    Ar,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Self::Ar => "ar",
            Self::En => "en",
        }
    }

    pub fn dir(self) -> &'static str {
        match self {
            Self::Ar => "rtl",
            Self::En => "ltr",
        }
    }

    #[must_use]
    pub fn other(self) -> Self {
        match self {
            Self::Ar => Self::En,
            Self::En => Self::Ar,
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "ar" => Some(Self::Ar),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    /// The first of the browser's preferred languages we speak, else Arabic, the texts' language.
    pub fn from_browser<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Self {
        preferred
            .into_iter()
            .find_map(|tag| Self::from_code(&tag.split(['-', '_']).next()?.to_ascii_lowercase()))
            .unwrap_or(Self::Ar)
    }
}

pub fn kind(lang: Lang, kind: SiteKind) -> &'static str {
    match (lang, kind) {
        (Lang::En, SiteKind::AirBase) => "Air base",
        (Lang::En, SiteKind::NavalBase) => "Naval base",
        (Lang::En, SiteKind::Port) => "Port",
        (Lang::En, SiteKind::Airfield) => "Airfield",
        (Lang::En, SiteKind::City) => "City",
        (Lang::En, SiteKind::Region) => "Region",
        (Lang::En, SiteKind::Country) => "Country",
        (Lang::Ar, SiteKind::AirBase) => "قاعدة جوية",
        (Lang::Ar, SiteKind::NavalBase) => "قاعدة بحرية",
        (Lang::Ar, SiteKind::Port) => "ميناء",
        (Lang::Ar, SiteKind::Airfield) => "مطار",
        (Lang::Ar, SiteKind::City) => "مدينة",
        (Lang::Ar, SiteKind::Region) => "منطقة",
        (Lang::Ar, SiteKind::Country) => "دولة",
    }
}

pub fn precision(lang: Lang, precision: Precision) -> &'static str {
    match (lang, precision) {
        (Lang::En, Precision::Runway) => "Runway-level point",
        (Lang::En, Precision::Town) => "Town-level point: the town, not the installation",
        (Lang::En, Precision::Region) => "Region: an area outline",
        (Lang::En, Precision::Unknown) => "Location unknown",
        (Lang::Ar, Precision::Runway) => "نقطة على مستوى المدرج",
        (Lang::Ar, Precision::Town) => "نقطة على مستوى البلدة: البلدة لا المنشأة",
        (Lang::Ar, Precision::Region) => "منطقة: حدود تقريبية",
        (Lang::Ar, Precision::Unknown) => "الموقع غير معروف",
    }
}

pub fn stance(lang: Lang, stance: Stance) -> &'static str {
    match (lang, stance) {
        (Lang::En, Stance::Asserts) => "asserts",
        (Lang::En, Stance::Denies) => "denies",
        (Lang::En, Stance::Hedged) => "hedged",
        (Lang::En, Stance::CallsFor) => "calls for",
        (Lang::Ar, Stance::Asserts) => "يؤكد",
        (Lang::Ar, Stance::Denies) => "ينفي",
        (Lang::Ar, Stance::Hedged) => "بتحفّظ",
        (Lang::Ar, Stance::CallsFor) => "يدعو إلى",
    }
}

pub fn topic(lang: Lang, topic: Topic) -> &'static str {
    match (lang, topic) {
        (Lang::En, Topic::Presence) => "presence",
        (Lang::En, Topic::Use) => "use",
        (Lang::En, Topic::Equipment) => "equipment",
        (Lang::En, Topic::Construction) => "construction",
        (Lang::En, Topic::Plans) => "plans",
        (Lang::En, Topic::Strike) => "strike",
        (Lang::En, Topic::Visit) => "visit",
        (Lang::En, Topic::Involvement) => "involvement",
        (Lang::Ar, Topic::Presence) => "الوجود",
        (Lang::Ar, Topic::Use) => "الاستخدام",
        (Lang::Ar, Topic::Equipment) => "المعدات",
        (Lang::Ar, Topic::Construction) => "البناء والتوسيع",
        (Lang::Ar, Topic::Plans) => "الخطط",
        (Lang::Ar, Topic::Strike) => "الاستهداف",
        (Lang::Ar, Topic::Visit) => "الزيارات",
        (Lang::Ar, Topic::Involvement) => "التدخل",
    }
}

pub fn basis(lang: Lang, basis: Basis) -> &'static str {
    match (lang, basis) {
        (Lang::En, Basis::Stated) => "stated",
        (Lang::En, Basis::Inferred) => "inferred",
        (Lang::En, Basis::Unknown) => "unknown",
        (Lang::Ar, Basis::Stated) => "مذكور في النص",
        (Lang::Ar, Basis::Inferred) => "مستنتج",
        (Lang::Ar, Basis::Unknown) => "غير معروف",
    }
}

pub fn side(lang: Lang, side: Side) -> &'static str {
    match (lang, side) {
        (Lang::En, Side::Russia) => "Russia / Wagner / Africa Corps",
        (Lang::En, Side::UnitedStates) => "United States / AFRICOM",
        (Lang::En, Side::Lna) => "LNA / Haftar",
        (Lang::En, Side::Tripoli) => "Tripoli authorities",
        (Lang::En, Side::Libya) => "Libya (side not given)",
        (Lang::En, Side::Turkey) => "Turkey",
        (Lang::En, Side::Tunisia) => "Tunisia",
        (Lang::En, Side::Morocco) => "Morocco",
        (Lang::En, Side::UnitedKingdom) => "United Kingdom",
        (Lang::En, Side::France) => "France",
        (Lang::En, Side::UnitedNations) => "United Nations",
        (Lang::En, Side::Media) => "Media and analysts",
        (Lang::En, Side::Other) => "Other",
        (Lang::Ar, Side::Russia) => "روسيا / فاغنر / الفيلق الأفريقي",
        (Lang::Ar, Side::UnitedStates) => "الولايات المتحدة / أفريكوم",
        (Lang::Ar, Side::Lna) => "الجيش الوطني / حفتر",
        (Lang::Ar, Side::Tripoli) => "سلطات طرابلس",
        (Lang::Ar, Side::Libya) => "ليبيا (دون تحديد الطرف)",
        (Lang::Ar, Side::Turkey) => "تركيا",
        (Lang::Ar, Side::Tunisia) => "تونس",
        (Lang::Ar, Side::Morocco) => "المغرب",
        (Lang::Ar, Side::UnitedKingdom) => "المملكة المتحدة",
        (Lang::Ar, Side::France) => "فرنسا",
        (Lang::Ar, Side::UnitedNations) => "الأمم المتحدة",
        (Lang::Ar, Side::Media) => "وسائل الإعلام والمحللون",
        (Lang::Ar, Side::Other) => "أخرى",
    }
}

/// A site's name: the spelling the texts use most in Arabic, else its English name.
pub fn site_name(site: &Site, lang: Lang) -> &str {
    match (lang, site.names_ar.first()) {
        (Lang::Ar, Some(name)) => name,
        _ => &site.name_en,
    }
}

pub fn summary(claim: &Claim, lang: Lang) -> &str {
    match lang {
        Lang::Ar => &claim.summary_ar,
        Lang::En => &claim.summary_en,
    }
}

pub fn source_title(source: &Source, lang: Lang) -> String {
    match (lang, &source.title) {
        (Lang::Ar, Some(title)) => title.clone(),
        _ => source.title_en.clone(),
    }
}

pub fn actor_name(actor: &Actor, lang: Lang) -> String {
    match (lang, &actor.name_ar) {
        (Lang::Ar, Some(name)) => name.clone(),
        _ => actor.name_en.clone(),
    }
}

/// The word that introduces who relayed a claim: "via".
pub fn via(lang: Lang) -> &'static str {
    match lang {
        Lang::Ar => "عبر",
        Lang::En => "via",
    }
}

/// Who makes a claim and who relayed it to the article: `AFRICOM (via Reuters ← AFP)`.
pub fn claimant_and_relays(claim: &Claim, lang: Lang) -> String {
    let claimant = actor_name(&claim.claimant, lang);
    if claim.via.is_empty() {
        return claimant;
    }
    let relays: Vec<String> = claim.via.iter().map(|a| actor_name(a, lang)).collect();
    format!("{claimant} ({} {})", via(lang), relays.join(" ← "))
}

/// A date as the panel shows it: its value, the words of the text, and how it is known, e.g.
/// `2020-05 «قبل أيام» (inferred)`. Where the text around it may run right to left, show it
/// from [`dating_parts`] instead, its value isolated.
pub fn format_dating(dating: &Dating, lang: Lang) -> String {
    match dating_parts(dating, lang) {
        (Some(value), rest) => format!("{value} {rest}"),
        (None, rest) => rest,
    }
}

/// [`format_dating`] in two parts: the value, an ISO 8601 date or interval, and the rest (the
/// words of the text and how the date is known). The value reads left to right in either
/// language and must be isolated in right-to-left text: there the bidirectional algorithm
/// moves the `/..` of an open interval, `2023-09-26/..` ("from 26 September 2023 on"), to
/// the number's left, and it reads `../2023-09-26`, "until".
pub fn dating_parts(dating: &Dating, lang: Lang) -> (Option<String>, String) {
    let basis = basis(lang, dating.basis);
    let value = dating.value.map(|v| v.to_string());
    let rest = match (&value, &dating.as_written) {
        (_, Some(words)) => format!("«{words}» ({basis})"),
        (Some(_), None) => format!("({basis})"),
        (None, None) => basis.to_owned(),
    };
    (value, rest)
}

/// A number of claims, as a phrase: `1 claim`, `8 claims`; in Arabic with the noun in the form
/// its number takes (ادعاء واحد، ادعاءان، 8 ادعاءات، 44 ادعاءً).
pub fn claims_count(lang: Lang, count: usize) -> String {
    counted(
        lang,
        count,
        ("claim", "claims"),
        ["ادعاء", "ادعاءان", "ادعاءات", "ادعاءً"],
    )
}

/// A number of sites, as [`claims_count`] says claims.
pub fn sites_count(lang: Lang, count: usize) -> String {
    counted(
        lang,
        count,
        ("site", "sites"),
        ["موقع", "موقعان", "مواقع", "موقعًا"],
    )
}

/// `count` with its noun: English singular or plural; Arabic singular (with واحد), dual, plural
/// (3 to 10) or accusative singular (11 and more, and 0 in "0 مواقع" style is plural).
fn counted(lang: Lang, count: usize, english: (&str, &str), arabic: [&str; 4]) -> String {
    match lang {
        Lang::En if count == 1 => format!("1 {}", english.0),
        Lang::En => format!("{count} {}", english.1),
        Lang::Ar => match count {
            1 => format!("{} واحد", arabic[0]),
            2 => arabic[1].to_owned(),
            0 | 3..=10 => format!("{count} {}", arabic[2]),
            _ => format!("{count} {}", arabic[3]),
        },
    }
}

#[cfg(test)]
mod counting {
    use super::*;

    #[test]
    fn arabic_counts_take_the_form_their_number_asks() {
        let ar = |n| claims_count(Lang::Ar, n);
        assert_eq!(ar(1), "ادعاء واحد");
        assert_eq!(ar(2), "ادعاءان");
        assert_eq!(ar(8), "8 ادعاءات");
        assert_eq!(ar(44), "44 ادعاءً");
        assert_eq!(sites_count(Lang::Ar, 15), "15 موقعًا");
        assert_eq!(claims_count(Lang::En, 1), "1 claim");
        assert_eq!(sites_count(Lang::En, 15), "15 sites");
    }
}

#[cfg(test)]
mod dating {
    use super::*;

    fn dating(value: Option<&str>, words: Option<&str>) -> Dating {
        Dating {
            basis: Basis::Inferred,
            value: value.map(|v| v.parse().expect("a date span")),
            as_written: words.map(str::to_owned),
            evidence: None,
        }
    }

    #[test]
    fn a_dates_parts_are_its_whole_text_with_the_value_apart() {
        let open = dating(Some("2023-09-26/.."), Some("26 سبتمبر 2023"));
        assert_eq!(
            dating_parts(&open, Lang::Ar),
            (
                Some("2023-09-26/..".to_owned()),
                "«26 سبتمبر 2023» (مستنتج)".to_owned()
            )
        );
        for lang in [Lang::Ar, Lang::En] {
            for (value, words) in [
                (Some("2023-09-26/.."), Some("26 سبتمبر 2023")),
                (Some("2020-05"), None),
                (None, Some("قبل أيام")),
                (None, None),
            ] {
                let whole = format_dating(&dating(value, words), lang);
                let (value, rest) = dating_parts(&dating(value, words), lang);
                let joined = value.map_or_else(|| rest.clone(), |v| format!("{v} {rest}"));
                assert_eq!(joined, whole);
            }
        }
        assert_eq!(
            format_dating(&dating(Some("2020-05"), None), Lang::En),
            "2020-05 (inferred)"
        );
    }
}
