//! What every fuzz target asks of an error result.

/// An error result names at least one error, and each says what is wrong.
pub fn assert_explained<'a>(messages: impl IntoIterator<Item = &'a str>) {
    let mut count = 0;
    for message in messages {
        assert!(!message.is_empty(), "error without a message");
        count += 1;
    }
    assert!(count > 0, "an error result names at least one error");
}
