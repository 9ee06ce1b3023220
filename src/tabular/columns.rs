//! Which column of a file holds what: the names a reader knows a column by,
//! and the user's own (`--columns key=Header,…` or a TOML profile).

use std::collections::BTreeMap;
use std::path::Path;

use chrono::FixedOffset;
use serde::Deserialize;

use super::TabularError;

/// A column a reader wants: its canonical key, the other header names it
/// goes by in common ACD exports, and whether a file must have it. Headers
/// match in any case, with or without accents, spaces, `_`, `-`, `.`, `/`
/// and parentheses: `Tempo de Espera (s)` matches `tempo_de_espera_s`.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub key: &'static str,
    pub aliases: &'static [&'static str],
    pub required: bool,
}

/// The user's header names for canonical keys, and how the file writes
/// date-times. The default maps nothing: headers match by key and aliases.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ColumnMap {
    pub(super) headers: BTreeMap<String, String>,
    /// A chrono format (`%d/%m/%Y %H:%M`) tried before the usual ones.
    pub(super) date_format: Option<String>,
    /// Times with an offset are read at this zone's clock, whatever their own.
    pub(super) time_zone: Option<Zone>,
    /// Where the mapping came from, for messages: `--columns` or the profile's path.
    pub(super) origin: String,
}

/// The clock a file's stamped times are read at: one offset, or a named
/// zone whose offset follows its clock changes (`America/Sao_Paulo`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Zone {
    Fixed(FixedOffset),
    Named(chrono_tz::Tz),
}

impl Zone {
    /// `-03:00`, `+0530`, `Z`, or an IANA name such as `Europe/Lisbon`.
    pub fn parse(text: &str) -> Option<Zone> {
        parse_offset(text)
            .map(Zone::Fixed)
            .or_else(|| text.trim().parse::<chrono_tz::Tz>().ok().map(Zone::Named))
    }

    /// `at`'s local date and time on this zone's clock.
    pub fn local(self, at: &chrono::DateTime<FixedOffset>) -> chrono::NaiveDateTime {
        match self {
            Zone::Fixed(offset) => at.with_timezone(&offset).naive_local(),
            Zone::Named(zone) => at.with_timezone(&zone).naive_local(),
        }
    }
}

const MAX_PROFILE_BYTES: u64 = 1 << 20;

/// A TOML profile: `[columns]` plus the date-time settings.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Profile {
    #[serde(default)]
    columns: BTreeMap<String, String>,
    date_format: Option<String>,
    #[serde(alias = "utc_offset")]
    time_zone: Option<String>,
}

impl ColumnMap {
    /// `key=Header,key2=Header 2` (the `--columns` argument).
    pub fn parse(spec: &str) -> Result<Self, TabularError> {
        let origin = "--columns";
        let mut headers = BTreeMap::new();
        for pair in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let Some((key, header)) = pair.split_once('=') else {
                return Err(TabularError::whole(
                    origin,
                    format!("`{pair}` is not key=Header (for example arrival=Start Time)"),
                ));
            };
            insert(&mut headers, key.trim(), header.trim(), origin)?;
        }
        Ok(Self {
            headers,
            origin: origin.into(),
            ..Self::default()
        })
    }

    /// A `--columns` argument: a path to a `.toml` profile, or a spec for [`Self::parse`].
    pub fn load(arg: &str) -> Result<Self, TabularError> {
        let path = Path::new(arg);
        if !(arg.ends_with(".toml") || (path.exists() && !arg.contains('='))) {
            return Self::parse(arg);
        }
        super::reader::regular_file(path).map_err(|problem| TabularError::whole(arg, problem))?;
        // A profile is a few lines: a bigger file is no profile.
        if std::fs::metadata(path).is_ok_and(|m| m.len() > MAX_PROFILE_BYTES) {
            return Err(TabularError::whole(
                arg,
                "is larger than 1 MiB: a column profile is a few lines",
            ));
        }
        let text = std::fs::read_to_string(path)
            .map_err(|e| TabularError::whole(arg, format!("cannot read the profile: {e}")))?;
        let profile: Profile = toml::from_str(&text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() as u64 + 1);
            TabularError {
                line,
                ..TabularError::whole(arg, e.message().trim().to_string())
            }
        })?;
        let mut headers = BTreeMap::new();
        for (key, header) in &profile.columns {
            insert(&mut headers, key, header, arg)?;
        }
        let map = Self {
            headers,
            origin: arg.to_string(),
            ..Self::default()
        };
        map.with_date_format(profile.date_format)
            .with_time_zone(profile.time_zone)
    }

    /// A date-time format given on the command line overrides the profile's.
    pub fn with_date_format(mut self, format: Option<String>) -> Self {
        if let Some(format) = format {
            self.date_format = Some(format);
        }
        self
    }

    /// A time zone (`-03:00`, `+0100`, `Z`, or an IANA name such as
    /// `America/Sao_Paulo`) given on the command line overrides the profile's.
    pub fn with_time_zone(mut self, offset: Option<String>) -> Result<Self, TabularError> {
        if let Some(text) = offset {
            self.time_zone = Some(Zone::parse(&text).ok_or_else(|| TabularError {
                value: Some(text.clone()),
                ..TabularError::whole(
                    "--time-zone",
                    format!(
                        "`{text}` is not a time zone: write an offset (-03:00, +01:00, Z) or a name such as America/Sao_Paulo"
                    ),
                )
            })?);
        }
        Ok(self)
    }

    /// The header the user named for `key`, if any.
    pub fn header(&self, key: &str) -> Option<&str> {
        self.headers.get(key).map(String::as_str)
    }

    /// Keys the mapping names that are not among `wanted`.
    pub(super) fn unknown_keys<'a>(&'a self, wanted: &[Column]) -> Vec<&'a str> {
        self.headers
            .keys()
            .map(String::as_str)
            .filter(|k| !wanted.iter().any(|c| c.key == *k))
            .collect()
    }
}

