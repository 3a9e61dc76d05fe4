//! Closed sets of words: enums whose every value is spelled one way in record files, one way in
//! JSON and CSV, one way on the command line and one way for people. Each such enum is declared
//! once with `words!`, which writes every spelling of every value in one table, so a word is
//! never spelled in two places.
//!
//! The spellings, for `Level::AtRisk`:
//! - [`Word::ron`] `AtRisk`: the variant's name, as serde writes it in record files;
//! - [`Word::token`] `at_risk`: the machine word in JSON and CSV;
//! - [`Word::cli`] `at-risk`: the token with `-` for `_`, as typed on the command line;
//! - [`Word::label`] `at risk`: the words for people, in tables and documents;
//! - [`Word::help`]: what the value means (the variant's doc comment), for help texts.

/// A value of a closed set of words. Implemented by `words!`; no clap types here, the
/// command line builds its parser from [`Word::ALL`].
pub trait Word: Copy + Eq + Send + Sync + 'static {
    /// Every value, in declaration order.
    const ALL: &'static [Self];

    /// The enum's name, as serde names it when it writes a value (`Level`).
    const NAME: &'static str;

    /// The spelling in record files: the variant's name (`AtRisk`).
    fn ron(self) -> &'static str;

    /// The machine word in JSON and CSV (`at_risk`).
    fn token(self) -> &'static str;

    /// The spelling on the command line: the token with `-` for `_` (`at-risk`).
    fn cli(self) -> &'static str;

    /// The words for people (`at risk`).
    fn label(self) -> &'static str;

    /// What the value means, one sentence (the variant's doc comment), when it has one.
    fn help(self) -> Option<&'static str>;

    /// The value one of its spellings names — command line, token or record — ignoring ASCII
    /// case: `at-risk`, `at_risk`, `AtRisk`, `AT-RISK`.
    fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL.iter().copied().find(|w| {
            [w.cli(), w.token(), w.ron()]
                .iter()
                .any(|spelling| spelling.eq_ignore_ascii_case(s))
        })
    }
}

/// Writes a word as its token (`at_risk`): for `#[serde(serialize_with = "…")]` on the fields
/// of views that leave as JSON. The enums' own `Serialize` writes the record spelling
/// (`AtRisk`), which record files need; JSON and CSV use the token, from this one place.
pub fn as_token<W: Word, S: serde::Serializer>(w: &W, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(w.token())
}

/// [`as_token`] for an optional word: the token or `null`.
pub fn as_token_opt<W: Word, S: serde::Serializer>(w: &Option<W>, s: S) -> Result<S::Ok, S::Error> {
    match w {
        Some(w) => s.serialize_str(w.token()),
        None => s.serialize_none(),
    }
}

/// [`as_token`] for a list of words: an array of tokens.
pub fn as_tokens<W: Word, S: serde::Serializer>(ws: &[W], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(ws.iter().map(|w| w.token()))
}

/// Reads a word written by [`as_token`] (any spelling [`Word::parse`] takes), for views that
/// are read back, such as caches kept as JSON.
pub fn from_token<'de, W: Word, D: serde::Deserializer<'de>>(d: D) -> Result<W, D::Error> {
    let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
    W::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("unknown word `{s}`")))
}

/// [`from_token`] for an optional word (`null` is `None`).
pub fn from_token_opt<'de, W: Word, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<W>, D::Error> {
    let s = <Option<std::borrow::Cow<'de, str>> as serde::Deserialize>::deserialize(d)?;
    s.map(|s| W::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("unknown word `{s}`"))))
        .transpose()
}

/// The command-line spelling of a token, computed at compile time by [`words!`]: `_` becomes
/// `-`. `N` is the token's length.
#[doc(hidden)]
pub const fn kebab<const N: usize>(token: &str) -> [u8; N] {
    let bytes = token.as_bytes();
    let mut out = [0u8; N];
    let mut i = 0;
    while i < N {
        out[i] = if bytes[i] == b'_' { b'-' } else { bytes[i] };
        i += 1;
    }
    out
}

