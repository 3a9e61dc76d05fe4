//! A record's custom fields: the extra facts a team records on every incident (`product`,
//! `customer_tier`), named and typed in the team's configuration (`fields` in
//! `docs/config.md`). A record stores them as a map, `fields: {"product": "Payments"}`, each
//! value as its type writes it: a string (text, one of a list, a date `"2024-03-01"`), a number
//! or a list of strings. Whether a value fits its field is `check`'s question, not the parser's:
//! a record keeps loading when the team changes a field.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The custom fields of a record, by name.
pub type Fields = BTreeMap<String, FieldValue>;

/// One custom field's value.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldValue {
    /// A string: a text, one of a list, or a date.
    Text(String),
    Number(f64),
    List(Vec<String>),
}

impl FieldValue {
    /// The value as people read it: a list joined with commas, a whole number without a
    /// decimal point.
    pub fn text(&self) -> String {
        match self {
            FieldValue::Text(s) => s.clone(),
            FieldValue::Number(n) => number_text(*n),
            FieldValue::List(v) => v.join(", "),
        }
    }

    /// The single values it holds: one, or each of a list (for filters and groups).
    pub fn items(&self) -> Vec<String> {
        match self {
            FieldValue::List(v) => v.clone(),
            other => vec![other.text()],
        }
    }
}

/// A number as typed: `1200`, not `1200.0`.
fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

impl Serialize for FieldValue {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            FieldValue::Text(t) => s.serialize_str(t),
            // A whole number is written without a decimal point, as it was typed.
            FieldValue::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => {
                s.serialize_i64(*n as i64)
            }
            FieldValue::Number(n) => s.serialize_f64(*n),
            FieldValue::List(v) => v.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for FieldValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = FieldValue;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string, a number or a list of strings")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<FieldValue, E> {
                Ok(FieldValue::Text(v.to_string()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<FieldValue, E> {
                Ok(FieldValue::Text(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<FieldValue, E> {
                Ok(FieldValue::Number(v as f64))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<FieldValue, E> {
                Ok(FieldValue::Number(v as f64))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<FieldValue, E> {
                Ok(FieldValue::Number(v))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<FieldValue, A::Error> {
                let mut out = Vec::new();
                while let Some(s) = seq.next_element::<String>()? {
                    out.push(s);
                }
                Ok(FieldValue::List(out))
            }
        }
        d.deserialize_any(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_and_write_as_typed() {
        let f: Fields = ron::from_str(
            r#"{"product": "Payments", "customers": 1200, "regions": ["eu", "us"], "share": 0.5}"#,
        )
        .unwrap();
        assert_eq!(f["product"], FieldValue::Text("Payments".into()));
        assert_eq!(f["customers"].text(), "1200");
        assert_eq!(f["share"].text(), "0.5");
        assert_eq!(f["regions"].items(), ["eu", "us"]);
        assert_eq!(f["regions"].text(), "eu, us");
        assert_eq!(
            serde_json::to_string(&f).unwrap(),
            r#"{"customers":1200,"product":"Payments","regions":["eu","us"],"share":0.5}"#
        );
        assert!(ron::from_str::<Fields>(r#"{"x": (a: 1)}"#).is_err());
    }
}
