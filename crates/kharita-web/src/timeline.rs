//! Dates on a line: months as numbers, the timeline's scale, and the brushed range of months.
//!
//! Texts date things to the year, the month or the day; the timeline works in whole months, so a
//! claim dated only `2024` covers January to December 2024.

use kharita_core::date::{DateSpan, PartialDate};
use kharita_core::model::ClaimId;

/// Months since January of year 0: `2024-05` is `2024 * 12 + 4`.
pub type Month = i32;

/// The first month a date can mean, or with `end` the last.
pub fn month_of(date: PartialDate, end: bool) -> Month {
    let month = date.month.map_or(if end { 12 } else { 1 }, i32::from);
    i32::from(date.year) * 12 + month - 1
}

/// The months a span covers; the end is `None` when the span is open (`2023-09/..`).
pub fn span_months(span: DateSpan) -> (Month, Option<Month>) {
    (
        month_of(span.earliest, false),
        span.latest.map(|date| month_of(date, true)),
    )
}

/// `2024-05`, as the URL and the timeline's handles write a month.
pub fn month_text(month: Month) -> String {
    format!(
        "{:04}-{:02}",
        month.div_euclid(12),
        month.rem_euclid(12) + 1
    )
}

/// Reads `YYYY-MM`; anything else is `None`.
pub fn parse_month(text: &str) -> Option<Month> {
    let date: PartialDate = text.parse().ok()?;
    (date.month.is_some() && date.day.is_none()).then(|| month_of(date, false))
}

/// An inclusive range of months, `from` never after `to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MonthRange {
    pub from: Month,
    pub to: Month,
}

impl MonthRange {
    /// The range between two months, in whichever order they come (a brush dragged leftwards).
    pub fn between(a: Month, b: Month) -> Self {
        Self {
            from: a.min(b),
            to: a.max(b),
        }
    }

    /// Whether a span of months (open-ended when its end is `None`) shares a month with this range.
    pub fn overlaps(self, (start, end): (Month, Option<Month>)) -> bool {
        start <= self.to && end.is_none_or(|end| end >= self.from)
    }
}

/// Which end of the brush a key moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Handle {
    From,
    To,
}

/// Places months along a line `width` units long, a band of equal width per month.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimeScale {
    pub first: Month,
    pub last: Month,
    pub width: f64,
}

impl TimeScale {
    /// Whole calendar years covering every given month; `None` when there are none.
    pub fn covering(months: impl IntoIterator<Item = Month>, width: f64) -> Option<Self> {
        let (low, high) =
            months
                .into_iter()
                .fold(None, |bounds: Option<(Month, Month)>, month| {
                    Some(bounds.map_or((month, month), |(low, high)| {
                        (low.min(month), high.max(month))
                    }))
                })?;
        Some(Self {
            first: low.div_euclid(12) * 12,
            last: high.div_euclid(12) * 12 + 11,
            width,
        })
    }

    fn month_width(&self) -> f64 {
        self.width / f64::from(self.last - self.first + 1)
    }

    /// Where a month's band starts.
    pub fn x_of(&self, month: Month) -> f64 {
        f64::from(month.clamp(self.first, self.last + 1) - self.first) * self.month_width()
    }

    /// Where a month's band ends.
    pub fn x_after(&self, month: Month) -> f64 {
        self.x_of(month + 1)
    }

    /// The month whose band holds `x`, clamped to the scale.
    pub fn month_at(&self, x: f64) -> Month {
        let index = (x / self.month_width()).floor();
        // Kept in range for the cast; a month count always fits an i32. Not `f64::clamp`, whose
        // check that its bounds are in order prints them when it fails: that alone brought
        // Rust's float printing, 10 KB, into the wasm.
        #[allow(clippy::cast_possible_truncation)]
        let index = index.max(0.0).min(f64::from(self.last - self.first)) as Month;
        self.first + index
    }

