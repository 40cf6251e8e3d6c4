//! How Helm's flag library (spf13/pflag) reads a `StringSlice` flag such as
//! `-f/--values`: each occurrence is one CSV record (Go's `encoding/csv` with its
//! defaults), so `-f a.yaml,b.yaml` names two files and `-f '"a,b.yaml"'` one.
//! `--set*` and `--show-only` are `StringArray` flags and are not split.

/// The values of one occurrence of a `StringSlice` flag, or pflag's message
/// (`invalid argument ... for "-f, --values" flag: parse error ...`).
pub fn string_slice(flag: &str, value: &str) -> Result<Vec<String>, String> {
    if value.is_empty() {
        return Ok(Vec::new());
    }
    read_csv_record(value).map_err(|e| {
        format!(
            "invalid argument {} for \"{flag}\" flag: {e}",
            go_quote(value)
        )
    })
}

use crate::go::strconv::go_quote;

const QUOTE: &str = "extraneous or missing \" in quoted-field";

/// The first record of `text` as Go's `csv.Reader.Read` returns it (comma `,`,
/// no lazy quotes, no trimming): blank lines are skipped, a quoted field may span
/// lines and doubles its quotes, a bare quote in an unquoted field is an error.
fn read_csv_record(text: &str) -> Result<Vec<String>, String> {
    let bytes = text.as_bytes();
    let mut pos = 0;
    let mut line_no = 1;
    // Skip lines that are only a line ending.
    loop {
        let rest = &bytes[pos..];
        if rest.is_empty() {
            return Err("EOF".into());
        }
        let blank = if rest.starts_with(b"\r\n") {
            2
        } else if rest.starts_with(b"\n") {
            1
        } else {
            0
        };
        if blank == 0 {
            break;
        }
        pos += blank;
        line_no += 1;
    }
    let line_start = |p: usize| {
        bytes[..p]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1)
    };
    let error = |line: usize, at: usize, what: &str| {
        let col = at - line_start(at) + 1;
        format!("parse error on line {line}, column {col}: {what}")
    };
    let at_end_of_line = |p: usize| {
        p >= bytes.len()
            || bytes[p] == b'\n'
            || (bytes[p] == b'\r' && bytes.get(p + 1) == Some(&b'\n'))
    };
    let mut fields = Vec::new();
    loop {
        if pos < bytes.len() && bytes[pos] == b'"' {
            // A quoted field.
            let mut field = Vec::new();
            pos += 1;
            loop {
                match bytes[pos..].iter().position(|&b| b == b'"') {
                    Some(i) => {
                        let chunk = &bytes[pos..pos + i];
                        line_no += chunk.iter().filter(|&&b| b == b'\n').count();
                        field.extend_from_slice(chunk);
                        pos += i + 1;
                        if bytes.get(pos) == Some(&b'"') {
                            field.push(b'"');
                            pos += 1;
                        } else if bytes.get(pos) == Some(&b',') {
                            pos += 1;
                            fields.push(String::from_utf8_lossy(&field).into_owned());
                            break;
                        } else if at_end_of_line(pos) {
                            fields.push(String::from_utf8_lossy(&field).into_owned());
                            return Ok(fields);
                        } else {
                            // Go points at the closing quote.
                            return Err(error(line_no, pos - 1, QUOTE));
                        }
                    }
                    None => {
                        line_no += bytes[pos..].iter().filter(|&&b| b == b'\n').count();
                        return Err(error(line_no, bytes.len(), QUOTE));
                    }
                }
            }
        } else {
            // An unquoted field, up to a comma or the end of the line.
            let end = bytes[pos..]
                .iter()
                .position(|&b| b == b',' || b == b'\n')
                .map_or(bytes.len(), |i| pos + i);
            let mut field = &bytes[pos..end];
            if bytes.get(end) == Some(&b'\n') && field.ends_with(b"\r") {
                field = &field[..field.len() - 1];
            }
            if let Some(j) = field.iter().position(|&b| b == b'"') {
                return Err(error(line_no, pos + j, "bare \" in non-quoted-field"));
            }
            fields.push(String::from_utf8_lossy(field).into_owned());
            if bytes.get(end) == Some(&b',') {
                pos = end + 1;
            } else {
                return Ok(fields);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(v: &str) -> Vec<String> {
        string_slice("-f, --values", v).unwrap()
    }

    /// Expectations from Helm 3.17.3, 4.1.4 and 4.3.1 (`helm template -f ...`).
    #[test]
    fn reads_values_flags_as_helm_does() {
        assert_eq!(ok("a.yaml,b.yaml"), ["a.yaml", "b.yaml"]);
        assert_eq!(ok("a.yaml"), ["a.yaml"]);
        assert!(ok("").is_empty());
        assert_eq!(ok(" a.yaml"), [" a.yaml"]);
        assert_eq!(ok("\"a,b.yaml\",c"), ["a,b.yaml", "c"]);
        assert_eq!(ok("\"a\"\"b\""), ["a\"b"]);
        assert_eq!(ok("a,"), ["a", ""]);
        assert_eq!(ok("a\nb"), ["a"]);
        assert_eq!(ok("\n/tmp/a.yaml"), ["/tmp/a.yaml"]);
        // Go's csv errors, as pflag wraps them (`%q` of the argument).
        let missing = "extraneous or missing \" in quoted-field";
        for (arg, at, problem) in [
            ("\"a\"b", 3, missing),
            ("x,\"a", 5, missing),
            ("\"/tmp/a.yaml", 13, missing),
            ("a\"b", 2, "bare \" in non-quoted-field"),
        ] {
            assert_eq!(
                string_slice("-f, --values", arg).unwrap_err(),
                format!(
                    "invalid argument {arg:?} for \"-f, --values\" flag: parse error on line 1, column {at}: {problem}"
                )
            );
        }
    }
}
