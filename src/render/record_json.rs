//! A record or a team configuration as JSON: the file's own shape and field names, with every
//! word of the vocabulary in its JSON spelling (`"status": "resolved"`, `"level": "at_risk"`)
//! as in every other JSON output. The record's types serialize words as their record spelling
//! (`Resolved`), which RON files need; [`TokenWords`] wraps the JSON serializer and writes a
//! word's token in its place, looked up by the enum's name in [`token`].

use serde::ser::{self, Serialize, Serializer};

use crate::model::chain::RootCauseStatus;
use crate::model::event_facts::{Party, UpdateState};
use crate::model::facts::{Outcome, Recovered, ReferenceKind, ShareOf, ShareSide, StatedOf};
use crate::model::record::{
    ActionStatus, ActionType, EventKind, IncidentKind, Level, Priority, SourceKind, Status,
    TargetKind,
};
use crate::model::roles::Role;
use crate::model::vocab::Word;

/// `value` as pretty JSON, words as their tokens: what `show --format json` and
/// `config show --format json` print.
pub fn pretty<T: Serialize>(value: &T) -> serde_json::Result<String> {
    super::pretty_json(&TokenWords(value))
}

/// Declares the word enums a record or a team configuration holds: [`WORD_ENUMS`] (their
/// names) and [`token`] (the lookup by name), from one list.
macro_rules! word_enums {
    ($($word:ty),* $(,)?) => {
        /// The names of the word enums a record or a configuration holds, whose values
        /// [`pretty`] writes as tokens. A test lists every `words!` enum in the source and
        /// fails on one that is neither here nor named as held by no record.
        pub const WORD_ENUMS: &[&str] = &[$(<$word as Word>::NAME),*];

        /// The token of `variant` of the word enum named `name`, when `name` is one.
        fn token(name: &str, variant: &str) -> Option<&'static str> {
            $(
                if <$word as Word>::NAME == name {
                    return <$word as Word>::ALL
                        .iter()
                        .find(|w| w.ron() == variant)
                        .map(|w| w.token());
                }
            )*
            None
        }
    };
}

word_enums![
    IncidentKind,
    Status,
    Level,
    EventKind,
    ActionType,
    ActionStatus,
    Priority,
    SourceKind,
    TargetKind,
    Outcome,
    Recovered,
    ReferenceKind,
    ShareOf,
    ShareSide,
    StatedOf,
    Party,
    UpdateState,
    RootCauseStatus,
    Role,
];

/// A value serialized with its words as tokens.
struct TokenWords<'a, T: ?Sized>(&'a T);

impl<T: Serialize + ?Sized> Serialize for TokenWords<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(Wrap(s))
    }
}

/// The serializer that writes a word's token where the record's type writes its variant.
struct Wrap<S>(S);

/// A compound being written: each element goes through [`TokenWords`] too.
struct Compound<C>(C);