    /// Each year's first month and where it starts, for the axis ticks.
    pub fn years(&self) -> impl Iterator<Item = (i32, f64)> + '_ {
        (self.first..=self.last)
            .step_by(12)
            .map(|month| (month.div_euclid(12), self.x_of(month)))
    }

    /// The range after a key press on one handle (arrows: a month; Page Up/Down: a year;
    /// Home/End: the scale's ends), or `None` for other keys. A handle never passes the other.
    pub fn nudge(&self, range: MonthRange, handle: Handle, key: &str) -> Option<MonthRange> {
        let current = match handle {
            Handle::From => range.from,
            Handle::To => range.to,
        };
        let moved = match key {
            "ArrowRight" | "ArrowUp" => current + 1,
            "ArrowLeft" | "ArrowDown" => current - 1,
            "PageUp" => current + 12,
            "PageDown" => current - 12,
            "Home" => self.first,
            "End" => self.last,
            _ => return None,
        };
        Some(match handle {
            Handle::From => MonthRange {
                from: moved.clamp(self.first, range.to),
                to: range.to,
            },
            Handle::To => MonthRange {
                from: range.from,
                to: moved.clamp(range.from, self.last),
            },
        })
    }
}

/// A claim's date on one row of the timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dated {
    /// 0 for when claims were said, 1 for when their events happened.
    pub row: usize,
    pub start: Month,
    /// `None` when the date is open-ended.
    pub end: Option<Month>,
    /// Stated in the text, not inferred.
    pub stated: bool,
}

/// A mark on the timeline: a date, and how far up the stack of marks starting in the same
/// month on its row it is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    pub dated: Dated,
    pub level: usize,
}

/// A mark and the ids of the claims it stands for.
pub type StackedMark = (Mark, Vec<ClaimId>);

/// How many marks starting in the same month stack up before the rest are drawn on the top one.
pub const STACK_DEPTH: usize = 4;

