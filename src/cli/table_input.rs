//! The options of the commands that read a contact center's exports
//! (`fit`, `forecast`): the file's own column names, how it writes dates,
//! and the time zone its stamped times are read in.

use std::path::Path;

use clap::Args;

use super::CliError;
use crate::tabular::ColumnMap;

#[derive(Debug, Args)]
pub struct TableArgs {
    /// The file's own column names: key=Header pairs (arrival=Start Time,queue=Skill)
    /// or a TOML profile file with a [columns] table (and date_format, time_zone).
    #[arg(long, value_name = "SPEC|FILE.toml")]
    columns: Option<String>,

    /// How the file writes dates or date-times (chrono strftime), e.g. '%d/%m/%Y %H:%M:%S'.
    #[arg(long, value_name = "FORMAT")]
    date_format: Option<String>,

    /// Read times stamped with a UTC offset (…Z, …-03:00) on this zone's clock: an IANA
    /// name (America/Sao_Paulo, whose offset follows its clock changes) or one offset (-03:00).
    #[arg(
        long = "time-zone",
        visible_alias = "utc-offset",
        value_name = "ZONE",
        allow_hyphen_values = true
    )]
    time_zone: Option<String>,
}

impl TableArgs {
    /// The mapping the options give: the profile's or the spec's columns,
    /// with the command line's date format and time zone over the profile's.
    pub fn column_map(&self) -> Result<ColumnMap, CliError> {
        let map = match self.columns.as_deref() {
            Some(spec) => ColumnMap::load(spec)?,
            None => ColumnMap::default(),
        };
        Ok(map
            .with_date_format(self.date_format.clone())
            .with_time_zone(self.time_zone.clone())?)
    }

    /// `--columns` as a path, for refusing it as an output (a spec names no file).
    pub fn columns_path(&self) -> Option<&Path> {
        self.columns.as_deref().map(Path::new)
    }
}
