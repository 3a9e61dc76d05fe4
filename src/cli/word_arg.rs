//! The command line reads record words (severity, status, level, …) with one generic clap
//! parser built from the library's [`Word`] table, so no enum is mirrored here by hand and
//! help texts list every value with its meaning.

use std::ffi::OsStr;
use std::marker::PhantomData;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};

use incident::model::vocab::Word;

/// Parses one value of `T`: its command-line spelling (`at-risk`), or its token (`at_risk`)
/// or record spelling (`AtRisk`), ignoring case. Anything else is refused with clap's own
/// message, which lists the possible values and suggests the nearest.
#[derive(Clone, Copy, Debug)]
pub struct WordParser<T>(PhantomData<T>);

/// The parser for `T`, for `#[arg(value_parser = word::<T>())]`.
pub fn word<T: Word>() -> WordParser<T> {
    WordParser(PhantomData)
}

impl<T: Word> WordParser<T> {
    /// The values shown in help and completions: command-line spellings, with meanings.
    fn values() -> impl Iterator<Item = PossibleValue> {
        T::ALL.iter().map(|w| {
            let v = PossibleValue::new(w.cli());
            // Help texts end without a full stop, as clap's own derived ones do.
            match w.help() {
                Some(h) => v.help(h.strip_suffix('.').unwrap_or(h)),
                None => v,
            }
        })
    }
}

impl<T: Word> TypedValueParser for WordParser<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<T, clap::Error> {
        if let Some(w) = value.to_str().and_then(T::parse) {
            return Ok(w);
        }
        // Not a word of T: clap's parser of the same values words the refusal.
        let refused = PossibleValuesParser::new(Self::values()).parse_ref(cmd, arg, value);
        Err(refused.err().unwrap_or_else(|| {
            clap::Error::new(clap::error::ErrorKind::InvalidValue).with_cmd(cmd)
        }))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(Self::values()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use incident::model::record::{ActionStatus, Level};

    fn parse<T: Word>(s: &str) -> Result<T, clap::Error> {
        let cmd = clap::Command::new("t");
        word::<T>().parse_ref(&cmd, None, OsStr::new(s))
    }

    #[test]
    fn reads_every_spelling_of_a_word() {
        for s in ["at-risk", "at_risk", "AtRisk", "AT-RISK"] {
            assert_eq!(parse::<Level>(s).unwrap(), Level::AtRisk, "{s}");
        }
        assert_eq!(
            parse::<ActionStatus>("wont-do").unwrap(),
            ActionStatus::WontDo
        );
    }

    #[test]
    fn refuses_other_words_listing_the_possible_values() {
        let e = parse::<Level>("down").unwrap_err();
        assert_eq!(e.kind(), clap::error::ErrorKind::InvalidValue);
        let text = e.to_string();
        assert!(
            text.contains("[possible values: outage, degraded, at-risk]"),
            "{text}"
        );
    }

    #[test]
    fn help_lists_command_line_spellings_with_meanings() {
        let values: Vec<(String, Option<String>)> = word::<Level>()
            .possible_values()
            .unwrap()
            .map(|v| {
                (
                    v.get_name().to_string(),
                    v.get_help().map(|h| h.to_string()),
                )
            })
            .collect();
        assert_eq!(values[2].0, "at-risk");
        assert_eq!(
            values[0].1.as_deref(),
            Some("Not available"),
            "the full stop is dropped"
        );
    }
}
