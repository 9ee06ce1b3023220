//! How the library's own choices are spelled on the command line. The
//! library's enums stay free of clap; the spellings and their help live here.

use clap::ValueEnum;
use clap::builder::PossibleValue;

use crate::lang::Lang;
use crate::report::Format;
use crate::staffing::Criterion;

impl ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        &[Format::Table, Format::Json, Format::Csv]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            Format::Table => PossibleValue::new("table").help("Aligned text for a terminal"),
            Format::Json => {
                PossibleValue::new("json").help("The complete, versioned record, for other tools")
            }
            Format::Csv => PossibleValue::new("csv").help("Rows for a spreadsheet"),
        })
    }
}

impl ValueEnum for Lang {
    fn value_variants<'a>() -> &'a [Self] {
        &[Lang::En, Lang::Pt]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            Lang::En => PossibleValue::new("en").help("English"),
            Lang::Pt => PossibleValue::new("pt")
                .help("Brazilian Portuguese, with the industry's usual terms"),
        })
    }
}

impl ValueEnum for Criterion {
    fn value_variants<'a>() -> &'a [Self] {
        &[Criterion::Mean, Criterion::Bound]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            Criterion::Mean => PossibleValue::new("mean").help(
                "The estimate over replications (the long-run ratio of sums, or the daily mean, \
                 as the scenario's `estimator` says) meets each target",
            ),
            Criterion::Bound => PossibleValue::new("bound").help(
                "The pessimistic confidence bound meets each target (lower bound of the service \
                 level, upper bound of abandonment, ASA and occupancy)",
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A variant added to the library but not here would be missing from
    /// `value_variants`; the JSON spelling of a format must be its CLI spelling.
    #[test]
    fn every_choice_is_spelled_as_its_record_spells_it() {
        for format in Format::value_variants() {
            let cli = format.to_possible_value().unwrap();
            let json = serde_json::to_value(format).unwrap();
            assert_eq!(json.as_str(), Some(cli.get_name()));
        }
        for criterion in Criterion::value_variants() {
            let cli = criterion.to_possible_value().unwrap();
            let json = serde_json::to_value(criterion).unwrap();
            assert_eq!(json.as_str(), Some(cli.get_name()));
        }
        assert_eq!(Format::value_variants().len(), 3);
        assert_eq!(Criterion::value_variants().len(), 2);
        assert_eq!(Lang::value_variants().len(), 2);
    }
}
