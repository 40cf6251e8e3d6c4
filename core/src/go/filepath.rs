//! Go's `path/filepath.Match`.

/// Go's `filepath.Match` on `/`-separated paths, as `--show-only` uses it
/// (`*`, `?`, `[a-z]`, `[^x]`, `\\`); a malformed pattern matches nothing.
pub fn glob_match(pattern: &str, path: &str) -> bool {
    glob_bytes(pattern.as_bytes(), path.as_bytes())
}

fn glob_bytes(pattern: &[u8], name: &[u8]) -> bool {
    match pattern.first() {
        None => name.is_empty(),
        Some(b'*') => {
            let rest = &pattern[1..];
            (0..=name.len())
                .take_while(|&i| i == 0 || name[i - 1] != b'/')
                .any(|i| glob_bytes(rest, &name[i..]))
        }
        Some(b'?') => !name.is_empty() && name[0] != b'/' && glob_bytes(&pattern[1..], &name[1..]),
        Some(b'[') => {
            let Some((&c, rest_name)) = name.split_first() else {
                return false;
            };
            if c == b'/' {
                return false;
            }
            let mut i = 1;
            let negated = pattern.get(i) == Some(&b'^');
            if negated {
                i += 1;
            }
            let mut matched = false;
            let mut first = true;
            loop {
                match pattern.get(i) {
                    None => return false,
                    Some(b']') if !first => break,
                    _ => {}
                }
                let lo = if pattern[i] == b'\\' {
                    i += 1;
                    match pattern.get(i) {
                        Some(&b) => b,
                        None => return false,
                    }
                } else {
                    pattern[i]
                };
                i += 1;
                let hi = if pattern.get(i) == Some(&b'-') && pattern.get(i + 1) != Some(&b']') {
                    i += 1;
                    let b = if pattern.get(i) == Some(&b'\\') {
                        i += 1;
                        pattern.get(i).copied()
                    } else {
                        pattern.get(i).copied()
                    };
                    i += 1;
                    match b {
                        Some(b) => b,
                        None => return false,
                    }
                } else {
                    lo
                };
                if lo <= c && c <= hi {
                    matched = true;
                }
                first = false;
            }
            matched != negated && glob_bytes(&pattern[i + 1..], rest_name)
        }
        Some(b'\\') if pattern.len() > 1 => {
            name.first() == Some(&pattern[1]) && glob_bytes(&pattern[2..], &name[1..])
        }
        Some(&p) => name.first() == Some(&p) && glob_bytes(&pattern[1..], &name[1..]),
    }
}
