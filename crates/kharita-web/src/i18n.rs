//! Interface text in Arabic and English. Data text (names, summaries, quotes) comes from the atlas.

use kharita_core::model::{Basis, Precision, SiteKind, Stance, Topic};

use crate::state::Lang;

/// Every fixed string of the interface, in one language.
#[derive(Debug)]
pub struct Strings {
    pub app_title: &'static str,
    pub tagline: &'static str,
    /// The other language's name, on the switch button.
    pub other_language: &'static str,
    pub switch_language_label: &'static str,
    pub loading: &'static str,
    pub load_failed: &'static str,
    pub map_label: &'static str,
    pub map_help: &'static str,
    pub zoom_in: &'static str,
    pub zoom_out: &'static str,
    pub fit_all: &'static str,
    pub unknown_locations: &'static str,
    pub no_selection: &'static str,
    pub close: &'static str,
    pub arabic_names: &'static str,
    pub coordinates: &'static str,
    pub coordinate_source: &'static str,
    pub claims: &'static str,
    pub contested: &'static str,
    pub contested_note: &'static str,
    /// Legend entry for the shaded area the basemap does not cover.
    pub beyond_basemap: &'static str,
    pub claimant: &'static str,
    pub via: &'static str,
    pub in_article: &'static str,
    pub said: &'static str,
    pub event: &'static str,
    pub published: &'static str,
    pub hedge: &'static str,
    pub show_in_source: &'static str,
    pub previous_claim: &'static str,
    pub next_claim: &'static str,
    pub outlet: &'static str,
    pub outlet_unknown: &'static str,
    pub selected: &'static str,
    pub reading: &'static str,
    pub legend: &'static str,
    pub attribution: &'static str,
    pub scale_km: &'static str,
    pub untitled: &'static str,
}

pub const EN: Strings = Strings {
    app_title: "Kharita",
    tagline: "Military installations in Libya, as the sources describe them",
    other_language: "العربية",
    switch_language_label: "Switch to Arabic",
    loading: "Loading the atlas…",
    load_failed: "The atlas could not be loaded",
    map_label: "Map of sites",
    map_help: "Drag or use the arrow keys to pan; wheel, pinch or +/− to zoom.",
    zoom_in: "Zoom in",
    zoom_out: "Zoom out",
    fit_all: "Show all sites",
    unknown_locations: "Location unknown (not on the map)",
    no_selection: "Select a site on the map to see what the sources say about it.",
    close: "Close",
    arabic_names: "Arabic names in the texts",
    coordinates: "Coordinates",
    coordinate_source: "Coordinate source",
    claims: "Claims",
    contested: "Contested",
    contested_note: "These claims contradict each other.",
    beyond_basemap: "Outside the basemap (coastlines and borders not drawn)",
    claimant: "Claimant",
    via: "via",
    in_article: "in",
    said: "Said",
    event: "Event",
    published: "Published",
    hedge: "Hedge",
    show_in_source: "Show in source",
    previous_claim: "Previous claim",
    next_claim: "Next claim",
    outlet: "Outlet",
    outlet_unknown: "not named in the text",
    selected: "Selected",
    reading: "Reading",
    legend: "Legend",
    attribution: "Basemap: Natural Earth (public domain). Sites and claims: Kharita, each linked to its source.",
    scale_km: "km",
    untitled: "(untitled)",
};

pub const AR: Strings = Strings {
    app_title: "خريطة",
    tagline: "المنشآت العسكرية في ليبيا كما تصفها المصادر",
    other_language: "English",
    switch_language_label: "التبديل إلى الإنجليزية",
    loading: "جارٍ تحميل الأطلس…",
    load_failed: "تعذّر تحميل الأطلس",
    map_label: "خريطة المواقع",
    map_help: "اسحب أو استخدم مفاتيح الأسهم للتحريك؛ وعجلة الفأرة أو إصبعين أو +/− للتكبير.",
    zoom_in: "تكبير",
    zoom_out: "تصغير",
    fit_all: "عرض كل المواقع",
    unknown_locations: "مواقع غير محددة (ليست على الخريطة)",
    no_selection: "اختر موقعا على الخريطة لترى ما تقوله المصادر عنه.",
    close: "إغلاق",
    arabic_names: "الأسماء العربية في النصوص",
    coordinates: "الإحداثيات",
    coordinate_source: "مصدر الإحداثيات",
    claims: "الادعاءات",
    contested: "ادعاءات متعارضة",
    contested_note: "هذه الادعاءات يناقض بعضها بعضا.",
    beyond_basemap: "خارج نطاق الخريطة الأساسية (السواحل والحدود غير مرسومة)",
    claimant: "صاحب الادعاء",
    via: "عبر",
    in_article: "في",
    said: "قيل",
    event: "الحدث",
    published: "النشر",
    hedge: "صيغة التحفظ",
    show_in_source: "اعرض في المصدر",
    previous_claim: "الادعاء السابق",
    next_claim: "الادعاء التالي",
    outlet: "الوسيلة",
    outlet_unknown: "غير مذكورة في النص",
    selected: "تم اختيار",
    reading: "قراءة",
    legend: "مفتاح الخريطة",
    attribution: "الخريطة الأساسية: Natural Earth (ملكية عامة). المواقع والادعاءات: خريطة، وكل منها مربوط بمصدره.",
    scale_km: "كم",
    untitled: "(بلا عنوان)",
};

pub fn strings(lang: Lang) -> &'static Strings {
    match lang {
        Lang::Ar => &AR,
        Lang::En => &EN,
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
