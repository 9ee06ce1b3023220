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

/// The largest factor a special day may have: ten times an ordinary day's
/// volume. A bare `50` or `100` is a percent written without its sign far
/// more often than a day fifty times as busy, so it is refused, not read.
pub const MAX_FACTOR: f64 = 10.0;

/// A special day's value as written: a factor from 0 to [`MAX_FACTOR`]
/// (`1.3`, `1,3`, `130%`) or a weekday, bare or after `like`/`as`/`como`
/// (English or Portuguese names, any case, accents optional). Otherwise
/// what is wrong with it, to follow the cell's name.
pub fn parse_value(text: &str) -> Result<SpecialDay, String> {
    let text = text.trim();
    let lower = text.to_lowercase();
    let name = ["like ", "as ", "como ", "igual a ", "igual "]
        .iter()
        .find_map(|p| lower.strip_prefix(p))
        .unwrap_or(&lower)
        .trim();
    if let Some(weekday) = weekday_named(name) {
        return Ok(SpecialDay::Like(weekday));
    }
    let (number, percent) = match text.strip_suffix('%') {
        Some(n) => (n.trim(), true),
        None => (text, false),
    };
    let Ok(value) = number.replace(',', ".").parse::<f64>() else {
        return Err(
            "is neither a factor (1.3, 130%) nor a weekday (like Sunday, como domingo)".into(),
        );
    };
    let factor = if percent { value / 100.0 } else { value };
    if factor.is_finite() && (0.0..=MAX_FACTOR).contains(&factor) {
        return Ok(SpecialDay::Factor(factor));
    }
    let most = format!(
        "a factor is from 0 to {MAX_FACTOR} ({}%)",
        MAX_FACTOR * 100.0
    );
    Err(if !percent && factor > MAX_FACTOR && factor <= 1000.0 {
        format!("is {text} times an ordinary day: {most}; write {text}% for a percent")
    } else {
        format!("is out of range: {most}")
    })
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
        assert_eq!(parse_value("1.3"), Ok(SpecialDay::Factor(1.3)));
        assert_eq!(parse_value("1,3"), Ok(SpecialDay::Factor(1.3)));
        assert_eq!(parse_value("130%"), Ok(SpecialDay::Factor(1.3)));
        assert_eq!(parse_value("0"), Ok(SpecialDay::Factor(0.0)));
        assert_eq!(parse_value("10"), Ok(SpecialDay::Factor(10.0)));
        assert_eq!(parse_value("1000%"), Ok(SpecialDay::Factor(10.0)));
        assert_eq!(
            parse_value("like Sunday"),
            Ok(SpecialDay::Like(Weekday::Sun))
        );
        assert_eq!(
            parse_value("como domingo"),
            Ok(SpecialDay::Like(Weekday::Sun))
        );
        assert_eq!(parse_value("Sábado"), Ok(SpecialDay::Like(Weekday::Sat)));
        assert_eq!(
            parse_value("segunda-feira"),
            Ok(SpecialDay::Like(Weekday::Mon))
        );
        for bad in ["", "soon", "like someday"] {
            let e = parse_value(bad).unwrap_err();
            assert!(e.starts_with("is neither a factor"), "{bad}: {e}");
        }
        for bad in ["-1", "1e999", "1e10", "1001%", "NaN"] {
            let e = parse_value(bad).unwrap_err();
            assert!(
                e.starts_with("is out of range: a factor is from 0 to 10"),
                "{bad}: {e}"
            );
        }
        // A percent without its sign: refused, with the fix.
        for bad in ["50", "100", "150"] {
            let e = parse_value(bad).unwrap_err();
            assert!(
                e.contains(&format!("write {bad}% for a percent")),
                "{bad}: {e}"
            );
        }
    }
}