/// The help sentence from a variant's joined doc comment lines, or `None` without one.
#[doc(hidden)]
pub fn help_text(doc: &'static str) -> Option<&'static str> {
    let doc = doc.trim();
    (!doc.is_empty()).then_some(doc)
}

/// Declares an enum of words: each variant with its token and its label, its doc comment
/// being its meaning. Gives the enum inherent `ALL` and spelling methods (so callers need no
/// trait in scope), and implements [`Word`] and `Display` (the label) with them.
///
/// ```ignore
/// words! {
///     /// How badly a target was hit, worst first.
///     #[derive(Clone, Copy, Debug, PartialEq, Eq)]
///     pub enum Level {
///         /// Not available.
///         Outage = "outage", "outage";
///         /// Working, but in danger.
///         AtRisk = "at_risk", "at risk";
///     }
/// }
/// ```
macro_rules! words {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[doc = $doc:literal])*
                $variant:ident = $token:literal, $label:literal;
            )+
        }
    ) => {
        $(#[$meta])*
        $vis enum $name {
            $(
                $(#[doc = $doc])*
                $variant,
            )+
        }

        // Inherent items, so callers need no trait in scope; the trait impl delegates to them.
        impl $name {
            /// Every value, in declaration order.
            $vis const ALL: [Self; [$(stringify!($variant)),+].len()] = [$($name::$variant),+];

            /// The spelling in record files: the variant's name.
            $vis fn ron(self) -> &'static str {
                match self {
                    $($name::$variant => stringify!($variant),)+
                }
            }

            /// The machine word in JSON and CSV.
            $vis fn token(self) -> &'static str {
                match self {
                    $($name::$variant => $token,)+
                }
            }

            /// The spelling on the command line: the token with `-` for `_`.
            $vis fn cli(self) -> &'static str {
                match self {
                    $($name::$variant => {
                        const BYTES: [u8; $token.len()] = $crate::model::vocab::kebab($token);
                        const CLI: &str = match ::core::str::from_utf8(&BYTES) {
                            Ok(s) => s,
                            Err(_) => panic!("tokens are ASCII"),
                        };
                        CLI
                    })+
                }
            }

            /// The words for people.
            $vis fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label,)+
                }
            }

            /// What the value means (its doc comment), when it has one.
            $vis fn help(self) -> Option<&'static str> {
                match self {
                    $($name::$variant => $crate::model::vocab::help_text(concat!("" $(, $doc)*)),)+
                }
            }
        }

        impl $crate::model::vocab::Word for $name {
            const ALL: &'static [Self] = &$name::ALL;
            const NAME: &'static str = stringify!($name);

            fn ron(self) -> &'static str {
                $name::ron(self)
            }

            fn token(self) -> &'static str {
                $name::token(self)
            }

            fn cli(self) -> &'static str {
                $name::cli(self)
            }

            fn label(self) -> &'static str {
                $name::label(self)
            }

            fn help(self) -> Option<&'static str> {
                $name::help(self)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

pub(crate) use words;

#[cfg(test)]
mod tests {
    use super::*;

    words! {
        /// A test set.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        enum Sample {
            /// First. It has two
            /// lines.
            One = "one", "one";
            TwoWords = "two_words", "two words";
        }
    }

    #[test]
    fn every_spelling_comes_from_one_row() {
        assert_eq!(Sample::ALL, [Sample::One, Sample::TwoWords]);
        assert_eq!(<Sample as Word>::ALL, &Sample::ALL);
        let w = Sample::TwoWords;
        assert_eq!(
            (w.ron(), w.token(), w.cli(), w.label()),
            ("TwoWords", "two_words", "two-words", "two words")
        );
        assert_eq!(w.to_string(), "two words");
        assert_eq!(w.help(), None);
        assert_eq!(Sample::One.help(), Some("First. It has two lines."));
    }

    #[test]
    fn views_write_the_token_and_read_any_spelling() {
        #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
        struct View {
            #[serde(serialize_with = "as_token", deserialize_with = "from_token")]
            one: Sample,
            #[serde(serialize_with = "as_token_opt", deserialize_with = "from_token_opt")]
            maybe: Option<Sample>,
            #[serde(serialize_with = "as_tokens", skip_deserializing)]
            all: Vec<Sample>,
        }
        let v = View {
            one: Sample::TwoWords,
            maybe: None,
            all: Sample::ALL.to_vec(),
        };
        let json = serde_json::to_string(&v).unwrap();
        assert_eq!(
            json,
            r#"{"one":"two_words","maybe":null,"all":["one","two_words"]}"#
        );
        let back: View = serde_json::from_str(r#"{"one":"TwoWords","maybe":"one"}"#).unwrap();
        assert_eq!(
            (back.one, back.maybe),
            (Sample::TwoWords, Some(Sample::One))
        );
        assert!(serde_json::from_str::<View>(r#"{"one":"three","maybe":null}"#).is_err());
    }

    #[test]
    fn any_spelling_parses_ignoring_case() {
        for s in [
            "two-words",
            "two_words",
            "TwoWords",
            "TWO-WORDS",
            " two-words ",
        ] {
            assert_eq!(Sample::parse(s), Some(Sample::TwoWords), "{s}");
        }
        assert_eq!(Sample::parse("two words"), None);
        assert_eq!(Sample::parse("three"), None);
    }
}