/// The marks to draw for claims' dates, each with the ids of the claims it stands for, row by
/// row in date order. Claims starting in the same month stack upwards rather than hide one
/// another, [`STACK_DEPTH`] deep; marks that would be drawn alike on top of one another are
/// drawn once, for all their claims, so a timeline of many thousand claims stays a few hundred
/// elements.
pub fn stack_marks(dates: Vec<(ClaimId, Dated)>) -> Vec<StackedMark> {
    let Some(first) = dates.iter().map(|(_, dated)| dated.start).min() else {
        return Vec::new();
    };
    let last = dates
        .iter()
        .map(|(_, dated)| dated.start)
        .max()
        .unwrap_or(first);
    let months = usize::try_from(last - first).unwrap_or(0) + 1;
    // A stack per row and start month: how many claims it holds, and its marks.
    let mut stacks: Vec<(usize, Vec<StackedMark>)> = Vec::new();
    stacks.resize_with(2 * months, Default::default);
    for (id, dated) in dates {
        let month = usize::try_from(dated.start - first).unwrap_or(0);
        let (height, marks) = &mut stacks[dated.row.min(1) * months + month];
        let mark = Mark {
            dated,
            level: (*height).min(STACK_DEPTH - 1),
        };
        *height += 1;
        match marks.iter_mut().find(|(drawn, _)| *drawn == mark) {
            Some((_, ids)) => ids.push(id),
            None => marks.push((mark, vec![id])),
        }
    }
    stacks.into_iter().flat_map(|(_, marks)| marks).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(text: &str) -> Month {
        parse_month(text).unwrap()
    }

    #[test]
    fn months_round_trip_through_text() {
        for text in ["2020-01", "2024-05", "2025-12"] {
            assert_eq!(month_text(month(text)), text);
        }
        for not_a_month in ["2024", "2024-13", "2024-05-01", "May 2024", ""] {
            assert_eq!(parse_month(not_a_month), None, "{not_a_month}");
        }
    }

    #[test]
    fn a_year_alone_covers_all_its_months() {
        let span: DateSpan = "2024".parse().unwrap();
        assert_eq!(
            span_months(span),
            (month("2024-01"), Some(month("2024-12")))
        );
        let open: DateSpan = "2023-09-26/..".parse().unwrap();
        assert_eq!(span_months(open), (month("2023-09"), None));
    }

    #[test]
    fn ranges_overlap_spans_that_share_a_month() {
        let range = MonthRange::between(month("2021-06"), month("2020-05"));
        assert_eq!(range.from, month("2020-05"), "the ends are put in order");
        let year_2020 = span_months("2020".parse().unwrap());
        let year_2022 = span_months("2022".parse().unwrap());
        let open_since_2019 = span_months("2019-01/..".parse().unwrap());
        assert!(range.overlaps(year_2020));
        assert!(!range.overlaps(year_2022));
        assert!(range.overlaps(open_since_2019));
    }

    #[test]
    fn scale_maps_months_to_bands_and_back() {
        let scale = TimeScale::covering([month("2020-05"), month("2025-02")], 720.0).unwrap();
        assert_eq!(
            (scale.first, scale.last),
            (month("2020-01"), month("2025-12"))
        );
        assert!((scale.x_of(scale.first) - 0.0).abs() < 1e-9);
        assert!((scale.x_after(scale.last) - 720.0).abs() < 1e-9);
        for m in scale.first..=scale.last {
            let middle = f64::midpoint(scale.x_of(m), scale.x_after(m));
            assert_eq!(scale.month_at(middle), m);
        }
        assert_eq!(scale.month_at(-50.0), scale.first, "clamped at the start");
        assert_eq!(scale.month_at(9999.0), scale.last, "clamped at the end");
        let years: Vec<i32> = scale.years().map(|(year, _)| year).collect();
        assert_eq!(years, (2020..=2025).collect::<Vec<_>>());
    }

    #[test]
    fn keys_move_one_handle_without_crossing_the_other() {
        let scale = TimeScale::covering([month("2020-01"), month("2025-12")], 100.0).unwrap();
        let range = MonthRange::between(month("2021-01"), month("2021-03"));
        let nudge = |handle, key| scale.nudge(range, handle, key).unwrap();
        assert_eq!(nudge(Handle::From, "ArrowRight").from, month("2021-02"));
        assert_eq!(nudge(Handle::To, "PageUp").to, month("2022-03"));
        assert_eq!(
            nudge(Handle::From, "PageUp").from,
            month("2021-03"),
            "stops at the other handle"
        );
        assert_eq!(nudge(Handle::From, "Home").from, scale.first);
        assert_eq!(nudge(Handle::To, "End").to, scale.last);
        assert_eq!(scale.nudge(range, Handle::To, "a"), None);
    }

    #[test]
    fn marks_stack_four_deep_and_claims_drawn_alike_share_one() {
        let said = |start: &str, end: &str| Dated {
            row: 0,
            start: month(start),
            end: Some(month(end)),
            stated: true,
        };
        let may = said("2024-05", "2024-05");
        let mut dates: Vec<(ClaimId, Dated)> = vec![
            ("event-in-may".into(), Dated { row: 1, ..may }),
            ("may-to-june".into(), said("2024-05", "2024-06")),
            ("april".into(), said("2024-04", "2024-04")),
        ];
        dates.extend((0..6).map(|n| (format!("may-{n}").into(), may)));
        let drawn: Vec<(String, usize, usize)> = stack_marks(dates)
            .into_iter()
            .map(|(mark, ids)| (ids[0].to_string(), mark.level, ids.len()))
            .collect();
        let levels = |marks: &[(String, usize, usize)]| -> Vec<(usize, usize)> {
            marks
                .iter()
                .map(|&(_, level, count)| (level, count))
                .collect()
        };
        // Row by row in date order: April alone; May's claims stack in the order they come,
        // May to June at the bottom and the last four one-month claims sharing the top mark;
        // the event has its own row.
        assert_eq!(drawn.len(), 6, "{drawn:?}");
        assert_eq!(drawn[0], ("april".to_owned(), 0, 1));
        assert_eq!(drawn[1], ("may-to-june".to_owned(), 0, 1));
        assert_eq!(levels(&drawn[2..5]), [(1, 1), (2, 1), (3, 4)]);
        assert_eq!(drawn[5], ("event-in-may".to_owned(), 0, 1));
        let thousands = (0..10_000)
            .map(|n| (format!("c{n}").into(), said("2023-01", "2023-01")))
            .collect();
        assert_eq!(stack_marks(thousands).len(), STACK_DEPTH);
    }
}
