//! Where each field path of a TOML document sits in its text, so errors found
//! after parsing (in serde or in validation) can name the line.

use std::collections::HashMap;

use toml::de::{DeTable, DeValue};

/// Field path (`call_type[1].patience.mean_s`) → 1-based line.
///
/// Lists of plain values (a year of 5-minute volumes is 105 120 numbers) keep
/// only their items' byte spans, not a path string per item: the index of a
/// 16 MiB scenario stays small and quick to build.
#[derive(Debug, Default, Clone)]
pub struct LineIndex {
    lines: HashMap<String, usize>,
    /// (start byte, end byte, path), for finding the field under a byte offset.
    spans: Vec<(usize, usize, String)>,
    /// A list's path → (start byte, end byte) of each item that is a plain value.
    plain_items: HashMap<String, Vec<(usize, usize)>>,
    line_starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`; a document that does not parse gives an empty index.
    pub fn new(text: &str) -> Self {
        let mut index = Self {
            line_starts: std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
            ..Self::default()
        };
        if let Ok(table) = DeTable::parse(text) {
            index.walk_table(table.get_ref(), "");
        }
        index
    }

    /// 1-based line of byte offset `at`.
    pub fn line_of_offset(&self, at: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= at)
    }

    /// The line of `path` itself, when the text writes it.
    fn exact_line(&self, path: &str) -> Option<usize> {
        if let Some(&line) = self.lines.get(path) {
            return Some(line);
        }
        let (list, index) = path.strip_suffix(']')?.rsplit_once('[')?;
        let &(start, _) = self
            .plain_items
            .get(list)?
            .get(index.parse::<usize>().ok()?)?;
        Some(self.line_of_offset(start))
    }

    /// The line of `path`, or of its nearest ancestor that has one.
    pub fn line_of(&self, path: &str) -> Option<usize> {
        let mut path = path;
        loop {
            if let Some(line) = self.exact_line(path) {
                return Some(line);
            }
            let cut = path.rfind(['.', '['])?;
            path = &path[..cut];
        }
    }

    /// Whether the text itself writes `path` (not merely an ancestor).
    pub fn has(&self, path: &str) -> bool {
        self.exact_line(path).is_some()
    }

    /// The innermost field whose value covers byte offset `at`.
    pub fn path_at(&self, at: usize) -> Option<String> {
        let covers = |&(start, end): &(usize, usize)| start <= at && at < end.max(start + 1);
        let field = self
            .spans
            .iter()
            .filter(|(start, end, _)| covers(&(*start, *end)))
            .min_by_key(|(start, end, _)| end - start)
            .map(|(start, end, path)| (end - start, path.clone()));
        let item = self.plain_items.iter().find_map(|(list, items)| {
            let i = items.iter().position(covers)?;
            let (start, end) = items[i];
            Some((end.max(start + 1) - start, format!("{list}[{i}]")))
        });
        match (field, item) {
            (Some(f), Some(i)) => Some(if i.0 < f.0 { i.1 } else { f.1 }),
            (f, i) => f.or(i).map(|(_, path)| path),
        }
    }

    fn record(&mut self, path: String, span: std::ops::Range<usize>) {
        let line = self.line_of_offset(span.start);
        self.lines.entry(path.clone()).or_insert(line);
        self.spans
            .push((span.start, span.end.max(span.start + 1), path));
    }

    fn walk_table(&mut self, table: &DeTable<'_>, prefix: &str) {
        for (key, value) in table.iter() {
            let path = if prefix.is_empty() {
                key.get_ref().to_string()
            } else {
                format!("{prefix}.{}", key.get_ref())
            };
            // The key's own line is where a reader looks for the field.
            let key_span = key.span();
            let value_span = value.span();
            let line = self.line_of_offset(key_span.start);
            self.lines.insert(path.clone(), line);
            self.spans.push((
                value_span.start,
                value_span.end.max(value_span.start + 1),
                path.clone(),
            ));
            self.walk_value(value.get_ref(), &path);
        }
    }

    fn walk_value(&mut self, value: &DeValue<'_>, path: &str) {
        match value {
            DeValue::Table(table) => self.walk_table(table, path),
            DeValue::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    match item.get_ref() {
                        nested @ (DeValue::Table(_) | DeValue::Array(_)) => {
                            let item_path = format!("{path}[{i}]");
                            self.record(item_path.clone(), item.span());
                            self.walk_value(nested, &item_path);
                        }
                        _ => {
                            let span = item.span();
                            self.plain_items
                                .entry(path.to_string())
                                .or_default()
                                .push((span.start, span.end));
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_lines_of_nested_paths() {
        let text = "[simulation]\nseed = 1\n\n[[call_type]]\nname = \"a\"\n\n[[call_type]]\nname = \"b\"\npatience = { dist = \"exponential\", mean_s = -3 }\nvolume = [1,\n 2,\n 3]\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_of("simulation.seed"), Some(2));
        assert_eq!(index.line_of("call_type[1].name"), Some(8));
        assert_eq!(index.line_of("call_type[1].patience.mean_s"), Some(9));
        assert_eq!(index.line_of("call_type[1].volume[2]"), Some(12));
        assert_eq!(index.line_of("call_type[1].missing_field"), Some(7));
        let at = text.find("-3").unwrap();
        assert_eq!(
            index.path_at(at).as_deref(),
            Some("call_type[1].patience.mean_s")
        );
        let at = text.find(" 2,").unwrap() + 1;
        assert_eq!(index.path_at(at).as_deref(), Some("call_type[1].volume[1]"));
        assert!(index.has("call_type[1].volume[2]"));
        assert!(!index.has("call_type[1].volume[3]"));
    }
}
