//! Sentences as templates: `{name}` placeholders filled in one pass, so that
//! each language orders its words as it needs. At the bottom of the layers,
//! so that the words of every module (the reports' in [`crate::lang`], the
//! Erlang explanations' in [`crate::erlang`]) are filled the same way.

use std::fmt::Display;

/// `template` with each `{name}` replaced by its value in `values`, in one
/// pass: a value holding braces stays as it is. Sentences are templates so
/// that each language orders its words as it needs.
pub fn fill(template: &str, values: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            let value = values.iter().find(|(n, _)| *n == name)?;
            Some((value.1, close))
        });
        match value {
            Some((value, close)) => {
                out.push_str(&value.to_string());
                rest = &after[close + 1..];
            }
            None => {
                debug_assert!(false, "no value for a placeholder in {template:?}");
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}
