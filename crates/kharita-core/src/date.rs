//! Dates as the texts give them: often only a year or a month, sometimes a range, sometimes open.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date known to the year, the month or the day (`2024`, `2024-05`, `2024-05-27`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: u16,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

/// An ISO 8601 interval of partial dates: `2024-05`, `2024-03/2024-05`, or open-ended `2023-09-26/..`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateSpan {
    pub earliest: PartialDate,
    /// `None` for an open end.
    pub latest: Option<PartialDate>,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{input}` is not a date: {reason} (write YYYY, YYYY-MM, YYYY-MM-DD, or a range FROM/TO or FROM/..)"
)]
pub struct DateError {
    pub input: String,
    pub reason: &'static str,
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl FromStr for PartialDate {
    type Err = DateError;

    fn from_str(input: &str) -> Result<Self, DateError> {
        let error = |reason| DateError {
            input: input.to_owned(),
            reason,
        };
        let mut parts = input.split('-');
        let mut number = |digits: usize, what| -> Result<Option<u16>, DateError> {
            match parts.next() {
                None => Ok(None),
                Some(p) if p.len() == digits && p.bytes().all(|b| b.is_ascii_digit()) => {
                    Ok(Some(p.parse().map_err(|_| error(what))?))
                }
                Some(_) => Err(error(what)),
            }
        };
        let year =
            number(4, "the year must have four digits")?.ok_or_else(|| error("it is empty"))?;
        let month = number(2, "the month must have two digits")?;
        let day = number(2, "the day must have two digits")?;
        if parts.next().is_some() {
            return Err(error("it has more than three parts"));
        }
        let month = month.map(|m| u8::try_from(m).unwrap_or(u8::MAX));
        let day = day.map(|d| u8::try_from(d).unwrap_or(u8::MAX));
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return Err(error("the month is not between 01 and 12"));
        }
        if let (Some(m), Some(d)) = (month, day)
            && !(1..=days_in_month(year, m)).contains(&d)
        {
            return Err(error("that day does not exist in that month"));
        }
        Ok(Self { year, month, day })
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

impl FromStr for DateSpan {
    type Err = DateError;

    fn from_str(input: &str) -> Result<Self, DateError> {
        let Some((from, to)) = input.split_once('/') else {
            let date = input.parse()?;
            return Ok(Self {
                earliest: date,
                latest: Some(date),
            });
        };
        let earliest: PartialDate = from.parse()?;
        let latest = if to == ".." { None } else { Some(to.parse()?) };
        if latest.is_some_and(|latest| latest < earliest) {
            return Err(DateError {
                input: input.to_owned(),
                reason: "the range ends before it starts",
            });
        }
        Ok(Self { earliest, latest })
    }
}

impl fmt::Display for DateSpan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.latest {
            Some(latest) if latest == self.earliest => write!(f, "{latest}"),
            Some(latest) => write!(f, "{}/{latest}", self.earliest),
            None => write!(f, "{}/..", self.earliest),
        }
    }
}

/// Serde for types written as their text: `Display` out, `FromStr` in.
macro_rules! serde_as_text {
    ($($date:ty),*) => {$(
        impl Serialize for $date {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $date {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer)?
                    .parse()
                    .map_err(serde::de::Error::custom)
            }
        }
    )*};
}

serde_as_text!(DateSpan, Day);

/// A calendar day (`2026-11-22`): when a record was made, not when something happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(PartialDate);

impl Day {
    /// The start of the day in UTC, as an `xsd:dateTime` (`2026-11-22T00:00:00Z`): what the W3C
    /// Web Annotation model's `created` and `modified` take.
    pub fn date_time(self) -> String {
        format!("{self}T00:00:00Z")
    }

    /// The day `days` after 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's
    /// `civil_from_days`).
    pub fn from_days_since_epoch(days: i64) -> Self {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z.rem_euclid(146_097);
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let shifted_month = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
        let month = if shifted_month < 10 {
            shifted_month + 3
        } else {
            shifted_month - 9
        };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        Self(PartialDate {
            year: u16::try_from(year).unwrap_or(0),
            month: u8::try_from(month).ok(),
            day: u8::try_from(day).ok(),
        })
    }

    /// Today in UTC, by the system clock.
    pub fn today() -> Self {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_secs());
        Self::from_days_since_epoch(i64::try_from(seconds / 86_400).unwrap_or(0))
    }
}

/// 1970-01-01, the Unix epoch: what a reader that goes on after a problem puts in place of a day
/// it could not read.
impl Default for Day {
    fn default() -> Self {
        Self(PartialDate {
            year: 1970,
            month: Some(1),
            day: Some(1),
        })
    }
}

impl FromStr for Day {
    type Err = DateError;

    fn from_str(input: &str) -> Result<Self, DateError> {
        let date: PartialDate = input.parse()?;
        if date.day.is_none() {
            return Err(DateError {
                input: input.to_owned(),
                reason: "a day is needed (YYYY-MM-DD)",
            });
        }
        Ok(Self(date))
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_since_the_epoch_become_dates() {
        for (days, day) in [
            (0, "1970-01-01"),
            (11_016, "2000-02-29"),
            (20_793, "2026-12-06"),
            (-1, "1969-12-31"),
        ] {
            assert_eq!(Day::from_days_since_epoch(days).to_string(), day);
        }
    }

    #[test]
    fn spans_round_trip_through_text() {
        for text in [
            "2024",
            "2024-05",
            "2020-05-27",
            "2024-03/2024-05",
            "2023-09-26/..",
        ] {
            assert_eq!(text.parse::<DateSpan>().unwrap().to_string(), text);
        }
    }

    #[test]
    fn partial_dates_order_by_year_then_month_then_day() {
        let parse = |s: &str| s.parse::<PartialDate>().unwrap();
        assert!(parse("2023") < parse("2023-01"));
        assert!(parse("2023-09-26") < parse("2023-10"));
    }

    #[test]
    fn impossible_dates_are_rejected_with_a_reason() {
        for (text, reason) in [
            ("2024-13", "the month is not between 01 and 12"),
            ("2023-02-29", "that day does not exist in that month"),
            ("24-05", "the year must have four digits"),
            ("2024-05/2024-03", "the range ends before it starts"),
        ] {
            assert_eq!(
                text.parse::<DateSpan>().unwrap_err().reason,
                reason,
                "{text}"
            );
        }
        assert!("2024-02-29".parse::<DateSpan>().is_ok());
    }

    #[test]
    fn a_day_is_a_date_to_the_day_and_starts_at_midnight_utc() {
        let day: Day = "2026-11-22".parse().unwrap();
        assert_eq!(day.date_time(), "2026-11-22T00:00:00Z");
        for text in ["2026-11", "2026", "2026-11-31"] {
            assert!(text.parse::<Day>().is_err(), "{text}");
        }
    }

    mod properties {
        use proptest::prelude::*;

        use super::*;

        /// The `time` crate's calendar, the reference this one is checked against.
        fn reference(year: u16, month: u8, day: u8) -> Option<time::Date> {
            let month = time::Month::try_from(month).ok()?;
            time::Date::from_calendar_date(i32::from(year), month, day).ok()
        }

        fn partial_date() -> impl Strategy<Value = PartialDate> {
            (0_u16..=9999, 1_u8..=12, 1_u8..=31, 0_u8..3)
                .prop_filter("a real day", |&(y, m, d, _)| reference(y, m, d).is_some())
                .prop_map(|(year, month, day, known)| PartialDate {
                    year,
                    month: (known > 0).then_some(month),
                    day: (known > 1).then_some(day),
                })
        }

        proptest! {
            #[test]
            fn a_day_exists_exactly_when_the_reference_calendar_has_it(
                year in 0_u16..=9999, month in 0_u8..=13, day in 0_u8..=32,
            ) {
                let text = format!("{year:04}-{month:02}-{day:02}");
                prop_assert_eq!(
                    text.parse::<Day>().is_ok(),
                    reference(year, month, day).is_some(),
                    "{}", text
                );
            }

            #[test]
            fn days_since_the_epoch_agree_with_the_reference_calendar(days in -719_162_i64..2_932_896) {
                let epoch = time::Date::from_calendar_date(1970, time::Month::January, 1).unwrap();
                let expected = epoch + time::Duration::days(days);
                prop_assert_eq!(
                    Day::from_days_since_epoch(days).to_string(),
                    format!(
                        "{:04}-{:02}-{:02}",
                        expected.year(),
                        u8::from(expected.month()),
                        expected.day()
                    )
                );
            }

            #[test]
            fn every_date_and_span_reads_back_from_its_text(
                earliest in partial_date(), latest in proptest::option::of(partial_date()),
            ) {
                prop_assert_eq!(earliest.to_string().parse::<PartialDate>(), Ok(earliest));
                let span = DateSpan { earliest, latest };
                let read = span.to_string().parse::<DateSpan>();
                if latest.is_some_and(|latest| latest < earliest) {
                    prop_assert!(read.is_err());
                } else {
                    prop_assert_eq!(read, Ok(span));
                }
            }

            #[test]
            fn any_text_is_a_date_or_a_reason_never_a_panic(text in "\\PC{0,24}|[0-9/.-]{0,24}") {
                if let Err(error) = text.parse::<DateSpan>() {
                    prop_assert!(!error.reason.is_empty());
                }
                let _ = text.parse::<Day>();
            }
        }
    }
}
