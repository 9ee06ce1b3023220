//! Names: those the tables give themselves (call types, agent groups,
//! entries, IVR menus, shifts), each checked once here, and the indices that
//! other tables resolve their references with.

use std::collections::HashMap;

use super::check::{Check, Errors, FieldPath, TableCheck};

/// The longest name of a call type, group, entry, IVR node or shift: the
/// same as a table's rows may give (`callsim fit` writes those names).
pub use crate::tabular::MAX_NAME_CHARS;

/// Characters a name may not hold: control characters (newline, NUL, the
/// escape that starts terminal colour codes) and the invisible format
/// characters that reorder or hide text (bidirectional overrides, zero-width
/// spaces), which would make two different names print alike.
fn hidden_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}')
}

/// `text` with every hidden character written as an escape (`\n`, `\u{1b}`),
/// safe to print in a message.
pub fn printable(text: &str) -> String {
    if !text.chars().any(hidden_char) {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if hidden_char(c) {
                c.escape_debug().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A name used to refer to something (a skill, a queue, a group): trimmed,
/// without hidden characters and not longer than a name may be.
pub(super) fn reference<'a>(path: &FieldPath, text: &'a str) -> Check<&'a str> {
    let trimmed = text.trim();
    if trimmed.chars().any(hidden_char) {
        return Err(path.error(format!(
            "must not contain control or invisible characters (a newline, tab, NUL, escape or bidirectional mark), got \"{}\"",
            printable(trimmed)
        )));
    }
    let chars = trimmed.chars().count();
    if chars > MAX_NAME_CHARS {
        return Err(path.error(format!(
            "is {chars} characters long: a name has at most {MAX_NAME_CHARS}"
        )));
    }
    Ok(trimmed)
}

/// A name given to something: as [`reference`], and not empty.
fn checked_name<'a>(path: &FieldPath, text: &'a str) -> Check<&'a str> {
    let name = reference(path, text)?;
    if name.is_empty() {
        return Err(path.error("must not be empty"));
    }
    Ok(name)
}

/// The names of one list of tables, in file order, each with its position.
#[derive(Debug, Default)]
pub(super) struct NameIndex<'a> {
    positions: HashMap<&'a str, usize>,
    in_file_order: Vec<&'a str>,
}

impl<'a> NameIndex<'a> {
    /// Checks the names of the tables of `list` (e.g. `call_type`): each
    /// good, none given twice.
    pub(super) fn of(list: &FieldPath, names: impl Iterator<Item = &'a str>) -> TableCheck<Self> {
        let mut errors = Errors::default();
        let mut index = Self::default();
        for (i, text) in names.enumerate() {
            let path = list.at(i).key("name");
            let Some(name) = errors.check(checked_name(&path, text)) else {
                continue;
            };
            if let Some(first) = index.positions.insert(name, i) {
                errors.push(path.error(format!(
                    "\"{name}\" is already the name of {}",
                    list.at(first)
                )));
                index.positions.insert(name, first);
                continue;
            }
            index.in_file_order.push(name);
        }
        errors.finish(index)
    }

    /// The position of the table named `name`.
    pub(super) fn get(&self, name: &str) -> Option<usize> {
        self.positions.get(name).copied()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.in_file_order.is_empty()
    }

    /// "a, b, c" in file order, for messages.
    pub(super) fn in_file_order(&self) -> String {
        self.in_file_order.join(", ")
    }

    /// "a, b, c" in alphabetical order, for messages.
    pub(super) fn sorted(&self) -> String {
        let mut names = self.in_file_order.clone();
        names.sort_unstable();
        names.join(", ")
    }
}

/// The indices of the lists that other tables refer to by name. A list with
/// a bad or repeated name has no index: references to it are not checked,
/// as they would fail for the same mistake.
#[derive(Debug)]
pub(super) struct Names<'a> {
    pub(super) call_types: Option<NameIndex<'a>>,
    pub(super) agent_groups: Option<NameIndex<'a>>,
    pub(super) ivr_nodes: Option<NameIndex<'a>>,
}
