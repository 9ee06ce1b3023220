//! CSV: the document's tables as rows for a spreadsheet.

use std::borrow::Cow;

/// A text cell (a name, a label, a file name) made safe to open in a
/// spreadsheet: one that begins with `=`, `+`, `-`, `@`, a tab or a carriage
/// return would be taken for a formula, so it gets a leading `'` (OWASP's
/// advice against CSV injection). A plain number such as `-5` stays as it
/// is: it cannot run anything. Numeric cells never come here. Every text
/// cell of every CSV callsim writes goes through this one function.
pub fn text_cell(text: &str) -> Cow<'_, str> {
    let risky = text
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r'));
    if risky && !is_plain_number(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// `-5`, `+0.25`, `-1.5e3`: digits with an optional sign, point and exponent.
fn is_plain_number(text: &str) -> bool {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.strip_prefix(['+', '-']).unwrap_or(e))),
        None => (unsigned, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => {
            (digits(whole) || whole.is_empty())
                && (digits(fraction) || fraction.is_empty())
                && !(whole.is_empty() && fraction.is_empty())
        }
        None => digits(mantissa),
    };
    mantissa_ok && exponent.is_none_or(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_text_is_quoted_and_numbers_are_not() {
        assert_eq!(text_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(text_cell("-1+2"), "'-1+2");
        assert_eq!(text_cell("+cmd"), "'+cmd");
        assert_eq!(text_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(text_cell("\tx"), "'\tx");
        assert_eq!(text_cell("\rx"), "'\rx");
        assert_eq!(text_cell("-"), "'-");
        assert_eq!(text_cell("-inf"), "'-inf");
        for number in ["-5", "+0.25", "-1.5e3", "-.5", "-2.", "1E-7"] {
            assert_eq!(text_cell(number), number);
        }
        assert_eq!(text_cell("support"), "support");
        assert_eq!(text_cell("a=b"), "a=b");
        assert_eq!(text_cell(""), "");
    }
}
