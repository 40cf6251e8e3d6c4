//! Helm 4's document splitting: k8s.io/apimachinery's `YAMLReader` cuts a
//! file at lines that start with `---`.

/// One document of a multi-document file, as k8s.io/apimachinery's
/// `YAMLReader` cuts it.
pub(crate) struct Chunk {
    pub(crate) text: String,
    /// 0-based line of the chunk's first line in the file.
    pub(crate) first_line: u32,
}

/// Split like Helm 4's `LoadValues`: lines (without `\n` or `\r\n`), a line
/// starting with `---` ends a document and may only be followed by blanks or
/// a comment; empty documents are skipped. A final line without `\n` is
/// kept (Helm 4.1 drops it when the file size is a multiple of 4096, a bug
/// fixed in helm/helm#32525).
pub(crate) fn split_documents(text: &str) -> (Vec<Chunk>, Vec<(u32, String)>) {
    let mut chunks = Vec::new();
    let mut errors = Vec::new();
    let mut buf = String::new();
    let mut buf_start = 0u32;
    for (i, raw) in text.split_inclusive('\n').enumerate() {
        let i = i as u32;
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        let line = if raw.ends_with('\n') {
            line.strip_suffix('\r').unwrap_or(line)
        } else {
            line
        };
        if let Some(rest) = line.strip_prefix("---") {
            let trimmed = rest.trim();
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                errors.push((
                    i,
                    format!(
                        "error reading yaml document: invalid Yaml document separator: {trimmed}"
                    ),
                ));
            }
            if !buf.is_empty() {
                chunks.push(Chunk {
                    text: std::mem::take(&mut buf),
                    first_line: buf_start,
                });
            }
            buf_start = i + 1;
            continue;
        }
        if buf.is_empty() {
            buf_start = i;
        }
        buf.push_str(line);
        buf.push('\n');
    }
    if !buf.is_empty() {
        chunks.push(Chunk {
            text: buf,
            first_line: buf_start,
        });
    }
    (chunks, errors)
}
