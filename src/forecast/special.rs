//! Special days (holidays, campaigns): a date's volume multiplied by a
//! factor (`1.3`, `130%`), or the day handled like another weekday
//! (`like Sunday`, `como domingo`, `sábado`). The forecast applies them, and
//! the fit leaves them out of the weekly pattern (a factor day's volume is
//! divided by its factor; a "like" day is not used for its own weekday).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Weekday};

/// What a special day is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SpecialDay {
    /// Volume × this factor.
    Factor(f64),
    /// Volume, intraday profile and handle times of this weekday.
    Like(Weekday),
}

/// Special days by date.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SpecialDays {
    days: BTreeMap<NaiveDate, SpecialDay>,
}

impl SpecialDays {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a day; `false` if the date was already there.
    pub fn insert(&mut self, date: NaiveDate, day: SpecialDay) -> bool {
        self.days.insert(date, day).is_none()
    }

    pub fn get(&self, date: NaiveDate) -> Option<SpecialDay> {
        self.days.get(&date).copied()
    }

    pub fn len(&self) -> usize {
        self.days.len()
    }

    pub fn is_empty(&self) -> bool {
        self.days.is_empty()
    }

    /// The weekday a date is forecast as: its own, or the one it is like.
    pub fn weekday_of(&self, date: NaiveDate) -> Weekday {
        match self.get(date) {
            Some(SpecialDay::Like(weekday)) => weekday,
            _ => date.weekday(),
        }
    }

    /// The factor a date's volume is multiplied by (1 unless a factor day).
    pub fn factor_of(&self, date: NaiveDate) -> f64 {
        match self.get(date) {
            Some(SpecialDay::Factor(f)) => f,
            _ => 1.0,
        }
    }
}

/// A special day's value as written: a factor (`1.3`, `1,3`, `130%`) or a
/// weekday, bare or after `like`/`as`/`como` (English or Portuguese names,
/// any case, accents optional). `None` for anything else.
pub fn parse_value(text: &str) -> Option<SpecialDay> {
    let text = text.trim();
    let lower = text.to_lowercase();
    let name = ["like ", "as ", "como ", "igual a ", "igual "]
        .iter()
        .find_map(|p| lower.strip_prefix(p))
        .unwrap_or(&lower)
        .trim();
    if let Some(weekday) = weekday_named(name) {
        return Some(SpecialDay::Like(weekday));
    }
    let (number, scale) = match text.strip_suffix('%') {
        Some(n) => (n.trim(), 0.01),
        None => (text, 1.0),
    };
    let factor = number.replace(',', ".").parse::<f64>().ok()? * scale;
    (factor.is_finite() && (0.0..=100.0).contains(&factor)).then_some(SpecialDay::Factor(factor))
}

/// A weekday's name in English or Portuguese (`sunday`, `sun`, `domingo`,
/// `sábado`, `segunda-feira`, `terca`…).
pub fn weekday_named(name: &str) -> Option<Weekday> {
    let folded: String = name
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ã' => 'a',
            'ç' => 'c',
            'é' | 'ê' => 'e',
            other => other,
        })
        .collect();
    let stem = folded
        .trim()
        .trim_end_matches("-feira")
        .trim_end_matches(" feira");
    let weekday = match stem {
        "monday" | "mon" | "segunda" | "seg" => Weekday::Mon,
        "tuesday" | "tue" | "terca" | "ter" => Weekday::Tue,
        "wednesday" | "wed" | "quarta" | "qua" => Weekday::Wed,
        "thursday" | "thu" | "quinta" | "qui" => Weekday::Thu,
        "friday" | "fri" | "sexta" | "sex" => Weekday::Fri,
        "saturday" | "sat" | "sabado" | "sab" => Weekday::Sat,
        "sunday" | "sun" | "domingo" | "dom" => Weekday::Sun,
        _ => return None,
    };
    Some(weekday)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_as_factors_or_weekdays() {
        assert_eq!(parse_value("1.3"), Some(SpecialDay::Factor(1.3)));
        assert_eq!(parse_value("1,3"), Some(SpecialDay::Factor(1.3)));
        assert_eq!(parse_value("130%"), Some(SpecialDay::Factor(1.3)));
        assert_eq!(parse_value("0"), Some(SpecialDay::Factor(0.0)));
        assert_eq!(
            parse_value("like Sunday"),
            Some(SpecialDay::Like(Weekday::Sun))
        );
        assert_eq!(
            parse_value("como domingo"),
            Some(SpecialDay::Like(Weekday::Sun))
        );
        assert_eq!(parse_value("Sábado"), Some(SpecialDay::Like(Weekday::Sat)));
        assert_eq!(
            parse_value("segunda-feira"),
            Some(SpecialDay::Like(Weekday::Mon))
        );
        for bad in ["", "soon", "-1", "1e999", "like someday"] {
            assert_eq!(parse_value(bad), None, "{bad}");
        }
    }
}
