//! "Did you mean …" for a mistyped id or name: the known values closest to what was typed.

/// A hint naming the known values nearest to `given` (by edit distance, ignoring case), or
/// `None` when none is near enough to be a likely typo. All values at the smallest distance
/// are named: `A9` is as near to `A1` as to `A2`.
pub fn did_you_mean(given: &str, known: &[String]) -> Option<String> {
    let names: Vec<String> = incident::model::text::nearest(given, known)
        .into_iter()
        .map(|k| format!("`{k}`"))
        .collect();
    let list = match names.as_slice() {
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
        [] => return None,
    };
    Some(format!("did you mean {list}?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn nearest_known_values_are_suggested() {
        let actions = known(&["A1", "A2", "A3"]);
        assert_eq!(
            did_you_mean("A9", &actions).as_deref(),
            Some("did you mean `A1`, `A2` or `A3`?")
        );
        assert_eq!(
            did_you_mean("a2", &actions).as_deref(),
            Some("did you mean `A2`?")
        );
        assert_eq!(did_you_mean("B77", &actions), None);
        let names = known(&["Payments API", "Checkout", "OKX"]);
        assert_eq!(
            did_you_mean("payment api", &names).as_deref(),
            Some("did you mean `Payments API`?")
        );
        assert_eq!(did_you_mean("Search", &names), None);
    }
}