fn insert(
    headers: &mut BTreeMap<String, String>,
    key: &str,
    header: &str,
    origin: &str,
) -> Result<(), TabularError> {
    if key.is_empty() || header.is_empty() {
        return Err(TabularError::whole(
            origin,
            format!("`{key}={header}` needs both a key and a header name"),
        ));
    }
    if headers
        .insert(key.to_string(), header.to_string())
        .is_some()
    {
        return Err(TabularError::whole(
            origin,
            format!("`{key}` is mapped twice"),
        ));
    }
    Ok(())
}

/// `-03:00`, `+0530`, `-03` or `Z`.
pub(super) fn parse_offset(text: &str) -> Option<FixedOffset> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("z") || text.eq_ignore_ascii_case("utc") {
        return FixedOffset::east_opt(0);
    }
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) || !matches!(digits.len(), 2 | 4) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits
        .get(2..)
        .filter(|m| !m.is_empty())
        .map_or(Some(0), |m| m.parse().ok())?;
    if hours > 14 || minutes > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

/// A header as it is compared: lower case, no accents, no spacing or punctuation.
pub(super) fn normalized(header: &str) -> String {
    header
        .chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            'á' | 'à' | 'â' | 'ã' | 'ä' => Some('a'),
            'é' | 'è' | 'ê' | 'ë' => Some('e'),
            'í' | 'ì' | 'î' | 'ï' => Some('i'),
            'ó' | 'ò' | 'ô' | 'õ' | 'ö' => Some('o'),
            'ú' | 'ù' | 'û' | 'ü' => Some('u'),
            'ç' => Some('c'),
            'ñ' => Some('n'),
            ' ' | '_' | '-' | '.' | '/' | '(' | ')' | '\u{feff}' => None,
            c => Some(c),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spec_maps_keys_to_headers() {
        let map = ColumnMap::parse("arrival=Start Time, queue = Skill Name").unwrap();
        assert_eq!(map.header("arrival"), Some("Start Time"));
        assert_eq!(map.header("queue"), Some("Skill Name"));
        assert_eq!(map.header("wait_s"), None);
    }

    #[test]
    fn a_bad_spec_is_one_sentence() {
        let e = ColumnMap::parse("arrival").unwrap_err().to_string();
        assert_eq!(
            e,
            "--columns: `arrival` is not key=Header (for example arrival=Start Time)"
        );
        let e = ColumnMap::parse("a=x,a=y").unwrap_err().to_string();
        assert_eq!(e, "--columns: `a` is mapped twice");
    }

    #[test]
    fn a_profile_gives_columns_format_and_offset() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("genesys.toml");
        std::fs::write(
            &path,
            "date_format = \"%m/%d/%Y %I:%M %p\"\nutc_offset = \"-03:00\"\n[columns]\narrival = \"Start\"\n",
        )
        .unwrap();
        let map = ColumnMap::load(path.to_str().unwrap()).unwrap();
        assert_eq!(map.header("arrival"), Some("Start"));
        assert_eq!(map.date_format.as_deref(), Some("%m/%d/%Y %I:%M %p"));
        assert_eq!(
            map.time_zone,
            FixedOffset::west_opt(3 * 3600).map(Zone::Fixed)
        );

        std::fs::write(&path, "[columns]\narrival = \"Start\"\nzone = 3\n").unwrap();
        let e = ColumnMap::load(path.to_str().unwrap()).unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
    }

    #[test]
    fn offsets_in_their_usual_spellings() {
        assert_eq!(parse_offset("-03:00"), FixedOffset::west_opt(10800));
        assert_eq!(parse_offset("+0530"), FixedOffset::east_opt(19800));
        assert_eq!(parse_offset("-03"), FixedOffset::west_opt(10800));
        assert_eq!(parse_offset("Z"), FixedOffset::east_opt(0));
        assert_eq!(parse_offset("03:00"), None);
        assert_eq!(parse_offset("+25:00"), None);
        assert!(
            ColumnMap::default()
                .with_time_zone(Some("x".into()))
                .is_err()
        );
    }

    #[test]
    fn headers_compare_without_case_accents_or_spacing() {
        assert_eq!(normalized("Tempo de Espera (s)"), "tempodeesperas");
        assert_eq!(normalized("tempo_de_espera_s"), "tempodeesperas");
        assert_eq!(normalized("Início"), "inicio");
    }
}
