//! A due date as the sources give it: a day (`"2023-03-31"`) or only a month (`"2023-03"`,
//! "by the end of March"). A month is due on its last day: an item is overdue only once the
//! whole month has passed.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// When an action item is due: a day, or a month when no day is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DueDate {
    /// Due on this day.
    Day(NaiveDate),
    /// Due within this month (the date is its first day).
    Month(NaiveDate),
}

impl DueDate {
    /// The last day the item may be done and still be on time: the day itself, or the last
    /// day of the month.
    pub fn last_day(self) -> NaiveDate {
        match self {
            DueDate::Day(d) => d,
            DueDate::Month(first) => first
                .checked_add_months(chrono::Months::new(1))
                .and_then(|next| next.pred_opt())
                .unwrap_or(first),
        }
    }

    /// Reads `YYYY-MM-DD` or `YYYY-MM`; `None` for anything else.
    pub fn parse(s: &str) -> Option<DueDate> {
        let s = s.trim();
        if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return Some(DueDate::Day(d));
        }
        let (y, m) = s.split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        let first = NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)?;
        Some(DueDate::Month(first))
    }

    /// `month` for a month, `day` for a day: how precise the due date is.
    pub fn precision(self) -> &'static str {
        match self {
            DueDate::Day(_) => "day",
            DueDate::Month(_) => "month",
        }
    }
}

impl From<NaiveDate> for DueDate {
    fn from(d: NaiveDate) -> Self {
        DueDate::Day(d)
    }
}

/// `2023-03-31` for a day, `2023-03` for a month: the record's own spelling.
impl fmt::Display for DueDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DueDate::Day(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            DueDate::Month(d) => write!(f, "{:04}-{:02}", d.year(), d.month()),
        }
    }
}

impl Serialize for DueDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for DueDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        DueDate::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "invalid due date `{s}`: expected a day YYYY-MM-DD or a month YYYY-MM"
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_is_due_on_its_last_day() {
        let m = DueDate::parse("2024-02").unwrap();
        assert_eq!(m.to_string(), "2024-02");
        assert_eq!(m.last_day().to_string(), "2024-02-29");
        assert_eq!(m.precision(), "month");
        let d = DueDate::parse("2024-02-10").unwrap();
        assert_eq!(
            (d.to_string(), d.last_day().to_string()),
            ("2024-02-10".into(), "2024-02-10".into())
        );
        assert_eq!(
            DueDate::parse("2024-12").unwrap().last_day().to_string(),
            "2024-12-31"
        );
        assert_eq!(DueDate::parse("2024-13"), None);
        assert_eq!(DueDate::parse("24-01"), None);
        assert_eq!(DueDate::parse("March"), None);
    }

    #[test]
    fn reads_and_writes_the_record_spelling() {
        let m: DueDate = ron::from_str("\"2023-03\"").unwrap();
        assert_eq!(ron::to_string(&m).unwrap(), "\"2023-03\"");
        assert!(ron::from_str::<DueDate>("\"2023-3-1x\"").is_err());
    }
}