impl<S: Serializer> Serializer for Wrap<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = Compound<S::SerializeSeq>;
    type SerializeTuple = Compound<S::SerializeTuple>;
    type SerializeTupleStruct = Compound<S::SerializeTupleStruct>;
    type SerializeTupleVariant = Compound<S::SerializeTupleVariant>;
    type SerializeMap = Compound<S::SerializeMap>;
    type SerializeStruct = Compound<S::SerializeStruct>;
    type SerializeStructVariant = Compound<S::SerializeStructVariant>;

    fn serialize_bool(self, v: bool) -> Result<S::Ok, S::Error> {
        self.0.serialize_bool(v)
    }
    fn serialize_i8(self, v: i8) -> Result<S::Ok, S::Error> {
        self.0.serialize_i8(v)
    }
    fn serialize_i16(self, v: i16) -> Result<S::Ok, S::Error> {
        self.0.serialize_i16(v)
    }
    fn serialize_i32(self, v: i32) -> Result<S::Ok, S::Error> {
        self.0.serialize_i32(v)
    }
    fn serialize_i64(self, v: i64) -> Result<S::Ok, S::Error> {
        self.0.serialize_i64(v)
    }
    fn serialize_u8(self, v: u8) -> Result<S::Ok, S::Error> {
        self.0.serialize_u8(v)
    }
    fn serialize_u16(self, v: u16) -> Result<S::Ok, S::Error> {
        self.0.serialize_u16(v)
    }
    fn serialize_u32(self, v: u32) -> Result<S::Ok, S::Error> {
        self.0.serialize_u32(v)
    }
    fn serialize_u64(self, v: u64) -> Result<S::Ok, S::Error> {
        self.0.serialize_u64(v)
    }
    fn serialize_f32(self, v: f32) -> Result<S::Ok, S::Error> {
        self.0.serialize_f32(v)
    }
    fn serialize_f64(self, v: f64) -> Result<S::Ok, S::Error> {
        self.0.serialize_f64(v)
    }
    fn serialize_char(self, v: char) -> Result<S::Ok, S::Error> {
        self.0.serialize_char(v)
    }
    fn serialize_str(self, v: &str) -> Result<S::Ok, S::Error> {
        self.0.serialize_str(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<S::Ok, S::Error> {
        self.0.serialize_bytes(v)
    }
    fn serialize_none(self) -> Result<S::Ok, S::Error> {
        self.0.serialize_none()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<S::Ok, S::Error> {
        self.0.serialize_some(&TokenWords(v))
    }
    fn serialize_unit(self) -> Result<S::Ok, S::Error> {
        self.0.serialize_unit()
    }
    fn serialize_unit_struct(self, name: &'static str) -> Result<S::Ok, S::Error> {
        self.0.serialize_unit_struct(name)
    }
    fn serialize_unit_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
    ) -> Result<S::Ok, S::Error> {
        match token(name, variant) {
            Some(t) => self.0.serialize_str(t),
            None => self.0.serialize_unit_variant(name, index, variant),
        }
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        v: &T,
    ) -> Result<S::Ok, S::Error> {
        self.0.serialize_newtype_struct(name, &TokenWords(v))
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<S::Ok, S::Error> {
        self.0
            .serialize_newtype_variant(name, index, variant, &TokenWords(v))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq, S::Error> {
        self.0.serialize_seq(len).map(Compound)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple, S::Error> {
        self.0.serialize_tuple(len).map(Compound)
    }
    fn serialize_tuple_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct, S::Error> {
        self.0.serialize_tuple_struct(name, len).map(Compound)
    }
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant, S::Error> {
        self.0
            .serialize_tuple_variant(name, index, variant, len)
            .map(Compound)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap, S::Error> {
        self.0.serialize_map(len).map(Compound)
    }
    fn serialize_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStruct, S::Error> {
        self.0.serialize_struct(name, len).map(Compound)
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant, S::Error> {
        self.0
            .serialize_struct_variant(name, index, variant, len)
            .map(Compound)
    }
    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

impl<C: ser::SerializeSeq> ser::SerializeSeq for Compound<C> {
    type Ok = C::Ok;
    type Error = C::Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), C::Error> {
        self.0.serialize_element(&TokenWords(v))
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        self.0.end()
    }
}

impl<C: ser::SerializeTuple> ser::SerializeTuple for Compound<C> {
    type Ok = C::Ok;
    type Error = C::Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), C::Error> {
        self.0.serialize_element(&TokenWords(v))
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        self.0.end()
    }
}

impl<C: ser::SerializeTupleStruct> ser::SerializeTupleStruct for Compound<C> {
    type Ok = C::Ok;
    type Error = C::Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), C::Error> {
        self.0.serialize_field(&TokenWords(v))
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        self.0.end()
    }
}

impl<C: ser::SerializeTupleVariant> ser::SerializeTupleVariant for Compound<C> {
    type Ok = C::Ok;
    type Error = C::Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), C::Error> {
        self.0.serialize_field(&TokenWords(v))
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        self.0.end()
    }
}

impl<C: ser::SerializeMap> ser::SerializeMap for Compound<C> {
    type Ok = C::Ok;
    type Error = C::Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), C::Error> {
        self.0.serialize_key(&TokenWords(k))
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), C::Error> {
        self.0.serialize_value(&TokenWords(v))
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        self.0.end()
    }
}

impl<C: ser::SerializeStruct> ser::SerializeStruct for Compound<C> {
    type Ok = C::Ok;
    type Error = C::Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), C::Error> {
        self.0.serialize_field(key, &TokenWords(v))
    }
    fn skip_field(&mut self, key: &'static str) -> Result<(), C::Error> {
        self.0.skip_field(key)
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        self.0.end()
    }
}

impl<C: ser::SerializeStructVariant> ser::SerializeStructVariant for Compound<C> {
    type Ok = C::Ok;
    type Error = C::Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), C::Error> {
        self.0.serialize_field(key, &TokenWords(v))
    }
    fn skip_field(&mut self, key: &'static str) -> Result<(), C::Error> {
        self.0.skip_field(key)
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        self.0.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_become_tokens_and_everything_else_stays() {
        let text = include_str!("../../incidents/2022-12-18-hk-zone-c.ron");
        let inc = crate::files::load::parse_text(std::path::Path::new("hk.ron"), text).unwrap();
        let plain: serde_json::Value = serde_json::to_value(&inc).unwrap();
        let worded: serde_json::Value = serde_json::from_str(&pretty(&inc).unwrap()).unwrap();
        assert_eq!(plain["status"], "Resolved");
        assert_eq!(worded["status"], "resolved");
        assert_eq!(worded["kind"], "real");
        assert_eq!(
            worded["severity"], "Sev1",
            "severity keeps the scale's name"
        );
        assert_eq!(worded["services"][2]["windows"][0]["level"], "at_risk");
        assert_eq!(worded["actions"][0]["type"], "prevent");
        assert_eq!(
            worded["sources"][0]["kind"],
            plain["sources"][0]["kind"].as_str().unwrap().to_lowercase()
        );
        // Time values keep the record's shape; texts are untouched.
        assert_eq!(worded["events"][0]["at"], plain["events"][0]["at"]);
        assert_eq!(worded["title"], plain["title"]);
    }

    #[test]
    fn every_word_enum_answers_for_each_of_its_values() {
        fn all<W: Word>() {
            for w in W::ALL {
                assert_eq!(
                    token(W::NAME, w.ron()),
                    Some(w.token()),
                    "{}::{}",
                    W::NAME,
                    w.ron()
                );
            }
        }
        all::<IncidentKind>();
        all::<Status>();
        all::<Level>();
        all::<EventKind>();
        all::<ActionType>();
        all::<ActionStatus>();
        all::<Priority>();
        all::<SourceKind>();
        all::<TargetKind>();
        all::<Outcome>();
        all::<Recovered>();
        all::<ReferenceKind>();
        all::<ShareOf>();
        all::<ShareSide>();
        all::<StatedOf>();
        all::<Party>();
        all::<UpdateState>();
        all::<RootCauseStatus>();
        all::<Role>();
        assert_eq!(WORD_ENUMS.len(), 19);
        assert_eq!(token("Severity", "Sev1"), None);
        assert_eq!(token("When", "Unknown"), None);
    }

    /// Word enums that no record or configuration holds: command-line choices and views.
    const NOT_IN_RECORDS: &[&str] = &[
        "Audience",
        "Basis",
        "Bound",
        "CauseList",
        "ChatFormat",
        "GroupBy",
        "ItemKind",
        "LessonList",
        "MomentName",
        "RecordField",
        "ReviewItem",
        "SortKey",
        "WindowEnd",
    ];

    /// The names of the enums declared with `words!` in the files under `dir`.
    fn declared_words(dir: &std::path::Path, found: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                declared_words(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs")
                // The macro's own file: its documentation and its test enum.
                && !path.ends_with("model/vocab.rs")
            {
                let text = std::fs::read_to_string(&path).unwrap();
                let mut lines = text.lines();
                // A `words! {` line, then the first `pub enum NAME` after it.
                while lines.by_ref().any(|l| l.trim() == "words! {") {
                    let name = lines
                        .by_ref()
                        .find_map(|l| l.trim().strip_prefix("pub enum "))
                        .and_then(|rest| rest.split_whitespace().next());
                    found.push(
                        name.unwrap_or_else(|| panic!("{}", path.display()))
                            .to_string(),
                    );
                }
            }
        }
    }

    #[test]
    fn every_word_enum_in_the_source_is_either_written_as_tokens_or_held_by_no_record() {
        let mut declared = Vec::new();
        declared_words(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut declared,
        );
        declared.sort();
        declared.dedup();
        assert!(declared.len() > 20, "{declared:?}");
        let unplaced: Vec<&String> = declared
            .iter()
            .filter(|d| !WORD_ENUMS.contains(&d.as_str()) && !NOT_IN_RECORDS.contains(&d.as_str()))
            .collect();
        assert!(
            unplaced.is_empty(),
            "add these to `word_enums!` if a record or the configuration holds them, else to NOT_IN_RECORDS: {unplaced:?}"
        );
        for name in NOT_IN_RECORDS.iter().chain(WORD_ENUMS) {
            assert!(declared.iter().any(|d| d == name), "{name} is no word enum");
        }
        assert_eq!(declared.len(), NOT_IN_RECORDS.len() + WORD_ENUMS.len());
    }
}
